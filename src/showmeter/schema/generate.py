"""What the declaration generates: the store's DuckDB DDL and the metrics' Ibis schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.quoting import quote
from showmeter.schema.tables import TABLES, table

if TYPE_CHECKING:
    from collections.abc import Mapping

    import ibis.expr.schema as sch

    from showmeter.schema.model import Column, ColumnType, Table

__all__ = [
    "DUCKDB_TABLES",
    "duckdb_columns",
    "duckdb_tables",
    "duckdb_type",
    "ibis_schema",
    "ibis_type",
    "ibis_types",
]

_DUCKDB: dict[ColumnType, str] = {
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "float64": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMPTZ",
}
_IBIS: dict[ColumnType, str] = {"timestamp": "timestamp('UTC')"}  # else the same name


# --------------------------------------------------------------------------- DuckDB


def duckdb_type(column: Column) -> str:
    """The DuckDB type of a column, e.g. ``TIMESTAMPTZ`` for a ``timestamp``."""
    return _DUCKDB[column.type]


def duckdb_columns(of: Table | str) -> str:
    """The column DDL of a table: what goes between the parentheses of ``CREATE TABLE``.

    Args:
        of: A table, or the name of a canonical table.

    Returns:
        One line per column (``"name" TYPE [NOT NULL]``), then the ``PRIMARY KEY`` if any.
    """
    spec = table(of) if isinstance(of, str) else of
    lines = [
        f"{quote(c.name)} {duckdb_type(c)}{'' if c.nullable else ' NOT NULL'}" for c in spec.columns
    ]
    if spec.primary_key:
        lines.append("PRIMARY KEY (" + ", ".join(quote(k) for k in spec.primary_key) + ")")
    return ",\n".join(lines)


def duckdb_tables(tables: Mapping[str, Table] = TABLES) -> dict[str, str]:
    """Table name -> column DDL, for ``CREATE TABLE`` (see :func:`duckdb_columns`).

    Args:
        tables: The tables, by name (default: every canonical table).

    Returns:
        The column DDL of each, in the same order.
    """
    return {name: duckdb_columns(spec) for name, spec in tables.items()}


DUCKDB_TABLES: Mapping[str, str] = duckdb_tables()
"""Every canonical table, name -> column DDL: what the store creates."""


# --------------------------------------------------------------------------- Ibis


def ibis_type(column: Column) -> str:
    """The Ibis type string of a column, e.g. ``"!timestamp('UTC')"`` for a NOT NULL instant."""
    name = _IBIS.get(column.type, column.type)
    return name if column.nullable else f"!{name}"


def ibis_types(of: Table | str) -> dict[str, str]:
    """Column name -> Ibis type string of a table, in column order.

    Args:
        of: A table, or the name of a canonical table.
    """
    spec = table(of) if isinstance(of, str) else of
    return {column.name: ibis_type(column) for column in spec.columns}


def ibis_schema(of: Table | str) -> sch.Schema:
    """The Ibis schema of a table (imports Ibis).

    Args:
        of: A table, or the name of a canonical table.
    """
    import ibis

    return ibis.schema(ibis_types(of))
