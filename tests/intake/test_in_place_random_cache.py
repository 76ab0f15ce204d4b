"""Random files computed in place cold, warm and warm again: each equals a loaded store.

The first computation applies the rules (cold), the second reads the validation cache with its
unit ids guarded and then scans them, the third reads the ids the scan found plain raw (the
cache record's format 4 keeps only the plain columns; the key holds the file's change stamp).
Every one's figures and ``inputs`` (rows read, used, quarantined by reason, duplicates) must
equal a store loaded with the same files, whatever the files hold: ids needing a trim (ASCII
space) or not (no-break space), empty or missing ids, unknown titles, episodes and markets,
negative seconds, repeated and conflicting event ids, with or without statistics, split over
one or two files (the first row is valid, else the store's load is refused).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import showmeter
from showmeter.intake import in_place_listing

_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z, the-defenders' US launch day

_ROW = st.tuples(
    st.sampled_from(["e0", "e1", "e2", "u"]),  # "u": an event id of its own
    st.sampled_from(["a1", "a1 ", " a1", "a1\u00a0", "a2", "", None]),
    st.sampled_from(["the-defenders", "the-defenders", "nope"]),
    st.sampled_from([1, 1, 2, 9]),
    st.sampled_from([600.0, 600.0, 30.0, -5.0]),
    st.sampled_from(["US", "US", "XX"]),
)


def _write(path: Path, rows: list[tuple[object, ...]], start: int, stats: bool) -> Path:
    ids = [e if e != "u" else f"u{start + i}" for i, (e, *_) in enumerate(rows)]
    table = pa.table(
        {
            "event_id": pa.array(ids, pa.string()),
            "account_id": pa.array([r[1] for r in rows], pa.string()),
            "title": pa.array([r[2] for r in rows], pa.string()),
            "season": pa.array([1] * len(rows), pa.int32()),
            "episode": pa.array([r[3] for r in rows], pa.int32()),
            "started_at": pa.array([_AUG_18_08] * len(rows), pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array([r[4] for r in rows], pa.float64()),
            "market": pa.array([r[5] for r in rows], pa.string()),
            "device": pa.array(["tv"] * len(rows), pa.string()),
        }
    )
    pq.write_table(table, path, write_statistics=stats)
    return path


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(_ROW, min_size=1, max_size=10),
    split=st.integers(min_value=0, max_value=10),
    stats=st.booleans(),
    present=st.booleans(),
)
def test_cold_warm_and_raw_equal_a_loaded_store(
    catalog_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    rows: list[tuple[object, ...]],
    split: int,
    stats: bool,
    present: bool,
) -> None:
    monkeypatch.setattr(in_place_listing, "_SETTLED_NS", 0)  # a file's stamp settled at once
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if present:  # every id present: the statistics prove it, so the ids are read guarded
            rows = [(r[0], r[1] or "a3", *r[2:]) for r in rows]
        rows = [("u", "a0", "the-defenders", 1, 600.0, "US"), *rows]
        monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(root / "cache"))
        monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
        parts = [rows[:split], rows[split:]] if 0 < split < len(rows) else [rows]
        events = [
            _write(root / f"part-{i}.parquet", part, 100 * i, stats) for i, part in enumerate(parts)
        ]
        loaded = showmeter.ingest(root / "store.duckdb", catalog=catalog_file, events=events)
        wanted = showmeter.compute("reach", store=root / "store.duckdb").rows
        inputs = [f.to_dict() for f in loaded.files]
        for _ in range(3):  # cold; warm, guarded, then scanned; warm, plain ids raw
            in_place = showmeter.compute("reach", catalog=catalog_file, events=events)
            assert (in_place.rows, in_place.inputs) == (wanted, inputs)
