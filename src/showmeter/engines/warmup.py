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

__all__ = ["WARM_METRIC", "ready", "start"]

WARM_METRIC = "binge_racers"
"""The metric whose expression is built and compiled (it needs no parameter)."""

_STARTED: list[threading.Thread] = []
_LOCK = threading.Lock()


def _warm() -> None:
    from showmeter.engines.base import to_sql
    from showmeter.engines.prepared import prepare

    computation = prepare(WARM_METRIC, alone=False)
    to_sql(computation.expr, "duckdb")


def start() -> threading.Thread:
    """Import and warm the expression compiler in a background thread (once per process).

    Returns:
        The thread (``join()`` waits until the compiler is ready).
    """
    with _LOCK:
        if not _STARTED:
            thread = threading.Thread(target=_quietly, name="showmeter-engine", daemon=True)
            thread.start()
            _STARTED.append(thread)
        return _STARTED[0]


def _quietly() -> None:
    """:func:`_warm`, whose failure only means the first computation does the work itself."""
    import contextlib

    with contextlib.suppress(Exception):
        _warm()


def ready() -> None:
    """Wait until the warming started by :func:`start` is done (at once if none started)."""
    with _LOCK:
        started = list(_STARTED)
    current = threading.current_thread()
    for thread in started:
        if thread is not current:
            thread.join()
