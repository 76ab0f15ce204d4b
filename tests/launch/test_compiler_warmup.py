"""Issue 18.3: the expression compiler imported and warmed in the background at dashboard start.

:func:`showmeter.engines.warmup.start` builds and compiles one metric's expression in a thread;
:func:`~showmeter.engines.warmup.ready` waits for it, and a runner about to build expressions
calls it first. The SQL the warm-up compiles must be the metric's own (the same text as a
compilation in this thread), so the warm-up cannot change what a later computation runs.
"""

from __future__ import annotations

import sys

from showmeter.engines import warmup
from showmeter.engines.base import to_sql
from showmeter.engines.prepared import prepare


def test_the_warmup_compiles_the_metric_and_ready_waits_for_it() -> None:
    thread = warmup.start()
    assert warmup.start() is thread  # once per process
    warmup.ready()
    assert not thread.is_alive()
    assert "ibis" in sys.modules
    sql = to_sql(prepare(warmup.WARM_METRIC, alone=False).expr, "duckdb")
    assert "SELECT" in sql
    assert 'FROM "viewing"' in sql  # binge racers reads the viewing sessions


def test_ready_in_the_warming_thread_itself_does_not_wait_for_itself() -> None:
    import threading

    warmup.start().join()
    done: list[bool] = []
    worker = threading.Thread(target=lambda: (warmup.ready(), done.append(True)))
    worker.start()
    worker.join(60)
    assert done == [True]
