"""A household end to end: a Netflix export and a catalog -> ingest -> binge racers by profile.

The Defenders (3 episodes: 52:14, 50:00, 45:00) launched everywhere on 2017-08-18 07:00 UTC.
A profile races when it completes every episode (0.9 of its runtime, summed over sessions)
before 2017-08-19 07:00 UTC:

- Alice: E1 07:30; E2 over two sessions of 25 min (08:30, the "Not latest view" row, and
  10:00), 50 min ≥ 45 min, done 10:25; E3 11:00-11:45. A racer. (Dropping "Not latest view"
  rows, as some importers do, would leave her E2 at 25 min and lose her.)
- Bob: E1 and E2 only.
- Carol: E1, E2, then E3 at 23:00 autoplayed with nobody at the player: left out by default.
- Dave (US): E3 at 08:00 the next day, an hour too late.

A trailer Alice watched at 07:25 is left out too.
"""

from __future__ import annotations

from adapters_support import FIXTURES, catalog, counts

from showmeter.engines import compute
from showmeter.intake.load import ingest
from showmeter.store import Store

EXPORT = FIXTURES / "household" / "ViewingActivity.csv"


def racers(**options: str) -> list[dict[str, object]]:
    store = Store()
    [summary] = ingest(
        store,
        catalog(),
        [("viewing", EXPORT)],
        source="netflix",
        options={"account": "home", **options},
    )
    assert summary.reconciles
    result = compute(
        "binge_racers",
        {"unit": "profile"},
        source=store.connection,
        title="the-defenders",
        season=1,
    )
    return result.rows


def test_one_profile_of_the_household_binge_raced_the_defenders() -> None:
    store = Store()
    [summary] = ingest(
        store, catalog(), [("viewing", EXPORT)], source="netflix", options={"account": "home"}
    )
    assert counts(summary) == (13, 11, 2, 0)
    assert summary.reasons == {"supplemental_video": 1, "autoplay": 1}
    assert racers() == [{"title": "the-defenders", "season": 1, "value": 1.0, "units": 1}]


def test_counting_the_autoplayed_episode_makes_carol_a_racer_too() -> None:
    rows = racers(include_autoplay="true")
    assert rows == [{"title": "the-defenders", "season": 1, "value": 2.0, "units": 2}]


def test_the_report_of_the_household_shows_the_binge_race_of_each_profile(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Export -> `showmeter ingest --source netflix` -> `showmeter report` -> the binge race.

    By profile: Alice completes her last episode at 11:45, L + 4.75 h, so she is in every
    bucket from 6 h on; Dave completes at 08:45 the next day, L + 25.75 h: not a racer at
    24 h, in the race from 30 h on. Bob and Carol (autoplay left out) never complete.
    """
    import json
    import subprocess
    import sys

    store = tmp_path / "household.duckdb"
    run = [sys.executable, "-m", "showmeter"]
    subprocess.run(
        [
            *run,
            "ingest",
            "--store",
            str(store),
            "--catalog",
            str(FIXTURES / "catalog.yaml"),
            "--source",
            "netflix",
            "--account",
            "home",
            "--events",
            str(EXPORT),
            "--quiet",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *run,
            "report",
            "the-defenders:1",
            "--store",
            str(store),
            "--output",
            str(tmp_path / "report"),
            "--set",
            "unit=profile",
            "--quiet",
        ],
        check=True,
        capture_output=True,
    )
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    [completion] = [s for s in report["sections"] if s["key"] == "completion"]
    [race] = [f for f in completion["figures"] if f["key"] == "binge_race"]
    racers_by_hour = {row["hours"]: row["value"] for row in race["tables"][0]["rows"]}
    assert racers_by_hour[6] == racers_by_hour[24] == 1
    assert racers_by_hour[30] == racers_by_hour[168] == 2
    assert (tmp_path / "report" / "report.html").exists()
