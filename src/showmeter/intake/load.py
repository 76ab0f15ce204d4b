"""Load input files into a store: validate, quarantine, de-duplicate, reconcile.

One call of :func:`ingest` is one transaction. It replaces the catalog tables with the catalog
given, then reads every file batch by batch into a staging table, where each row is either
canonical or carries the first rule it breaks. At the end, per kind, every staged row gets a
status: ``loaded``, ``duplicate`` (the same row is stored already, or came earlier in this
load) or quarantined (a broken rule, or a row with the identity of another but other values).
So for every file: read = loaded + quarantined + duplicates. An error or an interrupt rolls the
whole load back.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter._gc import paused_gc
from showmeter.errors import InputError, UsageError, resource_error
from showmeter.intake import adapters, readers, scratch
from showmeter.intake.catalog_tables import write_catalog
from showmeter.intake.published import PUBLISHED_SOURCES
from showmeter.intake.recording import record_loads, write_rejects
from showmeter.intake.rules import KINDS
from showmeter.intake.settle import commit_kind, loaded_sql, settle
from showmeter.intake.stage_rows import (
    Prepare,
    Progress,
    canonical_reader,
    column_key,
    kind_prepare,
    parquet_staged_sql,
    reader_for,
    stage_kind,
)
from showmeter.intake.suggest import add_suggestions
from showmeter.intake.summary import FileSummary
from showmeter.quoting import literal, quote
from showmeter.resources import memory_limit
from showmeter.schema import CATALOG_TABLES, duckdb_tables
from showmeter.store import MEMORY, create_tables

if TYPE_CHECKING:
    import duckdb

    from showmeter.catalog import Catalog
    from showmeter.intake.staging_sql import Kind
    from showmeter.store import Store

__all__ = ["FileSummary", "Maintain", "Progress", "ingest", "parquet_staged_sql"]

Maintain = Callable[["duckdb.DuckDBPyConnection", Mapping[str, str]], None]
"""Called inside a load's transaction once its rows are in the store, as
``maintain(connection, loaded)`` where ``loaded`` maps each kind loaded to a query of the rows
this load added: what keeps the store's summaries of those rows (pre-aggregations) in step."""


def ingest(
    store: Store,
    catalog: Catalog | None,
    inputs: Iterable[tuple[str, str | Path]],
    *,
    assume_tz: str | None = None,
    source: str = "canonical",
    rejects: str | Path | None = None,
    progress: Progress | None = None,
    prepare: dict[str, Prepare] | None = None,
    options: Mapping[str, str] | None = None,
    maintain: Maintain | None = None,
) -> list[FileSummary]:
    """Load files into ``store`` in one transaction.

    Args:
        store: A writable store.
        catalog: The catalog; it replaces the store's catalog tables. Only the sources of
            published figures (``netflix-top10``, ``netflix-engagement``) accept None: they
            go to :func:`showmeter.intake.published.load.ingest_published`.
        inputs: ``(kind, path)`` pairs: kind is ``viewing``, ``panels``, ``reviews`` or
            ``signals``; path is a file, a directory or a glob.
        assume_tz: IANA zone for naive timestamps; None rejects them (``naive_timestamp``).
        source: The adapter that reads the viewing files: ``canonical`` (the default) or a
            name of :data:`showmeter.intake.adapters.ADAPTERS`. Other kinds are canonical.
        rejects: Also write the quarantined rows of this load to this CSV file.
        progress: Called after each batch.
        prepare: Kind -> a function applied to each raw batch before the rules.
        options: Options for the adapter (``name -> value``).
        maintain: Called in the transaction after the rows are in (see :data:`Maintain`).

    Returns:
        One summary per file, in the order loaded.

    Raises:
        UsageError: An unknown kind or time zone.
        InputError: A file that cannot be read, or lacks a required column.
    """
    if source in PUBLISHED_SOURCES:
        from showmeter.intake.published.load import ingest_published

        return ingest_published(
            store, catalog, list(inputs), source=source, rejects=rejects, progress=progress
        )
    if catalog is None:
        raise UsageError(
            "a catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes (--catalog FILE).",
        )
    _check_zone(assume_tz)
    read = reader_for(source, catalog, options or {})
    plan = _plan(inputs, source)
    load_id = uuid.uuid4().hex
    connection = store.connection
    store_db = quote(str(connection.execute("SELECT current_database()").fetchall()[0][0]))
    with (
        _staging(store, _fits_in_memory(connection, plan)) as staging,
        paused_gc(),  # the rows read stay alive until staged
        _any_order(connection),
    ):
        # 1. Stage: every row read, checked against the new catalog, and classified, in a
        #    scratch database. Nothing of the store is written, so an error or an interrupt
        #    here leaves it as it was, and memory stays bounded however large the input.
        connection.execute(f"USE {staging}").fetchall()
        try:
            create_tables(connection, duckdb_tables(CATALOG_TABLES))
            write_catalog(connection, catalog)
            staged: list[tuple[Kind, list[FileSummary]]] = []
            for kind_name, files in plan.items():
                kind = KINDS[kind_name]
                hooks = [h for h in ((prepare or {}).get(kind_name), kind_prepare(kind)) if h]
                reader = read if kind_name == "viewing" else canonical_reader
                notes = stage_kind(connection, kind, files, assume_tz, hooks, progress, reader)
                summaries = settle(
                    connection,
                    kind,
                    files,
                    source if kind_name == "viewing" else "canonical",
                    load_id,
                    store_db,
                )
                for summary, extra in zip(summaries, notes, strict=True):
                    summary.notes.update(extra)
                add_suggestions(connection, f"stage_{kind_name}", summaries, catalog)
                staged.append((kind, summaries))
        finally:
            connection.execute(f"USE {store_db}").fetchall()
        # 2. Commit: one transaction moves the settled rows into the store. On a full disk it
        #    rolls back, and the store gives the space back when it is closed.
        try:
            with store.transaction():
                write_catalog(connection, catalog)
                for kind, _ in staged:
                    commit_kind(connection, kind, staging)
                everything = [summary for _, summaries in staged for summary in summaries]
                record_loads(connection, load_id, everything)
                if maintain is not None:
                    maintain(connection, {k.name: loaded_sql(k, staging) for k, _ in staged})
        except Exception as error:
            resource = resource_error(error)
            if resource is None:
                raise
            raise resource from error
    if rejects is not None:
        write_rejects(store, load_id, Path(rejects))
    return everything


