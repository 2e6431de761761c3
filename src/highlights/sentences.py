"""Split an article into sentences with character offsets into ``Article.text``.

News text comes in two forms and the splitter handles both:

* cased prose ("(CNN)Syria's ... Sen. Smith said at 5 p.m. Monday. He left."), where a period
  ends a sentence unless it belongs to an abbreviation, an initial or a dotted acronym;
* the PTB-tokenized lowercase form of the CNN/DailyMail evaluation data
  ("( cnn ) syria 's ... , '' he said . he left ."), where a period, question or exclamation
  mark that stands alone as a token ends a sentence and capitalisation carries no signal.

Boilerplate before the story — datelines such as "(CNN)" or "LONDON, England (CNN) --", Daily
Mail bylines ("By . Name . PUBLISHED: . ... | . UPDATED: . ..."), a page's "Last updated at ... GMT"
stamp — is left out of every sentence: sentence 0 starts at the first word of the story itself. So
is a dateline or a photo credit that opens a later line, and a dateline inside a line parts it.
Sentences never cross a line break, so headings and photo captions stay on their own.
"""
from __future__ import annotations

import functools
import re

from .document import Sentence

# A "(CNN)"-style source tag, optionally preceded by a place name and followed by a dash.
_TAG = (r"(?:\(|-lrb-)\s*(?:cnn|cnn\s*money|ew(?:\.com)?|ap|reuters|afp|mental\s*floss|cnet|time\.com|money|wired)"
        r"\s*(?:\)|-rrb-)")
# The place may carry a date with an abbreviated month ("NEW YORK, Sept. 24 (Reuters) -"); Reuters dashes once.
_DATELINE = re.compile(
    rf"^\s*(?P<tag>(?:(?:[^\n().]|\.(?=\s*\d)){{0,60}}?\s*)?{_TAG})\s*(?:--|—|–|-(?=\s))?\s*", re.IGNORECASE
)
# A place in capitals and a day: "NEW YORK, Sept. 24", "OXFORD, Miss., Sept. 26", "TOULON, France, Sept. 25"
_PLACE_DATE = r"[A-Z]{2}[A-Z .'-]{0,28}(?:,\s*[A-Z][A-Za-z.]{1,12}){0,2}?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
# "PARIS, France --", "WASHINGTON --" or "NEW YORK, Sept. 24 --" at the very start of the story.
_PLACE_DASH = re.compile(
    r"^\s*(?P<tag>(?:[A-Za-z][A-Za-z .'-]{1,30},\s*[A-Za-z][A-Za-z .'-]{1,30}|[A-Z][A-Z .'-]{2,30}"
    rf"|{_PLACE_DATE}))\s+(?:--|—)\s+"
)
# A news page's furniture before the story's sentence, at the start of a line or inside it, after the
# headline and the site's own highlights: a time stamp ("24 June 2010 Last updated at 14:59 GMT Help",
# "Page last updated at 08:58 GMT, Thursday, 24 June 2010 09:58 UK", the Guardian's "Tuesday 28 April 2009
# 17.37 BST") and a CNN byline ("By the CNN Wire Staff", "By Tarek Osman, Special to CNN").
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_ZONE = r"(?:GMT|BST|UTC|ET|EST|EDT)"
_DAY = r"\d{1,2}\s+[A-Z][a-z]+\s+\d{4}"
_TIME = r"\d{1,2}[:.]\d{2}"
_STAMP_TEXT = (rf"(?:{_DAY}\s+)?(?:Page\s+)?[Ll]ast\s+updated(?:\s+at|:)\s+[^\n]{{0,40}}?{_TIME}(?:\s*{_ZONE}\b)?"
               rf"(?:,?\s+(?:{_WEEKDAY},?\s+)?{_DAY})?(?:\s+{_TIME}\s+UK\b)?(?:\s+Help\b)?"
               rf"|{_WEEKDAY}\s+{_DAY}\s+{_TIME}\s+{_ZONE}\b")
_CNN_BYLINE = (r"(?:By|From)\s+(?:the\s+CNN\s+Wire\s+[Ss]taff|[A-Z][\w.'-]+(?:\s+(?:and\s+)?[A-Z][\w.'-]+)+,\s+"
               r"(?:Special\s+to\s+CNN|CNN(?=\s+[A-Z])))")
