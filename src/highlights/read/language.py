"""Is this English? The splitter, the models and the verifier know only English.

Other languages used to come out as one long "sentence" and one bullet of 64 words. Two cheap signs
decide, with no model: the script (most letters outside the Latin alphabets: Arabic, Chinese,
Cyrillic, ...) and, for Latin-script text, how many words are English function words ("the", "of",
"and" make up a third of English prose and almost nothing of French or German) against those of six
other common languages. Too little text to tell, or Latin-script text in none of those languages
(a list of products, a table of names), is let through.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..errors import LanguageError

MIN_LETTERS = 40  # fewer letters than this: too little to tell
SAMPLE_CHARS = 3_000  # the language of a story shows in its first paragraphs; a 5 MB input costs no more
MIN_WORDS = 20  # fewer words than this: too few to tell
MIN_ENGLISH_SHARE = 0.15  # English news prose: 0.35-0.45 (a golf field's list of names: 0.09); French: 0.01
MIN_OTHER_SHARE = 0.05  # and another language's frequent words at least this share, twice English's
ENGLISH = frozenset(
    "the of and to a in is that for it on with as was he she by at from his her be are have has had not but "
    "this they which or an were been their will would said we you i its who there can more all one if after "
    "about than also into up out when what so no new over our them could just some other him my your do".split()
)
# A few frequent words that name the language in the message (never used to accept text).
OTHERS = {
    "French": frozenset("le la les des est une dans pour qui que sur pas avec sont du au aux".split()),
    "German": frozenset("der die das und ist nicht mit den von zu ein eine auf dem sich des".split()),
    "Spanish": frozenset("el la los las que del por con una para es se lo como más pero".split()),
    "Italian": frozenset("il che di della per non una sono gli con del nel alla anche".split()),
    "Portuguese": frozenset("o que do da não uma para os no em dos se mais foi".split()),
    "Dutch": frozenset("de het een van en niet met zijn voor op dat die ook bij".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")


def language_problem(text: str) -> str | None:
    """What the text looks like when it is not English ("Arabic script", "French"), else None.

    >>> [language_problem(t) for t in ("Rain fell on Monday and the roads of the city were closed.",
    ...                                "القوات السورية تسيطر على حي الشيخ سعيد في حلب بعد معارك عنيفة مع المعارضة المسلحة")]
    [None, 'Arabic script']
    """
    text = text[:SAMPLE_CHARS]
    if not text.isascii():  # ASCII is Latin script: the common case costs no letter-by-letter look
        letters = _LETTER.findall(text)
        if len(letters) < MIN_LETTERS:
            return None
        others = _NON_LATIN.findall(text)
        if len(others) > len(letters) / 2:
            script = Counter(_script(c) for c in others).most_common(1)[0][0]
            return f"{script.title()} script" if script != "CJK" else "Chinese or Japanese script"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    english = sum(w in ENGLISH for w in words) / len(words)
    if english >= MIN_ENGLISH_SHARE:
        return None
    # little English prose is not yet another language: lists, tables and names have few function words
    share = {name: sum(w in OTHERS[name] for w in words) / len(words) for name in OTHERS}
    best = max(share, key=lambda name: share[name])
    return best if share[best] >= MIN_OTHER_SHARE and share[best] > 2 * english else None


def require_english(text: str, *, source: str | None = None) -> None:
    """Raise ``LanguageError`` unless ``text`` is English (or too short to tell)."""
    problem = language_problem(text)
    if problem is not None:
        raise LanguageError(f"looks like {problem}, not English; Highlights summarizes English text only",
                            source=source)


def _script(ch: str) -> str:
    if ord(ch) < 0x250:
        return "LATIN"
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return "OTHER"
    first = name.split()[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first
