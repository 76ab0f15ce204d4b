"""Issue 19.7: the token off the command line, formula-safe CSV, no path in health, Host syntax."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from web_support import TestClient, run

from showmeter.cli.serve_command import read_token
from showmeter.errors import MissingFileError, UsageError
from showmeter.results import csv_field, formula_safe
from showmeter.web.app import create_app

TOKEN = "a-token-of-twenty-characters"


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),  # a number stays a number
        ("+1.5e3", "+1.5e3"),
        ("-.5", "-.5"),
        ("the-defenders", "the-defenders"),  # only the first character counts
        ("", ""),
    ],
)
def test_formula_leading_cells_get_a_quote_and_numbers_stay(given: str, written: str) -> None:
    assert formula_safe(given) == written
    assert csv_field(given) == written


def test_numbers_are_never_quoted() -> None:
    assert csv_field(-3) == "-3"
    assert csv_field(-0.25) == "-0.25"
    assert csv_field(["=1"]) == '["=1"]'  # JSON text begins with [: safe as it is


def test_the_quarantine_download_escapes_a_formula(  # type: ignore[no-untyped-def]
    catalog_file: Path, write, tmp_path: Path
) -> None:
    header = "event_id,account_id,profile_id,title,season,episode,started_at,seconds_watched,"
    rows = [
        header + "device,market",
        'e1,a1,,"=HYPERLINK(""http://evil.example"",""x"")",1,1,2017-08-18T08:00:00Z,60,tv,US',
        "e2,@a2,,the-defenders,1,1,2017-08-18T08:00:00Z,-5,tv,US",
    ]
    store = tmp_path / "s.duckdb"
    events = write("evil.csv", "\n".join(rows) + "\n")
    done = run(
        "ingest", "--store", str(store), "--catalog", str(catalog_file), "--events", str(events)
    )
    assert "quarantined" in done.stdout + done.stderr
    web = create_app(store)
    client = TestClient(web, base_url="http://127.0.0.1")  # type: ignore[arg-type]
    try:
        text = client.get("/data/quarantine-rows.csv").text
    finally:
        web.state.runner.close()
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)
    assert "-5" in cells  # the seconds out of range: a number, written as one


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8765@evil.com", "user@127.0.0.1", "127.0.0.1 :80", "127.0.0.1:80:80"]
)
def test_a_host_header_with_userinfo_is_refused(client: TestClient, host: str) -> None:
    answer = client.get("/api/metrics", headers={"host": host})
    assert answer.status_code == 400
    assert "Host header" in answer.json()["error"]


def test_a_host_with_userinfo_is_refused_with_a_token_too(demo_store: Path) -> None:
    web = create_app(demo_store, token=TOKEN, host="0.0.0.0")
    client = TestClient(web, headers={"authorization": f"Bearer {TOKEN}"})
    try:
        assert client.get("/api/metrics", headers={"host": "example.org:80"}).status_code == 200
        refused = client.get("/api/metrics", headers={"host": "example.org:80@evil.com"})
        assert refused.status_code == 400
    finally:
        web.state.runner.close()


def test_the_token_comes_from_the_option_the_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SHOWMETER_TOKEN", raising=False)
    assert read_token(None, None) is None
    monkeypatch.setenv("SHOWMETER_TOKEN", "from-the-environment-1")
    assert read_token(None, None) == "from-the-environment-1"
    assert read_token("from-the-option-12345", None) == "from-the-option-12345"
    (tmp_path / "token").write_text("from-the-file-1234567\nignored\n")
    assert read_token(None, tmp_path / "token") == "from-the-file-1234567"
    with pytest.raises(UsageError, match="both give the token"):
        read_token("from-the-option-12345", tmp_path / "token")
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(UsageError, match="the token file is empty"):
        read_token(None, tmp_path / "empty")
    with pytest.raises(MissingFileError, match="the token file does not exist"):
        read_token(None, tmp_path / "missing")


def test_a_missing_token_file_is_a_clear_error(demo_store: Path, tmp_path: Path) -> None:
    done = run("serve", "--store", str(demo_store), "--token-file", str(tmp_path / "nope"))
    assert done.returncode == 1
    assert "the token file does not exist" in done.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_takes_its_token_from_showmeter_token(demo_store: Path) -> None:
    port = _free_port()
    env = {**os.environ, "SHOWMETER_TOKEN": TOKEN}
    command = [sys.executable, "-m", "showmeter", "serve", "--store", str(demo_store)]
    child = subprocess.Popen(
        [*command, "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.get(base + "/api/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert httpx.get(base + "/api/health", timeout=5).status_code == 401
        bearer = {"authorization": f"Bearer {TOKEN}"}
        health = httpx.get(base + "/api/health", headers=bearer, timeout=5).json()
        assert health["store"] == "demo.duckdb"
    finally:
        child.terminate()
        child.wait(10)
        assert child.stderr is not None
        child.stderr.close()
