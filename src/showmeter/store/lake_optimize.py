"""Compacting a lake (``showmeter optimize --store lake:PATH``): its files rewritten as few.

Every load adds its own files: after many small loads a season's sessions lie in as many small
files, and every reader opens them all. :func:`compact` rewrites the lake's current version —
every table, the same rows — as one file per table (the sessions: one per title and season,
sorted by start time) in a new load folder, and commits it as a new version whose entry says it
*compacts*: readers then read its files instead of every earlier one
(:meth:`showmeter.store.lake.Lake.snapshot`). Before the commit, every table's rows in the new
files (their Parquet footers) must equal its rows in the version read, or nothing is committed.

Like a load, it is atomic and runs again if a load commits meanwhile. The replaced folders stay
(a reader that opened the lake before may still read them) until ``showmeter lake vacuum``
deletes them after its retention period.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from showmeter.quoting import quote
from showmeter.store.lake import TABLES, Lake, Pending
from showmeter.store.lake_files import write_table
from showmeter.store.lake_store import LakeStore

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = ["Compacted", "compact"]

ORDER = {"viewing": "title, season, started_at"}
"""The order a table's rows are written in (a season's sessions by start time)."""


@dataclass(frozen=True)
class Compacted:
    """What :func:`compact` did.

    Attributes:
        lake: The lake's folder.
        version: The version it committed.
        files_before: Files read by a reader before.
        files_after: Files read after.
        rows: Per table, its rows (the same before and after).
        seconds: Wall time.
    """

    lake: str
    version: int
    files_before: int
    files_after: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """As JSON prints it."""
        return {
            "store": f"lake:{self.lake}",
            "version": self.version,
            "files_before": self.files_before,
            "files_after": self.files_after,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
        }


def compact(
    root: str | Path, *, before_commit: Callable[[Pending], None] | None = None
) -> Compacted:
    """Rewrite a lake's current version as one file per table and partition, and commit it.

    Args:
        root: The lake's folder.
        before_commit: Called with the written compaction just before its commit (tests).

    Returns:
        What was done (version 0, nothing committed, for a lake without a load).

    Raises:
        MissingFileError: The folder is not a lake.
        InputError: The rewritten files do not hold the rows read (nothing is committed).
    """
    started = time.monotonic()
    lake = Lake(root)
    if lake.version() == 0:  # nothing loaded yet: nothing to rewrite, nothing committed
        return Compacted(str(lake.root), 0, 0, 0, {}, time.monotonic() - started)
    seen: dict[str, int] = {}
    mine: list[str] = []

    def write(pending: Pending) -> dict[str, int]:
        mine[:] = [pending.load_id]
        rows: dict[str, int] = {}
        with LakeStore(lake.root) as store:
            con = store.connection
            listed = store.rows(
                "SELECT table_name, count(*) FROM _lake_files GROUP BY ALL"
            )  # the version read
            files = {str(name): int(n) for name, n in listed}
            seen["files"] = sum(files.values())
            for name in TABLES:
                if not files.get(name):
                    continue  # the lake holds no file of it: nor does the compaction
                count = con.execute(f"SELECT count(*) FROM {quote(name)}").fetchall()[0][0]
                rows[name] = int(count)
                query = f"SELECT * FROM {quote(name)}"
                write_table(con, query, pending, name, order=ORDER.get(name, ""))
        return rows

    rows = lake.load(
        write, engine="duckdb", before_commit=before_commit, rows=lambda r: r, compacts=True
    )
    done = next(c for c in lake.commits() if c.load_id == mine[0])
    return Compacted(
        str(lake.root),
        done.version,
        seen["files"],
        sum(len(f) for f in done.files.values()),
        rows,
        time.monotonic() - started,
    )
