"""Which sentences can stand alone as a bullet: the rules an editor applies before choosing.

A bullet is a complete sentence of the story's main text that a reader understands without the
article around it. Real pages bring much that is not: headings and captions ("Eye in the sky",
"Photo: AP"), "Read more" lines, promos, sign-up and reprint notices, list items and rows of tables
("Arsenal 12 8 2 2 25 10 26"), the page's own headline again, fragments ("New research investigates."),
and sentences that lean on the one before ("It calls on ...", "But the court disagreed.").

Two passes, so that the summarizer chooses among good sentences and the cost stays small:

- ``screen`` applies the cheap rules to every sentence (text patterns only) before selection;
- ``faults`` judges the summarizer's picks: one without a finite verb (on a parse, made only when
  the text holds none of the frequent finite verbs), opening with "He"/"She" when ``referent``
  finds no single person the sentences before it name (when it finds one, the compressor writes the
  name in the pronoun's place), opening with a connective ("But", "However", ...), or opening with
  "His"/"Their"/... when the sentence itself does not name the owner (``names_owner``; nothing writes
  a name in a possessive's place).

Every rule of "can this sentence stand alone" lives here. The pipeline replaces a faulty pick by
choosing again without it (``Pipeline.select``); the compressor asks ``referent`` whom a "He" names;
the same definitions judge bullets in ``highlights eval pages``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from .. import nlp
from ..document import Article, Highlight, Sentence
from ..sentences import is_tokenized
from ..words import MONTHS, WEEKDAYS, load_list

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MIN_WORDS = 6  # shorter "sentences" on real pages are labels, teasers and fragments, not news
OPENERS = frozenset("it its they them their this that these those he she his her him we our".split())
POSSESSIVES = frozenset("its their his her our".split())
SUBJECT_PRONOUNS = frozenset({"he", "she"})
# "But ...", "However, ...", "In addition ...": openers that lean on the sentence before (``words/connectives.txt``)
CONNECTIVES = load_list("connectives")
CONNECTIVE_WORDS = max(len(c.split()) for c in CONNECTIVES)
# Openings that begin like a connective but carry their own sense: "So far, 12 people have died",
# "Instead of paying the fine, he fled", "In addition to the fine, the firm must repay customers".
NOT_CONNECTIVES = ("so far", "instead of", "in addition to")
# "This week", "that year": a demonstrative that points at time, not at an earlier sentence
TIME_NOUNS = frozenset(
    "week weekend weeks year years month months morning afternoon evening night summer winter spring fall autumn "
    "season time decade century day days past coming monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december".split()
)
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# Forms that are finite verbs in most of their uses ("is", "said", "fled"; ``words/finite.txt``, written by
# ``python -m highlights.training.finite`` from spaCy's tags of news text): a sentence with one needs no parse.
FINITE_WORDS = load_list("finite") | frozenset("is are was were has have had will would could should might must "
                                               "does did said says told tells".split())
# Forms that are finite after a word of one kind ("pron killed", "word killed" is not: "people killed in ..."), by
# the same tagger (``words/finite_after.txt``): a sentence that none of the frequent forms settles may hold one.
FINITE_AFTER = frozenset(tuple(line.split()) for line in load_list("finite_after"))
# The kinds of word before a verb form that tell a finite one from a participle or a noun: a pronoun makes a
# subject ("they killed"), an auxiliary a participle ("were killed"), a determiner a noun ("the attacks").
_BEFORE = {**dict.fromkeys("be am is are was were been being have has had having do does did get gets got getting"
                           .split(), "aux"),
           **dict.fromkeys("a an the this these those his her its their our my your some any no every each another"
                           .split(), "det"),
           **dict.fromkeys("by of in on at for with from into about after before than as under over through during "
                           "without against between".split(), "prep"),
           **dict.fromkeys("i you he she it we they who which that there".split(), "pron"), "to": "to"}
# Words (an apostrophe's contraction or possessive kept inside: "he's", "couldn't", "Korea's"), numbers, punctuation
_VERB_TOKENS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*|[^\w\s]")

# Why a sentence cannot be a bullet, as the notes name the reasons (plural forms for counts).
REASONS = {
    "heading": "headings or captions",
    "list item": "list items",
    "boilerplate": "page furniture (read more, credits, sign-ups)",
    "glued": "a page's own highlights run together",
    "short": f"fragments under {MIN_WORDS} words",
    "fragment": "pieces of a longer sentence",
    "truncated": "teasers cut off with …",
    "title": "repeats of the title",
    "table": "rows of tables or statistics",
    "opener": "sentences that lean on an earlier one (It, This, But, However ...)",
    "no verb": "fragments without a verb",
}

_END = re.compile(r"[.!?…](?:\s*[\"'”’»)\]])*$|[\"'”’»]$")
_LIST_ITEM = re.compile(r"^(?:[-–—•·*▪►✓]\s+|\d{1,2}[.)](?:\s+|(?=[A-Z])))")
# A teaser cut off mid-sentence ("... or… …", "Read the rest...")
_TRUNCATED = re.compile(r"(?:…|\.\.\.)\s*[\"'”’]?$")
# A piece of a longer sentence that a bad split left: it opens with a lowercase function word
_CONTINUATION = re.compile(r"^(?:a|an|the|and|or|but|of|to|in|on|at|for|with|by|from|as|if|that|which|who|when|"
                           r"while|because|than|so)\s")
_FURNITURE = re.compile(
    r"^[\"'“‘]?(?:"
    r"(?:read|see|watch|listen|view)\s+(?:more|also|next|the\s+full|now)\b|related\b[^.]{0,40}[:|]"
    r"|(?:photo|image|picture|video|graphic|illustration)s?(?:\s+(?:credit|courtesy|source))?\s*[:|©]"
    r"|(?:credit|source|caption|copyright)s?\s*[:|©]|(?:advertisement|sponsored\s+content|promoted)\b|©"
    r"|(?:click|tap)\s+(?:here|the\s+link)|(?:sign\s+up|subscribe|register)\b|follow\s+(?:us|@)"
    r"|share\s+(?:this|on)\b|check\s+out\b|don'?t\s+miss\b|also\s+read\b|more\s+(?:on|from)\b[^.]{0,40}:"
    r"|(?:posted|published|updated|last\s+updated)\s*(?:on|at|by)?\s*:"
    # reprint and subscription offers: "To order presentation-ready copies of ...", "Get the paper delivered ..."
    r"|to\s+(?:order|purchase|buy|request)\b[^.]{0,120}?\b(?:copies|reprints?|permissions?|licens\w*|subscriptions?)\b"
    r"|get\b[^.]{0,80}?\bdelivered\b|(?:become|join)\s+(?:a|our)\s+(?:subscriber|member|supporter|patron)s?\b"
    r"|editor\s?'?s'?\s+note\b"
    r")",
    re.IGNORECASE,
)
_FURNITURE_ANYWHERE = re.compile(
    r"\b(?:click\s+here|all\s+rights\s+reserved|sign\s+up\s+(?:for|to)\s+(?:our|the)|subscribe\s+to\s+(?:our|the)"
    r"|our\s+newsletter|(?:this|our)\s+(?:site|website)\s+uses\s+cookies|getty\s+images|\bAP\s+Photo\b"
    # delivery, subscription and reprint notices, wherever they stand in the line
    r"|(?:delivered|sent)\s+(?:\w+\s+){0,2}(?:to|through|into|in)\s+your\s+(?:inbox|letterbox|letter\s+box|mailbox|door|doorstep)"
    r"|unsubscribe|already\s+a\s+(?:subscriber|member)|presentation-ready\s+copies"
    r"|reprinted\s+(?:by|with)\s+(?:kind\s+)?permission|support\s+(?:our|independent|local|quality)\s+journalism"
    r"|download\s+(?:the|our)\s+(?:[\w-]+\s+){0,3}(?:apps?|podcasts?)\b"
    # an editor's note, a photo's credit, a transcript's header ("... Aired January 29, 2011 - 10:00 ET THIS IS A
    # RUSH TRANSCRIPT."), a comment's stamp ("January 27, 2011 at 7:59 pm | Report abuse |")
    r"|editor'?s'?\s+note\s*:|photograph\s*:|\baired\s+[a-z]+\s+\d{1,2},\s+\d{4}\b|rush\s+transcript"
    r"|report\s+abuse|\b\d{1,2}:\d{2}\s*[ap]\.?m\.?\s*\||\bposted\s+by\b[^.]{0,60}?\d{1,2}:\d{2}\s*[ap]\.?m\b"
    r"|\b\d{1,2}:\d{2}\s+uk\s+time\b|link\s+to\s+(?:this\s+)?(?:audio|video)|leave\s+(?:your|a)\s+comments?\b)",
    re.IGNORECASE,
)
# Words one of which every line that ``_FURNITURE_ANYWHERE`` matches holds (lowercase; "|" for a comment's stamp):
# a substring test for each is much cheaper than the pattern, which most sentences then never meet.
_ANYWHERE_HINTS = ("click", "reserved", "sign", "subscribe", "newsletter", "cookies", "getty", "photo", "your",
                   "already", "presentation", "reprinted", "journalism", "download", "note", "aired",
                   "transcript", "abuse", "posted", "time", "link", "comment", "|")
# A site's own highlights run into one "sentence": CNN's "Story highlights", live pages' "NEW:" items, the
# "*" and "•" of agencies' lists (a PTB tokenizer turns a "¢" used so into "cents"). Run together without
# such marks, they are parted by the splitter where one sentence runs into the next (``sentences``).
_GLUED_HINTS = ("highlights", "new", "*", "•", "cents")  # one of which (lowercase) every ``_GLUED`` match holds
_GLUED = re.compile(r"(?i:story\s+highlights)|\bNEW\s*:|(?<=\S)\s+[*•]\s+(?=[A-Z])"
                    r"|(?:^|(?<=[^\W\d]))\s*\bcents\s+(?=[A-Z])")
_WORD = re.compile(r"[^\W_][\w'’.-]*")
# A figure in a table's row: "12", "25-10", "3:45", "4.5%", "$1,200"; brackets and commas around it do not count
_FIGURE = re.compile(r"[-+±−]?[$£€]?\d[\d.,:/–-]*%?")
_DIGITS = re.compile(r"\d+")
_TABLE_PUNCT = "()[]{},;:|*"
MIN_FIGURES = 4  # fewer figures than this is a sentence with numbers in it, not a row


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def flaw(text: str, title: str | None = None, previous: str | None = None, *, tokenized: bool = False
         ) -> str | None:
    """The cheap reason ``text`` cannot be a bullet (a ``REASONS`` key), or None. ``previous`` is the
    sentence before it; ``tokenized``: the text is the benchmark's lowercase form.

    >>> [flaw(t) for t in ("Eye in the sky", "Read more: Germany's colonial crimes.", "- 2 tablespoons oil",
    ...                    "It calls on the Office for Students to act.", "This week the council voted to close it.",
    ...                    "Choir!", "Rebels fled the city after a week of shelling.", "But the court threw the case out.",
    ...                    "Arsenal 12 8 2 2 25 10 26")]
    ['heading', 'boilerplate', 'list item', 'opener', None, 'short', None, 'opener', 'table']
    """
    stripped = text.strip()
    tail = stripped[-8:]  # the end-anchored patterns look only here (a search would try every position)
    if _LIST_ITEM.match(stripped):
        return "list item"
    if _FURNITURE.match(stripped) or (_hinted(stripped.lower(), _ANYWHERE_HINTS) and _FURNITURE_ANYWHERE.search(stripped)):
        return "boilerplate"
    if glued(stripped):
        return "glued"
    if table_row(stripped):
        return "table"
    if not _END.search(tail) or _title_case(stripped):
        return "heading"
    if _TRUNCATED.search(tail):
        return "truncated"
    if _CONTINUATION.match(stripped) and not tokenized:
        return "fragment"
    # the words of the opening only (what the rules below read), unless the sentence may be short
    found = words(stripped if len(stripped.split()) < 2 * MIN_WORDS else stripped[:200])
    if len(found) < MIN_WORDS:
        return "short"
    if title and _same(stripped, title):
        return "title"
    if opens_with_pronoun(found) or opens_with_connective(found) or (previous is not None and takes_up(found, previous)):
        return "opener"
    return None


def glued(text: str) -> bool:
    """Whether ``text`` is a site's own highlights run together into one "sentence": it names them
    ("Story highlights") or holds a list's marks ("NEW:"; "*" after its first words, or a PTB tokenizer's
    "cents" for a bullet sign).

    >>> glued("Join the protests NEW: Solidarity demonstrations are held in cities large and small.")
    True
    >>> glued("The taco costs 89 cents More or less, she said."), glued("Rebels fled the city after a week of shelling.")
    (False, False)
    """
    return _hinted(text.lower(), _GLUED_HINTS) and bool(_GLUED.search(text))


def _hinted(lower: str, hints: Sequence[str]) -> bool:
    """Whether lowercase ``lower`` holds one of ``hints``: the cheap test before a pattern that needs one."""
    return any(h in lower for h in hints)


def table_row(text: str) -> bool:
    """Whether ``text`` is a row of a table or a run of statistics ("Arsenal 12 8 2 2 25 10 26"): at
    least ``MIN_FIGURES`` figures and no more words than figures. A news sentence full of numbers
    ("The Dow fell 1.2% to 33,120 and the Nasdaq lost 0.8% ...") still has more words than figures.

    >>> table_row("Arsenal 12 8 2 2 25 10 26"), table_row("The Dow fell 1.2% to 33,120 and the Nasdaq lost 0.8% to 13,000.")
    (True, False)
    """
    if len(_DIGITS.findall(text)) < MIN_FIGURES:
        return False  # each figure holds a run of digits of its own
    figures = others = 0
    for token in text.split():
        token = token.strip(_TABLE_PUNCT)
        if _FIGURE.fullmatch(token.rstrip(".")):
            figures += 1
        elif any(c.isalpha() for c in token):
            others += 1
    return figures >= MIN_FIGURES and figures >= others


def takes_up(found: Sequence[str], previous: str) -> bool:
    """Whether words ``found`` open with a bare "The <noun>" subject that takes up a noun the sentence
    before named ("... the neighborhood of al-Sheikh Saeed ... . The neighborhood was taken ..."):
    alone, the bullet does not say which neighborhood.

    >>> takes_up("The neighborhood was taken from rebel forces".split(), "They captured the neighborhood of Saeed.")
    True
    >>> takes_up("The army was sent in on Monday".split(), "Rebels held the neighborhood.")
    False
    """
    if len(found) < 3 or found[0].lower() != "the" or not found[1].isalpha() or not found[1].islower():
        return False
    verb = found[2].lower()
    if verb not in FINITE_WORDS and not verb.endswith("ed"):
        return False
    noun = found[1].lower()
    before = words(previous)
    for i, w in enumerate(before):
        if w.lower() not in (noun, noun + "s", noun.removesuffix("s")):
            continue
        # the sentence before gave it a name that the bare mention drops: "the neighborhood of
        # al-Sheikh Saeed", "Aleppo's neighborhood", "the singer Whitney Houston"
        after = before[i + 1:i + 3]
        if (len(after) == 2 and after[0] == "of" and _named(after[1])) or (after and _named(after[0])) or \
                (i > 1 and _named(before[i - 1])):
            return True
    return False


def _named(word: str) -> bool:
    return word[:1].isupper() or "-" in word and any(part[:1].isupper() for part in word.split("-"))


def _title_case(text: str) -> bool:
    """A heading that ends like a sentence: "How Do You Care For And Grow Bougainvillea Plants?"."""
    if not text.rstrip("\"'”’ ").endswith("?"):
        return False
    long = [w for w in words(text) if len(w) > 3 and w[0].isalpha()]
    return len(long) >= 4 and sum(w[0].isupper() for w in long) >= 0.8 * len(long)


def first_word(found: Sequence[str]) -> str:
    """The first word, lowercased, without a contraction ("That's" -> "that", "She'll" -> "she")."""
    return re.split(r"['’]", found[0])[0].lower() if found else ""


def opens_with_connective(found: Sequence[str]) -> bool:
    """Whether words ``found`` open with a connective that leans on the sentence before ("But ...",
    "However, ...", "In addition, ..."; ``words/connectives.txt``), whatever its case.

    >>> [opens_with_connective(words(t)) for t in ("However, the plan stalled.", "So far, 12 people have died.",
    ...                                            "Butter prices rose.", "So-called experts disagreed.")]
    [True, False, False, False]
    """
    return connective_words(found) > 0


def connective_words(found: Sequence[str]) -> int:
    """How many of words ``found`` make their opening connective (0: none): "However" 1, "In addition" 2."""
    opening = [w.lower() for w in found[:CONNECTIVE_WORDS + 1]]
    if any(opening[:len(p.split())] == p.split() for p in NOT_CONNECTIVES):
        return 0
    return max((k for k in range(1, min(CONNECTIVE_WORDS, len(opening)) + 1) if " ".join(opening[:k]) in CONNECTIVES),
               default=0)


QUOTES = "\"'“‘«"
_AFTER_CONNECTIVE = re.compile(r"[\s,;:\u2013\u2014-]*")


def connective_end(text: str) -> int:
    """Where ``text`` goes on after its opening connective and the punctuation after it (0: it opens
    with none): an editor drops "But" and "However," and keeps the sentence.

    >>> text = "However, the plan stalled."
    >>> text[connective_end(text):], connective_end("The plan stalled.")
    ('the plan stalled.', 0)
    """
    n = connective_words(words(text))
    if text[:1] in QUOTES:
        return 0  # "“But we will rebuild,” she said": a quote is not cut
    pos = 0
    for _ in range(n):
        found = _WORD.search(text, pos)
        if found is None:
            return 0
        pos = found.end()
    if not n:
        return 0
    end = _AFTER_CONNECTIVE.match(text, pos)
    return end.end() if end is not None else pos


def trim(article: Article, h: Highlight) -> Highlight:
    """A whole-sentence pick without its opening connective ("But the court threw it out." -> "The court
    threw it out."), its span starting after it; other picks as they are."""
    if len(h.evidence) != 1 or h.spans and len(h.spans) > 1:
        return h
    ev = h.evidence[0]
    sentence = article.text[ev.start:ev.end]
    cut = connective_end(sentence)
    if cut == 0 or cut >= len(sentence):
        return h
    text = sentence[cut:]
    if sentence[:1].isupper():
        text = text[:1].upper() + text[1:]
    return replace(h, text=text, spans=((ev.start + cut, ev.end),))


def opens_with_pronoun(found: Sequence[str], *, resolvable: bool = False) -> bool:
    """Whether words ``found`` open with a pronoun or demonstrative whose referent lies outside them.

    A demonstrative of time ("This week ...") is standalone; so is "He"/"She" when ``resolvable``.
    A possessive with a capitalized word after it ("His rise brought Bloomberg ...") may name its owner
    in the sentence: only a parse can tell (``names_owner``), so it passes here. A month or a weekday
    ("His sentencing is set for March 3.") names no owner.
    """
    if not found:
        return False
    first = first_word(found)
    if first not in OPENERS or (resolvable and first in SUBJECT_PRONOUNS):
        return False
    rest = found[1:]
    if first in POSSESSIVES and any(w[:1].isupper() and w.lower() not in _NOT_OWNERS for w in rest):
        return False
    if first in ("this", "that", "these", "those") and rest and rest[0].lower() in TIME_NOUNS:
        return False
    return True


_NOT_OWNERS = MONTHS | WEEKDAYS | {"i"}
# a name in one of these roles (subject, object) of the main verb names the owner of an opening possessive
ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr"})


def names_owner(doc: Doc, keep: Callable[[int], bool] = lambda i: True) -> bool:
    """Whether a parsed sentence that opens with a possessive names its owner itself: a proper noun that is
    the subject or an object of the main verb, or of a clause the main verb governs ("His rise has brought
    Bloomberg a spot on stage", "Her death made Amy Winehouse a legend", "Its profits rose, Apple said").
    A name inside a phrase of its own ("... in Boston", "before Judge Amy Berman Jackson"), beside the
    possessed noun ("His lawyer, John Smith, ...") or in a side clause ("after Qatar mediated talks") is
    someone else: the owner is in the sentences before, and nothing writes the name in its place.
    ``keep`` selects the tokens a shortened bullet keeps (the compressor's question)."""
    for t in doc:
        if not keep(t.i) or t.tag_ not in ("NNP", "NNPS") or t.dep_ not in ARGUMENTS:
            continue
        head = t.head
        if head.dep_ == "ROOT" or (head.dep_ in ("ccomp", "xcomp") and head.head.dep_ == "ROOT"):
            return True
    return False


def dangling(found: Sequence[str], doc: Doc | None = None, *, resolvable: bool = False,
             keep: Callable[[int], bool] = lambda i: True) -> bool:
    """Whether a bullet's words ``found`` lean on sentences it does not carry: it opens with a pronoun
    (``opens_with_pronoun``), a connective (``opens_with_connective``), or, on its parse ``doc`` (of which
    ``keep`` selects the bullet's tokens), a possessive whose owner it does not name (``names_owner``)."""
    if opens_with_pronoun(found, resolvable=resolvable) or opens_with_connective(found):
        return True
    return doc is not None and first_word(found) in POSSESSIVES and not names_owner(doc, keep)


def _same(sentence: str, title: str) -> bool:
    a, b = _squash(sentence), _squash(title)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 0.8 * len(long)


def _squash(text: str) -> str:
    return " ".join(w.lower() for w in words(text))


def screen(article: Article, sentences: Sequence[Sentence]) -> tuple[list[Sentence], Counter[str]]:
    """The sentences that pass the cheap rules, and how many were set aside for each reason.

    A leading "He"/"She" passes here: whether someone it can name precedes it is ``faults``' question.
    So does a leading connective ("But ..."), which ``faults`` sets aside only when it is picked: the
    summarizer weighs each sentence against the others, so taking sentences out of its choice changes
    bullets that never opened with one.
    """
    kept: list[Sentence] = []
    why: Counter[str] = Counter()
    previous = None
    tokenized = is_tokenized(article.text)
    for s in sentences:
        text = article.text[s.start:s.end]
        reason = flaw(text, article.title, previous, tokenized=tokenized)
        previous = text
        if reason == "opener" and _judged_on_picks(words(text)):
            reason = None
        if reason is None:
            kept.append(s)
        else:
            why[reason] += 1
    return kept, why


def _judged_on_picks(found: Sequence[str]) -> bool:
    """Whether an opener is ``faults``' to judge: a "He"/"She" (it may be resolved) or a connective."""
    return first_word(found) in SUBJECT_PRONOUNS or opens_with_connective(found)


def complete(doc: Doc, keep: Callable[[int], bool] = lambda i: True) -> bool:
    """Whether the tokens of ``doc`` that ``keep`` selects make a sentence: a finite verb (or an
    imperative's opening verb) and at least ``MIN_WORDS`` words."""
    toks = [t for t in doc if keep(t.i) and not t.is_punct and not t.is_space]
    if len(toks) < MIN_WORDS:
        return False
    if any(t.tag_ in FINITE_TAGS for t in toks):
        return True
    # a main verb with its subject is finite whatever its tag ("Roads flooded by noon" is often
    # tagged as a participle); a caption's participle has no subject ("Firefighters battling ...")
    if any(t.dep_ == "ROOT" and t.tag_ == "VBN" and any(c.dep_.startswith("nsubj") for c in t.children) for t in toks):
        return True
    return toks[0].tag_ == "VB" and toks[0].dep_ == "ROOT"


def surely_complete(text: str) -> bool:
    """Whether a sentence that passed ``screen`` surely has a finite verb, without parsing it: it holds
    one of the frequent finite verbs ("is", "said", ...), or a form that is finite after the kind of word
    before it (``FINITE_AFTER``: "Rebels killed" is not settled so, "they killed" is). Others need
    ``complete`` on a parse.

    >>> surely_complete("Rebels said the city fell."), surely_complete("They killed two soldiers near the border.")
    (True, True)
    >>> surely_complete("Rebels killed two soldiers near the border."), surely_complete("A look at the charges.")
    (False, False)
    """
    if any(w.lower() in FINITE_WORDS for w in words(text)):
        return True
    return any((kind, form) in FINITE_AFTER for kind, form, _, _ in verb_contexts(text))


def verb_contexts(text: str) -> list[tuple[str, str, int, int]]:
    """(the kind of token before it, the word lowercased, its start and end) for each word of ``text``: what
    ``FINITE_AFTER`` is keyed by, and what ``highlights.training.finite`` counts. The kinds: "^" (the start,
    or after ".", "!", "?"), "aux", "det", "prep", "pron", "to" (``_BEFORE``), "word", "number", "punct".

    >>> verb_contexts("They're here.")
    [('^', "they're", 0, 7), ('word', 'here', 8, 12)]
    """
    out = []
    before = "^"
    for m in _VERB_TOKENS.finditer(text):
        low = m.group().lower()
        if low[0].isalpha():
            out.append((before, low, m.start(), m.end()))
            before = _BEFORE.get(low, "word")
        elif low[0].isdigit():
            before = "number"
        else:
            before = "^" if low in ".!?" else "punct"
    return out


def fault(text: str, doc: Doc | None, *, resolved: bool = False) -> str | None:
    """Why a pick that passed ``screen`` cannot stand alone after all, or None: "no verb" (its parse,
    when given, lacks a finite verb) or "opener" (``dangling``: it opens with "He"/"She" and ``resolved``
    says no name replaces it, with a connective, or, on its parse, with a possessive whose owner it does
    not name)."""
    if doc is not None and not complete(doc):
        return "no verb"
    found = words(text)
    n = connective_words(found)  # the connective goes (``trim``); what follows it must stand alone
    if n and not connective_end(text):
        return "opener"  # inside a quote, where it stays
    return "opener" if dangling(found[n:], doc, resolvable=resolved and not n) else None


def faults(article: Article, sentences: Sequence[Sentence], picks: Sequence[Highlight], *, resolving: bool
           ) -> dict[int, str]:
    """Sentence index → why the pick cannot stand alone, for the picks that fail the parsed checks
    (``fault``). Only picks that may lack a verb, whose "He"/"She" may be resolved (``resolving``:
    the compressor will write the name, on cased text), or that open with a possessive (does the
    sentence name its owner?) are parsed."""
    spans = [sentences[h.evidence[0].sentence] for h in picks]  # sentence i is at position i
    texts = [article.text[s.start:s.end] for s in spans]
    resolving = resolving and not is_tokenized(article.text)
    need = [i for i, t in enumerate(texts) if not surely_complete(t) or first_word(words(t)) in POSSESSIVES
            or (resolving and first_word(words(t)) in SUBJECT_PRONOUNS)]
    docs = dict(zip(need, nlp.tagged(texts[i] for i in need)))
    out = {}
    for i, (s, text) in enumerate(zip(spans, texts)):
        doc = docs.get(i)
        resolved = doc is not None and resolving and referent(article, sentences, s.index, doc[0]) is not None
        reason = fault(text, doc, resolved=resolved)
        if reason:
            out[s.index] = reason
    return out


def describe(why: Counter[str]) -> str:
    """"3 headings or captions, 1 list items": how many sentences were set aside for each reason."""
    return ", ".join(f"{count} {REASONS[reason]}" for reason, count in why.most_common())


def note(candidates: int, why: Counter[str]) -> str:
    """The line that says which sentences were set aside as bullets, and why."""
    return (f"only {candidates} sentence{'s' if candidates != 1 else ''} could stand alone as a highlight; "
            f"set aside: {describe(why)}")


# ------------------------------------------------------------------ who a leading "He"/"She" is
# The one person the sentences just before it name. Nobody named, or two different people, and the pronoun
# stays unresolved: a wrong name would be worse than none.

WINDOW = 3  # sentences looked back
PLACES = frozenset({"GPE", "LOC", "FAC", "NORP"})  # a named subject of these kinds is not a candidate person


def referent(article: Article, sentences: Sequence[Sentence], index: int, first: Token
             ) -> tuple[str, tuple[int, int], int] | None:
    """The person ``first`` (the opening token of sentence ``index``, parsed) stands for: the name,
    its span in the article and the index of the sentence that names it; None when not clear."""
    if first.lower_ not in SUBJECT_PRONOUNS or not first.dep_.startswith("nsubj") or index == 0:
        return None
    if is_tokenized(article.text):
        return None  # lowercase text leaves the entity recogniser nothing to go on
    position = next((i for i, s in enumerate(sentences) if s.index == index), None)
    if position is None:
        return None
    window = list(sentences[max(0, position - WINDOW):position])
    docs = nlp.parse_many(article.text[s.start:s.end] for s in window)
    people: dict[str, tuple[tuple[int, int], int]] = {}
    surnames: set[str] = set()
    for s, d in zip(window, docs):
        for ent in d.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                people.setdefault(ent.text, ((s.start + ent.start_char, s.start + ent.end_char), s.index))
                surnames.add(ent[-1].text)
        surnames.update(_named_subjects(d))
    if len(surnames) != 1:
        return None  # nobody named, or more than one person: the referent is not clear
    if not people:
        return None
    name, (span, named_in) = next(iter(people.items()))
    return name, span, named_in


def _named_subjects(doc: object) -> set[str]:
    """The last words of the full names (two proper nouns or more) that are the subject of a clause,
    whatever the entity recogniser made of them: it tags some people as organisations ("Nadia Mohamed,
    27, won …" as ORG), and a person it missed must still count as a second candidate."""
    out = set()
    for token in doc:  # type: ignore[attr-defined]
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN" and token.ent_type_ not in PLACES:
            if any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.lefts):
                out.add(token.text)
    return out
