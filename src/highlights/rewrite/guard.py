"""The guard: may a rewritten bullet stand in for the sentence it came from?

A language model paraphrases, and a paraphrase can change a fact. So a rewrite is shown only when
everything in it is backed by its evidence (the source sentences it was written from, not the
whole article: the model saw only those):

* ``verify``'s hard checks against the evidence: numbers (in any form), weekdays and months, named
  entities, negation against the closest sentence;
* every quoted passage is in the evidence word for word;
* every content word is in the evidence, as written, stemmed, or lemmatized ("dies" for "died");
* polarity, hedges and attribution are kept, in both directions: a negation, a hedge ("may",
  "reportedly", "expected"), a number's qualifier ("more than 2,000") or a word that changes what a
  noun is ("former", "alleged") the evidence has and the bullet drops, or one the bullet adds, rejects
  it; so does a claim the evidence attributes ("police said") stated as fact, "says" the evidence has
  no source for, or a speaker the evidence does not give ("Kim Kardashian says" for "say the doctors");
* who does what to whom: a noun that does a verb's action in the bullet but undergoes it in the evidence
  ("Two gunmen shot dead" from "Two gunmen shot her dead"), by spaCy's parse;
* no repeated content word the evidence does not repeat (a sign of a garbled bullet), no bullet that
  says what an earlier one says, and a length a headline can have.

Each failed check is a ``Problem`` with its span in the bullet; no problem means the rewrite may be
shown. The guard is a screen: a rewrite made only of the evidence's words can still relate them
differently ("A sues B" from "B sues A"); the audit in BENCHMARKS.md measures how often that happens.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from .. import nlp
from ..select import standalone
from ..verify import Problem, Verification, verify
from ..verify.checks import negation_positions
from ..words import ATTRIBUTION, HEDGE, NONSUBSECTIVE, STOP, normalize, spans, stem, words

MIN_WORDS, MAX_WORDS = 3, 16  # a highlight, not a word or a paragraph (CNN's average is about 13)
DUPLICATE = 0.7  # share of content stems two bullets may hold in common (Jaccard) before one repeats the other
# Beyond the hedge word list (which trained models read, so it is not changed here): words whose loss turns
# an expectation, a habit or a belief into a fact ("expected to survive" -> "survives").
# A condition ("if Jeb were to win") is one too.
HEDGES = HEDGE | {"alleged", "allegedly", "reported", "purportedly", "presumably", "hopefully", "expected",
                  "believed", "often", "sometimes", "usually", "apparent", "if", "unless", "whether", "temporarily"}
CONDITIONS = frozenset({"if", "unless"})  # a claim under a condition: a kept "would" does not stand for a dropped "if"
# Words that say how many of a group ("some X are losing ..."): dropped, the claim covers the whole group
QUANTIFIERS = frozenset("some many most several few certain numerous".split())
DETERMINERS = frozenset("of the these those their his her its our your my a an".split())  # "some of the workers"
# A bullet that ends on one of these verbs says that something was found or said, not what: a teaser
TEASERS = frozenset("find finds found reveal reveals revealed explain explains explained learn learns learned "
                    "discover discovers discovered react reacts reacted respond responds responded speak speaks "
                    "spoke weigh weighs weighed open opens opened".split())
PARTICLES = frozenset("out up in back".split())
COPY_FREE = 14  # a sentence this short is a headline's length already: the model may keep it as it is
COPY = 0.9  # word-sequence similarity to the source above which a rewrite is the sentence itself, not a headline
# A time the evidence tells as past: a year, or "ago", "last year", "decades"
_PAST_ANCHOR = re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b|\bago\b|\blast (?:year|month|week|decade|century)\b|"
                          r"\bdecades?\b|\bat the time\b|\byears? (?:earlier|before)\b", re.IGNORECASE)
# The word before a number that makes it approximate or a bound ("more than 2,000", "about 50", "up to 10")
QUALIFIERS = frozenset("about around some roughly nearly almost approximately estimated least than over to as "
                       "under".split())
_TOKEN = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d[\d,.]*\d|\d|[,;:!?()\"]|--")
_QUOTED = re.compile(r'"([^"]+)"')
_SOURCE_COLON = re.compile(r"^[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}: ")  # CNN's "Police: ..." attribution
# (attribution is judged here, knowing "Police: ..." and a named speaker, which the verifier does not)
PRONOUN_SPEAKERS = frozenset({"he", "she", "they"})
VERIFIED_KINDS = frozenset({"number", "number_unit", "date", "entity", "negation"})


def check(bullet: str, evidence: str, earlier: Sequence[str] = (), context: str = ""
          ) -> tuple[tuple[Problem, ...], Verification | None]:
    """The problems that keep ``bullet`` from standing in for ``evidence`` (none: it may), and the
    verifier's verdict on it (None when the bullet was rejected before the verifier ran).
    ``earlier`` are the bullets already written for the same article; ``context`` the sentences around the
    evidence, where the speaker of a quote or of "he said" is named."""
    text = normalize(bullet).strip()
    ws = words(text)
    if len(ws) < MIN_WORDS or len(ws) > MAX_WORDS:
        return (Problem("length", 0, len(text), f"{len(ws)} words; a highlight has {MIN_WORDS} to {MAX_WORDS}"),), None
    source = normalize(evidence)
    # Where the evidence's speaker is "he" or a quote's is not given, the sentences around it may name them:
    # their words back the bullet's names and words too (they are the article's; the writer adds them as evidence)
    around = normalize(context) if context and (_QUOTED.search(source) or _pronoun_speaker(source)) else ""
    backing = f"{source} {around}".strip()
    problems = [*quotes(text, source), *novel_words(text, backing), *negation(text, source), *hedges(text, source),
                *quantifiers(text, source), *attribution(text, source, around), *roles(text, source),
                *tense(text, source), *repeats(text, source), *duplicates(text, earlier), *copy(text, source),
                *teaser(text), *opener(text), *question(text, source), *cut_off(text, source)]
    verdict = verify(backing, text)
    problems += [p for p in verdict.problems if p.kind in VERIFIED_KINDS and (p.start, p.end, p.kind)
                 not in {(q.start, q.end, q.kind) for q in problems}]
    return tuple(sorted(problems, key=lambda p: (p.start, p.end))), verdict


def quotes(text: str, source: str) -> list[Problem]:
    """Each quoted passage must be, word for word, within a passage the evidence quotes: quote marks say
    someone said (or titled) exactly this, so words the evidence does not quote may not get them."""
    quoted = [f" {' '.join(words(m.group(1)))} " for m in _QUOTED.finditer(source)]
    return [Problem("quote", m.start(), m.end(), f"the quote {m.group()} is not quoted in the evidence word for word")
            for m in _QUOTED.finditer(text) if not any(f" {' '.join(words(m.group(1)))} " in q for q in quoted)]


def novel_words(text: str, source: str) -> list[Problem]:
    """Content words the evidence lacks: not as written, not stemmed, not lemmatized."""
    known = _forms(source)
    exact = set(words(source))
    names = _names(source)
    out = []
    lemmas = _lemmas(text)
    for w, start, end in spans(text):
        low = w.lower()
        if not w[0].isalpha() or low in STOP or len(low) < 2 or low in exact:
            continue
        forms = {stem(low), lemmas.get(start, low)}
        if (w[0].isupper() and start > 0 and text[:start].rstrip()[-1:] != ":") or forms & names:
            # a name is spelled as the evidence spells it: "Laws" is not "Lawes", though both stem to "law"
            out.append(Problem("word", start, end, f"{w!r} is not in the evidence as written"))
        elif not forms & known:
            out.append(Problem("word", start, end, f"{w!r} is not in the evidence"))
    return out


def negation(text: str, source: str) -> list[Problem]:
    """A negation the evidence has and the bullet drops, or one the bullet adds."""
    mine, theirs = bool(negation_positions(words(text))), bool(negation_positions(words(source)))
    if mine == theirs:
        return []
    return [Problem("negation", 0, len(text), "the bullet adds a negation" if mine
                    else "the bullet drops the evidence's negation")]


def hedges(text: str, source: str) -> list[Problem]:
    """Hedges, conditions and futures, number qualifiers, and words like "former": kept where they were,
    and not added."""
    ws, theirs = words(text), words(source)
    whole = (0, len(text))
    out = []
    mine, hedged = HEDGES & set(ws), HEDGES & set(theirs)
    # Each hedge is judged on what it qualifies (``moved_hedges``): one whose words the bullet left out went
    # with them. A condition qualifies the whole claim: dropped, it is missed whatever else is kept
    # ("would win if it were held today" -> "would win").
    out += [Problem("hedge", *whole, f"the bullet drops the condition {c!r}") for c in sorted(CONDITIONS & hedged - mine)]
    out += [Problem("hedge", *whole, f"the bullet adds the hedge {h!r}") for h in sorted(mine - hedged)]
    out += [Problem("hedge", *whole, f"{h!r} no longer qualifies {scope!r}") for h, scope in moved_hedges(ws, theirs)]
    if "will" in theirs and not {"will", "to"} & set(ws):  # "X will visit" may be "X to visit", not "X visits"
        out.append(Problem("hedge", *whole, "the bullet states as done what the evidence says will happen"))
    for i, w in enumerate(theirs[1:], start=1):
        at = ws.index(w) if w[0].isdigit() and w in ws else -1
        if theirs[i - 1] in QUALIFIERS and at >= 0 and (at == 0 or ws[at - 1] not in QUALIFIERS):
            out.append(Problem("hedge", *whole, f"the bullet drops {theirs[i - 1]!r} before {w}"))
    own_stems = {stem(w) for w in ws}
    for i, w in enumerate(theirs):
        noun = next((x for x in theirs[i + 1:i + 4] if x not in STOP), None)
        if w in NONSUBSECTIVE and w not in ws and noun is not None and stem(noun) in own_stems:
            out.append(Problem("word", *whole, f"the bullet drops {w!r} before {noun!r}"))
    return out


def quantifiers(text: str, source: str) -> list[Problem]:
    """A quantifier the evidence puts on a group ("some workers") that the bullet drops while keeping the
    group ("workers are losing ..."): the claim then covers all of them."""
    ws, theirs = words(text), words(source)
    out = []
    for i, q in enumerate(theirs):
        if q not in QUANTIFIERS or q in ws:
            continue
        noun = next((w for w in theirs[i + 1:i + 4] if w not in DETERMINERS), "")
        if noun.isalpha() and noun not in STOP and any(stem(w) == stem(noun) for w in ws):
            out.append(Problem("hedge", 0, len(text), f"the bullet drops {q!r} before {noun!r}"))
    return out


def attribution(text: str, source: str, context: str = "") -> list[Problem]:
    """A claim the evidence attributes stated as fact (a quote among them), "says" the evidence has no
    source for, or a speaker it does not give. Where the evidence's speaker is a pronoun ("he said") or
    a quote has none, the speaker may be named in the ``context`` around it."""
    ws, theirs = set(words(text)), set(words(source))
    whole = (0, len(text))
    said_by = {stem(w) for w in speaker_words(source, both=True)}
    quoted = bool(_QUOTED.search(source))
    # "he said" or an unattributed quote: whoever the sentences around name may be the speaker
    said_by |= {stem(w.lower()) for w, _, _ in spans(context) if w[0].isupper()}
    out = [Problem("attribution", *whole, f"the evidence does not give {who!r} as who said it")
           for who in sorted(set(speaker_words(text)) - STOP) if stem(who) not in said_by]
    colon = bool(_SOURCE_COLON.match(text))
    attributed = bool(ATTRIBUTION & ws) or colon
    # "Chief Pete Kassetas said he welcomed ..." may become "Pete Kassetas welcomes ...": the speaker is named
    named = bool(speakers(source) & {w.lower() for w, _, _ in spans(text)[:2]})  # as the subject, up front
    if ATTRIBUTION & theirs and not attributed and not named:
        out.append(Problem("attribution", *whole, "the evidence attributes this claim to someone; the bullet "
                           "states it as fact"))
    elif quoted and not attributed and not named and not _QUOTED.search(text) and _quoted_words(text, source):
        out.append(Problem("attribution", *whole, "the evidence quotes someone; the bullet states their words "
                           "as fact"))
    elif attributed and not ATTRIBUTION & theirs and not colon:
        out.append(Problem("attribution", *whole, "the bullet attributes a claim that the evidence does not"))
    return out


def _pronoun_speaker(source: str) -> bool:
    """Whether the evidence's speaker is a pronoun ("he said", "she told reporters")."""
    ws = words(source)
    return any(w in PRONOUN_SPEAKERS and ws[i + 1] in ATTRIBUTION for i, w in enumerate(ws[:-1]))


