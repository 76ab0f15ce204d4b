"""by_season: when shared relations are built season by season, and whether a plan allows it."""

from __future__ import annotations

import duckdb
import pytest
from viewing_world import World, after

from showmeter import resources
from showmeter.engines import by_season

L = "2024-03-01T08:00Z"


def _world() -> World:
    w = World()
    w.season("show", runtimes=[1000], launches={"US": L})
    w.season("other", runtimes=[1000], launches={"US": L})
    w.view("a", "show", 1, 1, after(L, hours=1), 1000)
    w.view("b", "other", 1, 1, after(L, hours=2), 500)
    w.view("b", "other", 1, 1, after(L, hours=3), 600)
    return w


def test_the_memory_limit_is_read_in_bytes() -> None:
    con = duckdb.connect(config={"memory_limit": "300MB"})
    assert resources.memory_limit(con) == pytest.approx(300e6, rel=0.01)  # shown as 286.1 MiB


def test_a_store_is_crowded_when_its_sessions_exceed_the_memory_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _world()  # 3 sessions, far below any memory limit
    assert not by_season.crowded(w.con)
    limit = resources.memory_limit(w.con)
    assert limit is not None
    monkeypatch.setattr(by_season, "BYTES_PER_SESSION", limit // 3 + 1)
    assert by_season.crowded(w.con)


def test_a_filter_that_reaches_the_sessions_is_pushed_down() -> None:
    w = _world()
    per_unit = "SELECT title, season, account_id, count(*) AS n FROM viewing GROUP BY ALL"
    assert by_season.pushes_down(w.con, per_unit, "show", 1)


def test_a_filter_above_a_rank_over_every_season_is_not_pushed_down() -> None:
    w = _world()
    ranked = (
        "SELECT title, season, rank() OVER (ORDER BY n DESC) AS r FROM "
        "(SELECT title, season, count(*) AS n FROM viewing GROUP BY ALL)"
    )
    assert not by_season.pushes_down(w.con, ranked, "show", 1)


def test_a_relation_built_season_by_season_holds_every_row() -> None:
    w = _world()
    sql = "SELECT title, season, account_id, sum(seconds_watched) AS s FROM viewing GROUP BY ALL"
    by_season.create(w.con, "whole_by_season", sql, [("other", 1), ("show", 1)])
    got = w.con.execute("SELECT * FROM whole_by_season ORDER BY ALL").fetchall()
    assert got == w.con.execute(f"SELECT * FROM ({sql}) ORDER BY ALL").fetchall()
    assert len(got) == 2


def test_a_filter_just_above_the_scan_counts_as_pushed_down() -> None:
    scan = {"name": "SEQ_SCAN", "extra_info": {"Table": "store.main.viewing", "Filters": "x"}}
    projected = {"name": "PROJECTION", "children": [scan]}
    above = {"name": "FILTER", "extra_info": {"Expression": "(title = 'a')"}, "children": [scan]}
    through = {
        "name": "FILTER",
        "extra_info": {"Expression": "(title = 'a')"},
        "children": [projected],
    }
    joined = {"name": "HASH_JOIN", "children": [scan]}
    assert by_season._scans_filtered(above, [])
    assert by_season._scans_filtered(through, [])
    assert not by_season._scans_filtered(
        {"name": "FILTER", "children": [joined]}, ["(title = 'a')"]
    )
    assert not by_season._scans_filtered(scan, [])


def test_a_relation_with_a_row_per_unit_is_per_unit() -> None:
    assert by_season.per_unit(["title", "season", "unit_id", "episode"])
    assert not by_season.per_unit(["title", "season", "value", "units"])


def test_a_relation_that_reads_no_sessions_is_built_whole() -> None:
    w = _world()
    assert not by_season.pushes_down(w.con, "SELECT title, season FROM launches", "show", 1)


def test_a_rank_over_every_season_is_planned_from_a_relation_built_season_by_season() -> None:
    import ibis

    from showmeter.engines import prepare

    w = _world()
    rank = prepare("rank", {"metric": "completers"}).expr
    funnel = prepare("episode_funnel", {}, title="show", season=1).expr
    planned = by_season.plan(
        w.con, [rank, funnel], [True, False], [], lambda e: ibis.to_sql(e, "duckdb"), ("show", 1)
    )
    assert len(planned) == 1  # the completers of each season, not the rank, nor the funnel's
    assert planned[0].users == {0}
    assert {"title", "season", "value"} <= set(planned[0].node.schema.names)
    assert "unit_id" not in planned[0].node.schema.names
