"""Guarded unit ids scanned plain once, then read raw while the file's change stamp holds.

The triage does not read a unit id column whose rules the file's statistics prove, so the metric
reads it guarded (:mod:`showmeter.intake.in_place_texts`). The first computation read from the
validation cache whose guards held scans the guarded columns of every file once and keeps what
it found under the file's change stamp (device, inode, ``st_ctime_ns``); later computations read
the columns found plain raw (no guard) and parse the others. These tests hold every figure and
``inputs`` to a store loaded with the files of the moment.

The world (the small catalog of conftest.py): the-defenders 1x1 / 1x2 in the US on 2017-08-18,
600 s each, ids never NULL (so the statistics prove them present and they are read guarded).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import showmeter
from showmeter.intake import in_place_listing, in_place_texts
from showmeter.intake.in_place_cache import _scan
from showmeter.intake.in_place_listing import _footer_digest

_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z


def _write(
    path: Path, accounts: list[str], profiles: list[str] | None = None, stats: bool = True
) -> Path:
    """One session per id: episode 1 for even rows, 2 for odd; uncompressed, plain encoded."""
    n = len(accounts)
    columns: dict[str, pa.Array | list[object]] = {
        "event_id": pa.array([f"{path.stem}-{i}" for i in range(n)], pa.string()),
        "account_id": pa.array(accounts, pa.string()),
        "title": ["the-defenders"] * n,
        "season": pa.array([1] * n, pa.int32()),
        "episode": pa.array([1 + i % 2 for i in range(n)], pa.int32()),
        "started_at": pa.array([_AUG_18_08] * n, pa.timestamp("us", tz="UTC")),
        "seconds_watched": pa.array([600.0] * n, pa.float64()),
        "market": ["US"] * n,
        "device": ["tv"] * n,
    }
    if profiles is not None:
        columns["profile_id"] = pa.array(profiles, pa.string())
    pq.write_table(
        pa.table(columns), path, compression="none", use_dictionary=False, write_statistics=stats
    )
    return path


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of the test's own, on; a file's stamp settled at once (no 2 s wait)."""
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
    monkeypatch.setattr(in_place_listing, "_SETTLED_NS", 0)
    return tmp_path / "cache"


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The columns each view read guarded, in order (one entry per file and column)."""
    calls: list[str] = []
    original = in_place_texts.guarded

    def counted(column: str, stats: object) -> str:
        calls.append(column)
        return original(column, stats)  # type: ignore[arg-type]

    monkeypatch.setattr(in_place_texts, "guarded", counted)
    return calls


_STORED: dict[tuple[object, ...], tuple[object, object]] = {}
"""A store's figures and ``inputs`` by the files' paths and contents and the unit (loaded once)."""


def _contents(events: list[Path]) -> tuple[tuple[str, str], ...]:
    """Every file under ``events`` (through links, as listed) and the SHA-256 of its bytes."""
    files = [e for e in events if not e.is_dir()]
    for event in (e for e in events if e.is_dir()):
        for folder, _, names in sorted(os.walk(event, followlinks=True)):
            files += [Path(folder, name) for name in sorted(names)]
    return tuple((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in files)


def _same(tmp_path: Path, catalog: Path, events: list[Path], unit: str = "account") -> object:
    """Reach in place, checked against a store loaded with the files now; its value."""
    in_place = showmeter.compute("reach", catalog=catalog, events=events, unit=unit)
    wanted = (str(catalog), tuple(map(str, events)), _contents(events), unit)
    if wanted not in _STORED:
        store = tmp_path / f"store-{random.random()}.duckdb"
        loaded = showmeter.ingest(store, catalog=catalog, events=events)
        rows = showmeter.compute("reach", store=store, unit=unit).rows
        _STORED[wanted] = (rows, [f.to_dict() for f in loaded.files])
    assert (in_place.rows, in_place.inputs) == _STORED[wanted]
    return {row["title"]: row["value"] for row in in_place.rows}["the-defenders"]


def test_the_second_warm_computation_reads_plain_ids_raw(
    tmp_path: Path, catalog_file: Path, cached: Path, guarded: list[str], trips: list[bool]
) -> None:
    # no-break space and tab are not trimmed: plain, and other units than a1
    events = [_write(tmp_path / "a.parquet", ["a1", "a1\u00a0", "a1\t", "a2"])]
    assert _same(tmp_path, catalog_file, events) == 4  # cold: guarded, held, no scan
    assert guarded == ["account_id"]
    assert _same(tmp_path, catalog_file, events) == 4  # warm: guarded, held, then scanned
    assert guarded == ["account_id"] * 2
    assert _same(tmp_path, catalog_file, events) == 4  # read raw
    assert (guarded, trips) == (["account_id"] * 2, [])


def test_a_fresh_file_is_not_vouched_for(
    tmp_path: Path, catalog_file: Path, guarded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # its status changed less than 2 s before the scan: a write in the same step of the file
    # system's clock would keep its ctime, so the scan's finding is not kept
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
    monkeypatch.setattr(in_place_listing, "_SETTLED_NS", 3_600 * 10**9)
    events = [_write(tmp_path / "a.parquet", ["a1", "a2"])]
    for _ in range(3):
        assert _same(tmp_path, catalog_file, events) == 2
    assert guarded == ["account_id"] * 3


def test_a_rewrite_keeping_size_time_and_footer_is_read_guarded_again(
    tmp_path: Path, catalog_file: Path, cached: Path, guarded: list[str], trips: list[bool]
) -> None:
    # The attack that broke last round's design: a1 then a1 followed by a space, same length,
    # same minimum and maximum, the file's time set back. The cache's key cannot see it, the
    # change stamp can: the ids are read guarded again, the guard trips, reach is 2.
    path = _write(tmp_path / "a.parquet", ["a1", "a22", "a3"])
    stat = path.stat()
    size, footer = stat.st_size, _footer_digest(path, stat.st_size)
    for _ in range(3):
        assert _same(tmp_path, catalog_file, [path]) == 3
    assert guarded == ["account_id"] * 2  # the third read raw
    _write(path, ["a1", "a1 ", "a3"])
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == size and path.stat().st_mtime_ns == stat.st_mtime_ns
    assert _footer_digest(path, size) == footer  # the cache's key is the same
    assert _same(tmp_path, catalog_file, [path]) == 2
    assert trips == [True]


def test_a_folder_where_one_file_needs_parsing(
    tmp_path: Path, catalog_file: Path, cached: Path, guarded: list[str], trips: list[bool]
) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    _write(folder / "a.parquet", ["a1", "a2"])
    _write(folder / "b.parquet", ["a1 ", "b1"])  # a1 again, once trimmed
    _write(folder / "c.parquet", ["c1", "a2"])
    assert _same(tmp_path, catalog_file, [folder]) == 4  # trips: all three scanned
    assert trips == [True]
    assert guarded == ["account_id"] * 3
    assert _same(tmp_path, catalog_file, [folder]) == 4  # b parsed, a and c raw
    assert (guarded, trips) == (["account_id"] * 3, [True])


def test_a_warm_scan_finds_a_column_the_metric_did_not_read(
    tmp_path: Path, catalog_file: Path, cached: Path, guarded: list[str], trips: list[bool]
) -> None:
    # reach by profile never reads the account ids; the scan after the second finds a1 with a
    # space, so reach by account then parses them (no trip) and the profiles are read raw
    events = [_write(tmp_path / "a.parquet", ["a1", "a1 ", "a2"], ["p1", "p2", "p3"])]
    for _ in range(2):
        assert _same(tmp_path, catalog_file, events, unit="profile") == 3
    assert sorted(guarded) == ["account_id"] * 2 + ["profile_id"] * 2
    assert _same(tmp_path, catalog_file, events) == 2
    assert _same(tmp_path, catalog_file, events, unit="profile") == 3
    assert (len(guarded), trips) == (4, [])


def test_a_file_changed_between_runs_is_scanned_again(
    tmp_path: Path, catalog_file: Path, cached: Path, guarded: list[str], trips: list[bool]
) -> None:
    path = _write(tmp_path / "a.parquet", ["a1", "a2"])
    for _ in range(3):
        assert _same(tmp_path, catalog_file, [path]) == 2
    _write(path, ["a1", "a1 ", "a3", "a2"])  # another size: the cache misses
    assert _same(tmp_path, catalog_file, [path]) == 3
    assert trips == [True]
    _write(path, ["a1", "b1", "a3"])
    for _ in range(3):
        assert _same(tmp_path, catalog_file, [path]) == 3
    assert guarded == ["account_id"] * 5
    assert trips == [True]


@pytest.mark.parametrize(
    "broken", [5, {"change": "1:2:3", "plain": ["account_id"]}, [1], ["a", None], "a"]
)
def test_a_broken_scan_is_refused(broken: object) -> None:
    # Format 4 keeps a scan as its plain columns only (format 3's change stamp is in the key).
    with pytest.raises(ValueError, match="a scan without"):
        _scan(broken)
    assert _scan(None) is None
    assert _scan(["account_id"]) == ["account_id"]
    assert _scan([]) == []


def test_a_broken_scan_in_the_record_is_a_miss(
    tmp_path: Path, catalog_file: Path, cached: Path
) -> None:
    events = [_write(tmp_path / "a.parquet", ["a1", "a1 ", "a2"])]
    assert _same(tmp_path, catalog_file, events) == 2
    for record in cached.glob("in-place/*/record.json"):
        stored = json.loads(record.read_text())
        stored["scanned"] = [{"change": "1:2:3", "plain": []}]  # format 3's
        record.write_text(json.dumps(stored))
    assert _same(tmp_path, catalog_file, events) == 2  # read_record: None, no crash


_IDS = ["a1", "a1 ", "a1  ", "a1\u00a0", "a1\t", "a2", "b1", "b1 ", "\u00a0b1"]


@pytest.mark.parametrize("seed", [0])
def test_random_sequences_equal_a_loaded_store(
    tmp_path: Path, catalog_file: Path, cached: Path, seed: int
) -> None:
    generator = random.Random(seed)
    folder = tmp_path / "w"
    folder.mkdir()

    def rewrite(number: int) -> None:
        pool = generator.choice([_IDS[:1] + _IDS[5:7], _IDS])  # plain, or not
        ids = [generator.choice(pool) for _ in range(generator.randint(2, 6))]
        _write(folder / f"p{number}.parquet", ids, [generator.choice(pool) for _ in ids])

    for number in range(generator.randint(1, 3)):
        rewrite(number)
    events = sorted(folder.glob("*.parquet"))
    for _ in range(6):
        if generator.random() < 0.25:
            rewrite(generator.randrange(len(events)))
        unit = generator.choice(["account", "profile"])
        _same(tmp_path, catalog_file, events, unit=unit)


def test_a_rewrite_during_a_raw_read_is_an_error(
    tmp_path: Path, catalog_file: Path, cached: Path, guarded: list[str]
) -> None:
    # the ids read raw on the word of the change stamp taken at listing: a rewrite keeping
    # size, time and footer after that is found at the end (the file changed meanwhile)
    from showmeter.catalog import load_catalog
    from showmeter.errors import InputError
    from showmeter.intake.in_place import read_in_place

    path = _write(tmp_path / "a.parquet", ["a1", "a22", "a3"])
    for _ in range(2):
        assert _same(tmp_path, catalog_file, [path]) == 3
    stat = path.stat()
    counted = "SELECT count(DISTINCT account_id) FROM main.viewing"
    with (
        pytest.raises(InputError, match="changed while it was being read"),
        read_in_place(load_catalog(catalog_file), [("viewing", str(path))]) as opened,
    ):
        _write(path, ["a1", "a1 ", "a3"])
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        assert opened.store.connection.execute(counted).fetchall() == [(3,)]  # raw, unchecked
    assert guarded == ["account_id"] * 2


def test_a_hive_value_through_a_renamed_link_is_read_anew(
    tmp_path: Path, catalog_file: Path, cached: Path
) -> None:
    # profile_id comes from the listed path; the links' targets (the files) do not change,
    # so only the listed path tells the second folder's value is now p1 with a space (p1)
    for name, accounts in (("x", ["a1", "a2"]), ("y", ["a3", "a4"])):
        (tmp_path / name).mkdir()
        _write(tmp_path / name / f"{name}.parquet", accounts)  # event ids differ
    root = tmp_path / "w"
    root.mkdir()
    (root / "profile_id=p1").symlink_to(tmp_path / "x")
    (root / "profile_id=p2").symlink_to(tmp_path / "y")
    for _ in range(2):  # cold; warm and scanned
        assert _same(tmp_path, catalog_file, [root], unit="profile") == 2
    os.rename(root / "profile_id=p2", root / "profile_id=p1 ")
    assert _same(tmp_path, catalog_file, [root], unit="profile") == 1


def test_ids_the_triage_read_are_not_trusted_past_a_rewrite(
    tmp_path: Path, catalog_file: Path, cached: Path
) -> None:
    # no statistics: the triage reads the ids (plain); a rewrite keeping size, time and
    # footer gives another change stamp, so the cache misses and the rules run again
    path = _write(tmp_path / "a.parquet", ["a1", "a22", "a3"], stats=False)
    stat = path.stat()
    footer = _footer_digest(path, stat.st_size)
    assert _same(tmp_path, catalog_file, [path]) == 3
    _write(path, ["a1", "a1 ", "a3"], stats=False)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (path.stat().st_size, _footer_digest(path, stat.st_size)) == (stat.st_size, footer)
    assert _same(tmp_path, catalog_file, [path]) == 2


def test_a_link_swapped_and_back_during_a_raw_read_is_an_error(
    tmp_path: Path, catalog_file: Path, cached: Path
) -> None:
    from showmeter.catalog import load_catalog
    from showmeter.errors import InputError
    from showmeter.intake.in_place import read_in_place

    first = _write(tmp_path / "a.parquet", ["a1", "a22", "a3"])
    other = _write(tmp_path / "b.parquet", ["b1", "b1 ", "b3"])
    link = tmp_path / "p.parquet"
    link.symlink_to(first)
    for _ in range(2):  # cold; warm and scanned: the third reads raw
        assert _same(tmp_path, catalog_file, [link]) == 3

    def point(target: Path) -> None:
        (tmp_path / "p.tmp").symlink_to(target)
        os.replace(tmp_path / "p.tmp", link)

    with (
        pytest.raises(InputError, match="changed while it was being read"),
        read_in_place(load_catalog(catalog_file), [("viewing", str(link))]) as opened,
    ):
        point(other)
        opened.store.connection.execute("SELECT count(*) FROM main.viewing").fetchall()
        point(first)


def test_a_link_pointed_elsewhere_for_the_scan_and_back_is_an_error(
    tmp_path: Path, catalog_file: Path, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Review: the scan that vouches for a file must read the file the record is kept for.

    ``p`` links to ``a``, whose ``a1 `` needs a trim (reach 2); ``b`` is of the same size,
    time and footer with ``a1x`` (read raw: reach 3). The link points at ``b`` during the scan
    and back at ``a`` before the commit: the key (``a``'s stamp) is unchanged, so without a
    check of the link at the commit the record would say ``a``'s ids are plain and later runs
    would read them raw.
    """
    from showmeter.errors import InputError
    from showmeter.intake import in_place_view

    bad = _write(tmp_path / "a.parquet", ["a0", "a1 ", "a1", "a9"])
    plain = _write(tmp_path / "b.parquet", ["a0", "a1x", "a1", "a9"])
    stat = bad.stat()
    os.utime(plain, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    link = tmp_path / "p.parquet"
    link.symlink_to(bad)

    def point(target: Path) -> None:
        (tmp_path / "p.tmp").symlink_to(target)
        os.replace(tmp_path / "p.tmp", link)

    original = in_place_view.unchanged
    swapped: list[bool] = []

    def scanned_elsewhere(*args: object, **named: object) -> object:
        point(plain)
        try:
            return original(*args, **named)  # type: ignore[arg-type]
        finally:
            point(bad)
            swapped.append(True)

    monkeypatch.setattr(in_place_view, "unchanged", scanned_elsewhere)
    with pytest.raises(InputError, match="changed while it was being read"):
        showmeter.compute("reach", catalog=catalog_file, events=[link])  # the guard trips
    assert swapped
    monkeypatch.setattr(in_place_view, "unchanged", original)
    for _ in range(3):  # nothing kept from the refused run: cold, then warm twice
        assert _same(tmp_path, catalog_file, [link]) == 3  # a0, a1, a9
