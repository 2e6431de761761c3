"""The evaluation gate: pinned minimum dev scores that a change must not fall below.

A baseline file (``tests/evaluate/baseline.json``) names a fixed dev sample (a corpus and a row
limit) and, per method, the minimum ROUGE F1 × 100 it must reach there. The test suite measures
the methods again and fails when one falls more than ``tolerance`` below its pin. The scores are
deterministic, so the tolerance only absorbs rounding and floating-point noise across platforms;
a real drop, even a small one, fails. Pins only go up unless lowering is asked for explicitly
(``bench/update_baseline.py --allow-lower``), so a regression is always a visible decision.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import SettingsError
from ..metrics.rouge import ROUGE_TYPES
from .harness import evaluate


@dataclass(frozen=True)
class Baseline:
    """The sample the pins hold on, and the pins: method → ROUGE type → minimum score."""

    data: str  # relative to the shared data folder
    limit: int
    every: int
    count: int
    tolerance: float
    pins: dict[str, dict[str, float]]

    @classmethod
    def read(cls, path: str | Path) -> Baseline:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data=raw["data"], limit=int(raw["limit"]), every=int(raw.get("every", 1)), count=int(raw.get("count", 3)),
                   tolerance=float(raw["tolerance"]), pins=raw["pins"])

    def write(self, path: str | Path) -> None:
        doc = {
            "about": "Minimum dev scores (ROUGE F1 x 100) per method on every `every`-th row of `data`, "
                     "the first `limit` of those. "
                     "tests/evaluate/test_gate.py fails when a method scores more than `tolerance` below a pin. "
                     "Raise pins with `bench/update_baseline.py`; lowering one needs --allow-lower.",
            "data": self.data, "limit": self.limit, "every": self.every, "count": self.count, "tolerance": self.tolerance,
            "pins": self.pins,
        }
        Path(path).write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def measure(baseline: Baseline, *, data_dir: str | Path, methods: list[str] | None = None
            ) -> dict[str, dict[str, float]]:
    """Current scores of the pinned methods (or ``methods``) on the baseline's sample."""
    names = methods or list(baseline.pins)
    evaluation = evaluate(str(Path(data_dir) / baseline.data), methods=names, limit=baseline.limit,
                          every=baseline.every,
                          n=baseline.count, samples=1)
    return {r.method: {t: getattr(r.mean, t) for t in ROUGE_TYPES} for r in evaluation.results}


def failures(baseline: Baseline, measured: dict[str, dict[str, float]]) -> list[str]:
    """One message for each pinned score the measurement falls below, beyond the tolerance."""
    out = []
    for method, pins in baseline.pins.items():
        for t, pin in pins.items():
            got = measured.get(method, {}).get(t)
            if got is None:
                out.append(f"{method} {t}: not measured")
            elif got < pin - baseline.tolerance:
                out.append(f"{method} {t}: {got:.2f} is below the pin {pin:.2f} (tolerance {baseline.tolerance})")
    return out


class LowerPinError(SettingsError):
    """A new measurement would lower a pin, and lowering was not allowed."""


def updated(baseline: Baseline, measured: dict[str, dict[str, float]], *, allow_lower: bool = False) -> Baseline:
    """The baseline with each measured method pinned at its score rounded down to 0.01.

    Raises ``LowerPinError`` naming every pin that would go down, unless ``allow_lower``.

    >>> b = Baseline("x", 10, 1, 3, 0.1, {"lead": {"rouge1": 40.0}})
    >>> updated(b, {"lead": {"rouge1": 40.456}}).pins
    {'lead': {'rouge1': 40.45}}
    """
    pins = {m: dict(p) for m, p in baseline.pins.items()}
    lowered = []
    for method, scores in measured.items():
        for t, score in scores.items():
            new = math.floor(score * 100 + 1e-9) / 100
            old = pins.get(method, {}).get(t)
            if old is not None and new < old:
                lowered.append(f"{method} {t}: {old:.2f} → {new:.2f}")
            pins.setdefault(method, {})[t] = new
    if lowered and not allow_lower:
        raise LowerPinError("would lower " + "; ".join(lowered) + " (pass --allow-lower to accept)")
    return Baseline(baseline.data, baseline.limit, baseline.every, baseline.count, baseline.tolerance, pins)
