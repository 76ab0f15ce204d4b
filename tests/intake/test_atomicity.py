"""A load that fails or is interrupted midway leaves the store exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from showmeter.catalog import load_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched\n"


def _rows(prefix: str, n: int) -> str:
    return "".join(
        f"{prefix}{i},a{i % 97},the-defenders,1,{1 + i % 2},2017-08-18T08:00:00Z,{60 + i % 600}\n"
        for i in range(n)
    )


def _snapshot(path: Path) -> dict[str, object]:
    with Store(path, read_only=True) as store:
        tables = store.counts()
        viewing = store.connection.execute(
            "SELECT list(row_id ORDER BY row_id) FROM viewing"
        ).fetchone()
    return {"counts": tables, "viewing": viewing}


def test_an_error_midway_rolls_the_whole_load_back(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "store.duckdb"
    catalog = load_catalog(catalog_file)
    with Store(path) as store:
        ingest(store, catalog, [("viewing", write("first.csv", HEADER + _rows("f", 10)))])
    before = _snapshot(path)

    second = write("second.csv", HEADER + _rows("s", 10))
    third = write("third.csv", HEADER + _rows("t", 10))
    calls: list[str] = []

    def interrupt(file: str, done: int, total: int) -> None:
        calls.append(file)
        if file == str(third):  # the second file is staged by now
            raise KeyboardInterrupt

    with Store(path) as store, pytest.raises(KeyboardInterrupt):
        ingest(store, catalog, [("viewing", second), ("viewing", third)], progress=interrupt)
    assert calls == [str(second), str(third)]
    assert _snapshot(path) == before


SCRIPT = """
import sys, time
from pathlib import Path
from showmeter.catalog import load_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

def stall(file, done, total):
    Path(sys.argv[3]).write_text("staged")
    time.sleep(60)

with Store(sys.argv[1]) as store:
    ingest(store, load_catalog(sys.argv[2]), [("viewing", sys.argv[4])], progress=stall)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_load_leaves_the_store_unchanged(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "store.duckdb"
    catalog = load_catalog(catalog_file)
    with Store(path) as store:
        ingest(store, catalog, [("viewing", write("first.csv", HEADER + _rows("f", 10)))])
    before = _snapshot(path)
    marker = tmp_path / "marker"
    events = write("big.csv", HEADER + _rows("k", 5000))
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(SCRIPT),
            str(path),
            str(catalog_file),
            str(marker),
            str(events),
        ],
        env=os.environ,
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the child never reached the middle of its load"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert _snapshot(path) == before
