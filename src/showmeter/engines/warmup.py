"""The expression compiler made ready in the background, once per process.

A dashboard's first computation that is not a kept plan (:mod:`showmeter.engines.plans`), e.g.
the first change of a season page's controls, would otherwise pay for importing Ibis and
sqlglot and for their first compilation (a second or two of CPU) on top of its own work.
:func:`start` does that work in a background thread when the dashboard starts: it builds one
metric's expression and compiles it to DuckDB SQL, reading no store. :func:`ready` waits for
it; a caller about to build expressions calls it first, so that no two threads import Ibis at
once (each could see the other's modules half initialized).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["WARM_METRIC", "Background", "ready", "start"]

WARM_METRIC = "binge_racers"
"""The metric whose expression is built and compiled (it needs no parameter)."""


def _warm() -> None:
    from showmeter.engines.base import to_sql
    from showmeter.engines.prepared import prepare

    computation = prepare(WARM_METRIC, alone=False)
    to_sql(computation.expr, "duckdb")


class Background:
    """Work started at most once per process in a daemon thread, and waited for.

    Args:
        target: The work.
        name: The thread's name.
    """

    def __init__(self, target: Callable[[], object], name: str) -> None:
        self._target, self._name = target, name
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> threading.Thread:
        """Start the work unless it was started; the thread (``join()`` waits for it)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._target, name=self._name, daemon=True)
                self._thread.start()
            return self._thread

    def ready(self) -> None:
        """Wait until the work is done (at once if it was never started, or from its thread)."""
        with self._lock:
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()


def start() -> threading.Thread:
    """Import and warm the expression compiler in a background thread (once per process).

    Returns:
        The thread (``join()`` waits until the compiler is ready).
    """
    return _COMPILER.start()


def _quietly() -> None:
    """:func:`_warm`, whose failure only means the first computation does the work itself."""
    import contextlib

    with contextlib.suppress(Exception):
        _warm()


def ready() -> None:
    """Wait until the warming started by :func:`start` is done (at once if none started)."""
    _COMPILER.ready()


_COMPILER = Background(_quietly, "showmeter-engine")
