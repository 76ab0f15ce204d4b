"""The charts name their grey lines, and the demand trend shows a small benchmark."""

from __future__ import annotations

import json

from showmeter.launch import charts
from showmeter.launch.chart_style import render_svg
from showmeter.launch.display import Column, DisplayTable


def _race_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    seasons = (
        ("The Defenders S1", "season", "The Defenders S1", (0, 500, 900)),
        ("Daredevil S2", "reference", "Daredevil S2", (0, 300, 600)),
        ("Iron Fist S1", "peer", "other compared seasons", (0, 200, 410)),
        ("Luke Cage S1", "peer", "other compared seasons", (0, 150, 250)),
    )
    for name, role, legend, values in seasons:
        for hours, value in zip((0, 24, 168), values, strict=True):
            rows.append(
                {
                    "season_name": name,
                    "role": role,
                    "legend": legend,
                    "hours": hours,
                    "value": value,
                }
            )
    return rows


def test_the_binge_race_names_each_peer_line_at_its_last_point() -> None:
    table = DisplayTable("binge_race", [Column("hours", "Hours")], _race_rows())
    spec = charts.binge_race(table)
    svg = render_svg(spec)
    # the legend lumps the peers together as "other compared seasons"; the labels name them
    assert "other compared seasons" in svg
    assert svg.count(">Iron Fist S1<") == 1 and svg.count(">Luke Cage S1<") == 1
    assert ">The Defenders S1<" in svg  # the legend's own entry, not a second label
    # only the last point is labelled: one label per peer, not one per point


def test_the_demand_trend_uses_a_log_axis_when_every_value_is_positive() -> None:
    rows = [
        {"week": week, "demand": demand, "benchmark": 0.004}
        for week, demand in ((-1, 0.14), (0, 0.55), (1, 0.37))
    ]
    table = DisplayTable("demand_trend", [Column("week", "Week")], rows)
    log = json.dumps(charts.demand_trend(table))
    assert '"type": "log"' in log and "(log scale)" in log
    rows[0]["demand"] = 0.0  # a week without signals: a log axis cannot show it
    linear = json.dumps(charts.demand_trend(DisplayTable("d", [Column("week", "W")], rows)))
    assert '"type": "log"' not in linear
