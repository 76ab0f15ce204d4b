"""The dashboard's Compare page from Netflix's published figures: alone, and beside sessions.

Every expected value is worked out by hand from the fixture rows (the file and week named in
each comment); the page's tables are read through their CSV downloads.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from workbooks import FIXTURES

from showmeter import api
from showmeter.web.app import create_app

with warnings.catch_warnings():
    # Starlette asks for `httpx2`; the test client works with httpx, which the project pins.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

THREE = "season=wednesday:2&season=the-sandman:2&season=wednesday:1"
"""Wednesday S2 (global-2025.tsv), The Sandman S2 (global-2025.tsv) and Wednesday S1 (2021/2023)."""


def _client(store: Path) -> Iterator[TestClient]:
    app = create_app(str(store))
    yield TestClient(app, base_url="http://127.0.0.1", headers={"accept": "text/html"})
    app.state.runner.close()


@pytest.fixture(scope="module")
def charts_client(charts_store: Path) -> Iterator[TestClient]:
    """The dashboard over the store of published figures alone (no catalog, no session)."""
    yield from _client(charts_store)


def _table(client: TestClient, figure: str, index: int, query: str) -> list[dict[str, str]]:
    answer = client.get(f"/compare/download/{figure}/{index}/csv?{query}")
    assert answer.status_code == 200, answer.text
    return list(csv.DictReader(io.StringIO(answer.text)))


def _by_season(rows: list[dict[str, str]], column: str) -> dict[str, list[tuple[int, float]]]:
    found: dict[str, list[tuple[int, float]]] = {}
    for row in rows:
        found.setdefault(row["season_name"], []).append(
            (int(row["week_number"]), float(row[column]) if row[column] else float("nan"))
        )
    return found


def test_a_store_of_published_figures_alone_compares_them(charts_client: TestClient) -> None:
    page = charts_client.get(f"/compare?{THREE}")
    assert page.status_code == 200
    html = page.text
    # no session: a note instead of empty session charts, and the published figures' section
    assert "holds no viewing sessions" in html
    assert 'id="figure-reach_curves"' not in html and 'id="figure-binge_race"' not in html
    assert "Netflix&#39;s published figures" in html
    figures = re.findall(r'<article class="figure" id="figure-([a-z_]+)"', html)
    assert figures == ["chart_weekly", "chart_decay", "chart_list", "chart_markets", "engagement"]
    # each figure with its definition (the charts family's)
    assert "chart_hours" in html and "engagement_hours" in html


def test_weekly_hours_absolute_and_indexed_for_three_seasons(charts_client: TestClient) -> None:
    hours = _by_season(_table(charts_client, "chart_weekly", 0, THREE), "value")
    # global-2025.tsv: Wednesday S2 in the weeks ending 2025-08-10, -17, -24, -31, 09-07
    assert hours["Wednesday S2"] == [(1, 50e6), (2, 40e6), (3, 20e6), (4, 10e6), (5, 60e6)]
    # The Sandman S2 listed 2025-08-10 (8,000,000) and 08-24 (2,000,000): its third week since
    # its first listed one, the week between unlisted
    assert hours["The Sandman S2"] == [(1, 8e6), (3, 2e6)]
    # global-2021.tsv 2022-11-27 and 12-04, global-2023.tsv 2023-06-18 (29 weeks later = week 30)
    assert hours["Wednesday S1"] == [(1, 341_230_000), (2, 411_290_000), (30, 5_300_000)]
    index = _by_season(_table(charts_client, "chart_weekly", 1, THREE), "index")
    assert index["Wednesday S2"][:2] == [(1, 100), (2, 80)]  # 40 / 50 × 100
    assert index["The Sandman S2"] == [(1, 100), (3, 25)]  # 2 / 8 × 100
    assert index["Wednesday S1"][1][1] == pytest.approx(100 * 411_290_000 / 341_230_000)
    views = _by_season(_table(charts_client, "chart_weekly", 2, THREE), "value")
    assert views["Wednesday S2"][:2] == [(1, 12_400_000), (2, 9_900_000)]
    assert views["The Sandman S2"] == [(1, 1_500_000), (3, 400_000)]
    assert views["Wednesday S1"] == [(30, 700_000)]  # views are published from June 2023 only


def test_week_over_week_rank_and_weeks_in_the_list(charts_client: TestClient) -> None:
    wow = _table(charts_client, "chart_decay", 0, THREE)
    change = {(r["season_name"], r["week_number"]): r["value"] for r in wow}
    assert float(change[("Wednesday S2", "3")]) == pytest.approx(-0.5)  # 20 M on 40 M
    assert float(change[("Wednesday S2", "5")]) == pytest.approx(5.0)  # 60 M on 10 M
    assert change[("The Sandman S2", "3")] == ""  # the week before (08-17) not listed
    assert float(change[("Wednesday S1", "2")]) == pytest.approx(411.29 / 341.23 - 1)
    weeks = _table(charts_client, "chart_list", 0, THREE)
    assert [(r["season_name"], r["value"], r["best_rank"]) for r in weeks] == [
        ("Wednesday S2", "5", "1"),
        ("The Sandman S2", "2", "4"),  # ranks 4 and 9
        ("Wednesday S1", "3", "1"),  # 2022-12-04 is in two files: one week
    ]
    ranks = _by_season(_table(charts_client, "chart_list", 1, THREE), "value")
    assert [rank for _, rank in ranks["Wednesday S2"]] == [1, 1, 2, 3, 1]
    assert ranks["The Sandman S2"] == [(1, 4), (3, 9)]


def test_countries_and_engagement_totals(charts_client: TestClient) -> None:
    markets = {r["season_name"]: r for r in _table(charts_client, "chart_markets", 0, THREE)}
    # countries.tsv: Wednesday S2 in US, GB, FR, BR, NA; first in GB, NA, US; The Sandman's
    # one row has the ISO code "USA" (quarantined), so it charted in no country loaded
    assert (markets["Wednesday S2"]["value"], markets["Wednesday S2"]["markets"]) == (
        "5",
        "BR,FR,GB,NA,US",
    )
    assert markets["Wednesday S2"]["number_one_markets"] == "GB,NA,US"
    assert (markets["Wednesday S1"]["value"], markets["Wednesday S1"]["number_one"]) == ("2", "1")
    assert "The Sandman S2" not in markets
    engagement = _table(charts_client, "engagement", 0, THREE)
    assert [(r["period_start"], float(r["value"])) for r in engagement] == [
        ("2023-01-01", 507_700_000),
        ("2023-07-01", 98_000_000),  # engagement-2023H2.csv
        ("2024-07-01", 95_000_000),
    ]
    # H2 2023 has no views: 98,000,000 hours / 8:10 (8.1667 h) = 12,000,000, marked derived
    assert (engagement[1]["views"], engagement[1]["derived"]) == ("12000000.0", "true")


def test_seasons_in_engagement_reports_only_show_their_totals(charts_client: TestClient) -> None:
    # leo:0 and the-glory:1 are in the engagement report only: no Top 10 week, but totals
    page = charts_client.get("/compare?season=leo:0&season=the-glory:1")
    assert page.status_code == 200
    figures = re.findall(r'<article class="figure" id="figure-([a-z_]+)"', page.text)
    assert figures == ["engagement"]
    rows = _table(charts_client, "engagement", 0, "season=leo:0&season=the-glory:1")
    assert {(r["season_name"], float(r["value"])) for r in rows} >= {
        ("Leo", 87_400_000),
        ("The Glory S1", 42_700_000),
    }


def _both(folder: Path, eras: tuple[int, ...]) -> Path:
    """A store of three sessions (catalog.yaml's Wednesday) and the global lists of ``eras``."""
    store = folder / "both.duckdb"
    sessions = folder / "sessions.csv"
    sessions.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
        "e1,a1,wed,2,1,2025-08-06T09:00:00Z,3480,tv,US\n"
        "e2,a2,wed,2,1,2025-08-07T20:00:00Z,1200,mobile,GB\n"
        "e3,a1,wed,1,1,2022-11-24T09:00:00Z,3480,tv,US\n",
        encoding="utf-8",
    )
    catalog = FIXTURES / "catalog.yaml"
    api.ingest(store, catalog=catalog, events=[str(sessions)])
    tops = [str(FIXTURES / f"global-{era}.tsv") for era in eras]
    api.ingest(store, catalog=catalog, events=tops, source="netflix-top10")
    return store


