"""A season page computed in the background, with its progress, for a browser to watch.

A browser that opens a season page whose figures are not computed yet gets the page's frame at
once (its heading, its controls and a progress bar) instead of a blank wait: the figures are
computed by a :class:`Build` in a thread of its own, one per page (season, controls and store
version), and the frame asks ``/season/{title}/{season}/progress`` how far it has come, then
shows the finished page in place (``static/dashboard.js``; without scripts the frame reloads
itself every two seconds). Other clients (scripts, ``curl``) get the finished page in one
answer, as before.

A build has the request's time limit (one for all its steps, from its start): past it, it stops
and the frame shows the limit's message, as the page itself would have answered (HTTP 504).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from showmeter.launch.gate import within

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from showmeter.launch.runner import Runner

__all__ = ["CLOSE_WAIT", "KEEP_FAILED", "Build", "Builds", "Cancelled"]

KEEP_FAILED = 60.0
"""Seconds a failed build's error is kept for the frame that watches it (then forgotten: the
next visit computes again)."""

CLOSE_WAIT = 30.0
"""Seconds :meth:`Builds.close` waits for the builds it cancelled to stop."""


class Cancelled(Exception):
    """The dashboard is shutting down: a page's build stops at its next step."""


@dataclass
class Build:
    """One page being computed: how far it has come, and how it ended.

    Attributes:
        done: Computations finished.
        total: Computations to run (0 until known).
        what: The metric computed last.
        finished: Set when the build has ended (with or without an error).
        error: The error it ended with, if any.
        ended: When it ended (:func:`time.monotonic`).
        cancelled: Set to stop it at its next step (:meth:`Builds.close`).
    """

    done: int = 0
    total: int = 0
    what: str = ""
    finished: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None
    ended: float = 0.0
    cancelled: bool = False

    def step(self, done: int, total: int, what: str) -> None:
        """Record a finished computation (the runner's ``progress`` callback).

        Raises:
            Cancelled: The build was cancelled (the dashboard is shutting down).
        """
        if self.cancelled:
            raise Cancelled("the dashboard is shutting down")
        self.done, self.total, self.what = done, total, what

    def state(self) -> dict[str, object]:
        """What the frame shows: ``done``, ``total``, ``what``, ``ready`` and ``error``."""
        error = None if self.error is None else str(getattr(self.error, "cause", self.error))
        return {
            "done": self.done,
            "total": self.total,
            "what": self.what,
            "ready": self.finished.is_set() and self.error is None,
            "error": error,
        }


class Builds:
    """The page builds of a dashboard: at most one per page at a time.

    Args:
        runner: The store's runner (its time limit bounds each build).
    """

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._lock = threading.Lock()
        self._builds: dict[Hashable, Build] = {}
        self._threads: dict[int, tuple[Build, threading.Thread]] = {}  # by id(build)
        self._closed = False  # closed: no build starts any more (the dashboard is stopping)

    def start(self, key: Hashable, run: Callable[[Build], object]) -> Build:
        """The build of ``key``, started now unless one runs (or failed a moment ago).

        Args:
            key: The page (its cache key).
            run: Computes the page, reporting each step to the build given.

        Returns:
            The build.
        """
        with self._lock:
            if self._closed:  # shutting down: a build ended before it began
                build = Build(cancelled=True, error=Cancelled("the dashboard is shutting down"))
                build.finished.set()
                return build
            self._forget_old()
            found = self._builds.get(key)
            if found is not None and (found.error is None or not found.finished.is_set()):
                return found
            build = Build()
            self._builds[key] = build
        limit = self.runner.timeout

        def work() -> None:
            try:
                with within(limit):  # one limit for the whole page, from its start
                    run(build)
            except BaseException as error:  # shown by the frame that watches it
                build.error = error
            finally:
                build.ended = time.monotonic()
                build.finished.set()
                with self._lock:
                    self._threads.pop(id(build), None)
                    if build.error is None:  # the page is in the runner's cache now
                        self._builds.pop(key, None)

        # A thread of its own starts with an empty context: no request's deadline in it.
        thread = threading.Thread(target=work, name="showmeter-page", daemon=True)
        with self._lock:
            self._threads[id(build)] = (build, thread)
        thread.start()
        return build

    def close(self, wait: float = CLOSE_WAIT) -> None:
        """Cancel the builds still running and wait for them to stop (at most ``wait`` seconds).

        No build starts after it: :meth:`start` then gives a build already cancelled.

        A build stops at its next step; one whose statement still runs in DuckDB when the
        process exits would make DuckDB abort the process (``terminate called ...``).

        Args:
            wait: Seconds to wait for them, all together.
        """
        with self._lock:
            self._closed = True
            running = list(self._threads.values())
        until = time.monotonic() + wait
        for build, _ in running:
            build.cancelled = True
        for _, thread in running:
            thread.join(max(0.0, until - time.monotonic()))

    def take_failure(self, key: Hashable) -> BaseException | None:
        """The error of ``key``'s build if it ended in one lately, forgetting that build.

        A page whose build failed shows its error once (to the next request of the page
        itself) rather than starting again behind the error; the request after it starts a
        new build.

        Args:
            key: The page (its cache key).

        Returns:
            The build's error, or None when no build of the page failed lately.
        """
        with self._lock:
            self._forget_old()
            found = self._builds.get(key)
            if found is None or found.error is None or not found.finished.is_set():
                return None
            del self._builds[key]
            return found.error

    def running(self) -> int:
        """How many builds are running now."""
        with self._lock:
            return len(self._threads)

    def find(self, key: Hashable) -> Build | None:
        """The build of ``key``, if one runs or ended in an error lately."""
        with self._lock:
            self._forget_old()
            return self._builds.get(key)

    def _forget_old(self) -> None:
        now = time.monotonic()
        for key in [
            k
            for k, b in self._builds.items()
            if b.finished.is_set() and now - b.ended > KEEP_FAILED
        ]:
            del self._builds[key]
