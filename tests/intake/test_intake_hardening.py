"""Issue 19, items 1-4: every bad file gets a reason or one clear error, integers are integers,
a load that stores nothing fails after recording it, and a failed load gives back its disk.

Every file here is written by hand; the expected counts are read off the rows (one comment
per row names its fate).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter.api
from showmeter.catalog import load_catalog
from showmeter.errors import InputError
from showmeter.intake.load import ingest
from showmeter.results import LoadRefusedError
from showmeter.store import Store

HEADER = b"event_id,account_id,title,season,episode,started_at,seconds_watched,market\n"
GOOD = b"e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,US\n"


def _load(catalog_file: Path, path: Path, store: Store | None = None):  # type: ignore[no-untyped-def]
    store = store if store is not None else Store()
    [summary] = ingest(store, load_catalog(catalog_file), [("viewing", path)])
    assert summary.reconciles
    return store, summary


def _quarantine(store: Store) -> list[tuple[object, ...]]:
    return store.connection.execute(
        'SELECT line, reason, "column", value, record FROM quarantine ORDER BY line'
    ).fetchall()


# --------------------------------------------------------------------------- 1. encoding


def test_csv_rows_with_bytes_that_are_not_utf8_are_quarantined_with_their_line(
    catalog_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(
        HEADER
        + GOOD  # line 2: loaded
        + b"e2,a1,the-defenders\xff,1,1,2017-08-18T09:00:00Z,1800,US\n"  # 3: invalid_utf8
        + b"e3,a\xe9,the-defenders,1,1\n"  # 4: too few fields, and a Latin-1 byte
        + b"e4,a1,the-defenders,1,1,2017-08-18T10:00:00Z,1800,US\n"  # 5: loaded
    )
    store, summary = _load(catalog_file, path)
    assert (summary.read, summary.loaded, summary.quarantined) == (4, 2, 2)
    rows = _quarantine(store)
    assert [(line, reason) for line, reason, *_ in rows] == [
        (3, "invalid_utf8"),
        (4, "malformed_row"),
    ]
    # The bytes are shown, never replaced by U+FFFD.
    assert "the-defenders\\xff" in str(rows[0][4]) and "\ufffd" not in str(rows[0][4])
    assert "a\\xe9" in str(rows[1][4])
    titles = store.connection.execute("SELECT row_id FROM viewing ORDER BY 1").fetchall()
    assert titles == [("e1",), ("e4",)]


def test_jsonl_invalid_utf8_and_bad_keys_are_quarantined_per_line(
    catalog_file: Path, tmp_path: Path
) -> None:
    row = {
        "event_id": "j1",
        "account_id": "a",
        "title": "the-defenders",
        "season": 1,
        "episode": 1,
        "started_at": "2017-08-18T08:00:00Z",
        "seconds_watched": 60,
    }
    path = tmp_path / "events.jsonl"
    path.write_bytes(
        json.dumps(row).encode()
        + b"\n"  # line 1: loaded
        + json.dumps(row | {"event_id": "j2"}).encode().replace(b'"a"', b'"a\xff"')
        + b"\n"  # 2: invalid_utf8
        + b'{"title": "x", "Title": "y"}\n'  # 3: bad_key (names are case-insensitive)
        + b'{"": 1, "title": "x"}\n'  # 4: bad_key (empty)
        + b'{"title": "x", "title": "y"}\n'  # 5: bad_key (the same key twice)
        + json.dumps(row | {"event_id": "j6", "season": 1.5}).encode()
        + b"\n"  # 6: not_an_integer
    )
    store, summary = _load(catalog_file, path)
    assert (summary.read, summary.loaded, summary.quarantined) == (6, 1, 5)
    rows = _quarantine(store)
    assert [(line, reason) for line, reason, *_ in rows] == [
        (2, "invalid_utf8"),
        (3, "bad_key"),
        (4, "bad_key"),
        (5, "bad_key"),
        (6, "not_an_integer"),
    ]
    assert '"a\\xff"' in str(rows[0][4])


def test_jsonl_keys_match_without_case_across_lines(catalog_file: Path, tmp_path: Path) -> None:
    row = {
        "account_id": "a",
        "season": 1,
        "episode": 1,
        "started_at": "2017-08-18T08:00:00Z",
        "seconds_watched": 60,
    }
    path = tmp_path / "events.jsonl"
    lines = [row | {"event_id": "k1", "title": "the-defenders"}]  # line 1: loaded
    lines.append(row | {"event_id": "k2", "Title": "the-defenders"})  # 2: loaded, same column
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    _, summary = _load(catalog_file, path)
    assert (summary.read, summary.loaded) == (2, 2)


@pytest.mark.parametrize(
    ("header", "column", "cause"),
    [
        (b"event_id,title,season,market,market\n", "market", "columns 4 and 5"),
        (b"title,Title,account_id\n", "Title", "columns 1 and 2"),
        (b"event_id,title,account_id,\n", "#4", "column 4 of the header has no name"),
    ],
)
def test_duplicate_or_empty_header_names_are_one_clear_error(
    catalog_file: Path, tmp_path: Path, header: bytes, column: str, cause: str
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(header + b"x,y,z,w,v\n")
    with pytest.raises(InputError) as raised:
        _load(catalog_file, path)
    error = raised.value
    assert (error.file, error.line, error.column) == (str(path), 1, column)
    assert cause in error.cause


def test_parquet_with_a_column_named_twice_is_one_clear_error(
    catalog_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "events.parquet"
    table = pa.Table.from_arrays([pa.array(["a"]), pa.array(["b"])], names=["title", "TITLE"])
    pq.write_table(table, path)
    with pytest.raises(InputError) as raised:
        _load(catalog_file, path)
    assert (raised.value.file, raised.value.column) == (str(path), "TITLE")


@pytest.mark.parametrize("suffix", [".csv.gz", ".jsonl.gz"])
def test_a_truncated_gzip_is_the_files_error(
    catalog_file: Path, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"events{suffix}"
    body = (
        HEADER + GOOD * 2000
        if suffix == ".csv.gz"
        else b'{"title": "the-defenders", "account_id": "a"}\n' * 2000
    )
    whole = gzip.compress(body)
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError) as raised:
        _load(catalog_file, path)
    assert raised.value.file == str(path)
    assert "truncated or corrupt" in str(raised.value)


# --------------------------------------------------------------------------- 2. integers


def test_only_plain_integers_are_integers_and_offsets_stay_within_14_hours(
    catalog_file: Path, tmp_path: Path
) -> None:
    def row(n: int, episode: str, started: str = "2017-08-18T08:00:00Z") -> bytes:
        return f"e{n},a1,the-defenders,1,{episode},{started},60,US\n".encode()

    path = tmp_path / "events.csv"
    path.write_bytes(
        HEADER
        + row(1, "1.5")  # not_an_integer (DuckDB's cast alone would round it to 2)
        + row(2, "0x1")  # not_an_integer
        + row(3, "1e3")  # not_an_integer
        + row(4, "1_000")  # not_an_integer
        + row(5, "2.0")  # not_an_integer: text that is not a plain integer
        + row(6, " 1")  # loaded: outer spaces are trimmed, as for every value
        + row(7, "+1")  # loaded: a sign is allowed
        + row(8, "1", "2017-08-18T08:00:00+25:00")  # bad_timestamp
        + row(9, "1", "2017-08-18T08:00:00-14:30")  # bad_timestamp
        + row(10, "1", "2017-08-18T22:00:00+14:00")  # loaded: 08:00Z
        + row(11, "1", "2017-08-17T20:00:00-12:00")  # loaded: 08:00Z the next day
    )
    store, summary = _load(catalog_file, path)
    assert summary.reasons == {"not_an_integer": 5, "bad_timestamp": 2}
    assert summary.loaded == 4
    values = [(line, value) for line, _, _, value, _ in _quarantine(store)]
    assert values == [
        (2, "1.5"),
        (3, "0x1"),
        (4, "1e3"),
        (5, "1_000"),
        (6, "2.0"),
        (9, "2017-08-18T08:00:00+25:00"),
        (10, "2017-08-18T08:00:00-14:30"),
    ]


def test_a_parquet_float_is_an_integer_only_when_whole(catalog_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    pq.write_table(
        pa.table(
            {
                "event_id": ["p1", "p2"],
                "account_id": ["a", "a"],
                "title": ["the-defenders"] * 2,
                "season": pa.array([1.5, 1.0], pa.float64()),  # not_an_integer, then 1
                "episode": [1, 1],
                "started_at": ["2017-08-18T08:00:00Z"] * 2,
                "seconds_watched": [60.0, 60.0],
            }
        ),
        path,
    )
    store, summary = _load(catalog_file, path)
    assert (summary.loaded, summary.reasons) == (1, {"not_an_integer": 1})
    assert store.connection.execute("SELECT row_id, season FROM viewing").fetchall() == [("p2", 1)]


# --------------------------------------------------------------------------- 3. exit status


def test_a_load_that_stores_nothing_fails_after_recording_its_quarantine(
    catalog_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(
        HEADER
        + b"e1,a1,the-defender,1,1,2017-08-18T08:00:00Z,60,US\n"  # unknown_title (a typo)
        + b"e2,a1,daredevil,3,1,2016-03-20T08:00:00Z,60,US\n"  # unknown_season (only 2)
    )
    store_path = tmp_path / "store.duckdb"
    with pytest.raises(LoadRefusedError) as raised:
        showmeter.api.ingest(store_path, catalog=catalog_file, events=path)
    error = raised.value
    assert isinstance(error, ValueError) and error.exit_code == 1
    assert "no row was loaded" in error.cause and "quarantine" in str(error.remedy)
    assert (error.summary.read, error.summary.loaded, error.summary.quarantined) == (2, 0, 2)
    assert error.summary.files[0].notes["did_you_mean"] == {
        "unknown_title": {"the-defender": "the-defenders"},
        "unknown_season": {"daredevil:3": "daredevil:2"},
    }
    with Store(store_path, read_only=True) as store:  # recorded all the same
        assert store.counts()["quarantine"] == 2
        assert store.connection.execute("SELECT count(*) FROM loads").fetchall() == [(1,)]


def test_strict_fails_on_any_quarantined_row_and_a_clean_reload_does_not(
    catalog_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "events.csv"
    path.write_bytes(HEADER + GOOD + b"e2,a1,the-defenders,1,x,2017-08-18T08:00:00Z,60,US\n")
    store_path = tmp_path / "store.duckdb"
    with pytest.raises(LoadRefusedError) as raised:
        showmeter.api.ingest(store_path, catalog=catalog_file, events=path, strict=True)
    assert "1 of 2 rows read were quarantined (1 not_an_integer)" in raised.value.cause
    # Without --strict a reload (one duplicate, one quarantined again) is no failure.
    summary = showmeter.api.ingest(store_path, catalog=catalog_file, events=path)
    assert (summary.loaded, summary.quarantined, summary.duplicates) == (0, 1, 1)


# --------------------------------------------------------------------------- 4. disk


def test_a_rolled_back_load_gives_back_the_disk_it_took(tmp_path: Path) -> None:
    path = tmp_path / "store.duckdb"
    with Store(path) as store:
        store.connection.execute("CREATE TABLE t AS SELECT 1 AS a").fetchall()
    before = path.stat().st_size
    with Store(path) as store, pytest.raises(OSError), store.transaction() as connection:
        connection.execute(
            "INSERT INTO viewing (row_id, account_id, title, season, episode, started_at, "
            "seconds_watched, device, market) SELECT md5(range::VARCHAR), 'a', 't', 1, 1, "
            "now(), 1, 'tv', 'US' FROM range(2000000)"
        ).fetchall()
        grown = path.stat().st_size
        raise OSError(28, "No space left on device")  # as a full disk would
    assert grown > before + 10_000_000  # the insert wrote blocks into the file
    assert path.stat().st_size == before
    with Store(path) as store:  # the store is whole and takes writes
        assert store.counts()["viewing"] == 0
        store.connection.execute("INSERT INTO t VALUES (2)").fetchall()
        assert store.connection.execute("SELECT sum(a) FROM t").fetchall() == [(3,)]


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A 6 MiB tmpfs (root only; the test is skipped where mounting is not allowed)."""
    import subprocess

    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if made.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the simulated ENOSPC test stands")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_a_load_that_fills_the_disk_gives_back_the_space_on_a_real_small_disk(
    catalog_file: Path, tmp_path: Path, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from showmeter.errors import ResourceError

    monkeypatch.setenv("SHOWMETER_TMP", str(tmp_path))  # the staging goes to the big disk
    store_path = small_disk / "store.duckdb"
    small = tmp_path / "small.csv"
    small.write_bytes(HEADER + GOOD)
    showmeter.api.ingest(store_path, catalog=catalog_file, events=small)
    before = store_path.stat().st_size
    n = 400_000  # about 40 MB of distinct ids: more than the disk holds
    big = tmp_path / "big.parquet"
    pq.write_table(
        pa.table(
            {
                "event_id": [f"{i:032x}" for i in range(n)],
                "account_id": [f"account-{i}" for i in range(n)],
                "title": ["the-defenders"] * n,
                "season": [1] * n,
                "episode": [1] * n,
                "started_at": ["2017-08-18T08:00:00Z"] * n,
                "seconds_watched": [60.0] * n,
                "market": ["US"] * n,
            }
        ),
        big,
    )
    with pytest.raises(ResourceError):
        showmeter.api.ingest(store_path, catalog=catalog_file, events=big)
    assert store_path.stat().st_size == before  # the space is given back
    again = tmp_path / "again.csv"
    again.write_bytes(HEADER + GOOD.replace(b"e1,a1", b"e9,a9"))
    summary = showmeter.api.ingest(store_path, catalog=catalog_file, events=again)
    assert summary.loaded == 1  # and the next small load fits


