"""Reports of an ``Evaluation``: the JSON contract, a Markdown table and two PNG plots.

The JSON (``to_json``) is what other tools read: ``{"n", "results": [{"method", "rouge1",
"rouge2", "rougeLsum", "ci95", "articles_per_second", "mean_highlights",
"mean_words_per_highlight", ...}]}``. The plots use matplotlib's Agg canvas directly (no pyplot,
no display), imported only when a report directory is asked for.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError, SettingsError
from ..metrics.rouge import INSTALL_EVAL
from .harness import Evaluation, Result

_LABELS = {"rouge1": "ROUGE-1", "rouge2": "ROUGE-2", "rougeLsum": "ROUGE-Lsum"}
_COLOURS = {"method": "#1f77b4", "oracle": "#2ca02c", "system": "#7f7f7f"}


def to_json(evaluation: Evaluation) -> str:
    return json.dumps(evaluation.to_dict(), indent=2) + "\n"


def write_json(evaluation: Evaluation, path: str | Path) -> Path:
    return write_file(path, to_json(evaluation))


def write_file(path: str | Path, text: str) -> Path:
    """Write a report file, creating its folders; ``InputError`` (naming the path) when that fails."""
    path = Path(path)
    try:
        if path.parent != Path(""):
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the report ({exc.strerror or exc})", source=str(path)) from None
    return path


def markdown(evaluation: Evaluation) -> str:
    """A Markdown table: scores with 95% intervals, the paired test and the speed of every row."""
    first = evaluation.results[0].method if evaluation.results else "-"
    lines = [
        f"| method | ROUGE-1 | ROUGE-2 | ROUGE-Lsum | Δ R-1 vs {first} (p) | articles/s | highlights | words/highlight |",
        "|---|---|---|---|---|---:|---:|---:|",
    ]
    for r in evaluation.results:
        cells = [f"{r.method}{' (published)' if r.kind == 'system' else ''}"]
        for t in ("rouge1", "rouge2", "rougeLsum"):
            cells.append(f"{getattr(r.mean, t):.2f} [{getattr(r.low, t):.2f}, {getattr(r.high, t):.2f}]")
        if r.comparison is None:
            cells.append("—")
        else:
            cells.append(f"{r.comparison.mean_difference.rouge1:+.2f} ({_p(r.comparison.p_value.rouge1)})")
        cells.append("—" if r.articles_per_second is None else f"{r.articles_per_second:,.0f}")
        cells.append(f"{r.mean_highlights:.2f}")
        cells.append(f"{r.mean_words_per_highlight:.1f}")
        lines.append("| " + " | ".join(cells) + " |")
    lines += _by_source(evaluation)
    notes = [f"{evaluation.n:,} articles; F1 × 100, rouge-score tokenization with Porter stemmer, one sentence "
             f"per line; [95% bootstrap interval, {evaluation.samples:,} resamples, seed {evaluation.seed}]; "
             f"p: paired sign-flip test against {first}; articles/s: splitting and selection only, "
             f"{evaluation.workers} process(es)."]
    if evaluation.incomplete_systems:
        notes.append(f"Not scored, for want of outputs on all {evaluation.n:,} articles: "
                     f"{_grouped(evaluation.incomplete_systems)}.")
    return "\n".join(lines) + "\n\n" + "\n\n".join(notes) + "\n"


def _by_source(evaluation: Evaluation) -> list[str]:
    """A second table, each row's means on the CNN and the Daily Mail stories apart (by CNN's dateline),
    when the articles hold both."""
    found = {source: n for r in evaluation.results for source, (n, _) in r.by_source.items()}
    if len(found) < 2:
        return []
    names = {"cnn": "CNN", "dailymail": "Daily Mail"}
    head = " | ".join(f"{names[s]} ({n:,}) R-1 / R-2 / R-Lsum" for s, n in found.items())
    out = ["", f"| method | {head} |", "|---|" + "---|" * len(found)]
    for r in evaluation.results:
        cells = [f"{m.rouge1:.2f} / {m.rouge2:.2f} / {m.rougeLsum:.2f}" if (m := r.by_source.get(s, (0, None))[1])
                 else "—" for s in found]
        out.append(f"| {r.method} | " + " | ".join(cells) + " |")
    return out


def _grouped(covered: dict[str, int]) -> str:
    """Systems grouped by family (the name up to its first dash), with the articles they cover.

    >>> _grouped({"sumllm-gpt4": 13, "sumllm-bart": 13, "simcls": 5})
    'simcls (5 articles), sumllm-* (2 systems, 13 articles)'
    """
    families: dict[str, list[int]] = {}
    for name, n in sorted(covered.items()):
        families.setdefault(name.split("-")[0] if "-" in name else name, []).append(n)
    parts = []
    for family, counts in families.items():
        span = f"{min(counts)}" if min(counts) == max(counts) else f"{min(counts)}–{max(counts)}"
        if len(counts) == 1 and family in covered:
            parts.append(f"{family} ({span} articles)")
        else:
            parts.append(f"{family}-* ({len(counts)} systems, {span} articles)")
    return ", ".join(parts)


def _p(p: float) -> str:
    return f"p={p:.3f}" if p >= 0.001 else "p<0.001"


def _figure_tools():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise SettingsError(f"--report needs matplotlib: {INSTALL_EVAL}") from None
    return Figure, FigureCanvasAgg


def require_plotting() -> None:
    """Fail early, before a long run, when the report's plotting library is missing."""
    _figure_tools()


