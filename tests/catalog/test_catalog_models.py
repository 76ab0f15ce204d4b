from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from showmeter.catalog import (
    Availability,
    Catalog,
    Episode,
    Launch,
    Market,
    Season,
    SignalWeights,
    Title,
    resolve_local,
    start_of_day,
)


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


EPISODES = (Episode(episode=1, runtime_s=3134), Episode(episode=2, runtime_s=2400.5))


def _season(*launches: Launch, number: int = 1) -> Season:
    return Season(season=number, episodes=EPISODES, launches=launches)


# Launch -------------------------------------------------------------------------------


def test_launch_at_is_kept_in_utc() -> None:
    launch = Launch(market="*", at=datetime(2017, 8, 18, 9, tzinfo=timezone(timedelta(hours=2))))
    assert launch.at == _utc(2017, 8, 18, 7)
    assert launch.at is not None and launch.at.tzinfo is UTC
    assert launch.instant("Asia/Seoul") == _utc(2017, 8, 18, 7)


def test_launch_needs_exactly_one_of_at_and_local() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        Launch(market="US")
    with pytest.raises(ValidationError, match="exactly one"):
        Launch(market="US", at=_utc(2017, 8, 18, 7), local=datetime(2017, 8, 18))


def test_launch_at_must_be_aware_and_local_naive() -> None:
    with pytest.raises(ValidationError):
        Launch(market="US", at=datetime(2017, 8, 18, 7))
    with pytest.raises(ValidationError):
        Launch(market="US", local=_utc(2017, 8, 18, 7))


def test_local_launch_in_los_angeles_summer_and_winter() -> None:
    summer = Launch(market="US", local=datetime(2017, 8, 18))
    winter = Launch(market="US", local=datetime(2017, 1, 6))
    assert summer.instant("America/Los_Angeles") == _utc(2017, 8, 18, 7)
    assert winter.instant("America/Los_Angeles") == _utc(2017, 1, 6, 8)


def test_local_launch_in_the_spring_forward_gap_is_an_error() -> None:
    launch = Launch(market="US", local=datetime(2017, 3, 12, 2, 30))
    with pytest.raises(ValueError, match="2017-03-12T02:30 does not exist in America/New_York"):
        launch.instant("America/New_York")
    with pytest.raises(ValueError, match="write the instant with `at:` and an offset"):
        launch.instant("America/New_York")


def test_local_launch_in_the_fall_back_fold_is_an_error() -> None:
    launch = Launch(market="US", local=datetime(2017, 11, 5, 1, 30))
    with pytest.raises(ValueError, match=r"ambiguous in America/New_York.*-04:00 or -05:00"):
        launch.instant("America/New_York")


def test_the_same_local_time_is_fine_in_a_zone_without_that_change() -> None:
    launch = Launch(market="KR", local=datetime(2017, 3, 12, 2, 30))
    assert launch.instant("Asia/Seoul") == _utc(2017, 3, 11, 17, 30)


@given(st.datetimes(min_value=datetime(1980, 1, 1), max_value=datetime(2040, 1, 1)))
def test_a_resolved_local_time_reads_back_as_itself(local: datetime) -> None:
    from zoneinfo import ZoneInfo

    try:
        instant = resolve_local(local, "Europe/London")
    except ValueError:
        return
    assert instant.tzinfo is UTC
    assert instant.astimezone(ZoneInfo("Europe/London")).replace(tzinfo=None) == local


# Availability ---------------------------------------------------------------------------


def test_dates_start_at_local_midnight_of_each_market() -> None:
    window = Availability(platform="netflix", start=date(2017, 8, 18), until=date(2022, 3, 1))
    assert window.window("America/New_York") == (_utc(2017, 8, 18, 4), _utc(2022, 3, 1, 5))
    assert window.window("Asia/Seoul") == (_utc(2017, 8, 17, 15), _utc(2022, 2, 28, 15))


def test_an_instant_is_the_same_in_every_market_and_until_may_be_open() -> None:
    window = Availability(
        platform="disney-plus", markets=("US",), start=_utc(2022, 3, 16, 8), until=None
    )
    assert window.window("Asia/Tokyo") == (_utc(2022, 3, 16, 8), None)
    assert window.window("UTC") == (_utc(2022, 3, 16, 8), None)


def test_a_day_whose_midnight_is_skipped_starts_at_the_transition() -> None:
    # Chile moved its clocks from 00:00 (-04) to 01:00 (-03) on 2022-09-11.
    assert start_of_day(date(2022, 9, 11), "America/Santiago") == _utc(2022, 9, 11, 4)


def test_availability_reads_from_as_its_alias() -> None:
    window = Availability.model_validate(
        {"platform": "netflix", "markets": "*", "from": "2017-08-18", "until": "2022-03-01"}
    )
    assert (window.start, window.until) == (date(2017, 8, 18), date(2022, 3, 1))


def test_covers() -> None:
    everywhere = Availability(platform="netflix", start=date(2017, 8, 18))
    some = Availability(platform="disney-plus", markets=("US", "CA"), start=date(2022, 3, 16))
    assert everywhere.covers("KR") and everywhere.covers("ZZ")
    assert some.covers("US") and some.covers("ca")
    assert not some.covers("GB")


