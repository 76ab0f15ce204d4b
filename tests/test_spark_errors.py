"""A Spark engine that cannot start is a usage error naming the fix, never an internal error.

Both cases are simulated in a child process: PySpark missing (its import made to fail), and
Java missing (a PATH with every program of the machine's PATH except ``java``, and
``JAVA_HOME`` unset).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EVENTS = (
    "event_id,account_id,title,season,episode,started_at,seconds_watched,device,market\n"
    "e1,a1,the-defenders,1,1,2017-08-18T08:00:00Z,1800,tv,US\n"
)

WITHOUT_PYSPARK = (
    "import sys\n"
    "sys.modules['pyspark'] = None  # import pyspark now raises ImportError\n"
    "from showmeter.cli import main\n"
    "sys.argv = ['showmeter', *sys.argv[1:]]\n"
    "main()\n"
)


def _compute_args(catalog_file: Path, events: Path) -> list[str]:
    import pyarrow.csv
    import pyarrow.parquet

    parquet = events.with_suffix(".parquet")  # on Spark, files are read in place from Parquet
    pyarrow.parquet.write_table(pyarrow.csv.read_csv(events), parquet)
    events = parquet
    return [
        "compute",
        "reach",
        "--catalog",
        str(catalog_file),
        "--events",
        str(events),
        "--engine",
        "spark",
    ]


def test_without_pyspark_the_spark_engine_is_a_usage_error_naming_the_extra(
    catalog_file: Path, write
) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", EVENTS)
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYSPARK, *_compute_args(catalog_file, events)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    message = " ".join(done.stderr.split())
    assert "needs PySpark" in message
    assert "pip install 'showmeter[spark]'" in message  # not eaten as Rich markup
    assert "internal error" not in message and "bug in showmeter" not in message


@pytest.mark.skipif(importlib.util.find_spec("pyspark") is None, reason="PySpark not installed")
def test_without_java_the_spark_engine_is_a_usage_error_naming_java_17(
    catalog_file: Path, write, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    events = write("events.csv", EVENTS)
    bin_dir = tmp_path / "bin"  # every program on PATH but java (Spark's scripts need bash…)
    bin_dir.mkdir()
    for folder in os.environ.get("PATH", "").split(os.pathsep):
        if not folder or not Path(folder).is_dir():
            continue
        for program in Path(folder).iterdir():
            target = bin_dir / program.name
            if program.name != "java" and not target.exists() and not target.is_symlink():
                target.symlink_to(program)
    env = {key: value for key, value in os.environ.items() if key != "JAVA_HOME"}
    env["PATH"] = str(bin_dir)
    assert shutil.which("java", path=env["PATH"]) is None
    done = subprocess.run(
        [sys.executable, "-m", "showmeter", *_compute_args(catalog_file, events)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    message = " ".join(done.stderr.split())
    assert "could not start Java" in message
    assert "no java on PATH and JAVA_HOME unset" in message
    assert "Install Java 17" in message and "JAVA_HOME" in message
    assert "internal error" not in message and "bug in showmeter" not in message
