"""Files read on Spark are named as the user gave them, as DuckDB names them (no Spark needed).

Spark lists every local file by its absolute path; DuckDB keeps a path as given. A file under a
path given relative is shown relative to the working folder; a file given by its absolute path
stays absolute, even beside relative ones (found by review: one flag for all inputs made the
absolute ones relative too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from showmeter.engines.spark_in_place_report import as_given, relative_roots


def test_each_file_is_shown_as_its_own_path_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    elsewhere = "/srv/panels/panel.csv"
    roots = relative_roots(["data/sessions", "more/*.csv", elsewhere, "s3a://bucket/x"])
    assert roots == (str(tmp_path / "data" / "sessions"), str(tmp_path / "more"))
    assert as_given(str(tmp_path / "data/sessions/a.csv"), roots) == "data/sessions/a.csv"
    assert as_given(str(tmp_path / "more/b.csv"), roots) == "more/b.csv"
    assert as_given(elsewhere, roots) == elsewhere  # given absolute: stays absolute
    assert as_given(str(tmp_path / "morefiles/c.csv"), roots) == str(tmp_path / "morefiles/c.csv")
    assert as_given("s3a://bucket/x/part-0.parquet", roots) == "s3a://bucket/x/part-0.parquet"
    assert relative_roots([elsewhere]) == ()  # nothing given relative: every path as listed
