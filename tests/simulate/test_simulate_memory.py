"""Generating a large world takes memory bounded by the chunk size, not by the total."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

SCRIPT = """
import json, sys
from pathlib import Path
from showmeter.simulate import synthetic_world, write_world

written = write_world(
    synthetic_world(titles=30), sys.argv[1], sessions=int(sys.argv[2]), seed=1,
    chunk_rows=250_000,
)
# VmHWM is this program's own peak (ru_maxrss would keep the forking parent's across exec).
status = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) * 1024
print(json.dumps({"sessions": written.sessions, "peak": peak}))
"""


def run(folder: Path, sessions: int) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), str(sessions)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, int] = json.loads(done.stdout)
    return result


def data_size(folder: Path) -> int:
    """Bytes of the sessions once read (Arrow, plain strings), from one row group's size."""
    files = sorted((folder / "sessions").glob("*.parquet"))
    sample = pq.ParquetFile(files[0]).read_row_group(0)
    rows = sum(pq.read_metadata(path).num_rows for path in files)
    return sample.nbytes * rows // sample.num_rows


def test_five_million_sessions_take_far_less_memory_than_their_data(tmp_path: Path) -> None:
    small = run(tmp_path / "small", 1_000_000)
    large = run(tmp_path / "large", 5_000_000)
    assert large["sessions"] == 5_000_000
    size = data_size(tmp_path / "large")
    assert size > 400_000_000, size
    assert large["peak"] < size, (large, size)  # never the whole data at once
    grown = large["peak"] - small["peak"]
    assert grown < (size * 4 / 5) / 10, (small, large, size)  # 4 M more rows, little more memory
