from __future__ import annotations

import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showmeter.intake.ratings import (
    DEFAULT_LETTER_GRADES,
    REASONS,
    RatingError,
    normalize_rating,
    normalize_verdict,
)

# --- letter grades ----------------------------------------------------------------------------

# Worked by hand from METRICS.md: 100 × k / 12 rounded half up, k steps above F.
LETTER_TABLE = [
    ("A+", 100.0),  # capped at A
    ("A", 100.0),  # k = 12
    ("A-", 92.0),  # 91.67
    ("B+", 83.0),  # 83.33
    ("B", 75.0),  # 75
    ("B-", 67.0),  # 66.67
    ("C+", 58.0),  # 58.33
    ("C", 50.0),  # 50
    ("C-", 42.0),  # 41.67
    ("D+", 33.0),  # 33.33
    ("D", 25.0),  # 25
    ("D-", 17.0),  # 16.67
    ("F+", 8.0),  # 8.33
    ("F", 0.0),  # k = 0
    ("F-", 0.0),  # floored at F
]


@pytest.mark.parametrize(("grade", "expected"), LETTER_TABLE)
def test_every_letter_grade(grade: str, expected: float) -> None:
    assert normalize_rating(grade) == expected


def test_default_table_is_exactly_the_contract() -> None:
    assert dict(DEFAULT_LETTER_GRADES) == dict(LETTER_TABLE)


def test_default_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        DEFAULT_LETTER_GRADES["A"] = 1.0  # type: ignore[index]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("b+", 83.0),
        ("B +", 83.0),
        (" b + ", 83.0),
        ("A−", 92.0),  # U+2212 minus sign
        ("A–", 92.0),  # U+2013 en dash
        ("a -", 92.0),
        ("c−", 42.0),
        ("f-", 0.0),
        ("a+", 100.0),
    ],
)
def test_letter_grade_spellings(written: str, expected: float) -> None:
    assert normalize_rating(written) == expected


def test_letter_grade_ignores_scale() -> None:
    assert normalize_rating("B", scale=10) == 75.0


def test_custom_letter_table() -> None:
    table = {"A": 95.0, "B": 85.0, "b-": 80.0, "C−": 70.0}
    assert normalize_rating("B", letter_grades=table) == 85.0
    assert normalize_rating("B-", letter_grades=table) == 80.0  # key spelled in lower case
    assert normalize_rating("c-", letter_grades=table) == 70.0  # key spelled with U+2212
    with pytest.raises(RatingError) as info:
        normalize_rating("B+", letter_grades=table)  # not in the custom table
    assert info.value.reason == "unparseable_rating"


def test_custom_letter_table_out_of_range_value() -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating("A", letter_grades={"A": 120.0})
    assert info.value.reason == "rating_out_of_range"


# --- the reviews named in the encyclopedia article --------------------------------------------


@pytest.mark.parametrize(
    ("outlet", "rating", "expected"),
    [
        ("Entertainment Weekly", "B+", 83.0),
        ("Empire", "3/5", 60.0),
        ("Collider", "3/5", 60.0),
        ("USA Today", "2/4", 50.0),
        ("IGN", "6.5/10", 65.0),
    ],
)
def test_article_reviews(outlet: str, rating: str, expected: float) -> None:
    assert normalize_rating(rating) == expected, outlet


# --- fractions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("3.5/4", 87.5),
        ("83/100", 83.0),
        ("3 / 5", 60.0),
        ("3 out of 5", 60.0),
        ("3 OUT OF 5", 60.0),
        ("7 of 10", 70.0),
        ("10/10", 100.0),
        ("0/10", 0.0),
        ("83%", 83.0),
        ("4/5 stars", 80.0),
        ("3.5 stars out of 5", 70.0),
        ("3½/4", 87.5),
    ],
)
def test_fractions(rating: str, expected: float) -> None:
    assert normalize_rating(rating) == expected


def test_fractions_are_not_rounded() -> None:
    assert normalize_rating("2/3") == 100 * 2 / 3
    assert normalize_rating("7/9") == pytest.approx(77.7777777777, abs=1e-9)
    assert normalize_rating("7/9") != 78.0


def test_fraction_precision_is_exact() -> None:
    # 100 × 0.1 / 0.3 in floats is 33.333333333333336; exact arithmetic gives 33.33…33.
    assert normalize_rating(".1/.3") == 100 / 3
    assert normalize_rating("0.7/1") == 70.0  # 0.7 * 100 in floats is 70.00000000000001


