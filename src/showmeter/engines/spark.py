"""The Spark session: local, a standalone cluster, YARN, Kubernetes, or Spark Connect.

:func:`spark_session` gives the session an ``--engine`` value names, created on first use and
kept for the process:

- ``spark``: Spark as its user configured it: ``spark.master`` from ``--spark-conf``, else a
  ``SPARK_REMOTE`` in the environment (Spark Connect, as PySpark does), else ``spark.master``
  from Spark's own ``spark-defaults.conf`` (``$SPARK_CONF_DIR``, else ``$SPARK_HOME/conf``),
  else ``local[2]``;
- ``spark://HOST:PORT`` (a standalone cluster), ``yarn``, ``k8s://...``, ``local[N]``: given to
  ``spark.master``;
- ``sc://HOST:PORT``: a Spark Connect server (PySpark's Connect client; no local JVM).

Settings: :func:`showmeter.engines.spark_settings.settings` (``--spark-conf``, then Spark's own
``spark-defaults.conf``, then showmeter's defaults :data:`SPARK_CONFIG`), re-exported here.

A classic (JVM) Spark has one context per process: asking for another master stops the one
running first. A cluster that cannot be reached is a :class:`~showmeter.errors.ResourceError`
within :data:`CONNECT_SECONDS` (the address is probed before Spark tries, so nothing hangs),
and a standalone master that gives no executor within :data:`EXECUTOR_SECONDS` is one too.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from showmeter.engines.spark_settings import (
    EXCHANGE_KEY,
    SPARK_CONFIG,
    Settings,
    is_connect,
    is_spark_url,
    settings,
    spark_defaults,
)
from showmeter.errors import ResourceError, UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pyspark.sql import SparkSession

__all__ = [
    "CONNECT_SECONDS",
    "EXCHANGE_KEY",
    "SPARK_CONFIG",
    "Settings",
    "cluster_error",
    "is_connect",
    "is_spark_url",
    "require_pyspark",
    "settings",
    "spark_defaults",
    "spark_session",
    "stop_spark",
]

CONNECT_SECONDS = 10.0
"""How long to wait for a master's or Connect server's address to answer."""

EXECUTOR_SECONDS = 120.0
"""How long a standalone master may take to give the application its first executor."""

SPARK_LOGGING = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m%n
"""
"""Spark's log4j2 settings: errors only, so that a computation does not flood the terminal."""

_lock = threading.RLock()
_classic: list[tuple[tuple[object, ...], SparkSession]] = []
_connect: dict[tuple[object, ...], SparkSession] = {}


def require_pyspark() -> None:
    """Check that PySpark can be imported, before Ibis or Spark need it.

    Raises:
        UsageError: PySpark is not installed (the remedy names the extra that installs it).
    """
    try:
        import pyspark  # noqa: F401
    except ImportError as error:
        raise UsageError(
            "the spark engine needs PySpark, which is not installed",
            remedy="Install it with `pip install 'showmeter[spark]'` (it also needs Java 17), "
            "or leave out --engine spark to compute on DuckDB.",
        ) from error


def _address(url: str, default_port: int) -> list[tuple[str, int]]:
    """The host and port (or ports: ``spark://h1:7077,h2:7077``) of a master or Connect URL."""
    rest = url.partition("://")[2].split("/", 1)[0].split(";", 1)[0]
    found = []
    for part in rest.split(","):
        host, _, port = part.rpartition(":") if ":" in part else (part, "", "")
        found.append(
            (host.strip("[]") or "localhost", int(port) if port.isdigit() else default_port)
        )
    return found


def _probe(url: str, default_port: int) -> None:
    """Raise a ResourceError unless one of the URL's addresses accepts a connection in time."""
    errors = []
    for host, port in _address(url, default_port):
        try:
            with socket.create_connection((host, port), timeout=CONNECT_SECONDS):
                return
        except OSError as error:
            errors.append(f"{host}:{port}: {error.strerror or error}")
    what = "Spark Connect server" if is_connect(url) else "Spark master"
    remedy = (
        "Start it (`$SPARK_HOME/sbin/start-connect-server.sh`, see docs/spark.md), or check "
        "the host and port (Spark Connect's default port is 15002)."
        if is_connect(url)
        else "Start it (`$SPARK_HOME/sbin/start-master.sh` and a worker, see docs/spark.md), "
        "or check the host and port (a standalone master's default port is 7077)."
    )
    raise ResourceError(f"cannot reach the {what} at {url} ({'; '.join(errors)})", remedy=remedy)


