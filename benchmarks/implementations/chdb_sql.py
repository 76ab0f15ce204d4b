"""Hand-written ClickHouse SQL in chDB (in-process ClickHouse) over ``file(..., Parquet)``.

binge_racers counts each unit's completed episodes with ``windowFunnel``; see
:func:`benchmarks.implementations.sql_text.metric_sql`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks.implementations.sql_text import CLICKHOUSE, metric_sql

if TYPE_CHECKING:
    from benchmarks.world import World

__all__ = ["close", "run", "setup"]


def _file(path: str) -> str:
    return "file('" + path.replace("'", "\\'") + "', Parquet)"


def setup(world: World, variant: str) -> dict[str, Any]:
    """Import chDB and find the most episodes of a season (the funnel's conditions)."""
    import chdb
    import pyarrow.parquet as pq

    tables = {"viewing": _file(world.sessions_glob)}
    for name in ("launches", "episodes", "seasons"):
        tables[name] = _file(world.table(name))
    episodes = pq.read_table(world.table("seasons"), columns=["episodes"]).column(0)
    return {
        "chdb": chdb,
        "tables": tables,
        "world": world,
        "funnel": max(int(n.as_py()) for n in episodes),
    }


def run(state: dict[str, Any], metric: str) -> Any:
    """Run the metric's query and return it as Arrow."""
    world: World = state["world"]
    sql = metric_sql(
        metric, CLICKHOUSE, state["tables"], world.reference, funnel_episodes=state["funnel"]
    )
    return state["chdb"].query(sql, "ArrowTable")


def close(state: dict[str, Any]) -> None:
    """Nothing to release."""