# A photo's credit before the sentence after it: "Photograph: Dario Lopez-Mills/AP", "Photograph: PA",
# "Kim Badawi/Getty Images for CNN", "(Pall Stefansson/Getty Images)", "(By Linda Davidson -- The Washington Post)",
# "(Pool Photo By Chip Somodevilla)"; and an update note, "(Update 8:53 p.m. Cairo, 1:53 p.m. ET)".
_AGENCY = (r"(?:AP|AFP|Reuters|EPA|PA|Rex|Bloomberg(?:\s+News)?|Getty\s+[Ii]mages|Corbis|Associated\s+Press"
           r"|The\s+Washington\s+Post)")
_PAREN_CREDIT = (rf"\((?:By\s+)?[^()\n]{{0,60}}?(?:/|-{{1,2}}\s+){_AGENCY}[^()\n]{{0,20}}\)"
                 r"|\([^()\n]{0,30}\bPhoto\s+[Bb]y\s[^()\n]{1,40}\)")
_CREDIT_TEXT = (rf"(?:Photograph|Photo|Picture|Image)s?\s*:\s*(?:[^\n/]{{1,60}}(?:/[A-Z][\w.&-]*(?:\s+[Ii]mages)?)+|{_AGENCY})"
                rf"|[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){{0,3}}(?:/{_AGENCY})+"
                rf"|{_PAREN_CREDIT}|\(Updated?\b[^()\n]{{0,60}}\)")
_STAMP = re.compile(rf"^\s*(?P<tag>{_STAMP_TEXT}|{_CNN_BYLINE})\s*")
_CREDIT = re.compile(rf"^\s*(?P<tag>(?:{_CREDIT_TEXT})(?:\s+for\s+[A-Z]\w+)?)\s+(?=\S)")
# Inside a line, a dateline, a stamp, a byline or a credit in brackets parts it: what comes before is a
# sentence of its own (a headline, a caption, a site's highlights run together); the furniture is left out.
_INNER = re.compile(rf"(?<=\S)\s+(?:(?:(?i:{_TAG})\s*(?:--|—|–|-)|{_PLACE_DATE}\s+(?:--|—)|{_STAMP_TEXT}|{_CNN_BYLINE}"
                    rf"|{_PAREN_CREDIT})\s+)+")
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
    "insp maj brig cpl pvt atty dept univ mt ft no nos vol vs messrs mme mlle sen.-elect sens reps".split()
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
# A sentence run into the next without its full stop, where a page lost a line break: "Mexico to re-test swine
# flu cases The widow of ...", "... for more opportunities He says ...", "Flu Outbreak Threatens Global Economic
# Recovery The outbreak ...": a sentence's opening word, capitalized, after a word that can end a sentence ("the",
# "of" cannot). Only in cased text.
_RESTART = re.compile(r"\s(?=(?:The|He|She|They|It|We|This|These|Those|There)\s[a-z])")
# ... after three lowercase letters, or two and a closing quote (checked in ``_restarts``: a lookbehind here
# would be tried at every space of the text)
_RESTART_AFTER = re.compile(r"(?:[a-z]{2}['’\"”]|[a-z]{3})$")
NOT_LAST = frozenset("the a an of in on at to for by with from into onto as than and or but nor that which who whom whose "
                     "his her its their our my your this these those called named like such".split())
# A headline run into the story's first sentence (``_headline_end``): its words, and the share of them that
# the sentence after it says again
HEADLINE_WORDS = 20
LEDE_WORDS = 15  # a lede says its headline again at once
# words a headline cannot end on (beyond ``NOT_LAST``): conjunctions and prepositions that want what follows
NOT_HEADLINE_END = frozenset("if when while because whether where although though unless since until after before "
                             "about under over through between against during without within among upon".split())
RESTATED = 0.6
_WORD = re.compile(r"\S+")
_EDGES = "\"'“”‘’(),.;:!?"
_TOKEN_END = re.compile(r"(?<!\S)[.!?](?:\s+(?:''|'|\"|-rrb-|\)|-rsb-|\]))*(?=\s|$)")