def _quoted_words(text: str, source: str) -> bool:
    """Whether most of the bullet's content words come from what the evidence quotes."""
    inside = {stem(w) for m in _QUOTED.finditer(source) for w in words(m.group(1)) if w not in STOP}
    mine = [stem(w) for w in words(text) if w not in STOP and w.isalpha()]
    return bool(mine) and sum(w in inside for w in mine) * 2 > len(mine)


def tense(text: str, source: str) -> list[Problem]:
    """A past the evidence dates ("joined the company in 1998") told as today's news ("X joins company"):
    the bullet drops the time and puts the verb in the present."""
    anchor = _PAST_ANCHOR.search(source)
    if anchor is None or _PAST_ANCHOR.search(text) or anchor.group().lower() in text.lower():
        return []
    if not any(t.tag_ == "VBD" for t in nlp.parse(source, disable=("parser", "ner"))):
        return []
    present = [t for t in nlp.parse(text, disable=("parser", "ner")) if t.tag_ in ("VBZ", "VBP")
               and t.lower_ not in ATTRIBUTION]
    if not present:
        return []
    return [Problem("tense", present[0].idx, present[0].idx + len(present[0].text),
                    f"the evidence tells this as past ({anchor.group()!r}); the bullet tells it as today's news")]


def copy(text: str, source: str) -> list[Problem]:
    """A rewrite of a long sentence that is the sentence nearly word for word: no headline, and the extracted
    bullet already says it."""
    mine, theirs = words(text), words(source)
    if len(theirs) <= COPY_FREE or len(mine) < 0.75 * len(theirs):
        return []
    if SequenceMatcher(a=mine, b=theirs, autojunk=False).ratio() < COPY:
        return []
    return [Problem("copy", 0, len(text), "the rewrite is the sentence nearly word for word")]


