"""report.json: its shape, and that it holds every figure with its definition and parameters."""

from __future__ import annotations

from typing import Any

from report_support import Demo

from showmeter import definitions

SECTIONS = ["headline", "audience", "completion", "attention", "critics", "demand", "rankings"]
FIGURES = {
    "headline": ["headline"],
    "audience": ["daily_reach", "weekly_reach", "reach_index"],
    "completion": ["episode_funnel", "binge_race", "time_to_complete"],
    "attention": ["average_minute_audience"],
    "critics": ["critics", "reviews"],
    "demand": ["demand_trend", "demand_figures"],
    "rankings": ["ranks", "binge_rank_by_market"],
}


def _figures(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for s in document["sections"] for f in s["figures"]}


def test_the_document_says_what_was_reported_on_which_store(demo: Demo) -> None:
    document = demo.document
    assert set(document) == {
        "showmeter", "report", "simulated", "store", "sections", "quality", "published",
    }  # fmt: skip
    report = document["report"]
    assert report["season"] == "the-defenders:1"
    assert report["name"] == "Marvel's The Defenders, Limited Series"
    assert report["reference"] == "daredevil:2"
    assert set(report["peers"]) == {
        "daredevil:1", "jessica-jones:1", "luke-cage:1", "iron-fist:1", "the-punisher:1",
    }  # fmt: skip
    assert report["engine"] == "duckdb" and report["demand_market"] == "US"
    assert document["simulated"] is True
    assert document["store"]["store"] == str(demo.store)
    assert document["store"]["tables"]["viewing"] > 0


def test_every_section_and_figure_is_there_in_reading_order(demo: Demo) -> None:
    sections = demo.document["sections"]
    assert [s["key"] for s in sections] == SECTIONS
    for section in sections:
        assert [f["key"] for f in section["figures"]] == FIGURES[section["key"]]
        assert section["heading"] and section["lede"]


def test_every_result_follows_the_compute_contract_and_every_metric_is_defined(
    demo: Demo,
) -> None:
    for key, figure in _figures(demo.document).items():
        assert figure["heading"] and figure["caption"], key
        shown = {d["metric"] for d in figure["definitions"]}
        for name, result in figure["results"].items():
            assert set(result) == {"metric", "params", "engine", "rows"}, (key, name)
            assert result["metric"] in shown
            definition = definitions.get(result["metric"])
            assert set(result["params"]) == {p.name for p in definition.params} or (
                result["metric"] == "rank"
            )
            for row in result["rows"]:
                assert "value" in row
        for d in figure["definitions"]:
            registered = definitions.get(d["metric"])
            assert d["summary"] == registered.summary
            assert d["definition"] == registered.definition
            assert d["version"] == registered.version and d["source"] == registered.source
            assert d["params"] and set(d["varied"]) <= set(d["params"])


def test_the_binge_race_is_a_binge_race_of_each_compared_season(demo: Demo) -> None:
    race = _figures(demo.document)["binge_race"]
    [definition] = race["definitions"]
    assert definition["metric"] == "binge_race"
    hours = definition["params"]["window_hours"]
    assert hours[0] < 24 < hours[-1] and hours == sorted(hours)
    [table] = race["tables"]
    defenders = [r for r in table["rows"] if r["season_name"] == "The Defenders S1"]
    assert [r["hours"] for r in defenders] == [0, *hours]
    counts = [r["value"] for r in defenders]
    assert counts == sorted(counts), "completers can only grow with the window"
    # its 24-hour row is the headline's binge racers, computed on their own
    [racers] = _figures(demo.document)["headline"]["results"]["binge_racers"]["rows"]
    assert next(r["value"] for r in defenders if r["hours"] == 24) == racers["value"]


def test_cards_compare_the_season_with_its_reference(demo: Demo) -> None:
    cards = _figures(demo.document)["headline"]["cards"]
    by_metric = {card["metric"]: card for card in cards}
    assert {"reach", "binge_racers", "average_minute_audience", "tomatometer"} <= set(by_metric)
    reach = by_metric["reach"]
    assert reach["delta"].endswith("vs Daredevil S2")
    results = _figures(demo.document)["headline"]["results"]
    [season] = results["reach"]["rows"]  # one title asked for each card: its rows alone
    [reference] = results["reach reference"]["rows"]
    assert (season["title"], season["season"]) == ("the-defenders", 1)
    assert (reference["title"], reference["season"]) == ("daredevil", 2)
    assert reach["exact"] == season["value"] and reach["reference"] == reference["value"]


def test_quality_reconciles_every_load(demo: Demo) -> None:
    quality = demo.document["quality"]
    assert quality["reconciles"] is True
    kinds = {load["kind"] for load in quality["loads"]}
    assert kinds == {"viewing", "panels", "reviews", "signals"}
    for load in quality["loads"]:
        assert load["read"] == load["loaded"] + load["quarantined"] + load["duplicates"]
    assert quality["quarantine"] == []
