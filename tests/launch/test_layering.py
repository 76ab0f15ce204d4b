"""The launch model's rooms keep to themselves: who may import what, read from the source."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import showmeter

PACKAGE = Path(showmeter.__file__).parent


def _imports(package: str) -> dict[str, set[str]]:
    """Every module a package's files import (at any depth), by file."""
    found: dict[str, set[str]] = {}
    for path in sorted((PACKAGE / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names |= {f"{node.module}.{alias.name}" for alias in node.names}
        found[str(path.relative_to(PACKAGE))] = names
    return found


def _offending(package: str, banned: tuple[str, ...]) -> dict[str, list[str]]:
    return {
        file: sorted(n for n in names if n.split(".")[0] in banned or n.startswith(banned))
        for file, names in _imports(package).items()
        if any(n.split(".")[0] in banned or n.startswith(banned) for n in names)
    }


@pytest.mark.parametrize("package", ["launch", "report", "web", "demo"])
def test_the_outputs_run_no_sql_themselves(package: str) -> None:
    assert _offending(package, ("duckdb", "ibis")) == {}


@pytest.mark.parametrize("package", ["launch", "web"])
def test_the_launch_model_and_the_dashboard_never_import_the_report(package: str) -> None:
    assert _offending(package, ("showmeter.report",)) == {}


@pytest.mark.parametrize(
    "package", ["launch", "report", "store", "engines", "metrics", "ingest", "catalog"]
)
def test_only_the_command_line_and_the_dashboard_import_the_demo(package: str) -> None:
    assert _offending(package, ("showmeter.demo",)) == {}