def _java_error(error: Exception) -> UsageError | None:
    """The usage error for a Spark that could not start its Java gateway, else None.

    PySpark raises ``PySparkRuntimeError`` with the error class ``JAVA_GATEWAY_EXITED`` when
    ``java`` is missing, ``JAVA_HOME`` points nowhere, or the Java is too old to start Spark.
    """
    if "JAVA_GATEWAY_EXITED" not in str(error):
        return None
    java_home = os.environ.get("JAVA_HOME")
    java = shutil.which("java")
    found = (
        f"JAVA_HOME is {java_home!r}"
        if java_home
        else (f"java is {java}" if java else "no java on PATH and JAVA_HOME unset")
    )
    return UsageError(
        f"the spark engine could not start Java ({found}; JAVA_GATEWAY_EXITED)",
        expected="a Java 17 runtime",
        remedy="Install Java 17 (e.g. `apt install openjdk-17-jre-headless`) so that `java` is "
        "on PATH, or set JAVA_HOME to a Java 17 installation; or leave out --engine spark "
        "to compute on DuckDB.",
    )


def _key(chosen: Settings) -> tuple[object, ...]:
    return (chosen.remote, chosen.master, tuple(sorted(chosen.config.items())))


def spark_session(engine_url: str = "spark", conf: Mapping[str, str] | None = None) -> SparkSession:
    """The process's session for an engine URL and settings, created on first use.

    This signature is stable: the readers of files in place call it too.

    Args:
        engine_url: ``spark`` (local, or as Spark's own settings say), ``spark://HOST:PORT``,
            ``sc://HOST:PORT``, ``yarn``, ``k8s://...`` (see :func:`settings`).
        conf: ``--spark-conf`` settings.

    Returns:
        A classic SparkSession (one per process: another master stops the running one first)
        or a Spark Connect session (one per URL and settings).

    Raises:
        UsageError: PySpark (or its Connect client) is not installed, Java could not be
            started, or a setting was refused.
        ResourceError: The master or Connect server cannot be reached, or the standalone
            master gives no executor in time.
    """
    require_pyspark()
    chosen = settings(engine_url, conf)
    key = _key(chosen)
    with _lock:
        if chosen.remote is not None:
            if key not in _connect:
                _connect[key] = _connect_session(chosen)
            return _connect[key]
        if _classic and _classic[0][0] == key:
            return _classic[0][1]
        while _classic:
            _classic.pop()[1].stop()
        session = _classic_session(chosen)
        _classic.append((key, session))
        return session


def _connect_session(chosen: Settings) -> SparkSession:
    """A new Spark Connect session (the server must answer first)."""
    assert chosen.remote is not None
    try:
        import grpc  # type: ignore[import-untyped]  # noqa: F401
        from pyspark.sql.connect.session import SparkSession as ConnectSession  # noqa: F401
    except ImportError as error:
        raise UsageError(
            f"Spark Connect needs its Python client, which is not fully installed ({error})",
            remedy="Install it with `pip install 'showmeter[spark]'` (pyspark[connect]).",
        ) from error
    from pyspark.sql import SparkSession

    _probe(chosen.remote, 15002)
    builder = SparkSession.builder.remote(chosen.remote)
    # PySpark marks the whole process as Spark Connect once a Connect session exists
    # (SPARK_CONNECT_MODE_ENABLED), which would turn a later classic session into a Connect one
    # without a URL: the mark is put back as it was.
    mark = os.environ.get("SPARK_CONNECT_MODE_ENABLED")
    try:
        session: SparkSession = builder.create()
        for key, value in chosen.config.items():
            session.conf.set(key, value)
    except Exception as error:  # pyspark.errors.* vary by version
        raise UsageError(
            f"the Spark Connect server at {chosen.remote} refused the session: "
            f"{str(error).splitlines()[0]}",
            remedy="Check the --spark-conf settings (a Connect client may set only spark.sql.* "
            "settings; the rest are the server's).",
        ) from error
    finally:
        if mark is None:
            os.environ.pop("SPARK_CONNECT_MODE_ENABLED", None)
        else:
            os.environ["SPARK_CONNECT_MODE_ENABLED"] = mark
    return session


