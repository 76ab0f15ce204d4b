"""Record a load: its summary per file in the ``loads`` table, its quarantine as a CSV."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from showmeter.intake.summary import FileSummary
    from showmeter.store import Store

__all__ = ["record_loads", "write_rejects"]


def record_loads(
    connection: duckdb.DuckDBPyConnection, load_id: str, summaries: list[FileSummary]
) -> None:
    """Add one row per file of this load to the store's ``loads`` table."""
    if not summaries:  # the catalog alone: nothing read, nothing to record
        return
    now = datetime.now(UTC)
    connection.executemany(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                load_id,
                s.kind,
                s.source,
                s.file,
                s.read,
                s.loaded,
                s.quarantined,
                s.duplicates,
                json.dumps(s.reasons, sort_keys=True),
                json.dumps(s.notes, sort_keys=True),
                now,
            ]
            for s in summaries
        ],
    )


def write_rejects(store: Store, load_id: str, path: Path) -> None:
    """Write the rows this load quarantined to the CSV file ``path``.

    Every cell goes through :func:`showmeter.quoting.csv_field`, so text that a spreadsheet
    would run as a formula is escaped as in every CSV that showmeter writes.

    Raises:
        UsageError: ``path`` cannot be written (a folder, or a folder that cannot be made).
    """
    import csv

    from showmeter.quoting import csv_field

    columns = ("file", "line", "column", "reason", "value", "record")
    rows = store.rows(
        'SELECT file, line, "column", reason, value, record FROM quarantine '
        "WHERE load_id = ? ORDER BY file, line",
        load_id,
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([csv_field(value) for value in row] for row in rows)
    except OSError as error:
        raise UsageError(
            f"cannot write the rejected rows: {error.strerror or error}",
            file=str(path),
            remedy="Give --rejects a file name in a folder you can write to.",
        ) from error
