"""The fast paths of validation (:mod:`showmeter.catalog.plain`) change nothing.

A document read by libyaml (plain dicts, no lines) is validated through the fast paths; the
same text read by ``ruamel.yaml`` (mappings that know their lines) through the full checks.
Both must give the same catalog, and, for a document that breaks rules, the same problems
(message and field; only the plain reading lacks lines, which the loader then reads again).
"""

from __future__ import annotations

import re

import pytest
from ruamel.yaml import YAML

from showmeter.catalog import fast_yaml
from showmeter.catalog.validation import validate
from showmeter.errors import CatalogError

pytestmark = pytest.mark.skipif(not fast_yaml.available(), reason="libyaml is not installed")

# Every field the fast paths read, optional keys given as null, and a season with launches
# (which the fast path leaves to the full check).
EVERY_FIELD = """\
titles:
  - title: "1992"
    name: 1992
    kind: film
    original: true
    language: it
    category: drama
    tvmaze: 42
    seasons:
      - season: 0
        label: null
        episodes:
          - {episode: 1, runtime: "1:40:00", credits_at: "1:35:00", runtime_origin: estimate}
  - title: dark
    kind: Series
    name: null
    seasons:
      - season: 2
        label: Staffel 2
        episodes:
          - {episode: 1, name: Anfang, runtime: "52:14", credits_at: null}
          - {episode: 2, runtime: 3000.5, credits_at: 2900, runtime_origin: TVMAZE}
      - season: 1
        launches: [{market: "*", at: "2017-12-01T08:00:00Z"}]
        episodes:
          - {episode: 1, runtime: 3100}
"""

# Each title breaks one rule the fast paths must leave to the full check.
BROKEN = """\
titles:
  - title: a
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "52:14"}
          - {episode: 1, runtime: "52:14"}
          - {episode: 2, runtime: 0}
          - {episode: 3, runtime: "50:00", credits_at: "51:00"}
          - {episode: 4, runtime: "5:99"}
          - {episode: "5", runtime: 10}
          - {episode: 6, runtime: 10, runtime_origin: guess}
          - {episode: 7, runtime: 10, colour: red}
          - {episode: 8}
  - title: a
    seasons: [{season: 1, episodes: [{episode: 1, runtime: 1}]}]
  - title: B
    seasons: [{season: 1, episodes: [{episode: 1, runtime: 1}]}]
  - title: c
    kind: film
    seasons: [{season: 1, episodes: [{episode: 1, runtime: 1}]}]
  - title: d
    seasons:
      - {season: 0, episodes: [{episode: 1, runtime: 1}]}
      - {season: 1, episodes: [{episode: 1, runtime: 1}]}
      - {season: 1, label: "", episodes: [{episode: 1, runtime: 1}]}
      - {season: 2, episodes: []}
  - title: e
    kind: movie
    original: yes
    tvmaze: 0
    seasons: [{season: 1, episodes: [{episode: 1, runtime: 1}]}]
"""


def _unlined(message: str) -> str:
    return re.sub(r"on line (None|\d+)", "on line N", message)


def _ruamel(text: str) -> object:
    return YAML(typ="rt").load(text)


def test_every_field_reads_the_same_either_way() -> None:
    fast = validate(fast_yaml.load(EVERY_FIELD), "c.yaml")
    full = validate(_ruamel(EVERY_FIELD), "c.yaml")
    assert fast == full
    # worked out by hand from the text: 1:40:00 = 6000 s, 1:35:00 = 5700 s, 52:14 = 3134 s
    film, dark = fast.titles
    assert (film.title, film.name, film.original, film.tvmaze) == ("1992", "1992", True, 42)
    assert film.seasons[0].episodes[0].runtime_s == 6000
    assert film.seasons[0].episodes[0].credits_at_s == 5700
    assert dark.kind == "series" and dark.seasons[0].label == "Staffel 2"
    assert [e.runtime_s for e in dark.seasons[0].episodes] == [3134, 3000.5]
    assert dark.seasons[0].episodes[1].runtime_origin == "tvmaze"
    assert len(dark.seasons[1].launches) == 1


def test_a_broken_catalog_gives_the_same_problems_either_way() -> None:
    with pytest.raises(CatalogError) as plain:
        validate(fast_yaml.load(BROKEN), "c.yaml")
    with pytest.raises(CatalogError) as full:
        validate(_ruamel(BROKEN), "c.yaml")
    # a message naming the line of a first definition says "line None" without lines (the
    # loader then reads the file again with ruamel.yaml); the rest must be the same
    fast_problems = [(_unlined(p.message), p.field) for p in plain.value.problems]
    full_problems = [(_unlined(p.message), p.field) for p in full.value.problems]
    assert sorted(fast_problems, key=str) == sorted(full_problems, key=str)
    assert len(fast_problems) >= 17  # every title above breaks at least one rule
    assert all(p.line is None for p in plain.value.problems)
    assert all(p.line is not None for p in full.value.problems)
