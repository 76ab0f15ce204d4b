"""``Result.rows`` converts the Arrow rows once per table, and each call gives rows of its own."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from showmeter import results
from showmeter.results import Result


def _result() -> Result:
    table = pa.table(
        {
            "title": ["a", "b"],
            "at": [dt.datetime(2026, 1, 2, 3, 4, 5), None],
            "value": [1.5, float("nan")],
            "weeks": [[1, 2], []],
        }
    )
    return Result("m", {}, "duckdb", [], table)


EXPECTED = [
    {"title": "a", "at": "2026-01-02T03:04:05Z", "value": 1.5, "weeks": [1, 2]},
    {"title": "b", "at": None, "value": None, "weeks": []},
]


def test_rows_are_the_json_rows_each_time_and_a_change_to_them_stays_with_the_caller() -> None:
    result = _result()
    first = result.rows
    assert first == EXPECTED
    first[0]["title"] = "changed"
    first[0]["weeks"].append(3)  # type: ignore[attr-defined]
    first.append({})
    assert result.rows == EXPECTED


def test_rows_are_converted_once_per_table() -> None:
    result = _result()
    calls: list[int] = []
    table = result.table

    class Counting:
        def __getattr__(self, name: str) -> object:
            return getattr(table, name)

        def to_pylist(self) -> list[dict[str, object]]:
            calls.append(1)
            return table.to_pylist()

    result.table = Counting()  # type: ignore[assignment]
    assert result.rows == result.rows == EXPECTED
    assert len(calls) == 1
    result.table = pa.table({"title": ["c"]})  # a new table: its rows
    assert result.rows == [{"title": "c"}]


def test_flat_rows_are_new_dicts_each_time() -> None:
    result = Result("m", {}, "duckdb", [], pa.table({"title": ["a"], "value": [2]}))
    first = result.rows
    first[0]["value"] = 3
    assert result.rows == [{"title": "a", "value": 2}]
    assert result.rows[0] is not result.rows[0]


def test_a_large_result_is_converted_at_each_call_not_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # rows kept converted cost memory beside the Arrow table (73 MB for 200 000 rows, found by
    # review): a result of more than KEPT_ROWS rows converts them at each call
    monkeypatch.setattr(results, "KEPT_ROWS", 1)
    result = _result()
    assert result.rows == EXPECTED
    assert "_rows" not in vars(result)
    assert result.rows == EXPECTED
