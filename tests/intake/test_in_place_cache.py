"""The rules' findings in Parquet files read in place, kept for the next computation.

The hand-worked file (the small catalog of conftest.py), ``s.parquet``, rows 1-5:
e1 a1 the-defenders 1x1 2017-08-18 08:00Z 3134 s US: used; e2 a2 1x2 09:00Z 3000 s KR: used;
e3 a3 1x1 -5 s: ``seconds_out_of_range``; e1 again, same values: duplicate; e4 a4 1x1
2021-06-01 600 s GB (inside Netflix's window, which ends 2022-03-01): used. So read 5,
loaded 3, quarantined 1, duplicates 1; hours_viewed of the-defenders (the 91 days from the
launch, 2017-08-18: e4 is loaded but later) = (3134 + 3000) / 3600 = 6134 / 3600 h.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from file_change_support import change_file

import showmeter
from showmeter.errors import InputError
from showmeter.intake import in_place_cache, in_place_parquet, in_place_view

_HOUR = 3_600_000_000  # microseconds
_AUG_18_08 = 1_503_043_200_000_000  # 2017-08-18T08:00:00Z
_JUN_01_2021 = 1_622_534_400_000_000  # 2021-06-01T08:00:00Z


def _write(path: Path, e2_seconds: float = 3000.0) -> Path:
    rows = [
        ("e1", "a1", 1, _AUG_18_08, 3134.0, "US"),
        ("e2", "a2", 2, _AUG_18_08 + _HOUR, e2_seconds, "KR"),
        ("e3", "a3", 1, _AUG_18_08 + _HOUR, -5.0, "US"),
        ("e1", "a1", 1, _AUG_18_08, 3134.0, "US"),
        ("e4", "a4", 1, _JUN_01_2021, 600.0, "GB"),
    ]
    table = pa.table(
        {
            "event_id": [r[0] for r in rows],
            "account_id": [r[1] for r in rows],
            "title": ["the-defenders"] * len(rows),
            "season": pa.array([1] * len(rows), pa.int32()),
            "episode": pa.array([r[2] for r in rows], pa.int32()),
            "started_at": pa.array([r[3] for r in rows], pa.timestamp("us", tz="UTC")),
            "seconds_watched": pa.array([r[4] for r in rows], pa.float64()),
            "market": [r[5] for r in rows],
            "device": ["tv"] * len(rows),
        }
    )
    pq.write_table(table, path, compression="none")  # the same size for other seconds
    return path


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, turned on."""
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SHOWMETER_INPLACE_CACHE", raising=False)
    return tmp_path / "cache" / "in-place"


