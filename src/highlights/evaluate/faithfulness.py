"""How well the verifier separates faithful from unfaithful summaries (``highlights eval faithfulness``).

Rows are JSON Lines, plain or gzipped. Four layouts are recognised, row by row, from their fields:

- ours: ``{"id", "article", "summary", "faithful": true|false}``;
- FRANK (Pagnoni et al. 2021): ``human.Factuality == 1.0`` is faithful; the error-type fields
  (``EntE``, ``RelE``, ... below 1.0) give the per-error-type figures;
- SummEval (Fabbri et al. 2021): ``human_expert_avg.consistency == 5`` (all experts gave 5) is faithful;
- QAGS (Wang et al. 2020): ``summary_sentences`` with three workers' votes each
  (``sentence_annotations``); a summary is faithful when every sentence has a majority of "yes".

Each summary is verified whole, against its article, with the package's fixed constants and
threshold: nothing is tuned on the data evaluated (but the constants were fitted on FRANK dev, so
FRANK dev figures are in-sample; ``python -m highlights.training.verifier`` gives the cross-validated ones).
"""
from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import FormatError, HighlightsError, InputError, SettingsError
from . import stats
from .classification import balanced_accuracy, roc_auc
from .corpus import collect

FRANK_ERROR_TYPES = ("EntE", "RelE", "CircE", "OutE", "GramE", "CorefE", "LinkE", "Other")
LABELS = {
    "rows": "field 'faithful'",
    "frank": "human.Factuality == 1.0",
    "summeval": "human_expert_avg.consistency == 5",
    "qags": "every summary sentence has a majority of 'yes' votes",
}


@dataclass(frozen=True, slots=True)
class Row:
    """One summary to verify, with its human label."""

    id: str
    article: str
    summary: str
    faithful: bool
    layout: str                   # "rows", "frank", "summeval" or "qags"
    system: str | None = None
    errors: tuple[str, ...] = ()  # FRANK error types marked on this summary
    group: str | None = None      # the article's id in the source data (see2017_id), when given


def parse_row(row: dict, *, where: str) -> Row:
    """A ``Row`` from one JSON object of any of the four layouts; ``FormatError`` when it fits none."""
    human = row.get("human")
    expert = row.get("human_expert_avg")
    if isinstance(human, dict) and "Factuality" in human:
        layout, summary = "frank", row.get("summary")
        faithful = _number(human["Factuality"], "human.Factuality", where) == 1.0
        errors = tuple(t for t in FRANK_ERROR_TYPES if _number(human.get(t, 1.0), f"human.{t}", where) < 1.0)
    elif isinstance(expert, dict) and "consistency" in expert:
        layout, summary, errors = "summeval", row.get("summary"), ()
        faithful = _number(expert["consistency"], "human_expert_avg.consistency", where) >= 5 - 1e-9
    elif "summary_sentences" in row or "sentence_annotations" in row:
        layout, errors = "qags", ()
        summary, faithful = _qags(row, where)
    elif "faithful" in row:
        layout, summary, errors = "rows", row.get("summary"), ()
        faithful = row["faithful"]
        if faithful not in (True, False) or not isinstance(faithful, (bool, int)):
            raise FormatError(f"field 'faithful' must be true or false, got {faithful!r}", source=where)
        faithful = bool(faithful)
    else:
        raise FormatError("expected a field 'faithful' (true/false), or FRANK's 'human', SummEval's "
                          "'human_expert_avg' or QAGS's 'sentence_annotations'", source=where)
    article = row.get("article")
    for name, value in (("article", article), ("summary", summary)):
        if not isinstance(value, str) or not value.strip():
            raise FormatError(f"field {name!r} is missing or empty", source=where)
    assert isinstance(article, str) and isinstance(summary, str)  # checked just above
    system = row.get("system_name") or row.get("system")
    group = row.get("see2017_id")
    return Row(id=str(row.get("id", where)), article=article, summary=summary, faithful=faithful,
               layout=layout, system=str(system) if system is not None else None, errors=errors,
               group=str(group) if group is not None else None)