# --------------------------------------------------------------------------- progress (20.8)


@pytest.mark.parametrize("name", ["events.csv", "events.csv.gz", "events.jsonl", "events.parquet"])
def test_progress_counts_bytes_of_the_file_for_every_format(
    catalog_file: Path, tmp_path: Path, name: str
) -> None:
    # 300 rows: in rows the bar would end at 300; in bytes it ends at the file's size.
    rows = [
        {
            "event_id": f"e{i}",
            "account_id": "a",
            "title": "the-defenders",
            "season": 1,
            "episode": 1,
            "started_at": "2017-08-18T08:00:00Z",
            "seconds_watched": 60,
        }
        for i in range(300)
    ]
    path = tmp_path / name
    if name.endswith(".parquet"):
        pq.write_table(pa.Table.from_pylist(rows), path)
    elif ".jsonl" in name:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    else:
        text = (
            ",".join(rows[0]) + "\n" + "".join(",".join(map(str, r.values())) + "\n" for r in rows)
        )
        path.write_bytes(gzip.compress(text.encode()) if name.endswith(".gz") else text.encode())
    calls: list[tuple[int, int]] = []
    ingest(
        Store(),
        load_catalog(catalog_file),
        [("viewing", path)],
        progress=lambda file, done, total: calls.append((done, total)),
    )
    size = path.stat().st_size
    assert calls and calls[-1] == (size, size)
    assert all(total == size and 0 <= done <= size for done, total in calls)