def test_fraction_agreeing_with_scale() -> None:
    assert normalize_rating("3/5", scale=5) == 60.0
    assert normalize_rating("3/5", scale=5.0) == 60.0


def test_fraction_disagreeing_with_scale() -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating("3/5", scale=10)
    assert info.value.reason == "ambiguous_scale"


# --- stars ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "scale", "expected"),
    [
        ("★★★½", 5, 70.0),
        ("★★★½", 4, 87.5),
        ("★★★★", 4, 100.0),
        ("½", 5, 10.0),
        ("★ ★ ★", 5, 60.0),
        ("⭐⭐⭐", 5, 60.0),
        ("⭐️⭐️⭐️⭐️", 5, 80.0),  # with the emoji variation selector
        ("***", 4, 75.0),
        ("*** 1/2", 4, 87.5),
        ("★★★1/2", 5, 70.0),
        ("3.5 stars", 5, 70.0),
        ("3½ stars", 5, 70.0),
        ("3 ½ stars", 5, 70.0),
        ("3 1/2 stars", 4, 87.5),
        ("1 star", 4, 25.0),
        ("0 stars", 5, 0.0),
        ("2.5★", 5, 50.0),
        ("3½", 4, 87.5),
    ],
)
def test_stars_with_scale(rating: str, scale: float, expected: float) -> None:
    assert normalize_rating(rating, scale) == expected


@pytest.mark.parametrize(
    ("rating", "expected"),
    [
        ("★★★☆☆", 60.0),
        ("★★½☆☆", 50.0),  # the half star takes a position: 2.5 of 5
        ("★★★★★", None),  # no empty star: the maximum is unknown
        ("☆☆☆☆☆", 0.0),
        ("★☆☆☆", 25.0),
        ("★★★★/5", 80.0),
    ],
)
def test_stars_carrying_their_scale(rating: str, expected: float | None) -> None:
    if expected is None:
        with pytest.raises(RatingError) as info:
            normalize_rating(rating)
        assert info.value.reason == "ambiguous_scale"
    else:
        assert normalize_rating(rating) == expected


def test_filled_and_empty_stars_agree_with_scale() -> None:
    assert normalize_rating("★★★☆☆", scale=5) == 60.0
    with pytest.raises(RatingError) as info:
        normalize_rating("★★★☆☆", scale=10)
    assert info.value.reason == "ambiguous_scale"


@pytest.mark.parametrize("rating", ["★★★½", "3.5 stars", "3½ stars", "***", "3½"])
def test_stars_without_scale_are_ambiguous(rating: str) -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating(rating)
    assert info.value.reason == "ambiguous_scale"
    assert rating in str(info.value)
    assert "scale" in str(info.value)


# --- numbers with a scale ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "scale", "expected"),
    [
        ("83", 100, 83.0),
        ("4", 5, 80.0),
        ("6.5", 10, 65.0),
        ("6.5", 10.0, 65.0),
        ("0", 10, 0.0),
        ("10", 10, 100.0),
        ("7", 9, 100 * 7 / 9),
        ("1", 0.3, None),  # above the maximum
        (".3", 0.3, 100.0),  # the scale is read as the decimal it prints as
    ],
)
def test_numbers_with_scale(rating: str, scale: float, expected: float | None) -> None:
    if expected is None:
        with pytest.raises(RatingError) as info:
            normalize_rating(rating, scale)
        assert info.value.reason == "rating_out_of_range"
    else:
        assert normalize_rating(rating, scale) == expected


@pytest.mark.parametrize("rating", ["83", "6.5", "4", " 7 "])
def test_bare_number_is_ambiguous(rating: str) -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating(rating)
    assert info.value.reason == "ambiguous_scale"
    assert repr(rating.strip()) in info.value.message


def test_nan_scale_means_no_scale() -> None:
    # An empty scale cell read by pandas arrives as NaN.
    with pytest.raises(RatingError) as info:
        normalize_rating("4", math.nan)
    assert info.value.reason == "ambiguous_scale"
    assert normalize_rating("3/5", math.nan) == 60.0


# --- out of range -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "scale"),
    [
        ("6/5", None),
        ("11/10", None),
        ("101%", None),
        ("-1/5", None),
        ("−2/5", None),  # U+2212
        ("-3", 10),
        ("3/0", None),
        ("3/-5", None),
        ("4", 0),
        ("4", -5),
        ("4", math.inf),
        ("6", 5),
        ("★★★★★★", 5),
        ("5 stars", 4),
        ("4½ stars", 4),
        ("3/5", 0),  # a bad scale is refused even when the fraction carries its maximum
    ],
)
def test_out_of_range(rating: str, scale: float | None) -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating(rating, scale)
    assert info.value.reason == "rating_out_of_range"


