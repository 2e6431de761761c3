"""The checks of one highlight sentence against the article index.

Each check returns ``Problem``s with offsets into the highlight (``offset`` is where the sentence
starts in it). Numbers, dates and entities are looked up in the whole article; negation and
attribution compare the sentence with its closest article sentence; ``arc_support`` counts the
sentence's dependency arcs whose two words never meet in the article (a cheap stand-in for
dependency-arc entailment).
"""
from __future__ import annotations

from ..document import Problem
from ..words import ATTRIBUTION, MONTHS, NEGATION, STOP, WEEKDAYS, spans, stem, words
from . import numbers
from .index import ArticleIndex
from .numbers import is_number_word

ENTITY_LABELS = frozenset("PERSON ORG GPE LOC NORP FAC EVENT WORK_OF_ART PRODUCT LAW".split())
ARC_WINDOW = 1  # article sentences on either side that still count as "together"
ARC_LABELS = frozenset("nsubj nsubjpass dobj pobj amod compound nummod poss attr appos acomp agent "
                       "dative npadvmod advmod oprd".split())
MIN_COVERAGE_NEGATION = 0.5     # the closest article sentence must share this share of content stems
MIN_COVERAGE_ATTRIBUTION = 0.6


def content_tokens(text: str) -> list[tuple[str, int, int]]:
    """Words that carry content: not stop words, not numbers, longer than one letter."""
    return [t for t in spans(text) if t[0].lower() not in STOP and not is_number_word(t[0]) and len(t[0]) > 1]


def copied_from_article(sentence: str, index: ArticleIndex) -> bool:
    """Whether the sentence's words (four or more) occur in this order, contiguously, in the article."""
    ws = words(sentence)
    return len(ws) >= 4 and f" {' '.join(ws)} " in index.flat


def closest_sentence(stems: set[str], index: ArticleIndex) -> tuple[int, float]:
    """The article sentence holding the largest share of ``stems``, and that share (-1, 1.0 when empty)."""
    if not stems:
        return -1, 1.0
    best, best_coverage = -1, 0.0
    for i, sentence in enumerate(index.sentence_stems):
        coverage = len(stems & sentence) / len(stems)
        if coverage > best_coverage:
            best, best_coverage = i, coverage
    return best, best_coverage


def check_numbers(sentence: str, offset: int, index: ArticleIndex) -> list[Problem]:
    """Each number must occur in the article (in any reading); a currency must be the article's."""
    problems = []
    for n in numbers.extract(sentence):
        value = round(n.value, 4)
        if value in index.numbers or (1900 <= n.value <= 2100 and f" {int(n.value)} " in index.flat):
            units = index.number_units.get(value, frozenset())
            if n.unit in numbers.CURRENCIES and units and n.unit not in units and units != {""}:
                source = index.number_spans.get(value, (None, None))
                problems.append(Problem(
                    "number_unit", offset + n.start, offset + n.end,
                    f"the article gives {n.value:g} in {', '.join(sorted(u or 'no unit' for u in units))}, "
                    f"not {n.unit}", *source))
            continue
        problems.append(Problem("number", offset + n.start, offset + n.end,
                                f"{sentence[n.start:n.end]!r} ({n.value:g}) is not in the article"))
    return problems


def check_dates(sentence: str, offset: int, index: ArticleIndex) -> list[Problem]:
    """Weekdays and month names must occur in the article."""
    return [Problem("date", offset + s, offset + e, f"{w!r} is not in the article")
            for w, s, e in spans(sentence)
            if (w.lower() in WEEKDAYS or w.lower() in MONTHS) and w.lower() not in index.text_lower]


def entity_support(entity_words: list[str], index: ArticleIndex) -> str:
    """'yes' (every word in the article), 'variant' (an acronym, a demonym, or the surname) or 'no'."""
    ws = [w.lower() for w in entity_words if w.lower() not in STOP]
    if not ws:
        return "yes"
    hits = [stem(w) in index.stems for w in ws]
    if all(hits):
        return "yes"
    if "".join(ws) in index.acronyms or (len(ws) == 1 and len(ws[0]) >= 5 and ws[0][:5] in index.prefixes5):
        return "variant"  # "US" for "United States"; "British" for "Britain"
    if any(hits) and hits[-1]:
        return "variant"  # the surname or head word is there ("Hidalgo" for "Anne Hidalgo")
    return "no"


