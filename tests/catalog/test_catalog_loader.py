from __future__ import annotations

import json
import re
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showmeter.catalog import Catalog, load_catalog, parse_catalog, values
from showmeter.catalog.validation import validate
from showmeter.errors import CatalogError, Problem

METRICS_MD = Path(__file__).parents[2] / "docs" / "contracts.md"  # was ../shared/METRICS.md


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def parse(text: str) -> Catalog:
    return parse_catalog(textwrap.dedent(text), "c.yaml")


def problems(text: str) -> list[Problem]:
    with pytest.raises(CatalogError) as caught:
        parse(text)
    return list(caught.value.problems)


def where(text: str) -> list[tuple[int | None, str | None]]:
    return [(problem.line, problem.field) for problem in problems(text)]


def only(text: str) -> Problem:
    found = problems(text)
    assert len(found) == 1, [str(problem) for problem in found]
    return found[0]


def season_yaml(body: str, *, markets: str = "") -> str:
    """A catalog whose one season's launches/availability are ``body`` (from line 6 on)."""
    head = textwrap.dedent(
        """\
        titles:
          - title: the-defenders
            seasons:
              - season: 1
                episodes: [{episode: 1, runtime: "52:14"}]
        """
    )
    return markets + head + textwrap.indent(textwrap.dedent(body), " " * 8)


# The contract's example, and what a good catalog gives ---------------------------------


def test_the_metrics_md_example_parses() -> None:
    text = METRICS_MD.read_text(encoding="utf-8")
    example = re.search(r"### Catalog \(YAML or JSON\)\s+```yaml\n(.*?)```", text, re.S)
    assert example is not None
    catalog = parse_catalog(example[1], "METRICS.md")
    assert catalog.markets_listed
    codes = [market.market for market in catalog.markets]
    assert codes[:2] == ["US", "KR"] and codes[-1] == "ZZ"
    # markets named by launches and availability come from the built-in table
    assert {"JP", "CA", "GB", "IE", "AU", "NZ"} <= set(codes)
    assert dict(catalog.signal_weights) == {
        "pageviews": 1.0,
        "searches": 2.0,
        "social": 0.5,
        "p2p": 4.0,
    }
    title = catalog.title("the-defenders")
    assert title is not None
    assert (title.name, title.kind, title.original, title.language) == (
        "Marvel's The Defenders",
        "series",
        True,
        "en",
    )
    season = catalog.season("the-defenders", 1)
    assert season is not None
    assert season.label == "Limited Series"
    assert season.episodes[0].runtime_s == 3134
    assert season.launch_for("US", "America/New_York") == _utc(2017, 8, 18, 7)
    assert season.launch_for("JP", "Asia/Tokyo") == _utc(2017, 8, 17, 15)
    assert catalog.global_launch("the-defenders", 1) == _utc(2017, 8, 17, 15)
    netflix, disney = season.availability
    assert netflix.window("America/New_York") == (_utc(2017, 8, 18, 4), _utc(2022, 3, 1, 5))
    assert disney.markets == ("US", "CA", "GB", "IE", "AU", "NZ")
    assert disney.window("Europe/London") == (_utc(2022, 3, 16), None)
    assert not disney.covers("KR")


def test_without_markets_the_builtin_table_is_used() -> None:
    catalog = parse(season_yaml("launches: [{market: kr, local: 2017-08-18T00:00}]"))
    assert not catalog.markets_listed
    assert len(catalog.markets) == 250
    korea = catalog.market("KR")
    assert korea is not None and korea.tz == "Asia/Seoul"
    season = catalog.season("the-defenders", 1)
    assert season is not None and season.launches[0].market == "KR"


def test_listed_markets_fill_what_they_omit_from_the_builtin_table() -> None:
    catalog = parse(
        """\
        markets:
          - {market: US, tz: America/Los_Angeles}
          - {market: NO}
          - {market: ZZ, tz: Europe/London}
        titles:
          - {title: x, seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]}
        """
    )
    us, norway, unknown = catalog.markets
    assert (us.tz, us.name) == ("America/Los_Angeles", "United States")
    assert us.population is not None and us.population > 300_000_000
    assert (norway.market, norway.tz, norway.name) == ("NO", "Europe/Oslo", "Norway")
    assert (unknown.market, unknown.tz) == ("ZZ", "Europe/London")


