"""The demo at a small scale, run once per session through the command line."""

from __future__ import annotations

import json

import pytest
from report_support import SESSIONS, Demo, run


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """``showmeter demo --sessions 60000`` into a temporary folder."""
    folder = tmp_path_factory.mktemp("demo")
    done = run("demo", "--output", str(folder), "--sessions", str(SESSIONS))
    assert done.returncode == 0, done.stderr
    return Demo(
        folder,
        folder / "demo.duckdb",
        (folder / "report.html").read_text(encoding="utf-8"),
        json.loads((folder / "report.json").read_text(encoding="utf-8")),
        done.stdout,
        done.stderr,
    )
