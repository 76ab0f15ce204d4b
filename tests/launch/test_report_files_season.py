"""A report from files names the catalog file, not a store, for a season it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

import showmeter

SESSIONS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,tv,US\n"
)


@pytest.mark.parametrize(
    ("season", "params"),
    [("nope:1", {}), ("the-defenders:1", {"reference": "nope:1"})],
)
def test_a_report_from_files_names_the_catalog(
    tmp_path: Path, catalog_file: Path, season: str, params: dict[str, object]
) -> None:
    events = tmp_path / "sessions.csv"
    events.write_text(SESSIONS)
    with pytest.raises(showmeter.UsageError) as raised:
        showmeter.report(season, catalog=catalog_file, events=events, **params)  # type: ignore[arg-type]
    message = str(raised.value) + " " + str(getattr(raised.value, "remedy", ""))
    assert "nope:1" in message
    assert str(catalog_file) in message
    assert "in the store" not in message
