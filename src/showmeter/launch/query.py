"""A computation of a page: a metric, its parameters resolved once, and the rows to keep.

A :class:`Query` is one call of :func:`showmeter.engines.compute`. Its parameters are resolved
(parsed, validated, defaults filled in: :meth:`showmeter.definitions.registry.Metric.resolve`)
when the query is made, once per request, and passed down resolved; its :attr:`Query.key`,
which the runner's cache is keyed by, is built from them, so two queries that differ only in
how a parameter was written are one computation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from showmeter.definitions.params import Params

__all__ = ["Progress", "Query", "distinct_queries", "resolved"]


@dataclass(frozen=True)
class Query:
    """One computation through the registry.

    Attributes:
        metric: The metric's name.
        params: Its parameters (the rest take their defaults); resolved by :func:`resolved`.
        title: Keep only this title's rows (``None``: every title).
        season: Keep only this season's rows.
    """

    metric: str
    params: Mapping[str, object] = field(default_factory=dict)
    title: str | None = None
    season: int | None = None

    @property
    def key(self) -> str:
        """The query as text, from its resolved parameters: equal queries are computed once.

        Raises:
            UsageError: Unknown metric or parameter, or a bad value.
        """
        params = resolved(self).params
        assert isinstance(params, Params)
        echoed = json.dumps(params.echo(), sort_keys=True, default=str)
        return f"{self.metric} {echoed} {self.title}:{self.season}"


def resolved(query: Query) -> Query:
    """The query with its parameters resolved (itself when they already are).

    Raises:
        UsageError: Unknown metric or parameter, or a bad value.
    """
    from showmeter import definitions

    if isinstance(query.params, Params):
        return query
    params = definitions.get(query.metric).resolve(query.params)
    return Query(query.metric, params, query.title, query.season)


def distinct_queries(queries: Iterable[Query]) -> dict[str, Query]:
    """The distinct queries among ``queries``, resolved, by :attr:`Query.key`, in order."""
    found: dict[str, Query] = {}
    for query in queries:
        done = resolved(query)
        found.setdefault(done.key, done)
    return found


Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, what)`` after each computation."""
