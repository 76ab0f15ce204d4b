"""The launch model: a season's page, planned, computed and shown, for the report and the web.

Both outputs draw from it — ``showmeter report`` (:mod:`showmeter.reporting`) writes a season's
page to HTML and JSON; the dashboard (:mod:`showmeter.web`) shows it live under its controls.

- :mod:`~showmeter.launch.scope` — what a page is about (:class:`~.scope.Scope`), its
  sections and the shape of a figure; :mod:`~showmeter.launch.plan` — the figures of a
  season's page, each naming the computations it needs
- :mod:`~showmeter.launch.query` — one computation, its parameters resolved once;
  :mod:`~showmeter.launch.runner` — the one runner (time limit, one cache keyed by resolved
  parameters), over :mod:`showmeter.engines`; :mod:`~showmeter.launch.cache` — its LRU cache
- :mod:`~showmeter.launch.records` — the store's records a page shows beside its figures
- :mod:`~showmeter.launch.views` (with :mod:`~.views_viewing` and :mod:`~.views_reception`),
  :mod:`~showmeter.launch.cards`, :mod:`~showmeter.launch.panels`,
  :mod:`~showmeter.launch.display` — cards, display tables and chart data from the results;
  :mod:`~showmeter.launch.formats` writes their numbers
- :mod:`~showmeter.launch.charts` — Altair specifications, in the style of
  :mod:`~showmeter.launch.chart_style`, rendered offline to SVG
- :mod:`~showmeter.launch.explanations` — each figure's definitions and parameters;
  :mod:`~showmeter.launch.quality` — the loads and the quarantine as tables

Nothing here computes a figure itself: every number is a result of the metric registry, run
by :mod:`showmeter.engines`; nothing here reads the store but through its lookups
(:class:`showmeter.store.Store`).
"""

from __future__ import annotations
