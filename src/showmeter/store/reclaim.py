"""Give back the disk a rolled-back load took: shrink the store file to what it holds.

DuckDB writes a large insert straight into free or new blocks of the database file before
the transaction commits. When the transaction rolls back (a failed load, a full disk), those
blocks are free again, but DuckDB does not shrink the file: on a full disk, the file keeps
every byte it grew into, and the next small load fails for want of space (DuckDB 2.0 shrinks
a file only when a later checkpoint writes, which needs room for its write-ahead log).

Once the store is closed, the file's committed content is exactly what its active database
header names: ``block_count`` blocks of ``block_alloc_size`` bytes after the three 4 KiB
header blocks. Anything past that end belongs to no committed state, so :func:`reclaim`
truncates the file there. It touches nothing when a write-ahead log is left (its records may
point at those blocks), or when the header is not one it recognises.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

__all__ = ["HEADER_BYTES", "committed_size", "reclaim"]

HEADER_BYTES = 3 * 4096
"""DuckDB's main header and its two database headers, before the first block."""

_DATABASE_HEADERS = (4096, 8192)
_FIELDS = struct.Struct("<QQqqQQ")  # checksum, iteration, meta, free list, blocks, block size


def committed_size(path: Path) -> int | None:
    """The size of the committed content of a closed DuckDB file, or None if unknown."""
    with path.open("rb") as handle:
        head = handle.read(HEADER_BYTES)
    if len(head) < HEADER_BYTES or head[8:12] != b"DUCK":
        return None
    best: tuple[int, int] | None = None
    for offset in _DATABASE_HEADERS:
        _, iteration, _, _, blocks, block_size = _FIELDS.unpack_from(head, offset)
        sane = block_size >= 4096 and block_size & (block_size - 1) == 0 and blocks < 1 << 40
        if sane and (best is None or iteration > best[0]):
            best = (iteration, HEADER_BYTES + blocks * block_size)
    return best[1] if best is not None else None


def reclaim(path: str | Path) -> int:
    """Truncate a closed DuckDB file to its committed content.

    Args:
        path: The database file, closed by every process.

    Returns:
        The bytes given back (0 when nothing was, or it was not safe to).
    """
    file = Path(path)
    wal = Path(f"{file}.wal")
    try:
        if wal.exists() and wal.stat().st_size > 0:
            return 0
        size = file.stat().st_size
        committed = committed_size(file)
        if committed is None or committed >= size:
            return 0
        os.truncate(file, committed)
    except OSError:
        return 0
    return size - committed
