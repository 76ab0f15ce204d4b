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
from typing import TYPE_CHECKING, Protocol, TypeVar

from showmeter.errors import ShowmeterError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = ["GRACE", "Bounds", "Busy", "Gate", "QueryTimeout", "deadline_of", "on_time", "within"]

T = TypeVar("T")

GRACE = 0.05
"""Seconds past the deadline :func:`on_time` waits for the work's own timeout answer."""

_DEADLINE: ContextVar[float | None] = ContextVar("showmeter_deadline", default=None)


class QueryTimeout(ShowmeterError):
    """A computation ran past the time limit and was cut off.

    Args:
        what: What was being computed.
        limit: The limit, in seconds.
    """

    def __init__(self, what: str, limit: float) -> None:
        self.what = what
        self.limit = limit
        super().__init__(self.cause)

    @property
    def cause(self) -> str:
        """What happened, in one sentence."""
        return f"computing {self.what} took longer than the limit of {self.limit:g} s"

    @property
    def remedy(self) -> str:
        """How to get the figure anyway."""
        return (
            "Narrow the query (a title, a season, fewer markets), or restart the dashboard "
            "with a higher limit: `showmeter serve --query-timeout SECONDS`."
        )


class Bounds(Protocol):
    """What bounds a runner (the dashboard's :class:`~showmeter.web.limits.Limits` does)."""

    @property
    def query_timeout(self) -> float: ...  # noqa: D102
    @property
    def cache_entries(self) -> int: ...  # noqa: D102
    @property
    def computations(self) -> int: ...  # noqa: D102
    @property
    def queue(self) -> int: ...  # noqa: D102
    @property
    def memory_limit(self) -> str | None: ...  # noqa: D102


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


def on_time(run: Callable[[], T], deadline: float | None) -> T:
    """``run()`` in a worker thread (in this context), waited for until ``deadline`` only.

    DuckDB's interrupt stops a running statement at the deadline, but not the Python work
    between statements (building the expressions of a season page's seventy figures takes
    seconds). So the request stops waiting at its deadline and is answered on time, while the
    worker, still holding its turn of the gate, stops at its next statement.

    Args:
        run: The work.
        deadline: The :func:`time.monotonic` instant to wait until; ``None``: run it here.

    Returns:
        What ``run`` returns.

    Raises:
        TimeoutError: The deadline (and :data:`GRACE`) passed first.
    """
    import concurrent.futures
    import contextvars

    if deadline is None:
        return run()
    future: concurrent.futures.Future[T] = concurrent.futures.Future()

    def work() -> None:
        try:
            result = run()
        except BaseException as error:  # handed to the waiting request
            future.set_exception(error)
        else:
            future.set_result(result)

    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(work,), name="showmeter-work", daemon=True).start()
    return future.result(timeout=max(0.0, deadline - time.monotonic()) + GRACE)


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
