"""Record a load: its summary per file in the ``loads`` table, its quarantine as a CSV."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

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
    """Write the rows this load quarantined to the CSV file ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    target = str(path).replace("'", "''")
    store.connection.execute(
        f'COPY (SELECT file, line, "column", reason, value, record FROM quarantine '
        f"WHERE load_id = '{load_id}' ORDER BY file, line) TO '{target}' (HEADER, DELIMITER ',')"
    ).fetchall()