def teaser(text: str) -> list[Problem]:
    """A bullet that says something was found or told, not what ("Lewis finds out"): it means nothing alone."""
    ws = [w for w in words(text) if w.isalpha()]
    while ws and ws[-1] in PARTICLES:
        ws.pop()
    if ws and ws[-1] in TEASERS:
        return [Problem("teaser", 0, len(text), f"it ends on {ws[-1]!r} without saying what")]
    return []


def opener(text: str) -> list[Problem]:
    """A bullet that leans on sentences the reader does not see: it opens with a pronoun ("He welcomed
    ...", "Their release ...") or a connective ("But ..."), as an extracted bullet may not either."""
    found = standalone.words(text)
    if standalone.dangling(found):
        return [Problem("opener", 0, len(found[0]), f"it opens with {found[0]!r}, which leans on what came before")]
    return []


def cut_off(text: str, source: str) -> list[Problem]:
    """A bullet that stops inside a name or an abbreviation ("... John T", "... the U.S"): at a lone capital
    letter, or where the evidence goes on after the same word and a full stop."""
    parts = text.split()
    if not parts:
        return []
    last = parts[-1].strip("\"'”’,;:")
    alone = len(last) == 1 and last.isupper() and last not in ("A", "I")
    if last and (alone or re.search(rf"(?<![\w.]){re.escape(last)}\.\s+\S", source)):
        start = text.rindex(last)
        return [Problem("cut off", start, start + len(last), f"it stops at {last!r}, inside a name or an abbreviation")]
    return []


