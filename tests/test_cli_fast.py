"""The lean path of a plain ``showmeter compute`` (showmeter.cli.fast) is Typer's, only faster.

Three ways it could drift from the Typer command, each pinned here:

- the values: for each command line below, the lean parser hands ``run_compute`` exactly the
  values Typer hands it (Typer's are recorded by replacing ``run_compute`` under the command);
- the options: every option of the Typer command (and of the root) is one the lean parser
  knows with the same parameter, kind and repetition, and ``run_compute`` takes the command's
  parameters in the same order;
- the output: a set of invocations (table, JSON, CSV, ``--explain``, filters, from files, and
  errors with their exit statuses) prints the same bytes on both paths, run in this process
  through ``main`` (the Typer path by turning the lean one off).

And the point of it: a ``compute`` with a warm cache of compiled SQL imports neither Typer,
Click, Pydantic, Rich (outside the table format), Ibis nor pandas.
"""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import showmeter
import showmeter.cli as cli
from showmeter.cli import compute_command, fast
from showmeter.cli.boundary import state
from showmeter.cli.compute_run import run_compute
from showmeter.cli.reference import commands

HEADER = "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
SESSIONS = (  # tests/test_compiled_sql.py's: a1 is The Defenders S1's one binge racer
    HEADER
    + "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
    + "e2,a1,the-defenders,1,2,2017-08-18T09:00:00Z,3000,tv,US\n"
    + "e3,a2,the-defenders,1,1,2017-08-18T10:00:00Z,3134,desktop,KR\n"
)

PARSED = [
    ["compute", "reach", "--store", "s.duckdb"],
    ["compute", "--store=s.duckdb", "reach", "--format", "json", "--explain"],
    ["compute", "reach", "--events", "a.csv", "--events=b.csv", "--catalog", "c.yaml",
     "--source", "netflix", "--account", "home", "--profile", "p", "--date-format", "%d/%m/%Y",
     "--market", "KR", "--include", "autoplay", "--include", "supplemental",
     "--assume-tz", "Europe/Paris", "--panel", "p.csv", "--reviews", "r.csv",
     "--signals", "g.csv"],
    ["compute", "rank", "--store", "s", "--set", "metric=reach", "--set", "window_days=30",
     "--title", "the-defenders", "--season", "1", "--engine", "spark", "--spark-conf",
     "spark.x=1", "--rejects", "out/", "--format=csv"],
    ["compute", "reach", "--store", "a", "--store", "b", "--season", "2", "--season", "007",
     "--format", "csv", "--format", "table", "--explain", "--explain"],
    ["--debug", "compute", "reach", "--store", "s"],
    ["--memory-limit", "2GB", "compute", "reach", "--store", "dir/../s.duckdb/"],
    ["--memory-limit=3GB", "--debug", "compute", "réach", "--title=", "--store", "s",
     "--title", "ダ=1", "--set", "=", "--set", "x"],
    ["compute", "", "--store", "s", "--engine", "duckdb://x?y=-1"],
]  # fmt: skip
"""Command lines the lean parser takes: Typer must give the command the same values."""

REFUSED = [
    ["compute", "--help"],
    ["compute", "reach", "--help"],
    ["compute"],
    ["--version"],
    ["--help"],
    [],
    ["metrics"],
    ["ingest", "compute"],
    ["compute", "reach", "--season", "x"],
    ["compute", "reach", "--season", "-1"],
    ["compute", "reach", "--season", " 1"],
    ["compute", "reach", "--season", "\u0661"],  # an Arabic-Indic digit
    ["compute", "reach", "--format", "xml"],
    ["compute", "reach", "--format", "JSON"],
    ["compute", "reach", "--nope"],
    ["compute", "reach", "-h"],
    ["compute", "reach", "extra"],
    ["compute", "reach", "--", "x"],
    ["compute", "reach", "--explain=1"],
    ["compute", "reach", "--store"],
    ["compute", "reach", "--store", ""],
    ["compute", "reach", "--title", "--store"],
    ["compute", "reach", "--title", "-"],
    ["--debug=1", "compute", "reach"],
    ["--memory-limit", "compute", "reach"],
    ["compute", "reach", "--memory-limit", "1GB"],
    ["compute", "reach", "--title", "\udcff"],  # an undecodable byte of argv
    ["compute", "reach", "--season", "1" * 5000],  # more digits than int() converts
]
"""Command lines the lean parser leaves to Typer (help, errors, anything unusual)."""


