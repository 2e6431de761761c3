"""What ``verify`` returns: a verdict, a score and the problems found, each with its span."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Problem kinds. The hard ones veto "supported" whatever the score; the soft ones are reported only
# (on FRANK they flag faithful summaries about as often as unfaithful ones).
# "deletion": a compressed bullet whose cut the deletion check (``compress.safety``) finds changing the claim.
# "claim": a part of a conflict bullet ("about 20,000 (SANA)") that no figure of the article backs as written:
# another count, hedge or source (``verify.conflict``).
HARD = frozenset({"number", "number_unit", "date", "entity", "negation", "deletion", "claim"})
# "rewrite": the language model's rewrite of the bullet was not used (``rewrite``), the detail says why.
SOFT = frozenset({"attribution", "relation", "rewrite"})
KINDS = HARD | SOFT


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the highlight the article does not back.

    ``start``/``end`` are character offsets into the highlight text; ``source_start``/``source_end``,
    when set, are offsets into the article of the passage it was compared with (for ``negation``
    and ``attribution`` the closest article sentence; for ``number_unit`` the number in the article).
    """

    kind: str
    start: int
    end: int
    detail: str
    source_start: int | None = None
    source_end: int | None = None

    @property
    def hard(self) -> bool:
        return self.kind in HARD

    def to_dict(self) -> dict:
        out = {"type": self.kind, "start": self.start, "end": self.end, "detail": self.detail}
        if self.source_start is not None:
            out["source_start"], out["source_end"] = self.source_start, self.source_end
        return out


@dataclass(frozen=True, slots=True)
class Verification:
    """The verdict on one highlight.

    ``supported`` is True when ``score`` reaches the threshold and no hard problem was found.
    ``features`` are the measurements behind the score (for analysis; not in ``to_dict``).
    """

    supported: bool
    score: float
    problems: tuple[Problem, ...] = ()
    features: Mapping[str, float] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict:
        return {"supported": self.supported, "score": round(float(self.score), 4),
                "problems": [p.to_dict() for p in self.problems]}
