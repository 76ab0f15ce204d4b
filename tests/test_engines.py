"""The engines: registry of backends, compile_sql, compute from a file or a connection."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from showmeter import engines
from showmeter.engines import (
    DuckDBEngine,
    Engine,
    IbisEngine,
    SparkEngine,
    compile_sql,
    compute,
    engine_from,
    engine_names,
    explain,
)
from showmeter.errors import InputError, UsageError
from showmeter.schema import DUCKDB_TABLES as TABLES

L = dt.datetime(2024, 3, 1, 8, tzinfo=dt.UTC)


def _fill(con: duckdb.DuckDBPyConnection) -> None:
    """Two seasons, three accounts and a panel: the-defenders has 2 viewers, daredevil 1."""
    for name, columns in TABLES.items():
        con.execute(f"CREATE TABLE {name} ({columns})")
    for title, season in (("the-defenders", 1), ("daredevil", 2)):
        con.execute("INSERT INTO seasons VALUES (?, ?, NULL, 1, 3000, ?)", [title, season, L])
        con.execute("INSERT INTO episodes VALUES (?, ?, 1, NULL, 3000, NULL)", [title, season])
        con.execute("INSERT INTO launches VALUES (?, ?, 'US', NULL, ?, true)", [title, season, L])
    sessions = [("a", "the-defenders", 1), ("b", "the-defenders", 1), ("a", "daredevil", 2)]
    for number, (unit, title, season) in enumerate(sessions):
        con.execute(
            "INSERT INTO viewing VALUES (?, ?, NULL, NULL, ?, ?, 1, ?, 3000, NULL, 'tv', 'US')",
            [f"r{number}", unit, title, season, L + dt.timedelta(hours=1)],
        )
    con.execute(
        "INSERT INTO panels VALUES ('p1', 'desktop', 'account', 'a', 2.5, NULL, NULL, NULL)"
    )


@pytest.fixture
def store() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    _fill(con)
    return con


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    con = duckdb.connect(str(path))
    _fill(con)
    con.close()
    return path


def test_engines_by_name() -> None:
    assert engine_names() == ["duckdb", "spark"]


def test_an_engine_is_chosen_once_from_its_name_or_url() -> None:
    duck = engine_from("duckdb")
    assert isinstance(duck, DuckDBEngine)
    assert (duck.name, duck.label, duck.dialect, duck.shares_relations) == (
        "duckdb",
        "duckdb",
        "duckdb",
        True,
    )
    assert engine_from(duck) is duck  # an engine already chosen is taken as it is
    assert engine_from("duckdb") == duck and hash(engine_from("duckdb")) == hash(duck)
    spark = engine_from("spark")
    assert isinstance(spark, SparkEngine)
    assert (spark.name, spark.label, spark.dialect, spark.shares_relations) == (
        "spark",
        "spark",
        "pyspark",
        True,  # issue 16: a batch on Spark shares relations, cached on the cluster
    )
    url = engine_from("postgresql://me:secret@warehouse:5432/db")
    assert isinstance(url, IbisEngine)
    assert url.name == "postgresql" and url.dialect == "postgres"
    assert url.label == "postgresql://me:***@warehouse:5432/db"
    assert "secret" not in repr(url)
    assert not url.shares_relations
    assert url == engine_from("postgresql://me:secret@warehouse:5432/db") != duck
    assert engine_from("clickhouse://host/db").dialect == "clickhouse"
    for value in ("duckbd", "click house://x", "://x"):
        with pytest.raises(UsageError, match="unknown engine"):
            engine_from(value)
    with pytest.raises(UsageError, match="Did you mean 'spark'"):
        engine_from("sparc")


def test_an_engine_object_computes_as_its_name_does(store: duckdb.DuckDBPyConnection) -> None:
    by_name = compute("reach", source=store, engine="duckdb")
    by_object = compute("reach", source=store, engine=DuckDBEngine())
    assert by_object.engine == by_name.engine == "duckdb"
    assert by_object.rows == by_name.rows
    assert compile_sql("reach", engine=DuckDBEngine()) == compile_sql("reach")
    assert "SQL (duckdb):" in explain("reach", engine=DuckDBEngine())


def test_only_duckdb_builds_shared_relations_season_by_season(
    store: duckdb.DuckDBPyConnection,
) -> None:
    assert not engine_from("duckdb").by_season(store)  # a handful of sessions: not crowded
    assert not engine_from("spark").by_season(store)
    assert not engine_from("clickhouse://host/db").by_season(store)


def _data_files(folder: Path) -> dict[str, Path]:
    """The same three rows as Parquet, CSV and JSON Lines."""
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pa.table({"title": ["a", "b", "c"], "seconds": [10, 20, 30]})
    files = {
        "parquet": folder / "rows.parquet",
        "csv": folder / "rows.csv",
        "json": folder / "rows.jsonl",
    }
    pq.write_table(table, files["parquet"])
    pacsv.write_csv(table, files["csv"])
    files["json"].write_text(
        "".join(
            f'{{"title": "{t}", "seconds": {n}}}\n'
            for t, n in zip("abc", (10, 20, 30), strict=True)
        )
    )
    return files


def test_duckdb_reads_parquet_csv_and_json_lines(tmp_path: Path) -> None:
    duck = engine_from("duckdb")
    con = duckdb.connect()
    for kind, path in _data_files(tmp_path).items():
        relation = duck.read(path, con=con)
        assert relation.order("title").fetchall() == [("a", 10), ("b", 20), ("c", 30)], kind
        assert relation.columns == ["title", "seconds"]
    named = tmp_path / "rows.data"
    named.write_text("title,seconds\nz,1\n")
    assert duck.read(named, format="csv").fetchall() == [("z", 1)]  # a new connection
    with pytest.raises(UsageError, match="cannot tell the format"):
        duck.read(named)
    with pytest.raises(UsageError, match="unknown file format 'xml'"):
        duck.read(named, format="xml")


@pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning")  # Ibis 12 on DuckDB 2
def test_an_ibis_url_engine_reads_files_on_its_backend(tmp_path: Path) -> None:
    engine = engine_from("duckdb://")  # an in-memory DuckDB reached through Ibis
    for kind, path in _data_files(tmp_path).items():
        table = engine.read(path)
        rows = table.order_by("title").to_pyarrow().to_pylist()
        assert rows == [
            {"title": "a", "seconds": 10},
            {"title": "b", "seconds": 20},
            {"title": "c", "seconds": 30},
        ], kind


def test_no_engine_module_imports_another_modules_private_names() -> None:
    import ast

    folder = Path(engines.__file__).parent
    for module in folder.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("showmeter"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, (module.name, node.module, private)


def test_compute_on_an_open_connection(store: duckdb.DuckDBPyConnection) -> None:
    result = compute("reach", {"window_days": "7"}, source=store, inputs=[{"events": "x.csv"}])
    assert result.metric == "reach"
    assert result.engine == "duckdb"
    assert result.params["window_days"] == 7
    assert result.inputs == [{"events": "x.csv"}]
    assert result.rows == [
        {"title": "daredevil", "season": 2, "value": 1.0, "units": 1},
        {"title": "the-defenders", "season": 1, "value": 2.0, "units": 2},
    ]


def test_compute_from_a_store_file_opens_it_read_only_and_closes_it(store_file: Path) -> None:
    result = compute("hours_viewed", source=store_file, title="the-defenders")
    # two sessions of 3000 s: 6000 / 3600 hours
    assert result.rows == [
        {"title": "the-defenders", "season": 1, "value": pytest.approx(6000 / 3600), "units": 2}
    ]
    assert compute("reach", source=str(store_file), season=2).rows[0]["title"] == "daredevil"
    duckdb.connect(str(store_file)).close()  # not left open


def test_a_file_that_is_not_a_store_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(InputError, match="not a showmeter store"):
        compute("reach", source=path)


def test_unknown_title_season_and_engine_suggest_what_exists(
    store: duckdb.DuckDBPyConnection,
) -> None:
    with pytest.raises(UsageError, match="no title 'the-defender'") as error:
        compute("reach", source=store, title="the-defender")
    assert "Did you mean 'the-defenders'?" in str(error.value)
    with pytest.raises(UsageError, match="no season 3 of 'daredevil'"):
        compute("reach", source=store, title="daredevil", season=3)
    with pytest.raises(UsageError, match="unknown engine 'duckbd'") as error:
        compute("reach", source=store, engine="duckbd")
    assert "Did you mean 'duckdb'?" in str(error.value)


def test_panels_must_exist_and_list_each_unit_once(store: duckdb.DuckDBPyConnection) -> None:
    assert compute("reach", {"panel": "desktop"}, source=store).rows[1]["value"] == 2.5
    with pytest.raises(UsageError, match="no panel 'tv' of account units") as error:
        compute("reach", {"panel": "tv"}, source=store)
    assert "desktop (account)" in str(error.value)
    store.execute(
        "INSERT INTO panels VALUES ('p2', 'desktop', 'account', 'a', 1, NULL, NULL, NULL)"
    )
    with pytest.raises(InputError, match="lists the account 'a' more than once"):
        compute("reach", {"panel": "desktop"}, source=store)


@pytest.mark.spark
def test_compile_sql_per_dialect() -> None:
    duck = compile_sql("binge_racers")
    spark = compile_sql("binge_racers", engine="spark")
    assert "EPOCH_US(" in duck and "UNIX_MICROS(" in spark
    assert '"viewing"' in duck and "`viewing`" in spark
    assert compile_sql("binge_racers", engine="duckdb://ignored.duckdb") == duck


@pytest.mark.spark
def test_compiling_for_spark_starts_no_spark() -> None:
    code = (
        "from showmeter.engines import compile_sql\n"
        "compile_sql('time_to_complete', engine='spark')\n"
        "from pyspark import SparkContext\n"
        "assert SparkContext._active_spark_context is None\n"
        "assert SparkContext._gateway is None\n"
    )
    subprocess.run([sys.executable, "-W", "ignore", "-c", code], check=True)


@pytest.mark.spark
def test_explain_shows_definition_parameters_source_and_sql() -> None:
    text = explain("binge_racers", engine="spark")
    assert text.startswith("### `binge_racers`")
    assert "before L + window_hours" in text
    assert "| `window_hours` |" in text
    assert "**Source:** docs/sources.md §2" in text
    assert "SQL (spark):" in text and "UNIX_MICROS(" in text
    assert "SELECT" in explain("rank")  # a required parameter gets a placeholder
    assert "SELECT" in explain("reach_index", {"normalization": "share_of_active"})


class _FakeBackend:
    """Stands in for an Ibis backend reached by URL; runs the SQL on a DuckDB connection."""

    def __init__(self, existing: dict[str, pa.Table]) -> None:
        self.con = duckdb.connect()
        self.created: list[str] = []
        self.closed = False
        for name, table in existing.items():
            self.con.register(name, table)

    def list_tables(self) -> list[str]:
        return [row[0] for row in self.con.execute("SHOW TABLES").fetchall()]

    def create_table(self, name: str, obj: pa.Table, *, temp: bool) -> None:
        assert temp
        self.created.append(name)
        self.con.register(name, obj)

    def to_pyarrow(self, expr: Any) -> pa.Table:
        import ibis

        return self.con.sql(ibis.to_sql(expr, dialect="duckdb")).to_arrow_table()

    def disconnect(self) -> None:
        self.closed = True


def test_an_ibis_url_engine_reads_its_tables_and_uploads_the_missing_ones(
    store: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ibis

    viewing = store.sql("SELECT * FROM viewing WHERE title = 'daredevil'").to_arrow_table()
    fake = _FakeBackend({"viewing": viewing})  # the warehouse holds its own viewing table
    urls = []
    monkeypatch.setattr(ibis, "connect", lambda url: urls.append(url) or fake)
    result = compute("reach", source=store, engine="duckdb://me:secret@warehouse/db")
    assert urls == ["duckdb://me:secret@warehouse/db"]
    assert result.engine == "duckdb://me:***@warehouse/db"
    assert sorted(fake.created) == ["launches", "seasons"]
    assert fake.closed
    assert [r["value"] for r in result.rows] == [1.0, 0.0]  # the warehouse's viewing only


@pytest.fixture(scope="module")
def spark() -> Any:
    return engines.spark_session()


@pytest.mark.spark
def test_spark_reads_parquet_csv_and_json_lines(tmp_path: Path, spark: Any) -> None:
    engine = engine_from("spark")
    import pyarrow.parquet as pq

    for kind, path in _data_files(tmp_path).items():
        frame = engine.read(path)
        assert frame.count() == 3, kind
        out = tmp_path / f"back-{kind}"
        frame.write.parquet(str(out))  # not collect(), which leaves a socket open
        rows = pq.read_table(out).sort_by("title").to_pylist()
        assert [(r["title"], int(r["seconds"])) for r in rows] == [
            ("a", 10),
            ("b", 20),
            ("c", 30),
        ], kind
    assert isinstance(engine, Engine)


@pytest.mark.spark
def test_spark_runs_on_a_child_session_and_drops_its_views(
    store: duckdb.DuckDBPyConnection, spark: Any
) -> None:
    result = compute("binge_racers", source=store, engine="spark")
    assert result.engine == "spark"
    assert result.rows == compute("binge_racers", source=store).rows
    assert spark.catalog.listTables() == []
    assert engines.spark_session() is spark


@pytest.mark.spark
def test_spark_reads_large_tables_through_parquet(
    store: duckdb.DuckDBPyConnection, spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = compute("time_to_complete", {"by_market": True}, source=store)
    from showmeter.engines import spark_tables

    monkeypatch.setattr(spark_tables, "ARROW_ROWS", 0)  # every table counts as large
    result = compute("time_to_complete", {"by_market": True}, source=store, engine="spark")
    assert result.to_arrow().schema == expected.to_arrow().schema
    assert result.rows == expected.rows


@pytest.mark.spark
def test_spark_writes_a_large_table_out_once_for_the_same_rows(
    store: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    from showmeter.engines import spark_tables as spark

    monkeypatch.setattr(spark, "ARROW_ROWS", 0)  # every table goes through Parquet
    monkeypatch.setattr(spark, "_exports", {})  # copies made by earlier tests of the same rows
    written: list[str] = []
    original = spark.exported

    def counting(con: duckdb.DuckDBPyConnection, name: str, exchange: str) -> str:
        before = set(spark._exports.values())
        path = original(con, name, exchange)
        if path not in before:
            written.append(name)
        return path

    monkeypatch.setattr(spark, "exported", counting)
    first = compute("reach", {}, source=store, engine="spark").rows
    assert compute("reach", {}, source=store, engine="spark").rows == first
    assert written.count("viewing") == 1  # the second computation reused the copy
    store.execute(
        "INSERT INTO viewing VALUES ('r9', 'c', NULL, NULL, 'daredevil', 2, 1, ?, 3000, NULL, "
        "'tv', 'US')",
        [L + dt.timedelta(hours=2)],
    )
    changed = compute("reach", {}, source=store, engine="spark").rows
    assert written.count("viewing") == 2  # other rows: written again
    assert [row["value"] for row in changed] == [2.0, 2.0]  # daredevil now has a and c
