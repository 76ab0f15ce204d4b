"""The demo's published figures: the press's display rounding."""

from __future__ import annotations

from showmeter.demo.published import PUBLISHED


def test_the_rounding_is_the_press_s_half_up() -> None:
    drop = next(f for f in PUBLISHED if f.column == "wow_change")
    assert drop.shown(-66.5) == "−67%"
    assert drop.shown(-66.49) == "−66%"
    rating = next(f for f in PUBLISHED if f.query.metric == "average_rating")
    assert rating.shown(6.595) == "6.60"
    top = next(f for f in PUBLISHED if f.at_least)
    assert top.shown(99.9, claim=True) == "≥ 99.9"
    assert top.shown(99.94) == "99.9"
