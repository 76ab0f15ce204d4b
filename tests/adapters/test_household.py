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


# --- the household's default unit (issue 14, item 4) -------------------------------------------
#
# Reach of the-defenders:1 counts the units with at least min_seconds (120 s) of one episode in
# [L, L + 30 d). Each of the four profiles has a whole episode 1 (52:14) on 2017-08-18 (Carol's
# autoplayed episode 3 is left out, her episodes 1 and 2 are not): 4 profiles, and all of them
# are the one account "home".


def _household_store(tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "household.duckdb"
    with Store(path) as store:
        ingest(
            store, catalog(), [("viewing", EXPORT)], source="netflix", options={"account": "home"}
        )
    return str(path)


def test_a_households_store_counts_profiles_by_default_and_accounts_on_request(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import showmeter

    store = _household_store(tmp_path)
    default = showmeter.compute("reach", store=store, title="the-defenders", season=1)
    assert default.params["unit"] == "profile"
    assert [row["value"] for row in default.rows] == [4.0]
    accounts = showmeter.compute(
        "reach", store=store, title="the-defenders", season=1, unit="account"
    )
    assert accounts.params["unit"] == "account"
    assert [row["value"] for row in accounts.rows] == [1.0]


def test_the_default_unit_is_echoed_in_the_command_lines_outputs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import subprocess
    import sys

    store = _household_store(tmp_path)
    run = [sys.executable, "-m", "showmeter", "compute", "reach", "--store", store]
    run += ["--title", "the-defenders", "--season", "1"]
    table = subprocess.run(run, check=True, capture_output=True, text=True).stdout
    assert "unit=profile" in table and "unit=account" not in table
    done = subprocess.run([*run, "--format", "json"], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout)
    assert result["params"]["unit"] == "profile"
    assert [row["value"] for row in result["rows"]] == [4.0]
    done = subprocess.run([*run, "--format", "csv"], check=True, capture_output=True, text=True)
    assert done.stdout.splitlines()[0].startswith("title,season")  # pure CSV
    assert done.stderr.startswith("# reach unit=profile ")


def test_the_report_and_the_dashboard_state_the_households_unit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import showmeter
    from showmeter.launch.runner import Runner
    from showmeter.schema import SeasonKey
    from showmeter.web.season import Controls, build

    store = _household_store(tmp_path)
    built = showmeter.report("the-defenders:1", store=store, output=tmp_path / "report")
    assert dict(built.scope.basis) == {"unit": "profile"}
    html = (tmp_path / "report" / "report.html").read_text()
    assert "unit=profile" in html
    units = {
        result.params.get("unit")
        for view in built.views
        for result in view.figure.results.values()
        if "unit" in result.params
    }
    assert units == {"profile"}
    runner = Runner(store)
    try:
        page = build(runner, SeasonKey("the-defenders", 1), Controls())
        assert dict(page.scope.basis) == {"unit": "profile"}
        # an ad hoc computation of the dashboard (a download, a ranking) too
        assert (
            runner.compute("reach", {}, title="the-defenders", season=1).params["unit"] == "profile"
        )
    finally:
        runner.close()


def test_a_canonical_or_mixed_store_keeps_the_account_as_its_unit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from showmeter.store.households import default_unit

    events = tmp_path / "events.csv"
    events.write_text(
        "event_id,account_id,profile_id,title,season,episode,started_at,seconds_watched,"
        "device,market\n"
        "c1,a1,a1/p,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
    )
    store = Store()
    assert default_unit(store.connection) == "account"  # nothing loaded
    ingest(store, catalog(), [("viewing", events)], source="canonical")
    assert default_unit(store.connection) == "account"  # canonical rows: as before
    ingest(store, catalog(), [("viewing", EXPORT)], source="netflix", options={"account": "home"})
    assert default_unit(store.connection) == "account"  # mixed: as before
    household = Store()
    ingest(
        household, catalog(), [("viewing", EXPORT)], source="netflix", options={"account": "home"}
    )
    assert default_unit(household.connection) == "profile"


def test_computing_straight_from_a_households_export_counts_profiles_too() -> None:
    import showmeter

    result = showmeter.compute(
        "reach",
        catalog=FIXTURES / "catalog.yaml",
        events=EXPORT,
        source="netflix",
        account="home",
        title="the-defenders",
        season=1,
    )
    assert (result.params["unit"], [row["value"] for row in result.rows]) == ("profile", [4.0])


def test_the_python_api_passes_the_profile_of_a_simple_export(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import showmeter

    store = tmp_path / "simple.duckdb"
    history = FIXTURES / "netflix_simple"
    german = next(p for p in sorted(history.glob("*.csv")) if "Lena" in p.name)
    for profile in ("Lena", None):
        showmeter.ingest(
            store,
            catalog=FIXTURES / "catalog.yaml",
            events=german,
            source="netflix-simple",
            account="home",
            profile=profile,
            market="DE",
        )
    with Store(store, read_only=True) as opened:
        found = opened.connection.execute(
            "SELECT DISTINCT profile_id FROM viewing ORDER BY 1"
        ).fetchall()
    # with profile="Lena" her rows; without, the account's (not the file's name)
    assert found == [("home",), ("home/Lena",)]
