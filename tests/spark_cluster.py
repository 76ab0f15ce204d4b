"""A real Spark cluster on 127.0.0.1 for the cluster tests, from PySpark's own scripts.

:func:`start` runs a standalone master, two workers (each its own JVM, from ``spark-class``)
and a Spark Connect server on that master (``spark-submit --class
org.apache.spark.sql.connect.service.SparkConnectServer ... spark-internal``; its jar ships in
PySpark's ``jars/``), waits until each is ready, and :meth:`Cluster.stop` stops them. Memory is
kept modest: master and worker daemons 512m/256m, each worker offers 2 cores and 1g, each
application takes one 512m executor per worker, the Connect server's driver 1g.

Run as a script it starts a cluster, prints the two URLs as shell exports
(``SHOWMETER_SPARK_MASTER``, ``SHOWMETER_SPARK_REMOTE``) and keeps it up until interrupted.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

__all__ = ["APP_CONF", "Cluster", "spark_home", "start"]

APP_CONF = {
    "spark.executor.memory": "512m",
    "spark.executor.cores": "1",
    "spark.cores.max": "2",
}
"""What each application on the test cluster takes: one 1-core 512m executor per worker."""

READY_SECONDS = 180.0
"""How long to wait for each daemon before giving up (the machine may be busy)."""


def spark_home() -> Path:
    """PySpark's own Spark home (its ``bin/`` and ``jars/``)."""
    import pyspark

    return Path(pyspark.__file__).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Cluster:
    """A running master, its workers and a Connect server (see :func:`start`).

    Attributes:
        master: The master's URL (``spark://127.0.0.1:PORT``).
        remote: The Connect server's URL (``sc://127.0.0.1:PORT``).
        folder: Where the logs and the workers' scratch space are.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.worker_args: dict[str, list[str]] = {}
        self.master = ""
        self.remote = ""
        self.ui_port = 0
        self.worker_memory = "1g"

    def _run(self, name: str, args: list[str], memory: str | None = None) -> None:
        env = dict(os.environ)
        env.pop("SPARK_REMOTE", None)
        env["SPARK_HOME"] = str(spark_home())
        env["SPARK_LOG_DIR"] = str(self.folder)
        if memory:
            env["SPARK_DAEMON_MEMORY"] = memory
        log = (self.folder / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()

    def _wait(self, name: str, ready: object) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            process = self.processes[name]
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log(name)}")
            if ready():  # type: ignore[operator]
                return
            time.sleep(0.5)
        raise RuntimeError(f"{name} not ready after {READY_SECONDS:.0f} s; see {self.log(name)}")

    def log(self, name: str) -> Path:
        """The log file of one process (``master``, ``worker-1``, ``connect``)."""
        return self.folder / f"{name}.log"

    def alive_workers(self) -> int:
        """How many workers the master counts as alive (from its web UI's JSON)."""
        try:
            url = f"http://127.0.0.1:{self.ui_port}/json/"
            with urllib.request.urlopen(url, timeout=2) as answer:
                state = json.load(answer)
        except OSError:
            return 0
        return sum(1 for worker in state.get("workers", []) if worker.get("state") == "ALIVE")

    def start_worker(self, name: str) -> None:
        """Start (or restart) a worker: its own JVM, 2 cores and its memory offered to executors."""
        home = spark_home()
        self.worker_args[name] = [
            str(home / "bin" / "spark-class"),
            "org.apache.spark.deploy.worker.Worker",
            self.master,
            "--host",
            "127.0.0.1",
            "--cores",
            "2",
            "--memory",
            self.worker_memory,
            "--webui-port",
            str(_free_port()),
            "--work-dir",
            str(self.folder / name),
        ]
        self._run(name, self.worker_args[name], memory="256m")

    def wait_workers(self, count: int) -> None:
        """Wait until the master counts ``count`` alive workers."""
        deadline = time.monotonic() + READY_SECONDS
        while self.alive_workers() < count:
            if time.monotonic() > deadline:
                raise RuntimeError(f"fewer than {count} workers alive; see {self.folder}")
            time.sleep(0.5)

    def kill(self, name: str) -> None:
        """Kill one process (its whole process group: a worker's executors with it) at once."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def stop(self) -> None:
        """Stop every process, the Connect server first, then the workers, then the master."""
        for name in sorted(
            self.processes, key=lambda n: ("connect", "worker", "master").index(n.partition("-")[0])
        ):
            process = self.processes[name]
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()


def start(
    folder: Path | None = None, workers: int = 2, connect: bool = True, worker_memory: str = "1g"
) -> Cluster:
    """Start a master, ``workers`` workers and (``connect``) a Connect server; wait for each.

    Args:
        folder: Where logs and scratch space go (default: a new temporary folder).
        workers: How many workers.
        connect: Whether to start the Spark Connect server.
        worker_memory: The memory each worker offers to executors (``--memory``).

    Returns:
        The running cluster (stop it with :meth:`Cluster.stop`).
    """
    folder = Path(tempfile.mkdtemp(prefix="showmeter-cluster-")) if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    cluster = Cluster(folder)
    cluster.worker_memory = worker_memory
    home = spark_home()
    port, cluster.ui_port = _free_port(), _free_port()
    cluster.master = f"spark://127.0.0.1:{port}"
    try:
        cluster._run(
            "master",
            [
                str(home / "bin" / "spark-class"),
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--webui-port",
                str(cluster.ui_port),
            ],
            memory="512m",
        )
        cluster._wait("master", lambda: _listening(port) and _listening(cluster.ui_port))
        for number in range(1, workers + 1):
            cluster.start_worker(f"worker-{number}")
        cluster.wait_workers(workers)
        if connect:
            grpc = _free_port()
            cluster.remote = f"sc://127.0.0.1:{grpc}"
            conf = {
                **APP_CONF,
                "spark.connect.grpc.binding.address": "127.0.0.1",
                "spark.connect.grpc.binding.port": str(grpc),
                "spark.ui.enabled": "false",
                "spark.sql.session.timeZone": "UTC",
                "spark.sql.shuffle.partitions": "4",
            }
            args = [str(home / "bin" / "spark-submit"), "--master", cluster.master]
            args += ["--driver-memory", "1g", "--name", "showmeter-connect"]
            for key, value in conf.items():
                args += ["--conf", f"{key}={value}"]
            args += ["--class", "org.apache.spark.sql.connect.service.SparkConnectServer"]
            cluster._run("connect", [*args, "spark-internal"])
            cluster._wait("connect", lambda: _listening(grpc))
    except BaseException:
        cluster.stop()
        raise
    return cluster


if __name__ == "__main__":
    # blocked, so that sigwait receives them (and the cluster is stopped) rather than dying
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    running = start(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print(f"export SHOWMETER_SPARK_MASTER={running.master}")
    print(f"export SHOWMETER_SPARK_REMOTE={running.remote}", flush=True)
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        running.stop()
