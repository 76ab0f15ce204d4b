"""Compiled SQL kept on disk: a single ``showmeter compute`` neither imports Ibis nor compiles.

Building a metric's Ibis expression and compiling it to SQL costs a process about a second
(importing Ibis and sqlglot is most of it), more than DuckDB then takes to run the query on
a store of millions of sessions. The SQL of a computation depends only on what it is asked,
so it is kept in a cache folder and read back by the next process that asks the same:

- **Where**: ``$SHOWMETER_CACHE_DIR/sql/``, else ``$XDG_CACHE_HOME/showmeter/sql/``, else
  ``~/.cache/showmeter/sql/``; ``SHOWMETER_SQL_CACHE=off`` turns it off. A folder that cannot
  be written is no error: the SQL is then compiled every time.
- **Key**: showmeter's version; the metric, its version and the versions of the metrics its
  parameters name (``rank`` compiles another metric; naming no other metric, a cached
  computation loads only its own family: :mod:`showmeter.definitions.registry`); its
  resolved parameters as echoed in results; the title, season and ``alone`` filters; the SQL
  dialect; and a fingerprint (path, size, modification time) of the source files the SQL is
  generated from: the definitions, the canonical schema, the engines, and the installed Ibis
  and sqlglot. Any change of one gives another entry.
- **Filters**: a computation with a ``markets`` or ``devices`` filter is kept as its template,
  each value replaced by a mark, and its values are put back on reading
  (:mod:`showmeter.engines.literals`): every market (device) shares one entry, keyed by how
  many values are given, never by which.
- **Entry**: one JSON file per key (named by the key's SHA-256), holding the key itself
  (checked on reading), the SQL and the Arrow schema of the result. It is written to a
  temporary file in the same folder and renamed over the entry, so that concurrent processes
  never read a partial file (the last writer wins, with the same text). An entry that cannot
  be read is ignored and written again.

Only an engine that runs SQL text on the store's own connection (DuckDB) uses the cache; the
others need the expression itself.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import functools
import hashlib
import json
from typing import TYPE_CHECKING, Any

import showmeter._version
from showmeter import caches
from showmeter.engines import literals

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pyarrow as pa

    from showmeter.engines.base import Engine
    from showmeter.engines.prepared import Prepared

__all__ = ["Compiled", "cache_folder", "cached_text", "compiled", "entry_key"]

_FORMAT = 2
"""The version of the entries' layout."""

_SOURCES = ("definitions", "schema", "engines")
"""The folders of showmeter whose files the SQL is generated from."""

_LIBRARIES = ("ibis", "sqlglot")
"""The installed libraries that generate the SQL."""

WATCHED_FIELDS = ("launch_at", "runtime_s", "seconds_watched", "position_end_s")
"""The columns whose reading the checks around a computation ask about (a launch-relative
metric needs launches: :mod:`showmeter.engines.launch_check`; a figure from runtimes says when
they are estimates: :mod:`showmeter.engines.estimates`), kept with the SQL so that a cached
computation answers without building its expression."""


@dataclasses.dataclass(frozen=True)
class Compiled:
    """A computation's SQL and the Arrow schema of its result.

    Attributes:
        sql: The SQL text.
        schema: The result's columns and types, as the expression declares them.
        fields: Which of :data:`WATCHED_FIELDS` the expression reads.
        cached: Whether it was read from the cache (rather than compiled now).
    """

    sql: str
    schema: pa.Schema
    fields: frozenset[str] = frozenset()
    cached: bool = False


def cache_folder() -> Path | None:
    """The folder of cached SQL, or None when the cache is turned off."""
    return caches.cache_folder("sql", "SHOWMETER_SQL_CACHE")


@functools.cache
def _fingerprint() -> str:
    """Path, size and modification time of every file the SQL is generated from."""
    return caches.source_fingerprint(_SOURCES, _LIBRARIES)


