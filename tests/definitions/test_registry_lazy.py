"""The registry loads a metric's family when it is asked for, and lists every metric in one order.

A single computation should import one family, not eight (issue 18: the start-up of a single
``showmeter compute``); the index that makes this possible is checked against what the modules
register, and ``all_metrics`` against a process that loaded one family first.
"""

from __future__ import annotations

import json
import subprocess
import sys

from showmeter import definitions
from showmeter.definitions import registry


def test_the_index_names_the_module_of_every_metric() -> None:
    every = definitions.all_metrics()
    found = {m.name: m.build.__module__.removeprefix("showmeter.definitions.") for m in every}
    assert found == registry.INDEX
    assert set(found.values()) == set(registry.MODULES)


CHILD = """
import json, sys
from showmeter import definitions
definitions.get('binge_racers')
loaded = sorted(m for m in sys.modules if m.startswith('showmeter.definitions.')
                and m.rsplit('.', 1)[1] in definitions.registry.MODULES)
print(json.dumps({'loaded': loaded, 'names': definitions.names()}))
"""


def test_one_metric_loads_its_family_alone_and_all_metrics_are_all_in_order() -> None:
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, check=True)
    child = json.loads(done.stdout)
    assert child["loaded"] == ["showmeter.definitions.completion"]
    # completion loaded first, then every family: listed as when all are loaded in order
    assert child["names"] == definitions.names()
    assert len(child["names"]) == len(registry.INDEX)
    assert definitions.names()[:2] == ["reach", "daily_reach"]  # audience comes first
    assert definitions.names()[-1] == "rank"
