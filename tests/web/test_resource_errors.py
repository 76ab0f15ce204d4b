"""The dashboard answers a full disk with 507 and what to do, not with "a bug"."""

from __future__ import annotations

from typing import Any

import duckdb
import pytest
from web_support import TestClient

import showmeter.engines


def test_a_full_disk_is_507_with_the_file_and_the_remedy(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_: Any, **__: Any) -> None:
        raise duckdb.IOException(
            'IO Error: Could not write file "/srv/demo.duckdb.tmp/t.tmp": No space left on device'
        )

    monkeypatch.setattr(showmeter.engines, "compute", full)
    answer = client.get(
        "/api/compute/reach?title=the-defenders&season=1&window_days=13",
        headers={"accept": "application/json"},
    )
    assert answer.status_code == 507
    body = answer.json()
    assert "the disk is full" in str(body) and "/srv/demo.duckdb.tmp/t.tmp" in str(body)
    assert "bug" not in str(body)
