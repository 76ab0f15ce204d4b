"""binge_race's row for h is binge_racers with ``window_hours = h``, to the last bit.

Both sum a panel's fractional weights; binge_racers sums them exactly
(:func:`showmeter.definitions.exact_sums.exact_sum`), so binge_race must too, or its 24 h row
differs in the last bit from binge_racers' (and between stores holding the rows in other
orders). The weights below, added one by one in these orders, round to several doubles.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from viewing_world import World, after

L = "2024-03-01T08:00Z"


def _weights() -> list[float]:
    rng = random.Random(7)
    return [rng.random() * 10 ** rng.randint(-2, 4) for _ in range(40)]


def _world(order: list[int], weights: list[float]) -> World:
    """Forty panel units each completing a one-episode season ``k % 30`` hours after L."""
    w = World()
    w.season("show", runtimes=[1000], launches={"US": L})
    for k in order:
        w.member("panel", f"u{k:02d}", weights[k])
        w.view(f"u{k:02d}", "show", 1, 1, after(L, hours=k % 30), 1000.0)
    return w


def test_binge_race_24_h_row_is_binge_racers_exactly(engine: str) -> None:
    weights = _weights()
    inside = [weights[k] for k in range(40) if k % 30 < 24]
    exact = float(sum(map(Fraction, inside)))
    rng = random.Random(3)
    found = set()
    # Three storage orders on DuckDB; one on each Spark engine (each run there costs ~30 s),
    # where the value must still be the exact sum and binge_racers'.
    for trial in range(3 if engine == "duckdb" else 1):
        order = list(range(40))
        if trial:
            rng.shuffle(order)
        w = _world(order, weights)
        racers = w.values("binge_racers", engine, panel="panel", window_hours=24)[("show", 1)]
        rows = w.rows("binge_race", engine, panel="panel", window_hours=[24, 48])
        race = {r["hours"]: r["value"] for r in rows}
        assert race[24] == racers, order
        assert race[48] == pytest.approx(float(sum(map(Fraction, weights))), rel=1e-15)
        found.add(race[24])
    assert len(found) == 1, found
    assert found.pop() == pytest.approx(exact, rel=1e-15)
