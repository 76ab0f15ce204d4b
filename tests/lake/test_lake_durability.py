"""A load's files are checked and flushed to disk before its log entry names them."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import showmeter
from showmeter.engines.lake import ingest_into_lake
from showmeter.errors import InputError
from showmeter.store.lake import Lake, Pending
from showmeter.store.lake_store import LakeStore


def test_every_file_and_folder_is_flushed_before_the_entry_is_published(
    tmp_path: Path, catalog_file: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "lake"
    events: list[tuple[str, str]] = []
    fsync, link = os.fsync, os.link

    def recording_fsync(handle: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{handle}")))
        fsync(handle)

    def recording_link(source: str, target: str) -> None:
        events.append(("link", str(target)))
        link(source, target)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    monkeypatch.setattr(os, "link", recording_link)
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    [commit] = Lake(root).commits()
    published = [i for i, (what, _) in enumerate(events) if what == "link"]
    assert len(published) == 1
    flushed = {path for what, path in events[: published[0]] if what == "fsync"}
    folder = root / "loads" / commit.load_id
    written = [p for p in folder.rglob("*") if not p.name.startswith(".")]
    assert any(p.suffix == ".parquet" for p in written)
    for path in [*written, folder, folder.parent]:  # every file and folder, the entry last
        assert str(path) in flushed, path


def test_the_entry_records_each_files_size_and_rows(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    [entry] = (root / "_log").glob("*.json")
    data = json.loads(entry.read_text())
    viewing = data["files"]["viewing"]
    # worked by hand (conftest): 3 rows of the-defenders 1, 1 of daredevil 2
    assert sorted(data["sizes"][f][1] for f in viewing) == [1, 3]
    assert sum(data["sizes"][f][1] for f in data["files"]["quarantine"]) == 3
    for name, (size, _) in data["sizes"].items():
        assert (root / name).stat().st_size == size


def _cut(pending: Pending) -> None:
    """Cut a written session file short (as a crash mid-write would)."""
    path = next(pending.table_folder("viewing").rglob("*.parquet"))
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _lose(pending: Pending) -> None:
    """Lose one partition's file (as an executor's lost output would)."""
    next(pending.table_folder("viewing").rglob("*.parquet")).unlink()


@pytest.mark.parametrize(
    ("fault", "message"),
    [(_cut, "not a complete Parquet file"), (_lose, r"wrote \d rows of viewing, not the 4")],
)
def test_a_load_whose_files_are_incomplete_is_not_committed(
    tmp_path: Path, catalog_file: Path, sessions: Path, fault: object, message: str
) -> None:
    root = tmp_path / "lake"
    with pytest.raises(InputError, match=message):
        ingest_into_lake(
            f"lake:{root}",
            catalog_file,
            [("viewing", str(sessions))],
            before_commit=fault,  # type: ignore[arg-type]
        )
    assert Lake(root).commits() == [] and Lake(root).uncommitted() == []


def test_a_reader_refuses_a_lake_whose_committed_file_changed(
    tmp_path: Path, catalog_file: Path, sessions: Path
) -> None:
    root = tmp_path / "lake"
    showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    path = next((root / "loads").rglob("title=daredevil/**/*.parquet"))
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(InputError, match="not the one committed") as raised:
        LakeStore(root)
    assert raised.value.file == str(path)
    path.unlink()
    with pytest.raises(InputError, match="is missing"):
        LakeStore(root)


def test_a_lake_on_another_file_system_is_refused_and_file_uris_are_paths(tmp_path: Path) -> None:
    from showmeter.errors import UsageError
    from showmeter.store.lake import lake_path

    for uri in ("hdfs://namenode:8020/lake", "s3a://bucket/lake"):
        with pytest.raises(UsageError, match="create-if-absent") as raised:
            lake_path(f"lake:{uri}")
        assert raised.value.value == f"lake:{uri}"
        with pytest.raises(UsageError, match="create-if-absent"):  # as the CLI's Path gives it
            lake_path(Path(f"lake:{uri}"))  # lake:hdfs:/namenode:8020/lake
    assert lake_path(f"lake:file://{tmp_path}/lake") == f"{tmp_path}/lake"
    assert lake_path(Path(f"lake:file://{tmp_path}/lake")) == f"{tmp_path}/lake"


def test_a_load_interrupted_after_its_entry_is_published_keeps_its_files(
    tmp_path: Path, catalog_file: Path, sessions: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C while the log folder is flushed, after the entry's link: the load is committed,
    # so its files must stay (they used to be deleted, leaving an entry naming missing files)
    from showmeter.store import lake as lake_module

    flush = lake_module.sync_folder

    def interrupted(folder: Path) -> None:
        if Path(folder).name == "_log":
            raise KeyboardInterrupt
        flush(folder)

    monkeypatch.setattr(lake_module, "sync_folder", interrupted)
    root = tmp_path / "lake"
    with pytest.raises(KeyboardInterrupt):
        showmeter.ingest(f"lake:{root}", catalog=catalog_file, events=sessions)
    monkeypatch.setattr(lake_module, "sync_folder", flush)
    [commit] = Lake(root).commits()
    store = LakeStore(root)  # every committed file is there, of its committed size
    assert store.fingerprint()
    assert not (root / "loads" / commit.load_id / ".lock").exists()
