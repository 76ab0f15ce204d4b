"""``showmeter lake vacuum``: the folders of killed loads go, never a running or committed one."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import showmeter
from showmeter.cli import app
from showmeter.errors import UsageError
from showmeter.store.lake import Lake, Pending
from showmeter.store.lake_store import LakeStore
from showmeter.store.lake_vacuum import RETENTION_HOURS, plan, vacuum


def _killed(lake: Lake, hours_ago: float) -> Pending:
    """A load that wrote a file and died before its commit (its lock went with it)."""
    pending = lake.begin()
    (pending.folder / "viewing").mkdir()
    (pending.folder / "viewing" / "part-0.parquet").write_bytes(b"x" * 1000)
    assert pending.lock is not None
    os.close(pending.lock)  # the process is gone: its lock is released, its files stay
    pending.lock = None
    past = time.time() - hours_ago * 3600
    for path in [*pending.folder.rglob("*"), pending.folder]:
        os.utime(path, (past, past))
    return pending


@pytest.fixture
def lake(tmp_path: Path, catalog_file: Path, sessions: Path) -> Lake:
    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    return Lake(root)


def test_only_old_folders_of_dead_loads_are_listed_and_deleted(lake: Lake) -> None:
    old = _killed(lake, RETENTION_HOURS + 1)
    recent = _killed(lake, 1)
    running = lake.begin()  # holds its lock: its load runs
    past = time.time() - (RETENTION_HOURS + 1) * 3600
    os.utime(running.folder, (past, past))
    [listed] = plan(lake)
    assert (listed.path, listed.why) == (old.folder, "uncommitted")
    assert listed.bytes == 1000 and listed.hours > RETENTION_HOURS
    assert {p.path for p in plan(lake, older_than=0)} == {old.folder, recent.folder}
    with LakeStore(lake.root) as opened:
        before = opened.counts()
    assert {d.path for d in vacuum(lake, older_than=0)} == {old.folder, recent.folder}
    assert lake.uncommitted() == [running.folder]  # the running load's folder stays
    with LakeStore(lake.root) as opened:
        assert opened.counts() == before  # the committed load is untouched
    lake.commit(running)  # and the running load still commits
    assert plan(lake, older_than=0) == []


def test_the_cli_lists_by_default_and_deletes_with_yes(lake: Lake) -> None:
    old = _killed(lake, RETENTION_HOURS + 1)
    runner = CliRunner()
    listed = runner.invoke(app, ["lake", "vacuum", f"lake:{lake.root}"])
    assert listed.exit_code == 0, listed.output
    assert "Would delete 1 folder" in listed.output and str(old.folder) in listed.output
    assert old.folder.is_dir()  # a dry run
    done = runner.invoke(app, ["lake", "vacuum", str(lake.root), "--yes", "--format", "json"])
    assert done.exit_code == 0, done.output
    shown = json.loads(done.output)
    assert shown["deleted"] is True and shown["older_than_hours"] == RETENTION_HOURS
    assert [f["path"] for f in shown["folders"]] == [str(old.folder)]
    assert not old.folder.exists()
    again = runner.invoke(app, ["lake", "vacuum", str(lake.root)])
    assert "nothing to do" in again.output


def test_a_negative_retention_is_refused(lake: Lake) -> None:
    with pytest.raises(UsageError, match="negative"):
        plan(lake, older_than=-1)


def test_a_lake_without_its_loads_folder_has_nothing_to_vacuum(tmp_path: Path) -> None:
    # a copy that drops empty folders (object stores, some syncs) loses loads/ (found by review)
    (tmp_path / "lake" / "_log").mkdir(parents=True)
    done = CliRunner().invoke(app, ["lake", "vacuum", str(tmp_path / "lake")])
    assert done.exit_code == 0, done.output
    assert "nothing to do" in done.output
