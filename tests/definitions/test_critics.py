"""Hand-worked cases of the critics family: tomatometer, average_rating, certified_fresh,
metascore; and a property test against a plain-Python reference."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from viewing_world import World

from showmeter import definitions
from showmeter.engines import compile_sql
from showmeter.errors import UsageError
from showmeter.intake.ratings import normalize_rating

DAY = dt.date(2017, 8, 17)


class Reviews(World):
    """A store with seasons and reviews (ratings normalized as ingest does)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows = itertools.count(1)

    def show(self, title: str, season: int = 1) -> None:
        """A season of the catalog (critics metrics read no launch or episode)."""
        self.con.execute("INSERT INTO seasons VALUES (?, ?, NULL, 1, 3000, NULL)", [title, season])

    def review(
        self,
        title: str,
        rating: str | None = None,
        *,
        season: int = 1,
        scale: float | None = None,
        verdict: str | None = None,
        top: bool = False,
        on: dt.date | None = DAY,
        weight: float = 1.0,
        outlet: str | None = None,
    ) -> None:
        """One review; ``rating`` as the critic wrote it."""
        score = normalize_rating(rating, scale)
        self.con.execute(
            "INSERT INTO reviews VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                f"v{next(self._rows):05d}",
                title,
                season,
                outlet or f"outlet {next(self._rows)}",
                top,
                on,
                rating,
                scale,
                verdict,
                weight,
                score,
                None if score is None else score / 10,
            ],
        )

    def scores(self, title: str, scores: Sequence[float], **kwargs: Any) -> None:
        """Reviews with these scores out of 100 (written as ``n/100``)."""
        for score in scores:
            self.review(title, f"{score}/100", **kwargs)


def _seed(w: Reviews, *, ign: bool = True) -> None:
    """The reviews the seed names (Reception), as their critics wrote them."""
    w.show("the-defenders")
    w.review("the-defenders", "B+", top=True, outlet="Entertainment Weekly")  # 83
    w.review("the-defenders", "3/5", outlet="Empire")  # 60
    w.review("the-defenders", "3 stars out of 5", outlet="Collider")  # 60
    w.review("the-defenders", "2/4", top=True, outlet="USA Today")  # 50
    if ign:
        w.review("the-defenders", "6.5/10", outlet="IGN")  # 65


def test_the_seed_reviews_through_every_metric(engine: str) -> None:
    w = Reviews()
    _seed(w)
    # fresh at 60: 83, 60, 60 and 65 are fresh, 50 is rotten: 100 × 4 / 5 = 80
    assert w.rows("tomatometer", engine) == [
        {
            "title": "the-defenders",
            "season": 1,
            "value": 80.0,
            "label": "Fresh",
            "fresh": 4,
            "reviews": 5,
        }
    ]
    # (8.3 + 6 + 6 + 5 + 6.5) / 5 = 31.8 / 5 = 6.36
    rating = w.rows("average_rating", engine)
    assert rating == [
        {"title": "the-defenders", "season": 1, "value": pytest.approx(6.36), "reviews": 5}
    ]
    # (83 + 60 + 60 + 50 + 65) / 5 = 318 / 5 = 63.6 -> 64, generally favorable
    assert w.rows("metascore", engine) == [
        {
            "title": "the-defenders",
            "season": 1,
            "value": 64,
            "label": "generally favorable",
            "weighted_mean": pytest.approx(63.6),
            "reviews": 5,
        }
    ]


def test_four_reviews_against_five_at_the_minimums(engine: str) -> None:
    w = Reviews()
    _seed(w, ign=False)
    # 4 reviews: under the Tomatometer's and the average rating's minimum of 5
    assert w.rows("tomatometer", engine) == [
        {
            "title": "the-defenders",
            "season": 1,
            "value": None,
            "label": None,
            "fresh": 3,
            "reviews": 4,
        }
    ]
    assert w.values("average_rating", engine) == {("the-defenders", 1): None}
    # but enough for a Metascore: (83 + 60 + 60 + 50) / 4 = 63.25 -> 63, generally favorable
    assert w.rows("metascore", engine)[0] == {
        "title": "the-defenders",
        "season": 1,
        "value": 63,
        "label": "generally favorable",
        "weighted_mean": 63.25,
        "reviews": 4,
    }
    # with a minimum of 4: 100 × 3 / 4 = 75; (8.3 + 6 + 6 + 5) / 4 = 6.325
    assert w.values("tomatometer", engine, min_reviews=4) == {("the-defenders", 1): 75.0}
    rating = w.values("average_rating", engine, min_reviews=4)
    assert rating == {("the-defenders", 1): pytest.approx(6.325)}
    # and a Metascore of 3 reviews is null (Metacritic's "tbd")
    w2 = Reviews()
    w2.show("s")
    w2.scores("s", [83, 60, 60])
    assert w2.rows("metascore", engine)[0]["value"] is None
    assert w2.rows("metascore", engine)[0]["label"] is None


