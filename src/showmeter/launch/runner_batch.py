"""A runner's batches: the computations of a page not cached yet, computed together.

:func:`compute_all` is :meth:`showmeter.launch.runner.Runner.compute_all`. On DuckDB a batch
asked before (the same computations on a store of the same shape) runs the SQL it kept
(:class:`showmeter.engines.plans.BatchPlan`): no expression is built, nothing compiled, so a
season page seen once (by this process or another, e.g. the one ``showmeter demo`` warms)
costs its queries only. Otherwise each computation's expression is built step by step, so
that the progress moves while Python builds them, then the batch computes them
(:func:`showmeter.engines.batch.compute_many`) and keeps its plan. A batch that a market or
device control filters holds every filtered computation of the request, cached or not (the
cached ones' queries are not run again), so that its plan, kept as a template
(:mod:`showmeter.engines.literals`), is the same for every market (device).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from showmeter.engines.prepared import Prepared
    from showmeter.launch.query import Progress, Query
    from showmeter.launch.runner import Runner
    from showmeter.results import Result
    from showmeter.store import Cursor

__all__ = ["compute_all"]


def compute_all(
    runner: Runner,
    queries: Sequence[Query],
    progress: Progress | None = None,
    each: Callable[[int, Result], None] | None = None,
) -> list[Result]:
    """Compute several metrics, what they share once; each cached as by ``Runner.compute``.

    Args:
        runner: The runner (its cache, deadline and store).
        queries: The computations (metric, parameters, title, season).
        progress: Called as ``progress(done, total, metric)``: first as each expression is
            built (the first half of the total), then after each computation.
        each: Called once per query as ``each(index, result)``: the cached ones first, the
            others as a kept plan makes them (:meth:`~showmeter.engines.plans.BatchPlan.
            replay`), or all at the end; the results are those returned.

    Returns:
        Their results, in order.

    Raises:
        UsageError: Unknown metric, parameter, title or season, or a bad value.
        QueryTimeout: A computation ran past the time limit.
    """
    from showmeter.engines.literals import has_values

    done = [runner.resolved(q) for q in queries]
    keys = [(q.key, runner.fingerprint) for q in done]
    first = {key: runner.results.get(key) for key in dict.fromkeys(keys)}
    missing = {key: q for key, q in zip(keys, done, strict=True) if first[key] is None}
    told: set[int] = set()
    where: dict[object, list[int]] = {}
    for index, key in enumerate(keys):
        where.setdefault(key, []).append(index)

    def tell(key: object, result: Result) -> None:
        for index in where[key]:
            if index not in told and each is not None:
                told.add(index)
                each(index, result)

    for key, cached in first.items():
        if cached is not None:
            tell(key, cached)
    known: dict[int, Result] = {}
    if any(has_values(q.params) for q in missing.values()):
        # the whole request, its computations cached or not (not run again), so that a batch
        # under another market (device) is the same batch whatever this process computed
        # before, whose kept template it replays (engines.literals)
        missing = dict(zip(keys, done, strict=True))
        for position, key in enumerate(missing):
            cached = runner.results.get(key)
            if cached is not None:
                known[position] = cached
    if missing:
        from showmeter.store import OutOfTime

        what = f"{len(missing)} figures"

        def run() -> None:
            with runner.cursor(what) as cursor:
                count = len(missing)

                def step(finished: int, total: int, what: str) -> None:
                    left = cursor.deadline - time.monotonic()
                    if cursor.limit is not None and left <= 0:
                        raise OutOfTime(cursor.limit)  # one limit for the whole request
                    if progress is not None:
                        progress(finished, total, what)

                order = list(missing)

                def made(position: int, result: Result) -> None:
                    tell(order[position], result)

                computed = _computed(
                    runner, list(missing.values()), cursor, count, step, known, made
                )
            for key, result in zip(missing, computed, strict=True):
                runner.results.put(key, result)

        runner.on_time(run, what)
    found = []
    for key, q in zip(keys, done, strict=True):
        cached = runner.results.get(key)  # None if dropped from the cache meanwhile
        found.append(cached or runner.compute_query(q))
    for key, result in zip(keys, found, strict=True):
        tell(key, result)
    return found


def _computed(
    runner: Runner,
    queries: list[Query],
    cursor: Cursor,
    count: int,
    step: Callable[[int, int, str], None],
    known: dict[int, Result],
    each: Callable[[int, Result], None],
) -> list[Result]:
    """The batch's results: from its kept plan, or built, computed and its plan kept.

    ``known``: results of the batch already computed, which a kept plan does not run again;
    ``each(position, result)``: called as a kept plan makes each result.
    """
    from showmeter.engines import warmup
    from showmeter.engines.batch import compute_many

    con = cursor.connection

    def later(done: int, _: int, name: str) -> None:
        step(count + done, 2 * count, name)

    if runner.engine != "duckdb":
        warmup.ready()  # the compiler warmed in the background (engines.warmup), if started
        return compute_many(
            queries, source=con, engine=runner.engine, inputs=[runner.described], progress=later
        )
    from showmeter.engines.plans import BatchPlan
    from showmeter.engines.prepared import prepare

    prepared = [
        prepare(q.metric, q.params, title=q.title, season=q.season, build=False).aligned(False)
        for q in queries
    ]
    plan = BatchPlan(con, prepared, known)
    if plan.found is not None:  # seen before: its SQL, no expression
        step(count, 2 * count, queries[-1].metric)
        try:
            return plan.replay([runner.described], later, each=_Told.guarded(each))
        except _Told as told:  # the caller's own error, not the plan's
            raise told.error from None
        except (KeyError, IndexError, TypeError, ValueError):  # a kept plan of another shape
            plan.forget()
    warmup.ready()  # the compiler warmed in the background (engines.warmup), if started
    _build(plan.templates, step)
    if not plan.keeps:
        return compute_many(
            prepared, source=con, engine=runner.engine, inputs=[runner.described], progress=later
        )
    return plan.record([runner.described], later)


class _Told(Exception):
    """An error raised by the caller's ``each``, carried through a replay untouched.

    A replay that fails with a KeyError, IndexError, TypeError or ValueError forgets its
    plan and computes again; the same error from ``each`` (the page's own) is not the plan's.
    """

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error

    @staticmethod
    def guarded(each: Callable[[int, Result], None]) -> Callable[[int, Result], None]:
        """``each``, its errors raised as :class:`_Told`."""

        def told(position: int, result: Result) -> None:
            try:
                each(position, result)
            except Exception as error:
                raise _Told(error) from error

        return told


def _build(prepared: list[Prepared], step: Callable[[int, int, str], None]) -> None:
    """Build each expression as the batch would (over every session), each a step.

    ``step(done, 2 × n, metric)`` after each; the demand multiples of several periods are one
    query, built later by the batch.
    """
    from showmeter.engines.periods import mergeable

    for position, computation in enumerate(prepared):
        if not mergeable(computation):
            _ = computation.expr  # built now, kept by the computation (a cached property)
        step(position + 1, 2 * len(prepared), computation.metric)
