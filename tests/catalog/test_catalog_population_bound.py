"""A market's population is at most 10¹⁰: 9 × 10¹⁸ gave an internal ArrowInvalid in demand."""

from __future__ import annotations

import pytest

from showmeter.catalog.models import MAX_POPULATION
from showmeter.catalog.validation import validate
from showmeter.errors import CatalogError


def _document(population: int) -> dict[str, object]:
    episode = {"episode": 1, "runtime": "52:14"}
    launch = {"market": "*", "at": "2017-08-18T07:00:00Z", "platform": "netflix"}
    season = {"season": 1, "episodes": [episode], "launches": [launch]}
    return {
        "markets": [{"market": "US", "population": population}],
        "titles": [{"title": "the-defenders", "seasons": [season]}],
    }


def test_a_population_above_ten_billion_is_refused_with_cause_and_remedy() -> None:
    with pytest.raises(CatalogError) as caught:
        validate(_document(9 * 10**18), "c.yaml")
    message = str(caught.value)
    assert "`population` is 9000000000000000000, more people than live on Earth" in message
    assert "expected at most 10000000000 (10 billion). Check the value" in message


def test_a_population_at_the_bound_is_kept() -> None:
    catalog = validate(_document(MAX_POPULATION), "c.yaml")
    assert MAX_POPULATION == 10**10
    assert any(m.population == MAX_POPULATION for m in catalog.markets)
