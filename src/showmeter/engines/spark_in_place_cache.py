"""Whether the staged rows held for one computation are cached compressed or plain.

Spark's columnar cache compresses each column by default
(``spark.sql.inMemoryColumnarStorage.compressed``): while it fills, it gathers statistics of
every column and tries its encodings on every batch. For the narrowed staged rows
(:func:`showmeter.engines.spark_in_place_settle.narrow`) that costs much and saves little:
measured on the 2 M session world (one 40 MB Parquet file, average_minute_audience's columns,
local Spark), the cache fill took 6.8–9.6 s of task CPU compressed and 4.3–4.8 s plain, and
the cache held 64.8 MiB compressed against 77.3 MiB plain (1.9 times the Parquet's bytes).

So the rows are cached plain when the plain cache surely fits in the executors' storage
memory (:func:`plain_fits`), and compressed otherwise (where spilling to disk would cost more
than the compression).
"""

from __future__ import annotations

import contextlib
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from pyspark.sql import DataFrame, SparkSession

__all__ = ["PLAIN_PER_FILE_BYTE", "compression", "counts_by_file", "plain_fits", "storage_bytes"]

PLAIN_PER_FILE_BYTE = 2
"""Bytes of plain columnar cache counted per byte of the files read (1.9 measured, above)."""

SHARE = 4
"""The plain cache may take at most this fraction (1 / SHARE) of the executors' storage memory:
the rest is left to the aggregations and joins of the computation (execution memory evicts
cached blocks to disk when it needs them)."""

COMPRESSED = "spark.sql.inMemoryColumnarStorage.compressed"

_SETTING = threading.Lock()
"""Held while a block runs under its own setting: the setting is the session's, so two
computations filling caches at once in one process take turns (else the later one's restore
could leave the session plain for good)."""


def plain_fits(size: int | None, storage: int | None) -> bool:
    """Whether the plain cache of files of ``size`` bytes fits in ``storage`` bytes (a quarter).

    Args:
        size: The files' bytes; None: unknown.
        storage: The executors' storage memory in bytes; None: unknown.

    Returns:
        True when both are known and ``PLAIN_PER_FILE_BYTE * size <= storage / SHARE``.
    """
    if size is None or storage is None or size < 0:
        return False
    return PLAIN_PER_FILE_BYTE * size * SHARE <= storage


def storage_bytes(session: SparkSession) -> int | None:
    """The largest storage memory of the session's executors, in all, in bytes.

    The driver's own block manager is left out (it holds no cached rows), unless it is the
    only one (local Spark). None on Spark Connect or when the JVM does not say.
    """
    jsession: Any = getattr(session, "_jsparkSession", None)
    if jsession is None:  # Spark Connect: no access to the block managers
        return None
    try:
        context = jsession.sparkContext()
        status = context.getExecutorMemoryStatus()  # host:port -> (max, remaining)
        driver = context.env().blockManager().blockManagerId().hostPort()
        entries: dict[str, int] = {}
        iterator = status.iterator()
        while iterator.hasNext():
            pair = iterator.next()
            entries[str(pair._1())] = int(pair._2()._1())
    except Exception:  # py4j: another Spark, or the context stopping
        return None
    executors = {k: v for k, v in entries.items() if k != driver} or entries
    return sum(executors.values()) or None


@contextlib.contextmanager
def compression(session: SparkSession, compressed: bool) -> Iterator[None]:
    """Cache compressed or plain within the block (the session's setting restored after).

    The setting is read when a cached frame's batches are built, so the block must fill the
    cache (an action), not only mark the frame for caching. Blocks take turns (one at a time in
    a process), and a session already set as wanted (e.g. by ``--spark-conf``) is left alone.
    """
    wanted = "true" if compressed else "false"
    with _SETTING:
        before = session.conf.get(COMPRESSED, "true") or "true"
        if before.strip().lower() == wanted:
            yield
            return
        session.conf.set(COMPRESSED, wanted)
        try:
            yield
        finally:
            session.conf.set(COMPRESSED, before)


def counts_by_file(frame: DataFrame) -> list[tuple[Any, ...]]:
    """Every file's staged rows by reason, and a valid row's note: ``(file, reason, note, rows)``.

    The action that fills the cache of the narrowed rows
    (:func:`~showmeter.engines.spark_in_place_settle.hold_columns`): the counts are taken in
    the pass that reads the files, not by another scan of the cache.
    """
    counts = frame.selectExpr(
        "_file", "_reason", "CASE WHEN _reason IS NULL THEN _note END AS _note"
    ).groupBy("_file", "_reason", "_note")
    return [tuple(row) for row in counts.count().collect()]
