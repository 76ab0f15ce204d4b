"""Spark engine URLs and settings: what reaches the session, and a cluster that cannot be reached.

No Spark starts here: settings are pure, and an unreachable address fails before Spark does.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from showmeter.engines import IbisEngine, SparkEngine, engine_from
from showmeter.engines.spark_settings import FORCED, SPARK_CONFIG, settings, spark_defaults
from showmeter.errors import ResourceError, UsageError


@pytest.fixture(autouse=True)
def no_user_spark_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An empty SPARK_CONF_DIR and no SPARK_REMOTE, unless a test sets them."""
    monkeypatch.delenv("SPARK_REMOTE", raising=False)
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    return tmp_path


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nothing listens there any more


def test_every_spark_url_is_a_spark_engine_and_others_stay_ibis() -> None:
    for url in ("spark", "spark://h:7077", "sc://h:15002", "yarn", "k8s://https://k:6443"):
        engine = engine_from(url)
        assert isinstance(engine, SparkEngine) and engine.dialect == "pyspark", url
        assert engine.label == url
    assert engine_from("sc://me:secret@h:15002").label == "sc://me:***@h:15002"
    assert isinstance(engine_from("clickhouse://host/db"), IbisEngine)
    configured = engine_from("spark://h:7077", {"spark.executor.memory": "2g"})
    assert configured == SparkEngine("spark://h:7077", {"spark.executor.memory": "2g"})
    assert configured != engine_from("spark://h:7077")
    with pytest.raises(UsageError, match="--spark-conf is for a Spark engine"):
        engine_from("duckdb", {"spark.executor.memory": "2g"})


def test_the_url_sets_the_master_or_the_connect_server() -> None:
    assert settings("spark").master == "local[2]" and settings("spark").remote is None
    cluster = settings("spark://h:7077")
    assert cluster.master == cluster.config["spark.master"] == "spark://h:7077"
    assert settings("yarn").config["spark.master"] == "yarn"
    connect = settings("sc://h:15002")
    assert connect.remote == "sc://h:15002" and connect.master is None
    # a Connect client sets only SQL settings; the rest are the server's
    assert all(key.startswith("spark.sql.") for key in connect.config)
    assert connect.config["spark.sql.session.timeZone"] == "UTC"


def test_user_settings_win_over_spark_defaults_which_win_over_ours(
    no_user_spark_settings: Path,
) -> None:
    (no_user_spark_settings / "spark-defaults.conf").write_text(
        "# a comment\n"
        "spark.master            spark://from-defaults:7077\n"
        "spark.driver.memory=4g\n"
        "spark.sql.shuffle.partitions 64\n"
    )
    assert spark_defaults()["spark.driver.memory"] == "4g"
    chosen = settings("spark", {"spark.sql.shuffle.partitions": "8"})
    # the defaults file's settings are given explicitly (Spark itself reads the file only when it
    # starts the JVM, so a session after another in the same process would miss them)
    assert chosen.master == "spark://from-defaults:7077"
    assert chosen.config["spark.master"] == "spark://from-defaults:7077"
    assert chosen.config["spark.driver.memory"] == "4g"  # the defaults file's, not ours
    assert chosen.config["spark.sql.shuffle.partitions"] == "8"  # --spark-conf wins
    assert chosen.config["spark.ui.enabled"] == SPARK_CONFIG["spark.ui.enabled"]  # ours
    # an explicit URL wins over the defaults file's master
    assert settings("spark://h:7077").config["spark.master"] == "spark://h:7077"
    # the time zone changes figures: always UTC
    assert (
        settings("spark", {"spark.sql.session.timeZone": "Asia/Seoul"}).config[
            "spark.sql.session.timeZone"
        ]
        == FORCED["spark.sql.session.timeZone"]
    )