def test_top_critics_only(engine: str) -> None:
    w = Reviews()
    _seed(w)
    # top critics: Entertainment Weekly (83, fresh) and USA Today (50, rotten): 2 < 5 -> null
    rows = w.rows("tomatometer", engine, top_critics_only=True)
    assert (rows[0]["value"], rows[0]["fresh"], rows[0]["reviews"]) == (None, 1, 2)
    # with a minimum of 2: 100 × 1 / 2 = 50, Rotten; average (8.3 + 5) / 2 = 6.65
    rows = w.rows("tomatometer", engine, top_critics_only=True, min_reviews=2)
    assert (rows[0]["value"], rows[0]["label"]) == (50.0, "Rotten")
    rating = w.values("average_rating", engine, top_critics_only="true", min_reviews="2")
    assert rating == {("the-defenders", 1): pytest.approx(6.65)}


def test_an_explicit_verdict_wins_over_the_score(engine: str) -> None:
    w = Reviews()
    w.show("s")
    w.review("s", "9/10", verdict="rotten")  # 90, but the critic says rotten
    w.review("s", "2/5", verdict="fresh")  # 40, but the critic says fresh
    w.review("s", verdict="fresh")  # a verdict without a mark
    w.review("s", "7/10")  # 70: fresh by the score
    w.review("s", "C+")  # 58: rotten by the score
    # fresh: the 40, the verdict only, the 70 -> 100 × 3 / 5 = 60, exactly Fresh
    rows = w.rows("tomatometer", engine)
    assert (rows[0]["value"], rows[0]["label"], rows[0]["fresh"]) == (60.0, "Fresh", 3)
    # fresh_at=75: the 70 turns rotten -> 40, Rotten
    rows = w.rows("tomatometer", engine, fresh_at=75)
    assert (rows[0]["value"], rows[0]["label"]) == (40.0, "Rotten")
    # fresh_at=50: the 58 turns fresh, the rotten 90 stays rotten -> 80
    assert w.values("tomatometer", engine, fresh_at=50) == {("s", 1): 80.0}
    # the verdict-only review is not rated: (9 + 4 + 7 + 5.8) / 4 = 6.45 with 4 rated
    assert w.rows("average_rating", engine)[0]["reviews"] == 4
    rating = w.values("average_rating", engine, min_reviews=4)
    assert rating == {("s", 1): pytest.approx(6.45)}
    # metascore: (90 + 40 + 70 + 58) / 4 = 64.5 -> 65 (verdicts play no part)
    assert w.values("metascore", engine) == {("s", 1): 65}


def test_the_label_is_decided_on_the_exact_value(engine: str) -> None:
    w = Reviews()
    w.show("s")
    w.review("s", "B", verdict="fresh")
    w.review("s", "B", verdict="rotten")
    for index in range(198):
        w.review("s", verdict="fresh" if index < 118 else "rotten")
    # 119 fresh of 200 = 59.5 %: displayed as 60 %, but Rotten
    rows = w.rows("tomatometer", engine)
    assert rows[0]["value"] == 59.5
    assert rows[0]["label"] == "Rotten"
    assert (rows[0]["fresh"], rows[0]["reviews"]) == (119, 200)
    # a lower threshold for the label
    assert w.rows("tomatometer", engine, label_at=59.5)[0]["label"] == "Fresh"


