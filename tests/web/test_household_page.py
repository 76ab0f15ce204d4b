"""A household's store: the season page works without a reference, demand or panel, and
draws the grid of each viewer's episodes from ``episode_progress``."""

from __future__ import annotations

from pathlib import Path

from pytest import approx
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
        assert 'id="figure-episode_progress"' in page.text
        grid = client.get("/season/the-defenders/1/download/episode_progress/0/csv").text
        lines = grid.splitlines()
        assert lines[0] == "unit_id,episode,value,seconds,completed_hours"
        # Launch 07:00 UTC; episode 1 runs 52:14 (3134 s), episode 2 3000 s.
        completed_ep1_ana = 1 + 3134 / 3600  # from 08:00
        completed_ep2_ana = 2 + 3000 / 3600  # from 09:00
        completed_ep1_ben = 37 + 3134 / 3600  # from the next day's 20:00
        got = [line.split(",") for line in lines[1:]]
        assert [(u, e) for u, e, *_ in got] == [
            ("ana", "1"),
            ("ana", "2"),
            ("ben", "1"),
            ("ben", "2"),
            ("cho", "1"),
        ]
        assert [float(v) for _, _, v, _, _ in got] == [1.0, 1.0, 1.0, 0.2, 1500 / 3134]
        hours = [float(h) if h else None for *_, h in got]
        assert hours[:3] == [
            approx(completed_ep1_ana),
            approx(completed_ep2_ana),
            approx(completed_ep1_ben),
        ]
        assert hours[3:] == [None, None]  # 600 s and 1500 s complete nothing
        assert 'id="figure-demand_trend"' not in page.text  # no signals in this store
        funnel = client.get("/season/the-defenders/1/download/episode_funnel/0/csv").text
        with Store(store, read_only=True) as opened:
            expected = compute(
                "episode_funnel", {}, source=opened.connection, title="the-defenders", season=1
            )
        lines = funnel.splitlines()
        assert lines[0] == "episode,name,started,value,share_of_first_starters"
        assert [line.split(",")[3] for line in lines[1:]] == [
            str(row["value"]) for row in expected.rows
        ]
        assert [row["started"] for row in expected.rows] == [3, 2]
    finally:
        web.state.runner.close()
