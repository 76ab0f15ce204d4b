"""The pages show the registry's figures: the same numbers as the CLI, under the chosen controls."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from web_support import REFERENCE, SEASON, TestClient, run

from showmeter import definitions
from showmeter.engines import compute
from showmeter.launch import formats
from showmeter.store import Store

HERE = f"/season/{SEASON[0]}/{SEASON[1]}"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _engine(
    store: Path, metric: str, params: dict[str, object], **where: object
) -> list[dict[str, object]]:
    with Store(store, read_only=True) as opened:
        return compute(metric, params, source=opened.connection, **where).rows  # type: ignore[arg-type]


def _cli_value(store: Path, metric: str, *sets: str) -> object:
    title, season = SEASON
    args = [a for s in sets for a in ("--set", s)]
    done = run(
        "compute", metric, "--store", str(store), "--title", title, "--season", str(season),
        *args, "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["rows"][0]["value"]


def _download(
    client: TestClient, figure: str, kind: str = "csv", query: str = "", index: int = 0
) -> str:
    answer = client.get(f"{HERE}/download/{figure}/{index}/{kind}" + (f"?{query}" if query else ""))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    return answer.text


def test_the_titles_page_gives_a_kpi_line_per_season(client: TestClient, demo_store: Path) -> None:
    # Issue 20.9 pages the table (50 seasons a page): the season is found by its name.
    page = client.get("/", params={"q": SEASON[0]})
    assert page.status_code == 200
    reach = _cli_value(demo_store, "reach")
    line = page.text.split(f'href="{HERE}"', 1)[1].split("</tr>", 1)[0]
    assert f'<td class="num">{formats.count(reach)}</td>' in line
    found = client.get("/", params={"q": "defenders"})
    assert "Marvel&#39;s The Defenders" in found.text
    assert f'href="/season/{REFERENCE[0]}/{REFERENCE[1]}"' not in found.text
    table = _rows(client.get("/titles.csv").text)
    row = next(r for r in table if (r["title"], r["season"]) == (SEASON[0], str(SEASON[1])))
    assert float(row["reach"]) == reach


def test_the_season_page_shows_the_figures_the_cli_prints(
    client: TestClient, demo_store: Path
) -> None:
    page = client.get(HERE)
    assert page.status_code == 200
    racers = _cli_value(demo_store, "binge_racers")
    assert (
        f'<p class="label">Binge racers · 24 h</p><p class="value">{formats.count(racers)}</p>'
        in page.text
    )
    headline = _rows(_download(client, "headline"))
    row = next(r for r in headline if r["metric"] == "binge_racers")
    assert float(row["value"]) == racers
    assert page.text.count('<figure class="chart"') >= 10
    assert "window_hours=6, 12, 18, 24, 30, 36, 48, 72, 96, 120, 144, 168</code>" in page.text
    assert "<script" not in page.text.split("</head>", 1)[1]  # no inline script
    assert ' style="' not in page.text


def test_the_market_control_recomputes_with_that_market(
    client: TestClient, demo_store: Path
) -> None:
    title, season = SEASON
    everywhere = _rows(_download(client, "daily_reach"))
    korea = _rows(_download(client, "daily_reach", query="market=KR"))
    expected = _engine(
        demo_store, "daily_reach", {"days": 30, "markets": "KR"}, title=title, season=season
    )
    mine = [r for r in korea if r["season_name"] == "The Defenders S1"]
    assert [float(r["value"]) for r in mine] == [r["value"] for r in expected]
    assert [r["value"] for r in korea] != [r["value"] for r in everywhere]
    page = client.get(HERE, params={"market": "KR"})
    assert "<code>markets=KR</code>" in page.text
    assert '<option value="KR" selected>' in page.text


def test_the_window_control_sets_every_window(client: TestClient, demo_store: Path) -> None:
    title, season = SEASON
    funnel = _rows(_download(client, "episode_funnel", query="window=7"))
    expected = _engine(demo_store, "episode_funnel", {"window_days": 7}, title=title, season=season)
    assert [float(r["value"]) for r in funnel] == [r["value"] for r in expected]
    default = _rows(_download(client, "episode_funnel"))
    assert [r["value"] for r in funnel] != [r["value"] for r in default]
    # The cards name the windows they were computed with, not the report's defaults.
    page = client.get(HERE, params={"window": "7"}).text
    assert '<p class="label">Reach · first 7 days</p>' in page
    assert '<p class="label">Completers · 7 days</p>' in page
    assert '<p class="label">Binge racers · 24 h</p>' in page  # window_hours: not a day window
    assert '<p class="label">Reach · first 30 days</p>' in client.get(HERE).text


def test_the_time_toggle_draws_hours_viewed(client: TestClient, demo_store: Path) -> None:
    title, season = SEASON
    page = client.get(HERE, params={"measure": "time"})
    assert page.status_code == 200
    assert 'id="figure-hours_by_week"' in page.text and 'id="figure-daily_reach"' not in page.text
    hours = _rows(_download(client, "hours_by_week", query="measure=time"))
    week2 = next(r for r in hours if r["season_name"] == "The Defenders S1" and r["week"] == "2")
    assert (
        float(week2["value"])
        == _engine(demo_store, "hours_viewed", {"window_days": 14}, title=title, season=season)[0][
            "value"
        ]
    )


def test_charts_download_as_svg_and_png(client: TestClient) -> None:
    assert _download(client, "binge_race", "svg").startswith("<svg")
    png = client.get(f"{HERE}/download/binge_race/0/png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"{HERE}/download/critics/0/png").status_code == 404  # a table alone
    assert client.get(f"{HERE}/download/binge_race/0/gif").status_code == 404


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("market=XX", 400, "No market &#39;XX&#39; in the store."),
        ("device=fridge", 400, "No device &#39;fridge&#39; in the store."),
        ("window=0", 400, "Expected days from the launch: an integer from 1 to 3660."),
        ("colour=red", 400, "Unknown control &#39;colour&#39;"),
        ("market=US&market=GB", 400, "is given 2 times"),
    ],
)
def test_a_bad_control_is_a_client_error(
    client: TestClient, query: str, status: int, message: str
) -> None:
    answer = client.get(f"{HERE}?{query}")
    assert answer.status_code == status
    assert message in answer.text
    assert answer.headers["content-type"].startswith("text/html")


def test_an_unknown_season_is_not_found(client: TestClient) -> None:
    answer = client.get("/season/the-defendrs/1")
    assert answer.status_code == 404
    assert "Did you mean &#39;the-defenders:1&#39;?" in answer.text


def test_the_compare_page_indexes_reach_to_week_one(client: TestClient, demo_store: Path) -> None:
    query = f"season={SEASON[0]}:{SEASON[1]}&season={REFERENCE[0]}:{REFERENCE[1]}"
    page = client.get(f"/compare?{query}")
    assert page.status_code == 200
    assert page.text.count('<figure class="chart"') == 3
    curve = _rows(client.get(f"/compare/download/reach_curves/0/csv?{query}").text)
    expected = _engine(demo_store, "weekly_reach", {"weeks": 8}, title=SEASON[0], season=SEASON[1])
    mine = [r for r in curve if r["season_name"] == "The Defenders S1"]
    assert [float(r["reach"]) for r in mine] == [r["value"] for r in expected]
    assert float(mine[0]["value"]) == 100
    race = _rows(client.get(f"/compare/download/binge_race/0/csv?{query}").text)
    assert {r["season_name"] for r in race} == {"The Defenders S1", "Daredevil S2"}
    assert client.get("/compare?season=nope:1&season=daredevil:2").status_code == 400


def test_rankings_rank_any_metric_globally_or_per_market(
    client: TestClient, demo_store: Path
) -> None:
    page = client.get("/rankings", params={"metric": "binge_racers", "market": "KR"})
    assert page.status_code == 200
    table = _rows(client.get("/rankings/download/0/csv?metric=binge_racers&market=KR").text)
    expected = [
        r for r in _engine(demo_store, "rank", {"metric": "binge_racers", "by_market": "true"})
        if r["market"] == "KR" and r["rank"] is not None
    ]  # fmt: skip
    expected.sort(key=lambda r: (r["rank"], r["title"], r["season"]))  # type: ignore[arg-type,return-value]
    assert [int(r["rank"]) for r in table] == [r["rank"] for r in expected]
    assert [float(r["value"]) for r in table] == [r["value"] for r in expected]
    assert len(table) == len(expected)
    critics = client.get("/rankings", params={"metric": "tomatometer", "market": "KR"})
    assert "tomatometer has no figure per market: the ranks are global." in critics.text
    assert client.get("/rankings", params={"metric": "episode_funnel"}).status_code == 400


def test_the_data_page_shows_loads_and_quarantine(client: TestClient, demo_store: Path) -> None:
    page = client.get("/data")
    assert page.status_code == 200
    with Store(demo_store, read_only=True) as opened:
        loads = opened.counts()["loads"]
        quarantined = opened.counts()["quarantine"]
    assert len(_rows(client.get("/data/loads.csv").text)) == loads
    rows = _rows(client.get("/data/quarantine-rows.csv").text)
    assert len(rows) == min(quarantined, 100_000)
    assert f"{formats.cell(quarantined)} rows; page 1 of" in page.text
    assert client.get("/data", params={"page": "0"}).status_code == 400


def test_the_metrics_pages_show_every_definition(client: TestClient) -> None:
    page = client.get("/metrics")
    assert all(f'href="/metrics/{name}"' in page.text for name in definitions.names())
    one = client.get("/metrics/time_to_complete")
    assert one.status_code == 200
    assert "SQL on DuckDB" in one.text and "SELECT" in one.text
    assert client.get("/metrics/nope").status_code == 404
