"""A batch's SQL kept on disk: a batch asked before runs its SQL without Ibis.

A season page of the dashboard is one batch of some fifty computations
(:func:`showmeter.engines.batch.compute_many`). Building their Ibis expressions and compiling
them to SQL is most of the Python work of the page, yet the SQL depends only on what is asked
and on the store's shape, not on its rows. A :class:`BatchPlan` therefore keeps, next to the
cache of compiled SQL (:mod:`showmeter.engines.compiled`, same folder, same switches), the
statements a batch ran, in order, and for each computation what its result needs besides its
rows:

- **Key**: each computation's key in the cache of compiled SQL (showmeter's version, the
  metric and the versions it names, its resolved parameters, title, season and ``alone``, the
  SQL dialect, the fingerprint of the source files the SQL is generated from), and the store's
  shape the batch's choices read: whether its pre-aggregations are current (and why not, and
  for which unit) and ``$SHOWMETER_PREAGGREGATES``. A store whose sessions would not fit in
  DuckDB's memory limit builds its shared relations season by season from the seasons it
  holds: such batches are not kept.
- **Entry**: the statements (the shared relations' temporary tables created and dropped, each
  computation's query, the one query of a group: several periods' demand multiples,
  :mod:`showmeter.engines.periods`, or several seasons' binge races,
  :mod:`showmeter.engines.season_groups`), and per computation the Arrow schema of its
  result, which of the watched columns it reads (for the checks of launches and estimated
  runtimes, run again on every replay: they read the store's rows) and what it was computed
  from.

A batch with a market or device filter is kept as its template (each value a mark,
:mod:`showmeter.engines.literals`): recorded by computing the templates (their queries keep no
row), then replayed with the values put back, so every market (device) replays one plan. A
replay gives back the results the caller already has (``known``) and runs no query of
theirs (a group's runs while one of its members is not given), nor makes a temporary table
that only those read (:mod:`showmeter.engines.plan_needs`).

A replay runs the same statements on the same store shape, so each result is the one the
batch gives (the tests compare both ways). Only DuckDB, which runs SQL text on the store's
own connection, keeps plans.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import os
from typing import TYPE_CHECKING, Any

from showmeter import caches
from showmeter.engines import literals
from showmeter.engines.compiled import cache_folder, entry_key
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.plan_needs import TEMPORARY_TABLE, needed, skipped
from showmeter.engines.plan_recording import Recording

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from pathlib import Path

    import duckdb
    import pyarrow as pa

    from showmeter.engines.prepared import Prepared
    from showmeter.results import Result

__all__ = ["BatchPlan"]

_FORMAT = 1
"""The version of the entries' layout."""

_NAMES = itertools.count(1)


