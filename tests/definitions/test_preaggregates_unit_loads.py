"""The per-unit progress after several loads: only the rows new sessions can change are redone.

A load's new session changes a unit's per-unit rows only where it counts
(:mod:`showmeter.engines.preaggregate_units`): a session later than the horizon after the
unit's L, or before the launch in its own market, changes nothing, and a unit with no row and
no new session where its first is looked for still has none. The tests load sessions in
several loads, refresh after each, and compare every table with a whole build of all the
sessions; they check by hand which pairs and episodes were redone.

"show" has two 3000 s episodes, launched in the US at L and in Korea 7 h later; "other" one
episode, in the US at L. France has no launch (its sessions count nowhere). The horizon is 28
days (672 h) after a unit's L; a first session is looked for up to Korea's launch + 672 h.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

import pytest
from preaggregate_loads_support import MOVE_KR, hold, same_as_whole_build
from viewing_world import World, after

from showmeter.engines import preaggregates as kept
from showmeter.engines.preaggregates import Refreshed
from showmeter.store import households

if TYPE_CHECKING:
    import datetime as dt

L = "2024-03-01T08:00Z"
L_KR = "2024-03-01T15:00Z"
PROGRESS = "agg_unit_progress"

# (unit, title, episode, start, seconds, market)
Session = tuple[str | None, str, int, "dt.datetime", float, str]


def _catalog(w: World) -> None:
    w.season("show", runtimes=[3000, 3000], launches={"US": L, "KR": L_KR})
    w.season("other", runtimes=[3000], launches={"US": L})


def _hold(w: World, sessions: list[Session], first: int, unit: str) -> None:
    """The sessions held (on a TV) and added, numbered from ``first``."""
    hold(w, [(*session, "tv") for session in sessions], first, unit)


def _loads(
    loads: list[list[Session]],
    monkeypatch: pytest.MonkeyPatch,
    unit: str = "account",
    *,
    move_before: int = -1,
) -> tuple[World, list[Refreshed]]:
    """Each load refreshed in turn; every table checked against a whole build of them all.

    ``move_before`` is the load before which Korea's launch moves (:data:`MOVE_KR`); -1: never.

    Returns:
        The store, and what each refresh after the first load (built whole) did.
    """
    monkeypatch.setattr(households, "default_unit", lambda con: unit)
    w = World()
    _catalog(w)
    done: list[Refreshed] = []
    n = 0
    for index, sessions in enumerate(loads):
        if index == move_before:
            w.con.execute(MOVE_KR)
        _hold(w, sessions, n, unit)
        n += len(sessions)
        if index == 0:
            kept.build(w.con)
        else:
            done.append(kept.refresh(w.con, "SELECT * FROM held"))

    def catalog(fresh: World) -> None:
        _catalog(fresh)
        if 0 <= move_before < len(loads):
            fresh.con.execute(MOVE_KR)

    same_as_whole_build(w, catalog, kept.tables(unit))
    return w, done


def _s(
    unit: str | None,
    hours: float,
    seconds: float = 3000,
    *,
    episode: int = 1,
    market: str = "US",
    title: str = "show",
    base: str = L,
) -> Session:
    return (unit, title, episode, after(base, hours=hours), float(seconds), market)


def _progress(w: World, unit: str) -> list[tuple[object, ...]]:
    return w.con.execute(
        f"SELECT episode, seconds_28d, completed_90_us FROM {PROGRESS} WHERE unit_id = ? "
        "ORDER BY ALL",
        [unit],
    ).fetchall()


def test_sessions_that_count_nowhere_redo_no_row(monkeypatch: pytest.MonkeyPatch) -> None:
    first = [_s("a", 1, 1000), _s("b", 2)]
    second = [
        _s("a", 672),  # at L + 672 h: after a's horizon
        _s("a", 800, episode=2),
        _s("b", 1, market="KR"),  # KR before Korea's launch (L_KR = L + 7 h)
        _s("c", 1, market="FR"),  # a new unit, in a market without launch
        _s("d", 679.5, market="KR", base=L),  # a new unit at L_KR + 672.5 h: after every
    ]
    w, done = _loads([first, second], monkeypatch)
    assert (done[0].units, done[0].whole_units, done[0].episodes) == (4, 0, 0)
    assert _progress(w, "a") == [(1, 1000.0, None)]
    assert _progress(w, "c") == _progress(w, "d") == []


def test_a_session_a_microsecond_inside_the_horizon_redoes_its_episode(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = [_s("a", 1, 1000)]
    inside = after(L, hours=672, microseconds=-1)
    second = [("a", "show", 1, inside, 2000.0, "US")]
    w, done = _loads([first, second], monkeypatch)
    assert (done[0].whole_units, done[0].episodes) == (0, 1)
    # 1000 s at L + 1 h, then 2000 s just before L + 672 h: 3000 s reach 2700 s there.
    end = 672 * 3600 * 1_000_000 - 1 + 2000 * 1_000_000
    assert _progress(w, "a") == [(1, 3000.0, float(end))]


def test_a_new_unit_whose_first_session_is_looked_for_up_to_the_last_launch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # b: a US session at L + 675 h (after the US horizon, L + 672 h, but before Korea's launch
    # + 672 h = L + 679 h) and a Korean one at L + 10 h = L_KR + 3 h, its first: b is Korean,
    # from L_KR, and its US session, at L_KR + 668 h, counts (from its own launch, before
    # L_KR + 672 h). Both episodes complete at the end of their session.
    first = [_s("a", 1)]
    second = [_s("b", 675), _s("b", 10, 2800, market="KR", episode=2)]
    w, done = _loads([first, second], monkeypatch)
    assert (done[0].whole_units, done[0].episodes) == (1, 0)
    s = 1_000_000
    assert _progress(w, "b") == [
        (1, 3000.0, float((668 * 3600 + 3000) * s)),
        (2, 2800.0, float((3 * 3600 + 2800) * s)),
    ]


def test_an_earlier_session_in_another_market_moves_the_unit_and_redoes_it_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a: US at L_KR + 1 h (L + 8 h); then a Korean session at L_KR + 30 min, earlier: a is
    # Korean now, measured from L_KR; its US session counts from L_KR too.
    first = [_s("a", 8, 2000), _s("a", 9, 3000, episode=2)]
    second = [_s("a", 0.5, 1000, market="KR", base=L_KR)]
    w, done = _loads([first, second], monkeypatch)
    assert (done[0].whole_units, done[0].episodes) == (1, 0)
    h = 3600 * 1_000_000
    assert _progress(w, "a") == [
        (1, 3000.0, float(h + 2000 * 1_000_000)),  # 1000 + 2000 s at the end of the second
        (2, 3000.0, float(2 * h + 3000 * 1_000_000)),
    ]


def test_an_earlier_first_session_after_its_own_horizon_leaves_the_unit_no_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a: its first session Korean at L_KR + 667 h (its row); then a US session at L + 672.5 h
    # (= L_KR + 665.5 h): earlier, and before Korea's launch + 672 h, so it is a's first now:
    # a is American, from L, and neither session is before L + 672 h: a has no row left.
    first = [_s("a", 667, 1000, market="KR", base=L_KR), _s("b", 1)]
    second = [_s("a", 672.5)]
    w, done = _loads([first, second], monkeypatch)
    assert (done[0].whole_units, done[0].episodes) == (1, 0)
    assert _progress(w, "a") == []


def test_the_same_rows_loaded_again_leave_every_table(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [_s("a", 1, 1500), _s("a", 3, 1500), _s("b", 2, 100, market="KR", base=L_KR)]
    _, done = _loads([rows, rows], monkeypatch)  # the second load: the same sessions again
    # (as new rows: a session has no key here) — compared with a whole build of both
    assert done[0].whole_units == 0


def test_the_loads_rows_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The load's query of its new rows (which scans the staged rows) runs in one statement."""
    w = World()
    _catalog(w)
    _hold(w, [_s("a", 1, 1000)], 0, "account")
    kept.build(w.con)
    _hold(w, [_s("a", 2, 1000), _s("b", 3), _s("c", 4, episode=2)], 10, "account")
    query = "SELECT * FROM held WHERE true"
    seen: list[str] = []

    class Noted:
        def __init__(self, con: object) -> None:
            self._con = con

        def execute(self, sql: str, *args: object) -> object:
            seen.append(sql)
            return self._con.execute(sql, *args)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self._con, name)

    kept.refresh(Noted(w.con), query)  # type: ignore[arg-type]
    assert sum(query in sql for sql in seen) == 1
    assert _progress(w, "b") == [(1, 3000.0, float((3 * 3600 + 3000) * 1_000_000))]


