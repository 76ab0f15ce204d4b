"""The TVmaze client: rate limit on a fake clock, cache, retries, unreachable server.

Every request goes to the fake TVmaze on 127.0.0.1 (conftest.py); the real host is never
contacted (the autouse `only_localhost` fixture fails a test that tries).
"""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path

import pytest
from tvmaze_fake import FakeTvmaze

from showmeter.intake.metadata.client import MetadataUnavailable, RateLimiter, ResponseCache
from showmeter.intake.metadata.tvmaze import CALLS, PERIOD_S, open_tvmaze


class FakeClock:
    """Monotonic seconds that move only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def most_in_any_window(times: list[float], period: float) -> int:
    """The largest number of calls in a window [t, t + period) starting at any call."""
    return max(sum(1 for u in times if t <= u < t + period) for t in times)


def test_the_limiter_lets_20_calls_through_then_one_token_back_per_call_10_s_later() -> None:
    clock = FakeClock()
    limiter = RateLimiter(20, 10.0, clock=clock, sleep=clock.sleep)
    times = []
    for _ in range(65):
        limiter.acquire()
        times.append(clock())
    # 20 tokens at t=0; each comes back 10 s after it was taken: calls 21-40 at t=10,
    # 41-60 at t=20, 61-65 at t=30.
    assert times == [0.0] * 20 + [10.0] * 20 + [20.0] * 20 + [30.0] * 5
    assert most_in_any_window(times, 10.0) == 20


def test_spaced_calls_never_exceed_20_in_any_10_s_window() -> None:
    clock = FakeClock()
    limiter = RateLimiter(20, 10.0, clock=clock, sleep=clock.sleep)
    times = []
    for i in range(200):
        clock.now += 0.37 * (i % 3)  # uneven gaps: 0, 0.37, 0.74 s
        limiter.acquire()
        times.append(clock())
    assert most_in_any_window(times, 10.0) == 20


def test_the_client_keeps_tvmazes_limit_of_20_calls_in_10_s(
    tvmaze: FakeTvmaze, tmp_path: Path
) -> None:
    clock = FakeClock()
    api = open_tvmaze(tvmaze.url, cache_dir=tmp_path, clock=clock, sleep=clock.sleep)
    assert (api.client.limiter.calls, api.client.limiter.period) == (CALLS, PERIOD_S) == (20, 10.0)
    times = []
    for i in range(45):
        assert api.search(f"show {i}") == []  # 45 different URLs: no cache hit
        times.append(clock())
    api.client.close()
    assert len(tvmaze.requests) == 45
    assert most_in_any_window(times, 10.0) == 20
    assert clock.slept == [10.0, 10.0]  # before call 21 and before call 41


def test_an_answer_is_cached_on_disk_by_url_and_reused_without_a_call(
    tvmaze: FakeTvmaze, tmp_path: Path
) -> None:
    first = open_tvmaze(tvmaze.url, cache_dir=tmp_path)
    [show] = first.search("Under the Dome")
    first.client.close()
    assert (first.client.calls, first.client.cache_hits) == (1, 0)
    url = f"{tvmaze.url}/search/shows?q=Under+the+Dome"
    kept = tmp_path / f"{hashlib.sha256(url.encode()).hexdigest()}.json"
    assert json.loads(kept.read_text())["url"] == url

    again = open_tvmaze(tvmaze.url, cache_dir=tmp_path)
    assert again.search("Under the Dome") == [show]
    assert (again.client.calls, again.client.cache_hits) == (0, 1)
    assert len(tvmaze.requests) == 1  # the second answer came from the disk

    fresh = open_tvmaze(tvmaze.url, cache_dir=tmp_path, refresh=True)
    assert fresh.search("Under the Dome") == [show]
    fresh.client.close()
    assert len(tvmaze.requests) == 2


def test_a_404_is_cached_as_none(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("http://127.0.0.1/shows/9", None)
    assert cache.get("http://127.0.0.1/shows/9") == (True, None)
    assert cache.get("http://127.0.0.1/shows/8") == (False, None)


def test_429_is_retried_after_its_retry_after_and_503_after_a_backoff(
    tvmaze: FakeTvmaze, tmp_path: Path
) -> None:
    clock = FakeClock()
    tvmaze.script.extend([(429, {"Retry-After": "3"}, "{}"), (503, {}, "")])
    api = open_tvmaze(tvmaze.url, cache_dir=tmp_path, clock=clock, sleep=clock.sleep)
    [show] = api.search("Under the Dome")
    api.client.close()
    assert show.name == "Under the Dome"
    # 429 says wait 3 s; then 503 without Retry-After: the second retry waits 2**1 = 2 s
    assert clock.slept == [3.0, 2.0]
    assert len(tvmaze.requests) == 3
    assert api.client.calls == 3


def test_a_service_that_keeps_failing_stops_with_the_status_and_a_remedy(
    tvmaze: FakeTvmaze, tmp_path: Path
) -> None:
    clock = FakeClock()
    tvmaze.script.extend([(503, {}, "")] * 5)
    api = open_tvmaze(tvmaze.url, cache_dir=tmp_path, clock=clock, sleep=clock.sleep)
    with pytest.raises(MetadataUnavailable, match=r"HTTP 503 .* 5 times in a row.*Try again later"):
        api.search("Under the Dome")
    api.client.close()
    assert clock.slept == [1.0, 2.0, 4.0, 8.0]  # 4 retries, backing off


def test_an_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    api = open_tvmaze(f"http://127.0.0.1:{port}", cache_dir=tmp_path)
    with pytest.raises(MetadataUnavailable) as raised:
        api.search("Under the Dome")
    assert raised.value.exit_code == 1
    assert f"cannot reach TVmaze at http://127.0.0.1:{port}" in str(raised.value)
    assert "Check the network connection" in str(raised.value)
    assert "without --metadata tvmaze nothing is contacted" in str(raised.value)


def test_retry_after_may_be_seconds_or_an_http_date() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    from showmeter.intake.metadata.client import _retry_after

    assert _retry_after("7", 0) == 7.0
    assert _retry_after(None, 3) == 8.0  # no header: 2**attempt
    assert _retry_after("soon", 1) == 2.0  # unreadable: the backoff
    in_a_minute = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55.0 <= _retry_after(in_a_minute, 0) <= 60.0
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 0) == 0.0  # in the past: no wait


def test_a_retry_after_beyond_two_minutes_stops_instead_of_waiting(
    tvmaze: FakeTvmaze, tmp_path: Path
) -> None:
    clock = FakeClock()
    tvmaze.script.append((429, {"Retry-After": "3600"}, "{}"))
    api = open_tvmaze(tvmaze.url, cache_dir=tmp_path, clock=clock, sleep=clock.sleep)
    with pytest.raises(MetadataUnavailable, match=r"asks to wait 3600 s .*Try again later"):
        api.search("Under the Dome")
    api.client.close()
    assert clock.slept == []
