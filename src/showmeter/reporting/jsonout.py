"""The launch report as JSON: every figure's results, tables, cards and definitions.

``report.json`` holds what the HTML shows, with exact values::

    {
      "showmeter": "0.1.0",
      "report": {"season", "name", "reference", "peers", "basis", "demand_market",
                 "engine", "generated_at", "seconds"},
      "simulated": true,
      "store": {"store", "tables", ..., "runtime_estimates" (seasons with estimated runtimes)},
      "sections": [{"key", "heading", "lede",
                    "figures": [{"key", "heading", "caption", "cards", "tables",
                                 "definitions", "results"}]}],
      "quality": {"reconciles", "loads", "quarantine"},
      "published": [{"figure", "published", "computed", "metric", "params", "reproduced", ...}]
    }

Each entry of ``results`` follows the JSON contract of ``showmeter compute`` (``metric``,
``params``, ``engine``, ``rows``) without ``inputs``, which the report gives once as ``store``.
``published`` is empty unless the report is the demo's.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING

from showmeter._version import __version__
from showmeter.launch.explanations import definitions
from showmeter.launch.quality import load_table, quarantine_table
from showmeter.launch.scope import SECTIONS
from showmeter.results import json_value

if TYPE_CHECKING:
    from showmeter.launch.display import DisplayTable
    from showmeter.launch.views import FigureView
    from showmeter.reporting.build import Report

__all__ = ["report_json"]


def _table(table: DisplayTable) -> dict[str, object]:
    keys = [column.key for column in table.columns]
    return {
        "name": table.name,
        "columns": keys,
        "rows": [{key: row.get(key) for key in keys} for row in table.records()],
    }


def _figure(view: FigureView) -> dict[str, object]:
    figure = view.figure
    results = {}
    for name, result in figure.results.items():
        contract = result.to_dict()
        contract.pop("inputs", None)
        results[name] = contract
    return {
        "key": figure.key,
        "heading": figure.heading,
        "caption": figure.caption,
        "cards": [json_value(asdict(card)) for card in view.cards],
        "tables": [_table(panel.table) for panel in view.panels],
        "definitions": [d.to_dict() for d in definitions(figure)],
        "results": results,
    }


def _store(report: Report) -> dict[str, object]:
    """The store as described, with its seasons of estimated runtimes when there are any."""
    if not report.runtime_estimates:
        return report.described
    return {**report.described, "runtime_estimates": report.runtime_estimates}


def report_json(report: Report) -> dict[str, object]:
    """The report as a JSON-ready dict (see the module's docstring for its shape).

    Args:
        report: The computed report.

    Returns:
        The document.
    """
    scope, records = report.scope, report.records
    sections = []
    for section in SECTIONS:
        views = [v for v in report.views if v.figure.section == section.key]
        if views:
            sections.append(
                {
                    "key": section.key,
                    "heading": section.heading,
                    "lede": section.lede,
                    "figures": [_figure(v) for v in views],
                }
            )
    return {
        "showmeter": __version__,
        "report": {
            "season": str(scope.season),
            "name": records.season(scope.season).display,
            "reference": str(scope.reference) if scope.reference else None,
            "peers": [str(key) for key in scope.peers],
            "basis": json_value(dict(scope.basis)),
            "demand_market": scope.demand_market,
            "engine": report.engine,
            "generated_at": json_value(report.generated_at),
            "seconds": round(report.seconds, 3),
        },
        "simulated": records.simulated,
        "store": json_value(_store(report)),
        "sections": sections,
        "quality": {
            "reconciles": all(load.reconciles for load in records.loads),
            "loads": _table(load_table(records))["rows"],
            "quarantine": _table(quarantine_table(records))["rows"],
        },
        "published": report.published.entries if report.published is not None else [],
    }