def test_metascore_rounds_half_up_to_its_band(engine: str) -> None:
    w = Reviews()
    w.show("half")  # (61 + 60 + 60 + 61) / 4 = 60.5 -> 61, generally favorable
    w.scores("half", [61, 60, 60, 61])
    w.show("under")  # (60 + 60 + 60 + 60 + 62) / 5 = 60.4 -> 60, mixed or average
    w.scores("under", [60, 60, 60, 60, 62])
    w.show("weighted")  # (2 × 80 + 1 × 50 + 1 × 50 + 0.5 × 100) / 4.5 = 310 / 4.5 = 68.89 -> 69
    w.scores("weighted", [80], weight=2.0)
    w.scores("weighted", [50, 50])
    w.scores("weighted", [100], weight=0.5)
    w.show("decimal")  # weights 0.1 + 0.2 (binary floats): (0.1 × 60 + 0.2 × 60.75) / 0.3 = 60.5
    w.scores("decimal", [60], weight=0.1)
    w.scores("decimal", [60.75], weight=0.2)
    w.scores("decimal", [0, 0], weight=0.0)
    w.show("unreviewed")
    rows = {row["title"]: row for row in w.rows("metascore", engine)}
    assert (rows["half"]["value"], rows["half"]["label"]) == (61, "generally favorable")
    assert rows["half"]["weighted_mean"] == 60.5
    assert (rows["under"]["value"], rows["under"]["label"]) == (60, "mixed or average")
    assert rows["under"]["weighted_mean"] == pytest.approx(60.4)
    assert rows["weighted"]["value"] == 69
    assert rows["weighted"]["weighted_mean"] == pytest.approx(310 / 4.5)
    assert rows["decimal"]["value"] == 61
    assert rows["unreviewed"] == {
        "title": "unreviewed",
        "season": 1,
        "value": None,
        "label": None,
        "weighted_mean": None,
        "reviews": 0,
    }


BANDS = {
    "a": ([100, 100, 100, 100], 100, "universal acclaim"),
    "b": ([81, 81, 80, 81], 81, "universal acclaim"),  # 80.75 -> 81
    "c": ([80, 80, 80, 80], 80, "generally favorable"),
    "d": ([61, 61, 61, 61], 61, "generally favorable"),
    "e": ([40, 40, 40, 39], 40, "mixed or average"),  # 39.75 -> 40
    "f": ([39, 39, 39, 39], 39, "generally unfavorable"),
    "g": ([20, 20, 19, 19], 20, "generally unfavorable"),  # 19.5 -> 20
    "h": ([19, 19, 19, 19], 19, "overwhelming dislike"),
    "i": ([0, 0, 0, 0], 0, "overwhelming dislike"),
}


def test_metascore_bands(engine: str) -> None:
    w = Reviews()
    for title, (scores, _, _) in BANDS.items():
        w.show(title)
        w.scores(title, scores)
    got = {row["title"]: (row["value"], row["label"]) for row in w.rows("metascore", engine)}
    assert got == {title: (value, label) for title, (_, value, label) in BANDS.items()}


def _history(w: Reviews, title: str, days: list[tuple[int, int, int]]) -> None:
    """Reviews per day: (fresh, rotten, top critics among them), a day apart from DAY."""
    for offset, (fresh, rotten, top) in enumerate(days):
        for index in range(fresh + rotten):
            w.review(
                title,
                verdict="fresh" if index < fresh else "rotten",
                top=index < top,
                on=DAY + dt.timedelta(days=offset),
            )


def test_certified_fresh_is_gained_kept_and_revoked(engine: str) -> None:
    w = Reviews()
    w.show("s")
    # day 0: 15 fresh of 20, 5 top critics -> 75 %: certified
    # day 1: + 3 fresh, 2 rotten -> 18 / 25 = 72 %: kept (between 70 and 75)
    # day 2: + 51 fresh, 24 rotten -> 69 / 100 = 69 %: revoked
    _history(w, "s", [(15, 5, 5), (3, 2, 0), (51, 24, 0)])
    w.show("kept")
    _history(w, "kept", [(15, 5, 5), (3, 2, 0)])
    w.show("gained")
    _history(w, "gained", [(15, 5, 5)])
    rows = {row["title"]: row for row in w.rows("certified_fresh", engine)}
    assert rows["gained"] == {
        "title": "gained",
        "season": 1,
        "value": True,
        "since": "2017-08-17",
        "tomatometer": 75.0,
        "reviews": 20,
        "top_critic_reviews": 5,
    }
    assert (rows["kept"]["value"], rows["kept"]["since"]) == (True, "2017-08-17")
    assert rows["kept"]["tomatometer"] == 72.0
    assert (rows["s"]["value"], rows["s"]["since"]) == (False, "2017-08-19")
    assert (rows["s"]["tomatometer"], rows["s"]["reviews"]) == (69.0, 100)


