"""What the language model is asked: one source sentence in, one headline-style bullet out.

One request per bullet, so each rewrite lines up with exactly the sentence it came from (the guard
checks it against that evidence). The instructions and worked examples are the same for every
request, so a runtime that caches the prompt's prefix (llama.cpp does) reads them once.
The examples are written for this project: a flood in Leeds that never happened.
"""
from __future__ import annotations

import re

INSTRUCTIONS = (
    "You turn one sentence of a news story into one CNN story highlight: a headline-style bullet of 5 to 10 "
    "words in the present tense. Use only the sentence's own words and facts. Copy numbers, names and dates "
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
MAX_TOKENS = 40  # a 10-word bullet is about 15 tokens; a longer answer is cut and then judged too long

_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def messages(sentence: str) -> list[dict[str, str]]:
    """The chat messages asking for the bullet of ``sentence``."""
    out = [{"role": "system", "content": INSTRUCTIONS}]
    for source, bullet in EXAMPLES:
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
    return line.rstrip(".").strip()