def question(text: str, source: str) -> list[Problem]:
    """A question the evidence does not ask ("... Does this do it?"): a model talking, not a headline."""
    if text.rstrip().endswith("?") and "?" not in source:
        return [Problem("question", 0, len(text), "it asks a question the evidence does not ask")]
    return []


def roles(text: str, source: str) -> list[Problem]:
    """Who does what to whom: a noun that does a verb's action in the bullet but undergoes it in the
    evidence, or the other way round ("Saunders encouraged aides" from "Saunders was encouraged by
    aides"; "Two gunmen shot dead" from "Two gunmen shot her dead")."""
    mine, theirs = _roles(text), _roles(source)
    out = []
    for (verb, role), nouns in sorted(mine.items()):
        other = "patient" if role == "agent" else "agent"
        swapped = (nouns & theirs.get((verb, other), set())) - theirs.get((verb, role), set())
        for noun in sorted(swapped):
            does = "does" if role == "agent" else "undergoes"
            out.append(Problem("relation", 0, len(text), f"{noun!r} {does} {verb!r} in the bullet, not in the evidence"))
    return out


@lru_cache(maxsize=256)
def _roles(text: str) -> dict[tuple[str, str], set[str]]:
    """(verb lemma, "agent" or "patient") -> the lemmas of the nouns in that role, from spaCy's parse. A
    subject counts only where the voice is plain: a headline's bare "Stancil arrested" may be passive
    ("was arrested") though it parses as active, so a past form without an object or auxiliary is left out."""
    out: dict[tuple[str, str], set[str]] = {}
    for t in nlp.parse(text):
        if t.pos_ == "PRON" or not t.text[0].isalnum():
            continue
        verb = t.head
        if t.dep_ == "nsubj":
            deps = {c.dep_ for c in verb.children}
            if deps & {"agent", "auxpass"}:
                role = "patient"
            elif verb.tag_ in ("VBZ", "VBP") or "aux" in deps or (verb.tag_ == "VBD" and "dobj" in deps):
                role = "agent"
            else:
                continue  # a bare "shot", "charged": active in a sentence, passive in a headline
        elif t.dep_ in ("nsubjpass", "dobj"):
            role = "patient"
        elif t.dep_ == "pobj" and verb.dep_ == "agent":
            verb, role = verb.head, "agent"
        elif t.dep_ == "acl" and t.tag_ == "VBN":  # "Tomkins released by ...": the noun undergoes it
            verb, role, t = t, "patient", t.head
        else:
            continue
        if verb.pos_ in ("VERB", "AUX"):
            out.setdefault((verb.lemma_.lower(), role), set()).add(t.lemma_.lower())
    return out