def check_entities(doc, index: ArticleIndex) -> list[Problem]:
    """Named entities (people, places, organisations, ...) without numbers must be in the article."""
    problems = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        ws = [w for w, _, _ in spans(ent.text)]
        if any(is_number_word(w) for w in ws):
            continue
        if entity_support(ws, index) == "no":
            problems.append(Problem("entity", ent.start_char, ent.end_char,
                                    f"{ent.label_} {ent.text!r} is not in the article"))
    return problems


def negation_positions(ws: list[str]) -> list[int]:
    """Indices of negation cues; "isn't" comes as [..., 'isn', 't'] and counts at the 't'."""
    return [i for i, w in enumerate(ws) if w in NEGATION or (w == "t" and i > 0 and ws[i - 1].endswith("n"))]


def _scope(ws: list[str], i: int, k: int = 3, window: int = 6) -> list[str]:
    return [stem(w) for w in ws[i + 1: i + 1 + window] if w not in STOP and w != "t"][:k]


def _context(ws: list[str], i: int, window: int = 5) -> list[str]:
    return [stem(w) for w in ws[max(0, i - window): i] if w not in STOP and w not in NEGATION]


def _negated_near(ws: list[str], target: str, window: int = 5) -> bool:
    negated = set(negation_positions(ws))
    return any(stem(w) == target and any(j in negated for j in range(max(0, i - window), i))
               for i, w in enumerate(ws))


def check_negation(ws: list[str], best: int, coverage: float, index: ArticleIndex,
                   span: tuple[int, int]) -> list[Problem]:
    """Polarity against the closest article sentence: a negation on one side only.

    A cue counts when the first content word after it and some word before it are on the other
    side too, and the other side does not negate that word itself (anywhere in the article, for a
    cue in the highlight)."""
    if best < 0 or coverage < MIN_COVERAGE_NEGATION:
        return []
    article = list(index.sentence_words[best])
    own, theirs = {stem(w) for w in ws}, {stem(w) for w in article}
    source = index.sentences[best]
    for i in negation_positions(ws):
        scope, context = _scope(ws, i), _context(ws, i)
        if (scope and scope[0] in theirs and any(c in theirs for c in context)
                and not any(_negated_near(list(sw), scope[0]) for sw in index.sentence_words)):
            return [Problem("negation", *span, f"the highlight negates ({' '.join(ws[i:i + 3])!r}); "
                            "the article does not", *source)]
    for j in negation_positions(article):
        scope, context = _scope(article, j), _context(article, j)
        if scope and scope[0] in own and any(c in own for c in context) and not _negated_near(ws, scope[0]):
            return [Problem("negation", *span, f"the article says {' '.join(article[max(0, j - 2):j + 3])!r}; "
                            "the highlight is not negated", *source)]
    return []


def check_attribution(ws: list[str], best: int, coverage: float, index: ArticleIndex,
                      span: tuple[int, int]) -> list[Problem]:
    """A claim the article attributes ("..., police said") stated as fact in the highlight."""
    if best < 0 or coverage < MIN_COVERAGE_ATTRIBUTION:
        return []
    if any(w in ATTRIBUTION for w in index.sentence_words[best]) and not any(w in ATTRIBUTION for w in ws):
        return [Problem("attribution", *span, "the article attributes this claim to someone; "
                        "the highlight states it as fact", *index.sentences[best])]
    return []


def arc_support(sentence, index: ArticleIndex) -> tuple[int, list[Problem]]:
    """Content-word dependency arcs of a parsed sentence, and those whose words never share an
    article sentence (or neighbouring sentences): the count of arcs, and a ``relation`` problem each."""
    arcs, problems = 0, []
    for t in sentence:
        if t.dep_ not in ARC_LABELS:
            continue
        head = t.head
        if t.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head  # "rally in Paris": rally -> Paris
        a, b = t.text.lower(), head.text.lower()
        if (a in STOP or b in STOP or not a.isalnum() or not b.isalnum() or a == b
                or is_number_word(a) or is_number_word(b)):
            continue
        arcs += 1
        in_a = index.stem_sentences.get(stem(a), frozenset())
        in_b = index.stem_sentences.get(stem(b), frozenset())
        if not any(j in in_b for i in in_a for j in range(i - ARC_WINDOW, i + ARC_WINDOW + 1)):
            start, end = min(t.idx, head.idx), max(t.idx + len(t), head.idx + len(head))
            problems.append(Problem("relation", start, end,
                                    f"{head.text!r} and {t.text!r} never occur together in the article"))
    return arcs, problems
