"""Netflix titles in the profile's language: markers read, (Word K) authoritative, sequels apart.

The titles quoted from issue #14 come from real exports (Turkish, Polish, Portuguese,
Danish); the other marker words are the words Netflix's interface uses in those languages
(see ``src/showmeter/intake/adapters/netflix_markers.py``, each word's source next to it).
Every expected (show, season, episode) below is worked out by hand from the title: the
season is the marker's number (a whole-season name such as ``Mini Dizi`` is season 1), the
episode the number in the final parentheses, the show everything before the first marker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from adapters_support import FIXTURES, counts
from typer.testing import CliRunner

from showmeter.catalog import load_catalog, parse_catalog
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.adapters.names import CatalogNames, Found
from showmeter.intake.adapters.netflix_groups import group_titles
from showmeter.intake.adapters.netflix_markers import clean_title
from showmeter.intake.adapters.netflix_titles import Unresolved, parse_title, resolve_title
from showmeter.intake.adapters.netflix_warnings import MarkerWarnings
from showmeter.intake.load import ingest
from showmeter.store import Store

LANGUAGES = FIXTURES / "netflix_languages"

# (title, (show, season, episode)); the source of each form in the comment.
LOCALISED = [
    # issue #14, real Turkish exports
    ("Friends: 8. Sezon: Video (Bölüm 4)", ("Friends", 8, 4)),
    ("Black Mirror: 3. Sezon: San Junipero (Bölüm 4)", ("Black Mirror", 3, 4)),
    ("KAOS: Sezon 1: 4. Bölüm (Bölüm 4)", ("KAOS", 1, 4)),
    ("Too Hot to Handle: Sezon 2: Kim kimi seçti (Bölüm 7)", ("Too Hot to Handle", 2, 7)),
    ("Şahın Gambiti: Mini Dizi: Açılışlar (Bölüm 1)", ("Şahın Gambiti", 1, 1)),
    # issue #14, real Portuguese export
    (
        "DC's Legends of Tomorrow: Temporada 3: Caçando Helena (Episódio 6)",
        ("DC's Legends of Tomorrow", 3, 6),
    ),
    ("Avatar: A Lenda de Aang: Livro 2: Terra (Episódio 1)", ("Avatar: A Lenda de Aang", 2, 1)),
    ("O Gambito da Rainha: Minissérie: Aberturas (Episódio 1)", ("O Gambito da Rainha", 1, 1)),
    # issue #14, real Polish export: Część is a part, numbered as a season
    ("Dom z papieru: Część 3: Bez znaczenia (Odcinek 6)", ("Dom z papieru", 3, 6)),
    (
        "Ratownicy z Malibu: Serial: Sezon 1: Panika (Odcinek 5)",
        ("Ratownicy z Malibu: Serial", 1, 5),
    ),
    ("Gambit królowej: Miniserial: Otwarcia (Odcinek 1)", ("Gambit królowej", 1, 1)),
    # issue #14, Danish, no episode number
    ("Lucifer: Sæson 5: Spoiler Alert", ("Lucifer", 5, None)),
    # formats.md §1a: German export
    ("Dark: Staffel 1: Geheimnisse (Folge 1)", ("Dark", 1, 1)),
    ("La casa de papel: Staffel 2 – Teil B: Spanien", ("La casa de papel", 2, None)),
    ("Das Damengambit: Miniserie: Eröffnungen (Folge 1)", ("Das Damengambit", 1, 1)),
    # the interface words of other languages
    ("Lupin: Partie 2: Chapitre 6 (Épisode 6)", ("Lupin", 2, 6)),  # fr
    ("Dix pour cent: Saison 4: Sofia (Épisode 3)", ("Dix pour cent", 4, 3)),  # fr
    ("Le Jeu de la dame: Mini-série: Ouvertures (Épisode 1)", ("Le Jeu de la dame", 1, 1)),
    ("Suburra: Stagione 3: Fratelli (Episodio 2)", ("Suburra", 3, 2)),  # it
    ("La casa de papel: Parte 3: Vacaciones (Episodio 2)", ("La casa de papel", 3, 2)),  # es
    ("Élite: Temporada 4: Nuevos (Episodio 1)", ("Élite", 4, 1)),  # es
    ("Undercover: Seizoen 2: Terug (Aflevering 3)", ("Undercover", 2, 3)),  # nl
    ("Toon: Deel 2: Tweede (Aflevering 1)", ("Toon", 2, 1)),  # nl
    ("Bron: Säsong 1: Del 1 (Avsnitt 1)", ("Bron", 1, 1)),  # sv
    ("Borgen: Sæson 4: Magten (Afsnit 2)", ("Borgen", 4, 2)),  # da
    ("Skam: Sesong 1: Jeg ser deg (Episode 1)", ("Skam", 1, 1)),  # nb
    ("Sorjonen: Kausi 2: Ihmiset (Jakso 5)", ("Sorjonen", 2, 5)),  # fi
    ("Sherlock: 3. évad: Az üres halottaskocsi (1. rész)", ("Sherlock", 3, 1)),  # hu
    ("Sherlock: 2. évad: Botrány (Epizód 1)", ("Sherlock", 2, 1)),  # hu
    ("Most: Část 2: Druhá (Epizoda 4)", ("Most", 2, 4)),  # cs
    ("Catalan: Temporada 1: Inici (Episodi 2)", ("Catalan", 1, 2)),  # ca
    ("Тьма: Сезон 2: Начало (Серия 3)", ("Тьма", 2, 3)),  # ru
    ("イカゲーム: シーズン1: 赤信号、青信号 (エピソード1)", ("イカゲーム", 1, 1)),  # ja
    ("킹덤: 시즌 2: 에피소드 1 (에피소드 1)", ("킹덤", 2, 1)),  # ko
    ("Pokémon: Collection 2: Ash (Episode 4)", ("Pokémon", 2, 4)),  # en, a collection
    ("Halston: Limited Series: Versailles (Episode 4)", ("Halston", 1, 4)),  # en
]


@pytest.mark.parametrize(("raw", "expected"), LOCALISED, ids=[r[0][:36] for r in LOCALISED])
def test_localised_markers_give_show_season_and_episode(
    raw: str, expected: tuple[str, int, int | None]
) -> None:
    reading = parse_title(raw)[0]
    assert not reading.film
    assert (reading.show, reading.season, reading.episode) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Şahın\xa0Gambiti:\xa0Mini Dizi", "Şahın Gambiti: Mini Dizi"),  # NBSP (issue #14)
        ("Lupin\u202f: Partie 2", "Lupin: Partie 2"),  # French narrow NBSP before a colon
        ("Lupin : Partie 2", "Lupin: Partie 2"),
        ("Wanderlust:  1", "Wanderlust: 1"),  # double space (formats.md)
        ("イカゲーム：シーズン1", "イカゲーム: シーズン1"),  # full-width colon
        ("Dark\u200b: Staffel\u30001", "Dark: Staffel 1"),  # zero-width, ideographic space
        ("Re:Zero", "Re:Zero"),  # a colon without a space is part of the name
    ],
)
def test_unicode_spaces_and_colons_are_normalised(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_an_nbsp_title_names_the_same_episode_as_the_plain_one() -> None:
    plain = parse_title("Şahın Gambiti: Mini Dizi: Açılışlar (Bölüm 1)")[0]
    assert parse_title("Şahın\xa0Gambiti:\xa0Mini\xa0Dizi: Açılışlar\xa0(Bölüm\xa01)")[0] == plain


def test_an_episode_named_like_n_bolum_is_not_a_season() -> None:
    # without a season marker, "4. Bölüm" is the episode's name (a bare "4." would be season 4)
    reading = parse_title("KAOS: 4. Bölüm (Bölüm 4)")[0]
    assert (reading.season, reading.episode, reading.episode_title) == (None, 4, "4. Bölüm")
    assert reading.numbered_in_title == 4


# ------------------------------------------------------------- the draft groups


def test_a_film_never_swallows_a_sequel_or_a_series_sharing_its_prefix() -> None:
    chosen = group_titles(
        [
            "The Mummy",
            "The Mummy: Tomb of the Dragon Emperor",
            "A Christmas Prince",
            "A Christmas Prince: The Royal Wedding",
            "Ratownicy z Malibu",
            "Ratownicy z Malibu: Serial: Sezon 1: Panika (Odcinek 5)",
        ]
    )
    films = sorted(reading.show for reading in chosen.values() if reading.film)
    assert films == [
        "A Christmas Prince",
        "A Christmas Prince: The Royal Wedding",
        "Ratownicy z Malibu",
        "The Mummy",
        "The Mummy: Tomb of the Dragon Emperor",
    ]
    series = chosen["Ratownicy z Malibu: Serial: Sezon 1: Panika (Odcinek 5)"]
    assert (series.show, series.season, series.episode) == ("Ratownicy z Malibu: Serial", 1, 5)


def test_an_episode_written_without_its_number_takes_the_number_written_elsewhere() -> None:
    chosen = group_titles(
        ["Dom z papieru: Część 3: Wakacje", "Dom z papieru: Część 3: Wakacje (Odcinek 2)"]
    )
    assert {reading.episode for reading in chosen.values()} == {2}


DRAFTED = [
    # (file, [(name, season, episode) of each row, oldest first]), worked out from the titles
    (
        "tr",
        [
            ("Too Hot to Handle", 2, 3),
            ("Too Hot to Handle", 2, 1),
            ("Too Hot to Handle", 3, 2),
            ("Too Hot to Handle", 1, 5),
            ("Friends", 8, 4),
            ("Friends", 8, 2),
            ("Black Mirror", 3, 4),
            ("KAOS", 1, 4),
            ("KAOS", 1, 1),
            ("Şahın Gambiti", 1, 2),
            ("Şahın Gambiti", 1, 1),
        ],
    ),
    (
        "pl",
        [
            ("Dom z papieru", 3, 6),
            ("Dom z papieru", 3, 2),
            ("Dom z papieru", 1, 1),
            ("Ratownicy z Malibu", 0, 1),  # the film
            ("Ratownicy z Malibu: Serial", 1, 5),
            ("Ratownicy z Malibu: Serial", 1, 1),
            ("Gambit królowej", 1, 1),
            ("Wiedźmin", 2, 1),
        ],
    ),
    (
        "pt",
        [
            ("DC's Legends of Tomorrow", 3, 6),
            ("DC's Legends of Tomorrow", 3, 2),
            ("DC's Legends of Tomorrow", 2, 1),
            ("O Gambito da Rainha", 1, 1),
            ("Avatar: A Lenda de Aang", 2, 1),
            ("Avatar: A Lenda de Aang", 1, 3),
        ],
    ),
    (
        "en",
        [
            ("The Mummy", 0, 1),
            ("The Mummy: Tomb of the Dragon Emperor", 0, 1),
            ("A Christmas Prince", 0, 1),
            ("A Christmas Prince: The Royal Wedding", 0, 1),
            ("Lucifer", 5, 1),  # no (Word K): the only episode seen, numbered 1 by the draft
        ],
    ),
]


@pytest.mark.parametrize(("folder", "expected"), DRAFTED, ids=[d[0] for d in DRAFTED])
def test_a_localised_export_loads_with_its_draft_with_the_right_numbers(
    folder: str, expected: list[tuple[str, int, int]]
) -> None:
    export = LANGUAGES / folder / "ViewingActivity.csv"
    drafted = parse_catalog(draft_catalog("netflix", export))
    names = {title.title: title.name for title in drafted.titles}
    store = Store()
    [summary] = ingest(
        store, drafted, [("viewing", export)], source="netflix", options={"account": "home"}
    )
    assert counts(summary) == (len(expected), len(expected), 0, 0)
    assert "marker_disagreements" not in summary.notes
    rows = store.connection.execute(
        "SELECT title, season, episode FROM viewing ORDER BY started_at"
    ).fetchall()
    assert [(names[t], s, e) for t, s, e in rows] == expected


def test_films_and_sequels_are_drafted_as_titles_of_their_own() -> None:
    drafted = parse_catalog(draft_catalog("netflix", LANGUAGES / "en" / "ViewingActivity.csv"))
    kinds = sorted((title.name or title.title, title.kind) for title in drafted.titles)
    assert kinds == [
        ("A Christmas Prince", "film"),
        ("A Christmas Prince: The Royal Wedding", "film"),
        ("Lucifer", "series"),
        ("The Mummy", "film"),
        ("The Mummy: Tomb of the Dragon Emperor", "film"),
    ]


# ------------------------------------------------- the marker against a catalog

CONTRADICTING = load_catalog(LANGUAGES / "catalog.yaml")


def test_the_number_in_the_title_wins_over_the_catalogs_names_with_a_warning() -> None:
    found = resolve_title(CatalogNames(CONTRADICTING), "KAOS: Sezon 1: 4. Bölüm (Bölüm 4)")
    assert isinstance(found, Found)
    assert (found.title, found.season, found.episode) == ("kaos", 1, 4)
    assert found.warning is not None and "episode 3" in found.warning


def test_a_title_whose_number_the_catalog_lacks_is_not_loaded_as_another_episode() -> None:
    outcome = resolve_title(CatalogNames(CONTRADICTING), "Friends: 8. Sezon: Video (Bölüm 4)")
    assert isinstance(outcome, Unresolved)
    assert outcome.conflict
    assert outcome.as_dict()["conflict"] == "episode_marker"
    assert "the title says episode 4" in outcome.problem
    assert "'Video' is episode 3" in outcome.problem


def test_a_season_marker_wins_over_a_catalog_label_with_a_warning() -> None:
    # the catalog labels season 1 "Sezon 2": the title's number wins
    found = resolve_title(
        CatalogNames(CONTRADICTING), "Too Hot to Handle: Sezon 2: Yeni gelenler (Bölüm 1)"
    )
    assert isinstance(found, Found)
    assert (found.season, found.episode) == (2, 1)
    assert found.warning is not None and "labels season 1" in found.warning


def test_disagreements_are_counted_in_the_load_summary() -> None:
    export = LANGUAGES / "tr" / "ViewingActivity.csv"
    store = Store()
    [summary] = ingest(
        store, CONTRADICTING, [("viewing", export)], source="netflix", options={"account": "h"}
    )
    # loaded: Too Hot to Handle x4 (season labels contradicted), Friends episode 2, KAOS x2;
    # quarantined: Friends "Video (Bölüm 4)" (conflict), Black Mirror, Şahın Gambiti x2
    assert counts(summary) == (11, 7, 4, 0)
    note = summary.notes[MarkerWarnings.NOTE]
    assert (note["loaded"], note["quarantined"]) == (5, 1)
    assert "Friends: 8. Sezon: Video (Bölüm 4)" in note["examples"]
    kaos = store.connection.execute(
        "SELECT episode FROM viewing WHERE title = 'kaos' ORDER BY started_at"
    ).fetchall()
    assert kaos == [(4,), (1,)]


def test_the_simple_export_reads_the_same_markers() -> None:
    export = LANGUAGES / "pl_simple" / "NetflixViewingHistory.csv"
    store = Store()
    [summary] = ingest(
        store,
        CONTRADICTING,
        [("viewing", export)],
        source="netflix-simple",
        options={"account": "home", "profile": "Ola"},
    )
    assert counts(summary) == (4, 4, 0, 0)
    rows = store.connection.execute(
        "SELECT title, season, episode FROM viewing ORDER BY started_at"
    ).fetchall()
    # oldest first: 27.02 the film, 28.02 Panika, 01.03 Wakacje, 02.03 Bez znaczenia (Odcinek 6)
    assert rows == [
        ("ratownicy-z-malibu", 0, 1),
        ("ratownicy-z-malibu-serial", 1, 5),
        ("dom-z-papieru", 3, 2),
        ("dom-z-papieru", 3, 6),
    ]


def test_the_ingest_summary_prints_the_disagreements(tmp_path: Path) -> None:
    import showmeter.cli.ingest_command  # noqa: F401  (registers `ingest` on the app)
    from showmeter.cli.app import app

    export = LANGUAGES / "tr" / "ViewingActivity.csv"
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            "--store",
            str(tmp_path / "s.duckdb"),
            "--catalog",
            str(LANGUAGES / "catalog.yaml"),
            "--source",
            "netflix",
            "--account",
            "home",
            "--events",
            str(export),
        ],
        env={"COLUMNS": "400"},
    )
    assert result.exit_code == 0, result.output
    assert "5 rows loaded as the title says, 1 quarantined" in result.output
    assert "'KAOS: Sezon 1: 4. Bölüm (Bölüm 4)'" in result.output
