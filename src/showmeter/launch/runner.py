"""The one runner of a store's computations: each bounded in time, each cached once.

Both outputs of the launch model draw from it: ``showmeter report`` (every figure of a page
at once, on any engine, on a store it opened) and the dashboard (a request at a time, many
threads, each opening the store read-only for as long as its computations run, so that a load
can write it in between). Each run takes a fresh cursor (DuckDB runs cursors in parallel); a
request has one deadline for all its steps (:func:`showmeter.launch.gate.within`), past which
the running statement is interrupted and the request answered with a :class:`QueryTimeout`;
a few computations run at once and a few more wait (:class:`~showmeter.launch.gate.Gate`).

Results are cached by :attr:`~showmeter.launch.query.Query.key` (metric, resolved parameters,
title, season) and the store's version (:attr:`Runner.fingerprint`); records of the store and
built pages in a second, smaller cache (:attr:`Runner.memo`).
"""

from __future__ import annotations

import contextlib
import time
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeVar

from showmeter.definitions.params import Params
from showmeter.launch.cache import LRUCache
from showmeter.launch.gate import Bounds, Busy, Gate, QueryTimeout, deadline_of, on_time
from showmeter.launch.query import Query, resolved

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from pathlib import Path

    from showmeter.engines import Engine
    from showmeter.launch.query import Progress
    from showmeter.launch.scope import Figure
    from showmeter.results import Result
    from showmeter.store import Cursor, Store

__all__ = ["Bounds", "Busy", "QueryTimeout", "Runner"]

T = TypeVar("T")

PAGES = 256
"""Built pages, answer texts and records kept (a season page with its charts is ~0.5 MB)."""

UNBOUNDED = 1 << 30
"""The size of a cache that drops nothing (a report's run)."""

LOAD_WAIT = 2.0
"""Seconds a computation waits for a load that holds the store before answering busy."""

RETRY_DURING_LOAD = 5
"""Seconds after which a request turned away during a load may ask again."""

_HELD: ContextVar[tuple[Runner, Store] | None] = ContextVar("showmeter_held", default=None)
"""The store a block of this context has open (a request's steps share one opening)."""