def _defaults() -> dict[str, Any]:
    return {
        name: p.default
        for name, p in inspect.signature(run_compute).parameters.items()
        if p.default is not inspect.Parameter.empty
    }


@pytest.mark.parametrize("argv", PARSED, ids=lambda a: " ".join(a) or "nothing")
def test_the_lean_parser_gives_the_command_what_typer_gives_it(
    argv: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    def record(metric: str, **params: Any) -> None:
        seen.update(metric=metric, **params)

    monkeypatch.setattr(compute_command, "run_compute", record)
    monkeypatch.delenv("SHOWMETER_MEMORY_LIMIT", raising=False)
    done = CliRunner().invoke(cli.app, argv)
    assert done.exit_code == 0, done.output
    typer_root = {
        "debug": state["debug"],
        "memory_limit": os.environ.get("SHOWMETER_MEMORY_LIMIT"),
    }
    parsed = fast.parse(argv)
    assert parsed is not None
    root, params = parsed
    assert root == typer_root
    given = {**_defaults(), **params}
    assert given == seen
    # the same types too (a format as text would equal the enum member, and print nothing)
    assert {k: type(v) for k, v in given.items()} == {k: type(v) for k, v in seen.items()}
    for name in ("events", "include", "set_"):
        assert [type(v) for v in given[name] or []] == [type(v) for v in seen[name] or []]


@pytest.mark.parametrize("argv", REFUSED, ids=lambda a: (" ".join(a) or "nothing")[:60])
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv) is None


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_SHOWMETER_COMPLETE", "bash_complete")
    assert fast.plain_compute(["compute", "reach", "--store", "s"]) is None


def test_the_lean_parser_knows_every_option_of_the_command() -> None:
    found = commands()
    command = found["showmeter compute"]
    kinds = {}
    for param in command.params:
        if getattr(param, "param_type_name", "") != "option":
            continue
        name = param.opts[0]
        assert not param.secondary_opts, name
        if param.is_flag:
            assert fast.FLAGS.get(name) == param.name, name
            continue
        parameter, kind = fast.VALUED[name]
        assert parameter == param.name, name
        assert (kind == "list") == bool(param.multiple), name
        kinds[name] = kind
    assert set(kinds) == set(fast.VALUED)
    assert sum(p.param_type_name == "option" for p in command.params) == len(kinds) + len(
        fast.FLAGS
    )
    root = {o for p in found["showmeter"].params for o in p.opts}
    assert root == {*fast.ROOT_FLAGS, *fast.ROOT_VALUED, "--version"}
    typer_params = list(inspect.signature(compute_command.compute).parameters)
    assert list(inspect.signature(run_compute).parameters) == typer_params


CATALOG = """\
markets:
  - {market: US, tz: America/New_York, population: 325700000}
  - {market: KR, tz: Asia/Seoul, population: 51500000}
titles:
  - title: the-defenders
    seasons:
      - season: 1
        episodes:
          - {episode: 1, runtime: "52:14"}
          - {episode: 2, runtime: 3000}
        launches:
          - {market: "*", at: "2017-08-18T07:00:00Z"}
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A store of SESSIONS, and the files it was loaded from."""
    folder = tmp_path_factory.mktemp("fast")
    catalog = folder / "catalog.yaml"
    catalog.write_text(CATALOG)
    events = folder / "sessions.csv"
    events.write_text(SESSIONS)
    store = folder / "launch.duckdb"
    showmeter.ingest(store, catalog=catalog, events=events)
    return {"S": str(store), "C": str(catalog), "E": str(events), "D": str(folder),
            "cache": str(folder / "cache")}  # fmt: skip


