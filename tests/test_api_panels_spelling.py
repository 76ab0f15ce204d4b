"""Panel files are ``panels=`` in every verb; ``ingest(panel=)`` is its deprecated spelling.

``compute`` and ``report`` took ``panels=`` (``panel``, singular, is the metric parameter
naming a panel, which they also take as a keyword) while ``ingest`` took ``panel=``. Now
``ingest`` takes ``panels=`` too, and ``panel=`` still loads the same files for a deprecation
period, with a ``DeprecationWarning`` that names the new spelling.
"""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import pytest

import showmeter
from showmeter.errors import UsageError

SESSIONS = (
    "account_id,title,season,episode,started_at,seconds_watched,market\n"
    "a1,the-defenders,1,1,2017-08-18T08:00:00Z,3134,US\n"
    "a2,the-defenders,1,1,2017-08-18T09:00:00Z,700,US\n"
)
PANEL = "panel,account_id,weight\nj1,a1,2.5\nj1,a2,3\n"


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "sessions.csv").write_text(SESSIONS)
    (tmp_path / "panel.csv").write_text(PANEL)
    return tmp_path / "sessions.csv", tmp_path / "panel.csv"


def _reach(store: Path) -> float:
    [row] = showmeter.compute(
        "reach", store=store, panel="j1", title="the-defenders", season=1
    ).rows
    return float(row["value"])  # type: ignore[arg-type]


def test_every_verb_spells_the_panel_files_panels() -> None:
    for verb in (showmeter.ingest, showmeter.compute, showmeter.report):
        assert "panels" in inspect.signature(verb).parameters, verb.__name__


def test_ingest_panels_loads_without_a_warning(
    tmp_path: Path, catalog_file: Path, files: tuple[Path, Path]
) -> None:
    events, panel = files
    store = tmp_path / "s.duckdb"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        summary = showmeter.ingest(store, catalog=catalog_file, events=events, panels=panel)
    assert summary.loaded == 4
    assert _reach(store) == 5.5


def test_ingest_panel_still_loads_with_a_deprecation_warning(
    tmp_path: Path, catalog_file: Path, files: tuple[Path, Path]
) -> None:
    events, panel = files
    store = tmp_path / "s.duckdb"
    with pytest.warns(DeprecationWarning, match=r"ingest\(panels=\.\.\.\)") as caught:
        summary = showmeter.ingest(store, catalog=catalog_file, events=events, panel=panel)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    assert summary.loaded == 4
    assert _reach(store) == 5.5


def test_ingest_with_both_spellings_is_refused(
    tmp_path: Path, catalog_file: Path, files: tuple[Path, Path]
) -> None:
    events, panel = files
    with pytest.raises(UsageError, match="both panels and panel"):
        showmeter.ingest(
            tmp_path / "s.duckdb", catalog=catalog_file, events=events, panels=panel, panel=panel
        )
    assert not (tmp_path / "s.duckdb").exists()
