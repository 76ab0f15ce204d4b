"""Property: a Netflix title with an explicit ``(Word K)`` never loads with another episode.

Titles are generated the way Netflix writes them (``Show: <season marker>: Episode name (Word
K)``) with show names and episode names that contain colons, season markers and episode
words of many of the languages Netflix writes (see
``src/showmeter/intake/adapters/netflix_markers.py`` for where each comes from), K values,
and watch orders. Whatever the order in which episodes were first watched, and whatever the
catalog says the episode's name is, a row is loaded as episode K of the marker's season or
not at all.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from showmeter.catalog import parse_catalog
from showmeter.intake.adapters.draft import draft_catalog
from showmeter.intake.adapters.names import CatalogNames, Found, name_key
from showmeter.intake.adapters.netflix import COLUMNS
from showmeter.intake.adapters.netflix_markers import clean_title, season_number
from showmeter.intake.adapters.netflix_titles import parse_title, resolve_title
from showmeter.intake.load import ingest
from showmeter.store import Store

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZçğışöüąęłńóśźżãõéèíáæøå'&"
WORD = st.text(alphabet=LETTERS, min_size=1, max_size=8)
NAME = st.lists(WORD, min_size=1, max_size=3).map(" ".join)
COLONED = st.lists(NAME, min_size=1, max_size=3).map(": ".join)  # "Criminal: UK"

# Season markers: {n} is the season's number; without {n} the whole show is season 1.
SEASON_MARKERS = [
    "Season {n}",  # en
    "Series {n}",  # en-GB
    "Temporada {n}",  # pt, es (issue #14)
    "Sezon {n}",  # tr, pl (issue #14)
    "{n}. Sezon",  # tr (issue #14)
    "Saison {n}",  # fr
    "Staffel {n}",  # de
    "Stagione {n}",  # it
    "Sæson {n}",  # da (issue #14)
    "Seizoen {n}",  # nl
    "Säsong {n}",  # sv
    "Sesong {n}",  # nb
    "Kausi {n}",  # fi
    "{n}. évad",  # hu
    "Część {n}",  # pl, a part (issue #14)
    "Část {n}",  # cs, a part
    "Livro {n}",  # pt, a book
    "Deel {n}",  # nl, a part
    "Part {n}",  # en
    "Parte {n}",  # es, it
    "Partie {n}",  # fr
    "Teil {n}",  # de
    "Volume {n}",  # en
    "Collection {n}",  # en
    "Сезон {n}",  # ru
    "シーズン{n}",  # ja
    "시즌 {n}",  # ko
    "Limited Series",  # en (formats.md)
    "Mini Dizi",  # tr (issue #14)
    "Minissérie",  # pt-BR
    "Miniserie",  # de, es, nl
    "Mini-série",  # fr
    "Miniserial",  # pl
]
EPISODE_MARKERS = [
    "(Episode {k})",  # en
    "(Episodio {k})",  # es, it
    "(Episódio {k})",  # pt (issue #14)
    "(Épisode {k})",  # fr
    "(Folge {k})",  # de
    "(Aflevering {k})",  # nl
    "(Odcinek {k})",  # pl (issue #14)
    "(Bölüm {k})",  # tr (issue #14)
    "(Avsnitt {k})",  # sv
    "(Afsnit {k})",  # da
    "(Episodi {k})",  # ca
    "(Jakso {k})",  # fi
    "(Epizód {k})",  # hu
    "({k}. rész)",  # hu
    "(Epizoda {k})",  # cs
    "(Серия {k})",  # ru
    "(エピソード{k})",  # ja
    "(에피소드 {k})",  # ko
]


@st.composite
def exports(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int, str]]]:
    """A show and its episodes' titles: ``(show, [(title, season, K, episode name), ...])``."""
    show = draw(COLONED)
    parts = show.split(": ")
    for n in range(1, len(parts)):  # the show's own parts must not read as a marker
        assume(season_number(parts[n], ": ".join(parts[:n])) is None)
    marker = draw(st.sampled_from(SEASON_MARKERS))
    suffix = draw(st.sampled_from(EPISODE_MARKERS))
    seasons = st.integers(1, 12) if "{n}" in marker else st.just(1)
    episodes = draw(
        st.lists(
            st.tuples(seasons, st.integers(1, 40), COLONED),
            min_size=1,
            max_size=8,
            unique_by=lambda e: (e[0], e[1]),
        )
    )
    titles = [
        (f"{show}: {marker.format(n=n)}: {name} {suffix.format(k=k)}", n, k, name)
        for n, k, name in episodes
    ]
    return show, titles


