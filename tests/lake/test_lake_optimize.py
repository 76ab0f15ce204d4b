"""``showmeter optimize --store lake:PATH``: the lake compacted as a new version, the same rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import showmeter
from showmeter.cli import app
from showmeter.errors import UsageError
from showmeter.schema import TABLES
from showmeter.store.lake import Lake, Pending
from showmeter.store.lake_optimize import compact
from showmeter.store.lake_store import LakeStore
from showmeter.store.lake_vacuum import vacuum


def _tables(root: Path) -> dict[str, list[tuple[object, ...]]]:
    with LakeStore(root) as opened:
        return {name: opened.rows(f'SELECT * FROM "{name}" ORDER BY ALL') for name in TABLES}


def _viewing_files(root: Path) -> list[str]:
    with LakeStore(root) as opened:
        rows = opened.rows("SELECT path FROM _lake_files WHERE table_name = 'viewing'")
    return sorted(str(r[0]) for r in rows)


@pytest.fixture
def two_loads(tmp_path: Path, catalog_file: Path, sessions: Path) -> Path:
    """A lake of two loads: the conftest's sessions, then account d's daredevil 2:1."""
    from test_lake_duckdb import write_sessions_more

    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=write_sessions_more(tmp_path))
    return root


def test_compaction_commits_one_file_per_partition_with_the_same_rows(
    two_loads: Path, catalog_file: Path, tmp_path: Path
) -> None:
    """One lake throughout (CI time): a failed compaction, the CLI's, vacuum, a later load."""
    root = two_loads
    before = _tables(root)
    # by hand: load 1 wrote the-defenders 1 and daredevil 2, load 2 daredevil 2 again
    assert len(_viewing_files(root)) == 3

    def fail(pending: Pending) -> None:
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):  # a compaction that fails changes nothing
        compact(root, before_commit=fail)
    assert _tables(root) == before and len(_viewing_files(root)) == 3
    assert Lake(root).uncommitted() == []

    runner = CliRunner()
    refused = runner.invoke(app, ["optimize", "--store", f"lake:{root}", "--aggregates-only"])
    assert isinstance(refused.exception, UsageError)  # exit 2 through showmeter's main
    assert "no pre-aggregations" in str(refused.exception)
    done = runner.invoke(app, ["optimize", "--store", f"lake:{root}", "--format", "json"])
    assert done.exit_code == 0, done.output
    shown = json.loads(done.output)
    assert (shown["version"], shown["rows"]["viewing"]) == (3, 5)  # 4 + 1 sessions
    assert shown["files_before"] > shown["files_after"]
    assert _tables(root) == before
    files = _viewing_files(root)
    assert len(files) == 2 and all("/loads/" in f for f in files)
    assert {Path(f).parent.parent.name for f in files} == {"title=daredevil", "title=the-defenders"}
    commits = Lake(root).commits()
    assert [c.compacts for c in commits] == [False, False, True]
    # the replaced loads' folders go with vacuum; the lake reads the same
    gone = vacuum(Lake(root), older_than=0)
    assert sorted(g.path.name for g in gone) == sorted(c.load_id for c in commits[:2])
    assert _tables(root) == before
    # and a load after the compaction adds to it
    from lake_support import write_sessions

    row = ("e10", "e", "daredevil", 2, 1, "2016-03-21 08:00:00+00", 3300.0)
    showmeter.ingest(
        f"lake:{root}", catalog=catalog_file, events=write_sessions(tmp_path / "e.parquet", [row])
    )
    rows = showmeter.compute("reach", store=f"lake:{root}", title="daredevil").rows
    assert [r["value"] for r in rows] == [3]  # by hand: accounts a, d, e


def test_a_lake_without_a_load_has_nothing_to_compact(tmp_path: Path) -> None:
    # found by review: it used to commit an empty compaction as version 1
    root = tmp_path / "lake"
    Lake(root, create=True)
    done = CliRunner().invoke(app, ["optimize", "--store", f"lake:{root}"])
    assert done.exit_code == 0, done.output
    assert "nothing to compact" in done.output
    assert Lake(root).commits() == []
