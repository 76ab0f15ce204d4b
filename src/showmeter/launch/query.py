"""Running the report's computations through the registry, each distinct one once.

A :class:`Query` is one call of :func:`showmeter.engines.compute`: a metric, its parameters,
and the title and season whose rows to keep. Figures that need the same computation share
its result.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from showmeter.report.figures import Figure
    from showmeter.results import Result

__all__ = ["Progress", "Query", "compute_figures", "distinct_queries", "run_queries"]


@dataclass(frozen=True)
class Query:
    """One computation through the registry.

    Attributes:
        metric: The metric's name.
        params: Its parameters (the rest take their defaults).
        title: Keep only this title's rows (``None``: every title).
        season: Keep only this season's rows.
    """

    metric: str
    params: Mapping[str, object] = field(default_factory=dict)
    title: str | None = None
    season: int | None = None

    @property
    def key(self) -> str:
        """The query as text: equal queries are computed once."""
        given = json.dumps(dict(self.params), sort_keys=True, default=str)
        return f"{self.metric} {given} {self.title}:{self.season}"


def distinct_queries(queries: Iterable[Query]) -> dict[str, Query]:
    """The distinct queries among ``queries``, by :attr:`Query.key`, in order."""
    found: dict[str, Query] = {}
    for query in queries:
        found.setdefault(query.key, query)
    return found


Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` after each computation."""


def run_queries(
    queries: Iterable[Query],
    source: str | Path | duckdb.DuckDBPyConnection,
    *,
    engine: str = "duckdb",
    inputs: list[dict[str, object]] | None = None,
    progress: Progress | None = None,
) -> dict[str, Result]:
    """Compute each distinct query once through the registry, shared relations once.

    What several queries compute alike (say, every unit's completions, which the time to
    complete and the rank of completers both start from) is computed once
    (:func:`showmeter.engines.batch.compute_many`).

    Args:
        queries: The queries; equal ones (by :attr:`Query.key`) are computed once.
        source: The store (a path or an open connection).
        engine: The engine to compute on.
        inputs: What the store holds, echoed in every result.
        progress: Called after each computation.

    Returns:
        :attr:`Query.key` -> its result.
    """
    from showmeter.engines.batch import compute_many

    distinct = distinct_queries(queries)
    results = compute_many(
        list(distinct.values()), source=source, engine=engine, inputs=inputs, progress=progress
    )
    return dict(zip(distinct, results, strict=True))


def compute_figures(
    figures: list[Figure],
    source: str | Path | duckdb.DuckDBPyConnection,
    *,
    engine: str = "duckdb",
    inputs: list[dict[str, object]] | None = None,
    progress: Progress | None = None,
) -> None:
    """Compute every figure's queries through the registry, each distinct query once.

    Args:
        figures: The figures; their ``results`` are filled in place.
        source: The store (a path or an open connection).
        engine: The engine to compute on.
        inputs: What the store holds, echoed in every result.
        progress: Called after each computation.
    """
    done = run_queries(
        (q for figure in figures for q in figure.queries.values()),
        source,
        engine=engine,
        inputs=inputs,
        progress=progress,
    )
    for figure in figures:
        figure.results = {name: done[q.key] for name, q in figure.queries.items()}
