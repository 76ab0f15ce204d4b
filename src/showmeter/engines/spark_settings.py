"""Where a Spark session goes and what it is given: ``--engine`` URLs and Spark settings.

:func:`settings`: ``--spark-conf KEY=VALUE`` first, then Spark's own ``spark-defaults.conf``
(read by Spark itself; :func:`spark_defaults`), and :data:`SPARK_CONFIG` only for the keys the
user set nowhere. ``spark.sql.session.timeZone`` is always UTC (:data:`FORCED`): the metrics'
SQL counts hours and days in UTC. Keys under ``spark.showmeter.`` are showmeter's own
(:data:`EXCHANGE_KEY`) and are not given to Spark. The session itself is
:mod:`showmeter.engines.spark`'s.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "EXCHANGE_KEY",
    "FORCED",
    "SMALL_ADAPTIVE_ROWS",
    "SPARK_CONFIG",
    "SQL_KEYS",
    "Settings",
    "is_connect",
    "is_spark_url",
    "settings",
    "spark_defaults",
    "user_set",
]

SPARK_CONFIG = {
    "spark.master": "local[2]",
    "spark.app.name": "showmeter",
    "spark.driver.memory": "1g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "4",
    "spark.sql.adaptive.enabled": "true",
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    "spark.sql.codegen.hugeMethodLimit": "8000",
}
"""showmeter's defaults, for the keys the user set nowhere: modest memory, no UI, UTC, few
shuffle partitions (``spark.master`` only for ``--engine spark`` with no master set).