def test_out_of_range_message_names_value_and_expectation() -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating("11/10")
    message = str(info.value)
    assert "'11/10'" in message
    assert "expected at most 10" in message
    assert message.index("above") < message.index("Check")  # cause, then remedy


# --- garbage ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rating",
    [
        "garbage",
        "B++",
        "E",
        "AB",
        "3/5/7",
        "3.5½",
        "nan",
        "inf",
        "1e3",
        "1_000",
        "٣/٥",  # Arabic-Indic digits
        "3,5/10",
        "/5",
        "★☆★",
        "½★",
        "83%/100",
        "three stars",
        "x" * 500,
        "9" * 5000,
    ],
)
def test_unparseable(rating: str) -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating(rating, scale=10)
    assert info.value.reason == "unparseable_rating"


def test_unparseable_message_names_value_and_expectation() -> None:
    with pytest.raises(RatingError) as info:
        normalize_rating("great!")
    assert "'great!'" in info.value.message
    assert "expected" in info.value.message


@pytest.mark.parametrize("rating", [None, "", "   ", "\t\n"])
def test_no_rating(rating: str | None) -> None:
    assert normalize_rating(rating) is None
    assert normalize_rating(rating, scale=5) is None


def test_score_10_is_score_100_over_10() -> None:
    score_100 = normalize_rating("6.5/10")
    assert score_100 is not None
    assert score_100 / 10 == 6.5


# --- verdicts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdict", "expected"),
    [
        ("fresh", "fresh"),
        ("Fresh", "fresh"),
        (" FRESH ", "fresh"),
        ("rotten", "rotten"),
        ("Rotten\n", "rotten"),
        (None, None),
        ("", None),
        ("  ", None),
    ],
)
def test_verdicts(verdict: str | None, expected: str | None) -> None:
    assert normalize_verdict(verdict) == expected


@pytest.mark.parametrize("verdict", ["certified fresh", "good", "splat", "fresh!", "rott en"])
def test_bad_verdict(verdict: str) -> None:
    with pytest.raises(RatingError) as info:
        normalize_verdict(verdict)
    assert info.value.reason == "bad_verdict"
    assert "fresh" in info.value.message


# --- the error --------------------------------------------------------------------------------


def test_rating_error_is_a_value_error_with_reason() -> None:
    error = RatingError("ambiguous_scale", "cause; remedy")
    assert isinstance(error, ValueError)
    assert error.reason == "ambiguous_scale"
    assert str(error) == "cause; remedy"


def test_rating_error_refuses_unknown_reason() -> None:
    with pytest.raises(ValueError, match="unknown rating error reason"):
        RatingError("nope", "message")


def test_rating_error_pickles() -> None:
    error = pickle.loads(pickle.dumps(RatingError("bad_verdict", "message")))
    assert isinstance(error, RatingError)
    assert (error.reason, error.message) == ("bad_verdict", "message")


# --- properties -------------------------------------------------------------------------------

_RATING_ALPHABET = st.sampled_from([*"0123456789./ -−–+½★☆*%ABCDFabcdf", "out of", "stars"])
_ratings = st.one_of(
    st.text(),
    st.lists(_RATING_ALPHABET, max_size=12).map("".join),
)
_scales = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-10, max_value=1000),
)


@given(rating=_ratings, scale=_scales)
def test_never_raises_anything_but_rating_error(rating: str, scale: float | None) -> None:
    try:
        score = normalize_rating(rating, scale)
    except RatingError as error:
        assert error.reason in REASONS - {"bad_verdict"}
        assert error.message
        return
    assert score is None or 0.0 <= score <= 100.0


@given(
    value=st.fractions(min_value=0, max_value=1000, max_denominator=1000),
    maximum=st.integers(min_value=1, max_value=1000),
)
def test_fraction_score_is_exact(value: object, maximum: int) -> None:
    from fractions import Fraction

    assert isinstance(value, Fraction)
    text = f"{value.numerator / value.denominator!r}/{maximum}"
    exact = Fraction(text.split("/")[0]) * 100 / maximum
    if exact > 100:
        with pytest.raises(RatingError):
            normalize_rating(text)
    else:
        assert normalize_rating(text) == float(exact)


@given(verdict=st.text())
def test_verdict_never_raises_anything_but_rating_error(verdict: str) -> None:
    try:
        result = normalize_verdict(verdict)
    except RatingError as error:
        assert error.reason == "bad_verdict"
        return
    assert result in (None, "fresh", "rotten")