@functools.lru_cache(maxsize=4)  # each stage asks again of the same article's text (4: a few articles held)
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
        for pattern in (_BYLINE, _DATELINE, _PLACE_DASH, _STATION, _STAMP, _CREDIT):
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
        # the benchmark's tokenized text has no page furniture inside a line: its splits stay as they were
        for a, b in [(start, end)] if tokenized else _pieces(text, start, end):
            cuts = _token_cuts(text, a, b) if tokenized else _cased_cuts(text, a, b)
            prev = a
            for cut in cuts + [b]:
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


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a line that furniture inside it parts (``_INNER``), without the furniture."""
    out = []
    for m in _INNER.finditer(text, start, end):
        out.append((start, m.start()))
        start = m.end()
    return out + [(start, end)]


def _line_dateline(line: str) -> int:
    """How many characters of a line's start are a dateline with a source tag or a dash, a stamp, a byline
    or a photo's credit; one may follow another ("(By X -- Associated Press) SHANGHAI -- ...")."""
    pos = 0
    for _ in range(3):
        for pattern in (_DATELINE, _STATION, _PLACE_DASH, _STAMP, _CREDIT):
            m = pattern.match(line[pos:])
            if m and m.group("tag").strip():
                pos += m.end()
                break
        else:
            break
    return pos


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
    cuts += [m.end() for m in _RESTART.finditer(text, start, end) if _restarts(text, m)]
    headline = _headline_end(text, start, end)
    if headline is not None:
        cuts.append(headline)
    return sorted(set(cuts))


def _headline_end(text: str, start: int, end: int) -> int | None:
    """Where a page's headline, run into the story's first sentence without a stop, ends: before a capitalized
    word after which the sentence says again what the words before it said ("Boy raises thousands for Haiti
    A seven-year-old boy is raising at least £35,000 for victims of the Haiti earthquake"): where most of the
    words before (their first four letters: "raises", "raising") come again within ``LEDE_WORDS``, the most of
    them, the earlier place on a tie. The lede must open with "The", "A" or "An", or name the headline's
    first word within its first three ("Police raid Jackson doctor's home Drug police are searching"); never
    inside a run of capitalized words, unless "The", "A" or "An" opens the lede, and never after a word that
    wants what follows ("under", "if"). A lede restates its headline; a sentence seldom restates its own first
    words, so "nicknamed The Great Dying" is not parted. Only in a line's first ``HEADLINE_WORDS`` words; on
    the T17 stream it parts 36 lines, none in the cased CNN/DailyMail articles."""
    found = list(_WORD.finditer(text, start, min(end, start + 600)))
    best, most = None, 0
    for i in range(3, min(HEADLINE_WORDS, len(found) - 5)):
        word, before = found[i].group(), found[i - 1].group()
        if not word[0].isupper() or not before[-1].isalnum() or before.lower() in NOT_LAST:
            continue
        if (before[0].isupper() and word not in ("The", "A", "An")) or (word.isupper() and len(word) > 1) \
                or before.lower() in NOT_HEADLINE_END:
            continue  # inside a name ("Davos World Economic Forum"), capitals ("CPR", a transcript's "GIRL")
        heads = [w.lower()[:4] for w in (m.group().strip(_EDGES) for m in found[:i]) if w.isalpha() and len(w) > 3]
        opening = [m.group().strip(_EDGES).lower()[:4] for m in found[i:i + 3]]
        if word not in ("The", "A", "An") and (not heads or heads[0] not in opening):
            continue  # a lede opens with an article or with its headline's subject ("Police raid ... Drug police")
        said = set(heads)
        again = {w.lower()[:4] for w in (m.group().strip(_EDGES) for m in found[i:i + LEDE_WORDS])}
        restated = len(said & again)
        if len(said) >= 3 and restated >= RESTATED * len(said) and restated > most:  # the earlier on a tie
            best, most = found[i].start(), restated
    return best


def _restarts(text: str, m: re.Match[str]) -> bool:
    """Whether the opener after ``m`` begins a sentence run into the one before (``_RESTART``)."""
    if not _RESTART_AFTER.search(text, max(0, m.start() - 3), m.start()):
        return False
    before = re.search(r"(\S+)$", text[max(0, m.start() - 40):m.start()])
    last = before.group(1).strip("'’\"”") if before is not None else ""
    if not re.fullmatch(r"[A-Za-z][A-Za-z'’-]*", last) or last.lower() in NOT_LAST:
        return False
    # after a capitalized word only "The" opens a sentence: "You Can't Take It with You" is a title
    return last.islower() or text.startswith("The", m.end())


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
    if any(q in text[mark:after] for q in "\"”") and first.isupper() and not opener.startswith(("(", "[")):
        return True  # a quote closes after the stop ('... Henry M. Paulson Jr." Neil Irwin writes'): no title does
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
