"""Metrics: every figure of docs/contracts.md as a registered, documented Ibis expression.

Each family is one module that registers its metrics with
:func:`showmeter.definitions.registry.metric` when imported; importing this package imports
none of them: :func:`get` loads the module of the metric asked for, :func:`all_metrics` and
:func:`names` every module (see :mod:`~showmeter.definitions.registry`):

- :mod:`~showmeter.definitions.audience` — reach, daily_reach, weekly_reach, reach_index
- :mod:`~showmeter.definitions.attention` — hours_viewed, views, average_minute_audience
- :mod:`~showmeter.definitions.completion` — episode_funnel, completers, binge_racers,
  time_to_complete
- :mod:`~showmeter.definitions.progress` — episode_progress (per unit and episode)
- :mod:`~showmeter.definitions.critics` and :mod:`~showmeter.definitions.demand`
- :mod:`~showmeter.definitions.charts` — Netflix's published figures: chart_weeks,
  chart_hours, chart_views, chart_rank, chart_wow, chart_markets, engagement_hours,
  engagement_views
- :mod:`~showmeter.definitions.ranking` — rank, over any metric with one value per season

Metrics build expressions and never run them: :mod:`showmeter.engines` compiles and executes
them. Shared pieces: :mod:`~showmeter.definitions.params` (typed parameters),
:mod:`~showmeter.definitions.windows` (launch-relative sessions),
:mod:`~showmeter.definitions.tables` (the canonical tables as Ibis tables).
"""

from __future__ import annotations

# A new family's module is added to registry.MODULES (before ranking) and its metrics to
# registry.INDEX.
from showmeter.definitions.params import Params
from showmeter.definitions.registry import Metric, all_metrics, get, names

__all__ = ["Metric", "Params", "all_metrics", "get", "names"]