def test_certified_fresh_needs_every_condition(engine: str) -> None:
    w = Reviews()
    for title, days in {
        "few": [(15, 4, 5)],  # 19 reviews (78.9 %)
        "no-top": [(15, 5, 4)],  # 4 top critics
        "low": [(14, 6, 5)],  # 70 %
        "later": [(14, 6, 5), (1, 0, 0)],  # 70 % with 20, then 15 / 21 = 71.4 %: no
        "steady": [(3, 2, 5), (12, 3, 0)],  # 60 %, then 15 / 20 = 75 % on day 1
    }.items():
        w.show(title)
        _history(w, title, days)
    w.show("unreviewed")
    rows = {row["title"]: row for row in w.rows("certified_fresh", engine)}
    for title in ("few", "no-top", "low"):
        assert (rows[title]["value"], rows[title]["since"]) == (False, "2017-08-17"), title
    assert (rows["later"]["value"], rows["later"]["since"]) == (False, "2017-08-17")
    assert (rows["steady"]["value"], rows["steady"]["since"]) == (True, "2017-08-18")
    assert rows["unreviewed"] == {
        "title": "unreviewed",
        "season": 1,
        "value": False,
        "since": None,
        "tomatometer": None,
        "reviews": 0,
        "top_critic_reviews": 0,
    }
    # the thresholds are parameters: 4 top critics and 19 reviews are enough here
    rows = {
        row["title"]: row
        for row in w.rows("certified_fresh", engine, min_top_critics=4, min_reviews=19)
    }
    assert rows["few"]["value"] and rows["no-top"]["value"]
    assert not rows["low"]["value"]


def test_certified_fresh_decides_once_per_date_and_can_be_earned_again(engine: str) -> None:
    w = Reviews()
    w.show("s")
    # day 0: 16 / 20 = 80 %, certified. day 1: 4 rotten and 4 fresh on the same date; taken
    # one by one in rotten-first order the score would reach 16 / 24 = 66.7 % < 70, but the
    # day's total is 20 / 28 = 71.4 %: kept
    _history(w, "s", [(16, 4, 5), (4, 4, 0)])
    assert w.rows("certified_fresh", engine)[0]["value"] is True
    # day 2: + 10 rotten -> 20 / 38 = 52.6 %: revoked; day 3: + 60 fresh -> 80 / 98 = 81.6 %:
    # certified again since day 3
    _history(w, "s", [(0, 0, 0), (0, 0, 0), (0, 10, 0), (60, 0, 0)])
    row = w.rows("certified_fresh", engine)[0]
    assert (row["value"], row["since"]) == (True, "2017-08-20")
    # reviews without a date come first: 20 undated fresh reviews by top critics certify
    # before any dated review, so the status dates from them (unknown date)
    w2 = Reviews()
    w2.show("s")
    for _ in range(20):
        w2.review("s", verdict="fresh", top=True, on=None)
    w2.review("s", verdict="rotten", on=DAY)
    row = w2.rows("certified_fresh", engine)[0]
    assert (row["value"], row["since"], row["reviews"]) == (True, None, 21)


def test_certified_fresh_refuses_crossed_thresholds() -> None:
    w = Reviews()
    with pytest.raises(UsageError, match="revoke_below is above certify_at"):
        w.compute("certified_fresh", "duckdb", certify_at=70, revoke_below=75)


def test_rank_ranks_critics_scores_but_not_the_certification(engine: str) -> None:
    w = Reviews()
    for title, scores in {"a": [90] * 5, "b": [70] * 5, "c": [70] * 5, "d": [40] * 3}.items():
        w.show(title)
        w.scores(title, scores)
    # metascore 90, 70, 70, null (3 reviews)
    assert w.rows("rank", engine, metric="metascore") == [
        {"title": "a", "season": 1, "value": 90, "rank": 1},
        {"title": "b", "season": 1, "value": 70, "rank": 2},
        {"title": "c", "season": 1, "value": 70, "rank": 2},
        {"title": "d", "season": 1, "value": None, "rank": None},
    ]
    ranks = w.values("rank", engine, "rank", metric="tomatometer", min_reviews=3)
    assert ranks == {("a", 1): 1, ("b", 1): 1, ("c", 1): 1, ("d", 1): 4}
    with pytest.raises(UsageError, match="bad value for parameter 'metric'"):
        w.compute("rank", engine, metric="certified_fresh")
    with pytest.raises(UsageError, match="cannot rank metascore by market"):
        w.compute("rank", engine, metric="metascore", by_market=True)


