"""The published figures beside the computed ones: in the report, printed, downloaded.

:class:`PressFigures` has the demo's report compute the published figures with its own
figures (:class:`showmeter.reporting.build.Addendum`) and show them after the headline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

from showmeter.demo.published import PUBLISHED, Comparison, PublishedFigure, compared
from showmeter.launch.display import Column, DisplayTable
from showmeter.reporting.build import Published
from showmeter.reporting.html import chips, download_link
from showmeter.results import json_value

if TYPE_CHECKING:
    from rich.console import Console

    from showmeter.launch.query import Query
    from showmeter.results import Result

__all__ = ["PressFigures", "comparisons_table", "print_comparisons", "published_html"]


@dataclass
class PressFigures:
    """The published figures, for the report to compute and show (a report's ``addendum``).

    Attributes:
        figures: The published figures.
        comparisons: Each beside the figure computed (filled when the report is built).
    """

    figures: tuple[PublishedFigure, ...] = PUBLISHED
    comparisons: list[Comparison] = field(default_factory=list)

    def queries(self) -> list[Query]:
        """The computation of each figure, in order."""
        return [figure.query for figure in self.figures]

    def published(self, results: list[Result]) -> Published:
        """The report's section of the figures, from the results of :meth:`queries`."""
        self.comparisons = compared(results, self.figures)
        return Published(
            published_html(self.comparisons),
            [json_value(c.to_dict()) for c in self.comparisons],
        )


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def comparisons_table(comparisons: list[Comparison]) -> DisplayTable:
    """The comparisons as a downloadable table (exact computed values)."""
    rows: list[dict[str, object]] = []
    for c in comparisons:
        entry = c.to_dict()
        entry["params"] = json.dumps(entry["params"], ensure_ascii=False)
        entry["row"] = json.dumps(entry["row"])
        rows.append(entry)
    names = (
        "figure",
        "publisher",
        "published",
        "computed",
        "metric",
        "title",
        "season",
        "row",
        "column",
        "params",
        "reproduced",
    )
    return DisplayTable("published", [Column(name, name) for name in names], rows)


def print_comparisons(comparisons: list[Comparison], console: Console) -> None:
    """Print the comparisons: each published figure, the figure computed, and how.

    Args:
        comparisons: The comparisons.
        console: The Rich console to print on.
    """
    from rich.markup import escape
    from rich.table import Table

    from showmeter.results import params_text

    done = sum(1 for c in comparisons if c.reproduced)
    table = Table(
        title=f"Published figures: {done} of {len(comparisons)} reproduced "
        "(✓ equal after the press's rounding)",
        title_justify="left",
        expand=True,
    )
    table.add_column("published figure · [dim]metric, row and parameters[/]", ratio=1)
    table.add_column("published", justify="right", max_width=11)
    table.add_column("computed", justify="right", max_width=11)
    table.add_column("", no_wrap=True)
    for c in comparisons:
        f = c.published_figure
        target = f"{f.query.title}:{f.query.season}" if f.query.season else f.query.title
        pick = "".join(f" {k}={v}" for k, v in f.row.items())
        column = f" [{f.column}]" if f.column != "value" else ""
        given = params_text(f.query.params)
        how = escape(f"{f.query.metric}{column} {target}{pick} {given}".rstrip())
        table.add_row(
            f"{escape(f.figure)} [dim]({escape(f.publisher)})[/]\n[cyan]{how}[/]",
            f.shown(f.published, claim=True),
            f.shown(c.computed),
            "[green]✓[/]" if c.reproduced else "[red]✗[/]",
        )
    console.print(table)


def published_html(comparisons: list[Comparison]) -> str:
    """The report's section of the published figures beside the computed ones."""
    done = sum(1 for c in comparisons if c.reproduced)
    rows = []
    for c in comparisons:
        f = c.published_figure
        where = ", ".join(f"{k}={v}" for k, v in f.row.items())
        target = f"{f.query.title}:{f.query.season}" if f.query.season else f.query.title
        mark = (
            '<span class="verdict yes" title="reproduced">✓</span>'
            if c.reproduced
            else '<span class="verdict no" title="not reproduced">✗</span>'
        )
        note = f'<br><span class="table-note">{_e(f.note)}</span>' if f.note else ""
        column = f" · {_e(f.column)}" if f.column != "value" else ""
        rows.append(
            f"<tr><td>“{_e(f.figure)}”{note}</td><td>{_e(f.publisher)}</td>"
            f'<td class="num">{_e(f.shown(f.published, claim=True))}</td>'
            f'<td class="num">{_e(f.shown(c.computed))}</td>'
            f"<td><code>{_e(f.query.metric)}</code> {_e(target)}"
            f"{' · ' + _e(where) if where else ''}{column}"
            f"{chips(dict(f.query.params)) if f.query.params else ''}</td>"
            f"<td>{mark}</td></tr>"
        )
    return (
        f'<section class="part" id="published"><h2>Published figures, recomputed</h2>'
        f'<p class="lede">Every figure of the Reception section of the article about the series, '
        f"computed from the simulated rows by the metric named beside it; reproduced means equal "
        f"after the rounding the press used. Each is computed with its publisher's own panel, "
        f"devices, markets and dates, shown under it (Jumpshot's US desktop panel, Nielsen's US "
        f"TV people meter); the key-figure cards above count every account, device and market "
        f"(the basis each card states), so their reach index, weekly drops and demand change "
        f"differ from the press's.</p>"
        f'<article class="figure"><p class="score"><b>{done} of {len(comparisons)}</b> published '
        f"figures reproduced.</p>"
        f'<table class="data published"><thead><tr><th>Published figure</th><th>Publisher</th>'
        f'<th class="num">Published</th><th class="num">Computed</th><th>Metric, parameters</th>'
        f"<th>Reproduced</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f'<div class="tools">{download_link(comparisons_table(comparisons), "demo")}</div>'
        f"</article></section>"
    )