class BatchPlan:
    """The kept plan of one batch of computations on one store, found or to record.

    Args:
        con: The store's connection (its pre-aggregations' status is read).
        prepared: The batch's computations, prepared (their expressions need not be built),
            each as the batch computes it (:meth:`~showmeter.engines.prepared.Prepared.aligned`).
        known: Results of some of them already computed (by position): a replay gives these
            and runs no query only they need.

    Attributes:
        found: The kept entry, when there is one (:meth:`replay` runs it).
        keeps: Whether this batch's plan can be kept (the cache is on, the store is not one
            whose shared relations are built season by season).
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        prepared: Sequence[Prepared],
        known: Mapping[int, Result] | None = None,
    ) -> None:
        from showmeter.engines import by_season as seasonwise
        from showmeter.engines.preaggregated import SWITCH
        from showmeter.engines.preaggregates import status

        self.con = con
        self.prepared = list(prepared)
        self.known = dict(known or {})
        self.templates = self.prepared
        self.values: dict[str, str] = {}
        folder = cache_folder()
        self.keeps = folder is not None and not seasonwise.crowded(con)
        self.found: dict[str, Any] | None = None
        self._path: Path | None = None
        self._key: Any = None
        if folder is None or not self.keeps:
            return
        aside = literals.set_aside_all(self.prepared)
        if aside is not None:  # kept for every value of the filters (engines.literals)
            self.templates, self.values = aside
        state = status(con, any_unit=True)
        key = {
            "format": _FORMAT,
            "computations": [entry_key(p, "duckdb") for p in self.templates],
            "store": [state.current, state.reason, state.unit],
            "switch": os.environ.get(SWITCH, ""),
        }
        text = json.dumps(key, sort_keys=True, default=str)
        self._key = json.loads(text)  # as read back: tuples are lists
        self._path = folder / f"batch-{hashlib.sha256(text.encode()).hexdigest()}.json"
        with contextlib.suppress(OSError, ValueError):
            entry = json.loads(self._path.read_text(encoding="utf-8"))
            if isinstance(entry, dict) and entry.get("key") == self._key:
                self.found = entry

    def forget(self) -> None:
        """Delete the kept plan (one that cannot be replayed), so that the batch records anew."""
        if self._path is not None:
            with contextlib.suppress(OSError):
                self._path.unlink()
        self.found = None

    def record(
        self,
        inputs: list[dict[str, object]] | None,
        progress: Callable[[int, int, str], None] | None,
    ) -> list[Result]:
        """Compute the batch (:func:`~showmeter.engines.batch.compute_many`) and keep its plan.

        Args:
            inputs: What the data came from, echoed in every result.
            progress: Called as ``progress(done, total, metric)`` after each computation.

        Returns:
            The batch's results; those given (:attr:`known`) as given, though computed again.
        """
        from showmeter.engines.batch import compute_many
        from showmeter.errors import InputError, UsageError

        if self.values:  # the templates recorded, their results replayed with the values
            try:
                return self._record_templates(inputs, progress)
            except (UsageError, InputError, KeyError, IndexError, TypeError, ValueError):
                self.forget()
                return self._given(
                    compute_many(
                        self.prepared,
                        source=self.con,
                        inputs=inputs,
                        progress=progress,
                        by_season=False,
                    )
                )
        engine = Recording()

        def step(done: int, total: int, metric: str) -> None:
            engine.events.append(["done", done - 1])
            if progress is not None:
                progress(done, total, metric)

        results = compute_many(
            self.prepared,
            source=self.con,
            engine=engine,
            inputs=inputs,
            progress=step,
            by_season=False,
        )
        if self._path is not None:
            entry = self._entry(engine.events, results)
            if entry is not None:
                caches.write_json(self._path, {"key": self._key, **entry})
        return self._given(results)

    def _given(self, results: list[Result]) -> list[Result]:
        """The results, each the caller's own where it gave one (:attr:`known`).

        A batch recorded computes every computation, given or not (its plan holds every
        statement); the caller keeps the results it has, not their copies computed again
        (whose sums of doubles may differ in the last bits).
        """
        return [self.known.get(position, result) for position, result in enumerate(results)]

    def _record_templates(
        self,
        inputs: list[dict[str, object]] | None,
        progress: Callable[[int, int, str], None] | None,
    ) -> list[Result]:
        """Record the plan of the templates, running each statement with the values put back.

        The batch is computed from the templates' expressions (:attr:`templates`), each
        statement run filled with the values (:class:`~showmeter.engines.plan_recording.
        Recording`) and noted as compiled; the results are then made from the rows as a replay
        makes them (the checks made on the computations with their values).
        """
        from showmeter.engines.batch import compute_many

        engine = Recording(self.values)

        def step(done: int, total: int, metric: str) -> None:
            engine.events.append(["done", done - 1])
            if progress is not None:
                progress(done, total, metric)

        results = compute_many(
            self.templates, source=self.con, engine=engine, progress=step, by_season=False
        )
        entry = self._entry(engine.events, results)
        if entry is None or not all(literals.usable(text) for text in _texts(entry)):
            raise ValueError("the templates' plan cannot be kept")
        assert self._path is not None
        caches.write_json(self._path, {"key": self._key, **entry})
        self.found = {"key": self._key, **entry}
        return self.replay(inputs, None, ran={i: r.table for i, r in enumerate(results)})

    def _entry(self, events: list[list[Any]], results: list[Result]) -> dict[str, Any] | None:
        """The plan of the events noted, or None when they are not as expected (not kept)."""
        from showmeter.engines import season_groups
        from showmeter.engines.launch_check import fields_of
        from showmeter.engines.periods import fields_known, groups

        computations: list[dict[str, Any]] = []
        steps: list[list[Any]] = []
        position, ran, first = 0, False, set()
        periods = groups(self.templates)
        found = periods + season_groups.groups(self.templates)
        member = {p: (g[0], k) for g in found for k, p in enumerate(g)}
        of_periods = {p for g in periods for p in g}
        size = {g[0]: len(g) for g in found}
        for event in events:
            if event[0] == "done":
                if event[1] != position:
                    return None
                prepared, result = self.templates[position], results[position]
                if not ran:  # a later member of a group: its rows are split off
                    if position not in member or member[position][0] not in first:
                        return None
                    steps.append(["member", position, *member[position]])
                if position in of_periods:
                    fields = fields_known(prepared)
                    if fields is None:
                        return None
                else:
                    fields = fields_of(prepared)
                schema = result.table.schema.serialize().to_pybytes()
                computations.append(
                    {
                        "schema": base64.b64encode(schema).decode("ascii"),
                        "fields": sorted(fields),
                        "computed_from": result.computed_from,
                    }
                )
                position, ran = position + 1, False
            elif event[0] == "exec":
                steps.append(event)
            else:  # a query: this computation's, or that of the group it starts
                if ran or (event[0] == "group" and member.get(position, (None, 0))[1] != 0):
                    return None
                if event[0] == "group":
                    first.add(position)
                    steps.append(["group", position, event[1], size[position]])
                else:
                    steps.append(["run", position, event[1]])
                ran = True
        if position != len(self.templates):
            return None
        return {"steps": steps, "computations": computations}

    def replay(
        self,
        inputs: list[dict[str, object]] | None,
        progress: Callable[[int, int, str], None] | None,
        ran: Mapping[int, pa.Table] | None = None,
        each: Callable[[int, Result], None] | None = None,
    ) -> list[Result]:
        """The batch's results from its kept plan: its statements run, no expression built.

        The checks a batch makes before computing (references, launches, estimated runtimes)
        are made again, on the store's rows.

        Args:
            inputs: What the data came from, echoed in every result.
            progress: Called as ``progress(done, total, metric)`` after each computation.
            ran: Each computation's rows when the batch has just computed them (no statement
                is run then: the results are made of them).
            each: Called as ``each(position, result)`` as each result is made (or given by
                ``known``), before the next statements run: the caller may use it meanwhile.

        Returns:
            The results, each the one the batch gives.
        """
        import pyarrow as pa

        from showmeter.engines.plan_checks import checked_inputs

        assert self.found is not None
        con, engine = self.con, DuckDBEngine()
        kept = self.found["computations"]
        fields = [frozenset(str(f) for f in c["fields"]) for c in kept]
        said = checked_inputs(con, self.prepared, fields, inputs)
        names: dict[str, str] = {}

        def renamed(sql: str) -> str:
            filled = literals.fill(sql, self.values)
            if filled is None:
                raise ValueError("a kept statement whose filter values cannot be put back")
            return TEMPORARY_TABLE.sub(lambda m: names.setdefault(m[0], _fresh()), filled)

        split: dict[int, list[pa.Table]] = {}  # each group's rows, by member
        created: list[str] = []
        results: dict[int, Result] = {}
        members: dict[int, set[int]] = {}  # the positions of each group (periods, seasons)
        for step in self.found["steps"]:
            if step[0] in ("group", "member"):
                members.setdefault(step[2] if step[0] == "member" else step[1], set()).add(step[1])
        wanted = needed(self.found["steps"], self.known.keys(), members)  # what runs reads
        try:
            for step in self.found["steps"]:
                kind = step[0]
                if kind == "exec":
                    if ran is None and not skipped(step[1], wanted):  # not computed just now
                        con.execute(renamed(step[1]))
                        created.extend(names.values())
                    continue
                position = step[1]
                if kind == "group" and ran is None and _runs(members[position], self.known):
                    split[position] = _split(engine.run_sql(con, renamed(step[2])), step[3])
                if position in self.known:  # given: its rows (run, split or just computed) unused
                    result = self.known[position]
                else:
                    if ran is not None:  # computed just now: its rows
                        table = ran[position]
                    elif kind == "run":
                        table = engine.run_sql(con, renamed(step[2]))
                    elif kind == "group":
                        table = split[position][0]
                    else:  # member: position, first position of its group, index in the group
                        table = split[step[2]][step[3]]
                    schema = pa.ipc.read_schema(
                        pa.py_buffer(base64.b64decode(kept[position]["schema"]))
                    )
                    computation = self.prepared[position]
                    result = computation.result(engine, said[position], table, schema)
                    result.computed_from = kept[position]["computed_from"]
                results[position] = result
                if each is not None:
                    each(position, result)
                if progress is not None:
                    progress(len(results), len(self.prepared), self.prepared[position].metric)
        finally:
            for name in dict.fromkeys(created):
                with contextlib.suppress(Exception):
                    con.execute(f'DROP TABLE IF EXISTS temp."{name}"')
        return [results[p] for p in range(len(self.prepared))]


def _runs(group: set[int], known: Mapping[int, Result]) -> bool:
    """Whether a group's query runs: a member's result is not given (the rest are split off)."""
    return not group <= known.keys()


def _texts(entry: dict[str, Any]) -> list[str]:
    """The SQL texts of a plan's steps, executed or run."""
    where = {"exec": 1, "run": 2, "group": 2}
    return [str(s[where[s[0]]]) for s in entry["steps"] if s[0] in where]


def _fresh() -> str:
    return f"showmeter_shared_{os.getpid()}_{next(_NAMES)}"


def _split(table: pa.Table, count: int) -> list[pa.Table]:
    """The one query of ``count`` periods (seasons) split into each one's rows (as the batch does).

    The query of several periods (:mod:`showmeter.engines.periods`) numbers its rows by
    ``period``, that of several seasons (:mod:`showmeter.engines.season_groups`) by its
    member column; either sorts its rows by that number first.
    """
    from showmeter.definitions.demand_periods import PERIOD
    from showmeter.engines.season_groups import MEMBER, split

    return split(table, count, MEMBER if MEMBER in table.column_names else PERIOD)
