"""The published figures beside the computed ones, as a table to print or to download."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from showmeter.report.tables import Column, DisplayTable

if TYPE_CHECKING:
    from rich.console import Console

    from showmeter.report.published import Comparison

__all__ = ["comparisons_table", "print_comparisons"]


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

    from showmeter.report.definitions import param_text

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
        given = " ".join(f"{k}={param_text(v, k)}" for k, v in f.query.params.items())
        how = escape(f"{f.query.metric}{column} {target}{pick} {given}".rstrip())
        table.add_row(
            f"{escape(f.figure)} [dim]({escape(f.publisher)})[/]\n[cyan]{how}[/]",
            f.shown(f.published, claim=True),
            f.shown(c.computed),
            "[green]✓[/]" if c.reproduced else "[red]✗[/]",
        )
    console.print(table)
