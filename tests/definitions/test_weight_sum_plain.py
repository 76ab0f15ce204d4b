"""Without a panel every unit weighs 1.0, so counts are summed plainly; with one, exactly.

A plain ``SUM`` of 1.0s is exact in any order and cheaper than
:func:`showmeter.definitions.exact_sums.exact_sum` (whose SQL multiplies by 2³⁰,
1073741824). A panel's fractional weights still go through ``exact_sum``, and hours_viewed's
Σ weight × seconds always does (seconds are fractional).
"""

from __future__ import annotations

import pytest

from showmeter.definitions.exact_sums import LIMB
from showmeter.engines import compile_sql

COUNTS: dict[str, dict[str, object]] = {
    "reach": {},
    "daily_reach": {},
    "weekly_reach": {},
    "episode_funnel": {},
    "completers": {},
    "binge_racers": {},
    "binge_race": {},
    "time_to_complete": {},
    "reach_index": {"reference": "daredevil:2", "normalization": "share_of_active"},
}


@pytest.mark.parametrize("metric", sorted(COUNTS))
def test_counts_without_a_panel_have_no_exact_sum(metric: str) -> None:
    params = COUNTS[metric]
    assert str(LIMB) not in compile_sql(metric, params, engine="duckdb")
    assert str(LIMB) in compile_sql(metric, {**params, "panel": "tv"}, engine="duckdb")


def test_hours_viewed_is_exact_without_a_panel() -> None:
    assert str(LIMB) in compile_sql("hours_viewed", {}, engine="duckdb")
