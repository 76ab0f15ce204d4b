"""The narrowed staged rows cached plain or compressed on Spark: the choice and the same figures.

The small catalog of tests/conftest.py (the-defenders season 1, episodes 1 and 2, on Netflix
everywhere 2017-08-18 to 2022-03-01; markets US, KR, GB). Two worlds of two Parquet files each,
read with every file above the size held whole, so the staged rows are held narrowed:

By content (no ``event_id``): ``a.parquet`` rows 1 a1 ep1 3134 s, 2 a1 ep2 3000 s, 3 = row 1
(a duplicate within the file); ``b.parquet`` rows 1 = a's row 2 (a duplicate across the files),
2 a2 ep1 600 s. Used: 3134 + 3000 + 600 = 6734 s; a reads 3 and uses 2 (1 duplicate), b reads 2
and uses 1 (1 duplicate).

By ``event_id``: ``a.parquet`` e1 a1 ep1 3134 s, e2 a1 ep2 3000 s, e1 again with the same values
(a duplicate); ``b.parquet`` e2 again with 3100 s (a ``conflicting_row``), e3 a2 ep1 600 s. Used:
6734 s again; a reads 3 and uses 2 (1 duplicate), b reads 2 and uses 1 (1 conflicting row).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.engines.spark_in_place_cache import plain_fits

HOUR = 3600


def test_the_plain_cache_is_chosen_when_twice_the_files_fit_a_quarter_of_the_storage() -> None:
    """2 bytes of plain cache per file byte, at most a quarter of the executors' storage."""
    assert plain_fits(100, 800)  # 2 * 100 = 200 = 800 / 4
    assert not plain_fits(100, 799)
    assert plain_fits(0, 1)
    assert not plain_fits(None, 800)  # unknown size (or storage, e.g. Spark Connect)
    assert not plain_fits(100, None)
    assert not plain_fits(-1, 800)


SESSION = ("account_id", "title", "season", "episode", "started_at", "seconds_watched", "market")
A1_EP1 = ("a1", "the-defenders", 1, 1, 1503043200_000000, 3134.0, "US")  # 2017-08-18 08:00
A1_EP2 = ("a1", "the-defenders", 1, 2, 1503046800_000000, 3000.0, "US")
A2_EP1 = ("a2", "the-defenders", 1, 1, 1503129600_000000, 600.0, "KR")


def _write(path: Path, rows: list[tuple[object, ...]], ids: list[str] | None) -> None:
    columns = {name: [row[i] for row in rows] for i, name in enumerate(SESSION)}
    table = pa.table(
        {
            **({"event_id": ids} if ids is not None else {}),
            **columns,
            "season": pa.array(columns["season"], pa.int32()),
            "episode": pa.array(columns["episode"], pa.int32()),
            "started_at": pa.array(columns["started_at"], pa.timestamp("us", tz="UTC")),
        }
    )
    pq.write_table(table, path)


def by_content(folder: Path) -> list[Path]:
    """The world by content (the module's docstring)."""
    _write(folder / "a.parquet", [A1_EP1, A1_EP2, A1_EP1], None)
    _write(folder / "b.parquet", [A1_EP2, A2_EP1], None)
    return [folder / "a.parquet", folder / "b.parquet"]


def by_event_id(folder: Path) -> list[Path]:
    """The world by event_id (the module's docstring)."""
    _write(folder / "a.parquet", [A1_EP1, A1_EP2, A1_EP1], ["e1", "e2", "e1"])
    conflicting = (*A1_EP2[:5], 3100.0, "US")
    _write(folder / "b.parquet", [conflicting, A2_EP1], ["e2", "e3"])
    return [folder / "a.parquet", folder / "b.parquet"]


@pytest.mark.spark
@pytest.mark.parametrize("plain", [True, False], ids=["plain", "compressed"])
@pytest.mark.parametrize(
    ("make", "b_out"),
    [(by_content, ("duplicates", 1)), (by_event_id, ("conflicting_row", 1))],
    ids=["by-content", "by-event-id"],
)
def test_duplicates_within_and_across_files_held_narrowed_plain_or_compressed(
    tmp_path: Path,
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    plain: bool,
    make: object,
    b_out: tuple[str, int],
) -> None:
    """The hand-worked figure and counts (and DuckDB's), the rows cached as chosen."""
    from showmeter.engines import spark_in_place_cache, spark_in_place_settle, spark_in_place_stage

    chosen: list[bool] = []
    original = spark_in_place_settle.hold_columns

    def spy(frame: object, held: object, *, compressed: bool = True, fill: object = None) -> object:
        chosen.append(compressed)
        return original(frame, held, compressed=compressed, fill=fill)  # type: ignore[arg-type]

    monkeypatch.setattr(spark_in_place_stage, "FEW_BYTES", -1)
    monkeypatch.setattr(spark_in_place_settle, "hold_columns", spy)
    monkeypatch.setattr(spark_in_place_cache, "plain_fits", lambda size, storage: plain)
    events = make(tmp_path)  # type: ignore[operator]
    on_spark = showmeter.compute(
        "hours_viewed", catalog=catalog_file, engine="spark", events=events
    )
    on_duckdb = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert chosen == [not plain]
    assert {r["title"]: r["value"] for r in on_spark.rows} == pytest.approx(
        {"the-defenders": 6734 / HOUR, "daredevil": 0.0}, rel=1e-12
    )
    counts = {Path(str(i["file"])).name: i for i in on_spark.inputs if "file" in i}
    assert (counts["a.parquet"]["read"], counts["a.parquet"]["loaded"]) == (3, 2)
    assert counts["a.parquet"]["duplicates"] == 1
    assert (counts["b.parquet"]["read"], counts["b.parquet"]["loaded"]) == (2, 1)
    what, rows = b_out
    if what == "duplicates":
        assert counts["b.parquet"]["duplicates"] == rows
    else:
        assert counts["b.parquet"]["reasons"] == {what: rows}
    assert on_spark.inputs == on_duckdb.inputs


