"""The canonical tables of a showmeter store, declared once and engine-neutral.

Every metric reads these tables and nothing else. The catalog tables are rebuilt from the
catalog file at each ingest; the fact tables (``viewing``, ``panels``, ``reviews``,
``signals``, ``published``) only grow, keyed by ``row_id`` so that loading the same row twice
changes nothing.
A viewing row without an ``event_id`` has no ``row_id``: all its values are its identity. The
bookkeeping tables record each load and its quarantined rows.

From this one declaration come the store's DuckDB DDL (:func:`duckdb_columns`) and the
unbound Ibis tables that metrics are built on (:func:`ibis_types`, :func:`ibis_schema`).

Conventions:

- a ``timestamp`` is an instant (stored in UTC: DuckDB ``TIMESTAMPTZ``, Ibis
  ``timestamp('UTC')``);
- markets are ISO 3166-1 alpha-2 codes, ``ZZ`` for unknown;
- durations are seconds as ``float64``;
- ``launches`` and ``availability`` are expanded per market: the ``*`` entries of the catalog
  become one row for every market of the ``markets`` table (and ``ZZ``), so metrics join on
  ``(title, season, market)`` with no fallback logic.

This package sits at the bottom: it imports no other showmeter module but quoting, and no
heavy library at module level.

One job per module: :mod:`~showmeter.schema.model` (column types, columns, tables and the
vocabularies), :mod:`~showmeter.schema.tables` (the declarations),
:mod:`~showmeter.schema.generate` (the DuckDB DDL and the Ibis schemas).
"""

from __future__ import annotations

from showmeter.schema.generate import (
    DUCKDB_TABLES,
    duckdb_columns,
    duckdb_tables,
    duckdb_type,
    ibis_schema,
    ibis_type,
    ibis_types,
)
from showmeter.schema.model import (
    COLUMN_TYPES,
    DEVICES,
    OTHER_DEVICE,
    UNIT_COLUMNS,
    UNITS,
    Column,
    ColumnType,
    Group,
    SeasonKey,
    Table,
)
from showmeter.schema.tables import (
    BOOKKEEPING_TABLES,
    CATALOG_TABLES,
    FACT_TABLES,
    TABLES,
    table,
)

__all__ = [
    "BOOKKEEPING_TABLES",
    "CATALOG_TABLES",
    "COLUMN_TYPES",
    "DEVICES",
    "DUCKDB_TABLES",
    "FACT_TABLES",
    "OTHER_DEVICE",
    "TABLES",
    "UNITS",
    "UNIT_COLUMNS",
    "Column",
    "ColumnType",
    "Group",
    "SeasonKey",
    "Table",
    "duckdb_columns",
    "duckdb_tables",
    "duckdb_type",
    "ibis_schema",
    "ibis_type",
    "ibis_types",
    "table",
]
