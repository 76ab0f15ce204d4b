"""What the dashboard tests share: the demo store, built through the command line, and a client."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import urlparse

SESSIONS = 60_000
"""Sessions of the small demo world (the report tests use the same size)."""

SEASON = ("the-defenders", 1)
REFERENCE = ("daredevil", 2)

with warnings.catch_warnings():
    # Starlette asks for `httpx2`; the test client works with httpx, which the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = ["REFERENCE", "SEASON", "SESSIONS", "TestClient", "local", "run"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )


def local(url: str) -> bool:
    """Whether a URL stays on this machine."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "about", "blob"):
        return True
    return parsed.hostname in ("localhost", "127.0.0.1", "::1")


def prebuilt() -> Path | None:
    """A demo store to reuse instead of building one (``SHOWMETER_WEB_STORE``), if given."""
    given = os.environ.get("SHOWMETER_WEB_STORE")
    return Path(given) if given else None
