"""`showmeter catalog draft FOLDER`: one catalog for a folder of exports, as ingest reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

from adapters_support import FIXTURES, counts
from typer.testing import CliRunner

from showmeter.catalog import Catalog, parse_catalog
from showmeter.errors import InputError
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

EXPORT = FIXTURES / "netflix" / "ViewingActivity.csv"
HOUSEHOLD = FIXTURES / "household" / "ViewingActivity.csv"
SIMPLE = FIXTURES / "netflix_simple" / "NetflixViewingHistory.csv"
APPLE_DOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \xff\xfe"
"""The start of a macOS ``._`` file: binary, not UTF-8 (read, it would refuse the folder)."""


def _episodes(catalog: Catalog) -> set[tuple[str, int, int, str | None, int | None]]:
    return {
        (t.title, s.season, e.episode, e.name, e.runtime_s)
        for t in catalog.titles
        for s in t.seasons
        for e in s.episodes
    }


def _exports(folder: Path) -> Path:
    """Two profiles' full exports (no title in common) and a macOS copy of one's resource fork."""
    for name, export in (("home", EXPORT), ("household", HOUSEHOLD)):
        (folder / name).mkdir(parents=True)
        shutil.copy(export, folder / name / "ViewingActivity.csv")
    (folder / "__MACOSX" / "home").mkdir(parents=True)
    (folder / "__MACOSX" / "home" / "._ViewingActivity.csv").write_bytes(APPLE_DOUBLE)
    return folder


def test_a_folder_of_one_export_drafts_the_catalog_of_the_file_its_header_naming_the_folder(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "history"
    (folder / "__MACOSX").mkdir(parents=True)
    shutil.copy(SIMPLE, folder / SIMPLE.name)
    (folder / "__MACOSX" / f"._{SIMPLE.name}").write_bytes(APPLE_DOUBLE)  # hidden: skipped
    [first, *rest] = draft_catalog("netflix-simple", SIMPLE).splitlines(keepends=True)
    assert first == f"# showmeter catalog, drafted from {SIMPLE.name} (--source netflix-simple).\n"
    expected = "# showmeter catalog, drafted from history/ (--source netflix-simple).\n"
    assert draft_catalog("netflix-simple", folder) == expected + "".join(rest)


def test_a_folder_of_two_exports_drafts_every_title_of_both(tmp_path: Path) -> None:
    folder = _exports(tmp_path / "exports")
    drafted = parse_catalog(draft_catalog("netflix", folder))
    # the two exports name no title in common: the folder's draft is both files' drafts
    alone = [parse_catalog(draft_catalog("netflix", export)) for export in (EXPORT, HOUSEHOLD)]
    assert _episodes(drafted) == _episodes(alone[0]) | _episodes(alone[1])
    assert ("marvel-s-the-defenders", 1, 1, "The H Word", 3134) in _episodes(drafted)
    # and every title of each file resolves with it (EXPORT's figures: test_catalog_draft.py)
    [summary] = ingest(
        Store(), drafted, [("viewing", EXPORT)], source="netflix", options={"account": "home"}
    )
    assert counts(summary) == (16, 10, 5, 1)
    assert "unresolved_title" not in summary.reasons
    [summary] = ingest(
        Store(), drafted, [("viewing", HOUSEHOLD)], source="netflix", options={"account": "h"}
    )
    assert "unresolved_title" not in summary.reasons


def test_the_command_drafts_a_folder_or_a_glob(tmp_path: Path) -> None:
    import showmeter.cli.catalog_command  # noqa: F401  (registers `catalog` on the app)
    from showmeter.cli.app import app

    folder = _exports(tmp_path / "exports")
    runner = CliRunner()
    printed = runner.invoke(app, ["catalog", "draft", "--source", "netflix", str(folder)])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == draft_catalog("netflix", folder)
    pattern = str(folder / "*" / "ViewingActivity.csv")
    globbed = runner.invoke(app, ["catalog", "draft", "--source", "netflix", pattern])
    assert globbed.exit_code == 0, globbed.output
    # the same catalog: only the header's name differs (the whole glob)
    assert globbed.stdout.splitlines()[1:] == printed.stdout.splitlines()[1:]
    assert pattern in globbed.stdout.splitlines()[0]


def test_a_folder_without_exports_is_refused_with_its_remedy(tmp_path: Path) -> None:
    import showmeter.cli.catalog_command  # noqa: F401  (registers `catalog` on the app)
    from showmeter.cli.app import app

    (tmp_path / "notes.txt").write_text("nothing here\n")
    done = CliRunner().invoke(app, ["catalog", "draft", "--source", "netflix", str(tmp_path)])
    assert isinstance(done.exception, InputError)  # main() prints it: cause, then remedy
    assert str(done.exception) == (
        f"{tmp_path}: no ViewingActivity.csv found; expected a file, a directory or a glob "
        "naming ViewingActivity.csv. Check the path and the --source."
    )
