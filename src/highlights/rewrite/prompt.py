"""What the language model is asked: one source sentence in, one headline-style bullet out.

One request per bullet, so each rewrite lines up with exactly the sentence it came from (the guard
checks it against that evidence). The worked examples are CNN's own: reference bullets of training
articles with the sentence each rewrites (``examples.jsonl``, mined by ``training.examples``), the
``SHOWN`` most like the article's bullets. They are chosen once per article and come before the
sentence, so a runtime that caches the prompt's prefix (llama.cpp does) reads them once per article.
With no article to match (``messages(sentence)``), the five written for this project (a flood in
Leeds that never happened) are shown.

``grammar`` limits what the model may write to the evidence's own words and their inflections, function
words and "says": a GBNF grammar for llama.cpp, which keeps a model from writing a word the guard would
refuse.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from math import log
from pathlib import Path

from ..document import Problem
from ..words import STOP, normalize
from . import guard

INSTRUCTIONS = (
    "You turn one sentence of a news story into one CNN story highlight: a headline-style bullet of 8 to 14 "
    "words in the present tense, with a verb. Use only the sentence's own words and facts. Copy numbers, names and dates "
    "exactly. Keep not, no, may, could and allegedly when the sentence has them. If the sentence says who said "
    "it, end with who says it (police say); never add says otherwise. Add no quote, name or fact. "
    "Answer with the bullet only.")

EXAMPLES = (
    ("Officials in Leeds said on Monday that more than 2,000 homes were flooded after the River Aire burst its "
     "banks overnight.",
     "River Aire floods more than 2,000 Leeds homes, officials say"),
    ("The city council may close three schools until the water recedes, a spokeswoman said.",
     "Council may close three schools, spokeswoman says"),
    ("Rescue teams pulled 14 people from cars trapped on the A65 road near Ilkley on Sunday night.",
     "Rescue teams pull 14 people from cars on A65 near Ilkley"),
    ("The bridge, which opened in 1932, was not damaged, according to engineers who inspected it on Tuesday.",
     "1932 bridge not damaged, engineers say"),
    ('Mayor Anna Reyes, 48, called the flooding "the worst this city has seen" and asked residents to stay home.',
     'Mayor Anna Reyes calls flooding "the worst this city has seen"'),
)
MAX_TOKENS = 40  # a 14-word bullet is about 20 tokens; a longer answer is cut and then judged too long
SHOWN = 5  # CNN examples shown per article
EXAMPLES_FILE = Path(__file__).with_name("examples.jsonl")

# A final word whose full stop is its own: "U.S.", "T.", "Jr."
_KEPT_STOP = re.compile(r"(?:\b[A-Z](?:\.[A-Z])*|\b(?:Jr|Sr|Dr|St|Mr|Mrs|Ms|Inc|Co|Corp|Ltd))\.$")
_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def messages(sentence: str, examples: Sequence[tuple[str, str]] = EXAMPLES) -> list[dict[str, str]]:
    """The chat messages asking for the bullet of ``sentence``, after the worked ``examples``."""
    out = [{"role": "system", "content": INSTRUCTIONS}]
    for source, bullet in examples:
        out += [{"role": "user", "content": source}, {"role": "assistant", "content": bullet}]
    out.append({"role": "user", "content": " ".join(sentence.split())})
    return out


def bullet(reply: str) -> str:
    """The bullet in the model's reply: its first non-empty line, without a list mark, wrapping quotes or a
    final full stop.

    >>> bullet('- "Council may close three schools."\\nNote: shortened.')
    'Council may close three schools'
    """
    line = next((line for line in reply.splitlines() if line.strip()), "")
    line = _MARK.sub("", line).strip()
    if len(line) > 1 and line[0] == line[-1] == '"' and line.count('"') == 2:
        line = line[1:-1].strip()
    line = line.strip()
    if _KEPT_STOP.search(line):  # "... returns to the U.S.": the full stop ends an abbreviation, not the bullet
        return line
    return line.rstrip(".").strip()


@lru_cache(maxsize=1)
def cnn_examples() -> tuple[tuple[tuple[str, str], ...], tuple[frozenset[str], ...], dict[str, float]]:
    """The mined (sentence, bullet) pairs, each one's content stems, and the stems' inverse document frequency."""
    pairs = []
    with open(EXAMPLES_FILE, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            pairs.append((row["source"], row["bullet"]))
    bags = tuple(frozenset(guard.content(s)) for s, _ in pairs)
    df = Counter(w for bag in bags for w in bag)
    return tuple(pairs), bags, {w: log((1 + len(bags)) / (1 + n)) for w, n in df.items()}


def examples_for(sentences: Sequence[str], k: int = SHOWN) -> tuple[tuple[str, str], ...]:
    """The ``k`` CNN examples whose sentences share the most (rare) words with ``sentences`` (an article's
    bullets' sources), in the file's order so that the same choice gives the same prompt."""
    pairs, bags, idf = cnn_examples()
    mine = set().union(*(guard.content(s) for s in sentences)) if sentences else set()
    rank = sorted(range(len(pairs)), key=lambda i: (-sum(idf[w] for w in bags[i] & mine), i))
    return tuple(pairs[i] for i in sorted(rank[:k]))


# Words a bullet may need that its sentence may lack: how a headline attributes and links
HEADLINE_WORDS = ("says", "say", "is", "are", "has", "have", "to", "of", "in", "on", "for", "and", "as", "at", "by",
                  "with", "after", "from", "the", "a", "an", "not", "no")
_ABBREVIATION = re.compile(r"\.\s+\S")  # a full stop with more of the sentence after it
_GRAMMAR_WORD = re.compile(r"[^\W_](?:[\w'’.,%$&-]*[\w%$])?")


def grammar(sentence: str) -> str:
    """A GBNF grammar for a bullet made of ``sentence``'s words (as written, capitalised, and in the usual
    inflections), the function words and ``HEADLINE_WORDS``, separated by spaces, commas or a colon,
    optionally quoted."""
    vocabulary = set(HEADLINE_WORDS) | {w for w in STOP if w.isalpha()}
    text = normalize(sentence)
    for m in _GRAMMAR_WORD.finditer(text):
        vocabulary |= inflections(m.group())
        if _ABBREVIATION.match(text, m.end()):  # "U.S.", "Dr.", "John T. Smith": the full stop is the word's
            vocabulary.add(m.group() + ".")
    vocabulary |= {w[:1].upper() + w[1:] for w in vocabulary}
    alternatives = " | ".join(json.dumps(w) for w in sorted(vocabulary))
    return ('root ::= word (sep word)* [.!?]?\n'
            'sep ::= " " | ", " | ": " | " -- "\n'
            "word ::= \"\\\"\"? term (\"'s\")? \"\\\"\"?\n"
            f"term ::= {alternatives}\n")


def inflections(word: str) -> set[str]:
    """``word`` and the forms a headline may put it in ("flooded" -> "flood", "floods", "flooding"): made by
    rule, so some are not words, which a model does not choose."""
    out = {word}
    if not word.isalpha() or not word.islower():
        return out | ({word[:-2]} if word.endswith("'s") else set())
    base = {word}
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base.add(word[: -len(suffix)])
    if word.endswith("ied") or word.endswith("ies"):
        base.add(word[:-3] + "y")
    for b in base:
        out |= {b, b + "s", b + "es", b + "ed", b + "d", b + "ing"}
        if b.endswith("y"):
            out |= {b[:-1] + "ies", b[:-1] + "ied"}
        if b.endswith("e"):
            out.add(b[:-1] + "ing")
    return out


# What to tell the model when its bullet was too long or a copy of the sentence (the faults a second try
# fixes; told to restore a hedge or a speaker, it mostly does not)
SHORTER = "Too long for a CNN highlight. Write it again in at most 12 words, keeping the facts and who said it."
HINTS = {"length": SHORTER, "copy": SHORTER}


def hint(problems: Sequence[Problem]) -> str | None:
    """What to tell the model about a rejected rewrite, when every fault found is one a second try fixes
    (a bullet too long, not one too short)."""
    kinds = {p.kind for p in problems}
    if not kinds or not kinds <= HINTS.keys():
        return None
    if any(p.kind == "length" and int(p.detail.split()[0]) < guard.MIN_WORDS for p in problems):
        return None
    return HINTS[sorted(kinds)[0]]


def retry(messages: list[dict[str, str]], answer: str, hint: str) -> list[dict[str, str]]:
    """The conversation again, with the model's ``answer`` and what to fix in it."""
    return [*messages, {"role": "assistant", "content": answer}, {"role": "user", "content": hint}]
