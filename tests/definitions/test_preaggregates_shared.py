"""A relation that several season figures computed whole hold, computed once, worked by hand.

Two seasons of one 3000 s episode ("show" and "other"), launched in the US at L. The first
load: a views "show" whole one hour after L, b 1000 s of "other". The second load touches
every season, so each figure is computed whole: c views "show" whole on day 2 and d 1800 s of
"other" on day 3. hours_viewed and views aggregate the same seconds in the same 91 days:
that relation is computed once into a temporary table that both read, and every table must
still hold the rows a whole build of all the sessions gives.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from viewing_world import World, after

from showmeter.definitions import preaggregates as declared
from showmeter.engines import preaggregate_shared as shared
from showmeter.engines import preaggregates as kept

if TYPE_CHECKING:
    import pytest

L = "2024-03-01T08:00Z"


def _world(second: bool) -> World:
    w = World()
    for title in ("show", "other"):
        w.season(title, runtimes=[3000], launches={"US": L})
    w.view("a", "show", 1, 1, after(L, hours=1), 3000)
    w.view("b", "other", 1, 1, after(L, hours=2), 1000)
    if second:  # row ids "x…": the second load's
        w.view("c", "show", 1, 1, after(L, hours=30), 3000, row_id="x0")
        w.view("d", "other", 1, 1, after(L, hours=50), 1800, row_id="x1")
    return w


def test_the_plan_computes_hours_viewed_and_views_relation_once() -> None:
    figures = declared.season_figures()
    made = shared.plan(figures, "account")
    assert [name for name, _ in made.shared] == ["showmeter_shared_0"]
    readers = {table for table, sql in made.figures.items() if "showmeter_shared_0" in sql}
    assert readers == {"agg_season_hours_viewed", "agg_season_views"}
    assert set(made.figures) == {f.table for f in figures}


def test_a_load_of_every_season_reads_the_shared_relation_and_equals_a_whole_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    w = _world(second=False)
    kept.build(w.con)
    everything = _world(second=True)
    w.con.execute("CREATE TABLE held AS SELECT * FROM viewing LIMIT 0")
    rows = everything.con.execute("SELECT * FROM viewing WHERE row_id LIKE 'x%'").fetchall()
    w.con.executemany(f"INSERT INTO held VALUES ({', '.join('?' * 12)})", rows)
    w.con.execute("INSERT INTO viewing SELECT * FROM held")
    computed: list[int] = []
    materialize = shared.materialize

    def spy(con: object, made: shared.Plan) -> None:
        materialize(con, made)  # type: ignore[arg-type]
        computed.append(len(made.shared))
        # The shared relation: each season's hours and units, (3000 + 3000) s and 1000 + 1800 s.
        query = "SELECT title, round(value, 4), units FROM temp.showmeter_shared_0 ORDER BY 1"
        assert con.execute(query).fetchall() == [  # type: ignore[attr-defined]
            ("other", 0.7778, 2),
            ("show", 1.6667, 2),
        ]

    monkeypatch.setattr(shared, "materialize", spy)
    done = kept.refresh(w.con, "SELECT * FROM held")
    assert (done.whole, done.seasons, computed) == (False, 2, [1])
    hours = 'SELECT title, round(value, 4), units FROM "agg_season_hours_viewed" ORDER BY 1'
    assert w.con.execute(hours).fetchall() == [("other", 0.7778, 2), ("show", 1.6667, 2)]
    views = (
        'SELECT title, round(value, 4), round(hours_viewed, 4) FROM "agg_season_views" ORDER BY 1'
    )
    # views: hours / the season's runtime (3000 s = 0.8333 h): 0.9333 and 2.0.
    assert w.con.execute(views).fetchall() == [("other", 0.9333, 0.7778), ("show", 2.0, 1.6667)]
    left = "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'showmeter_shared_%'"
    assert w.con.execute(left).fetchall() == [(0,)]
    fresh = _world(second=True)
    kept.build(fresh.con)
    for table in kept.tables():
        query = f'SELECT * FROM "{table}" ORDER BY ALL'
        assert w.con.execute(query).fetchall() == fresh.con.execute(query).fetchall(), table


def test_a_whole_build_reads_the_shared_relation_and_equals_each_figure_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from showmeter.engines import preaggregate_build as builder

    w = _world(second=True)
    computed: list[int] = []
    materialize = shared.materialize

    def spy(con: object, made: shared.Plan) -> None:
        # Only once the per-unit tables the figures read are built.
        names = {n for (n,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}  # type: ignore[attr-defined]
        assert {"agg_unit_days", "agg_unit_progress"} <= names
        materialize(con, made)  # type: ignore[arg-type]
        computed.append(len(made.shared))

    monkeypatch.setattr(shared, "materialize", spy)
    counts = kept.build(w.con)
    assert computed == [1]
    left = "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'showmeter_shared_%'"
    assert w.con.execute(left).fetchall() == [(0,)]
    # hours: (3000 + 3000) s of "show" = 1.6667 h, 1000 + 1800 s of "other" = 0.7778 h.
    hours = 'SELECT title, round(value, 4), units FROM "agg_season_hours_viewed" ORDER BY 1'
    assert w.con.execute(hours).fetchall() == [("other", 0.7778, 2), ("show", 1.6667, 2)]
    # Each figure's own expression, nothing shared, gives the same rows.
    for figure in declared.season_figures():
        alone = builder.sql(builder.figure_expr(figure, None, from_days=True))
        mine = f'SELECT * FROM "{figure.table}" ORDER BY ALL'
        theirs = f"SELECT * FROM ({alone}) ORDER BY ALL"
        assert w.con.execute(mine).fetchall() == w.con.execute(theirs).fetchall(), figure.table
        assert counts[figure.table] == len(w.con.execute(mine).fetchall())
