"""The data-quality tables: the reconciliation of every load and the quarantine by reason."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.launch import formats
from showmeter.launch.display import Column, DisplayTable

if TYPE_CHECKING:
    from showmeter.launch.records import Records

__all__ = ["load_table", "quarantine_table"]


def _tick(value: object) -> str:
    return "✓" if value is True else "✗"


def load_table(records: Records) -> DisplayTable:
    """Every file loaded into the store: rows read, loaded, quarantined and duplicated.

    Args:
        records: The store's records.

    Returns:
        One row per load, with whether read = loaded + quarantined + duplicates.
    """
    rows: list[dict[str, object]] = [
        {
            "file": load.file,
            "kind": load.kind,
            "source": load.source,
            "read": load.read,
            "loaded": load.loaded,
            "quarantined": load.quarantined,
            "duplicates": load.duplicates,
            "reconciles": load.reconciles,
            "loaded_at": load.loaded_at,
        }
        for load in records.loads
    ]
    return DisplayTable(
        "loads",
        [
            Column("file", "File", numeric=False),
            Column("kind", "Kind", numeric=False),
            Column("source", "Source", numeric=False),
            Column("read", "Read"),
            Column("loaded", "Loaded"),
            Column("quarantined", "Quarantined"),
            Column("duplicates", "Duplicates"),
            Column("reconciles", "Reconciles", _tick),
            Column("loaded_at", "Loaded at", numeric=False),
        ],
        rows,
    )


def quarantine_table(records: Records) -> DisplayTable:
    """The quarantined rows by reason and kind, with what the reason means and an example.

    Args:
        records: The store's records.

    Returns:
        One row per reason and kind, most rows first.
    """
    from showmeter.intake.reasons import describe

    rows: list[dict[str, object]] = [
        {
            "reason": q.reason,
            "kind": q.kind,
            "rows": q.rows,
            "meaning": describe(q.reason),
            "example": q.example,
        }
        for q in records.quarantine
    ]
    return DisplayTable(
        "quarantine",
        [
            Column("reason", "Reason", numeric=False),
            Column("kind", "Kind", numeric=False),
            Column("rows", "Rows", formats.cell),
            Column("meaning", "What it means, how to fix it", numeric=False),
            Column("example", "First example", numeric=False),
        ],
        rows,
    )
