"""One parameter echo for every text output: the command line's spelling, never Python's."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from showmeter.launch.explanations import param_text as launch_param_text
from showmeter.results import param_text, params_text

EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,desktop,US\n"
)


def test_param_text_writes_what_the_command_line_accepts() -> None:
    assert param_text(None, "panel") == "none"  # no panel: every unit with weight 1
    assert param_text(None, "ages") == "none"
    assert param_text(None, "devices") == "all"  # no filter
    assert param_text(["desktop"], "devices") == "desktop"  # not ['desktop']
    assert param_text(["US", "GB"], "markets") == "US, GB"  # as --set markets="US, GB"
    assert param_text(True) == "true" and param_text(False) == "false"
    assert param_text(30.0) == "30" and param_text(0.9) == "0.9"
    assert param_text(dt.date(2017, 8, 18)) == "2017-08-18"
    assert param_text("the-defenders:1", "reference") == "the-defenders:1"


def test_params_text_joins_every_parameter_in_order() -> None:
    params = {"window_days": 30, "panel": None, "devices": ["desktop"], "by_market": False}
    assert params_text(params) == "window_days=30 panel=none devices=desktop by_market=false"
    assert params_text({"a": 1, "b": None}, separator=", ") == "a=1, b=all"


def test_the_report_and_dashboard_use_the_same_formatter() -> None:
    assert launch_param_text is param_text


def test_compute_table_header_echoes_parameters_as_json_and_the_docs_do(
    catalog_file: Path, write
) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", EVENTS)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "showmeter",
            "compute",
            "reach",
            "--catalog",
            str(catalog_file),
            "--events",
            str(events),
            "--set",
            "devices=desktop",
            "--format",
            "table",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0]
    assert "panel=none" in header and "devices=desktop" in header
    assert "None" not in header and "['desktop']" not in header
    assert "window_days=30" in header  # the default, echoed