def speakers(source: str) -> set[str]:
    """The lowercase names of who the evidence says said it: the last two capitalised words right before
    an attribution word ("Pete Kassetas said") and the capitalised words right after one ("said Pete
    Kassetas", "according to Mohamad Shah")."""
    found = spans(source)
    out: set[str] = set()
    for i, (w, _, _) in enumerate(found):
        if w.lower() not in ATTRIBUTION:
            continue
        before: list[str] = []
        for x, _, _ in reversed(found[:i]):
            if not x[0].isupper() or len(before) == 2:
                break
            before.append(x)
        after: list[str] = []
        # after the word only in "according to Mohamad Shah" and an inverted "..., said Pete Kassetas":
        # in "officials say China ...", China is what they say something about
        inverted = w.lower() == "according" or _after_pause(source, found[i][1])
        for x, _, _ in found[i + 1:] if inverted else ():
            if x.lower() == "to" and not after:
                continue  # "according to"
            if not x[0].isupper() or len(after) == 3:
                break
            after.append(x)
        out |= {x.lower() for x in before + after if x.lower() not in STOP}
    return out


def _after_pause(source: str, start: int) -> bool:
    """Whether the word at ``start`` follows a comma or a closing quote: an inverted "..., said Pete Kassetas",
    where the words after it name the speaker."""
    return source[:start].rstrip()[-1:] in (",", '"', "'")


