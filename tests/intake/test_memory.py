"""A Parquet input larger than the memory cap is loaded in bounded memory.

The child process caps DuckDB at 128 MB and reads the file in batches. A loader that held its
input would grow by about the decoded size of the extra rows; this one must not: tripling the
input (2 M to 6 M sessions) may add at most half of what the extra rows take in memory
(DuckDB and Arrow's pools fill as the load goes, so some growth is expected; holding the input
costs well over all of it). Measured here: 114 MiB more for 374 MiB more input.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

SCRIPT = """
import json, sys
from pathlib import Path
from showmeter.catalog import load_catalog
from showmeter.intake.load import ingest
from showmeter.store import Store

with Store(sys.argv[1], memory_limit="128MB", threads=2) as store:
    [summary] = ingest(store, load_catalog(sys.argv[2]), [("viewing", sys.argv[3])])
    stored = store.connection.execute("SELECT count(*) FROM viewing").fetchall()[0][0]
# VmHWM is this program's own peak (ru_maxrss would keep the forking parent's across exec).
status = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) * 1024
print(json.dumps({"loaded": summary.loaded, "read": summary.read, "stored": stored, "peak": peak}))
"""


def _write_sessions(path: Path, rows: int) -> int:
    """Write sessions in row groups; return the bytes the whole table takes in memory."""
    rng = np.random.default_rng(7)
    writer = None
    in_memory = 0
    start = np.datetime64("2017-08-18T08:00:00", "us")
    for chunk in range(rows // 500_000):
        n = 500_000
        ids = np.arange(chunk * n, (chunk + 1) * n)
        table = pa.table(
            {
                "event_id": pa.array([f"event-{i:012d}" for i in ids]),
                "account_id": pa.array([f"account-{i % 400_000:09d}" for i in ids]),
                "title": pa.array(["the-defenders"] * n),
                "season": pa.array(np.ones(n, np.int32)),
                "episode": pa.array(rng.integers(1, 3, n, dtype=np.int32)),
                "started_at": pa.array(
                    start + rng.integers(0, 10**12, n).astype("timedelta64[us]"),
                    pa.timestamp("us", tz="UTC"),
                ),
                "seconds_watched": pa.array(rng.uniform(0, 3000, n)),
                "device": pa.array(["tv", "mobile"] * (n // 2)),
                "market": pa.array(["US"] * n),
            }
        )
        in_memory += table.nbytes
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=250_000)
    assert writer is not None
    writer.close()
    return in_memory


def _peak(catalog_file: Path, tmp_path: Path, rows: int) -> tuple[int, int]:
    events = tmp_path / f"sessions-{rows}.parquet"
    in_memory = _write_sessions(events, rows)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(SCRIPT),
            str(tmp_path / f"store-{rows}.duckdb"),
            str(catalog_file),
            str(events),
        ],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["read"] == outcome["loaded"] == outcome["stored"] == rows
    return int(outcome["peak"]), in_memory


@pytest.mark.slow
def test_parquet_larger_than_the_memory_cap_streams(catalog_file: Path, tmp_path: Path) -> None:
    small_peak, small_input = _peak(catalog_file, tmp_path, 2_000_000)
    large_peak, large_input = _peak(catalog_file, tmp_path, 6_000_000)
    assert large_input > 3 * 128 * 2**20  # the input is well above DuckDB's cap
    growth = large_peak - small_peak
    assert growth < 0.5 * (large_input - small_input), (
        f"peak grew by {growth / 2**20:.0f} MiB for {(large_input - small_input) / 2**20:.0f} "
        "MiB more input"
    )
