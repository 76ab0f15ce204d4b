"""`showmeter catalog enrich --metadata tvmaze` and `catalog draft --metadata tvmaze`.

Against the fake TVmaze on 127.0.0.1 (tvmaze_fake.py, answers in fixtures/tvmaze/); the real
host is never contacted (the autouse `only_localhost` fixture).
"""

from __future__ import annotations

import json
import re
import socket
import sys
from pathlib import Path

import pytest
from tvmaze_fake import FakeTvmaze

import showmeter
from showmeter.catalog import load_catalog
from showmeter.cli import main

HOUSEHOLD = (
    Path(__file__).parents[1] / "adapters" / "fixtures" / "household" / "ViewingActivity.csv"
)

CATALOG = """\
# My household's catalog: checked by hand.
titles:
  - title: dom-z-papieru
    name: "Dom z papieru"           # the Polish profile's title
    seasons:
      - season: 3
        episodes:
          - {episode: 1, name: Nic, runtime: 2470, runtime_origin: estimate}  # runtime: estimate
          - {episode: 2, runtime: "40:00"}  # timed by hand
  - title: under-the-dome
    name: Under the Dome
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "45:00", runtime_origin: estimate}  # runtime: estimate
          - {episode: 2, name: The Fire, runtime: "44:00", runtime_origin: estimate}
  - title: shameless
    name: Shameless
    language: en
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "55:00"}
        launches:
          - {market: US, at: "2011-01-10T02:00:00Z"}  # given
  - title: the-office
    name: The Office
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "22:00"}
  - title: no-such-show
    name: No Such Show
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "22:00"}
  - title: a-film
    kind: film
    seasons:
      - season: 0
        episodes:
          - {episode: 1, runtime: "1:50:00"}
"""


def showmeter_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """Run the CLI in this process (so the only_localhost guard sees its requests)."""
    monkeypatch.setattr(sys, "argv", ["showmeter", *args])
    with pytest.raises(SystemExit) as done:
        main()
    out, err = capsys.readouterr()
    return int(done.value.code or 0), out, err


