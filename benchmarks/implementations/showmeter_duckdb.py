"""showmeter on DuckDB: from the store, straight from Parquet (loaded, or read in place), and
the full launch report."""

from __future__ import annotations

import shutil
import tempfile
from typing import Any

from benchmarks.world import COMPARED, KEYS, World, showmeter_params

__all__ = ["close", "project", "run", "setup"]


def project(table: Any, metric: str) -> Any:
    """The key columns and compared figures of a showmeter result."""
    return table.select([*KEYS[metric], *COMPARED[metric]])


def setup(world: World, variant: str) -> dict[str, Any]:
    """Import showmeter, its engine and Ibis before the timed runs (imports are not timed)."""
    import ibis
    import ibis.backends.sql.compilers  # noqa: F401
    import pyarrow.parquet  # noqa: F401  (the in-place path reads the files' footers with it)

    import showmeter.engines
    import showmeter.intake.in_place
    import showmeter.intake.load
    import showmeter.reporting  # noqa: F401

    return {"world": world, "variant": variant, "out": tempfile.mkdtemp(prefix="bench-report-")}


def _report(world: World, out: str) -> None:
    from showmeter.definitions.params import SeasonKey
    from showmeter.reporting import Scope, build_report, write_report

    scope = Scope(SeasonKey(*world.report_season), reference=SeasonKey(*world.reference))
    write_report(build_report(world.store, scope), out)


def run(state: dict[str, Any], metric: str) -> Any:
    """Compute one metric the way a user would (``report``: build and write the report)."""
    from showmeter.engines import compute

    world: World = state["world"]
    if metric == "report":
        _report(world, state["out"])
        return None
    params = showmeter_params(metric, world)
    if state["variant"] == "store":
        return project(compute(metric, params, source=world.store).to_arrow(), metric)
    if state["variant"] == "inplace":
        import showmeter

        inplace = showmeter.compute(
            metric, catalog=world.catalog, events=[world.sessions_glob], params=params
        )
        return project(inplace.to_arrow(), metric)
    from showmeter.catalog import load_catalog
    from showmeter.intake.load import ingest
    from showmeter.store import Store

    store = Store(":memory:")
    try:
        ingest(store, load_catalog(world.catalog), [("viewing", world.sessions_glob)])
        result = compute(metric, params, source=store.connection)
    finally:
        store.close()
    return project(result.to_arrow(), metric)


def close(state: dict[str, Any]) -> None:
    """Remove the report's folder."""
    shutil.rmtree(state["out"], ignore_errors=True)
