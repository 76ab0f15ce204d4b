"""Engines: compile a metric's expression to an engine's SQL, run it, and return a result.

An engine is an object (:class:`Engine`: a name, a label, a SQL dialect; connect, compile,
execute, read), chosen once from the ``--engine`` value by :func:`engine_from`:

- ``duckdb`` (the default, :class:`DuckDBEngine`): in-process, straight on the store (a DuckDB
  file opened read-only, or an open connection that holds the canonical tables).
- ``spark``, ``spark://HOST:PORT``, ``sc://HOST:PORT`` (Spark Connect), ``yarn``, ``k8s://...``
  (:class:`SparkEngine`; settings from ``--spark-conf`` and Spark's own ``spark-defaults.conf``):
  the session is :mod:`showmeter.engines.spark`'s (:func:`spark_session`, one classic session
  per process, one Connect session per URL); a batch moves the store tables it reads to the
  cluster once (through Arrow, or Parquet files the cluster must be able to read) and keeps the
  relations its computations share cached there (:mod:`showmeter.engines.spark_tables`).
- any other string is an Ibis connection URL (:class:`IbisEngine`: ``clickhouse://...``,
  ``postgres://...``): the tables are read there when they exist, else uploaded from the store
  as temporary tables.

The SQL that runs is exactly what :func:`compile_sql` returns: Ibis compiles the expression
with the engine's dialect, which needs no running engine (not even Spark).

:func:`compute` runs one computation; :func:`showmeter.engines.batch.compute_many` runs many,
computing once what they share (:func:`prepare` and :func:`execute` are the two halves).

This package's modules: :mod:`~showmeter.engines.base` (the interface),
:mod:`~showmeter.engines.choice` (choosing one), :mod:`~showmeter.engines.duckdb_engine`,
:mod:`~showmeter.engines.spark_engine`, :mod:`~showmeter.engines.spark` (its session) and
:mod:`~showmeter.engines.spark_tables` (its batches),
:mod:`~showmeter.engines.ibis_engine`, :mod:`~showmeter.engines.prepared` (a computation
ready to run), :mod:`~showmeter.engines.computation` (compute, compile, explain),
:mod:`~showmeter.engines.references` (the store has what a computation names), and for
batches :mod:`~showmeter.engines.batch`, :mod:`~showmeter.engines.sharing` and
:mod:`~showmeter.engines.by_season`.
"""

from __future__ import annotations

from showmeter.engines.base import Engine
from showmeter.engines.choice import engine_from, engine_names
from showmeter.engines.computation import compile_sql, compute, execute, explain
from showmeter.engines.duckdb_engine import DuckDBEngine
from showmeter.engines.ibis_engine import IbisEngine
from showmeter.engines.prepared import Prepared, prepare
from showmeter.engines.spark import spark_session, stop_spark
from showmeter.engines.spark_engine import SparkEngine

__all__ = [
    "DuckDBEngine",
    "Engine",
    "IbisEngine",
    "Prepared",
    "SparkEngine",
    "compile_sql",
    "compute",
    "engine_from",
    "engine_names",
    "execute",
    "explain",
    "prepare",
    "spark_session",
    "stop_spark",
]