def test_spark_remote_makes_plain_spark_a_connect_session(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPARK_REMOTE", "sc://remote:15002")
    assert settings("spark").remote == "sc://remote:15002"
    assert settings("spark", {"spark.master": "local[1]"}).master == "local[1]"  # user's choice
    assert settings("spark://h:7077").remote is None


def test_the_exchange_folder_is_showmeters_setting_not_sparks() -> None:
    chosen = settings("spark://h:7077", {"spark.showmeter.exchangeDir": "file:///shared/x"})
    assert chosen.exchange == "/shared/x"
    assert not any(key.startswith("spark.showmeter.") for key in chosen.config)


@pytest.mark.parametrize("scheme", ["spark", "sc"])
def test_an_unreachable_cluster_is_a_resource_error_in_seconds(scheme: str) -> None:
    pytest.importorskip("pyspark")
    from showmeter.engines import spark_session

    url = f"{scheme}://127.0.0.1:{_closed_port()}"
    began = time.monotonic()
    with pytest.raises(ResourceError, match=f"cannot reach the .* at {url}") as raised:
        spark_session(url)
    assert time.monotonic() - began < 15
    assert "Start it" in str(raised.value)


def test_the_command_line_says_so_and_exits_1(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pyspark")
    events = write(
        "events.csv",
        "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
        "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n",
    )
    import pyarrow.csv
    import pyarrow.parquet

    parquet = events.with_suffix(".parquet")  # on Spark, files are read in place from Parquet
    pyarrow.parquet.write_table(pyarrow.csv.read_csv(events), parquet)
    events = parquet
    url = f"sc://127.0.0.1:{_closed_port()}"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "showmeter", "compute", "reach"),
            *("--catalog", str(catalog_file), "--events", str(events), "--engine", url),
            *("--spark-conf", "spark.sql.ansi.enabled=true"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    message = " ".join(done.stderr.split())
    assert f"cannot reach the Spark Connect server at {url}" in message
    assert "Traceback" not in done.stderr


def test_spark_conf_must_be_key_equals_value(catalog_file: Path) -> None:
    done = subprocess.run(
        [
            *(sys.executable, "-m", "showmeter", "compute", "reach", "--store", "x.duckdb"),
            *("--engine", "spark", "--spark-conf", "spark.executor.memory"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "--spark-conf takes KEY=VALUE" in " ".join(done.stderr.split())


def test_small_stores_run_without_aqe_and_generated_code_stays_jit_compiled(
    no_user_spark_settings: Path,
) -> None:
    """The defaults of the report's speed on Spark, each one the user may override.

    A store of 3 sessions is small (at most SMALL_ADAPTIVE_ROWS): AQE off for its batches; one
    with a row more than the limit keeps the session's setting (None), as does any store once
    the user set the key, by --spark-conf or in spark-defaults.conf.
    """
    import duckdb

    from showmeter.engines.spark_engine import SparkEngine
    from showmeter.engines.spark_settings import SMALL_ADAPTIVE_ROWS, user_set

    key = "spark.sql.codegen.hugeMethodLimit"
    assert settings("spark").config[key] == "8000"  # HotSpot's own limit
    assert settings("spark", {key: "65535"}).config[key] == "65535"
    assert settings("sc://h:15002").config[key] == "8000"  # a SQL setting: Connect sets it too
    con = duckdb.connect()
    con.execute("CREATE TABLE viewing AS SELECT range AS id FROM range(3)")
    assert SparkEngine("spark").adaptive(con) is False
    assert SparkEngine("spark", {"spark.sql.adaptive.enabled": "true"}).adaptive(con) is None
    big = duckdb.connect()
    big.execute(f"CREATE TABLE viewing AS SELECT range AS id FROM range({SMALL_ADAPTIVE_ROWS + 1})")
    assert SparkEngine("spark").adaptive(big) is None
    assert SparkEngine("spark").adaptive(duckdb.connect()) is None  # no viewing table
    assert not user_set("spark.sql.adaptive.enabled")
    (no_user_spark_settings / "spark-defaults.conf").write_text("spark.sql.adaptive.enabled true\n")
    assert user_set("spark.sql.adaptive.enabled")
    assert SparkEngine("spark").adaptive(con) is None
