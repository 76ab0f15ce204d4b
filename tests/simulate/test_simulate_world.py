"""Writing a world: determinism under a seed, exact row counts, a clean ingest, the command."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import showmeter.cli.simulate_command  # noqa: F401  (registers `simulate` on the app)
from showmeter.catalog import load_catalog
from showmeter.cli.app import app
from showmeter.intake.load import ingest
from showmeter.simulate import Written, demo_world, session_tables, synthetic_world, write_world
from showmeter.store import Store


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_writes_the_same_files_and_another_seed_other_sessions(
    tmp_path: Path,
) -> None:
    world = demo_world()
    first = write_world(world, tmp_path / "a", sessions=15_000, seed=5)
    again = write_world(world, tmp_path / "b", sessions=15_000, seed=5)
    other = write_world(world, tmp_path / "c", sessions=15_000, seed=6)
    assert digests(first.folder) == digests(again.folder)
    a, c = digests(first.folder), digests(other.folder)
    assert a["sessions/part-00000.parquet"] != c["sessions/part-00000.parquet"]
    assert a["catalog.yaml"] == c["catalog.yaml"]


@pytest.mark.parametrize("chunk_rows", [10_000, 25_000, 1_000_000])
def test_the_session_tables_hold_exactly_the_sessions_asked_for(chunk_rows: int) -> None:
    tables = list(
        session_tables(demo_world(), sessions_wanted=54_321, seed=2, chunk_rows=chunk_rows)
    )
    assert sum(table.num_rows for table in tables) == 54_321
    assert max(table.num_rows for table in tables) < chunk_rows + 60_000  # a table, one block past


def test_the_files_hold_exactly_the_sessions_asked_for_with_the_canonical_types(
    tmp_path: Path,
) -> None:
    written = write_world(
        synthetic_world(titles=12),
        tmp_path,
        sessions=123_457,
        seed=1,
        chunk_rows=20_000,
        rows_per_file=40_000,
    )
    files = sorted((tmp_path / "sessions").glob("part-*.parquet"))
    assert files == written.session_files and len(files) >= 3
    assert sum(pq.read_metadata(f).num_rows for f in files) == written.sessions == 123_457
    schema = pq.read_schema(files[0])
    assert schema.field("started_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("season").type == pa.int32() == schema.field("episode").type
    assert schema.field("seconds_watched").type == pa.float64()
    for name in ("account_id", "profile_id", "person_id", "title", "device", "market"):
        assert schema.field(name).type == pa.string()


def test_a_generated_world_ingests_without_a_quarantined_row(small_world: Written) -> None:
    catalog = load_catalog(small_world.catalog)
    with Store() as store:
        summaries = ingest(store, catalog, small_world.inputs())
    kinds = {summary.kind: summary for summary in summaries}
    assert set(kinds) == {"viewing", "panels", "reviews", "signals"}
    for summary in summaries:
        assert summary.read > 0
        assert summary.quarantined == 0, summary.reasons
        assert summary.duplicates == 0
        assert summary.loaded == summary.read
        assert not summary.notes
    assert kinds["viewing"].read == small_world.sessions


def test_a_synthetic_world_ingests_without_a_quarantined_row(tmp_path: Path) -> None:
    written = write_world(synthetic_world(titles=20), tmp_path, sessions=30_000, seed=4)
    with Store() as store:
        summaries = ingest(store, load_catalog(written.catalog), written.inputs())
    assert all(s.quarantined == 0 and s.loaded == s.read for s in summaries)


def test_the_simulate_command_writes_a_world(tmp_path: Path) -> None:
    out = tmp_path / "world"
    result = CliRunner().invoke(
        app, ["simulate", "--output", str(out), "--sessions", "10000", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "10,000 sessions" in result.output
    assert "showmeter ingest" in result.output
    for name in ("catalog.yaml", "panels.parquet", "reviews.csv", "signals.parquet"):
        assert (out / name).is_file()
    assert sum(pq.read_metadata(f).num_rows for f in (out / "sessions").glob("*.parquet")) == 10_000


def test_the_simulate_command_rejects_a_scale_beyond_a_billion(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["simulate", "--output", str(tmp_path), "--sessions", "1000000001"]
    )
    assert result.exit_code == 2
