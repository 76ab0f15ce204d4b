"""Display tables: the rows behind each chart and card, shown in HTML and downloadable as CSV.

A :class:`DisplayTable` holds exact values (the CSV keeps them as the results gave them) and
says how each column is written in the page. A chart is drawn from the same rows, so what a
reader downloads is exactly what they see.
"""

from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from showmeter.launch import formats
from showmeter.results import csv_field, json_value

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from showmeter.launch.records import Records
    from showmeter.launch.scope import Scope
    from showmeter.results import Result
    from showmeter.schema import SeasonKey

__all__ = [
    "OPEN_ROWS",
    "Column",
    "Context",
    "DisplayTable",
    "csv_data_uri",
    "first_row",
    "keep",
    "season_rows",
    "table_html",
    "title_rows",
]

OPEN_ROWS = 12
"""Tables of at most this many rows are shown open; longer ones behind "Data"."""


@dataclass(frozen=True)
class Column:
    """A column of a display table.

    Attributes:
        key: The key of the value in each row (and the CSV header).
        heading: The heading shown in the page.
        show: Writes a value for the page.
        numeric: Right-aligned, in tabular figures.
    """

    key: str
    heading: str
    show: Callable[[object], str] = formats.cell
    numeric: bool = True


@dataclass
class DisplayTable:
    """Rows to show and to download.

    Attributes:
        name: The file name of the CSV download, without ``.csv``.
        columns: The columns shown, in order (the CSV has these and nothing else).
        rows: The rows; a row whose ``highlight`` key is true is the reported season's.
        note: A line under the table.
    """

    name: str
    columns: list[Column]
    rows: list[dict[str, object]]
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    def to_csv(self) -> str:
        """The rows as CSV, with exact values (instants in UTC with ``Z``, nulls empty)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([column.key for column in self.columns])
        for row in self.rows:
            writer.writerow([csv_field(row.get(column.key)) for column in self.columns])
        return out.getvalue()

    def records(self) -> list[dict[str, object]]:
        """The rows as JSON-ready dicts (for ``report.json`` and the charts' data)."""
        return [{k: json_value(v) for k, v in row.items()} for row in self.rows]


def _escape(value: object) -> str:
    return escape(str(value), quote=True)


def table_html(table: DisplayTable) -> str:
    """A display table as an HTML table (the reported season's rows highlighted)."""
    head = "".join(
        f'<th class="{"num" if c.numeric else ""}">{_escape(c.heading)}</th>' for c in table.columns
    )
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="{"num" if c.numeric else ""}">{_escape(c.show(row.get(c.key)))}</td>'
            for c in table.columns
        )
        body.append(f'<tr class="{"highlight" if row.get("highlight") else ""}">{cells}</tr>')
    html = (
        f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
    )
    if len(table.rows) > OPEN_ROWS:
        html = f'<div class="scroll">{html}</div>'
    note = f'<p class="table-note">{_escape(table.note)}</p>' if table.note else ""
    return html + note


def csv_data_uri(text: str) -> str:
    """A ``data:`` URI holding CSV text, for a download link that needs no server."""
    encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"data:text/csv;charset=utf-8;base64,{encoded}"


def season_rows(result: Result, key: SeasonKey) -> list[dict[str, object]]:
    """The rows of a result that belong to one season."""
    return [
        row
        for row in result.rows
        if row.get("title") == key.title and row.get("season") == key.season
    ]


def first_row(result: Result, key: SeasonKey, **where: object) -> dict[str, object] | None:
    """The first row of a season's rows whose columns have the given values."""
    for row in season_rows(result, key):
        if all(row.get(name) == value for name, value in where.items()):
            return row
    return None


def title_rows(result: Result, title: str, market: str) -> list[dict[str, object]]:
    """The rows of a per-title result (demand) for one title and market."""
    return [r for r in result.rows if r.get("title") == title and r.get("market") == market]


def keep(
    rows: Iterable[dict[str, object]], limit: int, wanted: Callable[[dict[str, object]], bool]
) -> list[dict[str, object]]:
    """The first ``limit`` rows, plus every later row that is ``wanted``."""
    found = []
    for index, row in enumerate(rows):
        if index < limit or wanted(row):
            found.append(row)
    return found


OTHERS = "other compared seasons"
"""The legend entry of every season but the reported one and its reference."""


@dataclass(frozen=True)
class Context:
    """What the views need to name and colour each season.

    Attributes:
        scope: The report's scope.
        records: The store's records.
    """

    scope: Scope
    records: Records

    def name(self, key: SeasonKey) -> str:
        """The short name of a season (``Daredevil S2``), or ``title:season`` if unknown."""
        facts = self.records.seasons.get(key)
        return facts.short if facts else str(key)

    def role(self, key: SeasonKey) -> str:
        """``season`` for the reported season, ``reference`` for its reference, else ``peer``."""
        if key == self.scope.season:
            return "season"
        return "reference" if key == self.scope.reference else "peer"

    def key_of(self, row: dict[str, object]) -> SeasonKey:
        """The season of a result row."""
        from showmeter.schema import SeasonKey

        return SeasonKey(str(row["title"]), int(str(row["season"])))

    def label(self, row: dict[str, object]) -> dict[str, object]:
        """The row with the season's name, role and legend entry added."""
        key = self.key_of(row)
        role = self.role(key)
        name = self.name(key)
        legend = OTHERS if role == "peer" else name
        return {
            **row,
            "season_name": name,
            "role": role,
            "legend": legend,
            "highlight": role == "season",
        }
