"""The built-in market table kept in the cache folder, keyed by the libraries' versions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from showmeter.catalog import markets
from showmeter.catalog.markets import UNKNOWN_MARKET, builtin_markets, derive_markets


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder, and the in-process table forgotten before and after."""
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(tmp_path))
    builtin_markets.cache_clear()
    markets._index.cache_clear()
    yield tmp_path / "markets"
    builtin_markets.cache_clear()
    markets._index.cache_clear()


def test_a_first_process_derives_the_table_and_keeps_it(cache: Path) -> None:
    table = builtin_markets()
    assert table == (*derive_markets(), UNKNOWN_MARKET)
    [kept] = cache.iterdir()
    assert kept.name == f"{markets._versions()}.json"
    assert len(json.loads(kept.read_text())) == len(table) - 1  # ZZ is not kept


def test_a_later_process_reads_the_kept_table(cache: Path) -> None:
    builtin_markets()
    [kept] = cache.iterdir()
    rows = json.loads(kept.read_text())
    rows[0]["name"] = "Read from the cache"  # proves the file is what is read
    kept.write_text(json.dumps(rows))
    builtin_markets.cache_clear()
    assert builtin_markets()[0].name == "Read from the cache"


def test_a_table_kept_for_other_versions_is_not_read(cache: Path) -> None:
    cache.mkdir(parents=True)
    other = cache / "pycountry0-geonamescache0-pytz0.json"
    other.write_text(json.dumps([{"market": "AD", "name": "Old", "tz": "UTC"}]))
    assert builtin_markets()[0].name == "Andorra"


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"a": 1}',
        "[]",  # cut short: fewer rows than pycountry's countries
        '[{"market": "not a code", "tz": "UTC"}]',
    ],
)
def test_an_unreadable_cache_file_is_derived_again_and_rewritten(cache: Path, content: str) -> None:
    cache.mkdir(parents=True)
    kept = cache / f"{markets._versions()}.json"
    kept.write_text(content)
    assert builtin_markets() == (*derive_markets(), UNKNOWN_MARKET)
    assert json.loads(kept.read_text())[0]["market"] == "AD"


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")  # a file where the folder should be
    monkeypatch.setenv("SHOWMETER_CACHE_DIR", str(blocked))
    builtin_markets.cache_clear()
    try:
        assert builtin_markets() == (*derive_markets(), UNKNOWN_MARKET)
    finally:
        builtin_markets.cache_clear()


def test_without_a_home_folder_the_table_is_derived_and_nothing_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A process run under a user with no $HOME and no entry in the user database (found by
    # review): Path.home() raises, and the cache is simply off.
    import pwd

    for name in ("SHOWMETER_CACHE_DIR", "XDG_CACHE_HOME", "HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_user(uid: int) -> object:
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_user)
    builtin_markets.cache_clear()
    try:
        assert builtin_markets() == (*derive_markets(), UNKNOWN_MARKET)
    finally:
        builtin_markets.cache_clear()
