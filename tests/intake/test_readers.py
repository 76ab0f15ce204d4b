"""Reading CSV, JSON Lines and Parquet: lines, types, malformed rows, directories and globs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from showmeter.catalog import load_catalog
from showmeter.errors import InputError
from showmeter.intake import readers
from showmeter.intake.load import ingest
from showmeter.store import Store


def test_csv_lines_count_the_header_and_skip_malformed_rows(write) -> None:  # type: ignore[no-untyped-def]
    path = write("x.csv", "a,b\n1,x\n2,y,EXTRA\n3,z\n4\n5,w\n")
    batches = list(readers.read_batches(path))
    lines = [line for b in batches for line in b.table.column("_line").to_pylist()]
    assert lines == [2, 4, 6]
    assert [(m.line, m.text) for b in batches for m in b.malformed] == [(3, "2,y,EXTRA"), (5, "4")]


def test_a_csv_column_named_line_is_ignored_and_lines_are_the_readers(
    catalog_file: Path, write
) -> None:  # type: ignore[no-untyped-def]
    """A header naming a column ``_line`` (found by tests/intake/test_fuzz.py) was an internal
    error: the batch held two ``_line`` columns. The input one is ignored, as every input name
    beginning with ``_``: line 2 (the-defenders 1x1, 3134 s, US) loads, line 3 (-5 s) is
    quarantined as seconds_out_of_range on line 3, not on the line its ``_line`` names (99)."""
    path = write(
        "s.csv",
        "_line,account_id,title,season,episode,started_at,seconds_watched,market\n"
        "7,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,US\n"
        "99,a2,the-defenders,1,1,2017-08-18T08:00:00Z,-5,US\n",
    )
    lines = [n for b in readers.read_batches(path) for n in b.table.column("_line").to_pylist()]
    assert lines == [2, 3]
    store = Store()
    [summary] = ingest(store, load_catalog(catalog_file), [("viewing", path)])
    assert (summary.read, summary.loaded, summary.reasons) == (2, 1, {"seconds_out_of_range": 1})
    line = store.connection.execute("SELECT line FROM quarantine").fetchone()
    assert line == (3,)


def test_jsonl_keeps_values_as_text_and_reports_bad_lines(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "x.jsonl",
        '{"a": 1, "b": "x", "c": true}\n\n[1, 2]\n{"a": 2.5, "b": null}\nnot json\n',
    )
    [batch] = list(readers.read_batches(path))
    assert batch.table.to_pylist() == [
        {"a": "1", "b": "x", "c": "true", "_line": 1},
        {"a": "2.5", "b": None, "c": None, "_line": 4},
    ]
    assert [(m.line, m.reason) for m in batch.malformed] == [
        (3, "malformed_json"),
        (5, "malformed_json"),
    ]


def test_expand_inputs_reads_directories_and_globs(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    for name in ("b.parquet", "a.parquet", "notes.md", "_SUCCESS"):
        (tmp_path / "d" / name).write_text("")
    assert [p.name for p in readers.expand_inputs(tmp_path / "d")] == ["a.parquet", "b.parquet"]
    assert [p.name for p in readers.expand_inputs(str(tmp_path / "d" / "b*"))] == ["b.parquet"]
    with pytest.raises(InputError, match="no input file found"):
        readers.expand_inputs(tmp_path / "missing" / "*.csv")


def test_expand_inputs_and_the_adapters_expand_name_files_alike(tmp_path: Path) -> None:
    """A file is taken as is, a directory recursively, a glob with ``**``; each keeps the files
    its test takes: the canonical reader's (not hidden, a known format; a glob takes every
    file), or an adapter's, not hidden either in a directory (macOS's ``._x.csv``), in natural
    order."""
    from showmeter.intake.adapters.files import expand

    folder = tmp_path / "d"
    (folder / "sub").mkdir(parents=True)
    names = ("p10.csv", "p9.csv", ".hidden.csv", "_x.csv", "sub/p2.csv", "notes.md", "x.txt")
    for name in names:
        (folder / name).write_text("")
    assert [p.name for p in readers.expand_inputs(folder)] == [
        "p10.csv",
        "p9.csv",
        "p2.csv",
        "x.txt",
    ]
    glob_all = [p.name for p in readers.expand_inputs(str(folder / "**" / "*"))]
    assert sorted(glob_all) == sorted(
        ["p10.csv", "p9.csv", "p2.csv", "notes.md", "x.txt", "_x.csv"]
    )
    assert readers.expand_inputs(folder / "notes.md") == [folder / "notes.md"]  # as is

    def csv(path: Path) -> bool:
        return path.suffix == ".csv"

    in_folder = [p.name for p in expand(folder, csv, "CSV files")]
    assert in_folder == ["p9.csv", "p10.csv", "p2.csv"]  # taken until the review of round 8
    assert [p.name for p in expand(str(folder / "p*"), csv, "CSV files")] == ["p9.csv", "p10.csv"]
    assert expand(folder / "notes.md", csv, "CSV files") == [folder / "notes.md"]
    with pytest.raises(InputError, match="no CSV files found"):
        expand(str(folder / "*.tsv"), csv, "CSV files")
    assert readers.named_files(tmp_path / "none", csv, csv) == []


def _sessions(started_at: pa.Array) -> pa.Table:
    n = len(started_at)
    return pa.table(
        {
            "account_id": pa.array([f"a{i}" for i in range(n)]),
            "title": pa.array(["the-defenders"] * n),
            "season": pa.array([1] * n, pa.int32()),
            "episode": pa.array([1] * n, pa.int64()),
            "started_at": started_at,
            "seconds_watched": pa.array([600.0] * n),
            "device": pa.array(["tv"] * n),
            "market": pa.array(["US"] * n),
        }
    )


def test_parquet_with_typed_columns(catalog_file: Path, tmp_path: Path) -> None:
    aware = pa.array(
        [datetime(2017, 8, 18, 8, tzinfo=UTC), datetime(2016, 1, 1, tzinfo=UTC)],
        pa.timestamp("us", tz="UTC"),
    )
    pq.write_table(_sessions(aware), tmp_path / "s.parquet")
    store = Store()
    [summary] = ingest(store, load_catalog(catalog_file), [("viewing", tmp_path / "s.parquet")])
    assert (summary.loaded, summary.reasons) == (1, {"outside_availability": 1})
    line = store.connection.execute("SELECT line FROM quarantine").fetchone()
    assert line == (2,)  # the second row of the file


def test_parquet_naive_timestamps_need_assume_tz(catalog_file: Path, tmp_path: Path) -> None:
    naive = pa.array([datetime(2017, 8, 19, 9)], pa.timestamp("us"))
    pq.write_table(_sessions(naive), tmp_path / "n.parquet")
    catalog = load_catalog(catalog_file)
    [rejected] = ingest(Store(), catalog, [("viewing", tmp_path / "n.parquet")])
    assert rejected.reasons == {"naive_timestamp": 1}
    store = Store()
    [loaded] = ingest(store, catalog, [("viewing", tmp_path / "n.parquet")], assume_tz="Asia/Seoul")
    assert loaded.loaded == 1
    assert store.connection.execute(
        "SELECT strftime(started_at, '%H:%M') FROM viewing"
    ).fetchone() == ("00:00",)  # 09:00 in Seoul (UTC+9) is 00:00Z
