"""Files read once, narrowed, on the test cluster: over Spark Connect and on its master.

With ``SHOWMETER_SPARK_HOLD_BYTES=-1`` the tiny hand-worked world of
``test_spark_files_in_place.py`` takes the path of files too large to be held whole: the staged
rows are held once with the metric's columns only. On a classic session they are held in
Spark's columnar cache; over Spark Connect, whose client cannot reach the cache's plan, as a
local checkpoint (:func:`showmeter.engines.spark_in_place_settle.hold_columns`), a branch no
other test reaches. The figures, every file's counts and the rejected rows (every column) must
equal DuckDB's in place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_spark_files_in_place import EXPECTED_LINES, same_rows, world

import showmeter


def _record(text: object) -> object:
    """A rejected row's record as compared: a raw line as it is, a JSON object not at all.

    Spark's ``to_json`` leaves out NULL fields and writes a timestamp otherwise than DuckDB's,
    on every Spark path alike (not only the narrowed one), so the rows' JSON records differ
    from DuckDB's in their text; their file, line, column, reason and value must not.
    """
    try:
        found = json.loads(str(text))
    except ValueError:
        return text
    return "a JSON object" if isinstance(found, dict) else text


def _rejects(folder: Path) -> list[tuple[object, ...]]:
    """The rejected rows, the file by its name (Spark and DuckDB spell folders alike)."""
    rows = pq.read_table(folder).to_pylist()
    return sorted(
        (
            Path(str(r["file"])).name,
            r["line"],
            r["column"],
            r["reason"],
            r["value"],
            str(_record(r["record"])),
        )
        for r in rows
    )


@pytest.mark.spark
@pytest.mark.cluster
@pytest.mark.parametrize("url", ["master", "remote"])
def test_files_read_once_narrowed_on_the_cluster_equal_duckdb(
    spark_cluster: object,
    url: str,
    tmp_path: Path,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from showmeter.engines import spark_in_place_settle

    engine = str(getattr(spark_cluster, url))
    # per narrowed hold: whether it went through Spark's cache, and compressed
    held: list[tuple[bool, bool]] = []
    original = spark_in_place_settle.hold_columns

    def spy(
        frame: object, into: list[object], *, compressed: bool = True, fill: object = None
    ) -> object:
        held.append((getattr(frame, "_jdf", None) is not None, compressed))
        return original(frame, into, compressed=compressed, fill=fill)  # type: ignore[arg-type]

    monkeypatch.setenv("SHOWMETER_SPARK_HOLD_BYTES", "-1")
    monkeypatch.setattr(spark_in_place_settle, "hold_columns", spy)
    files = world(tmp_path)
    on_cluster = showmeter.compute(
        "hours_viewed", catalog=catalog_file, engine=engine, rejects=tmp_path / "c", **files
    )
    on_duckdb = showmeter.compute(
        "hours_viewed", catalog=catalog_file, rejects=tmp_path / "d", **files
    )
    assert {r["title"]: r["value"] for r in on_cluster.rows} == pytest.approx(
        {"the-defenders": 9434 / 3600, "daredevil": 3400 / 3600}
    )
    same_rows(on_cluster.rows, on_duckdb.rows, "hours_viewed")
    assert on_cluster.inputs == on_duckdb.inputs
    assert {(name, line, reason) for name, line, _, reason, _, _ in _rejects(tmp_path / "c")} == (
        EXPECTED_LINES
    )
    assert _rejects(tmp_path / "c") == _rejects(tmp_path / "d")
    # viewing only (the kind hours_viewed reads): a checkpoint over Connect (the executors'
    # memory unknown: "compressed", unused), else the cache, plain (tiny files, two executors)
    assert held == [(url == "master", url != "master")]
    from showmeter import engines

    engines.stop_spark()  # the next module may start a local Spark


def test_a_hold_size_that_is_not_a_number_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from showmeter.engines.spark_in_place_stage import few_bytes
    from showmeter.errors import UsageError

    monkeypatch.setenv("SHOWMETER_SPARK_HOLD_BYTES", "32MiB")
    with pytest.raises(UsageError, match="SHOWMETER_SPARK_HOLD_BYTES"):
        few_bytes()
    monkeypatch.setenv("SHOWMETER_SPARK_HOLD_BYTES", "-1")
    assert few_bytes() == -1
