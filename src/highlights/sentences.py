"""Split an article into sentences with character offsets into ``Article.text``.

News text comes in two forms and the splitter handles both:

* cased prose ("(CNN)Syria's ... Sen. Smith said at 5 p.m. Monday. He left."), where a period
  ends a sentence unless it belongs to an abbreviation, an initial or a dotted acronym;
* the PTB-tokenized lowercase form of the CNN/DailyMail evaluation data
  ("( cnn ) syria 's ... , '' he said . he left ."), where a period, question or exclamation
  mark that stands alone as a token ends a sentence and capitalisation carries no signal.

Boilerplate before the story — datelines such as "(CNN)" or "LONDON, England (CNN) --" and
Daily Mail bylines ("By . Name . PUBLISHED: . ... | . UPDATED: . ...") — is left out of
every sentence: sentence 0 starts at the first word of the story itself. Sentences never
cross a line break, so headings and photo captions stay on their own.
"""
from __future__ import annotations

import re

from .document import Sentence

# A "(CNN)"-style source tag, optionally preceded by a place name and followed by a dash.
_TAG = r"(?:\(|-lrb-)\s*(?:cnn|cnn\s*money|ew(?:\.com)?|ap|reuters|afp|mental\s*floss|cnet|time\.com|money)\s*(?:\)|-rrb-)"
_DATELINE = re.compile(
    rf"^\s*(?P<tag>(?:[^\n().]{{0,60}}?\s*)?{_TAG})\s*(?:--|—|–)?\s*", re.IGNORECASE
)
# "PARIS, France --" or "WASHINGTON --" at the very start of the story.
_PLACE_DASH = re.compile(
    r"^\s*(?P<tag>(?:[A-Za-z][A-Za-z .'-]{1,30},\s*[A-Za-z][A-Za-z .'-]{1,30}|[A-Z][A-Z .'-]{2,30}))\s+(?:--|—)\s+"
)
# A local station's or agency's dateline on a web page: "AUSTIN (KXAN) —", "NAPA COUNTY, Calif. (KGO) --".
_STATION = re.compile(
    r"^\s*(?P<tag>[A-Z][A-Za-z .,'-]{1,60}?\s*\([A-Z][A-Za-z0-9&.' -]{1,20}\))\s*(?:--|—|–)\s*"
)
# Daily Mail byline: "By . Name . [and . Name .] PUBLISHED: . time, date . | . UPDATED: . time, date ."
_DM_DATE = r"[^|\n]{0,60}?\d{4}\s*\.?\s*"
_BYLINE = re.compile(
    r"^\s*(?P<tag>by\s*\.\s*[^.\n]{1,80}?\s*\.\s*"
    r"(?:(?:and|&)\s*\.?\s*[^.\n]{1,60}?\s*\.\s*)*"
    r"(?:(?:published|updated)\s*:\s*\.?\s*" + _DM_DATE + r"(?:\|\s*\.?\s*)?"
    r"|last\s+updated\s+at\s+" + _DM_DATE + r")*)",
    re.IGNORECASE,
)

TITLES = frozenset(
    "mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm prof st jr sr rev hon pres supt det "
    "insp maj brig cpl pvt atty dept univ mt ft no nos vol vs messrs mme mlle sen.-elect".split()
)
MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
COMPANY = frozenset("inc corp co ltd llc plc bros".split())
# Words that start a new sentence after an ambiguous period ("... the U.S. The next day").
STARTERS = frozenset(
    "the a an he she it they we i you his her its their our this that these those there then "
    "but and so yet or if when while after before as in on at for from by with without during "
    "since until one two three some many most all no not what who why how where which "
    "police officials authorities according however meanwhile now still also".split()
)

# A sentence end, with any closing quotes and a footnote marker ("restored.*", "Line.2", "said.[3]").
_CASED_END = re.compile(r"[.!?…]+(?:[\"'”’)\]]+)?(?:\*+|[†‡]|\[\d{1,3}\]|(?<=[^\W\d_][.!?])\d{1,2}(?=\s+[A-Z\"“]))?(?=\s|$)")
_FOOTNOTE = re.compile(r"(?<=[.!?\"'”’)])(?:\*+|[†‡]|\[\d{1,3}\]|(?<=[^\W\d_][.!?])\d{1,2})$")
# A list item's number at the start of a line ("1. Preheat the oven") is not a sentence.
_LIST_NUMBER = re.compile(r"\s*\d{1,2}[.)]\s")
# A heading glued to the paragraph after it when a page lost its line break: "Eye in the skyThe drone".
_GLUED_HEADING = re.compile(r"(?<=[a-z]{3})(?=(?:The|A|An|He|She|It|They|We|In|On|At|But|This|When|After)\s)")
_TOKEN_END = re.compile(r"(?<!\S)[.!?](?:\s+(?:''|'|\"|-rrb-|\)|-rsb-|\]))*(?=\s|$)")


