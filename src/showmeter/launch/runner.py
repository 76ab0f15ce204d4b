"""The one runner of a store's computations: each bounded in time, each cached once.

Both outputs of the launch model draw from it: ``showmeter report`` (every figure of a page
at once, on any engine) and the dashboard (a request at a time, many threads). Each run takes
a fresh cursor of the store's one connection (DuckDB runs cursors in parallel); a run that
goes past the time limit is interrupted and answered with a :class:`QueryTimeout`, and its
cursor is closed, so the next one starts clean.

Results are cached by :attr:`~showmeter.launch.query.Query.key` (metric, resolved parameters,
title, season) and the store's fingerprint; records of the store and built pages in a second,
smaller cache (:attr:`Runner.memo`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from showmeter.errors import ShowmeterError
from showmeter.launch.cache import LRUCache
from showmeter.launch.query import Query, resolved

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence

    from showmeter.engines import Engine
    from showmeter.launch.query import Progress
    from showmeter.launch.scope import Figure
    from showmeter.results import Result
    from showmeter.store import Cursor, Store

__all__ = ["Bounds", "QueryTimeout", "Runner"]

T = TypeVar("T")

PAGES = 256
"""Built pages, answer texts and records kept (a season page with its charts is ~0.5 MB)."""

UNBOUNDED = 1 << 30
"""The size of a cache that drops nothing (a report's run)."""


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


class Runner:
    """Runs computations on one store, each bounded in time and cached.

    Args:
        store: The store (a file, opened read-only and closed by :meth:`close`; or an open
            store, left open).
        bounds: The time limit and the cache's size; ``None``: no time limit, nothing dropped.
        engine: ``duckdb``, ``spark`` or an Ibis URL.
    """

    def __init__(
        self,
        store: str | Path | Store,
        bounds: Bounds | None = None,
        *,
        engine: str | Engine = "duckdb",
    ) -> None:
        from showmeter.store import Store

        self._owned = not isinstance(store, Store)
        self.store = Store(store, read_only=True) if isinstance(store, str | Path) else store
        self.engine = engine
        self.timeout = bounds.query_timeout if bounds is not None else None
        self.path = self.store.path
        self.described = self.store.describe()
        self.fingerprint = self._guarded(self.store.fingerprint, "records")
        self.results: LRUCache[Result] = LRUCache(bounds.cache_entries if bounds else UNBOUNDED)
        self.memo: LRUCache[object] = LRUCache(PAGES)
        """Records of the store, and built pages and texts (larger: fewer are kept)."""

    @property
    def timeout(self) -> float | None:
        """Seconds each computation (and each lookup of the store) may take; ``None``: any."""
        return self.store.time_limit

    @timeout.setter
    def timeout(self, seconds: float | None) -> None:
        self.store.time_limit = seconds

    def close(self) -> None:
        """Close the store (when the runner opened it)."""
        if self._owned:
            self.store.close()

    @contextlib.contextmanager
    def _cursor(self, what: str) -> Iterator[Cursor]:
        """A fresh cursor within the time limit; past it, :class:`QueryTimeout`."""
        from showmeter.store import OutOfTime

        limit = self.timeout
        try:
            with self.store.cursor(limit) as cursor:
                yield cursor
        except OutOfTime as error:
            raise QueryTimeout(what, error.limit) from error

    def _guarded(self, run: Callable[[], T], what: str) -> T:
        from showmeter.store import OutOfTime

        try:
            return run()
        except OutOfTime as error:
            raise QueryTimeout(what, error.limit) from error

    def read(self, run: Callable[[Store], T], what: str = "records") -> T:
        """``run(store)``, a lookup of the store's records, within the time limit (not cached).

        Args:
            run: Reads the store's records (:class:`showmeter.store.Store` methods).
            what: What is read, for the time-limit message.

        Returns:
            What ``run`` returns.

        Raises:
            QueryTimeout: The lookup ran past the time limit.
        """
        return self._guarded(lambda: run(self.store), what)

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
        return memo.get_or_compute((key, self.fingerprint), lambda: self.read(run, key))

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
        return self._compute_one(resolved(Query(metric, params or {}, title, season)))

    def _compute_one(self, query: Query) -> Result:
        from showmeter.engines import compute

        what = (
            query.metric
            + (f" of {query.title}" if query.title else "")
            + (f":{query.season}" if query.season else "")
        )

        def run() -> Result:
            with self._cursor(what) as cursor:
                return compute(
                    query.metric,
                    query.params,
                    source=cursor.connection,
                    engine=self.engine,
                    title=query.title,
                    season=query.season,
                    inputs=[self.described],
                )

        return self.results.get_or_compute((query.key, self.fingerprint), run)

    def compute_all(
        self, queries: Sequence[Query], progress: Progress | None = None
    ) -> list[Result]:
        """Compute several metrics, what they share once; each cached as by :meth:`compute`.

        The ones not cached are computed together (:func:`showmeter.engines.batch.compute_many`),
        each step within the time limit.

        Args:
            queries: The computations (metric, parameters, title, season).
            progress: Called as ``progress(done, total, metric)`` after each computation of
                the ones not cached.

        Returns:
            Their results, in order.

        Raises:
            UsageError: Unknown metric, parameter, title or season, or a bad value.
            QueryTimeout: A computation ran past the time limit.
        """
        from showmeter.engines.batch import compute_many

        done = [resolved(q) for q in queries]
        keys = [(q.key, self.fingerprint) for q in done]
        missing = {
            key: q for key, q in zip(keys, done, strict=True) if self.results.get(key) is None
        }
        if missing:
            with self._cursor(f"{len(missing)} figures") as cursor:

                def step(finished: int, total: int, what: str) -> None:
                    cursor.restart()
                    if progress is not None:
                        progress(finished, total, what)

                computed = compute_many(
                    list(missing.values()),
                    source=cursor.connection,
                    engine=self.engine,
                    inputs=[self.described],
                    progress=step,
                )
            for key, result in zip(missing, computed, strict=True):
                self.results.put(key, result)
        found = []
        for key, q in zip(keys, done, strict=True):
            cached = self.results.get(key)  # None if dropped from the cache meanwhile
            found.append(cached or self._compute_one(q))
        return found

    def missing(self, queries: Sequence[Query]) -> int:
        """How many distinct computations among ``queries`` are not cached yet."""
        keys = {(resolved(q).key, self.fingerprint) for q in queries}
        return sum(1 for key in keys if self.results.get(key) is None)

    def compute_figures(self, figures: Sequence[Figure], progress: Progress | None = None) -> None:
        """Fill each figure's ``results`` from :meth:`compute_all` of all their queries.

        Args:
            figures: The figures of a page; their ``results`` are filled in place.
            progress: Called after each computation (see :meth:`compute_all`).
        """
        answers = iter(self.compute_all([q for f in figures for q in f.queries.values()], progress))
        for figure in figures:
            figure.results = {name: next(answers) for name in figure.queries}

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
        query = resolved(Query(metric, params or {}, title, season))
        key = ("text", form, query.key, self.fingerprint)

        def render() -> str:
            result = self._compute_one(query)
            return result.to_csv() if form == "csv" else result.to_json()

        found = self.memo.get_or_compute(key, render)
        assert isinstance(found, str)
        return found
