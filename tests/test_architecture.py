"""The shape of the code: apps by audience with imports flowing one way (knowledge <- cases <-
learners, teaching), no import cycles, and no product module too long to read."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["legweak_site", "knowledge", "cases", "learners", "teaching"]
# What each app may import of the others. legweak_site wires the apps together (URLs, settings).
ALLOWED = {
    "knowledge": {"knowledge", "legweak_site"},
    "cases": {"knowledge", "cases", "legweak_site"},
    "learners": {"knowledge", "cases", "learners", "legweak_site"},
    "teaching": {"knowledge", "cases", "learners", "teaching", "legweak_site"},
}
MAX_LINES = 500


def product_modules():
    """module name -> path, for every Python file of the apps, migrations aside."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).exists() else []:
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def imports_of(path, name, modules):
    """The project modules a file imports, wherever in the file (inside functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from knowledge import crosslinks` imports the module knowledge.crosslinks.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target:
                found.add(target)
    return found - {name}


@pytest.fixture(scope="module")
def graph():
    modules = product_modules()
    return {name: imports_of(path, name, modules) for name, path in modules.items()}


def test_every_app_has_its_modules_read():
    modules = product_modules()
    assert "knowledge.localizer.engine" in modules and "cases.views" in modules


@pytest.mark.parametrize("app", ["knowledge", "cases"])
def test_imports_flow_one_way(graph, app):
    wrong = {
        f"{name} imports {target}"
        for name, targets in graph.items()
        if name.split(".")[0] == app
        for target in targets
        if target.split(".")[0] not in ALLOWED[app]
    }
    assert not wrong, sorted(wrong)


def test_the_direction_test_catches_a_wrong_import(tmp_path):
    """The check itself: a knowledge module importing cases is seen."""
    bad = tmp_path / "bad.py"
    bad.write_text("def later():\n    from cases.models import Case\n")
    assert imports_of(bad, "knowledge.bad", {"cases.models": None, "knowledge.bad": None}) == {"cases.models"}


def cycles_in(graph):
    """Every import cycle met in a depth-first walk, as 'a -> b -> a'."""
    state, cycles = {}, []

    def visit(name, trail):
        state[name] = "open"
        for target in sorted(graph.get(name, ())):
            if state.get(target) == "open":
                cycles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    return cycles


def test_there_is_no_import_cycle(graph):
    assert cycles_in(graph) == []


def test_the_cycle_test_catches_a_cycle():
    assert cycles_in({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a -> b -> c -> a"]


def test_no_product_module_is_longer_than_it_can_be_read():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in product_modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long


def test_nothing_reads_outside_the_project():
    """A clone of the project alone must run: no code or test refers to the folder beside it."""
    outside = "shared"  # the planners' folder beside the clone (this file alone names it)
    needles = ["../" + outside, f'"{outside}"', f"'{outside}'"]
    offenders = [
        str(path.relative_to(ROOT))
        for folder in [*APPS, "tests", "bench"]
        if (ROOT / folder).exists()
        for path in (ROOT / folder).rglob("*.py")
        if path != Path(__file__) and any(needle in path.read_text(encoding="utf-8") for needle in needles)
    ]
    assert offenders == []