def _number(value, name: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormatError(f"field {name!r} must be a number, got {value!r}", source=where)
    return float(value)


def _qags(row: dict, where: str) -> tuple[str, bool]:
    sentences, votes = row.get("summary_sentences"), row.get("sentence_annotations")
    if (not isinstance(sentences, list) or not isinstance(votes, list) or len(sentences) != len(votes)
            or not sentences or not all(isinstance(s, str) for s in sentences)):
        raise FormatError("QAGS rows need 'summary_sentences' and one list of votes per sentence in "
                          "'sentence_annotations'", source=where)
    faithful = True
    for i, sentence_votes in enumerate(votes):
        if not isinstance(sentence_votes, list) or not sentence_votes or not all(
                isinstance(v, dict) and "response" in v for v in sentence_votes):
            raise FormatError(f"sentence {i + 1}: expected a list of votes with 'response'", source=where)
        yes = sum(str(v["response"]).strip().lower() == "yes" for v in sentence_votes)
        faithful &= yes * 2 > len(sentence_votes)
    return " ".join(s.strip() for s in sentences), faithful


def load(path: str, *, limit: int | None = None) -> tuple[list[Row], list[str]]:
    """The usable rows of ``path`` (the first ``limit``) and a message per skipped row.

    Raises ``InputError`` when the file is missing, unreadable, or has no usable row.
    """
    return collect(path, lambda row, where: parse_row(row, where=where), limit=limit)


@dataclass(frozen=True)
class FaithfulnessEvaluation:
    """Everything one ``eval faithfulness`` run measured (``to_dict`` is the JSON report)."""

    data: str
    rows: tuple[Row, ...]
    scores: np.ndarray = field(repr=False)
    supported: np.ndarray = field(repr=False)
    problem_kinds: tuple[frozenset[str], ...] = field(repr=False)
    seconds: float
    model_load_seconds: float
    threshold: float
    samples: int = 1000
    seed: int = 0
    skipped_rows: tuple[str, ...] = ()
    judge: bool = False

    @property
    def labels(self) -> np.ndarray:
        return np.array([r.faithful for r in self.rows], dtype=bool)

    @property
    def layout(self) -> str:
        layouts = {r.layout for r in self.rows}
        return layouts.pop() if len(layouts) == 1 else "mixed"

    def to_dict(self) -> dict:
        y, s, p = self.labels, self.scores, self.supported
        n = len(self.rows)
        groups = [hashlib.blake2b(r.article.encode(), digest_size=8).digest() for r in self.rows]
        ba_low, ba_high = stats.bootstrap_metric(lambda i: balanced_accuracy(y[i], p[i]), n,
                                                 samples=self.samples, seed=self.seed, groups=groups)
        auc_low, auc_high = stats.bootstrap_metric(lambda i: roc_auc(y[i], s[i]), n,
                                                   samples=self.samples, seed=self.seed, groups=groups)
        out: dict[str, Any] = {
            "n": n,
            "balanced_accuracy": _round(balanced_accuracy(y, p)),
            "roc_auc": _round(roc_auc(y, s)),
            "threshold": self.threshold,
            "verifier": "rules+judge" if self.judge else "rules",
            "accuracy": _round(float((y == p).mean())),
            "ci95": {"balanced_accuracy": [_round(ba_low), _round(ba_high)],
                     "roc_auc": [_round(auc_low), _round(auc_high)]},
            "faithful": int(y.sum()),
            "unfaithful": int((~y).sum()),
            "confusion": {"faithful_supported": int((y & p).sum()), "faithful_flagged": int((y & ~p).sum()),
                          "unfaithful_supported": int((~y & p).sum()), "unfaithful_flagged": int((~y & ~p).sum())},
            # flagged = verdict "unsupported": on faithful rows a false alarm, on unfaithful rows a catch
            "false_positive_rate": _round(_share(~p[y])),
            "flagged_unfaithful": _round(_share(~p[~y])),
            "summaries_per_second": _round(n / self.seconds if self.seconds else float("nan"), 2),
            "seconds": _round(self.seconds, 2),
            "model_load_seconds": _round(self.model_load_seconds, 2),
            "dataset": self.layout,
            "label": LABELS.get(self.layout, "per layout: " + "; ".join(f"{k}: {v}" for k, v in LABELS.items())),
            "data": self.data,
        }
        if self.layout == "frank" and not self.judge:
            out["note"] = ("in-sample: the verifier's constants were fitted on FRANK dev; "
                           "python -m highlights.training.verifier gives grouped cross-validated figures")
        if any(r.layout == "frank" for r in self.rows):
            out["per_error_type"] = {}
            for kind in FRANK_ERROR_TYPES:
                mask = np.array([kind in r.errors for r in self.rows])
                out["per_error_type"][kind] = {"n": int(mask.sum()), "flagged": _round(_share(~p[mask]))}
        systems = sorted({r.system for r in self.rows if r.system is not None})
        if systems:
            out["per_system"] = {}
            for system in systems:
                mask = np.array([r.system == system for r in self.rows])
                out["per_system"][system] = {
                    "n": int(mask.sum()), "faithful": _round(_share(y[mask])), "flagged": _round(_share(~p[mask])),
                    "balanced_accuracy": _round(balanced_accuracy(y[mask], p[mask])),
                    "roc_auc": _round(roc_auc(y[mask], s[mask]))}
        kinds = sorted({k for ks in self.problem_kinds for k in ks})
        out["problem_types"] = {}
        for kind in kinds:
            mask = np.array([kind in ks for ks in self.problem_kinds])
            out["problem_types"][kind] = {"summaries": int(mask.sum()), "unfaithful_share": _round(_share(~y[mask]))}
        out["bootstrap"] = {"samples": self.samples, "seed": self.seed, "unit": "article (all its summaries)"}
        out["skipped_rows"] = len(self.skipped_rows)
        return out


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if len(mask) else float("nan")


def _round(value: float, digits: int = 4) -> float | None:
    return None if value != value else round(float(value), digits)  # NaN -> null in JSON


def evaluate(path: str, *, limit: int | None = None, samples: int = 1000, seed: int = 0,
             judge: bool = False) -> FaithfulnessEvaluation:
    """Verify every usable row of ``path`` and keep what the report needs; with ``judge``, the learned
    judge reads each summary too (``verify(..., judge=True)``).

    A row the verifier refuses (e.g. an empty summary after cleaning) is skipped with its reason.
    """
    from .. import nlp
    from ..verify import score, verify

    if samples < 1:
        raise SettingsError(f"bootstrap samples must be positive, got {samples}")
    rows, skipped = load(path, limit=limit)
    start = time.perf_counter()
    nlp.load()
    if judge:
        from ..verify.judge import judge as judge_model

        threshold = judge_model().threshold
    else:
        threshold = score.threshold()
    model_load = time.perf_counter() - start
    kept, scores, verdicts, kinds = [], [], [], []
    start = time.perf_counter()
    for row in rows:
        try:
            v = verify(row.article, row.summary, judge=judge)
        except HighlightsError as exc:
            skipped.append(f"{row.id}: {exc}")
            continue
        kept.append(row)
        scores.append(v.score)
        verdicts.append(v.supported)
        kinds.append(frozenset(p.kind for p in v.problems))
    seconds = time.perf_counter() - start
    if not kept:
        raise InputError("the verifier could not check any row", source=path)
    return FaithfulnessEvaluation(
        data=path, rows=tuple(kept), scores=np.array(scores, dtype=float), supported=np.array(verdicts, dtype=bool),
        problem_kinds=tuple(kinds), seconds=seconds, model_load_seconds=model_load, threshold=threshold,
        samples=samples, seed=seed, skipped_rows=tuple(skipped), judge=judge)


def markdown(evaluation: FaithfulnessEvaluation, report: dict | None = None) -> str:
    """A short Markdown summary of the report."""
    d = report or evaluation.to_dict()
    ci = d["ci95"]
    lines = [
        "| data | n | faithful | balanced accuracy | ROC AUC | accuracy | false-positive rate | summaries/s |",
        "|---|---:|---:|---|---|---:|---:|---:|",
        f"| {d['dataset']} | {d['n']:,} | {d['faithful']:,} | {_fmt(d['balanced_accuracy'])} "
        f"[{_fmt(ci['balanced_accuracy'][0])}, {_fmt(ci['balanced_accuracy'][1])}] | {_fmt(d['roc_auc'])} "
        f"[{_fmt(ci['roc_auc'][0])}, {_fmt(ci['roc_auc'][1])}] | {_fmt(d['accuracy'])} "
        f"| {_fmt(d['false_positive_rate'])} | {d['summaries_per_second']} |",
    ]
    if "per_error_type" in d:
        lines += ["", "| FRANK error type | n | flagged |", "|---|---:|---:|"]
        lines += [f"| {k} | {v['n']} | {_fmt(v['flagged'])} |" for k, v in d["per_error_type"].items()]
    notes = [f"Threshold {d['threshold']}; faithful: {d['label']}; [95% bootstrap interval over articles, "
             f"{d['bootstrap']['samples']:,} resamples, seed {d['bootstrap']['seed']}]; false-positive rate: "
             "share of faithful summaries flagged unsupported."]
    if "note" in d:
        notes.append(d["note"][0].upper() + d["note"][1:] + ".")
    return "\n".join(lines) + "\n\n" + "\n\n".join(notes) + "\n"


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def write_json(report: dict[str, Any], path: str | Path) -> Path:
    """Write the report (``FaithfulnessEvaluation.to_dict()``) as indented JSON; folders are created."""
    from .report import write_file

    return write_file(path, json.dumps(report, indent=2) + "\n")
