"""--source netflix-simple: Title and Date only, loaded with documented approximations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from adapters_support import FIXTURES, counts, load, quarantine, reload_changes_nothing, sessions

from showmeter.errors import InputError, UsageError
from showmeter.intake.adapters.netflix_dates import detect_date_format
from showmeter.intake.adapters.netflix_simple import APPROXIMATIONS

US = FIXTURES / "netflix_simple" / "NetflixViewingHistory.csv"
GERMAN = FIXTURES / "netflix_simple" / "Lena.csv"


def noon(day: str) -> datetime:
    return datetime.fromisoformat(day + "T12:00:00").replace(tzinfo=UTC)


def test_a_us_history_loads_each_row_as_one_complete_view_at_noon_utc() -> None:
    store, [summary] = load(US, "netflix-simple", account="home", profile="Alice")
    # 7 rows: 4 views, an unknown show, a date that is not one, a repeat of the first row
    assert counts(summary) == (7, 4, 2, 1)
    assert summary.reasons == {"unresolved_title": 1, "bad_timestamp": 1}
    assert quarantine(store) == [(6, "unresolved_title"), (7, "bad_timestamp")]
    columns = "account_id, profile_id, title, season, episode, started_at, seconds_watched, device"
    assert sessions(store, columns) == [
        ("home", "home/Alice", "money-heist", 3, 2, noon("2022-12-29"), 2700, "other"),
        ("home", "home/Alice", "glass-onion", 0, 1, noon("2022-12-30"), 8340, "other"),
        ("home", "home/Alice", "breaking-bad", 5, 14, noon("2023-01-12"), 2820, "other"),
        ("home", "home/Alice", "breaking-bad", 5, 15, noon("2023-01-13"), 3300, "other"),
    ]


def test_every_load_lists_its_approximations_and_its_date_format() -> None:
    _, [summary] = load(US, "netflix-simple", account="home")
    assert summary.notes == {"approximations": APPROXIMATIONS, "date_format": "%m/%d/%y"}
    assert any("12:00 UTC" in text for text in APPROXIMATIONS)
    assert any("catalog runtime" in text for text in APPROXIMATIONS)


def test_a_german_history_is_read_day_first_and_without_a_profile_is_the_account() -> None:
    # Issue 14 changed the default profile from the file's name (here "Lena") to the account:
    # the file's name says nothing reliable about whose history it is.
    store, [summary] = load(GERMAN, "netflix-simple", account="home", market="de")
    assert counts(summary) == (3, 3, 0, 0)
    assert summary.notes["date_format"] == "%d.%m.%y"
    # "Staffel" and "Teil" are season markers
    assert sessions(store, "profile_id, title, season, episode, started_at, market") == [
        ("home", "money-heist", 3, 1, noon("2022-12-02"), "DE"),
        ("home", "glass-onion", 0, 1, noon("2022-12-30"), "DE"),
        ("home", "breaking-bad", 5, 15, noon("2023-01-13"), "DE"),
    ]


def test_the_profile_option_names_the_profile_of_the_file() -> None:
    store, _ = load(GERMAN, "netflix-simple", account="home", profile="Lena", market="de")
    assert {row[0] for row in sessions(store, "profile_id")} == {"home/Lena"}


def test_reloading_changes_nothing(tmp_path: Path) -> None:
    [again] = reload_changes_nothing(tmp_path, US, "netflix-simple", account="home")
    assert counts(again) == (7, 0, 2, 5)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["6/19/25", "1/2/25"], "%m/%d/%y"),  # US: a second field above 12
        (["19.06.25", "01.02.25"], "%d.%m.%y"),  # Germany: a first field above 12
        (["19/06/2025", "01/02/2025"], "%d/%m/%Y"),  # Australia, four-digit years
        (["2025-06-19", "2025-02-01"], "%Y-%m-%d"),  # Quebec: ISO
        (["n/a", ""], None),  # no date at all
    ],
)
def test_the_date_format_is_detected_from_the_whole_column(
    dates: list[str], expected: str | None
) -> None:
    lines = list(enumerate(dates, start=2))
    assert detect_date_format(lines, Path("h.csv")) == expected


def test_dates_that_never_show_the_day_are_ambiguous_and_the_error_says_how_to_fix_it() -> None:
    with pytest.raises(InputError) as raised:
        detect_date_format([(2, "1/2/23"), (3, "3/4/23")], Path("h.csv"))
    error = raised.value
    assert (error.file, error.line, error.column, error.value) == ("h.csv", 2, "Date", "1/2/23")
    assert "--date-format" in str(error) and "%d/%m/%y" in str(error) and "%m/%d/%y" in str(error)


def test_dates_in_two_orders_are_an_error() -> None:
    with pytest.raises(InputError, match="some dates put the day first"):
        detect_date_format([(2, "13/1/23"), (3, "1/13/23")], Path("h.csv"))


def test_date_format_overrides_the_detection(write) -> None:  # type: ignore[no-untyped-def]
    history = write(
        "Kim.csv",
        'Title,Date\n"Breaking Bad: Season 5: Ozymandias","1/2/23"\n',
    )
    with pytest.raises(InputError, match="cannot tell the date format"):
        load(history, "netflix-simple", account="home")
    store, [summary] = load(history, "netflix-simple", account="home", date_format="%d/%m/%y")
    assert summary.loaded == 1
    assert sessions(store, "started_at") == [(noon("2023-02-01"),)]


def test_a_date_format_without_a_day_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="does not name a day"):
        load(US, "netflix-simple", account="home", date_format="%Y")


def test_the_account_is_required() -> None:
    with pytest.raises(UsageError, match="--account"):
        load(US, "netflix-simple")


def test_a_market_that_is_not_a_code_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="ISO 3166-1"):
        load(US, "netflix-simple", account="home", market="Germany")


def test_a_store_holding_such_rows_says_so_in_what_it_describes() -> None:
    store, _ = load(US, "netflix-simple", account="home")
    described = store.describe()
    assert described["approximations"] == APPROXIMATIONS
    assert described["tables"]["viewing"] == 4  # type: ignore[index]
