"""``showmeter quarantine``: the quarantined rows of a store, filtered, in three forms."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from showmeter.catalog import load_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
SESSIONS = (
    HEADER
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"  # line 2: loaded
    + "e2,a1,the-defenders,1,1,yesterday,1800,tv,US\n"  # line 3: bad_timestamp
    + "e3,a1,the-punisher,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"  # line 4: unknown_title
)
MORE = HEADER + "e9,a2,luke-cage,1,1,2017-08-18T08:00:00Z,60,tv,US\n"  # line 2: unknown_title


@pytest.fixture
def store_file(catalog_file: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sessions.csv").write_text(SESSIONS)
    (folder / "more.csv").write_text(MORE)
    path = tmp_path / "store.duckdb"
    with Store(str(path)) as store:
        ingest(
            store,
            load_catalog(catalog_file),
            [("viewing", folder / "sessions.csv"), ("viewing", folder / "more.csv")],
        )
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", "quarantine", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_lookup_filters_by_reason_and_by_file_name_or_path(store_file: Path) -> None:
    with Store(str(store_file), read_only=True) as store:
        rows, total = store.quarantined_rows(None, 0, None)
        assert total == 3 and len(rows) == 3
        rows, total = store.quarantined_rows("unknown_title", 0, None, file="sessions.csv")
        assert total == 1 and (rows[0]["line"], rows[0]["value"]) == (4, "the-punisher")
        full = str(rows[0]["file"])
        assert full.endswith("/sessions.csv")
        assert store.quarantined_rows(None, 0, None, file=full)[1] == 2  # the path as loaded
        assert store.quarantined_rows(None, 0, None, file="ions.csv")[1] == 0  # not a name
        assert store.quarantined_rows(None, 1, 1)[0][0]["value"] == "yesterday"  # paged


def test_json_lists_every_matching_row_with_its_record(store_file: Path) -> None:
    done = run("--store", str(store_file), "--reason", "unknown_title", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    # file order: more.csv before sessions.csv; both are unknown titles
    assert [(Path(r["file"]).name, r["line"], r["value"]) for r in rows] == [
        ("more.csv", 2, "luke-cage"),
        ("sessions.csv", 4, "the-punisher"),
    ]
    assert json.loads(rows[1]["record"])["event_id"] == "e3"


def test_csv_filters_by_file(store_file: Path) -> None:
    done = run("--store", str(store_file), "--file", "sessions.csv", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["line"], r["column"], r["reason"]) for r in rows] == [
        ("3", "started_at", "bad_timestamp"),
        ("4", "title", "unknown_title"),
    ]


def test_the_table_counts_reasons_says_what_they_mean_and_limits_rows(store_file: Path) -> None:
    done = run("--store", str(store_file), "--limit", "1")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "unknown_title" in out and "bad_timestamp" in out
    assert "the title is not in the catalog" in out  # the reason's description
    assert "3 quarantined rows" in out and "the first 1 shown" in out


def test_an_unknown_reason_is_a_usage_error_with_the_nearest_name(store_file: Path) -> None:
    done = run("--store", str(store_file), "--reason", "bad_timestam")
    assert done.returncode == 2
    assert "Did you mean 'bad_timestamp'?" in " ".join(done.stderr.split())


def test_no_match_and_a_missing_store_are_said_plainly(store_file: Path, tmp_path: Path) -> None:
    done = run("--store", str(store_file), "--file", "other.csv")
    assert done.returncode == 0 and "No quarantined rows for file=other.csv" in done.stdout
    missing = run("--store", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "none.duckdb" in missing.stderr
