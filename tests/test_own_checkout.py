"""The suite tests the code of its own checkout, not another tree's put first on PYTHONPATH.

The cause of a failure once seen in CI's fresh-clone run: the caller's ``PYTHONPATH`` named
another working tree's ``src``, so the clone's tests (and every process they start) imported
showmeter from that tree, which was being edited during the run. The cache of compiled SQL
keys its entries by the fingerprint of the source files (:mod:`showmeter.engines.compiled`),
taken once per process: a test process that had taken it before the edit kept writing under
the old one, and the new process it then started took the new one and missed (it imported
Ibis), as the cache is meant to do when the code changes. ``.ci/run`` now clears
``PYTHONPATH``; these tests name the cause when a run imports another tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import showmeter

SRC = (Path(__file__).resolve().parents[1] / "src").resolve()
REMEDY = (
    "unset PYTHONPATH (or point it at this checkout's src) and install this checkout with "
    "`pip install -e .`"
)


def test_the_tests_import_showmeter_from_this_checkout() -> None:
    imported = Path(showmeter.__file__).resolve()
    assert imported.is_relative_to(SRC), f"showmeter imported from {imported}, not {SRC}: {REMEDY}"


def test_a_process_the_tests_start_imports_the_same_showmeter() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import showmeter; print(showmeter.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ,
    )
    child = Path(done.stdout.strip()).resolve()
    assert child == Path(showmeter.__file__).resolve(), f"a new process imports {child}: {REMEDY}"
