"""``showmeter metrics NAME``: the definition on one screen; the SQL only with ``--sql``."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import showmeter
from showmeter.cli import app

SCREEN = 50
"""Lines of a terminal 100 columns wide that the definition and its parameters must fit in."""


def _run(*args: str, columns: int = 100) -> str:
    done = CliRunner().invoke(app, ["metrics", *args], env={"COLUMNS": str(columns)})
    assert done.exit_code == 0, done.output
    return done.output


def test_a_definition_is_rendered_markdown_with_its_own_parameters_and_no_sql() -> None:
    out = _run("binge_racers")
    assert "``" not in out and "###" not in out and "**" not in out  # rendered, not raw
    assert "(seasons.episodes)" in out  # was ``seasons.episodes`` in the docstring
    assert "window_hours" in out and "an integer from 1 to 8784" in out
    assert "unit=account panel=none devices=all" in out  # the shared parameters on a line
    assert "SELECT" not in out and "FROM" not in out
    assert "showmeter metrics binge_racers --sql" in out


@pytest.mark.parametrize("metric", [m.name for m in showmeter.metrics()])
def test_every_definition_fits_on_one_screen(metric: str) -> None:
    assert len(_run(metric).rstrip("\n").splitlines()) <= SCREEN


def test_sql_prints_only_the_sql_with_placeholders_for_required_parameters() -> None:
    out = _run("reach_index", "--sql", columns=60)
    assert out.lstrip().startswith(("WITH", "SELECT"))
    assert "<title>:1" in out or "'<title>'" in out  # the required reference, as a stand-in
    assert "Reach index" not in out  # no definition text
    lines = out.splitlines()
    assert max(len(line) for line in lines) > 60  # whole lines, not wrapped mid-statement
