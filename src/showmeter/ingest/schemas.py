"""The canonical tables of a showmeter store, as DuckDB DDL.

Every metric reads these tables and nothing else. The catalog tables are rebuilt from the
catalog file at each ingest; the fact tables (``viewing``, ``panels``, ``reviews``,
``signals``) only grow, keyed by ``row_id`` so that loading the same row twice changes nothing.
A viewing row without an ``event_id`` has no ``row_id``: all its values are its identity.

Conventions:
- timestamps are ``TIMESTAMPTZ`` and mean instants (stored in UTC);
- markets are ISO 3166-1 alpha-2 codes, ``ZZ`` for unknown;
- durations are seconds as ``DOUBLE``;
- ``launches`` and ``availability`` are expanded per market: the ``*`` entries of the catalog
  become one row for every market of the ``markets`` table (and ``ZZ``), so metrics join on
  ``(title, season, market)`` with no fallback logic.
"""

from __future__ import annotations

__all__ = ["CATALOG_TABLES", "FACT_TABLES", "TABLES", "UNIT_COLUMNS"]

UNIT_COLUMNS = ("account_id", "profile_id", "person_id")
"""The unit id columns of ``viewing``, in the order of the ``unit`` parameter's choices."""

CATALOG_TABLES: dict[str, str] = {
    "markets": """
        market VARCHAR NOT NULL PRIMARY KEY,   -- ISO 3166-1 alpha-2, or ZZ
        name VARCHAR,
        tz VARCHAR NOT NULL,                   -- IANA zone
        population BIGINT                      -- people; NULL when unknown
    """,
    "titles": """
        title VARCHAR NOT NULL PRIMARY KEY,
        name VARCHAR,
        kind VARCHAR NOT NULL,                 -- series | film
        original BOOLEAN NOT NULL,             -- a platform original
        language VARCHAR,
        category VARCHAR
    """,
    "seasons": """
        title VARCHAR NOT NULL,
        season INTEGER NOT NULL,               -- 0 for a film
        label VARCHAR,
        episodes INTEGER NOT NULL,             -- number of episodes
        runtime_s DOUBLE NOT NULL,             -- sum of the episodes' runtimes
        launch_at TIMESTAMPTZ,                 -- earliest launch instant (anchor=global)
        PRIMARY KEY (title, season)
    """,
    "episodes": """
        title VARCHAR NOT NULL,
        season INTEGER NOT NULL,
        episode INTEGER NOT NULL,
        name VARCHAR,
        runtime_s DOUBLE NOT NULL,
        credits_at_s DOUBLE,
        PRIMARY KEY (title, season, episode)
    """,
    "launches": """
        title VARCHAR NOT NULL,
        season INTEGER NOT NULL,
        market VARCHAR NOT NULL,               -- one row per market (the * entry expanded)
        platform VARCHAR,
        launch_at TIMESTAMPTZ NOT NULL,        -- L(s, m)
        explicit BOOLEAN NOT NULL,             -- true when the catalog names this market
        PRIMARY KEY (title, season, market)
    """,
    "availability": """
        title VARCHAR NOT NULL,
        season INTEGER NOT NULL,
        platform VARCHAR NOT NULL,
        market VARCHAR NOT NULL,               -- one row per market (the * entry expanded)
        available_from TIMESTAMPTZ NOT NULL,   -- inclusive
        available_until TIMESTAMPTZ            -- exclusive; NULL = open-ended
    """,
    "signal_weights": """
        signal VARCHAR NOT NULL PRIMARY KEY,
        weight DOUBLE NOT NULL
    """,
}

FACT_TABLES: dict[str, str] = {
    "viewing": """
        row_id VARCHAR,                        -- event_id; NULL without one: the row is its values
        account_id VARCHAR,
        profile_id VARCHAR,
        person_id VARCHAR,
        title VARCHAR NOT NULL,
        season INTEGER NOT NULL,
        episode INTEGER NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        seconds_watched DOUBLE NOT NULL,
        position_end_s DOUBLE,
        device VARCHAR NOT NULL,               -- tv, desktop, mobile, tablet, console, other
        market VARCHAR NOT NULL                -- ISO 3166-1 alpha-2, ZZ = unknown
    """,
    "panels": """
        row_id VARCHAR NOT NULL,
        panel VARCHAR NOT NULL,                -- 'default' when the input has no panel column
        unit VARCHAR NOT NULL,                 -- account | profile | person
        unit_id VARCHAR NOT NULL,
        weight DOUBLE NOT NULL,                -- projection factor, > 0
        age INTEGER,
        sex VARCHAR,
        region VARCHAR
    """,
    "reviews": """
        row_id VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        season INTEGER NOT NULL,
        outlet VARCHAR NOT NULL,
        critic VARCHAR,
        top_critic BOOLEAN NOT NULL,
        published_at DATE,
        rating VARCHAR,                        -- as written
        scale DOUBLE,
        verdict VARCHAR,                       -- fresh | rotten | NULL
        weight DOUBLE NOT NULL,                -- outlet weight, 1 by default
        score_100 DOUBLE,                      -- normalized at ingest; NULL for a verdict only
        score_10 DOUBLE
    """,
    "signals": """
        row_id VARCHAR NOT NULL,
        date DATE NOT NULL,
        market VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        signal VARCHAR NOT NULL,
        value DOUBLE NOT NULL
    """,
}

BOOKKEEPING_TABLES: dict[str, str] = {
    "loads": """
        load_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,                 -- viewing | panels | reviews | signals
        source VARCHAR NOT NULL,               -- canonical | netflix | ...
        file VARCHAR NOT NULL,
        read BIGINT NOT NULL,
        loaded BIGINT NOT NULL,
        quarantined BIGINT NOT NULL,
        duplicates BIGINT NOT NULL,
        reasons VARCHAR NOT NULL,              -- JSON object reason -> count
        notes VARCHAR NOT NULL,                -- JSON object: remapped values and approximations
        loaded_at TIMESTAMPTZ NOT NULL
    """,
    "quarantine": """
        load_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        file VARCHAR NOT NULL,
        line BIGINT,                           -- 1-based; the header is line 1 in CSV
        "column" VARCHAR,
        reason VARCHAR NOT NULL,
        value VARCHAR,                         -- the offending value as read
        record VARCHAR                         -- the whole row as JSON
    """,
}

TABLES: dict[str, str] = {**CATALOG_TABLES, **FACT_TABLES, **BOOKKEEPING_TABLES}
"""Every table of a store, name -> column DDL."""
