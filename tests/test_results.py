"""Result objects: Arrow, pandas, the JSON contract and CSV."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

import pyarrow as pa

from showmeter.results import Result, json_value


def _result() -> Result:
    table = pa.table(
        {
            "title": ["the-defenders", "daredevil"],
            "season": pa.array([1, 2], pa.int32()),
            "date": [dt.date(2017, 8, 18), None],
            "since": pa.array(
                [dt.datetime(2017, 8, 18, 7, 0, tzinfo=dt.UTC), None], pa.timestamp("us", tz="UTC")
            ),
            "value": [float("nan"), 2.5],
            "rank": pa.array([None, 1], pa.int64()),
            "fresh": [True, False],
        }
    )
    params = {
        "window_days": 30,
        "devices": None,
        "markets": ["KR", "US"],
        "reference": "daredevil:2",
    }
    inputs: list[dict[str, object]] = [{"events": Path("/data/events.csv"), "rows": 10}]
    return Result("reach", params, "duckdb", inputs, table)


def test_to_dict_is_the_json_contract() -> None:
    assert _result().to_dict() == {
        "metric": "reach",
        "params": {
            "window_days": 30,
            "devices": None,
            "markets": ["KR", "US"],
            "reference": "daredevil:2",
        },
        "engine": "duckdb",
        "inputs": [{"events": "/data/events.csv", "rows": 10}],
        "rows": [
            {
                "title": "the-defenders",
                "season": 1,
                "date": "2017-08-18",
                "since": "2017-08-18T07:00:00Z",
                "value": None,  # NaN
                "rank": None,
                "fresh": True,
            },
            {
                "title": "daredevil",
                "season": 2,
                "date": None,
                "since": None,
                "value": 2.5,
                "rank": 1,
                "fresh": False,
            },
        ],
    }


def test_to_json_parses_back_to_the_same_dict() -> None:
    result = _result()
    text = result.to_json()
    assert json.loads(text) == result.to_dict()
    assert "NaN" not in text
    assert list(json.loads(text)) == ["metric", "params", "engine", "inputs", "rows"]


def test_to_csv_has_a_header_and_empty_nulls() -> None:
    assert _result().to_csv() == (
        "title,season,date,since,value,rank,fresh\n"
        "the-defenders,1,2017-08-18,2017-08-18T07:00:00Z,,,true\n"
        "daredevil,2,,,2.5,1,false\n"
    )


def test_arrow_and_pandas() -> None:
    result = _result()
    assert result.to_arrow().num_rows == 2
    assert len(result) == 2
    assert result.columns[:2] == ["title", "season"]
    frame = result.to_pandas()
    assert list(frame["title"]) == ["the-defenders", "daredevil"]
    assert str(frame["since"].dt.tz) == "UTC"
    assert "rows=2" in repr(result)


def test_json_value_normalizes_instants_to_utc() -> None:
    seoul = dt.timezone(dt.timedelta(hours=9))
    assert json_value(dt.datetime(2017, 8, 18, 16, 0, tzinfo=seoul)) == "2017-08-18T07:00:00Z"
    assert json_value(dt.datetime(2017, 8, 18, 7, 0, 0, 500000)) == "2017-08-18T07:00:00.500000Z"
    assert json_value(decimal.Decimal("2.50")) == 2.5
    assert json_value(float("inf")) is None
    assert json_value(("a", 1)) == ["a", 1]