def test_seasons_without_published_figures_in_a_store_with_them(tmp_path: Path) -> None:
    # global-2021.tsv lists Wednesday S1 alone of catalog.yaml's seasons: not S2, not KPop
    opened = _client(_both(tmp_path, (2021,)))
    client = next(opened)
    html = client.get("/compare?season=wed:2&season=kpop:0").text
    figures = re.findall(r'<article class="figure" id="figure-([a-z_]+)"', html)
    assert figures == ["reach_curves", "binge_race"]
    assert "None of these seasons is in the published figures loaded" in html
    next(opened, None)  # closes the store


def test_a_store_with_sessions_and_published_figures_compares_both(tmp_path: Path) -> None:
    store = _both(tmp_path, (2021, 2025))
    opened = _client(store)
    client = next(opened)
    query = "season=wed:2&season=wed:1"
    html = client.get(f"/compare?{query}").text
    figures = re.findall(r'<article class="figure" id="figure-([a-z_]+)"', html)
    assert figures[:2] == ["reach_curves", "binge_race"]
    assert {"chart_weekly", "chart_list"} <= set(figures)
    assert "holds no viewing sessions" not in html
    reach = _table(client, "reach_curves", 0, query)
    # week 1 of Wednesday S2: accounts a1 and a2; of Wednesday S1: a1
    first = {(r["season_name"], float(r["reach"])) for r in reach if r["week"] == "1"}
    assert first == {("Wednesday S2", 2), ("Wednesday S1", 1)}
    hours = _by_season(_table(client, "chart_weekly", 0, query), "value")
    assert hours["Wednesday S2"][:2] == [(1, 50e6), (2, 40e6)]  # global-2025.tsv
    assert hours["Wednesday S1"] == [(1, 341_230_000), (2, 411_290_000)]  # global-2021.tsv
    next(opened, None)  # closes the store


def test_it_starts_with_the_seasons_longest_in_the_list(charts_client: TestClient) -> None:
    html = charts_client.get("/compare").text
    selected = re.findall(r'<option value="([^"]+)" selected', html)
    # weeks in the global list loaded: Wednesday S2 5 (global-2025.tsv), Wednesday S1 3
    # (2022-11-27, 2022-12-04, 2023-06-18); every other season 2 or fewer
    assert selected == ["wednesday:2", "wednesday:1"]
    assert 'id="figure-chart_weekly"' in html