# generation is slow on a busy machine (a health check failed once under load 16)
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports())
def test_the_parse_reads_the_marker_s_season_and_episode(
    export: tuple[str, list[tuple[str, int, int, str]]],
) -> None:
    show, titles = export
    for raw, season, k, _name in titles:
        reading = parse_title(raw)[0]
        assert (reading.show, reading.season, reading.episode) == (clean_title(show), season, k)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exports(), st.randoms(use_true_random=False))
def test_an_export_loads_with_its_draft_with_every_marker_s_number(
    export: tuple[str, list[tuple[str, int, int, str]]], random: object
) -> None:
    show, titles = export
    # the draft writes slugs unquoted until issue #14 item 1 (the `draft` branch) quotes them
    assume(name_key(show) not in {"true", "false", "null", "yes", "no", "on", "off", "y", "n"})
    order = list(range(len(titles)))
    random.shuffle(order)  # type: ignore[attr-defined]  # the order first watched
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(COLUMNS)
    for minute, index in reversed(list(enumerate(order))):  # newest row first
        writer.writerow(
            [
                "P",
                f"2023-01-01 10:{minute:02d}:00",
                "00:30:00",
                "",
                titles[index][0],
                "",
                "TV",
                "00:30:00",
                "00:30:00",
                "US (United States)",
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ViewingActivity.csv"
        path.write_text(text.getvalue(), encoding="utf-8", newline="")
        drafted = parse_catalog(draft_catalog("netflix", path))
        store = Store()
        [summary] = ingest(
            store, drafted, [("viewing", path)], source="netflix", options={"account": "a"}
        )
    assert summary.loaded == len(titles)  # the draft resolves every title of its own file
    loaded = store.connection.execute(
        "SELECT season, episode FROM viewing ORDER BY started_at"
    ).fetchall()
    assert loaded == [(titles[i][1], titles[i][2]) for i in order]


@given(
    exports(),
    st.lists(st.integers(1, 40), min_size=1, max_size=8, unique=True),
    st.randoms(use_true_random=False),
)
def test_a_catalog_naming_other_episodes_never_changes_the_number(
    export: tuple[str, list[tuple[str, int, int, str]]], numbers: list[int], random: object
) -> None:
    # a catalog whose episodes carry the titles' names, shuffled over other numbers
    show, titles = export
    lines = ["titles:", "  - title: the-show", f"    name: {_yaml(show)}", "    seasons:"]
    for season in sorted({title[1] for title in titles}):
        lines += [f"      - season: {season}", "        episodes:"]
        episode_names = [title[3] for title in titles]
        random.shuffle(episode_names)  # type: ignore[attr-defined]
        for number, name in zip(numbers, [*episode_names, *[None] * len(numbers)], strict=False):
            named = f", name: {_yaml(name)}" if name else ""
            lines.append(f'          - {{episode: {number}{named}, runtime: "10:00"}}')
    names_ = CatalogNames(parse_catalog("\n".join(lines) + "\n"))
    for raw, season, k, _name in titles:
        outcome = resolve_title(names_, raw)
        if isinstance(outcome, Found):
            assert (outcome.season, outcome.episode) == (season, k)
        else:
            assert k not in numbers  # the catalog's season has an episode K: it is found


def _yaml(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
