"""A folder of exports: a source adapter and ``catalog draft`` skip those in hidden folders
below it (``.git/``, ``_old/``, ``__MACOSX/``), as they skip hidden files."""

from __future__ import annotations

import shutil
from pathlib import Path

from adapters_support import FIXTURES, counts

from showmeter.catalog import parse_catalog
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

EXPORT = FIXTURES / "netflix" / "ViewingActivity.csv"
HOUSEHOLD = FIXTURES / "household" / "ViewingActivity.csv"
NAME = "ViewingActivity.csv"


def _exports(folder: Path) -> Path:
    """One export, and another profile's export (no title in common) kept in hidden folders."""
    for sub in ("home", "_old", ".git/history", "__MACOSX/home", "home/.Trash"):
        (folder / sub).mkdir(parents=True)
    shutil.copy(EXPORT, folder / "home" / NAME)
    for hidden in ("_old", ".git/history", "__MACOSX/home", "home/.Trash"):
        shutil.copy(HOUSEHOLD, folder / hidden / NAME)
    return folder


def test_an_adapter_reads_no_export_below_a_hidden_folder(tmp_path: Path) -> None:
    folder = _exports(tmp_path / "_exports")  # the folder named may itself be hidden
    catalog = parse_catalog(draft_catalog("netflix", EXPORT))
    summaries = ingest(
        Store(), catalog, [("viewing", folder)], source="netflix", options={"account": "home"}
    )
    assert [Path(s.file) for s in summaries] == [folder / "home" / NAME]
    assert counts(summaries[0]) == (16, 10, 5, 1)  # EXPORT's figures: test_catalog_draft.py


def test_a_draft_of_a_folder_leaves_out_the_exports_below_a_hidden_folder(tmp_path: Path) -> None:
    folder = _exports(tmp_path / "_exports")
    [_, *alone] = draft_catalog("netflix", EXPORT).splitlines(keepends=True)
    expected = "# showmeter catalog, drafted from _exports/ (--source netflix).\n"
    assert draft_catalog("netflix", folder) == expected + "".join(alone)
