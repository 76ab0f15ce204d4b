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
import io
import json
from typing import TYPE_CHECKING

from showmeter.errors import InputError
from showmeter.quoting import FORMULA_LEADS, csv_field, formula_safe, json_value

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from showmeter.intake.summary import FileSummary

__all__ = [
    "FORMULA_LEADS",
    "KEPT_ROWS",
    "NONE_MEANS_NONE",
    "LoadRefusedError",
    "LoadSummary",
    "Result",
    "csv_field",
    "formula_safe",
    "json_value",
    "param_text",
    "params_text",
]


NONE_MEANS_NONE = ("panel", "ages")
"""Parameters whose null means "none"; for every other parameter null means "all"."""


def param_text(value: object, name: str = "") -> str:
    """A parameter's value as the command line writes it (``--set NAME=VALUE``).

    The one formatter of parameter echoes in text: the CLI's table header, the report and the
    dashboard all show parameters through it, so they agree with JSON and the docs.

    Args:
        value: The value as a result echoes it (``null`` means all, or none for a panel).
        name: The parameter's name, which says what ``null`` means.

    Returns:
        The text: ``all``, ``none``, ``true``, ``30``, ``0.9``, ``US, GB``, ``2017-08-18``...
        (a list as ``--set markets="US, GB"`` accepts it, as the report has always shown it).
    """
    if value is None:
        return "none" if name in NONE_MEANS_NONE else "all"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(param_text(item, name) for item in value)
    shown = json_value(value)
    return str(shown) if not isinstance(shown, list | dict) else json.dumps(shown)


def params_text(params: Mapping[str, object], *, separator: str = " ") -> str:
    """Every parameter as ``name=value``, in order (see :func:`param_text`).

    Args:
        params: The resolved parameters, as :attr:`Result.params` holds them.
        separator: What goes between two parameters.

    Returns:
        For example ``window_days=30 unit=account panel=none devices=desktop``.
    """
    return separator.join(f"{name}={param_text(value, name)}" for name, value in params.items())


KEPT_ROWS = 10_000
"""The most rows a result keeps converted (:attr:`Result.rows`)."""