# --- property test: the engines against a plain-Python reference --------------------------

EXAMPLES = {"duckdb": 20, "spark": 2}
SCORES = [0.0, 19.5, 40.0, 58.0, 59.5, 60.0, 60.5, 65.0, 69.0, 70.0, 75.0, 83.0, 100.0]


def _fresh(review: dict[str, Any], fresh_at: float) -> bool:
    if review["verdict"] is not None:
        return bool(review["verdict"] == "fresh")
    return bool(review["score"] >= fresh_at)


def _reference(
    metric: str, seasons: list[str], reviews: list[dict[str, Any]], p: dict[str, Any]
) -> dict[tuple[str, int], Any]:
    """The value of ``metric`` per season, loop by loop, in exact arithmetic."""
    out: dict[tuple[str, int], Any] = {}
    for title in seasons:
        mine = [r for r in reviews if r["title"] == title]
        if p.get("top_critics_only"):
            mine = [r for r in mine if r["top"]]
        rated = [r for r in mine if r["score"] is not None]
        if metric == "tomatometer":
            fresh = sum(_fresh(r, p["fresh_at"]) for r in mine)
            ok = len(mine) >= p["min_reviews"] and mine
            out[title, 1] = float(Fraction(100 * fresh, len(mine))) if ok else None
        elif metric == "average_rating":
            ok = len(rated) >= p["min_reviews"] and rated
            out[title, 1] = sum(r["score"] / 10 for r in rated) / len(rated) if ok else None
        elif metric == "metascore":
            weights = sum(Fraction(r["weight"]) for r in rated)
            if len(rated) < p["min_reviews"] or not weights:
                out[title, 1] = None
                continue
            mean = sum(Fraction(r["weight"]) * Fraction(r["score"]) for r in rated) / weights
            exact = Decimal(mean.numerator) / Decimal(mean.denominator)
            out[title, 1] = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        else:
            out[title, 1] = _certified(mine, p)
    return out


def _certified(reviews: list[dict[str, Any]], p: dict[str, Any]) -> bool:
    """Replay the history date by date (undated first) through the award/revoke machine."""
    certified = False
    order = sorted({r["on"] for r in reviews}, key=lambda d: (d is not None, d or DAY))
    for day in order:
        seen = [r for r in reviews if r["on"] is None or (day is not None and r["on"] <= day)]
        score = Fraction(100 * sum(_fresh(r, p["fresh_at"]) for r in seen), len(seen))
        tops = sum(r["top"] for r in seen)
        if score < p["revoke_below"]:
            certified = False
        elif score >= p["certify_at"] and len(seen) >= p["min_reviews"] and tops >= 5:
            certified = True
    return certified


@st.composite
def _reviews(draw: st.DrawFn) -> list[dict[str, Any]]:
    reviews = []
    for _ in range(draw(st.integers(0, 30))):
        score = draw(st.one_of(st.none(), st.sampled_from(SCORES)))
        verdict = draw(st.sampled_from([None, None, "fresh", "rotten"]))
        if score is None and verdict is None:
            verdict = "fresh"
        reviews.append(
            {
                "title": draw(st.sampled_from(["a", "b"])),
                "score": score,
                "verdict": verdict,
                "top": draw(st.booleans()),
                "on": draw(st.sampled_from([None, DAY, DAY + dt.timedelta(days=1), DAY])),
                "weight": draw(st.sampled_from([0.5, 1.0, 1.0, 2.0, 3.0])),
            }
        )
    return reviews


