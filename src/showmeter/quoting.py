"""Quoting names and text for DuckDB's SQL: one rule for the DDL, the load and optimize."""

from __future__ import annotations

__all__ = ["literal", "quote"]


def quote(name: str) -> str:
    """An identifier quoted for DuckDB: ``"name"``, with inner quotes doubled.

    Args:
        name: A table, column or database name.

    Returns:
        The quoted identifier.
    """
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """A string literal for DuckDB: ``'value'``, with inner quotes doubled.

    Args:
        value: The text.

    Returns:
        The literal.
    """
    return "'" + value.replace("'", "''") + "'"
