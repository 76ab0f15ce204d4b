"""Choosing the engine, once, from the ``--engine`` value."""

from __future__ import annotations

import re

from showmeter.definitions.params import nearest
from showmeter.engines.base import Engine
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.ibis_engine import IbisEngine
from showmeter.engines.spark_engine import SparkEngine
from showmeter.errors import UsageError

__all__ = ["ENGINES", "engine_from", "engine_names"]

ENGINES: dict[str, type[Engine]] = {"duckdb": DuckDBEngine, "spark": SparkEngine}
"""The engines known by name; any other engine is an Ibis URL."""


def engine_names() -> list[str]:
    """The engines known by name (any other engine string is an Ibis URL)."""
    return list(ENGINES)


def engine_from(value: str | Engine) -> Engine:
    """The engine an ``--engine`` value names.

    Args:
        value: ``duckdb``, ``spark``, an Ibis connection URL (``clickhouse://host/db``), or an
            engine already chosen (returned as it is).

    Returns:
        The engine.

    Raises:
        UsageError: The value is neither a known name nor a URL (the message suggests the
            nearest name).
    """
    if isinstance(value, Engine):
        return value
    known = ENGINES.get(value)
    if known is not None:
        return known()
    scheme = value.partition("://")[0].lower()
    if "://" not in value or not re.fullmatch(r"[a-z][a-z0-9+]*", scheme):
        raise UsageError(
            f"unknown engine {value!r}",
            expected="duckdb, spark, or an Ibis connection URL such as clickhouse://host/db",
            remedy=(f"Did you mean {close!r}? " if (close := nearest(value, list(ENGINES))) else "")
            + "See `showmeter compute --help`.",
        )
    return IbisEngine(value)
