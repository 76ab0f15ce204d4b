"""Load published figures into a store: resolve, de-duplicate, quarantine, commit.

The guarantees are those of every load (:mod:`showmeter.intake.load`): for every file,
read = loaded + quarantined + duplicates; one transaction; every quarantined row in the
``quarantine`` table with its reason. A row's identity is (list, week or period, market,
category, title, season), kept as its ``row_id``: the same identity with the same figures
(rank, hours, runtime, views, weeks in list, label) is a duplicate — so the same week loaded
from a newer file changes nothing — and with other figures a ``conflicting_row``.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.errors import UsageError
from showmeter.intake.adapters.files import expand
from showmeter.intake.published import PUBLISHED_SOURCES
from showmeter.intake.published.engagement import read_engagement
from showmeter.intake.published.resolve import Resolved, Resolver
from showmeter.intake.published.sheets import is_workbook
from showmeter.intake.published.top10 import read_top10
from showmeter.intake.recording import record_loads, write_rejects
from showmeter.intake.summary import FileSummary
from showmeter.schema import CATALOG_TABLES, FACT_TABLES

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import duckdb

    from showmeter.catalog import Catalog
    from showmeter.intake.published.rows import Figure, Parsed
    from showmeter.store import Store

__all__ = ["expand_published", "ingest_published"]

KIND = "published"
_COLUMNS = FACT_TABLES[KIND].column_names
_FIGURES = ("rank", "hours_viewed", "runtime_h", "views", "weeks_in_list", "label")


def expand_published(spec: str | Path) -> list[Path]:
    """The published files a path, a directory or a glob names (TSV, CSV, XLSX)."""

    def accept(path: Path) -> bool:
        return path.suffix.lower() in (".tsv", ".csv", ".txt") or is_workbook(path)

    return expand(spec, accept, "Netflix Top 10 or engagement files (.tsv, .csv, .xlsx)")


def ingest_published(
    store: Store,
    catalog: Catalog | None,
    inputs: Sequence[tuple[str, str | Path]],
    *,
    source: str,
    rejects: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[FileSummary]:
    """Load Top 10 lists or engagement reports into ``store``, in one transaction.

    Args:
        store: A writable store.
        catalog: The catalog (it replaces the store's catalog tables, and rows resolve
            against it), or None: the titles and seasons the files name are added.
        inputs: ``(kind, path)`` pairs; the files are those given as ``viewing``
            (``--events``), as for every ``--source``.
        source: ``netflix-top10`` or ``netflix-engagement``.
        rejects: Also write the quarantined rows of this load to this CSV file.
        progress: Called after each file as ``progress(file, 1, 1)``.

    Returns:
        One summary per file.

    Raises:
        UsageError: Another kind of input given with these sources.
        InputError: A corrupt download or a file that is none of the source's.
    """
    other = sorted({kind for kind, _ in inputs if kind != "viewing"})
    if other:
        raise UsageError(
            f"--source {source} reads published figures only, not {other[0]}",
            expected="the files of the source with --events",
            remedy="Load panels, reviews and signals in an ingest of their own.",
        )
    if source not in PUBLISHED_SOURCES:
        raise UsageError(f"{source!r} is not a source of published figures")
    read = read_top10 if source == "netflix-top10" else read_engagement
    paths = [path for _, spec in inputs for path in expand_published(spec)]
    connection = store.connection
    resolver = Resolver(connection, catalog)
    load_id = uuid.uuid4().hex
    summaries: list[FileSummary] = []
    rows: list[dict[str, Any]] = []
    quarantine: list[list[Any]] = []
    for path in paths:
        parsed = read(path)
        summary = FileSummary(str(path), KIND, source, read=parsed.read, notes=dict(parsed.notes))
        _settle_file(parsed, summary, resolver, rows, quarantine)
        summaries.append(summary)
        if progress is not None:
            progress(str(path), 1, 1)
    rows = _settle_against_store(connection, rows, summaries, quarantine)
    for summary in summaries:
        summary.loaded = sum(1 for row in rows if row["_file"] == summary.file)
        summary.quarantined = sum(summary.reasons.values())
        summary.duplicates = summary.read - summary.loaded - summary.quarantined
    with store.transaction():
        if catalog is not None:
            from showmeter.intake.catalog_tables import write_catalog

            write_catalog(connection, catalog)
        else:
            _insert(connection, "titles", list(resolver.new_titles.values()))
            _insert(connection, "seasons", list(resolver.new_seasons.values()))
        _insert(connection, KIND, rows)
        if quarantine:
            connection.executemany(
                "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [[load_id, KIND, *q] for q in quarantine],
            )
        record_loads(connection, load_id, summaries)
    if rejects is not None:
        write_rejects(store, load_id, Path(rejects))
    return summaries


def _settle_file(
    parsed: Parsed,
    summary: FileSummary,
    resolver: Resolver,
    rows: list[dict[str, Any]],
    quarantine: list[list[Any]],
) -> None:
    """Resolve a file's figures; its rejected and unresolved rows go to the quarantine."""
    for rejected in parsed.rejected:
        _quarantine(summary, quarantine, rejected.line, rejected.column, rejected.reason,
                    rejected.value, rejected.record)  # fmt: skip
    for figure in parsed.figures:
        found = resolver.resolve(figure)
        if not isinstance(found, Resolved):
            record = {**figure.record, "parsed": found.parsed}
            column = "season_title" if figure.season_title is not None else "title"
            _quarantine(summary, quarantine, figure.line, column, found.reason,
                        figure.label or figure.show, record)  # fmt: skip
            continue
        rows.append(_row(figure, found, summary.file))


