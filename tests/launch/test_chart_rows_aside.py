"""Rows set aside while a chart is built give the specification Altair gives with them in."""

from __future__ import annotations

import collections
import datetime as dt
from typing import Any

import altair as alt
import pytest

from showmeter.launch import chart_style as style


def _layers(data: Any, other: Any) -> Any:
    chart = alt.Chart(data).properties(width=style.WIDE, height=style.HEIGHT)
    bars = chart.mark_bar().encode(x=alt.X("a:Q"), y=alt.Y("b:N", sort=["y", "x"]))
    labels = chart.mark_text().encode(x=alt.X("a:Q"), text=alt.Text("b:N"))
    more = alt.Chart(other).properties(width=style.WIDE, height=style.HEIGHT).mark_point()
    return bars + labels + more.encode(x=alt.X("a:Q"))


def _altair(rows: list[dict[str, object]], other: list[dict[str, object]]) -> dict[str, Any]:
    """Altair's own specification, the rows in the chart all along."""
    data, more = alt.Data(values=rows), alt.Data(values=other)  # type: ignore[no-untyped-call]
    spec: dict[str, Any] = _layers(data, more).configure(**style.config()).to_dict(validate=False)
    return spec


def _set_aside(rows: list[dict[str, object]], other: list[dict[str, object]]) -> dict[str, Any]:
    first, second = style.base(rows), style.base(other)
    return style.finish(_layers(first.data, second.data))


ROWS: list[dict[str, object]] = [
    {"a": 1, "b": "x", "c": None, "d": True},
    {"a": 2.5, "b": "y", "c": float("nan"), "d": False},
]
OTHER: list[dict[str, object]] = [{"a": 7}]


def test_the_specification_is_altairs_with_the_rows_in_it() -> None:
    made = _set_aside(ROWS, OTHER)
    assert repr(made) == repr(_altair(ROWS, OTHER))  # repr: NaN equal to itself
    assert repr(made["data"]["values"]) == repr(ROWS)  # the shared rows, lifted to the top
    assert made["layer"][2]["data"]["values"] == OTHER
    assert not style._WAITING  # nothing left waiting


def test_rows_with_other_values_go_to_altair_and_give_its_specification() -> None:
    rows: list[dict[str, object]] = [{"a": 1, "b": dt.date(2026, 1, 2)}]
    made = _set_aside(rows, OTHER)
    assert made == _altair(rows, OTHER)
    assert made["data"]["values"] == [  # Altair's conversion
        {"a": 1, "b": {"year": 2026, "month": 1, "date": 2}}
    ]


def test_the_rows_in_a_specification_are_copies() -> None:
    rows: list[dict[str, object]] = [{"a": 1, "b": "x"}]
    made = _set_aside(rows, OTHER)
    made["data"]["values"][0]["a"] = 5
    assert rows == [{"a": 1, "b": "x"}]


def test_a_chart_finished_twice_is_refused_with_its_remedy() -> None:
    chart = style.base([{"a": 1}]).mark_bar().encode(x=alt.X("a:Q"))
    style.finish(chart)
    with pytest.raises(RuntimeError, match="one finish only"):
        style.finish(chart)


def test_charts_abandoned_before_their_finish_are_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    # rows of a chart whose finish is never reached stayed for the life of the process
    # (found by review); past _MOST_WAITING the oldest are let go, the newest still finish
    monkeypatch.setattr(style, "_WAITING", collections.OrderedDict())
    monkeypatch.setattr(style, "_MOST_WAITING", 3)
    for n in range(10):
        style.base([{"n": n}])  # abandoned
    assert len(style._WAITING) == 3
    last = style.base([{"n": 99}]).mark_point()
    spec = style.finish(last)
    assert spec["data"]["values"] == [{"n": 99}]
    assert len(style._WAITING) == 2
