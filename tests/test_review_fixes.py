"""Bad paths given to a store, --rejects, report --output and catalog commands: clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import showmeter

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
ROWS = (
    HEADER
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
    + "e2,a2,the-defenders,1,1,2017-08-18T08:00:00Z,=HYPERLINK(1),tv,US\n"  # not a number
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args], capture_output=True, text=True, check=False
    )


def test_a_csv_file_given_as_the_store_is_refused_and_left_as_it_was(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(ROWS)
    before = events.read_bytes()
    with pytest.raises(showmeter.InputError, match="not a showmeter store"):
        showmeter.ingest(events, catalog=catalog_file, events=events)
    assert events.read_bytes() == before
    done = run("compute", "reach", "--store", str(events))
    assert done.returncode == 1 and "not a showmeter store" in done.stderr


def test_rejects_are_escaped_against_formulas_and_a_bad_path_is_a_usage_error(
    tmp_path: Path, catalog_file: Path
) -> None:
    events = tmp_path / "events.csv"
    events.write_text(ROWS)
    rejects = tmp_path / "rejects.csv"
    store = tmp_path / "s.duckdb"
    showmeter.ingest(store, catalog=catalog_file, events=events, rejects=rejects)
    lines = rejects.read_text().splitlines()
    assert lines[0] == "file,line,column,reason,value,record"
    # the one quarantined row: line 3, seconds_watched '=HYPERLINK(1)', escaped with a quote
    assert ",3,seconds_watched,not_a_number,'=HYPERLINK(1)," in lines[1]
    folder = tmp_path / "a-folder"
    folder.mkdir()
    done = run(
        "ingest", "--store", str(tmp_path / "t.duckdb"), "--catalog", str(catalog_file),
        "--events", str(events), "--rejects", str(folder),
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "cannot write the rejected rows" in done.stderr


def test_report_into_a_file_and_catalog_files_in_missing_folders_are_usage_errors(
    tmp_path: Path, catalog_file: Path
) -> None:
    store = tmp_path / "s.duckdb"
    events = tmp_path / "events.csv"
    events.write_text(ROWS)
    showmeter.ingest(store, catalog=catalog_file, events=events)
    with pytest.raises(showmeter.UsageError, match="a file, not a folder"):
        showmeter.report("the-defenders:1", store=store, output=events)
    for args in (
        ("catalog", "init", str(tmp_path / "missing" / "catalog.yaml")),
        ("catalog", "schema", "-o", str(tmp_path)),
    ):
        done = run(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "cannot write the file" in done.stderr