INVOCATIONS = [
    "compute binge_racers --store S",
    "compute binge_racers --store S --format json",
    "compute binge_racers --store=S --format=csv --explain",
    "compute reach --store S --title the-defenders --season 1 --set window_days=7 --format json",
    "compute binge_racers --store S --set window_hours=48 --set completion=0.5 --explain",
    "--memory-limit 1GB compute average_minute_audience --store S --format csv",
    "compute binge_racers --catalog C --events E --format json --explain",
    "compute binge_racers --store S --title nope",  # unknown title: exit 2
    "compute no_such_metric --store S",  # unknown metric
    "compute binge_racers --store D/missing.duckdb",  # no store: exit 1
    "compute binge_racers --store S --set window_hours",  # not NAME=VALUE: exit 2
    "compute binge_racers --store S --set nope=1",  # unknown parameter
    "compute binge_racers --store S --events E",  # both a store and files
    "compute binge_racers --store S --engine nosuch://x",  # unknown engine
    "compute binge_racers --store S --rejects D/out",  # rejects with a store
    "compute binge_racers --catalog D/missing.yaml --events E",  # missing catalog
]
"""Invocations of both paths; S, C, E and D stand for the store, catalog, events and folder."""


def _main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[object, str, str]:
    sys.argv = ["showmeter", *argv]
    try:
        cli.main()
    except SystemExit as done:
        code = done.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("line", INVOCATIONS)
def test_both_paths_print_the_same_bytes_and_exit_the_same(
    line: str,
    files: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", files["cache"])  # compiled once for the module
    monkeypatch.delenv("SHOWMETER_MEMORY_LIMIT", raising=False)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    argv = [files.get(word, word) for word in line.split()]
    argv = [word.replace("S", files["S"]) if word.startswith("--store=") else word for word in argv]
    argv = [files["D"] + word[1:] if word.startswith("D/") else word for word in argv]
    assert fast.parse(argv) is not None  # the lean path takes it
    lean = _main(argv, capsys)
    lean_limit = os.environ.pop("SHOWMETER_MEMORY_LIMIT", None)
    monkeypatch.setattr(fast, "plain_compute", lambda _: None)
    typer = _main(argv, capsys)
    assert lean == typer
    assert lean_limit == os.environ.get("SHOWMETER_MEMORY_LIMIT")
    assert lean[0] in (0, 1, 2)
    assert lean[1] or lean[2]  # it printed something
    if "Error" in lean[2]:
        assert lean[0] != 0


def test_binge_racers_agree_with_the_worked_figure(
    files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    code, out, err = _main(["compute", "binge_racers", "--store", files["S"], "--format", "csv"],
                           capsys)  # fmt: skip
    assert code == 0
    assert out == "title,season,value,units\nthe-defenders,1,1.0,1\n"  # a1 alone: both episodes
    assert err.startswith("# binge_racers unit=account ")


def test_a_cached_compute_imports_no_parser_nor_expression_library(
    files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "SHOWMETER_CACHE_DIR": str(cache)}
    code = (
        "import sys\n"
        "from showmeter.cli import main\n"
        "sys.argv = ['showmeter', 'compute', 'binge_racers', '--store', sys.argv[1],"
        " '--format', 'csv']\n"
        "try:\n    main()\nexcept SystemExit as done:\n    assert done.code == 0, done.code\n"
        "heavy = ('typer', 'click', 'pydantic', 'rich', 'ibis', 'sqlglot', 'pandas')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
    )
    with monkeypatch.context() as patched:  # the session's cache folder restored after
        patched.setenv("SHOWMETER_CACHE_DIR", str(cache))
        showmeter.compute("binge_racers", store=files["S"])  # in this process: the cache warm
    done = subprocess.run(
        [sys.executable, "-c", code, files["S"]], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "title,season,value,units\nthe-defenders,1,1.0,1\n"
    assert done.stderr.splitlines()[-1] == "[]"
