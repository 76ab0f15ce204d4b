"""The drafts of Tautulli, Jellyfin and Trakt exports mend what still does not resolve.

Each file of ``fixtures/draft_mend/`` (written by hand from docs/adapters/*.md) holds, for
Breaking Bad: S1E1 "Pilot" with its numbers; a special (season 0, Plex's and Trakt's specials,
Jellyfin's ``s00``) also named "Pilot"; and rows naming nothing a catalog can hold. Worked by
hand: a special is found by its name among every season of the show (it has no season number),
so S1E1's name makes it ambiguous; the draft leaves S1E1's name out (S1E1 is found by its
numbers) and the special resolves. The rows naming nothing (Tautulli: an empty
``grandparent_title``; Jellyfin: an ItemName not ``<Series> - sXXeYY - <Episode>``; Trakt: a
show without title or slug, a movie without title) resolve against no catalog: the header counts
them and ingest quarantines exactly them. Tautulli's untitled movie with an ``original_title``
is drafted under that name, which the adapter tries next, so it resolves.
"""

from __future__ import annotations

import re

import pytest
from adapters_support import FIXTURES

from showmeter.catalog import parse_catalog
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.adapters.draft_sources import NAMED_LIKE_A_SPECIAL
from showmeter.intake.load import ingest
from showmeter.store import Store

MEND = FIXTURES / "draft_mend"

CASES = [
    # source, file, options, rows read, rows naming nothing a catalog holds (their lines)
    ("tautulli", "tautulli-history.json", {}, 4, [3]),
    ("jellyfin", "playback-backup.tsv", {}, 3, [3]),
    ("trakt", "watched-history.json", {"account": "me"}, 4, [3, 4]),
]


@pytest.mark.parametrize(("source", "name", "options", "read", "unheld"), CASES)
def test_the_draft_mends_a_special_named_like_an_episode_and_counts_what_no_catalog_holds(
    source: str, name: str, options: dict[str, str], read: int, unheld: list[int]
) -> None:
    text = draft_catalog(source, MEND / name)
    header = re.search(r"^# (\d+) rows of the export name no show", text, re.M)
    assert header is not None and int(header.group(1)) == len(unheld)
    assert "titles of the export name no episode here" not in text  # all else resolves
    drafted = parse_catalog(text, "draft.yaml")
    season_1 = drafted.title("breaking-bad").season(1)
    assert season_1 is not None and season_1.episode(1).name is None  # type: ignore[union-attr]
    assert NAMED_LIKE_A_SPECIAL in text
    specials = [s for s in drafted.title("breaking-bad").seasons if s.label == "Specials"]
    assert [e.name for e in specials[0].episodes] == ["Pilot"]

    store = Store()
    [summary] = ingest(store, drafted, [("viewing", MEND / name)], source=source, options=options)
    assert summary.reconciles
    assert (summary.read, summary.loaded) == (read, read - len(unheld))
    quarantined = store.connection.execute("SELECT line, reason FROM quarantine ORDER BY line")
    assert quarantined.fetchall() == [(line, "unresolved_title") for line in unheld]


def test_an_untitled_tautulli_movie_is_drafted_under_its_original_title() -> None:
    drafted = parse_catalog(draft_catalog("tautulli", MEND / "tautulli-history.json"))
    films = [t.name for t in drafted.titles if t.kind == "film"]
    assert films == ["Le Fabuleux Destin d'Amélie Poulain"]
