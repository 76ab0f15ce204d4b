"""No pre-aggregation can change a figure: every metric, both ways, on every hand-worked world.

Each world of the hand-worked cases (the ``_*_world`` builders of the metric tests) and a
simulated world get their pre-aggregations built; every metric of the registry is then computed
with them (``SHOWMETER_PREAGGREGATES`` unset: read where they cover the parameters) and without
(``off``: the sessions), at its defaults, for one season, by market, with a shorter window and
with another completion threshold, and — for each metric the per-day rows serve (reach, hours,
views, daily and weekly reach, AMA, and rank of reach and of hours) — filtered to the world's
busiest market (alone and by market), to its busiest device, and with another window and
``min_seconds``, and for each metric of the completion family (the per-unit progress, with the
units a filter splits from their sessions, switched on here) filtered to the busiest market,
to the two busiest (alone and by market), to the busiest device and to both, for one season
(every kind in the simulated world,
one kind per metric in each hand-worked one; test_preaggregates_markets.py's world has units
that travel between markets and devices); the two results must be equal (doubles to 1e-9
relative: a sum of doubles taken in another order differs in its last bits).
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from viewing_world import World

from showmeter import definitions
from showmeter.definitions.preaggregate_days import ADDITIVE
from showmeter.definitions.preaggregate_filters import SWITCH as FILTERED
from showmeter.engines import compute
from showmeter.engines import preaggregates as kept
from showmeter.engines.preaggregated import SWITCH

WORLDS = [
    ("test_completion", "_race_world"),
    ("test_completion", "_funnel_world"),
    ("test_completion", "_timing_world"),
    ("test_attention", "_hours_world"),
    ("test_attention", "_audience_world"),
    ("test_audience", "_index_world"),
    ("test_ranking", "_hours_world"),
    ("test_engines_batch", "_world"),
    ("test_engines_by_season", "_world"),
    ("test_preaggregates_markets", "_travel_world"),
]
"""The hand-worked worlds: (test module, builder)."""

RANKED = ("reach", "hours_viewed", "views", "completers", "binge_racers", "time_to_complete")


def _requests(
    con: duckdb.DuckDBPyConnection, extra: dict[str, object] | None = None, every: bool = False
) -> Iterator[tuple[str, dict[str, object], bool]]:
    """(metric, parameters, one season) for every metric of the registry.

    ``extra`` parameters (e.g. ``unit``) are added to those of the metrics that have them.
    """
    for metric, params, one in _each_request(con, every):
        names = {p.name for p in definitions.get(metric).params}
        yield metric, {**params, **{k: v for k, v in (extra or {}).items() if k in names}}, one


def _busiest(con: duckdb.DuckDBPyConnection, column: str, rank: int = 0) -> str:
    """The value of a viewing column with the most sessions (the smallest on a tie).

    ``rank`` 1 gives the second busiest (the busiest when there is only one).
    """
    query = f"SELECT {column} FROM viewing GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT {rank + 1}"
    return str(con.execute(query).fetchall()[-1][0])


COMPLETION = tuple(m.name for m in definitions.all_metrics() if m.family == "completion")
"""The completion family: the per-unit progress serves its market and device filters, with
the units a filter splits computed from their sessions (test_preaggregates_markets.py), for
one season's figures (those whose season's computation reads that season's sessions alone,
:data:`SEASON_ALONE`; the others read the sessions under a filter, alike both ways)."""

SEASON_ALONE = tuple(m for m in COMPLETION if definitions.get(m).season_alone)


def _filtered(
    metric: definitions.Metric,
    params: dict[str, object],
    market: str,
    device: str,
    every: bool,
    markets: str = "",
) -> Iterator[tuple[str, dict[str, object], bool]]:
    """The filtered requests of a metric a pre-aggregation serves under a filter.

    The metrics the per-day rows serve (:data:`ADDITIVE`) and the completion family
    (:data:`COMPLETION`: markets alone, several, by market, a device, both). With ``every``,
    each kind of filtered request; otherwise one (a different kind for each metric, so that
    the hand-worked worlds cover every kind at a few computations' cost). The other metrics
    read the sessions under a filter, alike both ways.
    """
    if metric.name in COMPLETION:
        kinds = [  # one season: the per-unit progress serves a filter of one season's figures
            ({"markets": market}, True),
            ({"markets": markets or market, "by_market": True}, True),
            ({"devices": device}, True),
            ({"markets": markets or market}, True),
            ({"markets": market, "devices": device}, True),
        ]
        if not every:
            kinds = [kinds[COMPLETION.index(metric.name) % len(kinds)]]
        for extra, one in kinds:
            yield metric.name, {**params, **extra}, one
        return
    if metric.name not in ADDITIVE:
        return
    names = {p.name for p in metric.params}
    kinds: list[tuple[dict[str, object], bool]] = [
        ({"markets": market}, False),
        ({"devices": device}, True),
        ({"markets": market, "by_market": True}, False),
    ]
    if "window_days" in names:
        kinds.append(({"markets": market, "window_days": 3}, False))
    if "min_seconds" in names:
        kinds.append(({"devices": device, "min_seconds": 1200}, False))
    if not every:
        kinds = [kinds[ADDITIVE.index(metric.name) % len(kinds)]]
    for extra, one in kinds:
        yield metric.name, {**params, **extra}, one


def _each_request(
    con: duckdb.DuckDBPyConnection, every: bool = False
) -> Iterator[tuple[str, dict[str, object], bool]]:
    rows = con.execute("SELECT title, season FROM seasons ORDER BY 1, 2 LIMIT 1").fetchall()
    reference = f"{rows[0][0]}:{rows[0][1]}"
    market, device = _busiest(con, "market"), _busiest(con, "device")
    markets = ",".join(sorted({market, _busiest(con, "market", 1)}))  # the two busiest
    for metric in definitions.all_metrics():
        names = {p.name for p in metric.params}
        if metric.name == "rank":
            for ranked in RANKED:
                yield metric.name, {"metric": ranked}, False
            yield metric.name, {"metric": "binge_racers", "by_market": True}, False
            yield metric.name, {"metric": "reach", "markets": market}, False
            yield metric.name, {"metric": "hours_viewed", "devices": device}, False
            continue
        params: dict[str, object] = {"reference": reference} if "reference" in names else {}
        if any(p.required and p.name not in params for p in metric.params):
            continue
        yield metric.name, params, False
        yield from _filtered(metric, params, market, device, every, markets)
        if "season" in metric.rows:
            yield metric.name, params, True
        if metric.family == "completion":
            yield metric.name, {**params, "by_market": True}, False
            yield metric.name, {**params, "completion": 0.7}, False
            if "window_days" in names:
                yield metric.name, {**params, "window_days": 7}, False
            if metric.name == "binge_racers":
                yield metric.name, {**params, "window_hours": 48}, True


def _same(left: object, right: object) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12) or (
            math.isnan(left) and math.isnan(right)
        )
    return left == right


def _rows_equal(
    left: duckdb.DuckDBPyConnection, right: duckdb.DuckDBPyConnection, table: str
) -> bool:
    """Whether ``table`` holds the same rows on both connections (doubles to 1e-9 relative)."""
    a, b = (
        sorted(c.execute(f"SELECT * FROM main.{table}").fetchall(), key=repr) for c in (left, right)
    )
    return len(a) == len(b) and all(
        all(_same(x, y) for x, y in zip(r, s, strict=True)) for r, s in zip(a, b, strict=True)
    )


def _agree(
    con: duckdb.DuckDBPyConnection,
    monkeypatch: pytest.MonkeyPatch,
    extra: dict[str, object] | None = None,
    filtered: list[str] | None = None,
    every: bool = False,
) -> int:
    """Compute every request both ways on ``con``; return how many read a pre-aggregation.

    ``filtered`` (when given) receives the metric of each computation with a market or device
    filter that read a pre-aggregation; ``every`` asks every kind of filtered request of each
    metric the per-day rows serve (else one each).
    """
    kept.build(con)
    assert kept.status(con, any_unit=True).current
    monkeypatch.setenv(FILTERED, "on")  # the per-unit progress serves filters (off by default)
    first = con.execute("SELECT title, season FROM seasons ORDER BY 1, 2 LIMIT 1").fetchall()[0]
    served = 0
    for metric, params, one in _requests(con, extra, every):
        where = {"title": first[0], "season": first[1]} if one else {}
        monkeypatch.setenv(SWITCH, "off")
        sessions = compute(metric, params, source=con, **where)  # type: ignore[arg-type]
        monkeypatch.delenv(SWITCH)
        aggregated = compute(metric, params, source=con, **where)  # type: ignore[arg-type]
        read = (aggregated.computed_from or "").startswith("Computed from the store")
        served += read
        if read and filtered is not None and ("markets" in params or "devices" in params):
            filtered.append(metric)
        assert sessions.columns == aggregated.columns, (metric, params)
        assert len(sessions.rows) == len(aggregated.rows), (metric, params, one)
        for a, b in zip(sessions.rows, aggregated.rows, strict=True):
            assert all(_same(a[k], b[k]) for k in a), (metric, params, one, a, b)
    return served


@pytest.mark.parametrize(("module", "builder"), WORLDS)
def test_every_metric_of_a_hand_worked_world_is_the_same_from_the_pre_aggregations(
    module: str, builder: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world: World = getattr(importlib.import_module(module), builder)()
    filtered: list[str] = []
    # every kind of filtered request on the world of travellers (one kind per metric elsewhere)
    served = _agree(world.con, monkeypatch, filtered=filtered, every=builder == "_travel_world")
    assert served > 0  # the pre-aggregations were read, not only the sessions
    # every additive metric, filtered by market or device, read the per-day rows; every
    # metric of the completion family the per-unit progress
    assert set(filtered) >= {*ADDITIVE, "rank", *SEASON_ALONE}


def test_every_metric_of_a_simulated_world_is_the_same_from_the_pre_aggregations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import showmeter
    from showmeter.simulate import demo_world, write_world

    monkeypatch.setenv(kept.MIN_SESSIONS_VARIABLE, "0")  # a small world keeps them too
    written = write_world(demo_world(), tmp_path / "world", sessions=30_000, seed=5)
    store = tmp_path / "store.duckdb"
    showmeter.ingest(store, catalog=written.catalog, events=written.session_files)
    con = duckdb.connect(str(store))
    con.execute("SET TimeZone = 'UTC'").fetchall()
    try:
        # 40+ computations read a pre-aggregation: season figures and per-unit rows
        filtered: list[str] = []
        assert _agree(con, monkeypatch, filtered=filtered, every=True) > 40
        assert set(filtered) >= {*ADDITIVE, "rank", *SEASON_ALONE}
    finally:
        con.close()