@contextlib.contextmanager
def _any_order(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Let DuckDB write the rows of a statement without ORDER BY in any order, then restore.

    Nothing a load writes depends on the order of rows: every rule, every settlement (the first
    of several rows is the first by file and line) and every listing of rows sorts explicitly,
    and a table built sorted (``ORDER BY``) stays sorted. Without keeping the scan's order,
    DuckDB's threads insert as they go: about a quarter less CPU for staging the rows and for
    inserting them (``benchmarks/preaggregates.py``). The setting is the database's, not the
    connection's: another cursor on the same store, in the same process, sees it during the load
    (its unsorted queries may return rows in another order meanwhile; sorted ones are as ever).
    """
    (before,) = connection.execute("SELECT current_setting('preserve_insertion_order')").fetchall()[
        0
    ]
    connection.execute("SET preserve_insertion_order = false").fetchall()
    try:
        yield
    finally:
        connection.execute(f"SET preserve_insertion_order = {bool(before)}").fetchall()


STAGED_BYTES = {".parquet": 12.0, ".gz": 20.0}
"""About how many bytes of memory the staged rows take per byte of their input file, by the
file's last suffix (3 for any other: text), generously: a Parquet file of the benchmark's world
(29 MB, 1.8 M sessions) stages into about 330 MB."""


def _fits_in_memory(connection: duckdb.DuckDBPyConnection, plan: Mapping[str, list[Path]]) -> bool:
    """Whether a load's staged rows should fit in a quarter of DuckDB's memory limit.

    Such a load stages in memory: about half the CPU of staging into a scratch file, whose
    rows DuckDB compresses as it writes them (``benchmarks/load_profile.py``). A larger one
    stages into a scratch file (``$SHOWMETER_TMP``), so that its rows do not crowd out the
    pre-aggregations' work; an in-memory staging past the limit would spill to the store's
    ``<store>.tmp`` folder rather than fail, so the estimate need not be exact.
    """
    limit = memory_limit(connection)
    staged = 0.0
    for files in plan.values():
        for path in files:
            with contextlib.suppress(OSError):
                staged += path.stat().st_size * STAGED_BYTES.get(path.suffix.lower(), 3.0)
    return limit is not None and staged <= limit / 4


@contextlib.contextmanager
def _staging(store: Store, in_memory: bool) -> Iterator[str]:
    """Attach a scratch database for staging; detach and delete it afterwards.

    In memory for a store in memory or a load that fits (:func:`_fits_in_memory`), else a
    file in a scratch folder of its own (:mod:`showmeter.intake.scratch`).
    """
    name = f"_staging_{uuid.uuid4().hex[:12]}"
    folder = None
    if store.path == MEMORY or in_memory:
        target = ":memory:"
    else:
        folder = scratch.new_folder()
        target = str(folder / "staging.duckdb")
    store.connection.execute(f"ATTACH {literal(target)} AS {name}").fetchall()
    try:
        yield name
    finally:
        try:
            store.connection.execute(f"DETACH {name}").fetchall()
        finally:  # the folder goes even when the connection cannot detach any more
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


def _check_zone(zone: str | None) -> None:
    if zone is None:
        return
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UsageError(
            "--assume-tz is not an IANA time zone",
            value=zone,
            expected="a zone such as America/New_York or UTC",
            remedy="Pick a name from the tz database.",
        ) from error


def _plan(inputs: Iterable[tuple[str, str | Path]], source: str) -> dict[str, list[Path]]:
    plan: dict[str, list[Path]] = {}
    for kind_name, spec in inputs:
        if kind_name not in KINDS:
            raise UsageError(
                f"unknown kind of input {kind_name!r}", expected=f"one of {sorted(KINDS)}"
            )
        if kind_name == "viewing" and source != "canonical":
            plan.setdefault(kind_name, []).extend(adapters.get(source).expand(spec))
            continue
        for path in readers.expand_inputs(spec):
            _check_columns(KINDS[kind_name], path)
            plan.setdefault(kind_name, []).append(path)
    return plan


def _check_columns(kind: Kind, path: Path) -> None:
    names = {column_key(name) for name in readers.header(path)}
    missing = [c for c in kind.required if c not in names]
    if kind.any_of and not names.intersection(kind.any_of):
        missing.append(" or ".join(kind.any_of))
    if missing:
        raise InputError(
            f"the {kind.name} file lacks the column {missing[0]!r}",
            file=str(path),
            line=1,
            column=missing[0],
            expected=f"the columns {', '.join(kind.required)}"
            + (f" and one of {', '.join(kind.any_of)}" if kind.any_of else ""),
            remedy="Rename or add the column (names are case-insensitive), "
            "or pick the right --source for this file.",
        )
