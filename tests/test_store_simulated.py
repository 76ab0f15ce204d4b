"""A simulated world's deleted files are listed as what they were, not as dead paths."""

from __future__ import annotations

from pathlib import Path

from showmeter.catalog import load_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store
from showmeter.store.lookups import DELETED_SUFFIX

EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
    "e2,a2,nope,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"  # line 3: unknown_title
)


def test_files_under_the_deleted_folder_are_renamed_and_others_kept(
    catalog_file: Path, tmp_path: Path
) -> None:
    world = tmp_path / "world"
    (world / "sessions").mkdir(parents=True)
    (world / "sessions" / "part-0.csv").write_text(EVENTS)
    kept = tmp_path / "kept.csv"
    kept.write_text(EVENTS.replace("e1,", "k1,").replace("e2,", "k2,"))
    store = Store()
    catalog = load_catalog(catalog_file)
    ingest(store, catalog, [("viewing", world / "sessions" / "part-0.csv"), ("viewing", kept)])
    store.mark_simulated("a test world", deleted_folder=str(world))
    assert store.simulated()
    files = sorted(load.file for load in store.loads())
    assert files == sorted([str(kept), "sessions/part-0.csv" + DELETED_SUFFIX])
    rows, total = store.quarantined_rows(None, 0, None)
    assert total == 2
    assert sorted(str(row["file"]) for row in rows) == files
    assert all(not str(row["file"]).startswith(str(world)) for row in rows)
