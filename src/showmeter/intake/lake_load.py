"""Load files into a lake on DuckDB: the ingest itself, its result written as one lake load.

:func:`ingest_lake` runs :func:`showmeter.intake.load.ingest` — the same staging, rules,
settling against what is stored, and counts — on a scratch store that holds the lake's
committed rows of the kinds loaded and its quarantine (so duplicates across loads are found as
in a store). Inside the load's transaction, its ``maintain`` hook writes what the load adds — the
rows loaded, their quarantine, the ``loads`` records and the catalog — as Parquet under the
load's own folder of the lake; then the load is committed to the lake's log
(:meth:`showmeter.store.lake.Lake.commit`). Anything that fails before the commit deletes the
folder; a load killed before it leaves a folder no reader sees.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from showmeter.intake import scratch
from showmeter.quoting import literal, quote
from showmeter.schema import CATALOG_TABLES
from showmeter.store.lake import Lake, Pending
from showmeter.store.lake_files import write_table
from showmeter.store.lake_store import table_sql

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from pathlib import Path

    import duckdb

    from showmeter.catalog import Catalog
    from showmeter.intake.load import Progress
    from showmeter.intake.summary import FileSummary

__all__ = ["ingest_lake", "loaded_rows", "write_table"]


def loaded_rows(summaries: Iterable[FileSummary]) -> dict[str, int]:
    """Per table, the rows a load added (its files' footers must count as many)."""
    rows: dict[str, int] = {}
    for summary in summaries:
        rows[summary.kind] = rows.get(summary.kind, 0) + summary.loaded
    return rows


def ingest_lake(
    root: str | Path,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str | Path]],
    *,
    assume_tz: str | None = None,
    source: str = "canonical",
    rejects: str | Path | None = None,
    progress: Progress | None = None,
    options: Mapping[str, str] | None = None,
    before_commit: Callable[[Pending], None] | None = None,
) -> list[FileSummary]:
    """Load files into the lake at ``root`` on DuckDB, as one atomic, idempotent load.

    Args:
        root: The lake's folder (created when missing).
        catalog: The catalog; it becomes the lake's catalog.
        inputs: ``(kind, path)`` pairs, as :func:`showmeter.intake.load.ingest` takes them.
        assume_tz: IANA zone for naive timestamps.
        source: The adapter of the viewing files.
        rejects: Also write this load's quarantined rows to this CSV file.
        progress: Called after each batch.
        options: The adapter's options.
        before_commit: Called with the written load just before its commit (tests inject a
            fault there).

    Returns:
        One summary per file, as a load into a store gives.
    """
    from showmeter.intake.load import ingest

    lake = Lake(root, create=True)
    inputs = list(inputs)

    def write(pending: Pending) -> list[FileSummary]:
        return _load_once(
            lake,
            pending,
            catalog,
            inputs,
            assume_tz,
            source,
            rejects,
            progress,
            options,
            ingest,
        )

    return lake.load(write, engine="duckdb", before_commit=before_commit, rows=loaded_rows)


def _load_once(
    lake: Lake,
    pending: Pending,
    catalog: Catalog,
    inputs: list[tuple[str, str | Path]],
    assume_tz: str | None,
    source: str,
    rejects: str | Path | None,
    progress: Progress | None,
    options: Mapping[str, str] | None,
    ingest: Callable[..., list[FileSummary]],
) -> list[FileSummary]:
    """One attempt: ingest into a scratch store holding the lake's rows; write what it adds."""
    from showmeter.intake.rules import KINDS
    from showmeter.store import Store

    snapshot = {name: [path for _, path in listed] for name, listed in lake.snapshot().items()}
    kinds = {kind for kind, _ in inputs}
    folder = scratch.new_folder()
    try:
        with Store(folder / "lake-load.duckdb") as store:
            con = store.connection
            # What the load settles against: the stored rows of the kinds it loads, and the
            # quarantine (a reload quarantines nothing anew).
            for name in [k for k in KINDS if k in kinds] + ["quarantine"]:
                if snapshot.get(name):
                    con.execute(
                        f"INSERT INTO {quote(name)} {table_sql(name, snapshot[name])}"
                    ).fetchall()
            before = {row[0] for row in con.execute("SELECT load_id FROM loads").fetchall()}

            def write(connection: duckdb.DuckDBPyConnection, loaded: Mapping[str, str]) -> None:
                for kind, query in loaded.items():
                    write_table(connection, query, pending, kind)
                ids = [
                    str(r[0])
                    for r in connection.execute("SELECT DISTINCT load_id FROM loads").fetchall()
                    if r[0] not in before
                ]
                this = "[" + ", ".join(literal(i) for i in ids) + "]::VARCHAR[]"
                for name in ("quarantine", "loads"):
                    query = f"SELECT * FROM {name} WHERE list_contains({this}, load_id)"
                    write_table(connection, query, pending, name)
                for name in CATALOG_TABLES:
                    write_table(connection, f"SELECT * FROM {quote(name)}", pending, name)

            return ingest(
                store,
                catalog,
                inputs,
                assume_tz=assume_tz,
                source=source,
                rejects=rejects,
                progress=progress,
                options=options,
                maintain=write,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
