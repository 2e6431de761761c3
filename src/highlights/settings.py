"""Every tunable of Highlights, in one place: the ``Settings`` a ``Pipeline`` is built from, and the
constants that trained models are built around.

``Settings`` is passed to constructors and never mutated afterwards. The module constants below are
read by the runtime stages and by ``highlights.training`` alike, so training and running cannot drift
apart; changing one of them means retraining (``make train``).
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any, Self, get_args, get_type_hints

from .errors import SettingsError

MIN_COUNT, MAX_COUNT = 1, 10  # highlights a caller may ask for
SELECT_WINDOW = 50  # the selector reads (and the compressor's context covers) the first 50 sentences
LEAD_SENTENCES = 3  # "the lead": the first sentences, a feature of the selector, salience and compressor
WRITERS = ("extract", "llm")  # who writes the bullets (``highlights.rewrite``)
ARTICLES_LISTED = 100  # a story's articles listed at once, by the API and `highlights story` (a page of them)
COMPRESS_RATE = 0.9  # share of a highlight's tokens the compressor keeps (BENCHMARKS.md § Compression)
# The one range of dates Highlights reads or computes (``document.checked_date``; no model depends on it): a date
# outside it is missing, with a note. Exports write 0001-01-01 and 9999-12-31 for "no date", at the very ends of
# Python's dates, where resolving "yesterday", a weekday or a month against them (and a timeline's year of look-back)
# falls off the calendar. Every archive read here lies well inside (CNN/DailyMail 2007-2015, the pages 2011-2023,
# the timelines 2008-2011), and so do the years a text's dates are read with (19xx, 20xx: ``figures.dates``).
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


@dataclass(frozen=True)
class Settings:
    """How a ``Pipeline`` works, for the library, the CLI and the service alike.

    ``from_env`` reads ``HIGHLIGHTS_*`` variables, one a field (``HIGHLIGHTS_METHOD``, ``HIGHLIGHTS_COUNT``,
    ...), so deployments need no code; ``with_(**changes)`` gives a changed copy. The service's settings
    (``highlights.service.ServiceSettings``) extend these, so each setting is defined and read here once.
    """

    method: str = "ranker"  # the summarizer (``highlights methods`` lists them)
    count: int = 3  # highlights per article, at most (MIN_COUNT..MAX_COUNT)
    max_bytes: int = 5_000_000  # inputs larger than this are refused
    text_field: str = "article"  # JSON Lines: the field with the story
    reference_field: str = "highlights"  # JSON Lines: the field with reference highlights
    seed: int = 0  # every random step (bootstrap, permutation tests) takes it
    compress: bool = True
    compress_rate: float = COMPRESS_RATE
    verify: bool = True
    judge: bool = False  # the learned judge reads each bullet too (``verify.judge``; needs highlights[judge])
    standalone: bool = True  # bullets only from sentences that can stand alone (``select.standalone``)
    figures: bool = True  # find the article's figures that disagree (``highlights.figures``; ``Summary.conflicts``)
    max_sentences: int | None = None  # longer articles are refused (TooLongError); None: no limit
    writer: str = "extract"  # "extract", or "llm": headline rewrites by a language model, guarded (``rewrite``)
    llm_model: str | None = None  # a GGUF file or a packaged model's name; with llm_url, the server's model name
    llm_url: str | None = None  # an OpenAI-compatible endpoint to ask instead of running the model here
    llm_threads: int | None = None  # CPU threads of the model run here (None: the cores, at most 8)
    llm_timeout: float = 60.0  # seconds to wait for the endpoint's answer to one bullet

    def __post_init__(self) -> None:
        if not MIN_COUNT <= self.count <= MAX_COUNT:
            raise SettingsError(f"count must be between {MIN_COUNT} and {MAX_COUNT}, got {self.count}")
        if not 0.0 < self.compress_rate <= 1.0:
            raise SettingsError(f"compress_rate must be in (0, 1], got {self.compress_rate}")
        if self.max_bytes <= 0:
            raise SettingsError(f"max_bytes must be positive, got {self.max_bytes}")
        if self.max_sentences is not None and self.max_sentences <= 0:
            raise SettingsError(f"max_sentences must be positive, got {self.max_sentences}")
        if self.writer not in WRITERS:
            raise SettingsError(f"writer must be one of {', '.join(WRITERS)}, got {self.writer!r}")
        if self.llm_threads is not None and self.llm_threads <= 0:
            raise SettingsError(f"llm_threads must be positive, got {self.llm_threads}")
        if self.llm_timeout <= 0:
            raise SettingsError(f"llm_timeout must be positive, got {self.llm_timeout}")

    def with_(self, **changes: Any) -> Self:
        """A copy with ``changes``: settings are never mutated."""
        return replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **changes: Any) -> Self:
        """The settings of the ``HIGHLIGHTS_*`` variables in ``environ`` (default: the process's), with ``changes``
        on top (a command line's options, which win over the environment)."""
        return cls(**{**cls.read_env(environ), **changes})

    @classmethod
    def read_env(cls, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The fields the environment sets: ``HIGHLIGHTS_<FIELD>`` for each field of ``cls``, as the field's type.

        The one reader of the environment: a subclass (the service's ``ServiceSettings``) gets its own fields read
        by the same rules. An empty value of a setting that may be unset (``HIGHLIGHTS_API_KEY=``) leaves it unset.
        """
        env = os.environ if environ is None else environ
        hints = get_type_hints(cls)
        values: dict[str, Any] = {}
        for setting in fields(cls):
            var = f"HIGHLIGHTS_{setting.name.upper()}"
            raw = env.get(var)
            if raw is None:
                continue
            kind, optional = _kind(hints[setting.name])
            if optional and kind is str and raw == "":
                continue
            try:
                values[setting.name] = _flag(raw) if kind is bool else kind(raw)
            except ValueError:
                described = "flag (1/0, true/false)" if kind is bool else kind.__name__
                raise SettingsError(f"{var}={raw!r} is not a valid {described}") from None
        return values


def _kind(hint: Any) -> tuple[type, bool]:
    """A field's type without ``| None``, and whether it had one (``int | None`` → ``(int, True)``)."""
    kinds = [arg for arg in get_args(hint) if arg is not type(None)] or [hint]
    if len(kinds) != 1 or kinds[0] not in (str, int, float, bool):
        raise TypeError(f"a setting of type {hint} cannot be read from the environment; use str, int, float or bool")
    return kinds[0], kinds[0] is not hint


def _flag(raw: str) -> bool:
    """An on/off environment value: 1/0, true/false, yes/no, on/off."""
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)