def _fresh(value: object) -> object:
    """A copy of a JSON-ready value's lists and dicts (its scalars are immutable)."""
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    return value


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
        self.computed_from: str | None = None
        """What the engine read: the store's pre-aggregations, or why not (see
        :mod:`showmeter.engines.preaggregated`); None when not said."""

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

    def to_polars(self) -> pl.DataFrame:
        """The rows as a Polars DataFrame.

        Raises:
            UsageError: Polars is not installed (``pip install polars``).
        """
        try:
            import polars as pl
        except ImportError:
            from showmeter.errors import UsageError

            raise UsageError(
                "Polars is not installed", remedy="Install it with `pip install polars`."
            ) from None
        frame = pl.from_arrow(self.table)
        assert isinstance(frame, pl.DataFrame)  # a table gives a frame, never a series
        return frame

    @property
    def rows(self) -> list[dict[str, object]]:
        """The rows as JSON-ready dicts, in order (instants as ISO 8601 text in UTC).

        Converted once per table of up to :data:`KEPT_ROWS` rows (a page's views read the
        same result many times; a larger one is converted at each call rather than held twice
        in memory); each call gives new dicts, so a caller may change them.
        """
        kept = self.__dict__.get("_rows")
        if kept is None or kept[0] is not self.table:
            converted = [
                {name: json_value(value) for name, value in row.items()}
                for row in self.table.to_pylist()
            ]
            if len(converted) > KEPT_ROWS:
                return converted
            nested = any(isinstance(v, list | dict) for row in converted for v in row.values())
            kept = (self.table, converted, nested)
            self.__dict__["_rows"] = kept
        if kept[2]:
            return [{name: _fresh(value) for name, value in row.items()} for row in kept[1]]
        return [dict(row) for row in kept[1]]

    def to_dict(self) -> dict[str, object]:
        """The JSON contract: ``metric``, ``params``, ``engine``, ``inputs``, ``rows``."""
        return {
            "metric": self.metric,
            "params": json_value(self.params),
            "engine": self.engine,
            "inputs": json_value(self.inputs),
            "rows": self.rows,
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


class LoadSummary:
    """What one load did: every input file's reconciliation, and their totals.

    For every file, and so for the whole load, read = loaded + quarantined + duplicates.

    Args:
        store: The store loaded into.
        files: One summary per input file, in the order loaded.
    """

    def __init__(self, store: str, files: list[FileSummary]) -> None:
        self.store = store
        self.files = list(files)

    def __repr__(self) -> str:
        return (
            f"LoadSummary(store={self.store!r}, files={len(self.files)}, read={self.read}, "
            f"loaded={self.loaded}, quarantined={self.quarantined}, "
            f"duplicates={self.duplicates})"
        )

    @property
    def read(self) -> int:
        """Rows read, over every file."""
        return sum(file.read for file in self.files)

    @property
    def loaded(self) -> int:
        """Rows added to the store."""
        return sum(file.loaded for file in self.files)

    @property
    def quarantined(self) -> int:
        """Rows rejected, each under one reason."""
        return sum(file.quarantined for file in self.files)

    @property
    def duplicates(self) -> int:
        """Rows already in the store, or repeated within the load."""
        return sum(file.duplicates for file in self.files)

    @property
    def reasons(self) -> dict[str, int]:
        """Reason -> quarantined rows, over every file, most frequent first."""
        counted: dict[str, int] = {}
        for file in self.files:
            for reason, count in file.reasons.items():
                counted[reason] = counted.get(reason, 0) + count
        return dict(sorted(counted.items(), key=lambda item: (-item[1], item[0])))

    def to_list(self) -> list[dict[str, object]]:
        """The per-file summaries, as ``ingest --format json`` prints them."""
        return [file.to_dict() for file in self.files]

    def to_dict(self) -> dict[str, object]:
        """The totals and the per-file summaries as one JSON-ready object."""
        return {
            "store": self.store,
            "read": self.read,
            "loaded": self.loaded,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "reasons": self.reasons,
            "files": self.to_list(),
        }

    def refusal(self, *, strict: bool = False) -> LoadRefusedError | None:
        """The error this load ends with, if any, its quarantine being recorded already.

        A load fails when it quarantined rows and put none in the store (none loaded, none
        found there already), and under ``strict`` when it quarantined any row.

        Args:
            strict: Whether any quarantined row fails the load.
        """
        if not self.quarantined or (not strict and (self.loaded or self.duplicates)):
            return None
        counts = ", ".join(f"{count:,} {reason}" for reason, count in self.reasons.items())
        if strict and (self.loaded or self.duplicates):
            cause = f"{self.quarantined:,} of {self.read:,} rows read were quarantined ({counts})"
        else:
            cause = f"no row was loaded: all {self.quarantined:,} rows quarantined ({counts})"
        return LoadRefusedError(
            self,
            cause + "; the load and its quarantine are recorded in the store",
            remedy=f"See why in the summary; list the rows with `showmeter quarantine --store "
            f"{self.store}` (or SELECT * FROM quarantine ORDER BY file, line, or ingest --rejects "
            "FILE), fix them or the catalog, and load again.",
        )


class LoadRefusedError(InputError):
    """A load that quarantined rows and loaded none (or any, when strict): exit status 1.

    The load is committed (its quarantine and its summary are in the store); the error
    carries the summary.

    Args:
        summary: The load's summary.
        cause: What went wrong.
        remedy: How to look at the rows and fix them.
    """

    def __init__(self, summary: LoadSummary, cause: str, *, remedy: str) -> None:
        self.summary = summary
        super().__init__(cause, remedy=remedy)
