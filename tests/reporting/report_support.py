"""What the report tests share: the demo run through the command line, and its outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SESSIONS = 60_000
"""Sessions of the small demo world the report tests share (the full demo has 1.5 M)."""


@dataclass(frozen=True)
class Demo:
    """What ``showmeter demo`` wrote and printed."""

    folder: Path
    store: Path
    html: str
    document: dict[str, Any]
    stdout: str
    stderr: str


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )
