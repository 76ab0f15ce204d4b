"""``python -m benchmarks.cluster_report``: the launch report of the cluster test, timed.

The world and report of ``tests/reporting/test_report_on_cluster.py`` (a 10,000-session demo
store, ``the-defenders:1`` against ``daredevil:2``), built on DuckDB then on each Spark engine in
one process, as the test does. For each: the wall time, this process's CPU, the CPU of the
Spark driver's JVM (the local JVM for ``spark://``, the Connect server's for ``sc://`` when the
cluster was started here), the Spark jobs run (classic sessions) and whether the figures equal
DuckDB's. The machine's load average is printed before and after.

Examples::

    python -m benchmarks.cluster_report                           # starts a cluster of its own
    python -m benchmarks.cluster_report --master spark://127.0.0.1:7077 --remote sc://127.0.0.1:15002
    python -m benchmarks.cluster_report --engines spark          # local Spark only, no cluster
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent / "tests"
REPORTING = TESTS / "reporting"


def _jiffies(pid: int | None) -> float:
    """CPU seconds (user + system) a process has used so far, 0 when unknown."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _jvm_pid() -> int | None:
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    process = getattr(gateway, "proc", None) if gateway is not None else None
    return None if process is None else int(process.pid)


def _jobs(engine: str) -> int | None:
    """Spark jobs the process's classic session has run so far (None on Spark Connect)."""
    if engine.startswith("sc://") or engine == "duckdb":
        return None
    from showmeter.engines.spark import spark_session

    tracker = spark_session(engine).sparkContext.statusTracker()
    return len(tracker.getJobIdsForGroup(None))


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (see the module's documentation)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.cluster_report")
    p.add_argument("--master", help="a running standalone master (default: start a cluster)")
    p.add_argument("--remote", help="a running Spark Connect server (with --master)")
    p.add_argument("--engines", default="master,remote", help="comma list: master, remote, spark")
    p.add_argument("--connect-pid", type=int, help="the running Connect server's process id")
    p.add_argument("--sessions", default="10000", help="sessions of the demo world")
    p.add_argument("--folder", help="where the demo store goes (default: a temporary folder)")
    args = p.parse_args(argv)
    sys.path[:0] = [str(TESTS), str(REPORTING)]
    from test_report_on_cluster import _differences, _figures

    import showmeter
    import spark_cluster

    if "SPARK_CONF_DIR" not in os.environ and {"master", "remote"} & set(args.engines.split(",")):
        # what the test's fixture gives: one small executor per worker
        conf = Path(tempfile.mkdtemp(prefix="showmeter-sparkconf-"))
        lines = [f"{key} {value}" for key, value in spark_cluster.APP_CONF.items()]
        (conf / "spark-defaults.conf").write_text("\n".join(lines) + "\n")
        os.environ["SPARK_CONF_DIR"] = str(conf)
    print("load average before:", os.getloadavg(), flush=True)
    folder = Path(args.folder or tempfile.mkdtemp(prefix="showmeter-clusterreport-"))
    store = folder / "demo.duckdb"
    if not store.exists():
        demo = ["demo", "--output", str(folder), "--sessions", args.sessions, "--quiet"]
        done = subprocess.run([sys.executable, "-m", "showmeter", *demo], check=False)
        assert done.returncode == 0
    cluster: Any = None
    wanted = args.engines.split(",")
    master, remote = args.master, args.remote
    if {"master", "remote"} & set(wanted) and not master:
        cluster = spark_cluster.start(folder / "cluster")
        master, remote = cluster.master, cluster.remote
    connect_pid = args.connect_pid
    if cluster is not None and "connect" in cluster.processes:
        connect_pid = cluster.processes["connect"].pid
    try:

        def report(engine: str) -> Any:
            return showmeter.report(
                "the-defenders:1", store=store, reference="daredevil:2", engine=engine
            )

        expected = _figures(report("duckdb"))
        for which in wanted:
            engine = {"master": master, "remote": remote, "spark": "spark"}[which]
            driver = connect_pid if which == "remote" else None
            if which != "remote":
                from showmeter.engines.spark import spark_session

                spark_session(engine)  # started before the clock, as the test's cluster is
                driver = _jvm_pid()
            jobs0 = _jobs(engine)
            cpu0, jvm0, wall0 = _self_cpu(), _jiffies(driver), time.perf_counter()
            built = report(engine)
            wall = time.perf_counter() - wall0
            cpu, jvm = _self_cpu() - cpu0, _jiffies(driver) - jvm0
            jobs1 = _jobs(engine)
            jobs = None if jobs0 is None or jobs1 is None else jobs1 - jobs0
            same = not _differences(expected, _figures(built))
            print(
                f"{which:7} {engine}: wall {wall:6.1f} s, python CPU {cpu:5.1f} s, "
                f"driver JVM CPU {jvm:6.1f} s, jobs {jobs}, equal to DuckDB: {same}; "
                f"load {os.getloadavg()}",
                flush=True,
            )
    finally:
        from showmeter.engines.spark import stop_spark

        stop_spark()
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
