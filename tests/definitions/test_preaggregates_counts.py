"""Reach, daily and weekly reach kept by the difference of the touched units' counts.

A load's new sessions change those figures only through the units they belong to
(:mod:`showmeter.engines.preaggregate_counts`): the tests load sessions in several loads,
refresh after each, and compare every table with a whole build of all the sessions; they check
that the counting figures were not recomputed (the difference was taken), and the values
worked out by hand.

"show" has two 3000 s episodes, launched in the US at L and in Korea 7 h later; "other" one
episode, in the US at L. A unit views a period when one episode's seconds in it reach
``min_seconds`` (120).
"""

from __future__ import annotations

import random
import shutil
from typing import TYPE_CHECKING

import duckdb
import pytest
from preaggregate_loads_support import MOVE_KR, hold, same_as_whole_build
from viewing_world import World, after

import showmeter
from showmeter.engines import preaggregate_counts as counts
from showmeter.engines import preaggregate_refresh as refreshing
from showmeter.engines import preaggregates as kept
from showmeter.simulate import demo_world, write_world
from showmeter.store import Store, households

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from showmeter.definitions.preaggregates import SeasonFigure

L = "2024-03-01T08:00Z"
L_KR = "2024-03-01T15:00Z"
COUNTED = {"agg_season_reach", "agg_season_daily_reach", "agg_season_weekly_reach"}

# (unit, title, episode, start, seconds, market, device)
Session = tuple[str | None, str, int, "dt.datetime", float, str, str]


def _catalog(w: World, *, moved: bool = False, unlaunched: bool = False) -> None:
    korea = after(L_KR, days=1) if moved else L_KR
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": korea})
    w.season("other", runtimes=[3000], launches={"US": L})
    if unlaunched:  # launches, but no launch instant of the season: no rows of its figures
        w.con.execute("UPDATE seasons SET launch_at = NULL WHERE title = 'other'")


def _loads(
    loads: list[list[Session]],
    monkeypatch: pytest.MonkeyPatch,
    *,
    move_before: int = -1,
    unit: str = "account",
    unlaunched: bool = False,
    near: bool = False,
) -> tuple[World, set[str], int]:
    """Each load refreshed in turn; every table checked against a whole build of them all.

    Args:
        loads: The sessions of each load (the first built whole).
        monkeypatch: To note the figures recomputed.
        move_before: The load before which Korea's launch of "show" moves a day later (a
            catalog change: that season is recomputed); -1: never.
        unlaunched: "other" has no launch instant (:func:`_catalog`).
        near: A sum may come near min_seconds (then the figures are recomputed, and only
            they are compared with a whole build).
        unit: The store's unit: ``profile`` counts the sessions' units as profiles of two
            accounts (as a household's store does).

    Returns:
        The store, the figures recomputed by the refreshes, the counted rows changed.
    """
    w = World()
    _catalog(w, unlaunched=unlaunched)
    recomputed: set[str] = set()
    changed = 0
    recompute, apply = refreshing._recompute, counts.apply

    def spy(
        con: object, figure: SeasonFigure, unit: str, seasons: str | None, sql: str | None = None
    ) -> None:
        recomputed.add(figure.table)
        recompute(con, figure, unit, seasons, sql)  # type: ignore[arg-type]

    def spy_apply(*args: object) -> tuple[int, list[str]]:
        nonlocal changed
        found, missing = apply(*args)  # type: ignore[arg-type]
        assert not missing or unlaunched or near
        changed += found
        return found, missing

    monkeypatch.setattr(refreshing, "_recompute", spy)
    monkeypatch.setattr(counts, "apply", spy_apply)
    monkeypatch.setattr(households, "default_unit", lambda con: unit)
    n = 0
    for index, sessions in enumerate(loads):
        if index == move_before:
            w.con.execute(MOVE_KR)
        hold(w, sessions, n + 1, unit)
        n += len(sessions)
        if index == 0:
            kept.build(w.con)
        else:
            kept.refresh(w.con, "SELECT * FROM held")
    moved = 0 <= move_before < len(loads)
    # Fractional seconds near min_seconds: other tables' sums (the per-unit progress's) may
    # differ from a whole build's in their last bits, as documented; the counts may not.
    same_as_whole_build(
        w,
        lambda fresh: _catalog(fresh, moved=moved, unlaunched=unlaunched),
        sorted(COUNTED) if near else kept.tables(unit),
    )
    return w, recomputed, changed


