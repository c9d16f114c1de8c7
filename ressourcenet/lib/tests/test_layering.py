"""Which module may import which: read from the source with `ast`, imports inside
functions included (a late import hides a cycle, it does not remove it).

The direction, from the bottom up: people ← networks ← meetings ← scheduling, and
meetings ← knowledge. Models import no services, views or API; meetings imports nothing
from scheduling or knowledge, except its views, which put the pages together; pure
modules touch no database. The API and the views may combine any apps.
"""

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PURE = {
    "ressourcenet.lib.dates",
    "ressourcenet.lib.names",
    "ressourcenet.meetings.design",
    "ressourcenet.networks.coverage",
    "ressourcenet.scheduling.labels",
    "ressourcenet.scheduling.preferences",
    "ressourcenet.scheduling.recommend",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def imported_names(source: str, package: str) -> set[str]:
    """Every module the source imports, anywhere in it; `from a import b` gives a and a.b."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def project_modules() -> dict[str, set[str]]:
    """The package's own modules (no tests, migrations or browser tests) and their imports."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = set(path.relative_to(PACKAGE).parts)
        if parts & {"tests", "migrations", "e2e"} or path.name == "conftest.py":
            continue
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        modules[name] = imported_names(path.read_text(encoding="utf-8"), package)
    return modules


MODULES = project_modules()


def project_imports(name: str) -> set[str]:
    return {other for other in MODULES[name] if other in MODULES and other != name}


def test_the_reader_sees_imports_inside_functions_and_relative_ones():
    source = "def late():\n    from ressourcenet.scheduling import services\n"
    relative = "from ..scheduling.models import Poll\nfrom . import design\n"

    assert "ressourcenet.scheduling.services" in imported_names(source, "ressourcenet.meetings")
    assert imported_names(relative, "ressourcenet.meetings") >= {
        "ressourcenet.scheduling.models",
        "ressourcenet.meetings.design",
    }


def test_the_package_has_no_import_cycle():
    graph = {name: project_imports(name) for name in MODULES}
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_meetings_imports_nothing_from_scheduling_but_in_its_views():
    offenders = {
        name: sorted(other for other in project_imports(name) if ".scheduling" in other)
        for name in MODULES
        if name.startswith("ressourcenet.meetings") and name != "ressourcenet.meetings.views"
    }
    assert {name: found for name, found in offenders.items() if found} == {}


# The search index stores the words of meetings too: their services write them to it, as
# they would to any collaborator below them (knowledge/search.py needs only their models).
SEARCH_INDEX = {
    "ressourcenet.meetings.services": {"ressourcenet.knowledge", "ressourcenet.knowledge.search"}
}


def test_meetings_and_networks_import_nothing_from_knowledge_but_in_their_views():
    offenders = {
        name: sorted(
            other
            for other in project_imports(name) - SEARCH_INDEX.get(name, set())
            if ".knowledge" in other
        )
        for name in MODULES
        if name.startswith(("ressourcenet.meetings", "ressourcenet.networks"))
        and not name.endswith(".views")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_meeting_services_do_not_import_scheduling_services():
    assert "ressourcenet.scheduling.services" not in MODULES["ressourcenet.meetings.services"]


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n.endswith(".models")))
def test_models_import_no_services_views_or_api(name):
    upward = (".services", ".views", ".tasks", ".forms", "ressourcenet.api")
    assert sorted(m for m in project_imports(name) if any(u in m for u in upward)) == []


@pytest.mark.parametrize("name", sorted(PURE))
def test_pure_modules_touch_no_database(name):
    assert not any(m.startswith("django.db") for m in MODULES[name])
    assert project_imports(name) <= PURE | {"ressourcenet"} | {
        n
        for n in MODULES
        if n.count(".") == 1  # the apps' packages themselves
    }
