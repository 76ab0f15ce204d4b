"""Safe by default: loopback only, the token, headers, limits, no SQL and no path from a request."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from web_support import SEASON, TestClient, run

from showmeter.cli.serve_command import check_serve_options
from showmeter.engines import compute
from showmeter.errors import UsageError
from showmeter.store import Store
from showmeter.web.app import create_app
from showmeter.web.limits import Limits, is_loopback
from showmeter.web.security import COOKIE, POLICY

TOKEN = "s3cret-token-for-the-tests_0123"


@pytest.fixture(scope="module")
def guarded(demo_store: Path):  # type: ignore[no-untyped-def]
    web = create_app(str(demo_store), token=TOKEN, host="0.0.0.0")
    yield web
    web.state.runner.close()


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/metrics", "/api/metrics", "/static/dashboard.js", "/no/such/page"):
        answer = client.get(path)
        assert answer.headers["content-security-policy"] == POLICY
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-frame-options"] == "DENY"
    assert "script-src 'self';" in POLICY and "'unsafe-inline'" not in POLICY


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "example.org"])
def test_a_non_loopback_address_needs_a_token(host: str) -> None:
    with pytest.raises(UsageError) as refused:
        check_serve_options(host, None)
    assert "without a token" in refused.value.cause
    assert "--token" in str(refused.value.remedy)
    check_serve_options(host, TOKEN)


def test_the_cli_refuses_to_listen_beyond_this_machine(demo_store: Path) -> None:
    done = run("serve", "--store", str(demo_store), "--host", "0.0.0.0")
    assert done.returncode == 2
    assert "refusing to listen on 0.0.0.0" in done.stderr
    assert "--token" in done.stderr


def test_loopback_addresses() -> None:
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.1", "::", "localhost.evil.org"))
    with pytest.raises(UsageError):
        check_serve_options("127.0.0.1", "short")


def test_with_a_token_every_request_needs_it(guarded: object) -> None:
    client = TestClient(guarded, base_url="http://10.0.0.5")  # type: ignore[arg-type]
    for path in ("/", "/api/metrics", "/static/dashboard.css", "/openapi.json"):
        refused = client.get(path)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"].startswith("Bearer")
    body = client.get("/api/metrics").json()
    assert body["error"] == "this dashboard needs its token"
    assert "?token=TOKEN" in body["remedy"]
    wrong = client.get("/api/metrics", headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 401
    assert "wrong" in wrong.json()["error"]
    bearer = client.get("/api/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 200


def test_a_token_in_the_query_sets_a_strict_cookie(guarded: object) -> None:
    client = TestClient(guarded, base_url="http://10.0.0.5")  # type: ignore[arg-type]
    title, season = SEASON
    first = client.get(f"/api/compute/tomatometer?title={title}&season={season}&token={TOKEN}")
    assert first.status_code == 200  # the token is not taken for a metric parameter
    assert first.json()["params"] == {
        "fresh_at": 60.0,
        "min_reviews": 5,
        "top_critics_only": False,
        "label_at": 60.0,
    }
    cookie = first.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get("/static/dashboard.css").status_code == 200  # the cookie is sent back
    client.cookies.clear()
    assert client.get("/static/dashboard.css").status_code == 401
    page = client.get(f"/metrics/reach?token={TOKEN}", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/metrics/reach"  # the token leaves the address bar
    assert page.headers["set-cookie"].startswith(f"{COOKIE}={TOKEN};")
    assert client.get("/metrics/reach").status_code == 200


def test_a_foreign_host_name_is_refused(client: TestClient) -> None:
    rebound = client.get("/api/metrics", headers={"host": "attacker.example:8000"})
    assert rebound.status_code == 400
    assert "addressed to this machine" in rebound.json()["error"]
    assert client.get("/api/metrics", headers={"host": "localhost:8000"}).status_code == 200


def _counts(store: Path) -> dict[str, int]:
    with Store(store, read_only=True) as opened:
        return opened.counts()


def test_sql_in_a_parameter_is_refused_and_the_store_is_unchanged(
    client: TestClient, demo_store: Path
) -> None:
    before, digest = _counts(demo_store), hashlib.sha256(demo_store.read_bytes()).hexdigest()
    title = client.get("/api/compute/reach", params={"title": "x' OR 1=1 --"})
    assert title.status_code == 400
    assert title.json()["error"] == 'no title "x\' OR 1=1 --" in the store'
    value = client.get("/api/compute/reach", params={"window_days": "30; DROP TABLE viewing"})
    assert value.status_code == 400
    assert value.json()["expected"] == "an integer from 1 to 3660"
    panel = client.get("/api/compute/reach", params={"panel": "x'; DELETE FROM panels; --"})
    assert panel.status_code == 400
    assert (
        panel.json()["error"]
        == 'the store has no panel "x\'; DELETE FROM panels; --" of account units'
    )
    page = client.get("/season/the-defenders/1", params={"market": "US' OR '1'='1"})
    assert page.status_code == 400
    reason = client.get("/data", params={"reason": "x' OR 1=1 --"})
    assert reason.status_code == 400
    assert _counts(demo_store) == before
    assert hashlib.sha256(demo_store.read_bytes()).hexdigest() == digest


def _raw(app: object, path: bytes) -> tuple[int, bytes]:
    """Send a path to the app exactly as given (no client normalizes it)."""
    answer: dict[str, object] = {"body": b""}
    asked: list[bool] = []

    async def main() -> None:
        done = asyncio.Event()

        async def receive() -> dict[str, object]:
            if not asked:
                asked.append(True)
                return {"type": "http.request", "body": b"", "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, object]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["body"] = bytes(answer["body"]) + bytes(message.get("body", b""))  # type: ignore[arg-type]
                if not message.get("more_body"):
                    done.set()

        await app(scope, receive, send)  # type: ignore[operator]

    decoded = path.decode("latin-1")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": decoded,
        "raw_path": path,
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(main())
    return int(answer["status"]), bytes(answer["body"])  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "path",
    [
        b"/static/../../etc/passwd",
        b"/static/../../../../../../etc/passwd",
        b"/static/%2e%2e/%2e%2e/etc/passwd",
        b"/static/..%2f..%2f..%2fetc%2fpasswd",
        b"/static//etc/passwd",
        b"/static/../web/app.py",
        b"/static/../../report/report.css",
        b"/assets/../../../../etc/passwd",
    ],
)
def test_no_path_outside_the_packages_assets_is_served(app: object, path: bytes) -> None:
    status, body = _raw(app, path)
    assert status == 404
    assert b"root:" not in body and b"create_app" not in body and b"--ink" not in body


def test_the_static_files_are_served(client: TestClient) -> None:
    answer = client.get("/static/dashboard.js")
    assert answer.status_code == 200
    assert answer.text.startswith("// The dashboard's only script")
    status, _ = _raw(client.app, b"/static/dashboard.css")
    assert status == 200


def test_a_large_body_or_a_long_url_is_refused(client: TestClient) -> None:
    big = client.post("/api/metrics", content=b"x" * (Limits().max_request_bytes + 1))
    assert big.status_code == 413
    assert "larger than the limit" in big.json()["error"]
    long = client.get("/api/compute/reach", params={"markets": ",".join(["US"] * 4000)})
    assert long.status_code == 414
    assert client.post("/api/metrics", content=b"{}").status_code == 405


def test_a_query_past_the_time_limit_is_cut_off_and_the_next_one_runs(
    client: TestClient, demo_store: Path
) -> None:
    runner = client.app.state.runner  # type: ignore[attr-defined]
    title, season = SEASON
    params = {"title": title, "season": season, "window_hours": "101"}  # not cached yet
    runner.timeout = 0.001
    try:
        cut = client.get("/api/compute/binge_racers", params=params)
    finally:
        runner.timeout = Limits().query_timeout
    assert cut.status_code == 504
    body = cut.json()
    assert (
        body["error"]
        == "computing binge_racers of the-defenders:1 took longer than the limit of 0.001 s"
    )
    assert "--query-timeout" in body["remedy"]
    again = client.get("/api/compute/binge_racers", params=params)
    assert again.status_code == 200
    with Store(demo_store, read_only=True) as opened:
        expected = compute(
            "binge_racers",
            {"window_hours": "101"},
            source=opened.connection,
            title=title,
            season=season,
        )
    assert again.json()["rows"] == expected.rows