def write_report(evaluation: Evaluation, directory: str | Path) -> list[Path]:
    """``report.md``, ``rouge.png`` and ``speed.png`` in ``directory`` (created if needed)."""
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
        paths = [out / "report.md", out / "rouge.png", out / "speed.png"]
        paths[0].write_text("# ROUGE evaluation\n\n" + markdown(evaluation)
                            + "\n![ROUGE per method](rouge.png)\n\n![Quality against speed](speed.png)\n",
                            encoding="utf-8")
        plot_rouge(evaluation, paths[1])
        plot_speed(evaluation, paths[2])
    except OSError as exc:
        raise InputError(f"cannot write the report ({exc.strerror or exc})", source=str(out)) from None
    return paths


def _kind(r: Result) -> str:
    return "oracle" if r.method == "oracle" else r.kind


def plot_rouge(evaluation: Evaluation, path: str | Path) -> None:
    """One panel per ROUGE type: a bar per method with its 95% interval, best at the top."""
    Figure, Canvas = _figure_tools()
    rows = sorted(evaluation.results, key=lambda r: r.mean.rouge1)
    height = 1.2 + 0.38 * len(rows)
    fig = Figure(figsize=(13, height), dpi=110, layout="constrained")
    Canvas(fig)
    axes = fig.subplots(1, 3, sharey=True)
    ys = range(len(rows))
    for ax, t in zip(axes, ("rouge1", "rouge2", "rougeLsum")):
        means = [getattr(r.mean, t) for r in rows]
        errors = [[m - getattr(r.low, t) for m, r in zip(means, rows)],
                  [getattr(r.high, t) - m for m, r in zip(means, rows)]]
        ax.barh(list(ys), means, xerr=errors, color=[_COLOURS[_kind(r)] for r in rows], capsize=3, height=0.7)
        for y, m in zip(ys, means):
            ax.text(m / 2, y, f"{m:.2f}", va="center", ha="center", color="white", fontsize=8, fontweight="bold")
        ax.set_title(_LABELS[t])
        ax.set_xlim(0, max(getattr(r.high, t) for r in rows) * 1.08)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(list(ys), [r.method for r in rows])
    fig.suptitle(f"ROUGE F1 × 100 on {evaluation.n:,} articles (95% bootstrap intervals); "
                 "blue: ours, green: oracle, grey: published outputs", fontsize=10)
    fig.savefig(path)


def plot_speed(evaluation: Evaluation, path: str | Path) -> None:
    """ROUGE-1 against articles per second (log scale); published outputs, untimed, as dashed lines."""
    Figure, Canvas = _figure_tools()
    fig = Figure(figsize=(9, 5.5), dpi=110, layout="constrained")
    Canvas(fig)
    ax = fig.subplots()
    timed = [r for r in evaluation.results if r.articles_per_second]
    for r in timed:
        ax.errorbar(r.articles_per_second, r.mean.rouge1,
                    yerr=[[r.mean.rouge1 - r.low.rouge1], [r.high.rouge1 - r.mean.rouge1]],
                    fmt="o", color=_COLOURS[_kind(r)], capsize=3, markersize=7)
        ax.annotate(r.method, (r.articles_per_second, r.mean.rouge1), textcoords="offset points",
                    xytext=(7, 5), fontsize=9)
    ax.set_xscale("log")
    if timed:
        speeds = [r.articles_per_second for r in timed if r.articles_per_second]  # all of timed (for mypy)
        # Room on the right for the labels of the published outputs' lines.
        ax.set_xlim(min(speeds) / 2.5, max(speeds) * (40 if len(timed) < len(evaluation.results) else 4))
    for r in evaluation.results:
        if r.articles_per_second is None:
            ax.axhline(r.mean.rouge1, color=_COLOURS["system"], linestyle="--", linewidth=0.9)
            ax.annotate(f"{r.method} (published)", (1.0, r.mean.rouge1), xycoords=("axes fraction", "data"),
                        xytext=(-4, 3), textcoords="offset points", ha="right", fontsize=8,
                        color="#505050")
    ax.set_xlabel(f"articles per second (splitting + selection, {evaluation.workers} process(es), log scale)")
    ax.set_ylabel("ROUGE-1 F1 × 100 (95% interval)")
    ax.set_title(f"Quality against speed on {evaluation.n:,} articles")
    ax.grid(alpha=0.3, which="both")
    fig.savefig(path)
