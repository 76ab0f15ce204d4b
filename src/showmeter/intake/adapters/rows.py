"""Collect an adapter's rows into batches of canonical viewing columns.

Every adapter builds rows of the canonical viewing columns (see
:data:`showmeter.intake.rules.VIEWING`) as text, so that the canonical rules of the ingest
check them exactly as they check a canonical file: a value an adapter could not convert is
passed on as written and quarantined by the rule it breaks, with its column and value. Rows
an adapter leaves out by a documented rule go in :attr:`Batch.malformed` under that rule's
reason, with the source row as JSON, so they are counted and kept too.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from showmeter.intake import encoding
from showmeter.intake.readers import Batch, Malformed

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "BATCH_ROWS",
    "CANONICAL",
    "EMPTY_ROW",
    "ViewingRows",
    "instant",
    "is_empty",
    "record_text",
]

BATCH_ROWS = 100_000
"""Rows per batch: memory stays bounded by this, whatever the size of the source."""

CANONICAL = (
    "event_id",
    "account_id",
    "profile_id",
    "person_id",
    "title",
    "season",
    "episode",
    "started_at",
    "seconds_watched",
    "position_end_s",
    "device",
    "market",
)
"""The canonical viewing columns an adapter fills (any it leaves out are empty)."""
_KNOWN = frozenset(CANONICAL)

Value = str | int | float | datetime | None

EMPTY_ROW = "empty_row"
"""The reason of a source row that holds no value at all (see :func:`is_empty`)."""


def is_empty(values: object) -> bool:
    """Whether a source row holds no value at all: ``,,,``, ``{}``, ``{"id": null}``.

    A value is empty when it is None, text of nothing but spaces, or a list or mapping of
    empty values (a JSON row's ``"show": {}``). Such a row is quarantined as
    :data:`EMPTY_ROW`, never skipped: every row read is loaded or quarantined.

    Args:
        values: The row's fields (a list) or its object (a mapping).
    """
    if values is None:
        return True
    if isinstance(values, str):
        return not values.strip()
    if isinstance(values, dict):
        return all(is_empty(v) for v in values.values())
    if isinstance(values, list | tuple):
        return all(is_empty(v) for v in values)
    return False


def instant(moment: datetime) -> str:
    """An aware instant as ISO 8601 text in UTC, e.g. ``2022-10-17T23:19:14Z``."""
    text = moment.astimezone(UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def record_text(record: Mapping[str, object]) -> str:
    """A source row (and what was made of it) as one line of JSON, for the quarantine."""
    return json.dumps(record, ensure_ascii=False, default=str)


def _text(value: Value) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return instant(value) if value.tzinfo else value.isoformat()
    return repr(value) if isinstance(value, float) else str(value)


class ViewingRows:
    """A buffer of canonical rows and excluded rows, emptied into batches.

    Args:
        notes: Notes to attach to every batch (e.g. ``{"approximations": [...]}``).
        batch_rows: How many rows (kept and excluded) make a full batch; default
            :data:`BATCH_ROWS`.
    """

    def __init__(
        self, notes: dict[str, object] | None = None, batch_rows: int | None = None
    ) -> None:
        self.notes = dict(notes or {})
        self.batch_rows = batch_rows or BATCH_ROWS
        self._columns: dict[str, list[str | None]] = {c: [] for c in CANONICAL}
        self._lines: list[int] = []
        self._excluded: list[Malformed] = []

    def add(self, line: int, **values: Value) -> None:
        """Add a row.

        Args:
            line: Where the row is in its source (line, record or row number).
            **values: Canonical columns by name; the others are left empty.

        Raises:
            KeyError: A name is not a canonical column (a bug in the adapter).
        """
        if not _KNOWN.issuperset(values):
            unknown = set(values) - _KNOWN
            raise KeyError(f"not canonical viewing columns: {sorted(unknown)}")
        # a mark is one character: one search of the texts joined finds any of them
        if encoding.has_mark("\n".join(v for v in values.values() if isinstance(v, str))):
            self.exclude(line, "invalid_utf8", values)
            return
        get = values.get
        for column, cells in self._columns.items():
            value = get(column)
            cells.append(value if value is None or type(value) is str else _text(value))
        self._lines.append(line)

    def exclude(self, line: int | None, reason: str, record: Mapping[str, object]) -> None:
        r"""Leave a row out under ``reason``: it is quarantined with ``record`` as its text.

        A record holding bytes that are not UTF-8 is quarantined as ``invalid_utf8`` instead,
        each such byte written as ``\\xNN``.
        """
        text = record_text(record)
        if encoding.has_mark(text):  # the source row holds bytes that are not UTF-8
            reason, text = "invalid_utf8", encoding.unmark(text)
        self._excluded.append(Malformed(line, text, reason))

    @property
    def full(self) -> bool:
        """Whether the buffer holds a batch's worth of rows."""
        return len(self._lines) + len(self._excluded) >= self.batch_rows

    def batch(self, done: int, total: int) -> Batch:
        """Empty the buffer into a batch.

        Args:
            done: Progress after these rows, in the unit of ``total``.
            total: The size of the source (bytes or rows).
        """
        import pyarrow as pa

        columns = {c: pa.array(cells, pa.string()) for c, cells in self._columns.items()}
        columns["_line"] = pa.array(self._lines, pa.int64())
        batch = Batch(pa.table(columns), self._excluded, done, total, dict(self.notes))
        self._columns = {c: [] for c in CANONICAL}
        self._lines = []
        self._excluded = []
        return batch
