"""One measured child on the cluster: ``python -m benchmarks.cluster_child SPEC_JSON``.

SPEC has ``impl`` (``spark_sql_cluster``, ``showmeter_cluster`` or ``report_cluster``, see
:mod:`benchmarks.implementations.spark_cluster`), ``metric``, ``runs``, ``world`` (a
:class:`benchmarks.world.World` as a dict), ``master``, ``conf`` (Spark settings, the same for
every implementation) and ``result`` (where to write the last run's rows as Parquet).

The child opens the session (untimed: a new application on the cluster, its executors
granted), times each run with ``perf_counter``, and after each run reads from Spark's REST API
what the run's stages did (:func:`benchmarks.cluster_stats.stages_after`). It prints one JSON
line: ``times``, ``setup_seconds``, ``stages`` (one dict per run), ``executors``, ``inputs``
(showmeter's counts of rows read/used/quarantined), ``rows``, ``ru_maxrss`` and ``error``.
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

        from benchmarks import cluster_stats
        from benchmarks.implementations import spark_cluster
        from benchmarks.world import World

        world = World.from_dict(spec["world"])
        began = time.perf_counter()
        state = spark_cluster.setup(world, spec["impl"], spec["master"], spec["conf"])
        report["setup_seconds"] = time.perf_counter() - began
        app = cluster_stats.app_url(state["spark"])
        times: list[float] = []
        stages: list[dict[str, object]] = []
        table = None
        try:
            for _ in range(int(spec["runs"])):
                cluster_stats.settle(app)
                before = cluster_stats.last_stage_id(app)
                began = time.perf_counter()
                table = spark_cluster.run(state, spec["metric"])
                times.append(time.perf_counter() - began)
                stages.append(cluster_stats.stages_after(app, before))
                report["times"], report["stages"] = times, stages
            report["executors"] = cluster_stats.executors(app)
            report["inputs"] = state.get("inputs")
        finally:
            spark_cluster.close(state)
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
    print(json.dumps(report, default=str), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