def entry_key(prepared: Prepared, dialect: str) -> dict[str, Any]:
    """What a computation's SQL depends on: the key of its entry (see the module's docstring).

    Args:
        prepared: The computation (its expression need not be built).
        dialect: The SQL dialect.

    Returns:
        The key, as JSON values.
    """
    from showmeter import definitions

    return {
        "format": _FORMAT,
        "showmeter": showmeter._version.__version__,
        "metric": prepared.metric,
        "version": prepared.definition.version,
        "versions": sorted((n, definitions.get(n).version) for n in _named(prepared)),
        "params": prepared.resolved.echo(),
        "title": prepared.title,
        "season": prepared.season,
        "alone": prepared.alone,
        "dialect": dialect,
        "sources": _fingerprint(),
        # the pre-aggregations its SQL reads (preaggregated.DaysPrepared); none: the sessions
        **({"aggregates": sorted(prepared.aggregates)} if prepared.aggregates else {}),
    }


def _named(prepared: Prepared) -> set[str]:
    """The metric and the metrics its parameters name (the one ``rank`` ranks)."""
    from showmeter.definitions.registry import INDEX

    values = prepared.resolved.echo().values()
    return {prepared.metric, *(v for v in values if isinstance(v, str) and v in INDEX)}


def _read(path: Path, key: dict[str, Any]) -> Compiled | None:
    import pyarrow as pa

    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("key") != key:
            return None
        schema = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(entry["schema"])))
        fields = frozenset(str(name) for name in entry["fields"])
        return Compiled(str(entry["sql"]), schema, fields, cached=True)
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException):
        return None


def _write(path: Path, key: dict[str, Any], done: Compiled) -> None:
    """Write an entry atomically (temporary file, then rename); give up silently on an error."""
    entry = {
        "key": key,
        "sql": done.sql,
        "schema": base64.b64encode(done.schema.serialize().to_pybytes()).decode("ascii"),
        "fields": sorted(done.fields),
    }
    caches.write_json(path, entry)


def compiled(prepared: Prepared, engine: Engine) -> Compiled:
    """A computation's SQL on an engine, from the cache when it holds it, else compiled (and kept).

    A computation with a market or device filter is compiled as its template and its values put
    back (:mod:`showmeter.engines.literals`), so that every value shares one entry.

    Args:
        prepared: The computation (its expression need not be built: it is built on a miss).
        engine: The engine whose dialect to compile to.

    Returns:
        The SQL and the result's schema.

    Raises:
        UsageError: The expression cannot be built (a title or season the metric has no column
            for) or compiled to the dialect.
    """
    folder = cache_folder()
    if folder is not None and engine.dialect == "duckdb":
        aside = literals.set_aside(prepared)
        if aside is not None:
            template = _compiled(aside.template, engine, folder)
            sql = aside.fill(template.sql)
            if sql is not None:
                return dataclasses.replace(template, sql=sql)
    return _compiled(prepared, engine, folder)


def _compiled(prepared: Prepared, engine: Engine, folder: Path | None) -> Compiled:
    """A computation's SQL as it is asked, from the cache in ``folder`` (None: not kept)."""
    path = key = None
    if folder is not None:
        text = json.dumps(entry_key(prepared, engine.dialect), sort_keys=True, default=str)
        key = json.loads(text)  # as read back: tuples are lists
        path = folder / f"{hashlib.sha256(text.encode()).hexdigest()}.json"
        found = _read(path, key)
        if found is not None:
            return found
    expr = prepared.expr
    from showmeter.engines.launch_check import fields_read

    done = Compiled(
        engine.compile(expr), expr.schema().to_pyarrow(), fields_read(expr, WATCHED_FIELDS)
    )
    if path is not None and key is not None:
        _write(path, key, done)
    return done


def cached_text(name: dict[str, Any], make: Callable[[], str]) -> str:
    """SQL text that is not a metric's computation (a pre-aggregation's), kept like theirs.

    The key is ``name`` with showmeter's version and the fingerprint of the source files (as
    for a computation), so any change to the code the SQL is generated from gives another
    entry.

    Args:
        name: What the SQL is (JSON-serializable values; e.g. the table and its restriction).
        make: Builds the SQL on a miss (the expression built and compiled).

    Returns:
        The SQL text, read from the cache when it holds it, else made (and kept).
    """
    folder = cache_folder()
    if folder is None:
        return make()
    key = {
        "format": _FORMAT,
        "showmeter": showmeter._version.__version__,
        "text": name,
        "sources": _fingerprint(),
    }
    text = json.dumps(key, sort_keys=True, default=str)
    key = json.loads(text)
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("key") == key:
            return str(entry["sql"])
    sql = make()
    caches.write_json(path, {"key": key, "sql": sql})
    return sql
