"""The JSON API mirrors `showmeter compute`: same bytes, same rows, same errors."""

from __future__ import annotations

import json
from pathlib import Path

from web_support import REFERENCE, SEASON, TestClient, run

from showmeter import definitions
from showmeter.engines import compute
from showmeter.store import Store


def _engine(store: Path, metric: str, params: dict[str, object], **where: object) -> object:
    with Store(store, read_only=True) as opened:
        return compute(metric, params, source=opened.connection, **where).rows  # type: ignore[arg-type]


def test_compute_json_is_byte_identical_to_the_cli(client: TestClient, demo_store: Path) -> None:
    title, season = SEASON
    done = run(
        "compute", "reach", "--store", str(demo_store), "--title", title, "--season", str(season),
        "--set", "window_days=7", "--set", "markets=US,GB", "--format", "json",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    answer = client.get(
        "/api/compute/reach",
        params={"title": title, "season": season, "window_days": "7", "markets": "US,GB"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.text == done.stdout.removesuffix("\n")
    document = answer.json()
    assert document["params"]["window_days"] == 7
    assert document["params"]["markets"] == ["GB", "US"]
    assert document["inputs"][0]["store"] == str(demo_store)


def test_compute_rows_equal_the_engine(client: TestClient, demo_store: Path) -> None:
    answer = client.get("/api/compute/rank", params={"metric": "binge_racers", "by_market": "true"})
    assert answer.status_code == 200
    rows = answer.json()["rows"]
    expected = _engine(demo_store, "rank", {"metric": "binge_racers", "by_market": "true"})
    assert rows == expected
    korea = [r for r in rows if r["market"] == "KR" and r["title"] == SEASON[0]]
    assert korea and korea[0]["rank"] >= 1


def test_compute_as_csv_is_the_results_csv(client: TestClient, demo_store: Path) -> None:
    title, season = REFERENCE
    answer = client.get(
        "/api/compute/weekly_reach", params={"title": title, "season": season, "format": "csv"}
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    with Store(demo_store, read_only=True) as opened:
        result = compute("weekly_reach", {}, source=opened.connection, title=title, season=season)
    assert answer.text == result.to_csv()
    assert answer.text.splitlines()[0] == "title,season,week,value,units,wow_change"


def test_an_unknown_parameter_is_refused_with_the_registrys_message(client: TestClient) -> None:
    answer = client.get("/api/compute/reach", params={"window_dayz": "30"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "unknown parameter 'window_dayz' for metric 'reach'"
    assert body["remedy"].startswith("Did you mean 'window_days'?")


def test_a_bad_value_says_what_was_expected(client: TestClient) -> None:
    answer = client.get("/api/compute/reach", params={"window_days": "thirty"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"].startswith("bad value for parameter 'window_days' of metric 'reach'")
    assert body["expected"] == "an integer from 1 to 3660"
    assert "window_days=30" in body["remedy"]


def test_a_parameter_given_twice_is_refused(client: TestClient) -> None:
    answer = client.get("/api/compute/reach?markets=US&markets=GB")
    assert answer.status_code == 400
    assert "given more than once" in answer.json()["error"]


def test_an_unknown_metric_or_title_is_a_client_error(client: TestClient) -> None:
    answer = client.get("/api/compute/reech")
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad value for 'metric' (got 'reech')"
    missing = client.get("/api/compute/reach", params={"title": "the-defendrs"})
    assert missing.status_code == 400
    assert missing.json()["error"] == "no title 'the-defendrs' in the store"
    assert "Did you mean 'the-defenders'?" in missing.json()["remedy"]
    assert client.get("/api/metrics/reech").status_code == 404


def test_the_registry_is_listed(client: TestClient) -> None:
    listed = client.get("/api/metrics").json()
    assert [m["name"] for m in listed] == definitions.names()
    reach = next(m for m in listed if m["name"] == "reach")
    window = next(p for p in reach["params"] if p["name"] == "window_days")
    assert window == {
        "name": "window_days",
        "type": "an integer from 1 to 3660",
        "default": "30",
        "required": False,
        "doc": definitions.get("reach").param("window_days").help,
    }
    one = client.get("/api/metrics/binge_racers").json()
    assert one["definition"] == definitions.get("binge_racers").definition
    assert one["source"] == definitions.get("binge_racers").source


def test_titles_and_health(client: TestClient, demo_store: Path) -> None:
    titles = client.get("/api/titles").json()
    defenders = next(t for t in titles if (t["title"], t["season"]) == SEASON)
    assert defenders["name"] == "Marvel's The Defenders"
    assert defenders["episodes"] == 8
    health = client.get("/api/health").json()
    assert health["status"] == "ok"
    # Issue 19.7: the store's file name, never its path (nor the path inside the fingerprint).
    assert health["store"] == demo_store.name == "demo.duckdb"
    assert str(demo_store.parent) not in json.dumps(health)


def test_the_openapi_description_lists_the_metrics(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/api/compute/{metric}"]["get"]
    names = {p["name"]: p for p in operation["parameters"]}
    assert set(names) >= {"metric", "title", "season", "format", "params"}
    schema = json.dumps(names["metric"]["schema"]) + json.dumps(document["components"])
    assert all(f'"{name}"' in schema for name in definitions.names())
    assert "400" in operation["responses"] and "504" in operation["responses"]
    assert not any(path.startswith("/season") for path in document["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI loads from a CDN: not served
