"""The checks a kept plan makes again on every replay, on the store's rows.

A replayed batch (:mod:`showmeter.engines.plans`) builds no expression, yet what a batch checks
before computing depends on the store's rows, not its shape: the titles, seasons and panels it
names must exist, launch-relative results say which seasons they leave out for want of a
launch, and results over estimated runtimes say so in their ``inputs``. These run again here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import duckdb

    from showmeter.engines.prepared import Prepared

__all__ = ["checked_inputs"]


def checked_inputs(
    con: duckdb.DuckDBPyConnection,
    prepared: Sequence[Prepared],
    fields: Sequence[frozenset[str]],
    inputs: list[dict[str, object]] | None,
) -> list[list[dict[str, object]]]:
    """Each computation's ``inputs`` after the checks a batch makes before computing.

    Args:
        con: The store's connection.
        prepared: The batch's computations, in order.
        fields: For each, the watched columns its result reads (as the plan kept them).
        inputs: What the data came from, echoed in every result.

    Returns:
        For each computation, ``inputs`` with its notes on estimated runtimes and on the
        seasons it leaves out for want of a launch.

    Raises:
        showmeter.errors.UsageError: A title, season, reference or panel the store lacks.
    """
    from showmeter.engines.estimates import RuntimeEstimates
    from showmeter.engines.launch_check import Launches, check_launches, with_left_out
    from showmeter.engines.references import check_references

    launches = Launches(con)
    left_out = []
    checked: set[tuple[object, ...]] = set()
    for computation, read in zip(prepared, fields, strict=True):
        named = _named(computation)
        if named not in checked:  # the same names checked once (a query each)
            check_references(con, computation.resolved, computation.title, computation.season)
            checked.add(named)
        left_out.append(check_launches(con, computation, read, launches))
    estimates = RuntimeEstimates(con)
    return [
        with_left_out(estimates.inputs(c, inputs, read), out)
        for c, read, out in zip(prepared, fields, left_out, strict=True)
    ]


def _named(prepared: Prepared) -> tuple[object, ...]:
    """What ``check_references`` checks: title, season, seasons named, panel and unit."""
    from showmeter.schema import SeasonKey

    p = prepared.resolved
    seasons = tuple(sorted(str(v) for v in p.values() if isinstance(v, SeasonKey)))
    return (prepared.title, prepared.season, seasons, p.get_value("panel"), p.get_value("unit"))
