"""The gate of a runner's computations: a few at a time, a bounded queue, one deadline each.

A dashboard request gets one time limit for all it does (:func:`deadline_of`, set once per
request by :func:`within`), the wait for a turn included. At most ``slots`` computations run at
once; up to ``queue`` more wait for a turn; beyond, a request is turned away at once with
:class:`Busy` (HTTP 503 with ``Retry-After``) instead of piling up threads and memory.
"""

from __future__ import annotations

import contextlib
import threading
import time
from contextvars import ContextVar
from typing import TYPE_CHECKING

from showmeter.errors import ShowmeterError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Busy", "Gate", "deadline_of", "within"]

_DEADLINE: ContextVar[float | None] = ContextVar("showmeter_deadline", default=None)


class Busy(ShowmeterError):
    """The dashboard cannot take the request now; it may be asked again after ``retry_after``.

    Args:
        cause: Why, in one sentence.
        remedy: What to do.
        retry_after: Seconds after which asking again is sensible.
    """

    def __init__(self, cause: str, remedy: str, retry_after: int) -> None:
        self.cause = cause
        self.remedy = remedy
        self.retry_after = retry_after
        super().__init__(f"{cause}. {remedy}")


@contextlib.contextmanager
def within(seconds: float | None) -> Iterator[float | None]:
    """Give the block (a request) one deadline, ``seconds`` from now, for everything it runs.

    A block inside another keeps the outer deadline.

    Args:
        seconds: The time limit; ``None``: none.

    Yields:
        The deadline (a :func:`time.monotonic` instant), or ``None``.
    """
    outer = _DEADLINE.get()
    if outer is not None or seconds is None:
        yield outer
        return
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield _DEADLINE.get()
    finally:
        _DEADLINE.reset(token)


def deadline_of(seconds: float | None) -> float | None:
    """The current request's deadline; outside one, ``seconds`` from now (``None``: none)."""
    given = _DEADLINE.get()
    if given is not None:
        return given
    return None if seconds is None else time.monotonic() + seconds


class Gate:
    """At most ``slots`` holders at once, at most ``queue`` waiting for a turn.

    Args:
        slots: Computations that may run at the same time.
        queue: Computations that may wait for a turn; one more is refused with :class:`Busy`.
    """

    def __init__(self, slots: int, queue: int) -> None:
        self.slots = max(1, slots)
        self.queue = max(0, queue)
        self._turns = threading.Semaphore(self.slots)
        self._count = threading.Lock()
        self.running = 0
        self.waiting = 0

    @contextlib.contextmanager
    def turn(self, deadline: float | None) -> Iterator[bool]:
        """Hold a turn for the block, waiting for one until ``deadline`` at most.

        Args:
            deadline: The :func:`time.monotonic` instant after which waiting is pointless.

        Yields:
            True with a turn held; False when the deadline passed while waiting (the block
            then must not compute: the caller answers that the time ran out).

        Raises:
            Busy: The queue is full.
        """
        got = self._turns.acquire(blocking=False)
        if not got:
            with self._count:
                if self.waiting >= self.queue:
                    raise Busy(
                        f"the dashboard is busy: {self.running} computations run and "
                        f"{self.waiting} wait for a turn",
                        "Ask again in a few seconds (the answer says when, in Retry-After).",
                        retry_after=2 + self.waiting // self.slots,
                    )
                self.waiting += 1
            try:
                wait = None if deadline is None else max(0.0, deadline - time.monotonic())
                got = self._turns.acquire(timeout=wait)
            finally:
                with self._count:
                    self.waiting -= 1
        if not got:
            yield False
            return
        with self._count:
            self.running += 1
        try:
            yield True
        finally:
            with self._count:
                self.running -= 1
            self._turns.release()
