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


def same_result(computed: object, reference: object, *, rows_may_be_none: bool = False) -> None:
    """Equal results: metric, parameters, engine, inputs, schema and rows (some, unless
    ``rows_may_be_none``); float values to the last bits (the order in which DuckDB sums is not
    fixed)."""
    import json
    import math

    a = json.loads(computed.to_json())  # type: ignore[attr-defined]
    b = json.loads(reference.to_json())  # type: ignore[attr-defined]
    rows_a, rows_b = a.pop("rows"), b.pop("rows")
    assert a == b  # metric, parameters, engine, inputs, where it was computed from
    assert computed.table.schema == reference.table.schema  # type: ignore[attr-defined]
    assert len(rows_a) == len(rows_b)
    assert rows_may_be_none or rows_a
    for x, y in zip(rows_a, rows_b, strict=True):
        assert x.keys() == y.keys()
        for name, value in x.items():
            if isinstance(value, float) and isinstance(y[name], float):
                assert math.isclose(value, y[name], rel_tol=1e-12), (name, x, y)
            else:
                assert value == y[name], (name, x, y)
