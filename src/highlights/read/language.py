"""Is this English? The splitter, the models and the verifier know only English.

Other languages used to come out as one long "sentence" and one bullet of 64 words. Cheap signs
decide, with no model, read on the story's body (its lines of prose, not the menus, bylines and share
buttons of a page, which are English on many sites in other languages):

- the script: most letters outside the Latin alphabets (Arabic, Chinese, Cyrillic, ...);
- for Latin-script text, how many words are English function words ("the", "of", "and" make up a
  third of English prose and almost nothing of French or German), against those of a few other
  common languages, which name the language in the message;
- and, for a language outside that list (Turkish, Swahili, ...), its running words: almost none of
  them is an English function word, or the words it repeats most (in prose of any language, its own
  function words) are not English ones.

Too little text to tell, a list or a table (many figures; names, which cased text capitalises), or a
text of few different words is let through.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..errors import LanguageError

MIN_LETTERS = 40  # fewer letters than this: too little to tell
SAMPLE_CHARS = 3_000  # the language of a story shows in its first paragraphs; a 5 MB input costs no more
LOOK_CHARS = 30_000  # how far into the text its paragraphs of prose are looked for
PROSE_WORDS = 10  # a line of fewer words is a menu item, a heading or a byline, not the story's prose
MIN_WORDS = 20  # fewer words than this: too few to tell
MIN_ENGLISH_SHARE = 0.15  # English news prose: 0.35-0.45 (a golf field's list of names: 0.09); French: 0.01
MIN_OTHER_SHARE = 0.05  # and another language's frequent words at least this share, twice English's
TOP_WORDS = 10  # the text's most frequent words, read for a language outside ``OTHERS``
MIN_REPEATED = 5  # fewer words than this that occur twice or more: too few repeats to tell (a list of names)
MAX_ENGLISH_TOP = 0.1  # English prose: 0.3-0.9 of its top words are English function words (a list of credits 0.2)
# English prose: 0.15-0.5 of its running words are function words (lists of names in lowercase: 0.1-0.13);
# languages outside ``OTHERS`` meet English only in a few short words (Polish "a", "do"; Tagalog "at"): under 0.06
MAX_RUNNING_SHARE = 0.06
MAX_FIGURE_SHARE = 0.08  # more figures than this among the words: a list or a table, not prose
ENGLISH = frozenset(
    "the of and to a in is that for it on with as was he she by at from his her be are have has had not but "
    "this they which or an were been their will would said we you i its who there can more all one if after "
    "about than also into up out when what so no new over our them could just some other him my your do".split()
)
# In cased text English writes "I": a lowercase "i" is another language's word (Polish, Swedish, Italian)
CASED_ENGLISH = ENGLISH - {"i"}
# A few frequent words that name the language in the message (never used to accept text).
OTHERS = {
    "French": frozenset("le la les des est une dans pour qui que sur pas avec sont du au aux".split()),
    "German": frozenset("der die das und ist nicht mit den von zu ein eine auf dem sich des".split()),
    "Spanish": frozenset("el la los las que del por con una para es se lo como más pero".split()),
    "Italian": frozenset("il che di della per non una sono gli con del nel alla anche".split()),
    "Portuguese": frozenset("o que do da não uma para os no em dos se mais foi".split()),
    "Dutch": frozenset("de het een van en niet met zijn voor op dat die ook bij".split()),
    "Indonesian or Malay": frozenset("yang dan di dengan untuk tidak ini itu dari dalam akan pada juga ke".split()),
}
_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_NON_LATIN = re.compile(r"[^\W\d_\u0000-\u024f]")
_FIGURE = re.compile(r"\W?\d")  # a token that is a figure: "12", "£125", "(4-3-3)"


def language_problem(text: str) -> str | None:
    """What the text looks like when it is not English ("Arabic script", "French", "a language other
    than English"), else None.

    >>> [language_problem(t) for t in ("Rain fell on Monday and the roads of the city were closed.",
    ...                                "القوات السورية تسيطر على حي الشيخ سعيد في حلب بعد معارك عنيفة مع المعارضة المسلحة")]
    [None, 'Arabic script']
    """
    text = body(text)
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
    if share[best] >= MIN_OTHER_SHARE and share[best] > 2 * english:
        return best
    return "a language other than English" if unnamed_language(text) else None


def body(text: str) -> str:
    """The sample the language is read on: the first ``SAMPLE_CHARS`` of the text's lines of prose
    (``PROSE_WORDS`` words or more), or the text's start when it has too few of them (a short story, a
    list). A page in another language often wraps its story in English menus and buttons; they are
    short lines and do not count.

    >>> body("Home | News | Sport\\nShare on Facebook\\n" + "Hujan deras turun di kota itu sejak pagi hari " * 3)[:24]
    'Hujan deras turun di kot'
    """
    prose: list[str] = []
    size = 0
    for line in text[:LOOK_CHARS].splitlines():
        if len(_WORD.findall(line)) >= PROSE_WORDS:
            prose.append(line)
            size += len(line) + 1
            if size >= SAMPLE_CHARS:
                break
    sample = "\n".join(prose)
    return sample[:SAMPLE_CHARS] if len(_WORD.findall(sample)) >= MIN_WORDS else text[:SAMPLE_CHARS]


def unnamed_language(text: str) -> bool:
    """Whether Latin-script ``text`` with few English function words is prose in a language outside
    ``OTHERS`` (Indonesian, Turkish, Swahili, ...), rather than a list or a table in English.

    Read on the running words only (in cased text, the lowercase ones: names and the capitalised labels
    of a table say nothing about the language), it is another language when almost none of them is an
    English function word (``MAX_RUNNING_SHARE``), or when the words it repeats most are not English
    ones (``foreign_top_words``): in prose of any language those are its function words. A text with
    many figures is a list or a table (prices, results, specifications) and is let through.
    """
    tokens = text.split()
    if sum(bool(_FIGURE.match(t)) for t in tokens) > MAX_FIGURE_SHARE * len(tokens):
        return False
    found = _WORD.findall(text)
    english = ENGLISH
    if any(w[0].isupper() for w in found):
        found = [w for w in found if w.islower()]
        english = CASED_ENGLISH
    running = [w.lower() for w in found]
    if len(set(running)) < MIN_WORDS:
        return False  # too few different words to tell: a short list, or one word over and over
    share = sum(w in english for w in running) / len(running)
    return share < MAX_RUNNING_SHARE or foreign_top_words(running, english)


def foreign_top_words(running: list[str], english: frozenset[str] = ENGLISH) -> bool:
    """Whether at most ``MAX_ENGLISH_TOP`` of the ``TOP_WORDS`` most frequent of the ``running`` words
    are ``english`` function words ("yang", "dan", "di" top Indonesian prose; "the", "of", "and" English).
    Needs ``MIN_REPEATED`` words that occur twice or more to tell."""
    top = [w for w, n in Counter(running).most_common(TOP_WORDS) if n >= 2]
    if len(top) < MIN_REPEATED:
        return False
    return sum(w in english for w in top) <= MAX_ENGLISH_TOP * len(top)


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
