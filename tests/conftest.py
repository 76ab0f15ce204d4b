"""Fixtures shared by every test: a small catalog and a writer of input files."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The cache of compiled SQL (showmeter.engines.compiled) of this test session, not the user's.
os.environ.setdefault("SHOWMETER_CACHE_DIR", tempfile.mkdtemp(prefix="showmeter-test-cache-"))


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return 'PySpark is not installed (pip install -e ".[spark]")'
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (install Java 17)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip tests marked ``spark`` where the engine cannot run, unless CI requires it."""
    if item.get_closest_marker("spark") is None:
        return
    missing = _spark_missing()
    if missing is None:
        return
    if os.environ.get("SHOWMETER_REQUIRE_SPARK") == "1":
        pytest.fail(f"the Spark engine is required here but {missing}")
    pytest.skip(f"Spark engine unavailable: {missing}")


SMALL_CATALOG = """\
markets:
  - {market: US, tz: America/New_York, population: 325700000}
  - {market: KR, tz: Asia/Seoul, population: 51500000}
  - {market: GB}
signal_weights: {pageviews: 1.0, searches: 2.0}
titles:
  - title: the-defenders
    name: "Marvel's The Defenders"
    original: true
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "52:14"}
          - {episode: 2, runtime: 3000}
        launches:
          - {market: "*", at: "2017-08-18T07:00:00Z", platform: netflix}
        availability:
          - {platform: netflix, markets: "*", from: 2017-08-18, until: 2022-03-01}
          - {platform: disney-plus, markets: [US, GB], from: 2022-03-16}
  - title: daredevil
    seasons:
      - season: 2
        episodes:
          - {episode: 1, runtime: 3300}
        launches:
          - {market: "*", at: "2016-03-18T07:00:00Z"}
"""


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """A catalog with two titles, three markets and availability windows."""
    path = tmp_path / "catalog.yaml"
    path.write_text(SMALL_CATALOG)
    return path


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text to a file in the test's folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return _write
