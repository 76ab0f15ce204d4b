"""Netflix title strings: every variant of formats.md §1a parsed, resolved by name, or explained."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from adapters_support import catalog
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showmeter.intake.adapters.names import CatalogNames, Found, name_key
from showmeter.intake.adapters.netflix import COLUMNS, NetflixAdapter
from showmeter.intake.adapters.netflix_titles import (
    Unresolved,
    parse_number,
    parse_title,
    resolve_title,
)

NAMES = CatalogNames(catalog())


def first(raw: str) -> dict[str, object]:
    return parse_title(raw)[0].as_dict()


def series(
    show: str, season: int | None, label: str | None, episode: int | None, title: str | None
):  # type: ignore[no-untyped-def]
    return {
        "show": show,
        "season": season,
        "season_label": label,
        "episode": episode,
        "episode_title": title,
    }


# The variants of formats.md §1a (most from ryot's corpus), and the reading tried first.
VARIANTS = [
    (
        "Breaking Bad: Season 5: Ozymandias (Episode 14)",
        series("Breaking Bad", 5, "Season 5", 14, "Ozymandias"),
    ),
    (
        "Outnumbered: Series 1: The City Farm (Episode 3)",  # UK "Series"
        series("Outnumbered", 1, "Series 1", 3, "The City Farm"),
    ),
    (
        "The Queen's Gambit: Limited Series: Openings (Episode 1)",
        series("The Queen's Gambit", 1, "Limited Series", 1, "Openings"),
    ),
    (
        "Unbelievable: Limited Series: Episode 6 (Episode 6)",
        series("Unbelievable", 1, "Limited Series", 6, "Episode 6"),
    ),
    (
        "Money Heist: Part 3: A Quick Vacation",  # Part = season, no episode number
        series("Money Heist", 3, "Part 3", None, "A Quick Vacation"),
    ),
    (
        "Disenchantment: Part 3: Last Splash (Episode 6)",
        series("Disenchantment", 3, "Part 3", 6, "Last Splash"),
    ),
    (
        "Love, Death & Robots: Volume 3: Mason's Rats (Episode 7)",
        series("Love, Death & Robots", 3, "Volume 3", 7, "Mason's Rats"),
    ),
    (
        "Dear White People: Volume 4: Chapter VIII",  # roman numeral in the episode's name
        series("Dear White People", 4, "Volume 4", 8, "Chapter VIII"),
    ),
    (
        # the season is named after the show
        "Stranger Things: Stranger Things 4: Chapter Nine: The Piggyback",
        series("Stranger Things", 4, "Stranger Things 4", 9, "Chapter Nine: The Piggyback"),
    ),
    (
        "3%: Season 2: Chapter 01: Mirror",
        series("3%", 2, "Season 2", 1, "Chapter 01: Mirror"),
    ),
    (
        "The OA: Part II: Chapter 8: Overview",  # roman-numeral part
        series("The OA", 2, "Part II", 8, "Chapter 8: Overview"),
    ),
    (
        "Criminal: UK: Season 2: Julia (Episode 1)",  # the show's name contains a colon
        series("Criminal: UK", 2, "Season 2", 1, "Julia"),
    ),
    (
        "Age of Samurai: Battle for Japan: Limited Series: Catastrophe (Episode 5)",
        series("Age of Samurai: Battle for Japan", 1, "Limited Series", 5, "Catastrophe"),
    ),
    (
        "The Snow Girl: 1. The Snow Girl: Episode 3 (Episode 3)",
        series("The Snow Girl", 1, "1. The Snow Girl", 3, "Episode 3"),
    ),
    (
        "Wanderlust:  1: Wanderlust (Episode 1)",  # double space
        series("Wanderlust", 1, "1", 1, "Wanderlust"),
    ),
    (
        "Barbarians: Barbarians II: New Legions (Episode 1)",  # "<Show> II"
        series("Barbarians", 2, "Barbarians II", 1, "New Legions"),
    ),
    (
        "Knowing Me Knowing You with Alan Partridge: The Complete Series: Episode 1 (Episode 1)",
        series(
            "Knowing Me Knowing You with Alan Partridge", 1, "The Complete Series", 1, "Episode 1"
        ),
    ),
    (
        "The Gentlemen: Season 1: The Gospel According to Bobby Glass",  # no episode number
        series("The Gentlemen", 1, "Season 1", None, "The Gospel According to Bobby Glass"),
    ),
    (
        "La casa de papel: Staffel 2 – Teil B: Spanien",  # German export
        series("La casa de papel", 2, "Staffel 2 – Teil B", None, "Spanien"),
    ),
    ("Glass Onion: A Knives Out Mystery", {"film": "Glass Onion: A Knives Out Mystery"}),
    (
        # no marker: read as a film first; the named-season reading comes next
        "Ancient Apocalypse: The Americas: Chapter VI",
        {"film": "Ancient Apocalypse: The Americas: Chapter VI"},
    ),
]


@pytest.mark.parametrize(("raw", "expected"), VARIANTS, ids=[v[0][:40] for v in VARIANTS])
def test_every_variant_is_parsed_into_show_season_and_episode(
    raw: str, expected: dict[str, object]
) -> None:
    assert first(raw) == expected


def test_a_title_without_a_marker_is_also_read_as_a_named_season() -> None:
    readings = [r.as_dict() for r in parse_title("Ancient Apocalypse: The Americas: Chapter VI")]
    assert series("Ancient Apocalypse", None, "The Americas", 6, "Chapter VI") in readings


def test_a_film_with_a_season_word_is_tried_as_a_film_last() -> None:
    readings = parse_title("Kill Bill: Vol. 1")
    assert readings[0].as_dict() == series("Kill Bill", 1, "Vol. 1", None, None)
    assert readings[-1].as_dict() == {"film": "Kill Bill: Vol. 1"}


@pytest.mark.parametrize(
    ("token", "value"),
    [("01", 1), ("14", 14), ("VIII", 8), ("IV", 4), ("XIV", 14), ("Nine", 9), ("twenty", 20)],
)
def test_numbers_in_digits_roman_numerals_and_words(token: str, value: int) -> None:
    assert parse_number(token) == value


@pytest.mark.parametrize("token", ["IIII", "VV", "abc", "", "12345", "iv", "B"])
def test_what_is_not_a_number(token: str) -> None:
    assert parse_number(token) is None


# Resolution against the fixtures' catalog: (title, season, episode), names compared
# without case and punctuation.
RESOLVED = [
    ("Breaking Bad: Season 5: Ozymandias (Episode 14)", ("breaking-bad", 5, 14)),
    ("Breaking Bad: Season 5: Granite State", ("breaking-bad", 5, 15)),  # by name
    ("BREAKING BAD: season 5: granite state", ("breaking-bad", 5, 15)),  # any case
    ("Marvel's The Defenders: Limited Series: The H Word (Episode 1)", ("the-defenders", 1, 1)),
    ("Marvels The Defenders: Limited Series: Mean Right Hook", ("the-defenders", 1, 2)),
    ("Criminal: UK: Season 2: Julia (Episode 1)", ("criminal-uk", 2, 1)),
    ("Stranger Things: Stranger Things 4: Chapter Nine: The Piggyback", ("stranger-things", 4, 9)),
    # a named season (the catalog's label) and the number written in the episode's name
    ("Ancient Apocalypse: The Americas: Chapter VI", ("ancient-apocalypse", 2, 6)),
    ("Money Heist: Part 3: A Quick Vacation", ("money-heist", 3, 2)),
    ("Love, Death & Robots: Volume 3: Mason's Rats (Episode 7)", ("love-death-robots", 3, 7)),
    ("Love, Death and Robots: Volume 3: Masons Rats", ("love-death-robots", 3, 7)),  # & = and
    ("Glass Onion: A Knives Out Mystery", ("glass-onion", 0, 1)),  # a film with a colon
    ("the-defenders: Limited Series: Worst Behavior", ("the-defenders", 1, 3)),  # by id
    ("Breaking Bad: Ozymandias", ("breaking-bad", 5, 14)),  # no season: unique name in the show
]


@pytest.mark.parametrize(("raw", "expected"), RESOLVED, ids=[r[0][:40] for r in RESOLVED])
def test_titles_resolve_by_name_against_the_catalog(
    raw: str, expected: tuple[str, int, int]
) -> None:
    found = resolve_title(NAMES, raw)
    assert isinstance(found, Found)
    assert (found.title, found.season, found.episode) == expected


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (
            "The Gentlemen: Season 1: The Gospel According to Bobby Glass",
            "no catalog series is named 'The Gentlemen'",
        ),
        ("Breaking Bad: Season 9: Pilot", "'breaking-bad' has no season 9 in the catalog"),
        (
            "Breaking Bad: Season 5: Pilot",
            "season 5 of 'breaking-bad' has no episode with name 'Pilot'",
        ),
        (
            "Breaking Bad: Season 5: Pilot (Episode 99)",
            "season 5 of 'breaking-bad' has no episode with number 99 or name 'Pilot'",
        ),
        (
            "Ancient Apocalypse: Season One: Chapter VI",
            "'ancient-apocalypse' has no season 1 in the catalog",
        ),
        ("   ", "the title is empty"),
    ],
)
def test_an_unresolved_title_says_what_was_parsed_and_why(raw: str, problem: str) -> None:
    outcome = resolve_title(NAMES, raw)
    assert isinstance(outcome, Unresolved)
    assert outcome.problem == problem
    if raw.strip():
        assert outcome.as_dict()["parsed"] == outcome.reading.as_dict()  # type: ignore[union-attr]


def test_the_parse_shown_for_an_unknown_show_is_the_most_likely_reading() -> None:
    outcome = resolve_title(NAMES, "The Gentlemen: Season 1: The Gospel According to Bobby Glass")
    assert outcome.as_dict() == {  # type: ignore[union-attr]
        "parsed": series(
            "The Gentlemen", 1, "Season 1", None, "The Gospel According to Bobby Glass"
        ),
        "problem": "no catalog series is named 'The Gentlemen'",
    }


def test_names_are_compared_without_case_accents_and_punctuation() -> None:
    assert name_key("Love, Death & Robots") == "lovedeathandrobots"
    assert name_key("Pokémon: The Series") == name_key("POKEMON the series")
    assert name_key("the-defenders") == name_key("The Defenders")


# ------------------------------------------------------------------ properties

SEGMENTS = st.sampled_from(
    [
        "Breaking Bad",
        "Season 5",
        "Part II",
        "Limited Series",
        "Chapter Nine",
        "Stranger Things 4",
        "1",
        "Criminal",
        "UK",
        "Volume",
        "(Episode 3)",
        "",
        " ",
    ]
)
TITLES = st.one_of(
    st.text(),
    st.lists(st.one_of(SEGMENTS, st.text(max_size=12)), max_size=8).map(": ".join),
)


@given(TITLES)
def test_parsing_never_raises_and_only_a_blank_title_has_no_reading(raw: str) -> None:
    readings = parse_title(raw)
    # blank: only white space, or (since issue #14) zero-width characters and soft hyphens
    invisible = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    assert bool(readings) == bool("".join(c for c in raw if c not in invisible).split())


@given(TITLES)
def test_every_title_resolves_or_says_why(raw: str) -> None:
    outcome = resolve_title(NAMES, raw)
    if isinstance(outcome, Unresolved):
        assert outcome.problem
        json.dumps(outcome.as_dict())  # the quarantine record can be written
    else:
        assert catalog().season(outcome.title, outcome.season) is not None


EPISODES = [
    (title, season, episode)
    for title in catalog().titles
    if title.kind == "series"
    for season in title.seasons
    for episode in season.episodes
]


@given(st.sampled_from(EPISODES), st.booleans(), st.booleans())
def test_a_title_written_the_usual_way_resolves_to_its_episode(
    entry, with_number: bool, shouting: bool
) -> None:  # type: ignore[no-untyped-def]
    title, season, episode = entry
    raw = f"{title.name}: Season {season.season}: {episode.name}"
    raw += f" (Episode {episode.episode})" if with_number else ""
    found = resolve_title(NAMES, raw.upper() if shouting and with_number else raw)
    assert isinstance(found, Found)
    assert (found.title, found.season, found.episode) == (
        title.title,
        season.season,
        episode.episode,
    )


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",))),
        max_size=6,
    )
)
def test_every_row_of_an_export_is_either_a_session_or_quarantined_with_a_reason(
    titles: list[str],
) -> None:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for title in titles:
        writer.writerow(
            ["P", "2023-01-01 10:00:00", "00:10:00", "", title, "", "TV", "00:10:00", "", "US"]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ViewingActivity.csv"
        path.write_text(text.getvalue(), encoding="utf-8", newline="")
        batches = list(
            NetflixAdapter().read(path, catalog(), {"account": "a", "include_supplemental": "1"})
        )
    kept = sum(batch.table.num_rows for batch in batches)
    left_out = [m for batch in batches for m in batch.malformed]
    assert kept + len(left_out) == len(titles)
    for row in left_out:
        assert row.reason == "unresolved_title"
        record = json.loads(row.text)
        assert record["problem"] and "parsed" in record
