"""The data page: the ingest history, the quarantine by reason, and the quarantined rows.

These are the store's records (what was loaded and what was not, and why), read as they are;
no figure is computed here. The quarantined rows are read a page at a time, filtered by a
reason the store knows (the reason is a bound parameter, never text in the SQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from showmeter.errors import UsageError
from showmeter.web import storeinfo

if TYPE_CHECKING:
    from collections.abc import Mapping

    from showmeter.launch.display import DisplayTable
    from showmeter.launch.records import Records
    from showmeter.launch.runner import Runner

__all__ = ["PAGE_ROWS", "DataPage", "build", "quarantined_rows"]

PAGE_ROWS = 50
"""Quarantined rows shown per page."""

MAX_DOWNLOAD = 100_000
"""The most quarantined rows one CSV download holds."""

FILTERS = ("reason", "page")


@dataclass
class DataPage:
    """The computed data page."""

    records: Records
    loads: DisplayTable
    reasons: DisplayTable
    rows: DisplayTable
    reason: str | None
    page: int
    pages: int
    total: int
    described: dict[str, object]


def _filters(runner: Runner, given: Mapping[str, list[str]]) -> tuple[str | None, int]:
    unknown = sorted(set(given) - set(FILTERS))
    if unknown:
        raise UsageError(f"unknown filter {unknown[0]!r}", expected=", ".join(FILTERS))
    reasons = {q.reason for q in storeinfo.records(runner).quarantine}
    reason = (given.get("reason") or [""])[-1].strip() or None
    if reason is not None and reason not in reasons:
        raise UsageError(
            f"no rows quarantined for the reason {reason!r}",
            expected=", ".join(sorted(reasons)) or "no reason: nothing is quarantined",
            remedy="Choose a reason from the table.",
        )
    text = (given.get("page") or ["1"])[-1].strip() or "1"
    if not text.isdigit() or not 1 <= int(text) <= 10_000_000:
        raise UsageError("bad page", value=text, expected="a page number from 1")
    return reason, int(text)


def quarantined_rows(
    runner: Runner, reason: str | None, offset: int, limit: int
) -> tuple[list[dict[str, object]], int]:
    """Quarantined rows in file and line order, and how many there are.

    Args:
        runner: The store's runner.
        reason: Only rows quarantined for this reason (``None``: all).
        offset: Rows to skip.
        limit: The most rows returned.

    Returns:
        The rows (kind, file, line, column, reason, value, record) and the total.
    """
    return runner.read(
        lambda store: store.quarantined_rows(reason, offset, limit), "the quarantine"
    )


def rows_table(rows: list[dict[str, object]]) -> DisplayTable:
    """Quarantined rows as a display table (and CSV)."""
    from showmeter.launch.display import Column, DisplayTable

    return DisplayTable(
        "quarantined-rows",
        [
            Column("file", "File", numeric=False),
            Column("line", "Line"),
            Column("kind", "Kind", numeric=False),
            Column("reason", "Reason", numeric=False),
            Column("column", "Column", numeric=False),
            Column("value", "Value", numeric=False),
            Column("record", "Row as read", numeric=False),
        ],
        rows,
    )


def build(runner: Runner, given: Mapping[str, list[str]]) -> DataPage:
    """The data page for the query's ``reason`` and ``page``.

    Raises:
        UsageError: An unknown filter or reason, or a bad page number.
    """
    from showmeter.launch.quality import load_table, quarantine_table

    reason, page = _filters(runner, given)
    records = storeinfo.records(runner)
    rows, total = quarantined_rows(runner, reason, (page - 1) * PAGE_ROWS, PAGE_ROWS)
    pages = max(1, -(-total // PAGE_ROWS))
    return DataPage(
        records,
        load_table(records),
        quarantine_table(records),
        rows_table(rows),
        reason,
        page,
        pages,
        total,
        runner.described,
    )


def download(runner: Runner, given: Mapping[str, list[str]]) -> DisplayTable:
    """Every quarantined row (of the query's ``reason``), up to :data:`MAX_DOWNLOAD`."""
    reason, _ = _filters(runner, given)
    rows, _total = quarantined_rows(runner, reason, 0, MAX_DOWNLOAD)
    return rows_table(rows)