def _row(figure: Figure, found: Resolved, file: str) -> dict[str, Any]:
    identity = (figure.list, figure.week, figure.period_start, figure.market, figure.category,
                found.title, found.season)  # fmt: skip
    return {
        "row_id": "|".join("" if part is None else str(part) for part in identity),
        "list": figure.list,
        "week": figure.week,
        "period_start": figure.period_start,
        "period_end": figure.period_end,
        "market": figure.market,
        "category": figure.category,
        "rank": figure.rank,
        "title": found.title,
        "season": found.season,
        "hours_viewed": figure.hours_viewed,
        "runtime_h": figure.runtime_h,
        "views": figure.views,
        "weeks_in_list": figure.weeks_in_list,
        "label": figure.label,
        "_file": file,
        "_line": figure.line,
        "_record": figure.record,
    }


def _quarantine(
    summary: FileSummary,
    quarantine: list[list[Any]],
    line: int,
    column: str | None,
    reason: str,
    value: str | None,
    record: dict[str, Any],
) -> None:
    summary.reasons[reason] = summary.reasons.get(reason, 0) + 1
    text = json.dumps(record, ensure_ascii=False, default=str, sort_keys=True)
    quarantine.append([summary.file, line, column, reason, value, text])


def _settle_against_store(
    connection: duckdb.DuckDBPyConnection,
    rows: list[dict[str, Any]],
    summaries: list[FileSummary],
    quarantine: list[list[Any]],
) -> list[dict[str, Any]]:
    """The rows to add: not stored already nor earlier in this load with the same identity.

    A row whose identity is stored, or came earlier in the load, is a duplicate when its
    figures are the same and a ``conflicting_row`` otherwise.
    """
    stored = _stored(connection, {row["row_id"] for row in rows})
    by_file = {summary.file: summary for summary in summaries}
    kept: list[dict[str, Any]] = []
    for row in rows:
        figures = tuple(row[name] for name in _FIGURES)
        known = stored.get(row["row_id"])
        if known is None:
            stored[row["row_id"]] = figures
            kept.append(row)
        elif known != figures:
            record = {**row["_record"], "stored": dict(zip(_FIGURES, known, strict=True))}
            _quarantine(by_file[row["_file"]], quarantine, row["_line"], None, "conflicting_row",
                        row["row_id"], record)  # fmt: skip
    return kept


def _stored(connection: duckdb.DuckDBPyConnection, ids: set[str]) -> dict[str, tuple[Any, ...]]:
    """The figures of the stored rows among ``ids``."""
    if not ids:
        return {}
    import pyarrow as pa

    wanted = pa.table({"row_id": sorted(ids)})
    connection.register("_published_ids", wanted)
    try:
        found = connection.execute(
            f"SELECT p.row_id, {', '.join('p.' + name for name in _FIGURES)} "
            "FROM published p JOIN _published_ids USING (row_id)"
        ).fetchall()
    finally:
        connection.unregister("_published_ids")
    return {str(row[0]): tuple(row[1:]) for row in found}


def _insert(connection: duckdb.DuckDBPyConnection, name: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows (dicts with at least the table's columns) into a canonical table."""
    if not rows:
        return
    import pyarrow as pa

    spec = FACT_TABLES[name] if name in FACT_TABLES else CATALOG_TABLES[name]
    types = {"string": pa.string(), "int32": pa.int32(), "int64": pa.int64(),
             "float64": pa.float64(), "boolean": pa.bool_(), "date": pa.date32(),
             "timestamp": pa.timestamp("us", tz="UTC")}  # fmt: skip
    table = pa.table(
        {c.name: pa.array([row[c.name] for row in rows], type=types[c.type]) for c in spec.columns}
    )
    connection.register("_published_rows", table)
    try:
        connection.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _published_rows").fetchall()
    finally:
        connection.unregister("_published_rows")
