"""Figures in the text: quantity claims, the dates a text names, and figures that disagree.

    from highlights.figures import claims, conflicts
    found = claims(article)                  # every number with what it counts, its hedge, source and day
    for d in conflicts(found):               # claims of one count that cannot all be right
        print(d.bullet())                    # "Estimates of the dead differ: 40 (the Observatory) vs 45 (SANA)"

A stage of its own below ``verify`` (which checks a conflict bullet part by part against these claims,
``verify.conflict``) and ``stories`` (a story's timeline dates its events by ``dates``; its page shows the
figures its articles disagree on). The pipeline runs it on every article (``Settings.figures``).
"""
from .claims import Claim, apart, bounds, claims
from .conflicts import BulletPart, Disagreement, conflicts, counted, parse_bullet

__all__ = ["Claim", "claims", "bounds", "apart", "Disagreement", "conflicts", "BulletPart", "parse_bullet", "counted"]
