"""report.html: one offline file, a chart per figure, definitions and CSV downloads."""

from __future__ import annotations

import base64
import csv
import io
import re

from report_support import Demo

CHARTS = {
    "daily_reach", "weekly_reach", "reach_index", "episode_funnel", "binge_race",
    "time_to_complete", "average_minute_audience", "reviews", "demand_trend",
    "binge_racers_top", "binge_rank_by_market",
}  # fmt: skip


def test_the_page_loads_nothing_from_anywhere(demo: Demo) -> None:
    html = demo.html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<script" not in html and "<link" not in html and "<iframe" not in html
    assert "@import" not in html and "url(http" not in html
    for attribute in re.findall(r'\b(?:src|href)="([^"]*)"', html):
        assert attribute.startswith(("#", "data:")), attribute


def test_every_chart_is_an_inline_svg(demo: Demo) -> None:
    charts = re.findall(r'<figure class="chart" data-chart="([^"]+)"><svg', demo.html)
    assert set(charts) == CHARTS
    assert demo.html.count("<svg") == len(charts)


def test_every_table_downloads_as_csv(demo: Demo) -> None:
    links = re.findall(r'<a class="download" download="([^"]+)" href="([^"]+)"', demo.html)
    assert len(links) >= 15
    for name, href in links:
        assert name.endswith(".csv")
        prefix = "data:text/csv;charset=utf-8;base64,"
        assert href.startswith(prefix)
        rows = list(csv.reader(io.StringIO(base64.b64decode(href[len(prefix) :]).decode())))
        assert rows and all(len(row) == len(rows[0]) for row in rows), name
    names = {name for name, _ in links}
    assert "the-defenders-s1-episode_funnel.csv" in names
    assert "demo-published.csv" in names


def test_the_page_says_the_data_are_simulated(demo: Demo) -> None:
    assert "The data are simulated." in demo.html


def test_every_figure_states_its_definition_and_parameters(demo: Demo) -> None:
    figures = re.findall(
        r'<article class="figure" id="figure-([^"]+)">(.*?)</article>', demo.html, re.S
    )
    assert len(figures) == 14
    for key, body in figures:
        if key == "reviews":  # the reviews as written: no metric
            continue
        assert 'class="definition"' in body, key
        assert re.search(r'<div class="params"><code[^>]*>\w+=', body), key
    assert "window_hours=6, 12, 18, 24, 30, 36, 48, 72, 96, 120, 144, 168" in demo.html


def test_the_published_table_is_beside_the_headline(demo: Demo) -> None:
    headline = demo.html.index('id="headline"')
    published = demo.html.index('id="published"')
    audience = demo.html.index('id="audience"')
    assert headline < published < audience
    reproduced = sum(1 for row in demo.document["published"] if row["reproduced"])
    assert f"<b>{reproduced} of 24</b> published figures reproduced" in demo.html
