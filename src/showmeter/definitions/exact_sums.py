"""Sums of doubles that do not depend on the order the rows are added in.

A double ``SUM`` rounds after every addition, so the same rows added in another order (another
thread count, a pre-aggregation's partial sums, a store loaded in two loads, DuckDB or Spark)
can give a figure that differs in its last bit. :func:`exact_sum` splits each value into four
integers at fixed binary scales (its whole units in two parts, then 30 and 60 bits after the
point), sums the integers (integer sums are exact in any order) and joins the four sums into
one double by the same fixed steps on every engine. :func:`whole_microseconds` turns seconds
into integer microseconds, whose plain ``SUM`` is exact.

Why :func:`exact_sum` is exact for the values a figure sums (not negative): every double of
magnitude 2⁻⁸ … 2⁶³ is a multiple of 2⁻⁶⁰ no larger than 2⁶³ (its 53 bits of mantissa end at
or above 2⁻⁶⁰), so ``floor``, a subtraction and a multiplication by 2³⁰ split it with no rounding;
a value below 2⁻⁸ loses what lies below 2⁻⁶⁰ (less than 10⁻¹⁸), the same whatever the order.
The result is a function of the values alone: the same multiset of rows gives the same double.
The values stay in range because the ingest bounds what they are made of: a weight is at most
10⁸ (:data:`~showmeter.intake.rules.MAX_WEIGHT`), a session's seconds at most 86400, and
non-finite numbers are quarantined (docs/ingest.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir
    from ibis.expr.builders import LegacyWindowBuilder

__all__ = ["LIMB", "MICROSECONDS", "WHOLE_SPLIT", "exact_sum", "weight_sum", "whole_microseconds"]

LIMB = 2**30
"""The scale between the three parts of a value (each part's sum fits a 64-bit integer for up
to 2³³ rows)."""

WHOLE_SPLIT = 2**32
"""Where a value's whole part is split in two: its upper part is below 2³¹ (a value is below
2⁶³) and its lower part below 2³², so each part's 64-bit sum stays in range for up to 2³¹ rows
however large the values (the whole part's own sum passed 2⁶³ with three rows of 8.64 × 10¹⁸,
a unit at the weight bound watching a day-long episode in microseconds: Spark's sum failed).
When the whole parts sum below 2⁵³ (every figure but such extremes), the joined sum is the
same double as one sum of the whole parts would give."""

MICROSECONDS = 1_000_000
"""Microseconds per second."""


def exact_sum(
    value: ir.FloatingValue,
    over: LegacyWindowBuilder | None = None,
    where: ir.BooleanValue | None = None,
) -> ir.FloatingValue:
    """Σ ``value`` as a double that is the same whatever order the rows are added in.

    Args:
        value: A column of doubles, not negative and below 2⁶³, of at most 2³¹ rows (each
            part's sum is a 64-bit integer; Spark fails past 2⁶³); nulls are skipped, as by
            ``SUM``.
        over: A window to sum over (a running or a partition's sum, one per row), or
            ``None`` for an aggregate.
        where: Only the rows where this holds (as ``SUM``'s ``where``), or ``None`` for all.

    Returns:
        The sum: exact integer sums of each value's whole part and of its next 30 and 60 bits,
        joined by fixed steps (for values from 2⁻⁸ up, within a unit or two of the last place
        of the exact sum; the exact sum itself when the values are whole numbers and it is
        below 2⁵³). Null when every value is null.
    """
    whole = value.floor()
    upper = (value / WHOLE_SPLIT).floor()  # the whole part in two, each below 2³²
    lower = whole - upper * WHOLE_SPLIT
    rest = (value - whole) * LIMB
    high = rest.floor()
    low = ((rest - high) * LIMB).floor()

    def total(part: ir.IntegerValue) -> ir.FloatingValue:
        summed = part.sum(where=where) if over is None else part.sum(where=where).over(over)
        return summed.cast("float64")

    # the smaller parts first; each step is the same IEEE operation on every engine
    fraction = (total(low) / LIMB + total(high)) / LIMB
    return (total(upper) * WHOLE_SPLIT + total(lower)) + fraction


def weight_sum(
    weight: ir.FloatingValue,
    exact: bool,
    over: LegacyWindowBuilder | None = None,
    where: ir.BooleanValue | None = None,
) -> ir.FloatingValue:
    """Σ ``weight``: by :func:`exact_sum` when a weight can be fractional, else a plain sum.

    Without a panel every unit weighs 1.0, and a plain ``SUM`` of 1.0s is exact in any order
    (below 2⁵³ rows) and cheaper; a panel's weights (1234.56) need :func:`exact_sum`.

    Args:
        weight: The units' weights.
        exact: Whether the weights can be fractional (a panel is named).
        over: A window to sum over, or ``None`` for an aggregate.
        where: Only the rows where this holds, or ``None`` for all.

    Returns:
        The sum, a double; null when no row is summed.
    """
    if exact:
        return exact_sum(weight, over, where)
    summed = weight.sum(where=where)
    return (summed if over is None else summed.over(over)).cast("float64")


def whole_microseconds(seconds: ir.FloatingValue) -> ir.IntegerValue:
    """Seconds as a whole number of microseconds (rounded half away from zero).

    Given a total (a unit's seconds of an episode), it rounds the same total added in another
    order (from sessions, or from a pre-aggregation's per-day sums) to the same microseconds,
    but for a total within a few units of its last place of half a microsecond; integer sums
    of the results are exact in any order.
    """
    return (seconds * MICROSECONDS).round()
