"""A lake: the canonical tables as Parquet datasets in a folder, written one load at a time.

``--store lake:PATH`` names one. Its layout (see ``docs/lake.md``)::

    PATH/
      _log/00000000000000000001.json   one entry per committed load, written last
      loads/<load id>/viewing/title=T/season=S/part-....parquet   (sessions by title, season)
      loads/<load id>/panels/part-....parquet, reviews/, signals/, quarantine/, loads/,
                       markets/, titles/, seasons/, ... (the catalog tables, whole, per load)

The commit protocol: a load writes every data file under its own ``loads/<load id>/`` folder,
which no reader looks at; then it *commits* by creating the next entry of ``_log/`` (the last
version it read + 1). The entry is written to a temporary file first and published with one
atomic link that fails if the name exists (put-if-absent), so an entry is either complete or
absent, and of two loads that raced for the same version exactly one wins; the other finds
:class:`LakeConflict` and runs again against the new version (optimistic concurrency, as in
Delta Lake and Iceberg). Before the entry is written, the load's files are sealed: their
footers read, their rows checked, every file and folder flushed to disk
(:func:`showmeter.store.lake_files.seal`); the entry records each file's size and rows. A
reader lists ``_log/`` and reads only the files the entries list: an interrupted load leaves
at most a folder no entry names, invisible (:mod:`showmeter.store.lake_vacuum` deletes it). An
entry marked ``compacts`` (:mod:`showmeter.store.lake_optimize`) rewrote every table: readers
read its files instead of every earlier one.

Fact tables, the quarantine and the ``loads`` records are the union of every committed load's
files; the catalog tables are those of the last committed load (each load writes the catalog it
was given, as a store's load replaces its catalog tables).

This module knows files and JSON only; reading the tables is :mod:`showmeter.store.lake_store`
(DuckDB) and :mod:`showmeter.engines.lake_spark` (Spark); writing them is
:mod:`showmeter.intake.lake_load` (DuckDB) and :mod:`showmeter.engines.lake_spark` (Spark).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from showmeter.errors import InputError, MissingFileError, UsageError
from showmeter.schema import BOOKKEEPING_TABLES, CATALOG_TABLES, FACT_TABLES
from showmeter.store.lake_files import PARTITIONS, seal, sync_folder, try_lock
from showmeter.store.lake_spec import PREFIX, lake_path

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

T = TypeVar("T")

ATTEMPTS = 3
"""How many times a load is written when other loads keep committing first."""

__all__ = [
    "ATTEMPTS",
    "DATA",
    "LOCK",
    "LOG",
    "PARTITIONS",
    "PREFIX",
    "Commit",
    "Lake",
    "LakeConflict",
    "Pending",
    "lake_path",
]

LOG = "_log"
"""The folder of the commit log."""

DATA = "loads"
"""The folder of the loads' data files, one subfolder per load."""

LOCK = ".lock"
"""The file in a load's folder its process holds locked while it runs (see :mod:`lake_vacuum`)."""

TABLES = (*FACT_TABLES, *BOOKKEEPING_TABLES, *CATALOG_TABLES)
"""Every table a load may write."""


class LakeConflict(Exception):
    """Another load committed the version this load meant to commit (it must run again)."""


@dataclass(frozen=True)
class Commit:
    """One committed load: its version, id, time and files (relative to the lake's folder)."""

    version: int
    load_id: str
    committed_at: str
    files: dict[str, list[str]] = field(default_factory=dict)
    engine: str = ""
    sizes: dict[str, list[int]] = field(default_factory=dict)
    """Per file, ``[bytes, rows]`` as committed (entries written before they were recorded:
    none)."""
    compacts: bool = False
    """The load rewrote every table of the lake (``optimize``): its files replace all before."""


@dataclass
class Pending:
    """A load being written: its folder (invisible until committed) and the version it read."""

    lake: Lake
    load_id: str
    base: int
    lock: int | None = None
    """The descriptor of the locked :data:`LOCK` file (released at the commit or abort)."""
    committed: bool = False
    """Its log entry is published: its files are the lake's now, never deleted by an abort."""

    @property
    def folder(self) -> Path:
        """The load's own folder."""
        return self.lake.root / DATA / self.load_id

    def table_folder(self, table: str) -> Path:
        """The folder of one table of this load."""
        return self.folder / table

    def release(self) -> None:
        """Unlock and delete the load's lock file (the load is committed or aborted)."""
        if self.lock is None:
            return
        (self.folder / LOCK).unlink(missing_ok=True)
        os.close(self.lock)  # closing releases the lock
        self.lock = None


