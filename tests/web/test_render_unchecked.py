"""render.unchecked with several threads drawing: Altair's check is off while any draws.

The dashboard draws charts in its page warmer's thread and in request threads at once, and
Altair's switch (``schemapi.DEBUG_MODE``) is one for the process. The interleavings are forced
with events, so each test checks one order of entering and leaving, every time.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

import pytest
from altair.utils import schemapi

from showmeter.web.render import unchecked

WAIT = 30.0


def _run(*targets: Callable[[], None]) -> None:
    errors: list[BaseException] = []

    def guarded(target: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                target()
            except BaseException as error:  # reported in the test's thread
                errors.append(error)

        return run

    threads = [threading.Thread(target=guarded(t)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads)
    if errors:
        raise errors[0]


def test_the_first_to_finish_leaves_the_check_off_for_the_one_still_drawing() -> None:
    """A enters, B enters, A leaves while B draws, then B leaves.

    A block that saved and restored the switch itself would turn the check back on under B
    (A found it on) and then leave it off for good (B found it off).
    """
    a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with unchecked():
            a_in.set()
            assert b_in.wait(WAIT)
        seen["after A, B drawing"] = bool(schemapi.DEBUG_MODE)
        a_out.set()

    def second() -> None:
        assert a_in.wait(WAIT)
        with unchecked():
            b_in.set()
            assert a_out.wait(WAIT)
            seen["B, after A left"] = bool(schemapi.DEBUG_MODE)

    assert schemapi.DEBUG_MODE is True
    try:
        _run(first, second)
        assert seen == {"after A, B drawing": False, "B, after A left": False}
        assert schemapi.DEBUG_MODE is True  # back on once the last has finished
    finally:
        schemapi.DEBUG_MODE = True


@pytest.mark.parametrize("found", [True, False])
def test_many_threads_overlapping_leave_the_check_as_they_found_it(found: bool) -> None:
    """Eight threads enter together and leave one by one: the check is off for each until the
    last leaves, then as it was found (a process that had turned it off keeps it off)."""
    inside = threading.Barrier(8)
    turns = [threading.Event() for _ in range(9)]
    turns[0].set()
    seen: list[bool] = []

    def draw(index: int) -> None:
        with unchecked():
            inside.wait(WAIT)  # all eight are drawing
            assert turns[index].wait(WAIT)
            seen.append(bool(schemapi.DEBUG_MODE))
        turns[index + 1].set()  # they leave in turn: thread 7 leaves last

    schemapi.DEBUG_MODE = found
    try:
        _run(*(functools.partial(draw, i) for i in range(8)))
        assert seen == [False] * 8
        assert schemapi.DEBUG_MODE is found
    finally:
        schemapi.DEBUG_MODE = True
