"""Fixtures shared by every test: a small catalog and a writer of input files."""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import parallel  # tests/ is on sys.path (rootdir conftest)
import timeline

# The cache of compiled SQL (showmeter.engines.compiled) of this test session, not the user's.
os.environ.setdefault("SHOWMETER_CACHE_DIR", tempfile.mkdtemp(prefix="showmeter-test-cache-"))


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return 'PySpark is not installed (pip install -e ".[spark]")'
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        return "no Java runtime (install Java 17)"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip tests marked ``spark`` where the engine cannot run, unless CI requires it."""
    if item.get_closest_marker("spark") is None:
        return
    missing = _spark_missing()
    if missing is None:
        return
    if os.environ.get("SHOWMETER_REQUIRE_SPARK") == "1":
        pytest.fail(f"the Spark engine is required here but {missing}")
    pytest.skip(f"Spark engine unavailable: {missing}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Time each test, setup to teardown, when SHOWMETER_TEST_TIMELINE is set (timeline.py)."""
    timeline.start(item)
    yield
    timeline.finish(item)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker per CPU for the suite, none for a file or a test (parallel.py)."""
    return parallel.workers(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: object) -> None:
    """xdist's controller: tell each worker where to write its test groups (parallel.py)."""
    parallel.configure_node(node)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object | None:
    """``--dist loadgroup``: the workers' groups, each run by one worker (parallel.py)."""
    return parallel.make_scheduler(config, log) if config.getvalue("dist") == "loadgroup" else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, write the groups of tests that share Spark or a wide fixture."""
    parallel.write_groups(config, items)
    if os.environ.get("SHOWMETER_SHOW_GROUPS"):  # a look at the groups: with --collect-only
        groups = parallel.group_items(items)
        for name, members in sorted(groups.items(), key=lambda group: -len(group[1])):
            print(f"{len(members):5d} {name}")


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the controller's folder of test groups."""
    parallel.remove_folder()


class SparkCluster:
    """The URLs of the test cluster: ``master`` (spark://) and ``remote`` (sc://)."""

    def __init__(self, master: str, remote: str, running: object | None) -> None:
        self.master = master
        self.remote = remote
        self.running = running  # the spark_cluster.Cluster started here, None when reused


@pytest.fixture(scope="session")
def spark_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkCluster]:
    """A Spark standalone master with two workers and a Connect server, on 127.0.0.1.

    Reused when SHOWMETER_SPARK_MASTER and SHOWMETER_SPARK_REMOTE name a running one; else
    started here from PySpark's own scripts (tests/spark_cluster.py) and stopped at the end.
    Each application's share of it (one 512m executor per worker) is set the way a Spark user
    sets it: in a spark-defaults.conf of SPARK_CONF_DIR (unless SPARK_CONF_DIR is set already).
    """
    missing = _spark_missing()
    if missing is not None:
        if os.environ.get("SHOWMETER_REQUIRE_SPARK") == "1":
            pytest.fail(f"the Spark cluster is required here but {missing}")
        pytest.skip(f"Spark cluster unavailable: {missing}")
    import spark_cluster as launcher  # tests/ is on sys.path (rootdir conftest)

    if "SPARK_CONF_DIR" not in os.environ:
        conf = tmp_path_factory.mktemp("spark-conf")
        lines = [f"{key} {value}" for key, value in launcher.APP_CONF.items()]
        (conf / "spark-defaults.conf").write_text("\n".join(lines) + "\n")
        os.environ["SPARK_CONF_DIR"] = str(conf)
    master = os.environ.get("SHOWMETER_SPARK_MASTER")
    remote = os.environ.get("SHOWMETER_SPARK_REMOTE")
    if master and remote:
        yield SparkCluster(master, remote, None)
        return
    running = launcher.start(tmp_path_factory.mktemp("spark-cluster"))
    try:
        yield SparkCluster(running.master, running.remote, running)
    finally:
        from showmeter import engines

        engines.stop_spark()
        running.stop()


SMALL_CATALOG = """\
markets:
  - {market: US, tz: America/New_York, population: 325700000}
  - {market: KR, tz: Asia/Seoul, population: 51500000}
  - {market: GB}
signal_weights: {pageviews: 1.0, searches: 2.0}
titles:
  - title: the-defenders
    name: "Marvel's The Defenders"
    original: true
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "52:14"}
          - {episode: 2, runtime: 3000}
        launches:
          - {market: "*", at: "2017-08-18T07:00:00Z", platform: netflix}
        availability:
          - {platform: netflix, markets: "*", from: 2017-08-18, until: 2022-03-01}
          - {platform: disney-plus, markets: [US, GB], from: 2022-03-16}
  - title: daredevil
    seasons:
      - season: 2
        episodes:
          - {episode: 1, runtime: 3300}
        launches:
          - {market: "*", at: "2016-03-18T07:00:00Z"}
"""


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """A catalog with two titles, three markets and availability windows."""
    path = tmp_path / "catalog.yaml"
    path.write_text(SMALL_CATALOG)
    return path


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text to a file in the test's folder and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return _write
