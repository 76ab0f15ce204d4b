"""Issue 19.5: a store can be loaded while the dashboard serves it, and the dashboard follows.

The dashboard runs in this process; every load runs ``showmeter ingest`` in a child process,
as a self-hoster's nightly job would. DuckDB lets a process write a file only while no other
process has it open, so the dashboard opens the store for each computation only.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_support import TestClient, run

from showmeter.web.app import create_app

HEADER = (
    "event_id,account_id,profile_id,title,season,episode,started_at,seconds_watched,device,market"
)
FIRST = [
    "e1,a1,,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US",
    "e2,a2,,the-defenders,1,2,2017-08-19T08:00:00Z,3000,tv,US",
]
SECOND = ["e3,a3,,the-defenders,1,1,2017-08-20T08:00:00Z,600,tv,KR"]
HOURS = "/api/compute/hours_viewed?title=the-defenders&season=1&format=csv"

HOLD = """
import sys, time
import duckdb
connection = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("holding", flush=True)
time.sleep(float(sys.argv[3]))
"""
"""A child process that holds the store open (to write, or to read) for a while."""


def _ingest(store: Path, catalog: Path, events: Path) -> subprocess.CompletedProcess[str]:
    return run("ingest", "--store", str(store), "--catalog", str(catalog), "--events", str(events))


def _hold(store: Path, how: str, seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(store), how, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "holding"
    return child


def _stop(child: subprocess.Popen[str]) -> None:
    child.kill()
    child.wait()
    assert child.stdout is not None
    child.stdout.close()


@pytest.fixture
def served(catalog_file: Path, write, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:  # type: ignore[no-untyped-def]
    """A store with FIRST loaded, and the dashboard serving it."""
    store = tmp_path / "served.duckdb"
    done = _ingest(store, catalog_file, write("first.csv", "\n".join([HEADER, *FIRST]) + "\n"))
    assert done.returncode == 0, done.stderr
    web = create_app(store)
    yield TestClient(web, base_url="http://127.0.0.1"), store  # type: ignore[arg-type]
    web.state.runner.close()


def test_a_load_into_the_served_store_succeeds_and_the_dashboard_shows_its_rows(  # type: ignore[no-untyped-def]
    served: tuple[TestClient, Path], catalog_file: Path, write
) -> None:
    client, store = served
    # Hours viewed of the season: (1800 + 3000) s / 3600 = 1.3333 h by 2 accounts.
    assert client.get(HOURS).text.splitlines()[1] == "the-defenders,1,1.3333333333333333,2"
    before = client.get("/api/health").json()["fingerprint"]
    done = _ingest(store, catalog_file, write("second.csv", "\n".join([HEADER, *SECOND]) + "\n"))
    assert done.returncode == 0, done.stderr  # before issue 19, DuckDB's lock refused this
    # Once the load has committed: (1800 + 3000 + 600) s / 3600 = 1.5 h by 3 accounts.
    assert client.get("/api/health").json()["fingerprint"] != before
    assert client.get(HOURS).text.splitlines()[1] == "the-defenders,1,1.5,3"


def test_during_a_load_the_dashboard_answers_503_with_retry_after(  # type: ignore[no-untyped-def]
    served: tuple[TestClient, Path], catalog_file: Path, write
) -> None:
    client, store = served
    cached = client.get(HOURS)
    writer = _hold(store, "write", 30)  # stands for a long load holding the store
    try:
        started = time.monotonic()
        answer = client.get("/api/compute/reach?title=the-defenders&season=1")
        waited = time.monotonic() - started
        assert answer.status_code == 503
        assert answer.headers["retry-after"] == "5"
        assert "a load is writing to the store" in answer.json()["error"]
        assert 1.5 < waited < 10  # it waited for the load briefly (2 s), then gave up
        assert client.get(HOURS).text == cached.text  # an answer computed before still serves
        assert client.get("/api/health").status_code == 200
        # A second load while one runs is refused at once, naming the holder.
        done = _ingest(store, catalog_file, write("second.csv", "\n".join([HEADER, *SECOND])))
        assert done.returncode == 1
        said = " ".join(done.stderr.split())  # as one line, however the console wrapped it
        assert f"cannot open the store: another process (PID {writer.pid}) is writing" in said
        assert "Wait until that load has finished" in said
    finally:
        _stop(writer)
    assert client.get("/api/compute/reach?title=the-defenders&season=1").status_code == 200


def test_a_load_waits_for_the_dashboards_readers_to_let_go(  # type: ignore[no-untyped-def]
    served: tuple[TestClient, Path], catalog_file: Path, write
) -> None:
    client, store = served
    reader = _hold(store, "read", 5)  # stands for a dashboard computing for 5 s
    pending = Path(str(store) + ".load-pending")
    events = write("second.csv", "\n".join([HEADER, *SECOND]))
    command = ["ingest", "--store", str(store), "--catalog", str(catalog_file)]
    load: subprocess.Popen[str] | None = None
    try:
        started = time.monotonic()
        load = subprocess.Popen(
            [sys.executable, "-m", "showmeter", *command, "--events", str(events)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        while not pending.exists() and load.poll() is None:
            time.sleep(0.02)
        # While the load waits, the dashboard keeps out, so that it cannot starve the load.
        assert pending.read_text() == str(load.pid)
        answer = client.get("/api/compute/reach?title=the-defenders&season=1")
        assert answer.status_code == 503
        assert answer.json()["error"].startswith("a load is writing to the store")
        _, errors = load.communicate(timeout=120)
        assert load.returncode == 0, errors
        assert reader.poll() is not None  # it loaded only after the reader had let go
        assert time.monotonic() - started > 2.0
        assert not pending.exists()
    finally:
        _stop(reader)
        if load is not None and load.returncode is None:  # a failed assertion: no stray pipe
            load.kill()
            load.communicate()