def _value(w: World, table: str, title: str, where: str = "true") -> tuple[object, ...]:
    query = f'SELECT units, value FROM "{table}" WHERE title = ? AND {where}'
    return tuple(w.con.execute(query, [title]).fetchall()[0])


def _s(
    unit: str | None,
    start: dt.datetime,
    seconds: float,
    *,
    title: str = "show",
    episode: int = 1,
    market: str = "US",
    device: str = "tv",
) -> Session:
    return (unit, title, episode, start, seconds, market, device)


def test_a_unit_reaching_min_seconds_exactly_in_the_second_load_counts_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a: 100 s of episode 1 on day 1 (not a viewer), then 20 s more the same day: 120 s,
    # exactly min_seconds: a viewer on day 1, in week 1 and in the 30 days. b views already.
    first = [_s("a", after(L, hours=1), 100), _s("b", after(L, hours=2), 500)]
    second = [_s("a", after(L, hours=3), 20, device="mobile")]
    w, recomputed, changed = _loads([first, second], monkeypatch)
    assert not recomputed & COUNTED
    assert changed == 3  # reach, day 1, week 1 of "show"
    assert _value(w, "agg_season_reach", "show") == (2, 2.0)
    assert _value(w, "agg_season_daily_reach", "show", "day = 1") == (2, 2.0)
    assert _value(w, "agg_season_weekly_reach", "show", "week = 1") == (2, 2.0)


