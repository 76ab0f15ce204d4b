"""A folder's expansion skips hidden files and hidden folders below it, for ingest as for the
source adapters (``exports/.git/…``, ``exports/_old/…``, ``exports/__MACOSX/…``)."""

from __future__ import annotations

from pathlib import Path

from showmeter.catalog import load_catalog
from showmeter.intake import readers
from showmeter.intake.adapters.files import expand
from showmeter.intake.load import ingest
from showmeter.store import Store

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
ROW = "{},a1,the-defenders,1,1,2017-08-18T1{}:00:00Z,1800,tv,US\n"
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe"


def _folder(root: Path) -> Path:
    """A hidden folder named by the user, holding two visible files and hidden ones."""
    files = {
        "events.csv": HEADER + ROW.format("e1", 1) + ROW.format("e2", 2),
        "sub/more.csv": HEADER + ROW.format("e3", 3),
        "_old/events.csv": HEADER + ROW.format("old1", 4) + ROW.format("old2", 5),
        ".git/refs/heads.csv": "not,the,header\n1,2,3\n",
        "sub/_backup/events.csv": HEADER + ROW.format("old3", 6),
        ".hidden.csv": HEADER + ROW.format("old4", 7),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "__MACOSX").mkdir()
    (root / "__MACOSX" / "events.csv").write_bytes(APPLE_DOUBLE)  # not UTF-8: read, an error
    return root


def test_a_folder_gives_its_files_but_those_below_a_hidden_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "_inbox")  # the folder named may itself be hidden
    expected = [folder / "events.csv", folder / "sub" / "more.csv"]
    assert readers.expand_inputs(folder) == expected
    assert expand(folder, lambda p: p.suffix == ".csv", "CSV files") == expected
    # a file named directly is read, hidden or not; a glob takes what it matches
    hidden = folder / "_old" / "events.csv"
    assert readers.expand_inputs(hidden) == [hidden]
    assert readers.expand_inputs(str(folder / "_old" / "*.csv")) == [hidden]


def test_ingest_of_a_folder_loads_only_its_visible_files(
    catalog_file: Path, tmp_path: Path
) -> None:
    store = Store()
    folder = _folder(tmp_path / "_inbox")
    summaries = ingest(store, load_catalog(catalog_file), [("viewing", folder)])
    assert [(Path(s.file), s.read, s.loaded, s.quarantined) for s in summaries] == [
        (folder / "events.csv", 2, 2, 0),
        (folder / "sub" / "more.csv", 1, 1, 0),
    ]
    assert store.connection.execute("SELECT count(*) FROM viewing").fetchall() == [(3,)]


def test_a_partition_folder_starting_with_an_underscore_is_read_as_spark_reads_it(
    tmp_path: Path,
) -> None:
    for name in ("_k=1/a.csv", "season=1/b.csv", "c.csv", "_k/d.csv", "_x=1.csv", "_y.csv"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(HEADER)
    assert readers.expand_inputs(tmp_path) == [
        tmp_path / name for name in ("_k=1/a.csv", "_x=1.csv", "c.csv", "season=1/b.csv")
    ]
