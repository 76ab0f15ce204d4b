"""A report's peers: from files, a missing one names the catalog file; ``--set peers=`` is refused.

``--set peers=…`` (or ``reference=``) reached ``report(**basis)`` beside its own ``peers=``
argument: a TypeError, shown as an internal error. Now it is a usage error naming the option.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import showmeter
from showmeter.cli import app

SESSIONS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
)


@pytest.mark.parametrize("peer", ["nope:1", "the-defenders:9"])
def test_a_missing_peer_from_files_names_the_catalog(
    tmp_path: Path, catalog_file: Path, peer: str
) -> None:
    events = tmp_path / "sessions.csv"
    events.write_text(SESSIONS)
    with pytest.raises(showmeter.UsageError) as raised:
        showmeter.report("the-defenders:1", catalog=catalog_file, events=events, peers=[peer])
    message = str(raised.value) + " " + str(getattr(raised.value, "remedy", ""))
    assert peer in message
    assert str(catalog_file) in message
    assert "in the store" not in message


@pytest.mark.parametrize(
    ("name", "option"),
    [
        ("peers", "--peer"),
        ("reference", "--reference"),
        ("engine", "--engine"),
        ("demand_market", "--demand-market"),
    ],
)
def test_set_peers_or_reference_is_a_usage_error_naming_the_option(
    tmp_path: Path, catalog_file: Path, name: str, option: str
) -> None:
    events = tmp_path / "sessions.csv"
    events.write_text(SESSIONS)
    args = ["report", "the-defenders:1", "--catalog", str(catalog_file), "--events", str(events)]
    done = CliRunner().invoke(app, [*args, "--set", f"{name}=daredevil:2", "-q"])
    error = done.exception  # the app raises it; `showmeter` prints it as cause, then remedy
    assert isinstance(error, showmeter.UsageError), done.exception
    assert f"'{name}' is an argument of the report" in str(error)
    assert option in str(error.remedy)


def test_the_api_package_has_no_submodule_named_like_a_function() -> None:
    """``showmeter.api.inputs`` is the function; its module is ``showmeter.api.input_files``."""
    import importlib
    import sys

    api = importlib.import_module("showmeter.api")
    module = importlib.import_module("showmeter.api.input_files")
    assert "showmeter.api.inputs" not in sys.modules
    assert api.inputs is module.inputs
    assert callable(api.inputs)