class Runner:
    """Runs computations on one store, each bounded in time and cached.

    A runner given a file opens the store read-only for each computation (a whole request's
    computations share one opening) and closes it right after, so that ``showmeter ingest``
    can write to the file between them: DuckDB lets one process write a file only while no
    other has it open. While a load holds the file, a computation waits for it briefly
    (:data:`LOAD_WAIT`), then gives up with :class:`~showmeter.launch.gate.Busy`. Cached
    results are keyed by the file's version (:func:`showmeter.store.file_version`), so the
    first request after a load commits computes from the new rows.

    Args:
        store: The store (a file, opened read-only for each computation; or an open store,
            used as it is, e.g. by the report).
        bounds: The time limit (one per request, see :func:`~showmeter.launch.gate.within`),
            the cache's size, the computations run at once and waiting, and DuckDB's memory
            limit; ``None``: no time limit, nothing dropped, no gate.
        engine: ``duckdb``, ``spark`` or an Ibis URL.

    Raises:
        MissingFileError: The store file does not exist.
        InputError: The file is not a showmeter store.
    """

    def __init__(
        self,
        store: str | Path | Store,
        bounds: Bounds | None = None,
        *,
        engine: str | Engine = "duckdb",
    ) -> None:
        from showmeter.store import Store

        self.engine = engine
        self.timeout: float | None = bounds.query_timeout if bounds is not None else None
        """Seconds a request (or a call outside one) may take, all its steps together."""
        self.memory_limit = bounds.memory_limit if bounds is not None else None
        self.gate = Gate(bounds.computations, bounds.queue) if bounds else Gate(UNBOUNDED, 0)
        self._shared = store if isinstance(store, Store) else None
        self.path = store.path if isinstance(store, Store) else str(store)
        self._fixed = self._shared.fingerprint() if self._shared is not None else None
        self.results: LRUCache[Result] = LRUCache(bounds.cache_entries if bounds else UNBOUNDED)
        self.memo: LRUCache[object] = LRUCache(PAGES)
        """Records of the store, and built pages and texts (larger: fewer are kept)."""
        if self._shared is None:
            with contextlib.suppress(Busy):  # a load runs: the pages will say so
                self._open(time.monotonic()).close()  # a missing or foreign file fails here

    @property
    def fingerprint(self) -> str:
        """The version of the store the caches are keyed by (no path in it)."""
        from showmeter.store.lake_store import store_version

        return self._fixed if self._fixed is not None else store_version(self.path)

    @property
    def defaults(self) -> dict[str, object]:
        """The parameter defaults the store's data set (:mod:`showmeter.store.households`)."""
        from showmeter.store.households import store_defaults

        return self.remember("the store's defaults", lambda s: store_defaults(s.connection))

    def resolved(self, query: Query) -> Query:
        """The query resolved, with the store's defaults where it gives no value of its own.

        A query already resolved (e.g. by :func:`~showmeter.launch.scope.on_basis`, whose
        scope carries the defaults in its basis) is returned as it is.
        """
        if isinstance(query.params, Params) or not self.defaults:
            return resolved(query)
        done = resolved(query)
        assert isinstance(done.params, Params)
        extra = {
            name: value
            for name, value in self.defaults.items()
            if name in done.params and query.params.get(name) is None
        }
        if not extra:
            return done
        return resolved(Query(query.metric, {**query.params, **extra}, query.title, query.season))

    @property
    def described(self) -> dict[str, object]:
        """What a result from this store says about its inputs (path and table sizes)."""
        return self.remember("the store's description", lambda s: s.describe())

    def close(self) -> None:
        """Nothing to close: a runner keeps no store open between computations."""

    def _open(self, deadline: float | None) -> Store:
        """The store, opened read-only; while a load writes it, wait until :data:`LOAD_WAIT`."""
        from showmeter.store import StoreBusy
        from showmeter.store.lake_store import open_store

        give_up = time.monotonic() + LOAD_WAIT
        if deadline is not None:
            give_up = min(give_up, deadline)
        while True:
            try:
                return open_store(self.path, memory_limit=self.memory_limit)  # or a lake
            except StoreBusy as error:
                if time.monotonic() >= give_up:
                    raise Busy(
                        "a load is writing to the store; the dashboard answers from the new "
                        "rows once it has committed",
                        "Ask again in a few seconds.",
                        retry_after=RETRY_DURING_LOAD,
                    ) from error
                time.sleep(0.05)

    @contextlib.contextmanager
    def _session(self, what: str) -> Iterator[Store]:
        """The store for a block within the request's deadline (one turn of the gate).

        Raises:
            QueryTimeout: The block ran past the deadline (or waited past it for a turn).
            Busy: Too many computations wait already, or a load holds the store.
        """
        from showmeter.store import OutOfTime

        held = _HELD.get()
        if held is not None and held[0] is self:  # within a block that has it already
            yield held[1]
            return
        deadline = deadline_of(self.timeout)
        try:
            with contextlib.ExitStack() as stack:
                if self._shared is not None:
                    store = self._shared
                else:
                    if not stack.enter_context(self.gate.turn(deadline)):
                        raise OutOfTime(self.timeout or 0.0)
                    store = self._open(deadline)
                    stack.callback(store.close)
                store.deadline = deadline
                token = _HELD.set((self, store))
                stack.callback(_HELD.reset, token)
                yield store
        except OutOfTime as error:
            raise QueryTimeout(what, self.timeout or error.limit) from error

    @contextlib.contextmanager
    def cursor(self, what: str) -> Iterator[Cursor]:
        """A fresh cursor within the deadline; past it, :class:`QueryTimeout`."""
        with self._session(what) as store, store.cursor(store.time_limit) as cursor:
            yield cursor

    def read(self, run: Callable[[Store], T], what: str = "records") -> T:
        """``run(store)``, a lookup of the store's records, within the time limit (not cached).

        Args:
            run: Reads the store's records (:class:`showmeter.store.Store` methods).
            what: What is read, for the time-limit message.

        Returns:
            What ``run`` returns.

        Raises:
            QueryTimeout: The lookup ran past the time limit.
            Busy: The dashboard is too busy, or a load holds the store.
        """
        with self._session(what) as store:
            return run(store)

    def remember(self, key: str, run: Callable[[Store], T]) -> T:
        """``run(store)``, a lookup of the store's records, cached under ``key`` for this store.

        Args:
            key: What is looked up (also named by the time-limit message).
            run: Reads the store's records (:class:`showmeter.store.Store` methods).

        Returns:
            What ``run`` returns.

        Raises:
            QueryTimeout: The lookup ran past the time limit.
        """
        memo: LRUCache[T] = self.memo  # type: ignore[assignment]
        entry = (key, self.fingerprint)
        found = memo.get(entry)
        if found is not None:
            return found
        # The turn of the gate first, then the cache's wait for the same key: the other way
        # round, a request would wait (without a deadline) for a lookup that itself waits in
        # the gate's queue, and a request beyond a full queue timed out (504) instead of being
        # refused at once (503).
        with self._session(key) as store:
            return memo.get_or_compute(entry, lambda: run(store))

    def compute(
        self,
        metric: str,
        params: Mapping[str, object] | None = None,
        *,
        title: str | None = None,
        season: int | None = None,
    ) -> Result:
        """Compute a metric through the registry, as ``showmeter compute --store`` does.

        Args:
            metric: The metric's name.
            params: Its parameters, as strings or typed values (or resolved); the registry
                validates them.
            title: Keep only this title's rows.
            season: Keep only this season's rows.

        Returns:
            The result (cached by metric, resolved parameters, title, season and store).

        Raises:
            UsageError: Unknown metric, parameter, title or season, or a bad value.
            QueryTimeout: The computation ran past the time limit.
        """
        return self.compute_query(self.resolved(Query(metric, params or {}, title, season)))

    def compute_query(self, query: Query) -> Result:
        """Compute one resolved query alone (see :meth:`compute`), cached."""
        from showmeter.engines import compute, warmup

        what = (
            query.metric
            + (f" of {query.title}" if query.title else "")
            + (f":{query.season}" if query.season else "")
        )

        def run() -> Result:
            warmup.ready()  # the compiler warmed in the background, if started
            with self.cursor(what) as cursor:
                return compute(
                    query.metric,
                    query.params,
                    source=cursor.connection,
                    engine=self.engine,
                    title=query.title,
                    season=query.season,
                    inputs=[self.described],
                )

        key = (query.key, self.fingerprint)
        return self.results.get_or_compute(key, lambda: self.on_time(run, what))

    def on_time(self, run: Callable[[], T], what: str) -> T:
        """``run()``, answered by the request's deadline (:func:`~showmeter.launch.gate.on_time`).

        Raises:
            QueryTimeout: The deadline passed first.
        """
        if self._shared is not None or _HELD.get() is not None:
            return run()  # a report, or already within a computation: run here
        try:
            return on_time(run, deadline_of(self.timeout))
        except TimeoutError:
            raise QueryTimeout(what, self.timeout or 0.0) from None

    def compute_all(
        self,
        queries: Sequence[Query],
        progress: Progress | None = None,
        each: Callable[[int, Result], None] | None = None,
    ) -> list[Result]:
        """Compute several metrics, what they share once; each cached as by :meth:`compute`.

        See :func:`showmeter.launch.runner_batch.compute_all` (a batch seen before runs the
        SQL it kept).

        Args:
            queries: The computations (metric, parameters, title, season).
            progress: Called as ``progress(done, total, metric)`` as the ones not cached are
                prepared, then computed.
            each: Called as ``each(index, result)`` as each query's result is known.

        Returns:
            Their results, in order.

        Raises:
            UsageError: Unknown metric, parameter, title or season, or a bad value.
            QueryTimeout: A computation ran past the time limit.
        """
        from showmeter.launch.runner_batch import compute_all

        return compute_all(self, queries, progress, each)

    def missing(self, queries: Sequence[Query]) -> int:
        """How many distinct computations among ``queries`` are not cached yet."""
        keys = {(self.resolved(q).key, self.fingerprint) for q in queries}
        return sum(1 for key in keys if self.results.get(key) is None)

    def compute_figures(
        self,
        figures: Sequence[Figure],
        progress: Progress | None = None,
        ready: Callable[[int, Figure], None] | None = None,
    ) -> None:
        """Fill each figure's ``results`` from :meth:`compute_all` of all their queries.

        Args:
            figures: The figures of a page; their ``results`` are filled in place.
            progress: Called after each computation (see :meth:`compute_all`).
            ready: Called as ``ready(n, figure)`` once the ``n``-th figure's results are
                filled, while the others' are computed (at the latest at the end), once each.
        """
        asked = [(n, name) for n, f in enumerate(figures) for name in f.queries]
        answers: dict[int, dict[str, Result]] = {n: {} for n in range(len(figures))}

        def each(index: int, result: Result) -> None:
            n, name = asked[index]
            answers[n][name] = result
            if len(answers[n]) == len(figures[n].queries):  # in the queries' order
                got = answers.pop(n)
                figures[n].results = {name: got[name] for name in figures[n].queries}
                if ready is not None:
                    ready(n, figures[n])

        self.compute_all([q for f in figures for q in f.queries.values()], progress, each)
        for n in list(answers):  # a figure of no query
            figures[n].results = answers.pop(n)
            if ready is not None:
                ready(n, figures[n])

    def text(
        self,
        metric: str,
        params: Mapping[str, object] | None = None,
        *,
        title: str | None = None,
        season: int | None = None,
        form: str = "json",
    ) -> str:
        """A result as ``showmeter compute --format json`` (or ``csv``) prints it, cached.

        Args:
            metric: The metric's name.
            params: Its parameters.
            title: Keep only this title's rows.
            season: Keep only this season's rows.
            form: ``json`` or ``csv``.

        Returns:
            The text (JSON without the final newline the CLI adds).
        """
        query = self.resolved(Query(metric, params or {}, title, season))
        key = ("text", form, query.key, self.fingerprint)

        def render() -> str:
            result = self.compute_query(query)
            return result.to_csv() if form == "csv" else result.to_json()

        found = self.memo.get_or_compute(key, render)
        assert isinstance(found, str)
        return found
