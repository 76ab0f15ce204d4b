"""The launch report: every figure of a season's launch, computed through the registry.

``showmeter report TITLE:SEASON`` and ``showmeter demo`` write ``report.html`` (one
self-contained file: inline SVG charts, CSV downloads as ``data:`` URIs, no script, no
request) and ``report.json``. One job per module:

- :mod:`~showmeter.report.figures` — the sections and figures, and what each one computes;
  :mod:`~showmeter.report.queries` runs those computations through the registry
- :mod:`~showmeter.report.records` — what the store records beside the metrics (catalog,
  loads, quarantine, reviews as written); :mod:`~showmeter.report.quality` shows the first two
- :mod:`~showmeter.report.views` (with :mod:`~showmeter.report.views_viewing` and
  :mod:`~showmeter.report.views_reception`), :mod:`~showmeter.report.cards`,
  :mod:`~showmeter.report.panels`, :mod:`~showmeter.report.tables` — cards, tables and chart
  data from the results; :mod:`~showmeter.report.formats` writes their numbers
- :mod:`~showmeter.report.charts` — Altair specifications rendered offline to SVG
- :mod:`~showmeter.report.definitions` — each figure's definitions and parameters
- :mod:`~showmeter.report.html`, :mod:`~showmeter.report.jsonout` — the two outputs
- :mod:`~showmeter.report.published` — the demo's published figures, recomputed;
  :mod:`~showmeter.report.published_output` prints and tabulates them
- :mod:`~showmeter.report.build` — computing a report and writing its files;
  :mod:`~showmeter.report.demo` — the demo, from simulation to report

The report computes nothing itself: every figure is a result of
:func:`showmeter.engines.compute`.
"""

from __future__ import annotations

from showmeter.report.build import Report, build_report, write_report
from showmeter.report.figures import Scope
from showmeter.report.published import PUBLISHED, Comparison, compare

__all__ = ["PUBLISHED", "Comparison", "Report", "Scope", "build_report", "compare", "write_report"]
