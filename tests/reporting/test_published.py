"""The demo's published figures beside the computed ones, each recomputed here."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from report_support import Demo

from showmeter.demo.published import PUBLISHED, PublishedFigure
from showmeter.engines import compute


def _recompute(demo: Demo, figure: PublishedFigure) -> Any:
    """The figure computed through the registry, straight from the demo's store."""
    query = figure.query
    result = compute(
        query.metric,
        query.params,
        source=demo.store,
        title=query.title,
        season=query.season,
    )
    rows = [r for r in result.rows if all(r[k] == v for k, v in figure.row.items())]
    assert len(rows) <= 1, rows
    if not rows or rows[0][figure.column] is None:
        return None
    value = rows[0][figure.column]
    return value * figure.scale if isinstance(value, int | float) else value


def _rounds_to(value: float, target: float, decimals: int) -> bool:
    step = Decimal(1).scaleb(-decimals)

    def rounded(x: float) -> Decimal:
        return Decimal(repr(x)).quantize(step, rounding=ROUND_HALF_UP)

    return rounded(value) == rounded(target)


def test_every_published_figure_of_the_reception_section_is_listed(demo: Demo) -> None:
    published = demo.document["published"]
    assert len(published) == len(PUBLISHED) == 24
    metrics = {row["metric"] for row in published}
    assert metrics == {
        "reach_index", "weekly_reach", "rank", "daily_reach", "average_minute_audience",
        "tomatometer", "average_rating", "metascore", "demand_rank", "demand_wow",
        "demand_percentile", "demand_multiple",
    }  # fmt: skip
    targets = [row["published"] for row in published]
    assert targets[:7] == [17, 28, 27, 26, -67, -48, -41]
    assert "generally favorable" in targets and 6.6 in targets and 99.9 in targets


@pytest.mark.parametrize("index", range(len(PUBLISHED)), ids=[f.figure[:40] for f in PUBLISHED])
def test_each_computed_figure_is_what_compute_gives_on_the_demo_store(
    demo: Demo, index: int
) -> None:
    figure = PUBLISHED[index]
    row = demo.document["published"][index]
    assert row["figure"] == figure.figure
    assert row["metric"] == figure.query.metric
    expected = _recompute(demo, figure)
    if isinstance(expected, float):
        assert row["computed"] == pytest.approx(expected, rel=1e-12)
    else:
        assert row["computed"] == expected
    assert set(figure.query.params) <= set(row["params"])
    assert set(row) >= {"figure", "published", "computed", "metric", "params", "reproduced"}


@pytest.mark.parametrize("index", range(len(PUBLISHED)), ids=[f.figure[:40] for f in PUBLISHED])
def test_reproduced_means_equal_after_the_press_rounding(demo: Demo, index: int) -> None:
    figure = PUBLISHED[index]
    row = demo.document["published"][index]
    computed, target = row["computed"], figure.published
    if computed is None:
        expected = False
    elif isinstance(target, str) or isinstance(computed, str):
        expected = computed == target
    elif figure.at_least:
        expected = computed >= target
    else:
        expected = _rounds_to(computed, target, figure.decimals)
    assert row["reproduced"] is expected


def test_the_demo_prints_every_published_figure_with_its_verdict(demo: Demo) -> None:
    reproduced = sum(1 for row in demo.document["published"] if row["reproduced"])
    assert f"Published figures: {reproduced} of 24 reproduced" in demo.stdout
    for figure in PUBLISHED:
        assert figure.query.metric in demo.stdout
    assert demo.stdout.count("✓") + demo.stdout.count("✗") >= 24
    assert "The data are simulated." in demo.stderr
