"""The docs and the command line agree on every flag (issue 14, item 6).

- Every ``--flag`` of a ``showmeter COMMAND ...`` line in a code block of README.md, docs/*.md or
  docs/adapters/*.md is an option of that command (or of ``showmeter`` itself).
- Every ``--flag`` in inline code of those pages is an option of some ``showmeter`` command,
  unless the code is another program's command line (``python -m benchmarks...``, ``ruff``).
- docs/cli.md, the reference of every command and option, is generated from the commands and
  up to date.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from showmeter.cli.reference import commands, options, reference

ROOT = Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PAGES += sorted((ROOT / "docs" / "adapters").glob("*.md"))
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
OTHER_PROGRAMS = ("python", "ruff", "mypy", "pytest", "pip", "lint-imports", "uv", "git", "curl")
"""Programs whose own flags the docs quote."""


def _commands_in_blocks(text: str) -> list[tuple[str, list[str]]]:
    """``(command, flags)`` of every ``showmeter ...`` line of the code blocks."""
    found = []
    known = commands()
    for block in FENCE.findall(text):
        joined = re.sub(r"\\\n\s*", " ", block)  # continuation lines
        for line in joined.splitlines():
            match = re.search(r"(?:^|[\s$(])showmeter\s+(.*)", line)
            if match is None:
                continue
            words = match.group(1).split()
            path = "showmeter"
            while words and f"{path} {words[0]}" in known:
                path = f"{path} {words.pop(0)}"
            flags = []
            for word in words:
                if word in ("|", "&&", ";", "#", ">"):
                    break
                flags += [word.split("=")[0]] if word.startswith("--") else []
            found.append((path, flags))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_flag_of_a_command_in_a_code_block_is_an_option_of_that_command(page: Path) -> None:
    known = commands()
    root = options(known["showmeter"])
    wrong = [
        f"{command} {flag}"
        for command, flags in _commands_in_blocks(page.read_text(encoding="utf-8"))
        for flag in flags
        if flag not in options(known[command]) | root
    ]
    assert wrong == [], f"{page.name}: flags the command does not have: {wrong}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_flag_in_inline_code_is_an_option_of_some_command(page: Path) -> None:
    every = set().union(*(options(command) for command in commands().values()))
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    wrong = [
        flag
        for span in re.findall(r"`([^`]+)`", text)
        if not span.strip().startswith(OTHER_PROGRAMS)
        for flag in FLAG.findall(span)
        if flag not in every
    ]
    assert wrong == [], f"{page.name}: flags no command has: {wrong}"


def test_the_checks_catch_a_flag_the_command_line_lacks() -> None:
    """The spelling the issue found in docs/adapters: the CLI has --include supplemental."""
    block = "```\nshowmeter ingest --source netflix --include-supplemental --events x.csv\n```\n"
    [(command, flags)] = _commands_in_blocks(block)
    assert command == "showmeter ingest"
    assert "--include-supplemental" not in options(commands()[command])
    assert "--include" in options(commands()[command])
    assert flags == ["--source", "--include-supplemental", "--events"]
    nested = "```\nshowmeter catalog draft --source netflix x.csv\n```\n"
    assert _commands_in_blocks(nested) == [("showmeter catalog draft", ["--source"])]


def test_the_command_line_reference_is_up_to_date() -> None:
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == reference(), "run: python -m showmeter.cli.reference > docs/cli.md"


def test_the_reference_names_every_option_of_every_command() -> None:
    text = reference()
    for path, command in commands().items():
        assert f"## `{path}`" in text
        for flag in options(command) - {"--help"}:
            if not any(p.hidden for p in command.params if flag in getattr(p, "opts", ())):
                assert f"`{flag}`" in text, (path, flag)