def is_tokenized(text: str) -> bool:
    """True for PTB-tokenized text, where punctuation stands apart as tokens ("word , word .").

    Commas and full stops glued to a word mark prose; abbreviations ("u.s.") appear in both
    forms, so they are not counted.
    """
    # Commas are the surest sign: prose never writes " , " and tokenized text never "word,".
    spaced_commas = len(re.findall(r"\s,(?=\s)", text))
    glued_commas = len(re.findall(r"\w,(?=\s)", text))
    if spaced_commas != glued_commas:
        return spaced_commas > glued_commas
    return len(_SPACED.findall(text)) > len(_GLUED.findall(text))


_SPACED = re.compile(r"(?:^|(?<=\s))(?:[,.?!;:]|'s|n't|``|''|-lrb-|-rrb-)(?=\s|$)")
_GLUED = re.compile(r"[^\W\d_][,;:?!](?=\s|$)|[a-z]{3,}\.(?=\s+[A-Z\"“]|\s*$)")


def dateline(text: str) -> tuple[str | None, int]:
    """The boilerplate that opens a story (dateline or byline), and where the story proper starts."""
    pos, tags = 0, []
    for _ in range(3):  # a byline can precede a dateline, each appears at most once
        for pattern in (_BYLINE, _DATELINE, _PLACE_DASH, _STATION):
            m = pattern.match(text, pos)
            if m and m.group("tag").strip() and m.end() > pos:
                tags.append(m.group("tag").strip())
                pos = m.end()
                break
        else:
            break
    return (" ".join(tags) if tags else None), pos


def split(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text``, in order, as offsets; boilerplate at the start is skipped."""
    _, body = dateline(text)
    tokenized = is_tokenized(text[body:])
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text[body:]):
        start = body + line.start()
        end = body + line.end()
        if start > body:  # a dateline may open any paragraph of a page, after a subtitle or a caption
            start += _line_dateline(text[start:end])
        cuts = _token_cuts(text, start, end) if tokenized else _cased_cuts(text, start, end)
        prev = start
        for cut in cuts + [end]:
            spans.append((prev, cut))
            prev = cut
    out: list[Sentence] = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        marker = _FOOTNOTE.search(text, a, b)
        if marker and not tokenized:
            b = marker.start()  # a footnote marker is no part of the sentence's text
        if a < b and any(ch.isalnum() for ch in text[a:b]):
            out.append(Sentence(len(out), a, b))
    return tuple(out)


def _line_dateline(line: str) -> int:
    """How many characters of a line's start are a dateline with a source tag or a dash."""
    for pattern in (_DATELINE, _STATION, _PLACE_DASH):
        m = pattern.match(line)
        if m and m.group("tag").strip():
            return m.end()
    return 0


def _token_cuts(text: str, start: int, end: int) -> list[int]:
    return [m.end() for m in _TOKEN_END.finditer(text, start, end) if m.end() < end]


def _cased_cuts(text: str, start: int, end: int) -> list[int]:
    cuts = []
    number = _LIST_NUMBER.match(text, start, end)
    for m in _CASED_END.finditer(text, start, end):
        if m.end() >= end or (number and m.end() <= number.end()):
            continue
        if _ends_sentence(text, m.start(), m.end(), end):
            cuts.append(m.end())
    cuts += [m.start() for m in _GLUED_HEADING.finditer(text, start, end)]
    return sorted(cuts)


def _ends_sentence(text: str, mark: int, after: int, end: int) -> bool:
    nxt = re.match(r"\s+([\"'“‘(\[]*)(\S*)", text[after:end])
    if not nxt:
        return True
    opener, following = nxt.group(1), nxt.group(2)
    first = following[:1]
    starts_upper = bool(opener) or first.isupper() or first.isdigit()
    if text[mark] in "!?…" or text[mark:after].startswith(".."):
        # a name that repeats itself with its punctuation ("Choir! Choir! Choir!") is one name
        repeated = not opener and _bare(following) != "" and _bare(following) == _bare(_word_before(text, mark))
        return starts_upper and not repeated
    found = re.search(r"(\S+)$", text[start_of_word(text, mark):mark])
    word = found.group(1) if found else ""
    bare = word.lstrip("\"'“‘([").lower()
    if not starts_upper:
        return False
    if bare in TITLES or (len(bare) == 1 and bare.isalpha()):
        return False  # "Sen. Smith", "John F. Kennedy"
    if bare in MONTHS or bare in COMPANY:
        return not first.isdigit() and following.lower().strip("\"'“‘,") in STARTERS
    if "." in bare:  # dotted acronym: "U.S.", "p.m.", "D.C."
        return following.lower().strip("\"'“‘,") in STARTERS
    return True


def _word_before(text: str, mark: int) -> str:
    return text[start_of_word(text, mark):mark]


def _bare(word: str) -> str:
    return word.strip("\"'“”‘’()[]!?.,…").lower()


def start_of_word(text: str, pos: int) -> int:
    i = pos
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i