@pytest.fixture
def enriched(
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[Path, str]:
    source = tmp_path / "catalog.yaml"
    source.write_text(CATALOG, encoding="utf-8")
    code, _out, err = showmeter_cli(
        capsys, monkeypatch, "catalog", "enrich", str(source), "--metadata", "tvmaze",
        "--tvmaze-url", tvmaze.url, "--cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 0, err
    return source, err


def test_each_title_is_reported_matched_chosen_ambiguous_or_not_found(
    enriched: tuple[Path, str],
) -> None:
    _path, report = enriched
    lines = report.splitlines()
    assert lines[0].startswith("TVmaze (--metadata tvmaze, http://127.0.0.1:") and lines[
        0
    ].endswith(
        "2 matched, 1 chosen among several, 1 ambiguous, 1 not found, 1 films left out; "
        "3 runtimes, 3 episode names and 2 launches filled in (13 calls, 0 answers from the cache)."
    )
    assert (
        '  matched   dom-z-papieru -> TVmaze 27436 "La Casa de Papel" (2017, Netflix), by its '
        "AKA 'Dom z papieru' (PL); runtimes 1, names 1, launches * 2019-07-19T07:00:00Z"
    ) in lines
    assert (
        '  chosen    shameless -> TVmaze 150 "Shameless" (2011, Showtime), chosen among 2 shows '
        "of that name by premiere year (2011); runtimes 0, names 1"
    ) in lines
    assert "            season 1: launches given in the catalog, kept" in lines
    assert (
        "  ambiguous the-office ('The Office'): 2 shows of that name, nothing in the catalog "
        "tells them apart; add `tvmaze: ID` to the title to choose; candidates: "
        '526 "The Office" (2005, NBC); 530 "The Office" (2001, BBC Two)'
    ) in lines
    assert lines[-3] == (
        "  not_found no-such-show ('No Such Show'): TVmaze has no show named 'No Such Show', "
        "nor with that AKA (the search found nothing); add `tvmaze: ID` to the title"
    )
    assert lines[-2].startswith(
        "Data from TVmaze.com (https://www.tvmaze.com), licensed CC BY-SA 4.0."
    )
    assert "a-film" not in report  # films are left out


def test_a_localised_title_is_found_through_its_aka_and_filled_and_marked(
    enriched: tuple[Path, str],
) -> None:
    text = enriched[0].read_text(encoding="utf-8")
    assert text.startswith(
        "# Data from TVmaze.com (https://www.tvmaze.com), licensed CC BY-SA 4.0.\n"
    )
    assert "# My household's catalog: checked by hand.\n" in text  # comments kept
    assert (
        '    name: "Dom z papieru"           # the Polish profile\'s title\n    tvmaze: 27436\n'
    ) in text
    # Episode 1's estimate is replaced by TVmaze's 50 min (not the 30-min special's, which has
    # no number); episode 2's runtime a person gave stays, and gets TVmaze's name.
    assert '{episode: 1, name: Nic, runtime: "50:00", runtime_origin: tvmaze}' in text
    assert "# runtime: TVmaze" in text and "runtime: estimate" not in text
    assert '{episode: 2, name: Aikido, runtime: "40:00"} # timed by hand; name: TVmaze' in text
    # Netflix is a web channel with no country: its season premiere is the launch everywhere,
    # at the first episode's airstamp 2019-07-19T07:00:00+00:00.
    assert (
        "        launches:\n"
        '          - {market: "*", at: "2019-07-19T07:00:00Z", platform: netflix, origin: tvmaze}\n'
    ) in text


def test_a_network_shows_launch_is_in_its_country_and_a_given_launch_is_kept(
    enriched: tuple[Path, str],
) -> None:
    text = enriched[0].read_text(encoding="utf-8")
    # Pilot: airdate 2013-06-24, airtime 22:00 on CBS (America/New_York, EDT = UTC-4), so
    # its airstamp is 2013-06-25T02:00:00+00:00: the US launch.
    assert '{market: "US", at: "2013-06-25T02:00:00Z", platform: cbs, origin: tvmaze}' in text
    # episode 2 has no runtime on TVmaze: the show's runtime (60 min) is used, marked the same
    assert '{episode: 1, name: Pilot, runtime: "1:00:00", runtime_origin: tvmaze}' in text
    assert '{episode: 2, name: The Fire, runtime: "1:00:00", runtime_origin: tvmaze}' in text
    # Shameless: the runtime a person gave and the launch a person gave stay as they were
    assert '{episode: 1, name: Pilot, runtime: "55:00"}' in text
    assert '{market: US, at: "2011-01-10T02:00:00Z"}  # given' in text
    assert "tvmaze: 150" in text
    # ambiguous, not found and the film are untouched
    assert "tvmaze: 526" not in text and "tvmaze: 530" not in text
    assert re.findall(r"(?m)^    tvmaze: (\d+)$", text) == ["27436", "1", "150"]


def test_the_enriched_catalog_loads_with_its_origins(enriched: tuple[Path, str]) -> None:
    catalog = load_catalog(enriched[0])
    title = catalog.title("dom-z-papieru")
    assert title is not None and title.tvmaze == 27436
    season = title.seasons[0]
    assert [(e.runtime_s, e.runtime_origin) for e in season.episodes] == [
        (3000.0, "tvmaze"),
        (2400.0, None),
    ]
    [launch] = season.launches
    assert (launch.market, launch.at, launch.origin) == (
        "*",
        catalog.global_launch("dom-z-papieru", 3),
        "tvmaze",
    )
    assert launch.at is not None and launch.at.isoformat() == "2019-07-19T07:00:00+00:00"


def test_a_launch_relative_metric_computes_on_the_enriched_catalog(
    enriched: tuple[Path, str], tmp_path: Path
) -> None:
    # L = 2019-07-19T07:00Z (TVmaze); episode 1 runs 3,000 s (TVmaze), episode 2 2,400 s
    # (by hand); completing needs 0.9 of each: 2,700 s and 2,160 s.
    # a1 completes both within 24 h: a racer. a2 completes episode 2 25 h after L: not one.
    # a3 watches 2,600 s of episode 1: short of 2,700 s (it would have completed the
    # estimate's 0.9 x 2,470 s = 2,223 s), so not one. One binge racer.
    events = tmp_path / "sessions.csv"
    events.write_text(
        "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
        "e1,a1,dom-z-papieru,3,1,2019-07-19T08:00:00Z,2850,tv,PL\n"
        "e2,a1,dom-z-papieru,3,2,2019-07-19T09:00:00Z,2200,tv,PL\n"
        "e3,a2,dom-z-papieru,3,1,2019-07-19T10:00:00Z,2750,tv,PL\n"
        "e4,a2,dom-z-papieru,3,2,2019-07-20T08:00:00Z,2400,tv,PL\n"
        "e5,a3,dom-z-papieru,3,1,2019-07-19T10:00:00Z,2600,tv,PL\n"
        "e6,a3,dom-z-papieru,3,2,2019-07-19T12:00:00Z,2400,tv,PL\n",
        encoding="utf-8",
    )
    result = showmeter.compute(
        "binge_racers", catalog=enriched[0], events=events, title="dom-z-papieru", season=3
    )
    assert [(row["title"], row["season"], row["value"]) for row in result.rows] == [
        ("dom-z-papieru", 3, 1)
    ]


def test_a_second_run_takes_every_answer_from_the_cache(
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "catalog.yaml"
    source.write_text(CATALOG, encoding="utf-8")
    args = ["catalog", "enrich", str(source), "--metadata", "tvmaze", "--tvmaze-url", tvmaze.url,
            "--cache", str(tmp_path / "cache")]  # fmt: skip
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    assert showmeter_cli(capsys, monkeypatch, *args, "-o", str(first))[0] == 0
    asked = len(tvmaze.requests)
    code, _out, err = showmeter_cli(capsys, monkeypatch, *args, "-o", str(second))
    assert code == 0, err
    assert len(tvmaze.requests) == asked == 13  # no call the second time
    assert "(0 calls, 13 answers from the cache)" in err
    assert second.read_text() == first.read_text()


def test_enriching_again_changes_nothing(
    enriched: tuple[Path, str],
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ = enriched
    before = path.read_text(encoding="utf-8")
    code, _out, err = showmeter_cli(
        capsys, monkeypatch, "catalog", "enrich", str(path), "--metadata", "tvmaze",
        "--tvmaze-url", tvmaze.url, "--cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == before
    assert "  matched   dom-z-papieru -> TVmaze 27436" in err and "by its `tvmaze` id" in err


def test_json_stays_json_in_its_order(
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "catalog.json"
    document = {
        "titles": [
            {
                "title": "under-the-dome",
                "name": "Under the Dome",
                "seasons": [{"season": 1, "episodes": [{"episode": 1, "runtime": 2700}]}],
            }
        ]
    }
    source.write_text(json.dumps(document), encoding="utf-8")
    code, _out, err = showmeter_cli(
        capsys, monkeypatch, "catalog", "enrich", str(source), "--metadata", "tvmaze",
        "--tvmaze-url", tvmaze.url, "--cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 0, err
    enriched = json.loads(source.read_text(encoding="utf-8"))
    [title] = enriched["titles"]
    assert list(title) == ["title", "name", "tvmaze", "seasons"]
    [season] = title["seasons"]
    # the runtime a person gave (no origin) stays; the name is filled; a US launch is added
    assert season["episodes"] == [{"episode": 1, "name": "Pilot", "runtime": 2700}]
    assert season["launches"] == [
        {"market": "US", "at": "2013-06-25T02:00:00Z", "platform": "cbs", "origin": "tvmaze"}
    ]
    assert load_catalog(source).title("under-the-dome") is not None


def test_draft_with_metadata_tvmaze_writes_an_enriched_draft(
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    output = tmp_path / "catalog.yaml"
    code, _out, err = showmeter_cli(
        capsys, monkeypatch, "catalog", "draft", "--source", "netflix", str(HOUSEHOLD),
        "-o", str(output), "--metadata", "tvmaze", "--tvmaze-url", tvmaze.url,
        "--cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 0, err
    assert "matched   marvel-s-the-defenders -> TVmaze 2031" in err
    assert "Data from TVmaze.com" in err
    text = output.read_text(encoding="utf-8")
    assert "    tvmaze: 2031\n" in text
    assert '{market: "*", at: "2017-08-18T07:00:00Z", platform: netflix, origin: tvmaze}' in text
    catalog = load_catalog(output)
    [title] = catalog.titles
    assert title.tvmaze == 2031
    # the draft's estimates (largest bookmarks) give way to TVmaze's 53, 51 and 48 minutes
    [season] = title.seasons
    assert [(e.runtime_s, e.runtime_origin) for e in season.episodes] == [
        (3180.0, "tvmaze"),
        (3060.0, "tvmaze"),
        (2880.0, "tvmaze"),
    ]
    assert "runtime: TVmaze" in text and "estimate" not in text.split("titles:")[1]


def test_nothing_is_contacted_without_metadata_tvmaze(
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "catalog.yaml"
    source.write_text(CATALOG, encoding="utf-8")
    monkeypatch.setenv("SHOWMETER_TVMAZE_URL", tvmaze.url)
    code, _out, err = showmeter_cli(capsys, monkeypatch, "catalog", "enrich", str(source))
    assert code == 2
    assert "no metadata service named; expected --metadata tvmaze." in err
    assert tvmaze.requests == []
    assert source.read_text(encoding="utf-8") == CATALOG


def test_an_unreachable_tvmaze_exits_1_with_the_remedy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    source = tmp_path / "catalog.yaml"
    source.write_text(CATALOG, encoding="utf-8")
    code, _out, err = showmeter_cli(
        capsys, monkeypatch, "catalog", "enrich", str(source), "--metadata", "tvmaze",
        "--tvmaze-url", f"http://127.0.0.1:{port}", "--cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 1
    assert f"Error: cannot reach TVmaze at http://127.0.0.1:{port}" in err
    assert "Check the network connection" in err
    assert source.read_text(encoding="utf-8") == CATALOG  # nothing written


def test_episode_names_choose_among_namesakes_and_a_market_not_listed_gets_no_launch(
    tvmaze: FakeTvmaze,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "catalog.yaml"
    source.write_text(
        "markets:\n"
        "  - {market: GB}\n"
        "titles:\n"
        "  - title: the-office\n"
        "    name: The Office\n"
        "    seasons:\n"
        "      - season: 1\n"
        "        episodes:\n"
        "          - {episode: 1, name: Diversity Day}  # numbered in the order first watched\n",
        encoding="utf-8",
    )
    code, _out, err = showmeter_cli(
        capsys, monkeypatch, "catalog", "enrich", str(source), "--metadata", "tvmaze",
        "--tvmaze-url", tvmaze.url, "--cache", str(tmp_path / "cache"),
    )  # fmt: skip
    assert code == 0, err
    # Both namesakes' episode lists are read: only the NBC one (526) has "Diversity Day".
    assert (
        '  chosen    the-office -> TVmaze 526 "The Office" (2005, NBC), chosen among 2 shows of '
        "that name by episode names (1 in common); runtimes 1, names 0"
    ) in err
    # Found by its name, the episode is TVmaze's number 2: reported, not renumbered.
    assert "season 1 episode 1 ('Diversity Day') is episode 2 on TVmaze: check its number" in err
    # NBC's launch is in the US, which the catalog's markets do not list: no launch.
    assert "season 1: market US is not in `markets`, no launch" in err
    text = source.read_text(encoding="utf-8")
    assert (
        '{episode: 1, name: Diversity Day, runtime: "30:00", runtime_origin: tvmaze} '
        "# numbered in the order first watched; runtime: TVmaze"
    ) in text
    assert "launches:" not in text


def test_a_tvmaze_runtime_over_a_day_is_not_filled_in_but_noted() -> None:
    """TVmaze minutes × 60 above 86400 s would make a catalog that does not load: skipped."""
    from showmeter.intake.metadata.enrich import TitleReport, _fill_episodes
    from showmeter.intake.metadata.tvmaze import EpisodeInfo, Show

    show = Show(1, "S", "Scripted", "English", "2017-01-01", None, None, None)
    long = EpisodeInfo(1, 1, "Long", "regular", 1441, None)
    day = EpisodeInfo(1, 2, "Day", "regular", 1440, None)
    season: dict[str, object] = {"season": 1, "episodes": [{"episode": 1}, {"episode": 2}]}
    report = TitleReport("s", None)
    _fill_episodes(season, [long, day], show, report)
    first, second = season["episodes"]  # type: ignore[misc]
    assert "runtime" not in first
    assert second["runtime"] == "24:00:00"
    assert report.runtimes == 1
    assert report.notes == [
        "season 1 episode 1: TVmaze's runtime of 1441 min is over a day (the catalog's bound), "
        "not filled in"
    ]
