"""One settings object, passed to constructors and never mutated afterwards."""
from __future__ import annotations

import os
from dataclasses import dataclass, replace

from .errors import SettingsError

MIN_COUNT, MAX_COUNT = 1, 10


@dataclass(frozen=True)
class Settings:
    """Defaults for the library, the CLI and the service.

    ``from_env`` reads ``HIGHLIGHTS_*`` variables so deployments need no code.
    """

    method: str = "lead"
    count: int = 3
    max_bytes: int = 5_000_000
    text_field: str = "article"
    reference_field: str = "highlights"
    seed: int = 0

    def __post_init__(self):
        if not MIN_COUNT <= self.count <= MAX_COUNT:
            raise SettingsError(f"count must be between {MIN_COUNT} and {MAX_COUNT}, got {self.count}")
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes must be positive, got {self.max_bytes}")

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        kw = {}
        for name, conv in (("method", str), ("count", int), ("max_bytes", int),
                           ("text_field", str), ("reference_field", str), ("seed", int)):
            raw = env.get(f"HIGHLIGHTS_{name.upper()}")
            if raw is None:
                continue
            try:
                kw[name] = conv(raw)
            except ValueError:
                raise SettingsError(f"HIGHLIGHTS_{name.upper()}={raw!r} is not a valid {conv.__name__}") from None
        return cls(**kw)
