"""Fixtures of the metadata tests: a fake TVmaze on 127.0.0.1, and no other host reached."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from tvmaze_fake import FakeTvmaze


@pytest.fixture
def tvmaze(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeTvmaze]:
    """The fake TVmaze API, running on a free port of 127.0.0.1 for one test."""
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    fake = FakeTvmaze().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture(autouse=True)
def only_localhost(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record every host httpx sends a request to; fail the test if one is not 127.0.0.1.

    The real TVmaze (api.tvmaze.com) is never contacted by these tests.
    """
    hosts: list[str] = []
    send = httpx.HTTPTransport.handle_request

    def guarded(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        if request.url.host != "127.0.0.1":
            raise AssertionError(f"a test tried to contact {request.url.host}")
        return send(self, request)

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", guarded)
    monkeypatch.delenv("SHOWMETER_TVMAZE_URL", raising=False)
    yield hosts
    assert all(host == "127.0.0.1" for host in hosts)