@pytest.mark.spark
def test_a_plain_cache_holds_the_same_rows_uncompressed_and_restores_the_setting() -> None:
    """100 000 rows (ids and a constant): plain, many times the bytes of the compressed cache.

    Compressed, the ids are deltas of 1 and the constant one run (2.2 kB in Spark's estimate);
    plain, 407 kB (measured with Spark 4.0).
    """
    from showmeter.engines import spark
    from showmeter.engines.spark_in_place_compute import sockets_closed
    from showmeter.engines.spark_in_place_held import release
    from showmeter.engines.spark_in_place_settle import hold_columns

    session = spark.spark_session("spark", {}).newSession()
    session.conf.set("spark.sql.inMemoryColumnarStorage.compressed", "true")
    context = session.sparkContext._jsc.sc()  # type: ignore[union-attr]

    def cached_bytes() -> int:
        return sum(int(info.memSize()) for info in context.getRDDStorageInfo())

    sizes = {}
    for compressed in (False, True):
        held: list[object] = []
        frame = session.range(100_000).selectExpr("id AS x", "7L AS y")
        with sockets_closed():  # collect's socket, closed quietly
            kept = hold_columns(frame, held, compressed=compressed)  # type: ignore[arg-type]
            assert kept.selectExpr("sum(x)", "min(y)", "max(y)").collect() == [
                (100_000 * 99_999 // 2, 7, 7)
            ]
        sizes[compressed] = cached_bytes()
        assert session.conf.get("spark.sql.inMemoryColumnarStorage.compressed") == "true"
        release(held)  # type: ignore[arg-type]
    assert sizes[False] >= 100_000
    assert sizes[False] > 20 * sizes[True]


class _Conf:
    """A session's settings, recording every change."""

    def __init__(self, value: str) -> None:
        self.values = {"spark.sql.inMemoryColumnarStorage.compressed": value}
        self.changes: list[str] = []

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.values.get(key, default)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value
        self.changes.append(value)


class _Session:
    def __init__(self, value: str) -> None:
        self.conf = _Conf(value)


def test_overlapping_blocks_take_turns_and_leave_the_session_as_it_was() -> None:
    """Two computations filling caches at once: the second waits; the setting is restored."""
    import threading

    from showmeter.engines.spark_in_place_cache import compression

    session = _Session("true")
    inside = threading.Event()
    release = threading.Event()
    seen: list[str | None] = []

    def first() -> None:
        with compression(session, compressed=False):  # type: ignore[arg-type]
            inside.set()
            release.wait(5)

    def second() -> None:
        with compression(session, compressed=False):  # type: ignore[arg-type]
            seen.append(session.conf.get("spark.sql.inMemoryColumnarStorage.compressed"))

    one = threading.Thread(target=first)
    one.start()
    inside.wait(5)
    two = threading.Thread(target=second)
    two.start()
    two.join(0.2)
    assert two.is_alive()  # waits for the first block
    release.set()
    one.join(5)
    two.join(5)
    assert seen == ["false"]
    assert session.conf.changes == ["false", "true", "false", "true"]
    assert session.conf.get("spark.sql.inMemoryColumnarStorage.compressed") == "true"


def test_a_session_already_set_as_wanted_is_left_alone() -> None:
    from showmeter.engines.spark_in_place_cache import compression

    session = _Session(
        "false"
    )  # e.g. --spark-conf spark.sql.inMemoryColumnarStorage.compressed=false
    with compression(session, compressed=False):  # type: ignore[arg-type]
        pass
    assert session.conf.changes == []


@pytest.mark.spark
def test_the_cache_is_filled_by_the_counts_by_file_which_drop_a_rejected_rows_note() -> None:
    """Five staged rows, hand-counted: file 0 has two valid rows noted ``n1``, one valid row
    without a note and one rejected row whose note is not counted (the notes count the valid
    rows); file 1 one valid row noted ``n1``. The counts are taken by the action that fills
    the cache, and the cache then holds every row (read without the files again)."""
    from showmeter.engines import spark
    from showmeter.engines.spark_in_place_cache import counts_by_file
    from showmeter.engines.spark_in_place_compute import sockets_closed
    from showmeter.engines.spark_in_place_held import release
    from showmeter.engines.spark_in_place_settle import hold_columns

    session = spark.spark_session("spark", {}).newSession()
    frame = session.createDataFrame(
        [(0, None, "n1"), (0, None, None), (0, "bad", "n1"), (1, None, "n1"), (0, None, "n1")],
        "_file int, _reason string, _note string",
    )
    held: list[object] = []
    counted: list[tuple[object, ...]] = []
    with sockets_closed():
        kept = hold_columns(
            frame,
            held,  # type: ignore[arg-type]
            compressed=False,
            fill=lambda cached: counted.extend(counts_by_file(cached)),
        )
        assert sorted(kept.collect(), key=str) == sorted(frame.collect(), key=str)
    release(held)  # type: ignore[arg-type]
    assert sorted(counted, key=str) == sorted(
        [(0, None, "n1", 2), (0, None, None, 1), (0, "bad", None, 1), (1, None, "n1", 1)], key=str
    )
