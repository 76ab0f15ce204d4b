"""A demand signal's weight is at most 10⁶: near 10²⁹⁶, two points summed past the largest
double."""

from __future__ import annotations

import pydantic
import pytest

from showmeter.catalog.models import MAX_SIGNAL_WEIGHT, SignalWeights
from showmeter.catalog.validation import validate
from showmeter.errors import CatalogError


def _document(weights: dict[str, object]) -> dict[str, object]:
    episode = {"episode": 1, "runtime": "52:14"}
    launch = {"market": "*", "at": "2017-08-18T07:00:00Z", "platform": "netflix"}
    season = {"season": 1, "episodes": [episode], "launches": [launch]}
    return {
        "signal_weights": weights,
        "titles": [{"title": "the-defenders", "seasons": [season]}],
    }


@pytest.mark.parametrize("weight", [1e296, 1_000_000.5, 10**7])
def test_a_weight_above_a_million_is_refused_with_cause_and_remedy(weight: float) -> None:
    with pytest.raises(CatalogError) as caught:
        validate(_document({"pageviews": 1.0, "searches": weight}), "c.yaml")
    (problem,) = caught.value.problems
    assert problem.field == "signal_weights.searches"
    assert f"signal `searches` weighs {weight}, more than demand's sums allow" in problem.message
    assert "expected at most 1000000 (a million). Give the signals' relative weights" in (
        problem.message
    )


def test_a_weight_at_the_bound_is_kept() -> None:
    catalog = validate(_document({"pageviews": 0, "searches": MAX_SIGNAL_WEIGHT}), "c.yaml")
    assert MAX_SIGNAL_WEIGHT == 10**6
    assert dict(catalog.signal_weights) == {"pageviews": 0.0, "searches": 1e6}


def test_the_model_refuses_a_weight_above_the_bound_too() -> None:
    # a catalog built in Python (the simulator's worlds) goes through the model's schema
    class Holder(pydantic.BaseModel):
        weights: SignalWeights

    assert dict(Holder(weights={"p2p": 1e6}).weights) == {"p2p": 1e6}  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError):
        Holder(weights={"p2p": 1e6 * (1 + 2**-52)})  # type: ignore[arg-type]