def _classic_session(chosen: Settings) -> SparkSession:
    """A new classic SparkSession (its master must answer first, and give an executor)."""
    from pyspark.sql import SparkSession

    master = chosen.master or ""
    if master.lower().startswith("spark://"):
        _probe(master, 7077)
    logging = Path(tempfile.gettempdir()) / "showmeter-spark-log4j2.properties"
    logging.write_text(SPARK_LOGGING)
    options = chosen.config.get("spark.driver.extraJavaOptions", "")
    builder = SparkSession.builder.config(
        "spark.driver.extraJavaOptions",
        f"{options} -Dlog4j2.configurationFile={logging.as_uri()}".strip(),
    )
    for key, value in chosen.config.items():
        if key != "spark.driver.extraJavaOptions":
            builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as error:  # PySparkRuntimeError; pyspark.errors varies by version
        usage = _java_error(error)
        if usage is None:
            raise
        raise usage from error
    session.sparkContext.setLogLevel("ERROR")
    if master.lower().startswith("spark://"):
        _wait_for_executors(session, master)
    return session


def _wait_for_executors(session: SparkSession, master: str) -> None:
    """Raise a ResourceError (and stop the session) if the master gives no executor in time."""
    context = session.sparkContext._jsc.sc()
    deadline = time.monotonic() + EXECUTOR_SECONDS
    while context.getExecutorIds().size() == 0:
        if time.monotonic() > deadline:
            session.stop()
            raise ResourceError(
                f"the Spark master at {master} gave no executor in {EXECUTOR_SECONDS:.0f} s "
                "(no worker alive, or none with the free cores and memory asked for)",
                remedy="Start a worker (`$SPARK_HOME/sbin/start-worker.sh " + master + "`), "
                "or ask for less: --spark-conf spark.executor.memory=512m, "
                "spark.executor.cores=1, spark.cores.max=N.",
            )
        time.sleep(0.2)


_LOST = (
    "UNAVAILABLE",
    "Job aborted",
    "SparkContext was shut down",
    "Cannot call methods on a stopped SparkContext",
    "Connection refused",
    "Py4JNetworkError",
    "Answer from Java side is empty",
)
"""Signs, in a Spark error's text, that the cluster (not the computation) failed."""


def cluster_error(error: BaseException, label: str) -> ResourceError | None:
    """The ResourceError a Spark error amounts to when the cluster failed, else None.

    Args:
        error: An exception raised while a Spark computation ran.
        label: The engine, as shown (its URL).

    Returns:
        A ResourceError naming the engine and Spark's first line; None for any other error
        (a showmeter error, or a bug, which must show as one).
    """
    from showmeter.errors import ShowmeterError

    if isinstance(error, ShowmeterError):
        return None
    text = str(error)
    module = type(error).__module__
    if not (module.startswith(("pyspark", "py4j", "grpc")) and any(s in text for s in _LOST)):
        return None
    first = next((line.strip() for line in text.splitlines() if line.strip()), type(error).__name__)
    return ResourceError(
        f"the Spark engine {label} failed while computing: {first[:300]}",
        remedy="Check that the cluster is up and has live workers with enough memory (its "
        "master's web UI lists them), then run the command again.",
    )


def stop_spark() -> None:
    """Stop every session this process started, and remove the tables passed through files."""
    from showmeter.engines import spark_tables

    with _lock:
        while _classic:
            _classic.pop()[1].stop()
        while _connect:
            _, session = _connect.popitem()
            with contextlib.suppress(Exception):  # a Connect server gone: nothing to release
                session.stop()
    spark_tables.forget_exports()