def test_json_works_too(tmp_path: Path) -> None:
    document = {
        "titles": [
            {
                "title": "glass-onion",
                "kind": "film",
                "seasons": [
                    {
                        "season": 0,
                        "episodes": [{"episode": 1, "runtime": "2:19:00", "credits_at": 8040}],
                        "launches": [{"market": "*", "at": "2022-12-23T08:00:00Z"}],
                    }
                ],
            }
        ]
    }
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.file == str(path)
    film = catalog.season("glass-onion", 0)
    assert film is not None
    assert (film.runtime_s, film.episodes[0].credits_at_s) == (8340, 8040)
    assert catalog.global_launch("glass-onion", 0) == _utc(2022, 12, 23, 8)


def test_json_problems_have_line_numbers() -> None:
    text = json.dumps(
        {"titles": [{"title": "x", "seasons": [{"season": 1, "episodes": [{"episode": 1}]}]}]},
        indent=2,
    )
    problem = only(text)
    # the episode's mapping opens on line 9 of the indented JSON
    assert text.splitlines()[8].strip() == "{"
    assert (problem.line, problem.field) == (9, "titles[0].seasons[0].episodes[0].runtime")


# Runtimes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        ('"52:14"', 3134),
        ("52:14", 3134),
        ('"1:02:03"', 3723),
        ('"75:00"', 4500),
        ('"0:45:30.5"', 2730.5),
        ("2400", 2400),
        ("2400.5", 2400.5),
        ('"3134"', 3134),
    ],
)
def test_runtime_formats(written: str, seconds: float) -> None:
    episode = f"{{episode: 1, runtime: {written}}}"
    catalog = parse(f"titles: [{{title: x, seasons: [{{season: 1, episodes: [{episode}]}}]}}]")
    assert catalog.titles[0].seasons[0].episodes[0].runtime_s == seconds


@pytest.mark.parametrize("written", ['"52:74"', '"1:75:00"', '"abc"', "-5", "true", "[1]", '"52m"'])
def test_bad_runtimes_are_reported_with_the_formats(written: str) -> None:
    problem = only(
        f"""\
        titles:
          - title: x
            seasons:
              - season: 1
                episodes:
                  - episode: 1
                    runtime: {written}
        """
    )
    assert (problem.line, problem.field) == (7, "titles[0].seasons[0].episodes[0].runtime")
    assert "`runtime` is not a duration" in problem.message
    assert '"MM:SS" ("52:14")' in problem.message


def test_zero_runtime_and_credits_after_the_end() -> None:
    found = problems(
        """\
        titles:
          - title: x
            seasons:
              - season: 1
                episodes:
                  - {episode: 1, runtime: 0}
                  - {episode: 2, runtime: "50:00", credits_at: "50:01"}
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (6, "titles[0].seasons[0].episodes[0].runtime"),
        (7, "titles[0].seasons[0].episodes[1].credits_at"),
    ]
    assert "expected a duration > 0" in found[0].message
    assert "3001 s" in found[1].message and "3000 s" in found[1].message


# Structure: keys, lists, titles, seasons, episodes -----------------------------------


def test_unknown_key_suggests_the_nearest() -> None:
    found = problems(
        """\
        titles:
          - title: x
            seasons:
              - season: 1
                episodes:
                  - episode: 1
                    runtme: 60
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (6, "titles[0].seasons[0].episodes[0].runtime"),
        (7, "titles[0].seasons[0].episodes[0].runtme"),
    ]
    assert "an episode needs `runtime`" in found[0].message
    assert "`runtme` is not a key of an episode" in found[1].message
    assert "Did you mean `runtime`?" in found[1].message


