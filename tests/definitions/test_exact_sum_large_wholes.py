"""An exact sum whose whole parts pass 2⁶³ computes on Spark as on DuckDB.

Three units at the weight bound (10⁸) each watching a whole day-long episode (86400 s, the
runtime bound): the average minute audience sums weight × microseconds, 8.64 × 10¹⁸ per unit,
2.592 × 10¹⁹ in all, past 2⁶³ ≈ 9.22 × 10¹⁸. Spark's 64-bit sum of the whole parts failed
(ARITHMETIC_OVERFLOW); DuckDB sums in 128 bits. The whole part is now summed in two parts below
2³², so no 64-bit sum passes 2⁶³. Hand-worked: 3 × 10⁸ × 86400 / 86400 = 3 × 10⁸ exactly (every
value here is a double without rounding).
"""

from __future__ import annotations

from viewing_world import World, after

L = "2024-03-01T08:00Z"


def test_three_units_at_the_bounds_give_their_weights(engine: str) -> None:
    w = World()
    w.season("show", runtimes=[86400], launches={"US": L})
    for n in range(3):
        w.view(f"u{n}", "show", 1, 1, after(L, hours=1), 86400)
        w.member("panel", f"u{n}", 100_000_000)
    values = w.values("average_minute_audience", engine, panel="panel")
    assert values == {("show", 1, 1): 300_000_000.0}