_HOURS = (-1, 0, 0.5, 1, 6, 7, 8, 100, 671, 672, 673, 678, 679, 680, 700)


def _random_loads(rng: random.Random) -> list[list[Session]]:
    units = [f"u{i}" for i in range(rng.randint(2, 7))]
    sessions: list[Session] = []
    for _ in range(rng.randint(5, 35)):
        unit = rng.choice([*units, *units, None, ""])
        title = rng.choice(["show", "show", "other"])
        episode = rng.randint(1, 2) if title == "show" else 1
        market = rng.choice(["US", "US", "KR", "KR", "FR"])
        start = after(L, hours=rng.choice(_HOURS), minutes=rng.choice((0, 0, 1, -1)))
        seconds = float(rng.choice((0, 100, 1000, 1700, 2700, 2699.5, 3000)))
        sessions.append((unit, title, episode, start, seconds, market))
        if rng.random() < 0.15:  # the same session again (another row)
            sessions.append(sessions[-1])
    count = rng.randint(2, 4)
    loads: list[list[Session]] = [[] for _ in range(count)]
    for session in sessions:
        loads[rng.randrange(count)].append(session)
    if rng.random() < 0.2:  # a load of rows loaded before, again
        loads.append(list(loads[rng.randrange(count)]))
    return loads


@pytest.mark.parametrize("seed", range(40))
def test_random_sequences_of_loads_leave_the_rows_of_a_whole_build(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(1000 + seed)
    _loads(_random_loads(rng), monkeypatch, "profile" if seed % 5 == 4 else "account")


def test_a_catalog_change_with_sessions_that_count_nowhere_still_redoes_its_season(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Found by review: the refresh skips its work when no new session counts, and must not
    # when a season's catalog entry changed. Korea's launch moves a day later with a load of
    # only sessions that count nowhere (France has no launch): k's L moves with it.
    first = [_s("k", 30, 2900, market="KR", base=L_KR), _s("a", 1, 1000)]
    second = [_s("c", 1, market="FR")]
    w, _ = _loads([first, second], monkeypatch, move_before=1)
    moved = w.con.execute(
        f"SELECT DISTINCT launch_at FROM {PROGRESS} WHERE unit_id = 'k'"
    ).fetchall()
    assert moved == [(after(L_KR, hours=24),)]
