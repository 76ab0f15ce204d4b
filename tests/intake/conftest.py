"""Fixtures shared by the tests of reading files in place."""

from __future__ import annotations

import pytest

from showmeter.intake import in_place_view


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether anything was guarded, each time a guarded view was exposed again (a trip)."""
    calls: list[bool] = []
    original = in_place_view.Exposure.unguard

    def counted(self: in_place_view.Exposure) -> bool:
        calls.append(original(self))
        return calls[-1]

    monkeypatch.setattr(in_place_view.Exposure, "unguard", counted)
    return calls
