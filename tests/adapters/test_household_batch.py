"""compute_many applies a household store's defaults itself (unit=profile), as compute does.

The store: the household fixture (``fixtures/household/ViewingActivity.csv``, one Netflix
account ``home``, profiles Alice, Bob, Carol and Dave) loaded with ``--source netflix``. Worked by
hand from the file: every kept session of The Defenders season 1 starts between 2017-08-18
07:30 and 2017-08-19 08:00 UTC, inside reach's first 28 days from the launch (2017-08-18 07:00),
and each of the four profiles has at least one (Carol's autoplayed E3 is left out, her E1 and E2
stay). So reach is 4 profiles at the store's default, 1 account with ``unit=account``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from adapters_support import FIXTURES, catalog

from showmeter.definitions import get
from showmeter.engines import compute, prepare
from showmeter.engines.batch import compute_many
from showmeter.intake.load import ingest
from showmeter.store import Store

EXPORT = FIXTURES / "household" / "ViewingActivity.csv"


@dataclass(frozen=True)
class Ask:
    metric: str
    params: dict[str, object] = field(default_factory=dict)
    title: str | None = "the-defenders"
    season: int | None = 1


def household() -> Store:
    store = Store()
    [summary] = ingest(
        store, catalog(), [("viewing", EXPORT)], source="netflix", options={"account": "home"}
    )
    assert summary.reconciles
    return store


def test_a_batch_on_a_household_store_counts_profiles_unless_told_otherwise() -> None:
    store = household()
    default, accounts, stated_none = compute_many(
        [Ask("reach"), Ask("reach", {"unit": "account"}), Ask("reach", {"unit": None})],
        source=store.connection,
    )
    assert [r["value"] for r in default.rows] == [4]
    assert default.params["unit"] == "profile"
    assert [r["value"] for r in accounts.rows] == [1]
    assert accounts.params["unit"] == "account"
    # None is "not given", as in compute: the store's default
    assert [r["value"] for r in stated_none.rows] == [4]


def test_a_batch_gives_what_compute_gives_for_each_request() -> None:
    store = household()
    asks = [Ask("reach"), Ask("binge_racers"), Ask("hours_viewed", {"unit": "account"})]
    batch = compute_many(asks, source=store.connection)
    for ask, result in zip(asks, batch, strict=True):
        alone = compute(
            ask.metric, ask.params, source=store.connection, title=ask.title, season=ask.season
        )
        assert (result.params, result.rows) == (alone.params, alone.rows)


def test_resolved_parameters_and_prepared_computations_are_taken_as_they_are() -> None:
    # A request whose parameters are already resolved (as the launch Runner sends them) states
    # every value, so the store adds nothing; a computation prepared without a store was
    # resolved with the usual defaults (unit=account) and runs as it is.
    store = household()
    resolved = get("reach").resolve({})
    assert resolved["unit"] == "account"
    as_resolved, prepared = compute_many(
        [Ask("reach", resolved), prepare("reach", {}, title="the-defenders", season=1)],  # type: ignore[arg-type]
        source=store.connection,
    )
    assert [r["value"] for r in as_resolved.rows] == [1]
    assert [r["value"] for r in prepared.rows] == [1]
