"""Row identity at ingest: Parquet read by DuckDB itself, rows without ids, old stores."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from showmeter.catalog import load_catalog
from showmeter.errors import InputError
from showmeter.intake import settle, staging_sql
from showmeter.intake.load import ingest
from showmeter.store import Store

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market"
ROWS = [
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,TV,US",
    "e2,a1,the-defenders,1,1,2017-08-18T09:00:00Z,1500,Roku,us",
    "e3,,the-defenders,1,1,2017-08-18T09:00:00Z,1500,tv,US",  # missing_unit_id
    "e5,a2,the-defenders,one,1,2017-08-18T09:00:00Z,1500,tv,US",  # not_an_integer
    "e8,a2,the-defenders,1,1,2017-08-18T09:00:00Z,abc,tv,US",  # not_a_number
    "e11,a2,the-defenders,1,1,2017-08-18T09:00:00Z,100,tv,XX",  # unknown_market
    "e15,a2,the-defenders,1,1,2022-03-05T12:00:00Z,100,tv,US",  # outside_availability
    "e1,a9,the-defenders,1,2,2017-08-19T09:00:00Z,100,tv,US",  # conflicting_row
    "e2,a1,the-defenders,1,1,2017-08-18T09:00:00Z,1500,Roku,us",  # duplicate
    ",a3,the-defenders,1,2,2017-08-19T09:00:00Z,86400,,",  # loaded, no id
    ",a3,the-defenders,1,2,2017-08-19T09:00:00Z,86400,,",  # duplicate by its values
    ",a3,the-defenders,1,2,2017-08-19T09:00:00Z,86000,,",  # loaded: one value differs
]


def _parquet(tmp_path: Path, rows: list[str] = ROWS) -> Path:
    text = tmp_path / "events.csv"
    text.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    names = HEADER.split(",")
    table = pacsv.read_csv(
        text,
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True
        ),
    )
    path = tmp_path / "events.parquet"
    pq.write_table(table, path)
    return path


def _state(store: Store) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    viewing = store.connection.execute("SELECT * FROM viewing ORDER BY ALL NULLS FIRST").fetchall()
    quarantine = store.connection.execute(
        'SELECT file, line, "column", reason, value, record FROM quarantine ORDER BY line'
    ).fetchall()
    return viewing, quarantine


def test_parquet_read_by_duckdb_agrees_with_the_arrow_batches(
    catalog_file: Path, tmp_path: Path
) -> None:
    path = _parquet(tmp_path)
    catalog = load_catalog(catalog_file)
    direct, batched = Store(), Store()
    [fast] = ingest(direct, catalog, [("viewing", path)])
    # A prepare hook sends the file through the Arrow batch path instead.
    [slow] = ingest(batched, catalog, [("viewing", path)], prepare={"viewing": lambda t: t})
    assert fast.to_dict() == slow.to_dict()
    assert _state(direct) == _state(batched)
    assert (fast.loaded, fast.duplicates, fast.quarantined) == (4, 2, 6)
    assert fast.reasons == {
        "conflicting_row": 1,
        "missing_unit_id": 1,
        "not_a_number": 1,
        "not_an_integer": 1,
        "outside_availability": 1,
        "unknown_market": 1,
    }
    lines = {row[3]: row[1] for row in _state(direct)[1]}
    assert lines["not_a_number"] == 5  # the 1-based row number in the Parquet file
    assert lines["conflicting_row"] == 8


def test_parquet_column_names_are_matched_without_case(catalog_file: Path, tmp_path: Path) -> None:
    table = pq.read_table(_parquet(tmp_path, ROWS[:2]))
    upper = table.rename_columns([name.upper() for name in table.column_names])
    pq.write_table(upper, tmp_path / "upper.parquet")
    upper_file = tmp_path / "upper.parquet"
    [summary] = ingest(Store(), load_catalog(catalog_file), [("viewing", upper_file)])
    assert (summary.read, summary.loaded) == (2, 2)


def test_a_truncated_parquet_file_is_an_input_error(catalog_file: Path, tmp_path: Path) -> None:
    path = _parquet(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    store = Store()
    with pytest.raises(InputError) as error:
        ingest(store, load_catalog(catalog_file), [("viewing", path)])
    assert error.value.file == str(path)
    assert "Parquet file" in str(error.value)
    assert store.counts()["viewing"] == 0


def test_rows_without_an_id_are_told_apart_by_their_values_not_their_hash(
    catalog_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every row of a title hashes alike: only the comparison of values can tell them apart.
    def colliding(columns: tuple[str, ...], table: str = "") -> str:
        return f"hash({table + '.' if table else ''}title)"

    monkeypatch.setattr(staging_sql, "content_hash", colliding)
    monkeypatch.setattr(settle, "content_hash", colliding)
    rows = [
        ",a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US",
        ",a2,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US",
        ",a1,the-defenders,1,2,2017-08-18T09:00:00Z,1800,tv,US",
        ",a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US",  # a true duplicate
    ]
    path = _parquet(tmp_path, rows)
    store = Store()
    catalog = load_catalog(catalog_file)
    [first] = ingest(store, catalog, [("viewing", path)])
    assert (first.loaded, first.duplicates, first.quarantined) == (3, 1, 0)
    [again] = ingest(store, catalog, [("viewing", path)])
    assert (again.loaded, again.duplicates, again.quarantined) == (0, 4, 0)
    assert store.counts()["viewing"] == 3


def test_a_store_of_showmeter_0_1_is_upgraded_so_a_reload_adds_nothing(
    catalog_file: Path, tmp_path: Path
) -> None:
    path = _parquet(tmp_path)
    file = tmp_path / "old.duckdb"
    catalog = load_catalog(catalog_file)
    with Store(file) as store:
        ingest(store, catalog, [("viewing", path)])
        # What 0.1 wrote: a NOT NULL row_id, '#' + md5 of the values for rows without an id.
        store.connection.execute(
            "UPDATE viewing SET row_id = '#' || md5(account_id || started_at::VARCHAR || "
            "seconds_watched::VARCHAR) WHERE row_id IS NULL"
        ).fetchall()
        store.connection.execute("ALTER TABLE viewing ALTER row_id SET NOT NULL").fetchall()
    with Store(file) as store:
        assert store.connection.execute(
            "SELECT count(*) FILTER (row_id IS NULL), count(*) FROM viewing"
        ).fetchall() == [(2, 4)]
        [summary] = ingest(store, catalog, [("viewing", path)])
        assert summary.loaded == 0
        assert store.counts()["viewing"] == 4
