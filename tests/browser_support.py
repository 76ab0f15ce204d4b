"""Debian's Chromium for the browser tests of the report and the dashboard.

A browser test is skipped with its reason where /usr/bin/chromium or Playwright is missing,
unless SHOWMETER_REQUIRE_BROWSER=1 (CI sets it, and installs both), which makes that a failure.
No browser is ever downloaded. Screenshots go to artifacts/ at the root of the repository.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

__all__ = ["ARGS", "ARTIFACTS", "CHROMIUM", "needs_browser"]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Chromium's flags: headless, and nothing that reaches out to the network by itself."""
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install playwright; no `playwright install`)"
    return None


_MISSING = _missing()
if _MISSING and os.environ.get("SHOWMETER_REQUIRE_BROWSER") == "1":
    raise RuntimeError(f"SHOWMETER_REQUIRE_BROWSER=1 but {_MISSING}")

needs_browser = pytest.mark.skipif(_MISSING is not None, reason=f"no browser: {_MISSING}")
"""Mark a browser test (``pytestmark = needs_browser``)."""
