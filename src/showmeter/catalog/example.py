"""The commented example catalog that ``showmeter catalog init`` writes.

It loads as it is (a test feeds it to the loader and to ``ingest``), and shows every key once:
a series with a launch per market and availability windows, a film, the optional market list
and the demand signal weights.
"""

from __future__ import annotations

__all__ = ["EXAMPLE"]

EXAMPLE = """\
# A showmeter catalog: every title, season and episode the viewing files name, when each
# season launched in each market, and where it could be watched.
# Reference: docs/catalog.md (`showmeter catalog schema` writes the JSON Schema for editors).
# Load it with: showmeter ingest --store launch.duckdb --catalog catalog.yaml --events ...
# yaml-language-server: $schema=catalog.schema.json

# markets: optional. Absent, every ISO 3166-1 country is known, with its zone and population.
# Listed, these are the only markets (plus ZZ, unknown); zone and population default to the
# built-in ones.
#   markets:
#     - {market: US, tz: America/New_York, population: 325700000}
#     - {market: KR}

# Demand signals (the `signal` column of --signals files) and their weights, for `demand`.
signal_weights: {pageviews: 1.0, searches: 2.0, social: 0.5}

titles:
  - title: the-defenders            # the id the viewing files use: a lower-case slug
    name: "Marvel's The Defenders"
    kind: series                    # series (seasons from 1) or film (one season, 0)
    original: true                  # a platform original
    language: en
    category: drama
    seasons:
      - season: 1
        label: Limited Series
        episodes:                   # runtime: seconds, "MM:SS" or "H:MM:SS"
          - {episode: 1, name: The H Word, runtime: "52:14"}
          - {episode: 2, name: Mean Right Hook, runtime: "49:07"}
          - {episode: 3, runtime: 2950}
        launches:                   # ONE market per launch: `market` (singular)
          - {market: "*", at: "2017-08-18T07:00:00Z", platform: netflix}   # every market
          - {market: JP, local: "2017-08-18T00:00", platform: netflix}      # JP's own time
        availability:               # a LIST of markets per window: `markets` (plural)
          - {platform: netflix, markets: "*", from: 2017-08-18, until: 2022-03-01}
          - {platform: disney-plus, markets: [US, CA, GB], from: 2022-03-16}

  - title: daredevil                # a reference season for reach_index
    name: "Marvel's Daredevil"
    original: true
    category: drama
    seasons:
      - season: 2
        episodes:
          - {episode: 1, runtime: "50:32"}
          - {episode: 2, runtime: "54:10"}
        launches:
          - {market: "*", at: "2016-03-18T07:00:00Z"}

  - title: a-film
    name: A Film
    kind: film
    seasons:
      - season: 0                   # a film's one season is numbered 0
        episodes:
          - {episode: 1, runtime: "1:52:00"}
        launches:
          - {market: "*", local: "2017-09-01T00:00"}   # midnight in each market's own zone
"""
"""The example catalog: YAML with comments, accepted by ``ingest`` as it is."""
