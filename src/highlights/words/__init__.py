"""The vocabulary: every tokenizer and every word list the pipeline uses, in one place.

Two tokenizers, because two kinds of work need them:

* ``tokens`` — lowercase ``[a-z0-9]+`` words with PTB bracket tokens dropped, the same for cased
  prose and for the PTB-tokenized lowercase benchmark text. The selector's features, the n-gram
  salience, the compressor's context and the centrality baseline all count these.
* ``word_count`` — words as a reader counts them, for reporting a highlight's length.
* ``spans`` — cased words and whole numbers ("10,000", "9.2") with their character offsets, for the
  verifier, which must point at the exact characters it doubts.

The word lists are data files beside this module (``stop.txt``, ``negation.txt``, ``attribution.txt``,
``hedge.txt``, ...), one lowercase entry a line, ``#`` for comments; a map (``load_map``: the
``figures_*`` lists of hedges, events and source words) has ``entry = value`` lines. Trained models depend on them, so
every model manifest records ``fingerprint`` of the lists its features read, and the model loader
(``highlights.models``) refuses a model whose lists have changed since it was trained.
"""
from __future__ import annotations

import functools
import hashlib
import re
from importlib import resources

LISTS = ("stop", "negation", "attribution", "hedge", "contrast", "weekdays", "relative_days", "months",
         "first_person", "quantity", "nonsubsective", "finite", "finite_after", "connectives",
         # the vocabulary of figures and their sources (``highlights.figures``)
         "figures_counted_nouns", "figures_anyone", "figures_outlets", "figures_source_nouns", "figures_reporting",
         "figures_between", "figures_not_anchors", "figures_titles", "figures_pronouns")
MAPS = ("figures_hedges", "figures_events", "figures_counts", "figures_same_words")


def _lines(name: str) -> list[str]:
    raw = resources.files(__package__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return [w for line in raw.splitlines() if (w := line.split("#", 1)[0].strip())]


def load_list(name: str) -> frozenset[str]:
    """The entries of the word list ``name`` (its ``.txt`` file beside this module)."""
    if name not in LISTS:
        raise ValueError(f"unknown word list {name!r}; choose one of {', '.join(LISTS)}")
    return frozenset(_lines(name))


def load_map(name: str) -> dict[str, str]:
    """The ``entry = value`` pairs of the map ``name`` (its ``.txt`` file beside this module), in file order.

    >>> load_map("figures_hedges")["at least"]
    'at least'
    """
    if name not in MAPS:
        raise ValueError(f"unknown word map {name!r}; choose one of {', '.join(MAPS)}")
    out = {}
    for line in _lines(name):
        key, _, value = line.partition(" = ")
        out[key.strip()] = value.strip()
    return out


def fingerprint(*names: str) -> dict[str, str]:
    """The sha256 of each named list's sorted entries (comments and order do not count).

    >>> len(fingerprint("negation")["negation"])
    64
    """
    return {name: hashlib.sha256("\n".join(sorted(load_list(name))).encode("utf-8")).hexdigest()
            for name in sorted(names)}


STOP = load_list("stop")
NEGATION = load_list("negation")
ATTRIBUTION = load_list("attribution")
HEDGE = load_list("hedge")
CONTRAST = load_list("contrast")
WEEKDAYS = load_list("weekdays")
RELATIVE_DAYS = load_list("relative_days")
MONTHS = load_list("months")
FIRST_PERSON = load_list("first_person")
QUANTITY = load_list("quantity")
NONSUBSECTIVE = load_list("nonsubsective")  # "former", "alleged": dropping one changes what the noun is

# ----------------------------------------------------------------------------------- tokenizers

_BRACKETS = re.compile(r"-[lr][rsc]b-")  # PTB's -lrb- / -rrb- / -lsb- ...
_TOKEN = re.compile(r"[a-z0-9]+")
_READER_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")  # "Lobo's" is one word to a reader
_SPAN = re.compile(r"[A-Za-z]+|\d+(?:,\d{3})*(?:\.\d+)?")
# one character for one, so offsets into a normalised text are offsets into the original
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                              "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def tokens(text: str) -> list[str]:
    """Lowercase word tokens, the same for cased prose and PTB-tokenized text.

    >>> tokens("Lobo's car -- \\"burnt\\" (U.S.)"), tokens("lobo 's car -- `` burnt '' -lrb- u.s. -rrb-")
    (['lobo', 's', 'car', 'burnt', 'u', 's'], ['lobo', 's', 'car', 'burnt', 'u', 's'])
    """
    return _TOKEN.findall(_BRACKETS.sub(" ", text.lower()))


def spans(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each run of letters and each number, cased, with offsets.

    >>> spans("About 4,000 fled")
    [('About', 0, 5), ('4,000', 6, 11), ('fled', 12, 16)]
    """
    return [(m.group(), m.start(), m.end()) for m in _SPAN.finditer(text)]


def words(text: str) -> list[str]:
    """``spans``' words, lowercase, thousands separators dropped ("10,000" -> "10000")."""
    return [m.group().lower().replace(",", "") for m in _SPAN.finditer(text)]


def word_count(text: str) -> int:
    """Words as a reader counts them ("Lobo's" is one): the length of a highlight in reports.

    >>> word_count("Lobo's car didn't start.")
    4
    """
    return len(_READER_WORD.findall(text.lower()))


def normalize(text: str) -> str:
    """Curly quotes, dashes and no-break spaces as ASCII, one character for one.

    >>> normalize("It\u2019s \u201cfine\u201d \u2013 ok")
    'It\\'s "fine" - ok'
    """
    return text.translate(_SAME_LENGTH)


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude suffix stripper, applied alike to article and highlight words.

    >>> [stem(w) for w in ("stopped", "flooding", "cities", "rallies", "homes", "1,000")]
    ['stop', 'flood', 'cit', 'rall', 'hom', '100']
    """
    w = word.lower().replace(",", "")
    for suffix in ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "s", "ly"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiousl":
        w = w[:-1]  # stopped -> stopp -> stop
    return w


__all__ = ["LISTS", "MAPS", "load_list", "load_map", "fingerprint", "STOP", "NEGATION", "ATTRIBUTION", "HEDGE", "CONTRAST",
           "WEEKDAYS", "RELATIVE_DAYS", "MONTHS", "FIRST_PERSON", "QUANTITY", "NONSUBSECTIVE",
           "tokens", "spans", "words", "word_count", "normalize", "stem"]