def test_seconds_of_other_days_or_episodes_do_not_add_up_in_their_periods(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a: 60 s of episode 1 on day 1, then 60 s on day 2 (L + 30 h): 120 s in week 1 and in the
    # 30 days, 60 s on each day. c: 100 s of episode 1 and 100 s of episode 2: nowhere.
    first = [_s("a", after(L, hours=1), 60), _s("c", after(L, hours=1), 100)]
    second = [_s("a", after(L, hours=30), 60), _s("c", after(L, hours=2), 100, episode=2)]
    w, recomputed, changed = _loads([first, second], monkeypatch)
    assert not recomputed & COUNTED
    assert changed == 2  # reach and week 1
    assert _value(w, "agg_season_reach", "show") == (1, 1.0)
    assert _value(w, "agg_season_weekly_reach", "show", "week = 1") == (1, 1.0)
    assert _value(w, "agg_season_daily_reach", "show", "day = 2") == (0, 0.0)


def test_a_unit_in_two_markets_adds_its_seconds_of_an_episode_over_both(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # k: 70 s in Korea at L_KR + 23 h (Korea's day 1), then 50 s in the US at L + 31 h (the
    # US's day 2): one episode, 120 s within the 30 days (each from its own market's L), so a
    # viewer of the season, but on neither day alone. Week 1 holds both: a viewer of week 1.
    first = [_s("k", after(L_KR, hours=23), 70, market="KR")]
    second = [_s("k", after(L, hours=31), 50)]
    w, _, changed = _loads([first, second], monkeypatch)
    assert changed == 2
    assert _value(w, "agg_season_reach", "show") == (1, 1.0)
    assert _value(w, "agg_season_weekly_reach", "show", "week = 1") == (1, 1.0)
    assert w.con.execute(
        "SELECT sum(units) FROM agg_season_daily_reach WHERE title = 'show'"
    ).fetchall() == [(0,)]


def test_week_on_week_change_follows_the_new_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    # Week 1: a and b; week 2: a alone (wow −0.5). The second load brings b in week 2 (2 / 2
    # − 1 = 0), and c in week 3 (from 0, after which week 4's wow is null: now 1 / 2 − 1) and
    # in week 4 (1 / 1 − 1 = 0).
    first = [
        _s("a", after(L, hours=1), 500),
        _s("b", after(L, hours=1), 500),
        _s("a", after(L, days=8), 500),
    ]
    second = [
        _s("b", after(L, days=9), 500),
        _s("c", after(L, days=15), 500),
        _s("c", after(L, days=22), 500),
    ]
    w, _, _ = _loads([first, second], monkeypatch)
    weeks = w.con.execute(
        "SELECT week, units, wow_change FROM agg_season_weekly_reach WHERE title = 'show' "
        "ORDER BY week"
    ).fetchall()
    assert weeks == [(1, 2, None), (2, 2, 0.0), (3, 1, -0.5), (4, 1, 0.0)]


def test_the_window_edges_count_on_their_own_side(monkeypatch: pytest.MonkeyPatch) -> None:
    # d at exactly L + 30 days (day 31: outside every window), e at L + 28 days (day 29:
    # inside the 30 days, after the 4 weeks), f before L (nowhere), g without an account,
    # h in France (no launch there).
    second = [
        _s("d", after(L, days=30), 500),
        _s("e", after(L, days=28), 500),
        _s("f", after(L, hours=-1), 500),
        _s(None, after(L, hours=1), 500),
        _s("", after(L, hours=1), 500),
        _s("h", after(L, hours=1), 500, market="FR"),
    ]
    w, recomputed, changed = _loads([[_s("a", after(L, hours=1), 500)], second], monkeypatch)
    assert not recomputed & COUNTED
    assert changed == 2  # reach and day 29 of "show"
    assert _value(w, "agg_season_reach", "show") == (2, 2.0)
    assert _value(w, "agg_season_daily_reach", "show", "day = 29") == (1, 1.0)


@pytest.mark.parametrize(
    ("start", "market", "read", "changed"),
    [
        # Korea at its launch + 720 h (the latest launch's): no unit's day 1..30 can change.
        (after(L_KR, days=30), "KR", False, 0),
        # A microsecond earlier: Korea's day 30, read and counted (reach and day 30).
        (after(L_KR, days=30, microseconds=-1), "KR", True, 2),
        # The US's day 31, before Korea's launch + 720 h: read, nothing counted.
        (after(L, days=30, hours=1), "US", True, 0),
    ],
)
def test_the_touched_units_are_read_only_for_seasons_with_sessions_inside_the_windows(
    start: dt.datetime, market: str, read: bool, changed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[object] = []
    noted = counts.before

    def spy(*args: object) -> None:
        reads.append(args)
        noted(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(counts, "before", spy)
    first = [_s("a", after(L, hours=1), 500)]
    w, recomputed, found = _loads([first, [_s("k", start, 500, market=market)]], monkeypatch)
    assert bool(reads) is read
    assert not recomputed & COUNTED
    assert found == changed
    viewers = 1 + changed // 2
    assert _value(w, "agg_season_reach", "show") == (viewers, float(viewers))


def test_a_catalog_change_recomputes_the_changed_season_and_counts_the_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = [_s("a", after(L_KR, hours=30), 500, market="KR"), _s("b", L, 100, title="other")]
    second = [_s("b", after(L, hours=1), 30, title="other"), _s("c", L_KR, 500, market="KR")]
    w, recomputed, _ = _loads([first, second], monkeypatch, move_before=1)
    assert recomputed >= COUNTED  # "show"'s rows, from its sessions
    assert _value(w, "agg_season_reach", "other") == (1, 1.0)  # b: 130 s, counted


def test_a_load_of_sessions_that_change_no_status_changes_no_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = [_s("a", after(L, hours=1), 500), _s("b", after(L, hours=1), 50)]
    second = [_s("a", after(L, hours=2), 500), _s("b", after(L, hours=2), 50, episode=2)]
    _, recomputed, changed = _loads([first, second, second], monkeypatch)
    assert not recomputed & COUNTED
    assert changed == 0


def test_a_season_without_its_row_is_recomputed_not_counted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "other" has launches but no launch instant: no figure rows, while its per-day rows count
    # b as newly a viewer. No row takes the difference: the figures are recomputed.
    first = [_s("b", after(L, hours=1), 100, title="other")]
    second = [_s("b", after(L, hours=2), 100, title="other")]
    w, recomputed, _ = _loads([first, second], monkeypatch, unlaunched=True)
    assert recomputed >= COUNTED
    assert w.con.execute("SELECT count(*) FROM agg_season_reach").fetchall() == [(1,)]


def test_a_sum_near_min_seconds_is_recomputed_not_counted_by_another_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by review. 65.1 + 6.3 + 48.6 is 120.0 in that order, 119.99999999999999 with 48.6
    # before 6.3. The second load's status (old row, then its rows in the merge's order) made
    # u a viewer; the per-day rows, read back in the table's order (KR's row first) by the
    # third load, said not, so its 1e-12 s counted u a second time (reach 2 of one account).
    # Such sums near min_seconds, of rows not whole multiples of 2^-10 s, are recomputed.
    first = [_s("u", after(L, hours=1), 65.1)]
    second = [_s("u", after(L, hours=25), 6.3), _s("u", after(L, hours=49), 48.6, market="KR")]
    third = [_s("u", after(L, hours=73), 1e-12)]
    w, recomputed, _ = _loads([first, second, third], monkeypatch, near=True)
    # Its days' sums are far from 120 s: daily reach is kept by its difference.
    assert recomputed & COUNTED == {"agg_season_reach", "agg_season_weekly_reach"}
    assert _value(w, "agg_season_reach", "show")[0] == 1
    assert _value(w, "agg_season_weekly_reach", "show", "week = 1")[0] == 1
    # Whole seconds (or halves) add up alike in any order: kept by the difference.
    halves = [[_s("u", after(L, hours=1), 65.5)], [_s("u", after(L, hours=25), 54.5)]]
    _, recomputed, changed = _loads(halves, monkeypatch)
    assert not recomputed & COUNTED
    assert changed == 2  # reach and week 1 of "show"


_STARTS_H = (-1, 0, 1, 6, 7, 23, 24, 30, 167, 168, 300, 671, 672, 700, 719, 720, 721)
_SECONDS = (0, 1, 30, 60, 90, 100, 119, 119.5, 120, 121, 200, 3000)


def _random_loads(rng: random.Random) -> list[list[Session]]:
    units = [f"u{i}" for i in range(rng.randint(2, 8))]
    sessions: list[Session] = []
    for _ in range(rng.randint(5, 40)):
        unit = rng.choice([*units, *units, None, ""])
        title = rng.choice(["show", "show", "other"])
        episode = rng.randint(1, 2) if title == "show" else 1
        market = rng.choice(["US", "US", "KR", "FR"])
        base = L_KR if market == "KR" and rng.random() < 0.5 else L
        start = after(base, hours=rng.choice(_STARTS_H), minutes=rng.choice((0, 0, 1, -1)))
        seconds = float(rng.choice(_SECONDS))
        device = rng.choice(["tv", "mobile"])
        sessions.append((unit, title, episode, start, seconds, market, device))
        if rng.random() < 0.15:  # the same session again (another row)
            sessions.append(sessions[-1])
    count = rng.randint(2, 4)
    loads: list[list[Session]] = [[] for _ in range(count)]
    for session in sessions:
        loads[rng.randrange(count)].append(session)
    return loads


@pytest.mark.parametrize("seed", range(30))
def test_random_sequences_of_loads_leave_the_rows_of_a_whole_build(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    loads = _random_loads(rng)
    move = rng.choice([-1, -1, -1, len(loads) - 1])
    unit = "profile" if seed % 5 == 4 else "account"
    _, recomputed, changed = _loads(loads, monkeypatch, move_before=move, unit=unit)
    counted = {f"{t}_unit_profile" for t in COUNTED} if unit == "profile" else COUNTED
    if move < 0:
        assert not recomputed & counted
    if seed in _CHANGING:
        assert changed  # the sequence changed some row by a difference (worked out once)


_CHANGING = (0, 1, 2, 3)
"""Random sequences whose loads make some unit newly a viewer (so the difference is taken)."""


def test_a_file_loaded_again_changes_nothing_and_the_counts_are_a_whole_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(kept.MIN_SESSIONS_VARIABLE, "0")  # a small store keeps them all the same
    world = write_world(demo_world(), tmp_path / "world", sessions=6000, seed=11)
    listed = ", ".join(f"'{f}'" for f in world.session_files)
    parts = [tmp_path / f"part{k}.parquet" for k in range(3)]
    for k, path in enumerate(parts):  # every season in each part, units in several
        duckdb.sql(
            f"COPY (SELECT * FROM read_parquet([{listed}]) "
            f"WHERE hash(account_id, started_at, episode) % 3 = {k}) TO '{path}'"
        )
    store = tmp_path / "store.duckdb"
    applied: list[int] = []
    apply = counts.apply

    def spy_apply(*args: object) -> tuple[int, list[str]]:
        found, missing = apply(*args)  # type: ignore[arg-type]
        applied.append(found)
        return found, missing

    monkeypatch.setattr(counts, "apply", spy_apply)
    for path in parts:
        showmeter.ingest(store, catalog=world.catalog, events=str(path))
    assert len(applied) == 2 and all(applied)  # the second and third loads took differences

    def tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
        with duckdb.connect(str(path), read_only=True) as con:
            query = 'SELECT * FROM "{}" ORDER BY ALL'
            return {t: con.execute(query.format(t)).fetchall() for t in kept.tables()}

    kept_rows = tables(store)
    showmeter.ingest(store, catalog=world.catalog, events=str(parts[1]))
    assert tables(store) == kept_rows
    whole = tmp_path / "whole.duckdb"
    shutil.copy(store, whole)
    with Store(whole) as opened, opened.transaction() as con:
        kept.build(con)
    rebuilt = tables(whole)
    for table in COUNTED:
        assert kept_rows[table] == rebuilt[table], table