def test_the_cli_bar_labels_its_unit() -> None:
    from showmeter.cli.progress import amount

    assert amount("ingesting reviews.csv", 25_783, 25_783) == "25.8 kB/25.8 kB"
    assert amount("figures", 3, 12) == "3/12"


def test_a_parquet_bytes_column_must_hold_utf8(catalog_file: Path, tmp_path: Path) -> None:
    # Parquet BYTE_ARRAY columns without a string type: UTF-8 bytes read as text, others
    # quarantined as invalid_utf8 with the bytes shown escaped, never loaded.
    path = tmp_path / "events.parquet"
    pq.write_table(
        pa.table(
            {
                "event_id": ["b1", "b2"],
                "account_id": pa.array([b"caf\xc3\xa9", b"caf\xe9"], pa.binary()),
                "title": pa.array([b"the-defenders"] * 2, pa.binary()),
                "season": [1, 1],
                "episode": [1, 1],
                "started_at": pa.array([b"2017-08-18T08:00:00Z"] * 2, pa.binary()),
                "seconds_watched": [60.0, 60.0],
            }
        ),
        path,
    )
    store, summary = _load(catalog_file, path)
    assert (summary.loaded, summary.reasons) == (1, {"invalid_utf8": 1})
    [(line, reason, column, value, _)] = _quarantine(store)
    assert (line, reason, column, value) == (2, "invalid_utf8", "account_id", "caf\\xE9")
    assert store.connection.execute("SELECT account_id FROM viewing").fetchall() == [("café",)]