@pytest.fixture
def ruled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the rules ran over the files (the triage of the sessions)."""
    calls: list[int] = []
    original = in_place_parquet._settle_triaged

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(in_place_parquet, "_settle_triaged", counted)
    return calls


def _hours(result: showmeter.Result) -> float:
    value = {row["title"]: row["value"] for row in result.rows}["the-defenders"]
    assert isinstance(value, float)
    return value


def _counts(result: showmeter.Result) -> tuple[object, ...]:
    [file] = result.inputs
    return (file["read"], file["loaded"], file["quarantined"], file["duplicates"])


def test_a_second_computation_reads_the_findings_and_gives_the_same_result(
    tmp_path: Path, catalog_file: Path, cache: Path, ruled: list[int]
) -> None:
    events = [_write(tmp_path / "s.parquet")]
    first = showmeter.compute(
        "hours_viewed", catalog=catalog_file, events=events, rejects=tmp_path / "r1"
    )
    assert len(ruled) == 1 and len(list(cache.iterdir())) == 1
    second = showmeter.compute(
        "hours_viewed", catalog=catalog_file, events=events, rejects=tmp_path / "r2"
    )
    assert len(ruled) == 1  # the rules did not run again
    assert _hours(second) == pytest.approx(6134 / 3600)
    assert second.rows == first.rows and second.inputs == first.inputs
    assert _counts(second) == (5, 3, 1, 1)
    assert second.inputs[0]["reasons"] == {"seconds_out_of_range": 1}
    rejects = pq.read_table(tmp_path / "r2").to_pylist()
    assert [(r["line"], r["reason"]) for r in rejects] == [(3, "seconds_out_of_range")]
    assert rejects == pq.read_table(tmp_path / "r1").to_pylist()
    # and as a store loaded with the same file says
    store = tmp_path / "s.duckdb"
    summary = showmeter.ingest(store, catalog=catalog_file, events=events)
    assert second.inputs == [f.to_dict() for f in summary.files]
    assert second.rows == showmeter.compute("hours_viewed", store=store).rows


def test_a_file_rewritten_with_its_size_and_time_kept_misses_by_its_footer(
    tmp_path: Path, catalog_file: Path, cache: Path, ruled: list[int]
) -> None:
    path = _write(tmp_path / "s.parquet")
    before = path.stat()
    showmeter.compute("hours_viewed", catalog=catalog_file, events=[path])
    # e2 now 3200 s: (3134 + 3200) / 3600 h. The footer changes with the column's maximum
    # (its statistics); a value changed within the old minimum and maximum would leave the
    # footer unchanged, but not the file's change stamp, also in the key (docs/in-place.md).
    _write(path, e2_seconds=3200.0)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    again = showmeter.compute("hours_viewed", catalog=catalog_file, events=[path])
    assert len(ruled) == 2
    assert _hours(again) == pytest.approx(6334 / 3600)


def test_another_catalog_misses(
    tmp_path: Path, catalog_file: Path, cache: Path, ruled: list[int]
) -> None:
    events = [_write(tmp_path / "s.parquet")]
    showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    # Netflix's window now ends 2021-01-01: e4 (GB, 2021-06-01) is outside availability
    # (Disney+ opens in GB on 2022-03-16): quarantined 2, loaded 2; the hours are unchanged
    # (e4 was after the 91 days anyway): 6134 / 3600 h.
    text = catalog_file.read_text().replace("until: 2022-03-01", "until: 2021-01-01")
    other = tmp_path / "other.yaml"
    other.write_text(text)
    again = showmeter.compute("hours_viewed", catalog=other, events=events)
    assert len(ruled) == 2
    assert _hours(again) == pytest.approx(6134 / 3600)
    assert _counts(again) == (5, 2, 2, 1)
    assert again.inputs[0]["reasons"] == {"outside_availability": 1, "seconds_out_of_range": 1}


def test_other_rules_miss(
    tmp_path: Path,
    catalog_file: Path,
    cache: Path,
    ruled: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events = [_write(tmp_path / "s.parquet")]
    showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    # the rules' source files changed (another showmeter): their fingerprint differs
    monkeypatch.setattr(in_place_cache, "_fingerprint", lambda: "other rules")
    again = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert len(ruled) == 2 and len(list(cache.iterdir())) == 2
    assert _counts(again) == (5, 3, 1, 1)


def test_an_entry_that_cannot_be_read_is_a_miss_and_is_written_again(
    tmp_path: Path, catalog_file: Path, cache: Path, ruled: list[int]
) -> None:
    events = [_write(tmp_path / "s.parquet")]
    first = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    [entry] = cache.iterdir()
    (entry / "checked.parquet").write_bytes(b"not parquet")
    second = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert len(ruled) == 2 and second.inputs == first.inputs and second.rows == first.rows
    third = showmeter.compute("hours_viewed", catalog=catalog_file, events=events)
    assert len(ruled) == 2 and third.inputs == first.inputs  # read from the rewritten entry
    assert _counts(third) == (5, 3, 1, 1)


def test_the_cache_turned_off_keeps_nothing(
    tmp_path: Path,
    catalog_file: Path,
    cache: Path,
    ruled: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SHOWMETER_INPLACE_CACHE", "off")
    events = [_write(tmp_path / "s.parquet")]
    for _ in range(2):
        assert _counts(showmeter.compute("reach", catalog=catalog_file, events=events)) == (
            5,
            3,
            1,
            1,
        )
    assert len(ruled) == 2 and not cache.exists()


@pytest.mark.parametrize("change", ["appended", "touched"])
def test_a_file_changed_during_the_computation_is_an_error(
    tmp_path: Path, catalog_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    # After the rules ran and before the metric reads the file, another program appends to
    # it (DuckDB then fails to read it: the error says why) or only sets its time (the
    # figures come out, but the check after the query refuses them).
    path = _write(tmp_path / "s.parquet")
    original = in_place_view.Exposure.show

    def then_changed(self: in_place_view.Exposure, *, replace: bool = False) -> None:
        original(self, replace=replace)
        change_file(path, change)

    monkeypatch.setattr(in_place_view.Exposure, "show", then_changed)
    with pytest.raises(InputError, match="changed while it was being read") as raised:
        showmeter.compute("hours_viewed", catalog=catalog_file, events=[path])
    assert raised.value.file == str(path)
    assert raised.value.remedy is not None and "Compute again" in raised.value.remedy
    assert not cache.exists() or not any(cache.iterdir())  # nothing kept


def test_a_file_cut_short_while_the_rules_read_it_is_an_error(
    tmp_path: Path, catalog_file: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the rules' first pass reads it, another program cuts the file short: DuckDB fails
    # on its footer ("No magic bytes"), and the error names the file that changed instead of
    # being an internal error (found by review).
    path = _write(tmp_path / "s.parquet")
    original = in_place_parquet.triage

    def cut_then_triage(*args: object, **named: object) -> object:
        with path.open("r+b") as out:
            out.truncate(path.stat().st_size - 20)
        return original(*args, **named)  # type: ignore[arg-type]

    monkeypatch.setattr(in_place_parquet, "triage", cut_then_triage)
    with pytest.raises(InputError, match="changed while it was being read") as raised:
        showmeter.compute("hours_viewed", catalog=catalog_file, events=[path])
    assert raised.value.file == str(path)
