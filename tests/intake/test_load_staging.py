"""Where a load stages its rows: in memory when they fit, else in a scratch file, alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from showmeter.intake import load, scratch
from showmeter.resources import size_in_bytes

EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
    "e2,a2,the-defenders,1,2,2017-08-18T09:00:00Z,900,phone,US\n"
    "e2,a2,the-defenders,1,2,2017-08-18T09:00:00Z,900,phone,US\n"
    "e3,a3,the-defenders,1,1,2017-08-18T10:00:00Z,-5,tv,US\n"
    "e4,,the-defenders,1,1,2017-08-18T10:00:00Z,60,tv,US\n"
)


@pytest.mark.parametrize(
    ("setting", "expected"),
    [("2.7 GiB", 2.7 * 2**30), ("300.0 MiB", 300 * 2**20), ("512 KiB", 512 * 1024.0)],
)
def test_the_memory_limit_is_read_in_bytes(setting: str, expected: float) -> None:
    assert size_in_bytes(setting) == pytest.approx(expected)


@pytest.mark.parametrize("setting", ["", "unlimited", "x GiB"])
def test_a_memory_limit_that_is_not_a_size_gives_none(setting: str) -> None:
    assert size_in_bytes(setting) is None


def _load(folder: Path, catalog_file: Path, events: Path) -> tuple[object, ...]:
    from showmeter.catalog import load_catalog
    from showmeter.store import Store

    with Store(folder / "s.duckdb") as store:
        summaries = load.ingest(store, load_catalog(catalog_file), [("viewing", events)])
        rows = store.connection.execute("SELECT * FROM viewing ORDER BY ALL").fetchall()
        kept_out = store.connection.execute(
            "SELECT line, reason, value FROM quarantine ORDER BY ALL"
        ).fetchall()
    counts = [(s.read, s.loaded, s.quarantined, s.duplicates, s.reasons) for s in summaries]
    return rows, kept_out, counts


def test_a_load_too_large_for_memory_stages_in_a_file_with_the_same_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_file: Path
) -> None:
    events = tmp_path / "viewing.csv"
    events.write_text(EVENTS)
    made: list[Path] = []
    new_folder = scratch.new_folder

    def recorded() -> Path:
        made.append(new_folder())
        return made[-1]

    monkeypatch.setattr(scratch, "new_folder", recorded)
    (tmp_path / "memory").mkdir()
    in_memory = _load(tmp_path / "memory", catalog_file, events)
    assert made == []  # a few rows: staged in memory
    monkeypatch.setattr(load, "STAGED_BYTES", {".csv": 1e15})  # "too large for any limit"
    (tmp_path / "file").mkdir()
    in_file = _load(tmp_path / "file", catalog_file, events)
    assert len(made) == 1 and not made[0].exists()  # a scratch file, deleted after
    assert in_file == in_memory
    rows, kept_out, counts = in_memory
    assert len(rows) == 2  # e1 and e2 (once)
    assert [reason for _, reason, _ in kept_out] == ["seconds_out_of_range", "missing_unit_id"]
    assert counts == [(5, 2, 2, 1, {"seconds_out_of_range": 1, "missing_unit_id": 1})]
