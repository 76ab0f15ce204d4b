"""Computations for the dashboard: one read-only store, a cursor per computation, a time limit.

The dashboard opens its store once, read-only, and gives every computation its own cursor of
that one connection (DuckDB runs cursors in parallel). A computation that runs longer than the
time limit is interrupted (:meth:`duckdb.DuckDBPyConnection.interrupt`) and answered with a
:class:`QueryTimeout`; its cursor is closed, so the next computation starts clean.

Results are cached by metric, resolved parameters, title, season and the store's fingerprint.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from showmeter.errors import ShowmeterError, resource_error
from showmeter.web.cache import LRUCache, fingerprint
from showmeter.web.limits import Limits

if TYPE_CHECKING:
    import duckdb

    from showmeter.report.figures import Figure
    from showmeter.report.queries import Query
    from showmeter.results import Result

__all__ = ["QueryTimeout", "Runner"]

T = TypeVar("T")

PAGES = 256
"""Built pages, answer texts and records kept (a season page with its charts is ~0.5 MB)."""


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


class Runner:
    """Runs computations on one store, read-only, each bounded in time and cached.

    Args:
        store: The store file.
        limits: The time limit and the cache's size.
    """

    def __init__(self, store: str | Path, limits: Limits) -> None:
        from showmeter.store import Store

        self.limits = limits
        self.timeout = limits.query_timeout
        self._lock = threading.Lock()
        self.store = Store(store, read_only=True)
        self.path = self.store.path
        self.described = self.store.describe()
        loads = self.read(lambda cursor: cursor.execute("SELECT count(*) FROM loads").fetchall())
        self.fingerprint = fingerprint(self.path, int(loads[0][0]))
        self.results: LRUCache[Result] = LRUCache(limits.cache_entries)
        self.memo: LRUCache[object] = LRUCache(PAGES)
        """Records of the store, and built pages and texts (larger: fewer are kept)."""

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    @contextlib.contextmanager
    def _cursor(self, what: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """A fresh cursor, interrupted if the block runs past the time limit."""
        with self._limited(what) as (cursor, _):
            yield cursor

    @contextlib.contextmanager
    def _limited(self, what: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, Callable[[], None]]]:
        """A fresh cursor, and a call that gives the next step a time limit of its own."""
        import duckdb

        with self._lock:  # the parent connection hands out one cursor at a time
            cursor = self.store.connection.cursor()
        finished = threading.Event()
        fired = threading.Event()
        limit = self.timeout
        deadline = [time.monotonic() + limit]

        def restart() -> None:
            deadline[0] = time.monotonic() + limit

        def watch() -> None:
            while not finished.wait(max(0.0, deadline[0] - time.monotonic())):
                if time.monotonic() < deadline[0]:
                    continue  # a step finished in time and restarted the clock
                fired.set()
                while not finished.is_set():  # again until it lands on a running statement
                    cursor.interrupt()
                    finished.wait(0.01)

        watcher = threading.Thread(target=watch, name="showmeter-query-limit", daemon=True)
        try:
            cursor.execute("SET TimeZone = 'UTC'").fetchall()
            watcher.start()
            yield cursor, restart
        except duckdb.InterruptException as error:
            raise QueryTimeout(what, limit) from error
        except duckdb.Error as error:
            if fired.is_set():
                raise QueryTimeout(what, limit) from error
            resource = resource_error(error)  # a full disk or memory: the user's to fix
            if resource is not None:
                raise resource from error
            raise
        finally:
            finished.set()
            if watcher.is_alive():
                watcher.join()
            cursor.close()

    def read(self, run: Callable[[duckdb.DuckDBPyConnection], T], what: str = "records") -> T:
        """Run ``run(cursor)`` on a fresh cursor within the time limit (not cached).

        Args:
            run: Reads from the cursor.
            what: What is read, for the time-limit message.

        Returns:
            What ``run`` returns.
        """
        with self._cursor(what) as cursor:
            return run(cursor)

    def remember(self, key: str, run: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Like :meth:`read`, cached under ``key`` for this store (records do not change)."""
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
            params: Its parameters, as strings or typed values; the registry validates them.
            title: Keep only this title's rows.
            season: Keep only this season's rows.

        Returns:
            The result (cached by metric, resolved parameters, title, season and store).

        Raises:
            UsageError: Unknown metric, parameter, title or season, or a bad value.
            QueryTimeout: The computation ran past the time limit.
        """
        from showmeter.engines import compute

        key = self._key(metric, params, title, season)
        what = f"{metric}" + (f" of {title}" if title else "") + (f":{season}" if season else "")

        def run() -> Result:
            with self._cursor(what) as cursor:
                return compute(
                    metric,
                    params,
                    source=cursor,
                    engine="duckdb",
                    title=title,
                    season=season,
                    inputs=[self.described],
                )

        return self.results.get_or_compute(key, run)

    def compute_all(self, queries: Sequence[Query]) -> list[Result]:
        """Compute several metrics, what they share once; each cached as by :meth:`compute`.

        The ones not cached are computed together (:func:`showmeter.engines.batch.compute_many`),
        each within the time limit.

        Args:
            queries: The computations (metric, parameters, title, season).

        Returns:
            Their results, in order.

        Raises:
            UsageError: Unknown metric, parameter, title or season, or a bad value.
            QueryTimeout: A computation ran past the time limit.
        """
        from showmeter.engines.batch import compute_many

        keys = [self._key(q.metric, q.params, q.title, q.season) for q in queries]
        pairs = zip(keys, queries, strict=True)
        missing = {key: q for key, q in pairs if self.results.get(key) is None}
        if missing:
            with self._limited(f"{len(missing)} figures") as (cursor, restart):
                computed = compute_many(
                    list(missing.values()),
                    source=cursor,
                    inputs=[self.described],
                    progress=lambda *_: restart(),
                )
            for key, result in zip(missing, computed, strict=True):
                self.results.put(key, result)
        found = []
        for key, q in zip(keys, queries, strict=True):
            cached = self.results.get(key)  # None if dropped from the cache meanwhile
            found.append(cached or self.compute(q.metric, q.params, title=q.title, season=q.season))
        return found

    def compute_figures(self, figures: Sequence[Figure]) -> None:
        """Fill each figure's ``results`` from :meth:`compute_all` of all their queries.

        Args:
            figures: The figures of a page; their ``results`` are filled in place.
        """
        answers = iter(self.compute_all([q for f in figures for q in f.queries.values()]))
        for figure in figures:
            figure.results = {name: next(answers) for name in figure.queries}

    def _key(
        self,
        metric: str,
        params: Mapping[str, object] | None,
        title: str | None,
        season: int | None,
    ) -> tuple[object, ...]:
        """The cache key: metric, resolved parameters, title, season and store."""
        from showmeter import metrics

        resolved = metrics.get(metric).resolve(params)
        echoed = json.dumps(resolved.echo(), sort_keys=True, default=str)
        return (metric, echoed, title, season, self.fingerprint)

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
        key = ("text", form, *self._key(metric, params, title, season))

        def render() -> str:
            result = self.compute(metric, params, title=title, season=season)
            return result.to_csv() if form == "csv" else result.to_json()

        found = self.memo.get_or_compute(key, render)
        assert isinstance(found, str)
        return found
