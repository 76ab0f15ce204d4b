"""Choosing the engine, once, from the ``--engine`` value."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from showmeter.definitions.params import nearest
from showmeter.engines.base import Engine
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.ibis_engine import IbisEngine
from showmeter.engines.spark import is_spark_url
from showmeter.engines.spark_engine import SparkEngine
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["ENGINES", "engine_from", "engine_names"]

ENGINES: dict[str, type[Engine]] = {"duckdb": DuckDBEngine, "spark": SparkEngine}
"""The engines known by name; any other engine is an Ibis URL."""


def engine_names() -> list[str]:
    """The engines known by name (any other engine string is an Ibis URL)."""
    return list(ENGINES)


def engine_from(value: str | Engine, spark_conf: Mapping[str, str] | None = None) -> Engine:
    """The engine an ``--engine`` value names.

    Args:
        value: ``duckdb``, ``spark``, a Spark URL (``spark://HOST:PORT``, ``sc://HOST:PORT``,
            ``yarn``, ``k8s://...``, ``local[N]``), an Ibis connection URL
            (``clickhouse://host/db``), or an engine already chosen (returned as it is, unless
            ``spark_conf`` is given for a Spark engine).
        spark_conf: ``--spark-conf`` settings for a Spark engine (a usage error for another).

    Returns:
        The engine.

    Raises:
        UsageError: The value is neither a known name nor a URL (the message suggests the
            nearest name).
    """
    if isinstance(value, SparkEngine) and spark_conf:
        value = value.url
    if isinstance(value, Engine):
        engine = value
    elif value == "spark" or is_spark_url(value):
        engine = SparkEngine(value, spark_conf)
    elif value in ENGINES:
        engine = ENGINES[value]()
    else:
        engine = _ibis(value)
    if spark_conf and not isinstance(engine, SparkEngine):
        raise UsageError(
            f"--spark-conf is for a Spark engine, not {engine.label}",
            remedy="Use --engine spark, spark://HOST:PORT or sc://HOST:PORT, "
            "or leave out --spark-conf.",
        )
    return engine


def _ibis(value: str) -> Engine:
    """An Ibis URL's engine (the value is checked to be a URL)."""
    scheme = value.partition("://")[0].lower()
    if "://" not in value or not re.fullmatch(r"[a-z][a-z0-9+]*", scheme):
        raise UsageError(
            f"unknown engine {value!r}",
            expected="duckdb, spark, spark://HOST:PORT, sc://HOST:PORT, yarn, k8s://..., or an "
            "Ibis connection URL such as clickhouse://host/db",
            remedy=(f"Did you mean {close!r}? " if (close := nearest(value, list(ENGINES))) else "")
            + "See `showmeter compute --help`.",
        )
    return IbisEngine(value)
