"""The origin keys: an episode's ``runtime_origin``, a launch's ``origin``, a title's ``tvmaze``."""

from __future__ import annotations

import textwrap

import pytest

from showmeter.catalog import parse_catalog
from showmeter.catalog.file_format import catalog_schema
from showmeter.errors import CatalogError

GOOD = textwrap.dedent(
    """\
    titles:
      - title: "1992"
        tvmaze: 43120
        seasons:
          - season: 1
            episodes:
              - {episode: 1, runtime: "50:00", runtime_origin: estimate}
              - {episode: 2, runtime: "51:00", runtime_origin: tvmaze}
              - {episode: 3, runtime: "52:00"}
            launches:
              - {market: "*", at: "2024-01-01T08:00:00Z", origin: tvmaze}
              - {market: US, at: "2024-01-01T05:00:00Z"}
    """
)


def test_the_origins_load_and_absent_means_given() -> None:
    catalog = parse_catalog(GOOD, "c.yaml")
    title = catalog.titles[0]
    assert (title.title, title.tvmaze) == ("1992", 43120)
    season = title.seasons[0]
    assert [e.runtime_origin for e in season.episodes] == ["estimate", "tvmaze", None]
    assert [launch.origin for launch in season.launches] == ["tvmaze", None]


def test_a_wrong_origin_names_file_line_key_expected_and_remedy() -> None:
    text = (
        GOOD.replace("runtime_origin: estimate", "runtime_origin: guessed")
        .replace('08:00:00Z", origin: tvmaze', '08:00:00Z", origin: imdb')
        .replace("tvmaze: 43120", 'tvmaze: "43120"')
    )
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.yaml")
    found = {(p.line, p.field): p.message for p in caught.value.problems}
    assert found == {
        (3, "titles[0].tvmaze"): "`tvmaze` is text, not a whole number (got '43120'); expected "
        "a whole number ≥ 1. Write it without quotes: 43120.",
        (7, "titles[0].seasons[0].episodes[0].runtime_origin"): "`runtime_origin` is not a "
        "known choice (got 'guessed'); expected `estimate` or `tvmaze`. Remove the key when a "
        "person gave the runtime.",
        (11, "titles[0].seasons[0].launches[0].origin"): "`origin` is not a known choice (got "
        "'imdb'); expected `tvmaze`. Remove the key when a person gave the launch.",
    }


def test_the_json_schema_knows_the_origins() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from ruamel.yaml import YAML

    validator = jsonschema.Draft202012Validator(catalog_schema())
    document = YAML(typ="safe").load(GOOD)
    assert list(validator.iter_errors(document)) == []
    document["titles"][0]["seasons"][0]["episodes"][0]["runtime_origin"] = "guessed"
    document["titles"][0]["seasons"][0]["launches"][0]["origin"] = "estimate"
    document["titles"][0]["tvmaze"] = 0
    assert len(list(validator.iter_errors(document))) == 3


def test_a_title_yaml_read_as_a_number_is_told_to_be_quoted() -> None:
    # issue 14: the remedy was "Write it as `1992`", the value itself
    text = GOOD.replace('title: "1992"', "title: 1992")
    with pytest.raises(CatalogError) as caught:
        parse_catalog(text, "c.yaml")
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (2, "titles[0].title")
    assert problem.message == (
        "`title` is a number, not text (got 1992); expected a lower-case slug, as text. "
        'YAML reads an unquoted 1992 as a number: quote it, `"1992"`.'
    )
