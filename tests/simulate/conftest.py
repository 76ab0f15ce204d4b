"""A small demo world, written once for the simulate tests, and its sessions in DuckDB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from showmeter.simulate import Written, demo_world, write_world

SMALL = 60_000
"""Sessions of the small demo world the tests share."""


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """The demo world at 60 000 sessions, seed 11."""
    return write_world(demo_world(), tmp_path_factory.mktemp("world"), sessions=SMALL, seed=11)


@pytest.fixture(scope="session")
def sessions_db(small_world: Written) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with the small world's sessions as the view ``s``."""
    con = duckdb.connect()
    folder = Path(small_world.folder) / "sessions"
    con.execute(f"CREATE VIEW s AS SELECT * FROM read_parquet('{folder}/*.parquet')")
    con.execute("SET TimeZone = 'UTC'")
    yield con
    con.close()
