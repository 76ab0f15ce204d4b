"""Quoting, in one place: names and text for DuckDB's SQL, and values as JSON and CSV cells.

The SQL quotes serve the DDL, the load and optimize; :func:`json_value` and
:func:`csv_field` every JSON document and CSV file showmeter writes (results, reports, the
dashboard's downloads, the quarantined rows), with :func:`formula_safe` escaping text that a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import re
from collections.abc import Mapping
from pathlib import PurePath

__all__ = ["FORMULA_LEADS", "csv_field", "formula_safe", "json_value", "literal", "quote"]


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


def json_value(value: object) -> object:
    """A value as JSON shows it: instants in UTC with ``Z``, NaN as ``None``, paths as text.

    Args:
        value: A Python value from a result row, a parameter or an input description.

    Returns:
        The value with every nested instant, date, decimal, path and NaN converted.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime):
        instant = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
        return instant.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return json_value(float(value))
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(item) for item in value]
    return str(value)


FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV Injection)."""

_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def formula_safe(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula, as OWASP recommends.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    single quote in front (``=HYPERLINK(...)`` becomes ``'=HYPERLINK(...)``); a number (``-3``,
    ``+1.5e3``) stays as it is, so that it stays a number.

    Args:
        text: A cell's text.

    Returns:
        The text, prefixed with ``'`` when a spreadsheet would take it for a formula.
    """
    if text.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_field(value: object) -> str:
    """A value as a CSV field shows it: JSON's form, ``true``/``false``, empty for null.

    Every CSV that showmeter writes (``compute --format csv``, the report's and the
    dashboard's downloads) goes through here, so a text that a spreadsheet would run as a
    formula is escaped (:func:`formula_safe`) in every one.

    Args:
        value: A Python value from a result row.

    Returns:
        The field's text (lists and objects as JSON).
    """
    shown = json_value(value)
    if shown is None:
        return ""
    if isinstance(shown, bool):
        return "true" if shown else "false"
    if isinstance(shown, int | float):
        return str(shown)
    if isinstance(shown, list | dict):
        return formula_safe(json.dumps(shown))
    return formula_safe(str(shown))
