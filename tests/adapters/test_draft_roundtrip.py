"""Issue 14: a drafted catalog loads unedited, and every title of its own file resolves with it.

The fixtures of ``fixtures/draft/`` were written by hand from the formats (docs/adapters/*.md,
formats.md) with the quirks the issue reports: titles that are numbers (``1992``, ``21``,
``3``), a film and a sequel sharing a prefix (``The Mummy``), a film and a series of one name
(``Ratownicy z Malibu``), localised season markers, a no-break space, a 2-second autoplay
preview, trailers and hooks, Plex specials (season 0), episodes without a number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from adapters_support import FIXTURES

from showmeter.catalog import Catalog, parse_catalog
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.adapters.draft_estimate import MIN_POSITION_S, estimate_runtime
from showmeter.intake.load import ingest
from showmeter.store import Store

if TYPE_CHECKING:
    from pathlib import Path

DRAFT = FIXTURES / "draft"

CASES = [
    ("netflix", FIXTURES / "netflix" / "ViewingActivity.csv", {"account": "home"}),
    ("netflix", FIXTURES / "household" / "ViewingActivity.csv", {"account": "home"}),
    ("netflix", DRAFT / "ViewingActivity.csv", {"account": "home"}),
    ("netflix-simple", FIXTURES / "netflix_simple" / "NetflixViewingHistory.csv", {"account": "a"}),
    ("netflix-simple", FIXTURES / "netflix_simple" / "Lena.csv", {"account": "a"}),
    ("netflix-simple", DRAFT / "NetflixViewingHistory.csv", {"account": "a"}),
    ("trakt", FIXTURES / "trakt", {"account": "me"}),
    ("trakt", DRAFT / "watched-history.json", {"account": "me"}),
    ("tautulli", FIXTURES / "tautulli" / "history-page-1.json", {}),
    ("tautulli", FIXTURES / "tautulli" / "history-page-2.json", {}),
    ("tautulli", DRAFT / "tautulli-history.json", {}),
    ("jellyfin", FIXTURES / "jellyfin" / "PlaybackReportingBackup.tsv", {}),
    ("jellyfin", DRAFT / "playback-backup.tsv", {}),
]

UNKNOWN = {"unresolved_title"}
"""The reasons that mean a title or episode the catalog does not know."""


@pytest.mark.parametrize(
    ("source", "path", "options"), CASES, ids=[f"{c[0]}-{c[1].name}" for c in CASES]
)
def test_the_draft_loads_unedited_and_resolves_every_title_of_its_file(
    source: str, path: Path, options: dict[str, str]
) -> None:
    drafted = parse_catalog(draft_catalog(source, path), "draft.yaml")  # no CatalogError
    assert all(
        episode.runtime_origin == "estimate"
        for title in drafted.titles
        for season in title.seasons
        for episode in season.episodes
    )
    summaries = ingest(Store(), drafted, [("viewing", path)], source=source, options=options)
    for summary in summaries:
        assert summary.reconciles, summary
        assert summary.loaded > 0, summary
        assert not UNKNOWN & set(summary.reasons), summary.reasons


def _runtimes(catalog: Catalog) -> dict[tuple[str, int, int], tuple[str | None, float]]:
    return {
        (title.title, season.season, episode.episode): (episode.name, episode.runtime_s)
        for title in catalog.titles
        for season in title.seasons
        for episode in season.episodes
    }


def test_estimates_from_netflix_bookmarks_by_hand() -> None:
    runtimes = _runtimes(parse_catalog(draft_catalog("netflix", DRAFT / "ViewingActivity.csv")))
    # 1899 E2 "The Boat": bookmarks 0:04:59 (under 5 min: ignored), 0:38:10 and 0:41:07 (a
    # later session of the same episode): the largest is 41 min 7 s = 2467 s
    assert runtimes[("1899", 1, 2)] == ("The Boat", 41 * 60 + 7)
    # 1899 E1 "The Ship": only a 2-second autoplay nobody touched: the series default, 42 min
    assert runtimes[("1899", 1, 1)] == ("The Ship", 42 * 60)
    # the film 2012: one bookmark of 3 min (too short): the film default, 106 min = 6360 s
    assert runtimes[("2012", 0, 1)] == (None, 6360)
    # the film 21: its HOOK row (2:10) is skipped, its viewing's bookmark is 1:40:00
    assert runtimes[("21", 0, 1)] == (None, 6000)
    # the film 3: a 20-minute bookmark is taken as it is (it errs short, never long)
    assert runtimes[("3", 0, 1)] == (None, 1200)
    # The Queen's Gambit, a limited series: a 2-minute bookmark; 7 h / 8 episodes = 52:30
    assert runtimes[("the-queen-s-gambit", 1, 1)] == ("Openings", 52 * 60 + 30)
    # the film and the sequel sharing its prefix are two films, neither swallowed
    assert runtimes[("the-mummy", 0, 1)] == (None, 2 * 3600 + 4 * 60)
    assert runtimes[("the-mummy-tomb-of-the-dragon-emperor", 0, 1)] == (None, 3600 + 52 * 60)


def test_numeric_titles_are_quoted_strings() -> None:
    text = draft_catalog("netflix", DRAFT / "ViewingActivity.csv")
    for number in ("1992", "2012", "21", "3", "1899"):
        assert f'  - title: "{number}"' in text
        assert f'    name: "{number}"' in text
    drafted = parse_catalog(text)
    assert {"1992", "2012", "21", "3", "1899"} <= {t.title for t in drafted.titles}


def test_estimates_from_tautulli_offsets_by_hand() -> None:
    drafted = parse_catalog(draft_catalog("tautulli", DRAFT / "tautulli-history.json"))
    runtimes = _runtimes(drafted)
    # 1899 S1E1: view_offset 3,000,000 ms and 120,000 ms: the largest, 3000 s
    assert runtimes[("1899", 1, 1)] == ("The Ship", 3000)
    # 1899 S1E2: 250,000 ms = 250 s, under 5 min: the default, 2520 s
    assert runtimes[("1899", 1, 2)] == ("The Boat", 2520)
    # the movie 21: 7,380,000 ms = 2 h 3 min; the movie 2012: 100 s, too short: 6360 s
    assert runtimes[("21", 0, 1)] == (None, 7380)
    assert runtimes[("2012", 0, 1)] == (None, 6360)
    doctor = drafted.title("doctor-who")
    assert doctor is not None
    # season 0 (Plex's specials) is a labelled season found by name; season 2's episode
    # without a number is numbered 1 and found by its name
    seasons = {(s.season, s.label): [(e.episode, e.name, e.runtime_s) for e in s.episodes]
               for s in doctor.seasons}  # fmt: skip
    assert seasons == {
        (2, None): [(1, "New Earth", 2520)],
        (1, "Specials"): [(1, "The Christmas Invasion", 3600)],
    }


def test_estimates_from_jellyfin_and_trakt_by_hand() -> None:
    jellyfin = _runtimes(parse_catalog(draft_catalog("jellyfin", DRAFT / "playback-backup.tsv")))
    # 1899 s01e02: two sessions of 2000 s and 3100 s played: the longest, 3100 s
    assert jellyfin[("1899", 1, 2)] == ("The Boat", 3100)
    # Dark s00e00 "A Special": 100 s played, too short: the default (Specials, season 1)
    assert jellyfin[("dark", 1, 1)] == ("A Special", 2520)
    assert jellyfin[("2012", 0, 1)] == (None, 9480)
    trakt = _runtimes(parse_catalog(draft_catalog("trakt", DRAFT / "watched-history.json")))
    # Trakt has no position: every runtime is the default of its kind
    assert trakt[("1899", 1, 1)] == ("The Ship", 2520)
    assert trakt[("21", 0, 1)] == (None, 6360)
    # "Lies" is watched once without a number (a `watch`) and once as E2: one episode
    assert trakt[("dark", 1, 2)] == ("Lies", 2520)
    assert ("dark", 1, 1) not in trakt


@pytest.mark.parametrize(
    ("position", "kind", "expected"),
    [
        (None, "series", 2520),
        (2.0, "series", 2520),  # a 2-second preview never becomes 0:00:02
        (MIN_POSITION_S - 1, "limited", 3150),
        (MIN_POSITION_S, "series", MIN_POSITION_S),
        (3134.9, "film", 3134),
        (0.0, "film", 6360),
    ],
)
def test_the_estimate_rule(position: float | None, kind: str, expected: int) -> None:
    assert estimate_runtime(position, kind)[0] == expected  # type: ignore[arg-type]


def test_the_text_and_the_document_of_a_draft_are_the_same_catalog() -> None:
    # the draft checks itself on the document (no YAML read); the file is its text
    from showmeter.catalog.validation import validate
    from showmeter.intake.adapters.draft_model import Draft, document, render

    draft = Draft()
    for name in ("1992", 'He said "no"', "Back\\slash", "Line\u2028sep", "Bell\x07", "Café 🎬"):
        draft.film(name, 0).saw(4000)
    draft.episode("Narcos\u00a0Mexico", 2, "Season 2", 3, "Ep: 3 # not a comment", 1).saw(100)
    draft.episode("Narcos\u00a0Mexico", None, "The Americas", None, "Chapter VIII", 2)
    text = render(draft, "netflix", "x.csv")
    assert validate(document(draft), "x.csv") == parse_catalog(text, "x.csv")
    names = {t.name for t in parse_catalog(text).titles}
    # whitespace (a line separator too) is folded to one space, as titles are compared
    assert {"1992", 'He said "no"', "Back\\slash", "Line sep", "Bell\x07"} <= names
