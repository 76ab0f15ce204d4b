"""The command line: ingest summaries, exit statuses, the error boundary, a fast --help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
MIXED = (
    HEADER
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"  # loaded
    + "e2,a2,the-defenders,1,2,2017-08-18T09:00:00Z,3000,Fire TV,KR\n"  # loaded, device other
    + "e3,a2,the-defenders,1,2,2017-08-18T09:00:00,3000,tv,KR\n"  # naive_timestamp
    + "e4,a3,the-punisher,1,1,2017-08-18T09:00:00Z,10,tv,US\n"  # unknown_title
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"  # duplicate
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "showmeter", *args], capture_output=True, text=True, check=False
    )


def test_ingest_json_reconciles_and_a_second_run_loads_nothing(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", MIXED)
    store = tmp_path / "store.duckdb"
    args = [
        "ingest",
        "--store",
        str(store),
        "--catalog",
        str(catalog_file),
        "--events",
        str(events),
    ]
    first = run(*args, "--format", "json")
    assert first.returncode == 0, first.stderr
    [summary] = json.loads(first.stdout)
    assert summary["read"] == 5
    assert (summary["loaded"], summary["quarantined"], summary["duplicates"]) == (2, 2, 1)
    assert summary["reasons"] == {"naive_timestamp": 1, "unknown_title": 1}
    assert summary["notes"] == {"devices_mapped_to_other": {"fire tv": 1}}
    second = run(*args, "--format", "json", "--rejects", str(tmp_path / "rejects.csv"))
    [again] = json.loads(second.stdout)
    assert (again["read"], again["loaded"], again["quarantined"], again["duplicates"]) == (
        5,
        0,
        2,
        3,
    )
    rejects = (tmp_path / "rejects.csv").read_text().splitlines()
    assert rejects[0] == "file,line,column,reason,value,record"
    assert len(rejects) == 1  # the second load quarantined nothing new


def test_ingest_table_names_each_reason(catalog_file: Path, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", MIXED)
    result = run(
        "ingest",
        "--store",
        str(tmp_path / "s.duckdb"),
        "--catalog",
        str(catalog_file),
        "--events",
        str(events),
        "--quiet",
    )
    assert result.returncode == 0, result.stderr
    assert "naive_timestamp" in result.stdout and "unknown_title" in result.stdout


def test_bad_input_exits_1_with_one_error_line(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    catalog = write("catalog.yaml", "titles:\n  - title: Not A Slug\n")
    result = run("ingest", "--store", str(tmp_path / "s.duckdb"), "--catalog", str(catalog))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: ") and "the catalog has 2 problems" in lines[0]
    assert any(line.startswith(f"{catalog}:2, column 'titles[0].title'") for line in lines)
    assert "Traceback" not in result.stderr


def test_a_missing_column_names_file_and_column(catalog_file: Path, write, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", "account_id,season,episode,started_at,seconds_watched\n")
    result = run(
        "ingest",
        "--store",
        str(tmp_path / "s.duckdb"),
        "--catalog",
        str(catalog_file),
        "--events",
        str(events),
    )
    assert result.returncode == 1
    assert f"{events}:1, column 'title'" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run(
        "--debug",
        "ingest",
        "--store",
        str(tmp_path / "s.duckdb"),
        "--catalog",
        str(tmp_path / "missing.yaml"),
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run("ingest", "--no-such-option").returncode == 2
    bad_set = run("compute", "reach", "--store", str(tmp_path / "s.duckdb"), "--set", "window_days")
    assert bad_set.returncode == 2
    assert "NAME=VALUE" in bad_set.stderr


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys; from showmeter import cli; "
        "print(sorted(m for m in ('duckdb', 'ibis', 'pyarrow', 'pandas', 'pyspark', 'numpy') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert run("--help").returncode == 0


def test_a_load_that_stores_nothing_prints_its_summary_then_exits_1(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", HEADER + "e1,a1,the-defender,1,1,2017-08-18T08:00:00Z,60,tv,US\n")
    args = ["ingest", "--store", str(tmp_path / "s.duckdb"), "--catalog", str(catalog_file)]
    result = run(*args, "--events", str(events), "--quiet")
    assert result.returncode == 1, result.stderr
    assert "unknown_title" in result.stdout  # the summary first
    assert "'the-defender' — did you mean 'the-defenders'?" in result.stdout
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Error: no row was loaded: all 1 rows quarantined (1 unknown_title)")
    assert "SELECT * FROM quarantine" in line


def test_strict_exits_1_when_any_row_is_quarantined(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", MIXED)
    args = ["ingest", "--store", str(tmp_path / "s.duckdb"), "--catalog", str(catalog_file)]
    result = run(*args, "--events", str(events), "--strict", "--format", "json")
    assert result.returncode == 1, result.stderr
    [summary] = json.loads(result.stdout)  # the summary is printed all the same
    assert (summary["loaded"], summary["quarantined"]) == (2, 2)
    assert "2 of 5 rows read were quarantined" in result.stderr


def test_bad_files_exit_1_never_3(catalog_file: Path, tmp_path: Path) -> None:
    import gzip

    bad = {
        "dup.csv": b"title,Title,account_id\nx,y,z\n",
        "trailing.csv": HEADER.rstrip("\n").encode() + b",\n",
        "latin1.csv": HEADER.encode() + b"e1,a1,caf\xe9,1,1,2017-08-18T08:00:00Z,60,tv,US\n",
        "cut.csv.gz": gzip.compress(HEADER.encode() * 500)[:200],
    }
    for name, data in bad.items():
        path = tmp_path / name
        path.write_bytes(data)
        store = tmp_path / f"{name}.duckdb"
        result = run(
            "ingest",
            "--store",
            str(store),
            "--catalog",
            str(catalog_file),
            "--events",
            str(path),
            "--quiet",
        )
        assert result.returncode == 1, (name, result.stderr)
        if name == "latin1.csv":  # a row quarantined (nothing else to load): the load fails
            assert "invalid_utf8" in result.stdout
            assert result.stderr.startswith("Error: no row was loaded"), result.stderr
        else:  # one clear error naming the file
            assert result.stderr.startswith(f"Error: {path}"), (name, result.stderr)
