"""The docs a clone has: no reference outside the repository, every link and section resolves.

The definitions and contracts are docs/contracts.md and their sources docs/sources.md; README,
docs, the metrics' ``source`` texts (``showmeter metrics NAME``) and docstrings point there.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import showmeter

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"

OUTSIDE = re.compile(r"\.\./shared|METRICS\.md|DESIGN\.md|research/\w+\.md")
"""What a clone does not have: the project's shared folder and its pages."""

NOT_YET: set[str] = set()
"""Files allowed to point outside the repository: none."""


def _texts() -> list[Path]:
    found = [ROOT / "README.md", *DOCS.rglob("*.md")]
    found += [
        path
        for path in (ROOT / "src" / "showmeter").rglob("*.py")
        if str(path.relative_to(ROOT)) not in NOT_YET
    ]
    return found


@pytest.mark.parametrize("path", _texts(), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_points_outside_the_repository(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if path == DOCS / "sources.md":  # quotes upstream repositories' own paths (`owner/repo:…`)
        text = re.sub(r"`[\w.-]+/[\w.-]+:[^`]+`", "", text)
    assert not OUTSIDE.findall(text), f"{path}: {OUTSIDE.findall(text)}"


def _sections() -> set[str]:
    text = (DOCS / "sources.md").read_text(encoding="utf-8")
    return set(re.findall(r"^## (\d+)\. ", text, re.M))


def test_every_metric_source_names_a_section_of_docs_sources_md() -> None:
    sections = _sections()
    assert {"1", "2", "3", "4", "5", "6", "7", "9", "10"} <= sections
    for metric in showmeter.metrics():
        cited = re.findall(r"§(\d+)", metric.source)
        assert metric.source.startswith("docs/sources.md §"), (metric.name, metric.source)
        assert cited and set(cited) <= sections, (metric.name, cited)
        assert "docs/contracts.md" in metric.source, metric.name


@pytest.mark.parametrize("page", ["README.md", *[f"docs/{p.name}" for p in DOCS.glob("*.md")]])
def test_every_relative_link_resolves(page: str) -> None:
    path = ROOT / page
    for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
        assert (path.parent / target).exists(), f"{page} links to {target}, which does not exist"


def test_the_contracts_list_every_registered_metric_and_no_other() -> None:
    text = (DOCS / "contracts.md").read_text(encoding="utf-8")
    table = text.split("## Metrics", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(\w+)` \|", table, re.M)
    assert listed == [metric.name for metric in showmeter.metrics()]


def test_the_contracts_cli_synopsis_names_every_command() -> None:
    from typer.main import get_command

    from showmeter.cli import app

    text = (DOCS / "contracts.md").read_text(encoding="utf-8")
    synopsis = text.split("## CLI contract", 1)[1].split("```", 2)[1]
    commands = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert commands == set(re.findall(r"showmeter (\w+)", synopsis))