def test_unknown_top_level_key() -> None:
    found = problems(
        """\
        market: [{market: US}]
        titles: [{title: x, seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]}]
        """
    )
    assert [(p.line, p.field) for p in found] == [(1, "market")]
    assert "Did you mean `markets`?" in found[0].message


def test_titles_is_required_and_not_empty() -> None:
    assert where("signal_weights: {p2p: 4}\n") == [(1, "titles")]
    assert where("titles: []\n") == [(1, "titles")]
    assert where("titles: {title: x}\n") == [(1, "titles")]


def test_not_a_mapping_or_empty() -> None:
    assert where("- title: x\n") == [(1, None)]
    assert where("") == [(1, None)]
    assert where("# only a comment\n") == [(1, None)]


def test_title_ids_are_unique_slugs() -> None:
    found = problems(
        """\
        titles:
          - title: The Defenders
            seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]
          - title: daredevil
            seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]
          - title: daredevil
            seasons: [{season: 2, episodes: [{episode: 1, runtime: 60}]}]
        """
    )
    assert [(p.line, p.field) for p in found] == [(2, "titles[0].title"), (6, "titles[2].title")]
    assert "Write it as `the-defenders`" in found[0].message
    assert "defined twice (first on line 4)" in found[1].message


def test_kind_and_original_values() -> None:
    found = problems(
        """\
        titles:
          - title: x
            kind: movie
            original: maybe
            seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]
        """
    )
    assert [(p.line, p.field) for p in found] == [(3, "titles[0].kind"), (4, "titles[0].original")]
    assert "expected `series` or `film`" in found[0].message


def test_a_film_has_one_season_numbered_zero() -> None:
    found = problems(
        """\
        titles:
          - title: glass-onion
            kind: film
            seasons:
              - {season: 1, episodes: [{episode: 1, runtime: 60}]}
              - {season: 0, episodes: [{episode: 1, runtime: 60}]}
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (5, "titles[0].seasons[0].season"),
        (6, "titles[0].seasons[1]"),
    ]
    assert "Write `season: 0`" in found[0].message
    assert "exactly one season" in found[1].message


def test_series_seasons_from_one_and_unique() -> None:
    found = problems(
        """\
        titles:
          - title: daredevil
            seasons:
              - {season: 0, episodes: [{episode: 1, runtime: 60}]}
              - {season: 2, episodes: [{episode: 1, runtime: 60}]}
              - {season: 2, episodes: [{episode: 1, runtime: 60}]}
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (4, "titles[0].seasons[0].season"),
        (6, "titles[0].seasons[2].season"),
    ]
    assert "first on line 5" in found[1].message


def test_episodes_numbered_from_one_unique_and_at_least_one() -> None:
    found = problems(
        """\
        titles:
          - title: daredevil
            seasons:
              - season: 1
                episodes:
                  - {episode: 0, runtime: 60}
                  - {episode: 2, runtime: 60}
                  - {episode: 2, runtime: 60}
              - season: 2
                episodes: []
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (6, "titles[0].seasons[0].episodes[0].episode"),
        (8, "titles[0].seasons[0].episodes[2].episode"),
        (10, "titles[0].seasons[1].episodes"),
    ]


def test_several_problems_are_reported_at_once_in_file_order() -> None:
    found = problems(
        """\
        markets:
          - {market: XX}
          - {market: US, tz: America/NewYork}
        signal_weights: {p2p: -4}
        titles:
          - title: Daredevil
            seasons:
              - season: 1
                label: ""
                episodes:
                  - {episode: 1, runtime: "52:74"}
                  - {episode: 1, runtime: 60, credits: 50}
                launches:
                  - {market: "*", at: "2017-08-18T07:00:00"}
                availability:
                  - {platform: netflix, from: 2022-03-01, until: 2017-08-18}
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (2, "markets[0].market"),
        (3, "markets[1].tz"),
        (4, "signal_weights.p2p"),
        (6, "titles[0].title"),
        (9, "titles[0].seasons[0].label"),
        (11, "titles[0].seasons[0].episodes[0].runtime"),
        (12, "titles[0].seasons[0].episodes[1].credits"),
        (12, "titles[0].seasons[0].episodes[1].episode"),
        (14, "titles[0].seasons[0].launches[0].at"),
        (16, "titles[0].seasons[0].availability[0].until"),
    ]
    assert all(problem.file == "c.yaml" for problem in found)


