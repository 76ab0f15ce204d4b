"""The launch report's outputs: ``report.html`` and ``report.json`` of a season's page.

``showmeter report TITLE:SEASON`` and ``showmeter demo`` write ``report.html`` (one
self-contained file: inline SVG charts, CSV downloads as ``data:`` URIs, no script, no
request) and ``report.json``. The page itself — its plan, its computations, its cards, tables
and charts — is the launch model's (:mod:`showmeter.launch`), which the dashboard shows too.

- :mod:`~showmeter.reporting.build` — computing a report and writing its files
- :mod:`~showmeter.reporting.html`, :mod:`~showmeter.reporting.jsonout` — the two outputs

The report computes nothing itself: every figure is a result of
:func:`showmeter.engines.compute`, run by :class:`showmeter.launch.runner.Runner`.
"""

from __future__ import annotations

from showmeter.launch.scope import Scope
from showmeter.reporting.build import Addendum, Published, Report, build_report, write_report

__all__ = ["Addendum", "Published", "Report", "Scope", "build_report", "write_report"]
