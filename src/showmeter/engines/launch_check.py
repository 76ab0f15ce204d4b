"""Before computing a launch-relative metric: the seasons it measures have a launch.

A metric measured from L(s, m) (reach windows, binge racers, weekly decay, AMA...) counts
nothing for a season without a launch: its sessions fall in no window. Rather than an empty
table, such a computation fails with an :class:`~showmeter.errors.InputError` (exit status 1)
that names the season and how to give it a launch. A metric is launch-relative when its
expression reads ``launch_at`` (of ``launches``, or of ``seasons`` for ``anchor=global``);
one reads the runtime when it reads ``runtime_s``: both are found in the expression itself, so
no list of metrics can fall behind the definitions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.engines.compiled import WATCHED_FIELDS
from showmeter.errors import InputError
from showmeter.schema import SeasonKey
from showmeter.store import fetch

if TYPE_CHECKING:
    import duckdb
    import ibis.expr.types as ir

    from showmeter.engines.prepared import Prepared

__all__ = [
    "ENRICH",
    "Launches",
    "check_launches",
    "fields_of",
    "fields_read",
    "reads",
    "with_left_out",
]

ENRICH = "showmeter catalog enrich --metadata tvmaze CATALOG"
"""The command that looks launches up (TVmaze's premieres)."""


def reads(expr: ir.Table, *columns: str) -> bool:
    """Whether an expression reads a column of one of these names (from any table).

    Args:
        expr: A metric's expression.
        *columns: Column names, e.g. ``launch_at``.

    Returns:
        True when a field of one of those names appears anywhere in the expression.
    """
    return bool(fields_read(expr, columns))


def fields_read(expr: ir.Table, columns: tuple[str, ...]) -> frozenset[str]:
    """Which of these column names an expression reads (from any table).

    Args:
        expr: A metric's expression.
        columns: Column names, e.g. ``("launch_at", "runtime_s")``.

    Returns:
        The names among ``columns`` that appear as a field anywhere in the expression.
    """
    import ibis.expr.operations as ops

    wanted = set(columns)
    return frozenset(field.name for field in expr.op().find(ops.Field) if field.name in wanted)


class Launches:
    """The store's seasons and the seasons with a launch, read once for a batch's checks.

    Args:
        con: The store's connection.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self._read: tuple[list[SeasonKey], set[SeasonKey]] | None = None

    def read(self) -> tuple[list[SeasonKey], set[SeasonKey]]:
        """Every season of the store, and those with a launch (read on the first call)."""
        if self._read is None:
            seasons = [
                SeasonKey(str(t), int(s))
                for t, s in fetch(self.con, "SELECT title, season FROM seasons")
            ]
            launched = {
                SeasonKey(str(t), int(s))
                for t, s in fetch(self.con, "SELECT DISTINCT title, season FROM launches")
            }
            self._read = (seasons, launched)
        return self._read


def check_launches(
    con: duckdb.DuckDBPyConnection,
    prepared: Prepared,
    fields: frozenset[str] | None = None,
    launches: Launches | None = None,
) -> list[SeasonKey]:
    """Fail when a launch-relative computation measures seasons that have no launch.

    The seasons measured are the computation's season (or its title's seasons, or every
    season of the store) and every season a parameter names (``reference``). It fails when
    none of the seasons it keeps has a launch, or when a season a parameter names has none.

    Args:
        con: The store's connection.
        prepared: The computation.
        fields: The columns its expression reads, when known without building it (from the
            cache of compiled SQL); None reads them from the expression.
        launches: The store's seasons and launches, when a batch has read them already.

    Returns:
        The seasons it keeps that have no launch while others do: they count nothing, and
        :func:`with_left_out` says so in the result's ``inputs``.

    Raises:
        InputError: Naming the seasons without a launch, and the remedy.
    """
    if fields is None:
        fields = fields_of(prepared)
    if "launch_at" not in fields:
        return []
    seasons, launched = (Launches(con) if launches is None else launches).read()
    kept = [
        key
        for key in seasons
        if (prepared.title is None or key.title == prepared.title)
        and (prepared.season is None or key.season == prepared.season)
    ]
    named = [value for _, value in prepared.resolved.items() if isinstance(value, SeasonKey)]
    missing = [key for key in named if key in seasons and key not in launched]
    if kept and not any(key in launched for key in kept):
        missing = [*kept, *missing]
    if missing:
        raise _no_launch(prepared.metric, sorted(set(missing), key=str))
    return sorted((key for key in kept if key not in launched), key=str)


_FIELDS: dict[tuple[object, ...], frozenset[str]] = {}
"""Which of :data:`~showmeter.engines.compiled.WATCHED_FIELDS` each kind of computation
reads, by :func:`_shape`."""


def _shape(prepared: Prepared) -> tuple[object, ...]:
    """What decides which columns a computation's expression reads.

    The metric (and its version), every resolved parameter, whether a title or season is
    kept (not which one: a filter's value does not change the columns read), ``alone`` and
    the pre-aggregations it may read.
    """
    params = tuple(sorted((name, repr(value)) for name, value in prepared.resolved.items()))
    return (
        prepared.definition.name,
        prepared.definition.version,
        params,
        prepared.title is None,
        prepared.season is None,
        prepared.alone,
        prepared.aggregates,
    )


def fields_of(prepared: Prepared) -> frozenset[str]:
    """Which of the launch, runtime and watched-time columns a computation reads.

    Remembered per :func:`_shape`: a page of the dashboard asks for the same metric at the
    same parameters for several seasons, so its expression is walked once, and a computation
    served by a pre-aggregation need not build the metric's expression on a later request.

    Args:
        prepared: The computation.

    Returns:
        The names among ``launch_at``, ``runtime_s``, ``seconds_watched`` and
        ``position_end_s`` its expression reads.
    """
    key = _shape(prepared)
    known = _FIELDS.get(key)
    if known is None:
        known = fields_read(prepared.expr, WATCHED_FIELDS)
        if len(_FIELDS) > 4096:
            _FIELDS.clear()
        _FIELDS[key] = known
    return known


def with_left_out(
    inputs: list[dict[str, object]] | None, left_out: list[SeasonKey]
) -> list[dict[str, object]]:
    """``inputs`` with a note on the seasons a launch-relative result leaves out, if any.

    Args:
        inputs: The result's inputs.
        left_out: What :func:`check_launches` returned.

    Returns:
        The inputs, plus ``{"seasons_without_launch": [...], "note": ...}`` when seasons were
        left out.
    """
    if not left_out:
        return list(inputs or [])
    names = [str(key) for key in left_out]
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    note = (
        f"{len(names)} season(s) without a launch count nothing and are left out ({shown}): "
        f"look their launches up with `{ENRICH}`, or add `launches:` to them in the catalog"
    )
    return [*(inputs or []), {"seasons_without_launch": names, "note": note}]


def _no_launch(metric: str, missing: list[SeasonKey]) -> InputError:
    shown = ", ".join(str(key) for key in missing[:5])
    if len(missing) > 5:
        shown += f" and {len(missing) - 5} more"
    which = f"season {shown} has" if len(missing) == 1 else f"seasons {shown} have"
    return InputError(
        f"{metric} is measured from each season's launch L(s, m), but {which} no launch in "
        "the store (the catalog lists no `launches:`), so it would count nothing",
        remedy=f"Look the launches up with `{ENRICH}`, or add `launches:` to the season in "
        'the catalog (e.g. `launches: [{market: "*", at: "2024-03-01T08:00:00Z"}]`), then '
        "ingest again with that catalog.",
    )
