"""What every reader of input files yields: batches of rows, the rows left out, and progress.

The types shared by :mod:`~showmeter.intake.readers` (Parquet, and the choice of a reader by
a file's format), :mod:`~showmeter.intake.csv_reader`, :mod:`~showmeter.intake.jsonl_reader`
and the source adapters; they import it, it imports none of them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    import pyarrow as pa

__all__ = ["BATCH_ROWS", "Batch", "CountingFile", "Malformed"]

BATCH_ROWS = 262_144
"""Rows per batch: large enough for vectorized work, small enough to bound memory."""


@dataclass(frozen=True)
class Malformed:
    """A row that could not be split into columns.

    Attributes:
        line: The line (see :mod:`~showmeter.intake.readers`), when known.
        text: The row as read.
        reason: ``malformed_row`` (CSV), ``malformed_json`` (JSON Lines), or the reason an
            adapter left the row out (e.g. ``trailer``).
    """

    line: int | None
    text: str
    reason: str


@dataclass
class Batch:
    """A slice of an input file.

    Attributes:
        table: The rows, with an int64 column ``_line``.
        malformed: Rows of this slice that could not be read as records.
        done: Progress after this batch: bytes of the file read (for Parquet, its size in
            proportion to the rows read).
        total: The size of the file in bytes, as stored (compressed for a ``.gz``).
        notes: Facts for the file's summary, e.g. an adapter's approximations.
    """

    table: pa.Table
    malformed: list[Malformed] = field(default_factory=list)
    done: int = 0
    total: int = 0
    notes: dict[str, object] = field(default_factory=dict)


class CountingFile(io.RawIOBase):
    """A binary file that counts the bytes read from it, for progress bars.

    Args:
        path: The file, opened for reading in binary.
    """

    def __init__(self, path: Path) -> None:
        self._handle = path.open("rb")
        self.position = 0
        self.total = path.stat().st_size

    def readable(self) -> bool:
        """Always true: the file is open for reading."""
        return True

    def readinto(self, buffer: Any) -> int:
        """Read into ``buffer`` and count the bytes read."""
        count = self._handle.readinto(buffer)
        self.position += count
        return count

    def close(self) -> None:
        """Close the file."""
        self._handle.close()
        super().close()