def test_the_error_renders_file_line_and_field() -> None:
    with pytest.raises(CatalogError) as caught:
        parse("titles: [{title: x, seasons: [{season: 1, episodes: [{episode: 1}]}]}]\n")
    assert str(caught.value.problems[0]).startswith(
        "c.yaml:1, column 'titles[0].seasons[0].episodes[0].runtime': an episode needs"
    )
    assert caught.value.details == str(caught.value.problems[0])


# Markets and signal weights -------------------------------------------------------------


def test_market_entries() -> None:
    found = problems(
        """\
        markets:
          - {market: usa}
          - {market: GB, population: -1}
          - {market: GB}
          - {tz: UTC}
        titles: [{title: x, seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]}]
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (2, "markets[0].market"),
        (3, "markets[1].population"),
        (4, "markets[2].market"),
        (5, "markets[3].market"),
    ]
    assert "Did you mean `US` (United States)?" in found[0].message
    assert "listed twice" in found[2].message


def test_market_no_is_norway_not_false() -> None:
    catalog = parse(season_yaml("launches: [{market: NO, local: 2017-08-18T00:00}]"))
    season = catalog.season("the-defenders", 1)
    assert season is not None
    assert season.launch_for("NO", "Europe/Oslo") == _utc(2017, 8, 17, 22)


def test_signal_weights() -> None:
    found = problems(
        """\
        signal_weights:
          pageviews: 1
          searches: lots
          social: -0.5
        titles: [{title: x, seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]}]}]
        """
    )
    assert [(p.line, p.field) for p in found] == [
        (3, "signal_weights.searches"),
        (4, "signal_weights.social"),
    ]
    assert "expected a number ≥ 0" in found[1].message


# Launches ---------------------------------------------------------------------------------


def test_instants_written_any_way_are_the_same() -> None:
    catalog = parse(
        season_yaml(
            """\
            launches:
              - {market: "*", at: 2017-08-18T07:00:00Z}
              - {market: US, at: "2017-08-18T03:00:00-04:00"}
              - {market: JP, at: 2017-08-18 16:00:00+09:00}
            """
        )
    )
    season = catalog.season("the-defenders", 1)
    assert season is not None
    assert {launch.at for launch in season.launches} == {_utc(2017, 8, 18, 7)}


def test_local_launch_in_a_named_market_across_dst() -> None:
    catalog = parse(
        season_yaml(
            """\
            launches: [{market: US, local: "2017-08-18T00:00"}]
            """,
            markets="markets: [{market: US, tz: America/Los_Angeles}]\n",
        )
    )
    assert catalog.global_launch("the-defenders", 1) == _utc(2017, 8, 18, 7)
    winter = parse(
        season_yaml(
            """\
            launches: [{market: US, local: "2017-01-06T00:00"}]
            """,
            markets="markets: [{market: US, tz: America/Los_Angeles}]\n",
        )
    )
    assert winter.global_launch("the-defenders", 1) == _utc(2017, 1, 6, 8)


def test_local_launch_in_the_gap_and_in_the_fold() -> None:
    found = problems(
        season_yaml(
            """\
            launches:
              - {market: US, local: "2017-03-12T02:30"}
              - {market: CA, local: "2017-11-05T01:30"}
            """,
            markets="markets: [{market: US}, {market: CA, tz: America/Toronto}]\n",
        )
    )
    assert [(p.line, p.field) for p in found] == [
        (8, "titles[0].seasons[0].launches[0].local"),
        (9, "titles[0].seasons[0].launches[1].local"),
    ]
    assert "2017-03-12T02:30 does not exist in America/New_York" in found[0].message
    assert "ambiguous in America/Toronto" in found[1].message
    assert "write the instant with `at:` and an offset" in found[1].message


def test_a_rolling_star_launch_is_resolved_in_every_market_zone() -> None:
    catalog = parse(
        season_yaml(
            "launches: [{market: '*', local: 2017-08-18T00:00}]\n",
            markets="markets: [{market: US}, {market: KR}, {market: GB}]\n",
        )
    )
    season = catalog.season("the-defenders", 1)
    assert season is not None
    assert season.launch_for("KR", "Asia/Seoul") == _utc(2017, 8, 17, 15)
    assert season.launch_for("GB", "Europe/London") == _utc(2017, 8, 17, 23)
    assert catalog.global_launch("the-defenders", 1) == _utc(2017, 8, 17, 15)


def test_a_rolling_star_launch_in_a_gap_of_some_market() -> None:
    text = season_yaml(
        "launches: [{market: '*', local: 2017-03-12T02:30}]\n",
        markets="markets: [{market: US}, {market: KR}]\n",
    )
    problem = only(text)
    assert (problem.line, problem.field) == (7, "titles[0].seasons[0].launches[0].local")
    assert "applies to US" in problem.message
    assert "does not exist in America/New_York" in problem.message
    # giving the market its own launch settles it
    fixed = season_yaml(
        """\
        launches:
          - {market: '*', local: 2017-03-12T02:30}
          - {market: US, at: 2017-03-12T07:30:00Z}
        """,
        markets="markets: [{market: US}, {market: KR}]\n",
    )
    assert parse(fixed).global_launch("the-defenders", 1) == _utc(2017, 3, 11, 17, 30)


def test_launch_entries() -> None:
    found = problems(
        season_yaml(
            """\
            launches:
              - {market: XX, at: 2017-08-18T07:00:00Z}
              - {market: JP, at: 2017-08-18T07:00:00Z, local: 2017-08-18T00:00}
              - {market: JP}
              - {market: GB, at: "2017-08-18T07:00:00"}
              - {market: IE, at: 2017-08-18}
              - {market: AU, local: "2017-08-18T00:00+10:00"}
              - {at: 2017-08-18T07:00:00Z, platfrom: netflix}
            """
        )
    )
    base = "titles[0].seasons[0].launches"
    assert [(p.line, p.field) for p in found] == [
        (7, f"{base}[0].market"),
        (8, f"{base}[1]"),
        (9, f"{base}[2].market"),
        (9, f"{base}[2]"),
        (10, f"{base}[3].at"),
        (11, f"{base}[4].at"),
        (12, f"{base}[5].local"),
        (13, f"{base}[6].platfrom"),
        (13, f"{base}[6].market"),
    ]
    messages = [problem.message for problem in found]
    assert "but has both" in messages[1]
    assert "two launches in this season (first on line 8)" in messages[2]
    assert "but has neither" in messages[3]
    assert "Add Z or an offset, or use `local:`" in messages[4]
    assert "is a date, not an instant" in messages[5]
    assert "carries an offset" in messages[6]
    assert "Did you mean `platform`?" in messages[7]
    assert "a launch needs `market`" in messages[8]


# Availability -----------------------------------------------------------------------------


def test_availability_windows() -> None:
    catalog = parse(
        season_yaml(
            """\
            availability:
              - {platform: netflix, markets: "*", from: 2017-08-18, until: 2022-03-01}
              - {platform: disney-plus, markets: [us, kr], from: "2022-03-16T08:00:00Z"}
            """
        )
    )
    season = catalog.season("the-defenders", 1)
    assert season is not None
    netflix, disney = season.availability
    assert netflix.window("Asia/Seoul") == (_utc(2017, 8, 17, 15), _utc(2022, 2, 28, 15))
    assert netflix.until == date(2022, 3, 1)
    assert disney.markets == ("US", "KR")
    assert disney.window("America/New_York") == (_utc(2022, 3, 16, 8), None)
    assert disney.covers("KR") and not disney.covers("JP")


def test_availability_entries() -> None:
    found = problems(
        season_yaml(
            """\
            availability:
              - {markets: "*", from: 2017-08-18}
              - {platform: x, markets: [US, XX, US], from: 2017-08-18}
              - {platform: x, markets: US, from: 2017-08-18}
              - {platform: x, from: 2022-03-01, untill: 2022-03-02}
              - {platform: x, from: "2022-03-01T00:00:00Z", until: 2022-03-01}
              - {platform: x, from: soon}
            """,
            markets="markets: [{market: US}, {market: KR}]\n",
        )
    )
    base = "titles[0].seasons[0].availability"
    assert [(p.line, p.field) for p in found] == [
        (8, f"{base}[0].platform"),
        (9, f"{base}[1].markets[1]"),
        (9, f"{base}[1].markets[2]"),
        (10, f"{base}[2].markets"),
        (11, f"{base}[3].untill"),
        (12, f"{base}[4].until"),
        (13, f"{base}[5].from"),
    ]
    assert "Did you mean `until`?" in found[4].message
    # 2022-03-01 starts at 2022-02-28T15:00Z in Seoul: before the `from` instant
    assert "is not after `from`" in found[5].message and "Asia/Seoul" in found[5].message


# Files and syntax -------------------------------------------------------------------------


def test_load_catalog_reads_a_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(season_yaml("launches: [{market: '*', at: 2017-08-18T07:00:00Z}]"))
    catalog = load_catalog(str(path))
    assert catalog.file == str(path)
    assert catalog.global_launch("the-defenders", 1) == _utc(2017, 8, 18, 7)


def test_a_missing_file_or_a_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="does not exist") as caught:
        load_catalog(tmp_path / "nope.yaml")
    assert caught.value.problems[0].file == str(tmp_path / "nope.yaml")
    with pytest.raises(CatalogError, match="is a directory"):
        load_catalog(tmp_path)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("titles: [{title: caf\xe9}]".encode("latin-1"))
    with pytest.raises(CatalogError, match="not UTF-8"):
        load_catalog(path)


def test_a_yaml_syntax_error_points_at_the_parser_line() -> None:
    problem = only(
        """\
        titles:
          - title: x
            seasons: [{season: 1, episodes: [{episode: 1, runtime: 60}]
          - title: y
        """
    )
    assert problem.field is None
    assert problem.line == 4
    assert problem.message.startswith("the catalog is not valid YAML or JSON")


def test_a_duplicate_key_is_a_syntax_problem() -> None:
    problem = only(
        """\
        titles:
          - title: x
            title: y
        """
    )
    assert problem.line == 3
    assert "duplicate key" in problem.message and "Keep one of the two keys" in problem.message


def test_an_empty_required_value() -> None:
    problem = only(
        """\
        titles:
          - title: x
            seasons:
              - season: 1
                episodes:
                  - episode: 1
                    runtime:
        """
    )
    assert (problem.line, problem.field) == (7, "titles[0].seasons[0].episodes[0].runtime")
    assert problem.message == '`runtime` is empty. Give it a value, e.g. "52:14".'


@given(
    st.integers(0, 30),
    st.integers(0, 59),
    st.integers(0, 59),
)
def test_h_mm_ss_is_hours_minutes_seconds(hours: int, minutes: int, seconds: int) -> None:
    written = f"{hours}:{minutes:02d}:{seconds:02d}"
    expected = hours * 3600 + minutes * 60 + seconds
    assert values.duration(written) == expected
    assert values.duration(f"{hours * 60 + minutes}:{seconds:02d}") == expected


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5000),
    st.floats(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC])),
    st.sampled_from(["*", "US", "NO", "52:14", "2017-03-12T02:30", "2017-08-18T07:00:00Z", ""]),
)
_KEYS = st.sampled_from(
    ["titles", "markets", "title", "kind", "seasons", "season", "episodes", "episode",
     "runtime", "launches", "market", "at", "local", "availability", "from", "until", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.recursive(
        _SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=5),
        max_leaves=30,
    )
)
def test_any_document_gives_a_catalog_or_a_catalog_error(document: object) -> None:
    try:
        validate(document, "fuzz.yaml")
    except CatalogError as error:
        assert error.problems
        assert not any("is not valid:" in problem.message for problem in error.problems)
