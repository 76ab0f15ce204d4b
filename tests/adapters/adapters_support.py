"""Helpers of the adapter tests: the fixtures' catalog, loading a file, reading the store."""

from __future__ import annotations

from pathlib import Path

from showmeter.catalog import Catalog, load_catalog
from showmeter.intake.load import FileSummary, ingest
from showmeter.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


def catalog() -> Catalog:
    """The catalog every adapter fixture resolves against."""
    return load_catalog(FIXTURES / "catalog.yaml")


def load(
    path: Path,
    source: str,
    *,
    store: Store | None = None,
    assume_tz: str | None = None,
    **options: str,
) -> tuple[Store, list[FileSummary]]:
    """Ingest ``path`` with the adapter ``source`` into ``store`` (a new in-memory one)."""
    store = store if store is not None else Store()
    summaries = ingest(
        store, catalog(), [("viewing", path)], source=source, options=options, assume_tz=assume_tz
    )
    return store, summaries


def quarantine(store: Store) -> list[tuple[int | None, str]]:
    """``(line, reason)`` of every quarantined row, by line."""
    return store.connection.execute(
        "SELECT line, reason FROM quarantine ORDER BY file, line"
    ).fetchall()


def sessions(store: Store, columns: str) -> list[tuple[object, ...]]:
    """The stored sessions' ``columns`` (SQL), by start time then title."""
    return store.connection.execute(
        f"SELECT {columns} FROM viewing ORDER BY started_at, title, episode"
    ).fetchall()


def counts(summary: FileSummary) -> tuple[int, int, int, int]:
    """``(read, loaded, quarantined, duplicates)``, asserting that they reconcile."""
    assert summary.reconciles, summary
    return summary.read, summary.loaded, summary.quarantined, summary.duplicates


def reload_changes_nothing(
    tmp_path: Path, path: Path, source: str, *, assume_tz: str | None = None, **options: str
) -> list[FileSummary]:
    """Load ``path`` twice into one store file; check the second load adds nothing."""
    store_path = tmp_path / "reload.duckdb"
    with Store(store_path) as store:
        first = load(path, source, store=store, assume_tz=assume_tz, **options)[1]
        before = _facts(store)
    with Store(store_path) as store:
        second = load(path, source, store=store, assume_tz=assume_tz, **options)[1]
        after = _facts(store)
    assert before == after
    for one, two in zip(first, second, strict=True):
        assert two.loaded == 0
        assert (two.read, two.quarantined) == (one.read, one.quarantined)
        assert two.duplicates == one.loaded + one.duplicates
        assert two.reconciles
    return second


def _facts(store: Store) -> tuple[int, int]:
    """Rows of ``viewing`` and of ``quarantine``."""
    counts = store.counts()
    return counts["viewing"], counts["quarantine"]
