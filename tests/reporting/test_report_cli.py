"""``showmeter report``: any season of any store, its options, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

from report_support import Demo, run

EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
    "e2,a1,the-defenders,1,2,2017-08-18T09:00:00Z,3000,tv,US\n"
    "e3,a2,the-defenders,1,1,2017-08-19T20:00:00Z,1800,tv,KR\n"
    "e4,a3,daredevil,2,1,2016-03-18T10:00:00Z,3300,desktop,GB\n"
    "e5,a3,the-defenders,1,1,2017-08-18T09:00:00,600,tv,US\n"
)


def test_a_report_without_reference_on_the_demo_store(demo: Demo, tmp_path: Path) -> None:
    done = run("report", "the-defenders:1", "--store", str(demo.store), "--output", str(tmp_path))
    assert done.returncode == 0, done.stderr
    document = json.loads((tmp_path / "report.json").read_text())
    assert document["report"]["reference"] is None and document["published"] == []
    cards = document["sections"][0]["figures"][0]["cards"]
    assert cards and all(card["delta"] is None for card in cards)
    keys = [f["key"] for s in document["sections"] for f in s["figures"]]
    assert "reach_index" not in keys  # an index needs a reference
    html = (tmp_path / "report.html").read_text()
    assert "The data are simulated." in html and "Published figures" not in html
    assert "report.html" in done.stderr and "The data are simulated." in done.stderr


def test_the_basis_goes_to_every_viewing_metric_and_only_to_them(
    demo: Demo, tmp_path: Path
) -> None:
    done = run(
        "report", "the-defenders:1", "--store", str(demo.store), "--output", str(tmp_path),
        "--reference", "daredevil:2", "--set", "panel=jumpshot", "--set", "devices=desktop",
        "--set", "markets=US", "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    document = json.loads((tmp_path / "report.json").read_text())
    assert document["report"]["basis"] == {
        "panel": "jumpshot", "devices": "desktop", "markets": "US",
    }  # fmt: skip
    figures = {f["key"]: f for s in document["sections"] for f in s["figures"]}
    weekly = figures["weekly_reach"]["results"]["season"]["params"]
    assert (weekly["panel"], weekly["devices"], weekly["markets"]) == (
        "jumpshot",
        ["desktop"],
        ["US"],
    )
    index = figures["reach_index"]["results"]["every"]["params"]
    assert index["panel"] == "jumpshot" and index["reference"] == "daredevil:2"
    assert "panel" not in figures["critics"]["results"]["tomatometer"]["params"]
    assert figures["ranks"]["results"]["reach"]["params"]["panel"] == "jumpshot"
    assert figures["ranks"]["results"]["tomatometer"]["params"].get("panel") is None


def test_a_store_of_real_rows_without_reviews_or_signals(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "store.duckdb"
    events = write("events.csv", EVENTS)
    loaded = run("ingest", "--store", str(store), "--catalog", str(catalog_file),
                 "--events", str(events), "--format", "json")  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    out = tmp_path / "out"
    done = run("report", "the-defenders:1", "--store", str(store), "--output", str(out),
               "--reference", "daredevil:2", "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads((out / "report.json").read_text())
    assert document["simulated"] is False
    assert "demand" not in [s["key"] for s in document["sections"]]
    assert document["quality"]["quarantine"][0]["reason"] == "naive_timestamp"
    html = (out / "report.html").read_text()
    assert "The data are simulated" not in html and "simulated data" not in html
    assert "naive_timestamp" in html and "events.csv:6" in html


def test_errors_name_the_cause_and_the_fix(demo: Demo, tmp_path: Path) -> None:
    store = str(demo.store)
    unknown = run("report", "the-defendrs:1", "--store", store, "--output", str(tmp_path))
    assert unknown.returncode == 2
    assert "Error:" in unknown.stderr and "the-defenders:1" in unknown.stderr
    bad = run("report", "the-defenders", "--store", store, "--output", str(tmp_path))
    assert bad.returncode == 2 and "title:season" in bad.stderr
    wrong = run("report", "the-defenders:1", "--store", store, "--set", "window_days=3")
    assert wrong.returncode == 2 and "window_days" in wrong.stderr
    missing = run("report", "the-defenders:1", "--store", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 1 and "does not exist" in missing.stderr
    assert not (tmp_path / "report.html").exists()
