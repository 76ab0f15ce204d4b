"""What the machine allows: DuckDB's memory limit, and what a session costs in it.

A bottom-layer module (it imports nothing of showmeter): the engines use it to decide when to
build shared relations one season at a time, and ``showmeter optimize`` to size its batches.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

__all__ = ["BYTES_PER_SESSION", "memory_limit", "size_in_bytes"]

BYTES_PER_SESSION = 100
"""What a relation built from every session holds per session while DuckDB builds it (a row
of about ten columns in a sort or a hash table). When the sessions times this exceed DuckDB's
memory limit, shared relations are built season by season."""

_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}


def memory_limit(con: duckdb.DuckDBPyConnection) -> int | None:
    """DuckDB's memory limit in bytes.

    Args:
        con: A DuckDB connection.

    Returns:
        The limit, or None when it has none or it cannot be read.
    """
    return size_in_bytes(
        str(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
    )


def size_in_bytes(text: str) -> int | None:
    """A size as DuckDB prints it (``2.7 GiB``, ``300.0 MiB``) in bytes.

    Args:
        text: The printed size.

    Returns:
        The bytes, or None when the text is not such a size (``unlimited``, empty).
    """
    match = re.fullmatch(r"([\d.]+)\s*(bytes|KiB|MiB|GiB|TiB)", text.strip())
    return int(float(match.group(1)) * _UNITS[match.group(2)]) if match else None
