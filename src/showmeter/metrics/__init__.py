"""Metrics: every figure of METRICS.md as a registered, documented Ibis expression.

Importing this package registers every family. Each family is one module that registers its
metrics with :func:`showmeter.metrics.registry.metric`:

- :mod:`~showmeter.metrics.audience` — reach, daily_reach, weekly_reach, reach_index
- :mod:`~showmeter.metrics.attention` — hours_viewed, views, average_minute_audience
- :mod:`~showmeter.metrics.completion` — episode_funnel, completers, binge_racers,
  time_to_complete
- :mod:`~showmeter.metrics.progress` — episode_progress (per unit and episode)
- :mod:`~showmeter.metrics.critics` and :mod:`~showmeter.metrics.demand`
- :mod:`~showmeter.metrics.ranking` — rank, over any metric with one value per season

Metrics build expressions and never run them: :mod:`showmeter.engines` compiles and executes
them. Shared pieces: :mod:`~showmeter.metrics.params` (typed parameters),
:mod:`~showmeter.metrics.windows` (launch-relative sessions),
:mod:`~showmeter.metrics.tables` (the canonical tables as Ibis tables).
"""

from __future__ import annotations

# New families register here, before ranking.
from showmeter.metrics import (  # noqa: F401  (registration)
    attention,
    audience,
    completion,
    critics,
    demand,
    progress,
    ranking,
)
from showmeter.metrics.params import Params
from showmeter.metrics.registry import Metric, all_metrics, get, names

__all__ = ["Metric", "Params", "all_metrics", "get", "names"]