``spark.sql.codegen.hugeMethodLimit=8000`` is HotSpot's own limit (``-XX:HugeMethodLimit``):
a generated method longer than that is never JIT-compiled, and with Spark's default (65,535)
the in-place rules fused into one 14.5 kB method ran interpreted (105 s of CPU per 10 M-row
scan, 27 s with 8,000; Spark's documentation advises 8,000 on HotSpot). Over the limit Spark
runs the stage's operators one by one, each compiled."""

SMALL_ADAPTIVE_ROWS = 500_000
"""A batch whose store has at most this many sessions runs without adaptive query execution
(``spark.sql.adaptive.enabled=false`` on the batch's session), unless the user set that key:
for small inputs AQE only adds work (every query stage a Spark job of its own, each re-planned
on the driver), and it has nothing to coalesce. See :func:`user_set`."""

SQL_KEYS = ("spark.sql.",)
"""Settings a Spark Connect client may set on its session (the rest are the server's)."""

FORCED = {"spark.sql.session.timeZone": "UTC"}
"""Settings that are always so, whatever the user set: they change figures."""

EXCHANGE_KEY = "spark.showmeter.exchangeDir"
"""showmeter's setting: the folder through which large store tables and results pass to and
from the cluster (default: the machine's temporary folder). Every executor (and a Connect
server) must be able to read it at the same path: a local folder for a cluster on this machine,
a shared mount otherwise."""


_URL = re.compile(r"(spark://|sc://|k8s://|yarn$|local(\[[0-9*, ]+\])?$)", re.IGNORECASE)


class Settings(NamedTuple):
    """Where a session goes and what it is given.

    Attributes:
        remote: The Spark Connect URL, or None for a classic (JVM) session.
        master: ``spark.master`` for a classic session (None: Spark's own defaults file sets it).
        config: The settings given to the builder.
        exchange: The folder (a local path) shared with the cluster.
    """

    remote: str | None
    master: str | None
    config: dict[str, str]
    exchange: str


def is_spark_url(value: str) -> bool:
    """Whether an ``--engine`` value names a Spark: ``spark://``, ``sc://``, ``yarn``, ``k8s://``."""
    return bool(_URL.match(value))


def is_connect(value: str) -> bool:
    """Whether an ``--engine`` value is a Spark Connect URL (``sc://``)."""
    return value.lower().startswith("sc://")


def spark_defaults() -> dict[str, str]:
    """The settings of Spark's own ``spark-defaults.conf``, as Spark finds it.

    Returns:
        Key -> value from ``$SPARK_CONF_DIR/spark-defaults.conf``, else
        ``$SPARK_HOME/conf/spark-defaults.conf`` (empty when there is none).
    """
    folder = os.environ.get("SPARK_CONF_DIR")
    if not folder and os.environ.get("SPARK_HOME"):
        folder = str(Path(os.environ["SPARK_HOME"]) / "conf")
    path = Path(folder) / "spark-defaults.conf" if folder else None
    if path is None or not path.is_file():
        return {}
    found: dict[str, str] = {}
    for line in path.read_text(errors="replace").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")):
            parts = re.split(r"\s*[=:\s]\s*", line, maxsplit=1)
            key, value = parts[0], parts[1] if len(parts) > 1 else ""
            found[key.strip()] = value.strip()
    return found


def user_set(key: str, conf: Mapping[str, str] | None = None) -> bool:
    """Whether the user set a Spark setting: by ``--spark-conf`` or in ``spark-defaults.conf``.

    Args:
        key: The setting.
        conf: ``--spark-conf`` settings.
    """
    return key in (conf or {}) or key in spark_defaults()


def adaptive_for(sessions: int | None, conf: Mapping[str, str] | None = None) -> bool | None:
    """``spark.sql.adaptive.enabled`` for a batch over ``sessions`` viewing sessions.

    False (off) for at most :data:`SMALL_ADAPTIVE_ROWS` sessions unless the user set it; None
    (the session's setting stands) otherwise, or when the number is not known.

    Args:
        sessions: The viewing sessions the batch reads (None: not known).
        conf: ``--spark-conf`` settings.
    """
    if sessions is None or user_set("spark.sql.adaptive.enabled", conf):
        return None
    return None if sessions > SMALL_ADAPTIVE_ROWS else False


def settings(engine_url: str = "spark", conf: Mapping[str, str] | None = None) -> Settings:
    """Where the session for ``engine_url`` goes and the settings it is given.

    Args:
        engine_url: ``spark``, ``spark://HOST:PORT``, ``sc://HOST:PORT``, ``yarn``,
            ``k8s://...`` or ``local[N]``.
        conf: ``--spark-conf`` settings (they win over everything but :data:`FORCED`).

    Returns:
        The settings (see the module's documentation for the order).
    """
    user = dict(conf or {})
    exchange = user.pop(EXCHANGE_KEY, "") or tempfile.gettempdir()
    exchange = exchange.removeprefix("file://")
    user = {k: v for k, v in user.items() if not k.startswith("spark.showmeter.")}
    defaults = spark_defaults()
    remote: str | None = None
    master: str | None = None
    if engine_url.lower() == "spark":
        if "spark.remote" in user:
            remote = user.pop("spark.remote")
        elif "spark.master" in user:
            master = user.pop("spark.master")
        elif os.environ.get("SPARK_REMOTE"):
            remote = os.environ["SPARK_REMOTE"]
        elif "spark.master" not in defaults:
            master = SPARK_CONFIG["spark.master"]
    elif is_connect(engine_url):
        remote = engine_url
    else:
        master = engine_url
    user.pop("spark.master", None)
    user.pop("spark.remote", None)
    if master is None and remote is None:
        master = defaults.get("spark.master")
    config = {
        key: value
        for key, value in SPARK_CONFIG.items()
        if key != "spark.master" and key not in defaults and key not in user
    }
    # spark-defaults.conf given explicitly too: Spark reads it only when it starts the JVM, so a
    # process whose JVM was started before (a local session first, then a cluster's) would
    # otherwise ask the cluster for Spark's built-in executor size instead of the user's.
    config.update(
        (key, value)
        for key, value in defaults.items()
        if key not in ("spark.master", "spark.remote") and key not in user
    )
    config.update(user)
    config.update(FORCED)
    if remote is not None:
        config = {k: v for k, v in config.items() if k.startswith(SQL_KEYS)}
    elif master is not None:
        config["spark.master"] = master
    return Settings(remote, master, config, exchange)