def test_a_json_number_past_pythons_digit_limit_is_malformed_json(
    catalog_file: Path, tmp_path: Path
) -> None:
    good = (
        '{"account_id": "a", "title": "the-defenders", "season": 1, "episode": 1, '
        '"started_at": "2017-08-18T08:00:00Z", "seconds_watched": 60}\n'
    )
    path = tmp_path / "events.jsonl"
    path.write_text(good + good.replace('"episode": 1', '"episode": ' + "9" * 5000))
    store, summary = _load(catalog_file, path)
    assert (summary.loaded, summary.reasons) == (1, {"malformed_json": 1})
    assert [(line, reason) for line, reason, *_ in _quarantine(store)] == [(2, "malformed_json")]


def test_reclaim_touches_nothing_it_cannot_prove_safe(tmp_path: Path) -> None:
    from showmeter.store.reclaim import HEADER_BYTES, committed_size, reclaim

    path = tmp_path / "store.duckdb"
    with Store(path):
        pass
    size = path.stat().st_size
    # A closed store's committed content is its whole file: three 4 KiB headers, then blocks.
    assert committed_size(path) == size and (size - HEADER_BYTES) % 4096 == 0
    with path.open("ab") as handle:  # blocks a rolled-back transaction left behind
        handle.write(b"\0" * 262_144)
    wal = Path(f"{path}.wal")
    wal.write_bytes(b"records that may point past the end")
    assert reclaim(path) == 0 and path.stat().st_size == size + 262_144  # a WAL: hands off
    wal.unlink()
    assert reclaim(path) == 262_144 and path.stat().st_size == size
    with Store(path) as store:  # still a store
        assert store.counts()["viewing"] == 0
    other = tmp_path / "not-duckdb.bin"
    other.write_bytes(b"x" * 50_000)
    assert reclaim(other) == 0 and other.stat().st_size == 50_000
