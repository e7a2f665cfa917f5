"""STYLE's dependency direction, read from the code: accounts ← actionplan ← evidence, no two apps import each other.

Every module of each of our apps (templatetags, management commands and migrations included;
tests excepted, since they exercise pages across apps) is parsed with `ast`, and each import
statement, at module level or inside a function, is attributed to the app it names.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings


def our_apps() -> dict[str, Path]:
    """The project's own apps (not Django's or a library's): label → package directory."""
    base = Path(settings.BASE_DIR).resolve()
    return {
        config.name: Path(config.path).resolve()
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base) and ".venv" not in Path(config.path).parts
    }


def imported_apps(app: str, directory: Path, names: set[str]) -> dict[str, list[str]]:
    """Other apps this app's modules import: app → ["module.py:line imports x.y", …]."""
    found: dict[str, list[str]] = {}
    for path in sorted(directory.rglob("*.py")):
        relative = path.relative_to(directory)
        if relative.parts[0] == "tests":
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in names and top != app:
                    found.setdefault(top, []).append(f"{app}/{relative}:{node.lineno} imports {module}")
    return found


def import_graph() -> dict[str, dict[str, list[str]]]:
    ours = our_apps()
    return {app: imported_apps(app, directory, set(ours)) for app, directory in ours.items()}


def test_the_walk_sees_the_apps_and_their_imports():
    graph = import_graph()
    assert {"accounts", "actionplan", "evidence", "reports"} <= set(graph)
    assert "actionplan" in graph["evidence"] and "accounts" in graph["actionplan"]  # the walk finds imports


def test_actionplan_does_not_import_evidence():
    """Evidence's models point at actionplan's, never the reverse; pages showing both are composed in evidence/."""
    graph = import_graph()
    assert graph["actionplan"].get("evidence", []) == []
    assert graph["accounts"].get("actionplan", []) == [] and graph["accounts"].get("evidence", []) == []


def test_no_two_apps_import_each_other():
    graph = import_graph()
    both_ways = [graph[a][b] + graph[b][a] for a in graph for b in graph[a] if a < b and b in graph and a in graph[b]]
    assert both_ways == []
