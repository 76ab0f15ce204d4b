"""Every weighted sum a figure reports is the same double whatever order its rows come in.

A panel's weights are rarely whole (1234.56), and a double ``SUM`` of them rounds after every
addition, so before this the same season computed twice could differ in its last bit (DuckDB's
threads add in a different order each run; Spark's partitions in another). Reach, daily and
weekly reach, reach_index's active units, hours viewed, the completion family's Σ weight and
time_to_complete's weighted percentiles, and the Metascore's weighted mean now sum exactly
(:func:`showmeter.definitions.exact_sums.exact_sum`). The tests store the same rows in several
orders and compare the doubles with ``==``; whole weights still give the exact sum.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from viewing_world import World, after

L = "2024-03-01T08:00Z"
WEIGHTS = (1234.56, 0.1, 2.3, 987.65, 0.7, 1.1, 3.3, 4521.07, 0.2, 17.9, 2.2, 66.6)
"""One weight per unit; added in the orders below these gave several doubles before."""
SECONDS = (1800.5, 2400.25, 900.1, 3000.0, 1500.3, 2999.9, 2100.7, 2700.2, 1200.9, 600.4)
ORDERS = (
    tuple(range(12)),
    tuple(reversed(range(12))),
    (4, 9, 0, 11, 2, 7, 5, 1, 10, 3, 8, 6),
    (8, 3, 10, 6, 1, 11, 0, 5, 9, 2, 7, 4),
)
FIGURES = (
    ("reach", {}),
    ("daily_reach", {"days": 3}),
    ("weekly_reach", {"weeks": 2}),
    ("hours_viewed", {}),
    ("views", {}),
    ("episode_funnel", {}),
    ("completers", {}),
    ("binge_racers", {}),
    ("binge_race", {}),
    ("time_to_complete", {}),
    ("reach_index", {"reference": "show:1", "normalization": "share_of_active"}),
)
"""The figures of weighted sums, each with the parameters it needs."""


def _world(order: tuple[int, ...], weights: tuple[float, ...] = WEIGHTS) -> World:
    """Twelve panel units watching a two-episode season, their rows stored in ``order``."""
    w = World()
    w.season("show", runtimes=[3000, 3000], launches={"US": L})
    w.season("other", runtimes=[1000], launches={"US": L})
    for n in order:
        unit = f"u{n:02d}"
        w.member("panel", unit, weights[n])
        for episode in (1, 2):
            seconds = SECONDS[(n + episode) % len(SECONDS)]
            if n % 5 != 4 or episode == 1:  # every fifth unit stops after episode 1
                w.view(unit, "show", 1, episode, after(L, hours=n + 3 * episode), seconds)
        if n % 3 == 0:
            w.view(unit, "other", 1, 1, after(L, hours=30 + n), 800.5)
    return w


def _figures(w: World, engine: str) -> dict[str, list[dict[str, object]]]:
    return {
        metric: sorted(
            w.rows(metric, engine, panel="panel", **params), key=lambda r: sorted(r.items())
        )
        for metric, params in FIGURES
    }


def test_the_same_rows_in_any_order_give_the_same_doubles(engine: str) -> None:
    # Spark runs the same exact-sum expressions as DuckDB; two orders there (each order's
    # eleven figures cost ~20 s of local Spark in CI) prove its sums do not follow the order.
    orders = ORDERS if engine == "duckdb" else (ORDERS[0], ORDERS[2])
    first = _figures(_world(orders[0]), engine)
    for order in orders[1:]:
        found = _figures(_world(order), engine)
        for metric, rows in first.items():
            assert found[metric] == rows, (metric, order)


def test_weighted_sums_are_the_exact_sums(engine: str) -> None:
    w = _world(ORDERS[2])
    # reach: every unit viewed (each session is ≥ 600 s, above min_seconds' default)
    exact = sum(Fraction(str(x)) for x in WEIGHTS)
    assert w.values("reach", engine, panel="panel")[("show", 1)] == pytest.approx(
        float(exact), rel=1e-15
    )
    seconds = {
        n: [SECONDS[(n + e) % len(SECONDS)] for e in (1, 2) if n % 5 != 4 or e == 1]
        for n in range(12)
    }
    hours = sum(
        Fraction(str(WEIGHTS[n])) * Fraction(str(s)) for n, ss in seconds.items() for s in ss
    )
    value = w.values("hours_viewed", engine, panel="panel")[("show", 1)]
    assert value == pytest.approx(float(hours / 3600), rel=1e-15)


def test_whole_weights_give_the_exact_sum_as_before(engine: str) -> None:
    whole = tuple(float(n * 1000 + 7) for n in range(12))
    w = _world(ORDERS[3], whole)
    assert w.values("reach", engine, panel="panel")[("show", 1)] == float(sum(whole))
    assert w.values("reach", engine)[("show", 1)] == 12.0
    # Σ weight of the units completing episode 2 (90 % of 3000 s): whole sums are exact
    done = sum(
        whole[n] for n in range(12) if n % 5 != 4 and SECONDS[(n + 2) % len(SECONDS)] >= 2700
    )
    funnel = w.values("episode_funnel", engine, panel="panel")
    assert funnel[("show", 1, 2)] == float(done)
    started = w.values("episode_funnel", engine, "started", panel="panel")
    assert started[("show", 1, 2)] == float(sum(whole[n] for n in range(12) if n % 5 != 4))


def test_the_number_of_threads_does_not_change_a_panel_figure() -> None:
    w = World()
    w.season("show", runtimes=[3000], launches={"US": L})
    # 200 000 units of weights such as 1234.56 (several row groups, so threads split them)
    w.con.execute(
        """
        INSERT INTO viewing
        SELECT 'r' || i, 'u' || i, NULL, NULL, 'show', 1, 1,
               TIMESTAMPTZ '2024-03-01 09:00:00+00' + to_seconds(i % 86400),
               120.5 + (i * 7919) % 2999 / 10, NULL, 'tv', 'US'
        FROM range(200000) AS r(i)
        """
    )
    w.con.execute(
        """
        INSERT INTO panels
        SELECT 'p' || i, 'panel', 'account', 'u' || i, ((i * 104729) % 500000) / 100 + 0.01,
               NULL, NULL, NULL
        FROM range(200000) AS r(i)
        """
    )
    found = set()
    for threads in (1, 2, 3, 4, 2, 4):
        w.con.execute(f"SET threads = {threads}")
        found.add(
            (
                w.values("reach", "duckdb", panel="panel")[("show", 1)],
                w.values("hours_viewed", "duckdb", panel="panel")[("show", 1)],
            )
        )
    assert len(found) == 1, found


def test_metascore_weights_in_any_order(engine: str) -> None:
    from test_critics import Reviews

    scores = (73, 88, 61, 95, 42, 80, 67, 59)
    weights = (1.5, 0.3, 2.7, 0.1, 1.1, 0.7, 3.3, 0.9)
    found = set()
    for seed in range(4):
        order = list(range(len(scores)))
        random.Random(seed).shuffle(order)
        w = Reviews()
        w.show("show")
        for n in order:
            w.review("show", f"{scores[n]}/100", weight=weights[n], outlet=f"o{n}")
        found.add(w.values("metascore", engine, "weighted_mean")[("show", 1)])
    assert len(found) == 1, found
    exact = sum(Fraction(str(x)) * s for x, s in zip(weights, scores, strict=True)) / sum(
        Fraction(str(x)) for x in weights
    )
    assert found.pop() == pytest.approx(float(exact), rel=1e-15)


def test_random_panels_in_random_orders_give_one_double_near_the_exact_sum() -> None:
    rng = random.Random(12)
    for trial in range(4):
        n = 30
        weights = [
            rng.choice((round(rng.uniform(0.01, 5000), 2), rng.random() * 10 ** rng.randint(-3, 6)))
            for _ in range(n)
        ]
        seconds = [rng.uniform(600, 3000) for _ in range(n)]
        found = set()
        for _ in range(3):
            order = list(range(n))
            rng.shuffle(order)
            w = World()
            w.season("show", runtimes=[3000], launches={"US": L})
            for k in order:
                w.member("panel", f"u{k}", weights[k])
                w.view(f"u{k}", "show", 1, 1, after(L, hours=1 + k % 20), seconds[k])
            reach = w.values("reach", "duckdb", panel="panel")[("show", 1)]
            hours = w.values("hours_viewed", "duckdb", panel="panel")[("show", 1)]
            found.add((reach, hours))
        assert len(found) == 1, (trial, found)
        reach, hours = found.pop()
        assert reach == pytest.approx(float(sum(map(Fraction, weights))), rel=1e-15), trial
        products = sum(Fraction(x * s) for x, s in zip(weights, seconds, strict=True))
        assert hours == pytest.approx(float(products / 3600), rel=1e-15), trial
