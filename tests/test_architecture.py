"""The layers of the house, read from the code's own imports (module level and inside functions alike).

Each package or top-level module of ``highlights`` has a floor; a module may import only from its own
floor or the floors below. The flow (read → sentences → select → compress → verify → rewrite → figures
→ render) climbs one floor a stage; the applications that use the pipeline (stories, evaluation,
training, batch, the service and the CLI) stand above it. docs/architecture.md draws the same picture.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "highlights"

# bottom first; names on one floor may import each other
FLOORS: list[set[str]] = [
    {"errors", "version", "processes"},  # (processes: worker pools, nothing of Highlights in them)
    {"settings", "document", "contract"},
    {"words", "models", "nlp"},
    {"sentences"},
    {"read"},
    {"figures"},
    {"select"},
    {"compress"},
    {"verify"},
    {"rewrite"},
    {"render"},
    {"pipeline"},
    {"metrics"},
    {"evaluate", "training", "stories"},
    {"batch"},
    {"service", "cli"},
    {"__init__", "__main__"},
]
FLOOR = {name: i for i, names in enumerate(FLOORS) for name in names}
# the applications above the pipeline: nothing below them may import them
ABOVE = {"pipeline", "stories", "batch", "service", "cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports() -> dict[str, set[str]]:
    """Module → the ``highlights`` modules it imports (a name imported from a package counts as the
    package's module when it is one)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    out: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join(up + ([node.module] if node.module else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target.startswith("highlights") and target != name:
                    out[name].add(target)
    return out


def room(module: str) -> str:
    """The floor's name of a module: its package under ``highlights`` (``highlights`` itself is ``__init__``)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_room_has_a_floor():
    rooms = {room(m) for m in imports()} | {room(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert rooms <= set(FLOOR), f"give these a floor in FLOORS: {sorted(rooms - set(FLOOR))}"


def test_no_import_runs_back_up_a_floor():
    wrong = sorted(f"{m} -> {t}" for m, targets in imports().items() for t in targets
                   if FLOOR[room(t)] > FLOOR[room(m)])
    assert not wrong, "imports from a lower floor to a higher one:\n" + "\n".join(wrong)


def test_nothing_below_the_applications_imports_them():
    wrong = sorted(f"{m} -> {t}" for m, targets in imports().items() for t in targets
                   if room(t) in ABOVE and room(t) != room(m) and FLOOR[room(m)] <= FLOOR["pipeline"])
    assert not wrong, "\n".join(wrong)


def test_no_import_circle():
    graph = imports()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    assert not circles, f"import circles: {circles}"


@pytest.mark.parametrize("helper", ["highlights_testing.pgserver", "highlights_testing.loadtest"])
def test_test_and_bench_helpers_live_outside_the_runtime_package(helper):
    assert (SRC / (helper.replace(".", "/") + ".py")).exists()
    assert not any("highlights_testing" in t for targets in imports().values() for t in targets)
