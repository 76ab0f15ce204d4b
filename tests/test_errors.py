"""A full disk or memory is the user's to fix: a clear error, not a bug report."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest

import showmeter.cli as cli
from showmeter.errors import ResourceError, resource_error

FULL = duckdb.IOException(
    'IO Error: Could not write file "/big/store.duckdb.tmp/duckdb_temp_1.tmp": '
    "No space left on device"
)


def test_a_full_disk_names_the_file_and_the_ways_out() -> None:
    error = resource_error(FULL)
    assert isinstance(error, ResourceError)
    text = str(error)
    assert text.startswith("the disk is full: DuckDB could not write /big/store.duckdb.tmp/")
    assert "SHOWMETER_TMP" in text and "several loads" in text


def test_out_of_memory_says_how_to_raise_the_limit() -> None:
    error = resource_error(duckdb.OutOfMemoryException("Out of Memory Error: could not allocate"))
    assert error is not None and "--memory-limit" in str(error)


def test_other_errors_are_not_resource_errors() -> None:
    assert resource_error(OSError("No space left on device")) is None  # not DuckDB's
    assert resource_error(duckdb.IOException("IO Error: file not found")) is None


def test_the_cli_shows_it_with_exit_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(**_: Any) -> None:
        raise FULL

    monkeypatch.setattr(cli, "app", failing)
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "bug in showmeter" not in err
