"""The rules that read a title and a season from Netflix's names (labels.py, docs)."""

from __future__ import annotations

import pytest

from showmeter.intake.published.labels import read_season, slug, split_title


@pytest.mark.parametrize(
    ("show", "label", "season", "rule"),
    [
        ("Wednesday", "Wednesday: Season 2", 2, "season"),
        ("Bridgerton", "Bridgerton: Season 3: Part 1", 3, "season"),  # Season wins over Part
        ("Stranger Things", "Stranger Things 2", 2, "numbered"),
        ("Money Heist", "Money Heist: Part 5", 5, "part"),
        ("Lupin", "Lupin: Part II", 2, "part"),
        ("Cobra Kai", "Cobra Kai: Volume 3", 3, "part"),
        ("BEEF", "BEEF: Limited Series", 1, "limited"),
        ("Adolescence", "Adolescence: Miniseries", 1, "limited"),
        ("Dahmer", "N/A", 1, "n/a"),
        ("Dahmer", "", 1, "n/a"),
        ("WWE Raw", "WWE Raw: June 16, 2025", 2025, "live"),
        ("Squid Game", "Squid Game: Season 2 // 오징어 게임: 시즌 2", 2, "season"),
    ],
)
def test_series_seasons(show: str, label: str, season: int, rule: str) -> None:
    named = read_season(show, label, film=False)
    assert (named.season, named.rule) == (season, rule)


def test_films_are_season_0_and_unreadable_labels_say_what_was_parsed() -> None:
    assert read_season("Troll", "N/A", film=True).season == 0
    named = read_season("The Holiday Show", "The Holiday Show: Christmas Special", film=False)
    assert named.season is None and "Christmas Special" in named.rule


def test_slugs() -> None:
    assert slug("Love, Death & Robots") == "love-death-and-robots"
    assert slug("Marvel's Daredevil") == "marvels-daredevil"
    assert slug("Pokémon: Horizons") == "pokemon-horizons"
    assert slug("Kill Boksoon // 길복순") == "kill-boksoon"
    assert slug("오징어 게임") == "오징어-게임"


def test_engagement_titles() -> None:
    category, named = split_title("Squid Game: Season 1 // 오징어 게임: 시즌 1", film=False)
    assert (category, named.show, named.season) == ("TV", "Squid Game", 1)
    category, named = split_title("Mission: Impossible", film=None)  # no season: a film
    assert (category, named.show, named.season) == ("Film", "Mission: Impossible", 0)
    category, named = split_title("Avatar: The Last Airbender: Season 1", film=None)
    assert (named.show, named.season) == ("Avatar: The Last Airbender", 1)