ENGINES = [pytest.param("duckdb"), pytest.param("spark", marks=pytest.mark.spark)]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "metric", ["tomatometer", "average_rating", "metascore", "certified_fresh"]
)
def test_critics_match_the_reference(metric: str, engine: str, request: Any) -> None:
    if engine == "spark":
        request.getfixturevalue("spark")

    @settings(
        max_examples=EXAMPLES[engine],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(reviews=_reviews(), data=st.data())
    def check(reviews: list[dict[str, Any]], data: st.DataObject) -> None:
        params: dict[str, Any] = {"min_reviews": data.draw(st.sampled_from([1, 3, 5]))}
        if metric in ("tomatometer", "certified_fresh"):
            params["fresh_at"] = data.draw(st.sampled_from([59.5, 60.0, 65.0]))
        if metric in ("tomatometer", "average_rating"):
            params["top_critics_only"] = data.draw(st.booleans())
        if metric == "certified_fresh":
            params["certify_at"] = data.draw(st.sampled_from([60.0, 75.0]))
            params["revoke_below"] = data.draw(st.sampled_from([50.0, 60.0]))
        w = Reviews()
        for title in ("a", "b"):
            w.show(title)
        for r in reviews:
            w.review(
                r["title"],
                None if r["score"] is None else f"{r['score']}/100",
                verdict=r["verdict"],
                top=r["top"],
                on=r["on"],
                weight=r["weight"],
            )
        result = w.compute(metric, engine, **params)
        got = {(row["title"], row["season"]): row["value"] for row in result.rows}
        want = _reference(metric, ["a", "b"], reviews, result.params)
        assert got.keys() == want.keys()
        for key, value in want.items():
            if isinstance(value, float):
                assert got[key] == pytest.approx(value, rel=1e-12), key
            else:
                assert got[key] == value, (key, got[key], value)

    check()


def test_the_critics_metrics_are_registered_with_their_defaults() -> None:
    defaults = {
        ("tomatometer", "fresh_at"): 60.0,
        ("tomatometer", "min_reviews"): 5,
        ("tomatometer", "top_critics_only"): False,
        ("tomatometer", "label_at"): 60.0,
        ("average_rating", "min_reviews"): 5,
        ("certified_fresh", "min_reviews"): 20,
        ("certified_fresh", "min_top_critics"): 5,
        ("certified_fresh", "certify_at"): 75.0,
        ("certified_fresh", "revoke_below"): 70.0,
        ("metascore", "min_reviews"): 4,
    }
    for (name, param), default in defaults.items():
        assert definitions.get(name).param(param).default == default, (name, param)
    per_season = {m.name for m in definitions.all_metrics() if m.per_season}
    assert {"tomatometer", "average_rating", "metascore"} <= per_season
    assert "certified_fresh" not in per_season


# --- golden SQL: the compiled SQL of each case, per engine, checked in ----------------------

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SHOWMETER_UPDATE_GOLDEN") == "1"
DIALECTS = {"duckdb": "duckdb", "spark": "pyspark"}
GOLDEN_CASES: dict[str, tuple[str, dict[str, object]]] = {
    "tomatometer": ("tomatometer", {}),
    "tomatometer-top_critics_only": ("tomatometer", {"top_critics_only": True}),
    "average_rating": ("average_rating", {}),
    "certified_fresh": ("certified_fresh", {}),
    "metascore": ("metascore", {}),
}


@pytest.mark.parametrize(
    "engine",
    [pytest.param(e, marks=[pytest.mark.spark] if e == "spark" else []) for e in DIALECTS],
)
@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_compiled_sql_matches_the_golden_file(case: str, engine: str) -> None:
    metric, params = GOLDEN_CASES[case]
    sql = compile_sql(metric, params, engine=engine).rstrip() + "\n"
    path = GOLDEN / f"{case}.{DIALECTS[engine]}.sql"
    if UPDATE:
        path.write_text(sql)
    assert path.exists(), f"{path.name} is missing; write it with SHOWMETER_UPDATE_GOLDEN=1"
    assert sql == path.read_text(), (
        f"{path.name} is stale; regenerate with SHOWMETER_UPDATE_GOLDEN=1"
    )
    assert not re.search(r"DATE_?DIFF|EPOCH\(CAST|INTERVAL '\d+' DAY", sql, re.IGNORECASE)


def test_every_critics_metric_has_golden_sql_and_every_file_is_in_use() -> None:
    family = {m.name for m in definitions.all_metrics() if m.family == "critics"}
    assert {metric for metric, _ in GOLDEN_CASES.values()} == family
    present = {p.name for p in GOLDEN.glob("*.sql") if p.name.split(".")[0].split("-")[0] in family}
    assert present == {f"{case}.{d}.sql" for case in GOLDEN_CASES for d in DIALECTS.values()}