def moved_hedges(ws: list[str], theirs: list[str], window: int = 4) -> list[tuple[str, str]]:
    """(hedge, word) for each hedge of the evidence whose word (the next content word: "reportedly
    fleeing") is in the bullet without the hedge shortly before it: "Large numbers flee ..., shelling
    reportedly intense" from "are reportedly fleeing ... after intense shelling"."""
    out = []
    for i, h in enumerate(theirs):
        if h not in HEDGES:
            continue
        scope = next((w for w in theirs[i + 1:i + 1 + window] if w.isalpha() and w not in STOP and w not in HEDGES), None)
        if scope is None:
            continue
        at = [j for j, w in enumerate(ws) if stem(w) == stem(scope)]
        if at and not any(h in ws[max(0, j - window):j] for j in at):
            out.append((h, scope))
    return out


def speaker_words(text: str, *, both: bool = False) -> list[str]:
    """The words naming who says it, around each attribution word of ``text``: those between it and the
    punctuation before it ("..., police say", "Wood says ..."), else those after it up to the next
    ("according to Mohamad Shah,"); with ``both``, before and after alike (the evidence's candidates).
    A "Source: ..." opening counts as its words before the colon."""
    tokens = [t.replace(",", "") if t[0].isdigit() else t.lower() for t in _TOKEN.findall(normalize(text))]
    colon = _SOURCE_COLON.match(text)
    out: list[str] = words(colon.group()) if colon else []
    for i, t in enumerate(tokens):
        if t not in ATTRIBUTION:
            continue
        before: list[str] = []
        for x in reversed(tokens[:i]):
            if not x[0].isalnum() or x in ATTRIBUTION:
                break
            before.append(x)
        after: list[str] = []
        for x in tokens[i + 1:]:
            if not x[0].isalnum() or x in ATTRIBUTION:
                break
            after.append(x)
        named_before = [x for x in before if x not in STOP]
        out += (named_before + after) if both else (named_before or [x for x in after if x not in STOP])
    return [x for x in out if x.isalpha()]


def repeats(text: str, source: str) -> list[Problem]:
    """A content word said twice where the evidence says it once: the mark of a garbled bullet."""
    theirs = Counter(stem(w) for w in words(source) if w not in STOP)
    seen: Counter[str] = Counter()
    out = []
    for w, start, end in spans(text):
        s = stem(w.lower())
        if w.lower() in STOP:
            continue
        seen[s] += 1
        if seen[s] == 2 and theirs[s] < 2:
            out.append(Problem("repeat", start, end, f"{w!r} is said twice"))
    return out


def duplicates(text: str, earlier: Sequence[str]) -> list[Problem]:
    """A bullet that says what an earlier one of the same article says."""
    mine = content(text)
    for other in earlier:
        theirs = content(other)
        if mine and theirs and len(mine & theirs) / len(mine | theirs) >= DUPLICATE:
            return [Problem("duplicate", 0, len(text), f"it repeats the earlier bullet {other!r}")]
    return []


def content(text: str) -> set[str]:
    """The stems of ``text``'s content words (what two bullets, or a sentence and an example, share)."""
    return {stem(w) for w in words(normalize(text)) if w not in STOP and w.isalpha()}


