"""README's Quick tour: every command exists, and every computation answers one question."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from typer.main import get_command

import showmeter
from showmeter.cli import app
from showmeter.definitions import registry

README = Path(__file__).parents[1] / "README.md"


def _tour_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    tour = text.split("## Quick tour", 1)[1].split("\n## ", 1)[0]
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", tour, re.S):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(words)
    return commands


def test_every_tour_command_is_a_command_of_the_cli() -> None:
    commands = get_command(app).commands  # type: ignore[attr-defined]
    for words in _tour_commands():
        assert words[0] == "showmeter", words
        assert words[1] in commands, words


def test_every_computation_names_a_season_and_only_parameters_of_its_metric() -> None:
    computations = [words for words in _tour_commands() if words[1] == "compute"]
    assert len(computations) >= 5
    for words in computations:
        metric = registry.get(words[2])
        names = {param.name for param in metric.params}
        settings = dict(
            words[i + 1].split("=", 1) for i, word in enumerate(words) if word == "--set"
        )
        if metric.name == "rank":
            names |= {param.name for param in registry.get(settings["metric"]).params}
        assert set(settings) <= names, (words, set(settings) - names)
        if "--store" in words:  # a question about one season, not a dump of every title
            assert "--title" in words and "--season" in words, words


def test_the_tour_uses_the_press_s_parameters_for_the_press_s_figures() -> None:
    from showmeter.demo.published import PUBLISHED

    tour = {tuple(words[2:3]): words for words in _tour_commands() if words[1] == "compute"}
    for figure in PUBLISHED:
        words = tour.get((figure.query.metric,))
        if words is None or figure.query.metric == "rank":
            continue
        for name, value in figure.query.params.items():
            if name in ("reference", "panel", "devices", "markets", "unit", "ages"):
                assert f"{name}={value}" in words, (figure.figure, name, value)
    assert {m.name for m in showmeter.metrics()} >= {words[2] for words in tour.values()}
