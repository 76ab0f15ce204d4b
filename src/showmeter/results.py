"""Result objects: the rows of a computed metric with what produced them.

A :class:`Result` holds the rows as an Arrow table plus the metadata that makes a figure
reproducible: the metric, every resolved parameter, the engine and the inputs. It converts to
Arrow, pandas, the JSON contract of ``compute --format json``::

    {"metric": ..., "params": {...}, "engine": ..., "inputs": [...], "rows": [{...}, ...]}

and CSV. In JSON and CSV, instants are ISO 8601 in UTC with ``Z``, dates are ISO, and NaN or
missing values are ``null`` (an empty field in CSV).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
from collections.abc import Mapping
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = ["Result", "csv_field", "json_value"]


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


def csv_field(value: object) -> str:
    """A value as a CSV cell: as JSON shows it, nulls empty, lists and maps as JSON text.

    Args:
        value: A Python value from a result row.

    Returns:
        The cell's text.
    """
    shown = json_value(value)
    if shown is None:
        return ""
    if isinstance(shown, bool):
        return "true" if shown else "false"
    if isinstance(shown, list | dict):
        return json.dumps(shown)
    return str(shown)


class Result:
    """The rows of one computed metric and how they were produced.

    Every result has the columns that identify its rows (``title``, ``season``, and where
    relevant ``market``, ``episode``, ``week``, ``day``), then ``value`` and the metric's
    supporting columns.

    Args:
        metric: The metric's name.
        params: Every parameter, resolved (defaults included), JSON-ready.
        engine: The engine that computed it (``duckdb``, ``spark`` or a URL).
        inputs: What the caller computed from, e.g. paths and row counts.
        table: The rows.
    """

    def __init__(
        self,
        metric: str,
        params: Mapping[str, object],
        engine: str,
        inputs: list[dict[str, object]],
        table: pa.Table,
    ) -> None:
        self.metric = metric
        self.params = dict(params)
        self.engine = engine
        self.inputs = list(inputs)
        self.table = table

    def __repr__(self) -> str:
        return (
            f"Result(metric={self.metric!r}, engine={self.engine!r}, "
            f"rows={self.table.num_rows}, columns={self.columns})"
        )

    def __len__(self) -> int:
        return int(self.table.num_rows)

    @property
    def columns(self) -> list[str]:
        """The column names, identifying columns first."""
        return list(self.table.column_names)

    def to_arrow(self) -> pa.Table:
        """The rows as an Arrow table (instants are UTC timestamps)."""
        return self.table

    def to_pandas(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame."""
        frame: pd.DataFrame = self.table.to_pandas()
        return frame

    def rows(self) -> list[dict[str, object]]:
        """The rows as JSON-ready dicts, in order."""
        return [
            {name: json_value(value) for name, value in row.items()}
            for row in self.table.to_pylist()
        ]

    def to_dict(self) -> dict[str, object]:
        """The JSON contract: ``metric``, ``params``, ``engine``, ``inputs``, ``rows``."""
        return {
            "metric": self.metric,
            "params": json_value(self.params),
            "engine": self.engine,
            "inputs": json_value(self.inputs),
            "rows": self.rows(),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON contract as text (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)

    def to_csv(self) -> str:
        """The rows as CSV with a header line; empty fields are nulls."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.table.to_pylist():
            writer.writerow([csv_field(value) for value in row.values()])
        return out.getvalue()
