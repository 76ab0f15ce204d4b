"""Canonical ingest of panels, reviews and demand signals."""

from __future__ import annotations

from pathlib import Path

from showmeter.catalog import load_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store


def _load(catalog_file: Path, kind: str, path: Path):  # type: ignore[no-untyped-def]
    store = Store()
    [summary] = ingest(store, load_catalog(catalog_file), [(kind, path)])
    assert summary.reconciles
    return store, summary


def test_panels(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    panel = write(
        "panel.csv",
        "panel,account_id,person_id,weight,age,sex\n"
        "jumpshot,a1,,1500.5,,\n"  # loaded: unit account
        "nielsen,,p1,20000,34,f\n"  # loaded: unit person
        ",,p2,10,40,m\n"  # loaded: panel 'default'
        "nielsen,a1,p1,1,1,f\n"  # ambiguous_unit
        "nielsen,,,1,1,f\n"  # missing_unit_id
        "nielsen,,p3,0,30,f\n"  # weight_not_positive
        "nielsen,,p4,,30,f\n"  # missing_value (weight)
        "nielsen,,p5,1,old,f\n"  # not_an_integer (age)
        "nielsen,,p6,1,200,f\n"  # age_out_of_range
        "nielsen,,p1,99,34,f\n"  # conflicting_row: p1 again with another weight
        "nielsen,,p1,20000,34,f\n",  # duplicate of p1
    )
    store, summary = _load(catalog_file, "panels", panel)
    assert summary.reasons == {
        "ambiguous_unit": 1,
        "missing_unit_id": 1,
        "weight_not_positive": 1,
        "missing_value": 1,
        "not_an_integer": 1,
        "age_out_of_range": 1,
        "conflicting_row": 1,
    }
    assert (summary.loaded, summary.duplicates) == (3, 1)
    rows = store.connection.execute(
        "SELECT panel, unit, unit_id, weight, age FROM panels ORDER BY panel, unit_id"
    ).fetchall()
    assert rows == [
        ("default", "person", "p2", 10.0, 40),
        ("jumpshot", "account", "a1", 1500.5, None),
        ("nielsen", "person", "p1", 20000.0, 34),
    ]


def test_reviews_are_normalized_at_ingest(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    reviews = write(
        "reviews.csv",
        "title,season,outlet,critic,top_critic,published_at,rating,scale,verdict,weight\n"
        "the-defenders,1,Entertainment Weekly,Darren Franich,true,2017-08-17,B+,,,\n"
        "the-defenders,1,Empire,,false,2017-08-18,3/5,,,1.5\n"
        "the-defenders,1,USA Today,,yes,2017-08-18,2/4,,,\n"
        "the-defenders,1,IGN,,no,2017-08-18,6.5/10,,fresh,\n"  # verdict kept with the score
        "the-defenders,1,Stars Weekly,,,,★★★½,4,,\n"  # 3.5 / 4 = 87.5
        "the-defenders,1,Verdict Only,,,,,,Rotten,\n"  # no score, verdict rotten
        "the-defenders,1,Bare,,,,83,,,\n"  # ambiguous_scale
        "the-defenders,1,Nothing,,,,,,,\n"  # no_rating_or_verdict
        "the-defenders,1,Garbage,,,,excellent!,,,\n"  # unparseable_rating
        "the-defenders,1,Too High,,,,7/5,,,\n"  # rating_out_of_range
        "the-defenders,1,Odd,,,,B,,meh,\n"  # bad_verdict
        "the-defenders,1,When,,,someday,B,,,\n"  # bad_date
        "the-defenders,1,Top,,maybe,,B,,,\n"  # not_a_boolean
        "the-defenders,2,Wrong Season,,,,B,,,\n"  # unknown_season
        "the-punisher,1,Wrong Title,,,,B,,,\n",  # unknown_title
    )
    store, summary = _load(catalog_file, "reviews", reviews)
    assert summary.reasons == {
        "ambiguous_scale": 1,
        "no_rating_or_verdict": 1,
        "unparseable_rating": 1,
        "rating_out_of_range": 1,
        "bad_verdict": 1,
        "bad_date": 1,
        "not_a_boolean": 1,
        "unknown_season": 1,
        "unknown_title": 1,
    }
    rows = store.connection.execute(
        "SELECT outlet, score_100, score_10, verdict, top_critic, weight "
        "FROM reviews ORDER BY outlet"
    ).fetchall()
    assert rows == [
        ("Empire", 60.0, 6.0, None, False, 1.5),
        ("Entertainment Weekly", 83.0, 8.3, None, True, 1.0),
        ("IGN", 65.0, 6.5, "fresh", False, 1.0),
        ("Stars Weekly", 87.5, 8.75, None, False, 1.0),
        ("USA Today", 50.0, 5.0, None, True, 1.0),
        ("Verdict Only", None, None, "rotten", False, 1.0),
    ]


def test_signals(catalog_file: Path, write) -> None:  # type: ignore[no-untyped-def]
    signals = write(
        "signals.csv",
        "date,market,title,signal,value\n"
        "2017-08-20,US,the-defenders,pageviews,1000\n"  # loaded
        "2017-08-20,us,the-defenders,Searches,10\n"  # loaded (market and signal normalized)
        "2017-08-20,US,the-defenders,pageviews,1000\n"  # duplicate
        "2017-08-20,US,the-defenders,pageviews,999\n"  # conflicting_row: same key, other value
        "20/08/2017,US,the-defenders,pageviews,1\n"  # bad_date
        "2017-08-20,ALL,the-defenders,pageviews,1\n"  # unknown_market (ALL is computed, not read)
        "2017-08-20,US,luke-cage,pageviews,1\n"  # unknown_title
        "2017-08-20,US,the-defenders,p2p,-5\n"  # negative_value
        "2017-08-20,US,the-defenders,,5\n",  # missing_value (signal)
    )
    store, summary = _load(catalog_file, "signals", signals)
    assert summary.reasons == {
        "conflicting_row": 1,
        "bad_date": 1,
        "unknown_market": 1,
        "unknown_title": 1,
        "negative_value": 1,
        "missing_value": 1,
    }
    assert (summary.read, summary.loaded, summary.duplicates) == (9, 2, 1)
    rows = store.connection.execute(
        "SELECT market, signal, value FROM signals ORDER BY signal"
    ).fetchall()
    assert rows == [("US", "pageviews", 1000.0), ("US", "searches", 10.0)]