class Lake:
    """A lake's folder: its committed loads, and the writing of a new one.

    Args:
        root: The folder.
        create: Create the folder when missing (a load); else it must be a lake (a read).

    Raises:
        MissingFileError: Reading a lake that does not exist.
        InputError: The folder exists but is not a lake.
    """

    def __init__(self, root: str | os.PathLike[str], *, create: bool = False) -> None:
        self.root = Path(root)
        if create:
            if self.root.exists() and not self.root.is_dir():
                raise UsageError(
                    "the lake's path is a file",
                    file=str(self.root),
                    remedy="Give lake: a folder (new, or a lake made by showmeter ingest).",
                )
            if self.root.is_dir() and any(self.root.iterdir()) and not self.log.is_dir():
                raise UsageError(
                    "the lake's folder holds files but is not a showmeter lake (no _log/)",
                    file=str(self.root),
                    remedy="Give lake: a new or empty folder, or a lake made by showmeter ingest.",
                )
            self.log.mkdir(parents=True, exist_ok=True)
            (self.root / DATA).mkdir(exist_ok=True)
        elif not self.log.is_dir():
            raise MissingFileError(
                "the lake does not exist (no _log/ folder)",
                file=str(self.root),
                remedy="Create it with `showmeter ingest --store lake:PATH --catalog ...`.",
            )

    @property
    def log(self) -> Path:
        """The commit log's folder."""
        return self.root / LOG

    def commits(self) -> list[Commit]:
        """Every committed load, in version order (a snapshot: what a reader reads)."""
        found: list[Commit] = []
        for entry in sorted(self.log.glob("*.json")):
            if not entry.stem.isdigit():
                continue
            try:
                data = json.loads(entry.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise InputError(
                    f"the lake's log entry cannot be read: {error}",
                    file=str(entry),
                    remedy="Restore the file from a backup; a log entry is never rewritten.",
                ) from error
            found.append(
                Commit(
                    int(entry.stem),
                    str(data["load_id"]),
                    str(data["committed_at"]),
                    {k: list(v) for k, v in data["files"].items()},
                    str(data.get("engine", "")),
                    {k: [int(n) for n in v] for k, v in data.get("sizes", {}).items()},
                    bool(data.get("compacts", False)),
                )
            )
        return found

    def version(self) -> int:
        """The version of the last committed load (0: none)."""
        versions = [int(p.stem) for p in self.log.glob("*.json") if p.stem.isdigit()]
        return max(versions, default=0)

    def begin(self) -> Pending:
        """Start a load: a new folder of its own, and the version it builds on."""
        pending = Pending(self, uuid.uuid4().hex, self.version())
        pending.folder.mkdir(parents=True)
        pending.lock = _locked(pending.folder / LOCK)
        return pending

    def commit(
        self,
        pending: Pending,
        *,
        engine: str = "",
        rows: Mapping[str, int] | None = None,
        compacts: bool = False,
    ) -> Commit:
        """Make a written load visible, at once and whole: the log entry is written last.

        Every data file is checked and flushed to disk first
        (:func:`showmeter.store.lake_files.seal`), and the entry records its size and rows.

        Args:
            pending: The load, its files written.
            engine: The engine that wrote it (recorded in the entry).
            rows: Per table, the rows the load wrote (checked against the files' footers).
            compacts: The load rewrote every table (its files replace every earlier file).

        Returns:
            The commit.

        Raises:
            LakeConflict: Another load committed since this one began.
            InputError: A file is not complete, or holds other rows than ``rows``.
        """
        files = self._files_of(pending)
        sizes = seal(self.root, files, rows, pending.folder)
        version = pending.base + 1
        commit = Commit(
            version,
            pending.load_id,
            datetime.now(UTC).isoformat(),
            files,
            engine,
            sizes,
            compacts,
        )
        entry: dict[str, object] = {
            "load_id": commit.load_id,
            "committed_at": commit.committed_at,
            "engine": engine,
            "base": pending.base,
            "files": files,
            "sizes": sizes,
        }
        if compacts:
            entry["compacts"] = True
        text = json.dumps(entry, indent=1, sort_keys=True)
        temporary = self.log / f".{pending.load_id}.json.tmp"
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            if self.version() != pending.base:
                raise LakeConflict(version)
            try:
                os.link(temporary, self.log / f"{version:020d}.json")  # put-if-absent
            except FileExistsError:
                raise LakeConflict(version) from None
            pending.committed = True
        finally:
            temporary.unlink(missing_ok=True)
        sync_folder(self.log)
        pending.release()
        return commit

    def load(
        self,
        write: Callable[[Pending], T],
        *,
        engine: str,
        before_commit: Callable[[Pending], None] | None = None,
        rows: Callable[[T], Mapping[str, int]] | None = None,
        compacts: bool = False,
    ) -> T:
        """One atomic load: write it into a new load folder, then commit it, or leave nothing.

        A load that another one beat to the commit (:class:`LakeConflict`) deletes its files
        and is written again against the new version, so that its duplicates are found
        against the rows just committed (:data:`ATTEMPTS` times in all); any other failure
        deletes its files and is raised.

        Args:
            write: Writes the load's files into the pending load, returning what the load
                reports (its file summaries).
            engine: The engine that writes it (recorded in the log entry).
            before_commit: Called with the written load just before its commit (tests
                inject a fault there).
            rows: From what ``write`` returned, per table the rows it wrote (checked against
                the files before the commit).
            compacts: The load rewrites every table (see :meth:`commit`).

        Returns:
            What ``write`` returned, for the attempt that was committed.

        Raises:
            LakeConflict: Every attempt was beaten to the commit.
        """
        for attempt in range(ATTEMPTS):
            pending = self.begin()
            try:
                result = write(pending)
                if before_commit is not None:
                    before_commit(pending)
                counted = None if rows is None else rows(result)
                self.commit(pending, engine=engine, rows=counted, compacts=compacts)
                return result
            except LakeConflict:
                self.abort(pending)
                if attempt == ATTEMPTS - 1:
                    raise
            except BaseException:
                self.abort(pending)
                raise
        raise AssertionError("unreachable")

    def abort(self, pending: Pending) -> None:
        """Delete the files of a load that will not be committed.

        A load interrupted after its entry was published (during the log folder's flush, say)
        is committed: its files are kept, only its lock is released.
        """
        if not pending.committed:
            shutil.rmtree(pending.folder, ignore_errors=True)
        pending.release()

    def uncommitted(self) -> list[Path]:
        """The load folders no log entry names (interrupted loads, or loads being written)."""
        named = {c.load_id for c in self.commits()}
        data = self.root / DATA
        return sorted(p for p in data.iterdir() if p.is_dir() and p.name not in named)

    def _files_of(self, pending: Pending) -> dict[str, list[str]]:
        """The Parquet files the load wrote, per table, relative to the lake's folder."""
        files: dict[str, list[str]] = {}
        for table in TABLES:
            folder = pending.table_folder(table)
            if not folder.is_dir():
                continue
            found = sorted(
                p.relative_to(self.root).as_posix()
                for p in folder.rglob("*.parquet")
                if not any(part.startswith(("_", ".")) for part in p.relative_to(folder).parts)
            )
            files[table] = found
        return files

    def snapshot(self, commits: list[Commit] | None = None) -> dict[str, list[tuple[str, str]]]:
        """What a reader reads: per table, ``(table folder of its load, file)`` absolute paths.

        Fact tables, ``quarantine`` and ``loads``: every committed load's files since the last
        compaction (whose files replace every earlier one); catalog tables: the files of the
        last load that wrote them.

        Args:
            commits: The log as already read (so that a reader's version and files are of
                one reading, whatever commits meanwhile); None reads it now.

        Returns:
            Per table, the files.
        """
        commits = self.commits() if commits is None else commits
        tables: dict[str, list[tuple[str, str]]] = {name: [] for name in TABLES}
        for commit in commits:
            if commit.compacts:
                tables = {name: [] for name in TABLES}
            for table, files in commit.files.items():
                if table not in tables:
                    continue
                base = str(self.root / DATA / commit.load_id / table)
                listed = [(base, str(self.root / f)) for f in files]
                if table in CATALOG_TABLES:
                    tables[table] = listed
                else:
                    tables[table].extend(listed)
        return tables


def _locked(path: Path) -> int | None:
    """Create ``path`` and hold an exclusive lock on it (None where locks are unavailable)."""
    handle = os.open(path, os.O_CREAT | os.O_WRONLY, 0o644)
    return handle if try_lock(handle) else None
