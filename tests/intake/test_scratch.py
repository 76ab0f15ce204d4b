"""Staging folders: a killed load's folder is deleted by the next load on the host, no other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from showmeter.intake import scratch


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_load_deletes_the_folders_of_ended_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWMETER_TMP", str(tmp_path))
    host = scratch._host()
    ended = tmp_path / f"{scratch.PREFIX}{host}-{_ended_pid()}-abc"
    running = tmp_path / f"{scratch.PREFIX}{host}-{os.getpid()}-def"
    elsewhere = tmp_path / f"{scratch.PREFIX}otherhost-{_ended_pid()}-ghi"
    unrelated = tmp_path / "showmeter-abc"  # not a staging folder of this version
    for folder in (ended, running, elsewhere, unrelated):
        folder.mkdir()
        (folder / "staging.duckdb").write_bytes(b"x")
    made = scratch.new_folder()
    assert made.parent == tmp_path and made.name.startswith(f"{scratch.PREFIX}{host}-")
    assert not ended.exists()
    assert running.exists() and elsewhere.exists() and unrelated.exists()


def test_a_load_leaves_no_staging_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_file: Path
) -> None:
    from showmeter.catalog import load_catalog
    from showmeter.intake.load import ingest
    from showmeter.store import Store

    scratch_folder = tmp_path / "scratch"
    scratch_folder.mkdir()
    monkeypatch.setenv("SHOWMETER_TMP", str(scratch_folder))
    events = tmp_path / "viewing.csv"
    events.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
        "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
    )
    with Store(tmp_path / "s.duckdb") as store:
        [summary] = ingest(store, load_catalog(catalog_file), [("viewing", events)])
    assert summary.loaded == 1
    assert list(scratch_folder.iterdir()) == []


def test_a_load_of_the_catalog_alone_replaces_the_catalog(
    tmp_path: Path, catalog_file: Path
) -> None:
    from showmeter.catalog import load_catalog
    from showmeter.intake.load import ingest
    from showmeter.store import Store

    with Store(tmp_path / "s.duckdb") as store:
        assert ingest(store, load_catalog(catalog_file), []) == []
        seasons = store.connection.execute("SELECT count(*) FROM seasons").fetchall()
        loads = store.connection.execute("SELECT count(*) FROM loads").fetchall()
    assert seasons[0][0] > 0 and loads == [(0,)]
