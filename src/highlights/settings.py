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

    method: str = "ranker"
    count: int = 3
    max_bytes: int = 5_000_000
    text_field: str = "article"
    reference_field: str = "highlights"
    seed: int = 0
    compress: bool = True
    compress_threshold: float = 0.45
    verify: bool = True

    def __post_init__(self):
        if not MIN_COUNT <= self.count <= MAX_COUNT:
            raise SettingsError(f"count must be between {MIN_COUNT} and {MAX_COUNT}, got {self.count}")
        if not 0.0 < self.compress_threshold <= 1.0:
            raise SettingsError(f"compress_threshold must be in (0, 1], got {self.compress_threshold}")
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes must be positive, got {self.max_bytes}")

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ=None) -> "Settings":
        env = os.environ if environ is None else environ
        kw = {}
        for name, conv in (("method", str), ("count", int), ("max_bytes", int), ("text_field", str),
                           ("reference_field", str), ("seed", int), ("compress", _flag),
                           ("compress_threshold", float), ("verify", _flag)):
            raw = env.get(f"HIGHLIGHTS_{name.upper()}")
            if raw is None:
                continue
            try:
                kw[name] = conv(raw)
            except ValueError:
                kind = "flag (1/0, true/false)" if conv is _flag else conv.__name__
                raise SettingsError(f"HIGHLIGHTS_{name.upper()}={raw!r} is not a valid {kind}") from None
        return cls(**kw)


def _flag(raw: str) -> bool:
    """An on/off environment value: 1/0, true/false, yes/no, on/off."""
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)
