"""Verifying a conflict bullet ("Estimates of those who fled differ: about 10,000 (civilians, Russian
officials) vs about 20,000 (SANA)") part by part.

Such a bullet puts figures from different sentences (or articles) side by side, so no one source sentence
holds it and the sentence-level checks cannot judge it. It is a conjunction of claims instead, and each is
checked against the quantity claims the article makes (``figures.claims``): a figure of that
value, with that hedge, counting what the bullet says, given as the figure of every source named beside it.
"Differ" is checked too: at least two of the figures must not fit within each other's hedges.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..document import Article, Conflict, Problem
from ..figures import BulletPart, Claim, Disagreement, apart, bounds, claims, conflicts, counted, parse_bullet
from .verdicts import conflict_verdict


def problems(article: str | Article, highlight: str) -> tuple[Problem, ...] | None:
    """What ``article`` does not back in ``highlight`` when it is a conflict bullet (empty: all of it is
    backed), else None (verify it as any other highlight)."""
    parsed = parse_bullet(highlight)
    if parsed is None:
        return None
    what, parts = parsed
    if not isinstance(article, Article):
        article = Article(id="", text=article)
    found = claims(article)
    return combine(highlight, parts, [check_part(part, what, found) for part in parts])


def checked(found: Sequence[Claim], *, in_article: bool) -> tuple[Conflict, ...]:
    """The figures among the claims ``found`` (of one article, or of a story's articles) that disagree, each
    with its bullet's verdict (``backing``): what the pipeline's figures stage and a story's page show."""
    return tuple(d.conflict(in_article=in_article, verified=conflict_verdict(backing(d, found))) for d in conflicts(found))


def backing(conflict: Disagreement, found: Sequence[Claim]) -> tuple[Problem, ...]:
    """What the articles do not back in ``conflict``'s bullet, each part checked against the claims
    (``found``, of every article involved) of the article its value came from."""
    bullet = conflict.bullet()
    parsed = parse_bullet(bullet)
    # a count or a source with a character the form cannot carry ("(", " vs ") does not read back
    if parsed is None or len(parsed[1]) != len(conflict.claims):
        return (Problem("claim", 0, len(bullet), "this bullet cannot be read back part by part"),)
    what, parts = parsed
    return combine(bullet, parts, [check_part(part, what, [c for c in found if c.article == claim.article])
                                   for part, claim in zip(parts, conflict.claims)])


def combine(highlight: str, parts: Sequence[BulletPart], problems: Sequence[Sequence[Problem]]) -> tuple[Problem, ...]:
    """The bullet's problems from its parts' (each checked against its own article's claims), and one more
    when the figures do not in fact differ."""
    found = [p for each in problems for p in each]
    if not found and not any(apart(bounds(a.value, a.hedge, a.high), bounds(b.value, b.hedge, b.high))
                             for a, b in itertools.combinations(parts, 2)):
        found.append(Problem("claim", 0, len(highlight), "these figures fit within each other's hedges; "
                                                         "they do not differ"))
    return tuple(found)


def check_part(part: BulletPart, what: str, found: Sequence[Claim]) -> list[Problem]:
    """What the article's claims (``found``) do not back in ``part``: nothing when one claim has its value (a
    range, both ends), hedge and count and names every source it gives."""
    same_value = [c for c in found if c.value == part.value and c.high == part.high]
    if not same_value:
        shown = f"{part.value:,g}" + (f" to {part.high:,g}" if part.high is not None else "")
        return [Problem("number", part.start, part.end, f"the article gives no figure of {shown}")]
    best: list[Problem] | None = None
    for c in same_value:
        problems = []
        if counted(c.what) != what:
            problems.append(Problem("claim", part.start, part.end, f"the article's {c.text!r} counts "
                                    f"{counted(c.what)}, not {what}", c.start, c.end))
        if c.hedge != part.hedge:
            problems.append(Problem("claim", part.start, part.end, f"the article says {c.text!r}: the hedge "
                                    f"differs", c.start, c.end))
        given = {s.lower() for s in (c.attribution or "").split(", ")}
        for source in part.sources:
            if source.lower() not in given:
                problems.append(Problem("claim", part.start, part.end, f"the article does not give {c.text!r} as "
                                        f"the figure of {source}", c.start, c.end))
        if best is None or len(problems) < len(best):
            best = problems
    return best or []
