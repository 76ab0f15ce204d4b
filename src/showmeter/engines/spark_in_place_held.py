"""Frames held on the executors for one computation, their plans cut, and freed at its end.

A local checkpoint (:func:`hold`) keeps a frame's rows and gives a plan of one operator;
:func:`release` frees what a computation held (checkpoints and the cached frames of
:func:`showmeter.engines.spark_in_place_settle.hold_columns`) as soon as it ends.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["hold", "release"]


def hold(frame: DataFrame, held: list[DataFrame]) -> DataFrame:
    """The frame computed now and kept on the executors, its plan cut (a local checkpoint).

    A cached frame keeps its whole plan, which every query reading it analyses again; a
    checkpoint is one operator. The frame is appended to ``held``: :func:`release` frees it.
    """
    kept = frame.localCheckpoint(eager=True)
    held.append(kept)
    return kept


def release(held: list[DataFrame]) -> None:
    """Free the executors' copies of the held frames now (not when the driver collects them).

    On Spark Connect, dropping the frames releases them on the server.
    """
    import contextlib

    for frame in held:
        jdf = getattr(frame, "_jdf", None)
        if jdf is not None:  # classic: the checkpointed rows are those of its plan's RDD
            with contextlib.suppress(Exception):
                jdf.queryExecution().logical().rdd().unpersist(False)
        if frame.is_cached:  # cached (hold_columns): dropped from Spark's cache
            with contextlib.suppress(Exception):
                frame.unpersist(False)
    held.clear()