@lru_cache(maxsize=256)
def _forms(source: str) -> frozenset[str]:
    """Every form of the evidence's words the guard accepts: lowercase, stem, lemma."""
    ws = words(source)
    return frozenset(ws) | {stem(w) for w in ws} | set(_lemmas(source).values())


@lru_cache(maxsize=256)
def _names(source: str) -> frozenset[str]:
    """Stems and lemmas of the evidence's capitalised words that do not open a sentence (its names)."""
    lemmas = _lemmas(source)
    out = set()
    for w, start, _ in spans(source):
        if w[0].isupper() and start > 0 and source[:start].rstrip()[-1:] not in (".", "!", "?", ":", '"', "'", "("):
            out |= {stem(w.lower()), lemmas.get(start, w.lower())}
    return frozenset(out - STOP)


@lru_cache(maxsize=256)
def _lemmas(text: str) -> dict[int, str]:
    """Character offset → lowercase lemma of each word spaCy finds (no parse or entities needed), once per
    text: the evidence's serve both ``_forms`` and ``_names``. (Not shared with ``_roles``' full parse: with
    the parser on, a few words get another lemma.)"""
    doc = nlp.parse(text, disable=("parser", "ner"))
    return {t.idx: t.lemma_.lower() for t in doc if t.is_alpha}


# The words that introduce who said it, for adding a dropped attribution back ("..., police said")
REPORTING = frozenset("said says say told tells according added stated announced reported".split())
PLURAL_SPEAKERS = frozenset({"police", "people", "media", "authorities", "officials", "sources"})


def with_speaker(bullet: str, evidence: str) -> str | None:
    """``bullet`` with the attribution the evidence gives added back as CNN writes it ("..., police say"),
    for a rewrite that states as fact what the evidence attributes; None when the evidence names no speaker
    this can say in a few words (a pronoun, a long clause)."""
    source = normalize(evidence)
    who = speaker_phrase(source)
    if who is None:
        return None
    if source.startswith(who):  # "Officials told CNN ...": capitalised for the sentence, not as a name
        first = nlp.parse(source, disable=("parser", "ner"))[0]
        if first.tag_ not in ("NNP", "NNPS"):
            who = who[0].lower() + who[1:]
    last = who.split()[-1]
    plural = last.lower() in PLURAL_SPEAKERS or (last.islower() and last.endswith("s") and not last.endswith("ss"))
    return f"{bullet.rstrip(' .,;')}, {who} {'say' if plural else 'says'}"


def speaker_phrase(source: str) -> str | None:
    """Who the evidence says said it, as it writes them: the 1-3 words right before a reporting word
    ("a spokeswoman said" -> "spokeswoman", "Pete Kassetas said") or right after an inverted one ("said
    Pete Kassetas", "according to police"); None for a pronoun or none."""
    found = spans(source)
    for i, (w, start, end) in enumerate(found):
        if w.lower() not in REPORTING:
            continue
        before: list[str] = []
        edge = start
        for x, x_start, x_end in reversed(found[:i]):
            if len(before) == 3 or x.lower() in STOP or source[x_end:edge].strip():
                break  # a stop word, punctuation or enough words: the speaker's phrase begins after it
            before.insert(0, x)
            edge = x_start
        if before:
            return " ".join(before)
        # after the word only in "according to police" and an inverted "..., said Pete Kassetas": in "X declared
        # a state of emergency and said National Guard units would help", the units are what was said
        inverted = w.lower() == "according" or (w.lower() in ("said", "says", "added") and _after_pause(source, start))
        if not inverted:
            continue
        after: list[str] = []
        edge = end
        for x, x_start, x_end in found[i + 1:]:
            if not after and x.lower() in ("to", "the", "a") and not source[edge:x_start].strip():
                edge = x_end
                continue
            if len(after) == 3 or x.lower() in STOP or source[edge:x_start].strip():
                break
            after.append(x)
            edge = x_end
        if after:
            return " ".join(after)
    return None
