"""A household's store: the season page works without a reference, demand or panel, and says
what the registry gives for a grid of each viewer's episodes."""

from __future__ import annotations

from pathlib import Path

from web_support import TestClient, run

from showmeter.engines import compute
from showmeter.store import Store
from showmeter.web.app import create_app

SESSIONS = """\
event_id,account_id,title,season,episode,started_at,seconds_watched,device,market
e1,ana,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US
e2,ana,the-defenders,1,2,2017-08-18T09:00:00Z,3000,tv,US
e3,ben,the-defenders,1,1,2017-08-19T20:00:00Z,3134,mobile,GB
e4,ben,the-defenders,1,2,2017-08-25T20:00:00Z,600,mobile,GB
e5,cho,the-defenders,1,1,2017-08-18T12:00:00Z,1500,desktop,KR
"""


def test_a_household_season_page(tmp_path: Path, catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "home.duckdb"
    events = write("sessions.csv", SESSIONS)
    done = run(
        "ingest", "--store", str(store), "--catalog", str(catalog_file), "--events", str(events)
    )
    assert done.returncode == 0, done.stderr
    web = create_app(str(store))
    try:
        client = TestClient(web, base_url="http://127.0.0.1", headers={"accept": "text/html"})
        page = client.get("/season/the-defenders/1")
        assert page.status_code == 200
        assert "This season has 3 viewing accounts" in page.text
        assert "No registered metric gives one row per viewer yet" in page.text
        assert 'id="figure-demand_trend"' not in page.text  # no signals in this store
        funnel = client.get("/season/the-defenders/1/download/episode_funnel/0/csv").text
        with Store(store, read_only=True) as opened:
            expected = compute(
                "episode_funnel", {}, source=opened.connection, title="the-defenders", season=1
            )
        lines = funnel.splitlines()
        assert lines[0] == "episode,name,started,value,share_of_first_starters"
        assert [line.split(",")[3] for line in lines[1:]] == [
            str(row["value"]) for row in expected.rows()
        ]
        assert [row["started"] for row in expected.rows()] == [3, 2]
    finally:
        web.state.runner.close()
