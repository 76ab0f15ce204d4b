"""One measured child process: ``python -m benchmarks.child SPEC_JSON``.

SPEC has ``impl`` (an implementation's name), ``metric``, ``runs``, ``world`` (a
:class:`benchmarks.world.World` as a dict) and ``result`` (where to write the last run's
rows as Parquet). The child imports and sets up the implementation (untimed), times each run
with ``perf_counter``, and prints one JSON line: ``times``, ``setup_seconds``, ``rows``,
``ru_maxrss`` (bytes) and ``error``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import traceback
import warnings


def main(argv: list[str]) -> int:
    """Run the spec given as the first argument; 0 on success."""
    warnings.simplefilter("ignore")
    spec = json.loads(argv[0])
    report: dict[str, object] = {"times": [], "setup_seconds": None, "rows": None, "error": None}
    status = 0
    try:
        import pyarrow.parquet as pq

        from benchmarks.implementations import by_name
        from benchmarks.world import World

        world = World.from_dict(spec["world"])
        module = by_name(spec["impl"]).load()
        began = time.perf_counter()
        state = module.setup(world, by_name(spec["impl"]).variant)
        report["setup_seconds"] = time.perf_counter() - began
        times: list[float] = []
        table = None
        try:
            for _ in range(int(spec["runs"])):
                began = time.perf_counter()
                table = module.run(state, spec["metric"])
                times.append(time.perf_counter() - began)
                report["times"] = times
        finally:
            module.close(state)
        if table is not None:
            report["rows"] = table.num_rows
            if spec.get("result"):
                pq.write_table(table, spec["result"])
    except BaseException as error:  # report every failure, including KeyboardInterrupt
        report["error"] = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        traceback.print_exc()
        status = 1
    report["ru_maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    sys.stdout.flush()
    print(json.dumps(report), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
