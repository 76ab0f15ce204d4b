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

import glob
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
        return _committed(handle.read(HEADER_BYTES))


def _committed(head: bytes) -> int | None:
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

    It holds an exclusive lock of the file (the lock DuckDB itself takes) from reading the
    header to truncating, so no process can open the store in between; a file that another
    process holds, or beside which any write-ahead log file is left, is not touched.

    Args:
        path: The database file, closed by every process.

    Returns:
        The bytes given back (0 when nothing was, or it was not safe to).
    """
    import fcntl

    file = Path(path)
    try:
        logs = file.parent.glob(glob.escape(file.name) + ".wal*")
        if any(log.stat().st_size > 0 for log in logs):
            return 0
        descriptor = os.open(file, os.O_RDWR)
    except OSError:
        return 0
    try:
        fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        size = os.fstat(descriptor).st_size
        committed = _committed(os.pread(descriptor, HEADER_BYTES, 0))
        if committed is None or committed >= size:
            return 0
        os.ftruncate(descriptor, committed)
    except OSError:  # held by another process (the lock), or the file system refused
        return 0
    finally:
        os.close(descriptor)  # closing releases the lock
    return size - committed
