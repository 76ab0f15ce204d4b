"""`showmeter catalog draft`: a catalog from a Netflix export, guesses marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from adapters_support import FIXTURES, counts
from typer.testing import CliRunner

from showmeter.catalog import parse_catalog
from showmeter.errors import UsageError
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

EXPORT = FIXTURES / "netflix" / "ViewingActivity.csv"
HOUSEHOLD = FIXTURES / "household" / "ViewingActivity.csv"


def test_the_draft_of_an_export_lists_its_shows_seasons_and_episodes() -> None:
    drafted = parse_catalog(draft_catalog("netflix", HOUSEHOLD))
    [title] = drafted.titles
    assert (title.title, title.name, title.kind) == (
        "marvel-s-the-defenders",
        "Marvel's The Defenders",
        "series",
    )
    [season] = title.seasons
    assert (season.season, season.label) == (1, "Limited Series")
    # runtimes: the largest bookmark of each episode
    assert [(e.episode, e.name, e.runtime_s) for e in season.episodes] == [
        (1, "The H Word", 3134),
        (2, "Mean Right Hook", 3000),
        (3, "Worst Behavior", 2700),
    ]


def test_guesses_and_estimates_are_marked() -> None:
    text = draft_catalog("netflix", EXPORT)
    lines = text.splitlines()
    assert lines[0].startswith("# showmeter catalog, drafted from ViewingActivity.csv")
    granite = next(line for line in lines if "Granite State" in line)
    assert "number in the order first watched: check" in granite
    assert 'runtime_origin: "estimate"' in granite  # issue 14: the origin is a key now
    onion = lines.index('    name: "Glass Onion: A Knives Out Mystery"')
    assert lines[onion + 1] == '    kind: "film"  # check: read as a film'  # quoted (issue 14)
    assert "Criminal_hook" not in text and "Trailer" not in text  # supplemental videos


def test_every_title_of_the_export_resolves_against_its_draft() -> None:
    drafted = parse_catalog(draft_catalog("netflix", EXPORT))
    [summary] = ingest(
        Store(), drafted, [("viewing", EXPORT)], source="netflix", options={"account": "home"}
    )
    # as with the hand-written catalog, but The Gentlemen resolves and France is a market
    assert counts(summary) == (16, 10, 5, 1)
    assert summary.reasons == {
        "supplemental_video": 2,
        "autoplay": 1,
        "bad_timestamp": 1,
        "malformed_row": 1,
    }


def test_a_draft_of_a_simple_export_gives_every_runtime_a_default() -> None:
    # Issue 14 changed this: a draft leaves no runtime to fill in (it did, and did not load).
    # The simple export has no bookmark, so every runtime is the default of its kind.
    text = draft_catalog(
        "netflix-simple", FIXTURES / "netflix_simple" / "NetflixViewingHistory.csv"
    )
    assert "fill in" not in text
    drafted = parse_catalog(text)
    runtimes = {
        (t.title, s.season, e.episode): (e.runtime_s, e.runtime_origin)
        for t in drafted.titles
        for s in t.seasons
        for e in s.episodes
    }
    # 42 min a series episode, 1 h 46 min a film (draft_estimate.DEFAULT_RUNTIME_S)
    assert runtimes[("glass-onion-a-knives-out-mystery", 0, 1)] == (6360, "estimate")
    assert runtimes[("breaking-bad", 5, 1)] == (2520, "estimate")
    assert {origin for _, origin in runtimes.values()} == {"estimate"}


def test_sources_without_a_draft_are_refused() -> None:
    # Issue 14 changed this: trakt, tautulli and jellyfin are drafted too now.
    with pytest.raises(UsageError, match="netflix, netflix-simple, tautulli, jellyfin, trakt"):
        draft_catalog("netflix-top10", EXPORT)


def test_the_command_prints_or_writes_the_draft(tmp_path: Path) -> None:
    import showmeter.cli.catalog_command  # noqa: F401  (registers `catalog` on the app)
    from showmeter.cli.app import app

    runner = CliRunner()
    printed = runner.invoke(app, ["catalog", "draft", "--source", "netflix", str(HOUSEHOLD)])
    assert printed.exit_code == 0, printed.output
    assert printed.stdout == draft_catalog("netflix", HOUSEHOLD)
    target = tmp_path / "catalog.yaml"
    written = runner.invoke(app, ["catalog", "draft", str(HOUSEHOLD), "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text() == printed.stdout
