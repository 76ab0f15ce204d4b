"""On Spark Connect the staged rows are held by an eager checkpoint: no second pass to fill."""

from __future__ import annotations

from typing import Any

from showmeter.engines.spark_in_place_settle import hold_columns


class _Held:
    """A checkpointed frame: any action on it would be a pass over the rows again."""

    def count(self) -> int:
        raise AssertionError("a second pass over rows the checkpoint holds already")


class _ConnectFrame:
    """A frame as Spark Connect's (no ``_jdf``), its checkpoint computed when taken."""

    def __init__(self) -> None:
        self.checkpoints: list[bool] = []

    def localCheckpoint(self, eager: bool = True) -> _Held:
        self.checkpoints.append(eager)
        return _Held()


def test_hold_columns_on_connect_checkpoints_once_and_makes_no_other_pass() -> None:
    frame = _ConnectFrame()
    held: list[Any] = []
    kept = hold_columns(frame, held)  # type: ignore[arg-type]
    assert frame.checkpoints == [True]
    assert held == [kept]


def test_hold_columns_on_connect_runs_a_given_fill_on_the_checkpoint() -> None:
    frame = _ConnectFrame()
    seen: list[object] = []
    kept = hold_columns(frame, [], fill=seen.append)  # type: ignore[arg-type]
    assert seen == [kept]