def test_until_must_be_after_from_and_times_need_offsets() -> None:
    with pytest.raises(ValidationError, match="after"):
        Availability(platform="x", start=date(2022, 3, 16), until=date(2022, 3, 16))
    with pytest.raises(ValidationError, match="offset"):
        Availability(platform="x", start=datetime(2022, 3, 16, 8))


# Season, Title ----------------------------------------------------------------------------


def test_season_runtime_is_the_sum_of_its_episodes() -> None:
    assert _season().runtime_s == 5534.5


def test_launch_for_prefers_the_market_entry_then_falls_back_to_star() -> None:
    season = _season(
        Launch(market="*", at=_utc(2017, 8, 18, 7)),
        Launch(market="JP", local=datetime(2017, 8, 18)),
    )
    assert season.launch_for("JP", "Asia/Tokyo") == _utc(2017, 8, 17, 15)
    assert season.launch_for("US", "America/New_York") == _utc(2017, 8, 18, 7)
    assert _season(Launch(market="JP", at=_utc(2017, 1, 1))).launch_for("US", "UTC") is None
    assert _season().launch_for("US", "UTC") is None


def test_a_rolling_star_launch_is_local_to_each_market() -> None:
    season = _season(Launch(market="*", local=datetime(2017, 8, 18)))
    assert season.launch_for("KR", "Asia/Seoul") == _utc(2017, 8, 17, 15)
    assert season.launch_for("GB", "Europe/London") == _utc(2017, 8, 17, 23)


def test_season_rules() -> None:
    with pytest.raises(ValidationError, match="episode 1 appears more than once"):
        Season(season=1, episodes=(EPISODES[0], EPISODES[0]))
    with pytest.raises(ValidationError):
        Season(season=1, episodes=())
    with pytest.raises(ValidationError, match="credits_at_s"):
        Episode(episode=1, runtime_s=60, credits_at_s=61)


def test_a_film_has_one_season_numbered_zero() -> None:
    film = Title(title="glass-onion", kind="film", seasons=(_season(number=0),))
    assert film.season(0) is not None and film.season(1) is None
    with pytest.raises(ValidationError, match="film"):
        Title(title="glass-onion", kind="film", seasons=(_season(number=1),))
    with pytest.raises(ValidationError, match="numbered from 1"):
        Title(title="daredevil", seasons=(_season(number=0),))
    with pytest.raises(ValidationError, match="season 1 appears more than once"):
        Title(title="daredevil", seasons=(_season(), _season()))


def test_title_ids_are_slugs() -> None:
    with pytest.raises(ValidationError):
        Title(title="The Defenders", seasons=(_season(),))


# Catalog ----------------------------------------------------------------------------------

MARKETS = (
    Market(market="US", tz="America/New_York", population=None),
    Market(market="JP", tz="Asia/Tokyo", population=None),
    Market(market="NZ", tz="Pacific/Auckland", population=None),
    Market(market="ZZ", tz="UTC", population=None),
)


def _catalog(*launches: Launch) -> Catalog:
    title = Title(title="the-defenders", seasons=(_season(*launches),))
    return Catalog(markets=MARKETS, titles=(title,), signal_weights=SignalWeights({"p2p": 4.0}))


def test_lookups() -> None:
    catalog = _catalog()
    assert catalog.title("the-defenders") is not None
    assert catalog.title("daredevil") is None
    assert catalog.season("the-defenders", 1) is not None
    assert catalog.season("the-defenders", 2) is None
    assert catalog.market("jp") == MARKETS[1]
    assert catalog.market("KR") is None


def test_global_launch_is_the_earliest_over_the_markets() -> None:
    rolling = _catalog(Launch(market="*", local=datetime(2017, 8, 18)))
    # Auckland is UTC+12 in August: its midnight comes first.
    assert rolling.global_launch("the-defenders", 1) == _utc(2017, 8, 17, 12)
    fixed = _catalog(
        Launch(market="*", at=_utc(2017, 8, 18, 7)),
        Launch(market="JP", local=datetime(2017, 8, 18)),
    )
    assert fixed.global_launch("the-defenders", 1) == _utc(2017, 8, 17, 15)
    assert _catalog().global_launch("the-defenders", 1) is None
    assert fixed.global_launch("the-defenders", 9) is None


def test_signal_weights_read_like_a_dict_and_cannot_change() -> None:
    weights = _catalog().signal_weights
    assert weights["p2p"] == 4.0
    assert dict(weights) == {"p2p": 4.0}
    assert weights.get("social") is None
    assert weights == {"p2p": 4.0}
    with pytest.raises(TypeError):
        weights["p2p"] = 1.0  # type: ignore[index]
    with pytest.raises(ValidationError):
        Catalog(markets=MARKETS, titles=(), signal_weights={"p2p": -1.0})


def test_models_are_frozen_hashable_and_forbid_extra_fields() -> None:
    catalog = _catalog(Launch(market="*", at=_utc(2017, 8, 18, 7)))
    assert hash(catalog) == hash(_catalog(Launch(market="*", at=_utc(2017, 8, 18, 7))))
    with pytest.raises(ValidationError):
        catalog.file = "other.yaml"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Episode(episode=1, runtime_s=60, runtime=60)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Market(market="US", tz="America/NewYork", population=None)
