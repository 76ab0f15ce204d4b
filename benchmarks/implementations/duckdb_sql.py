"""Hand-written DuckDB SQL, over the store's canonical tables or over the simulated Parquet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchmarks.implementations.sql_text import DUCKDB, metric_sql

if TYPE_CHECKING:
    from benchmarks.world import World

__all__ = ["close", "run", "setup"]


def _quote(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def setup(world: World, variant: str) -> dict[str, Any]:
    """Prepare the table sources: the store's tables, or ``read_parquet`` of the files."""
    import duckdb  # noqa: F401  (imported before the timed runs)

    if variant == "store":
        tables = {name: name for name in ("viewing", "launches", "episodes", "seasons")}
        return {"database": world.store, "tables": tables, "world": world}
    tables = {"viewing": f"read_parquet({_quote(world.sessions_glob)})"}
    for name in ("launches", "episodes", "seasons"):
        tables[name] = f"read_parquet({_quote(world.table(name))})"
    return {"database": ":memory:", "tables": tables, "world": world}


def run(state: dict[str, Any], metric: str) -> Any:
    """Connect, run the metric's query, return it as Arrow."""
    import duckdb

    sql = metric_sql(metric, DUCKDB, state["tables"], state["world"].reference)
    read_only = state["database"] != ":memory:"
    con = duckdb.connect(state["database"], read_only=read_only)
    try:
        return con.sql(sql).to_arrow_table()
    finally:
        con.close()


def close(state: dict[str, Any]) -> None:
    """Nothing to release."""
