"""One computation on Spark over files opened in place: the checks, the metric, its inputs.

:func:`showmeter.engines.spark_in_place.compute_on_spark` opens the files
(:func:`~showmeter.engines.spark_in_place.open_on_spark`, holding only the columns the
metric reads) and calls :func:`computed` for the rest: the catalog's reference and launch
checks, the quarantined rows written, the metric's SQL run, and the result with every file's
counts; the files are checked unchanged at the end, and what was held is released.
"""

from __future__ import annotations

import contextlib
import gc
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pyspark.sql import SparkSession

    from showmeter.catalog import Catalog
    from showmeter.engines.base import Engine
    from showmeter.engines.prepared import Prepared
    from showmeter.results import Result

__all__ = ["computed", "sockets_closed"]


@contextlib.contextmanager
def sockets_closed() -> Iterator[None]:
    """Close the sockets PySpark's transfers leave to the garbage collector, quietly.

    ``collect`` and ``createDataFrame`` leave a local socket open until it is collected (a
    ResourceWarning); they are collected here, at the end of the computation.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            yield
        finally:
            gc.collect()


def computed(
    prepared: Prepared,
    sql: str,
    session: SparkSession,
    catalog: Catalog,
    inputs: Iterable[tuple[str, str]],
    engine: Engine,
    assume_tz: str | None,
    rejects: str | None,
) -> Result:
    """The metric's result from the files (see the module docstring).

    Args:
        prepared: The metric, its parameters resolved.
        sql: Its Spark SQL.
        session: The Spark session of this computation.
        catalog: The catalog.
        inputs: ``(kind, path)`` pairs, paths absolute or URIs.
        engine: The Spark engine (echoed in the result).
        assume_tz: IANA zone for naive timestamps.
        rejects: Write the quarantined rows to this Parquet directory.

    Returns:
        The result; its ``inputs`` are each file's rows read, used and quarantined.
    """
    import pyarrow as pa

    from showmeter.engines.estimates import RuntimeEstimates
    from showmeter.engines.launch_check import check_launches, with_left_out
    from showmeter.engines.references import check_references
    from showmeter.engines.spark_in_place import open_on_spark
    from showmeter.engines.spark_in_place_columns import columns_read

    title, season = prepared.title, prepared.season

    # The metric's columns of each kind are held once (panels whole: the reference checks
    # read them all).
    read = {kind: found for kind, found in columns_read(prepared.expr).items() if kind != "panels"}
    opened = open_on_spark(session, catalog, inputs, assume_tz=assume_tz, cache=False, columns=read)
    try:
        if "panels" in opened.kinds:  # the reference checks read the panels' units
            units = session.sql("SELECT * FROM panels").toArrow()
            opened.catalog.connection.register("_panels", units)
            opened.catalog.connection.execute("INSERT INTO panels SELECT * FROM _panels")
        check_references(opened.catalog.connection, prepared.resolved, title, season)
        left_out = check_launches(opened.catalog.connection, prepared)
        if rejects is not None:
            opened.write_rejects(rejects)
        rows = [row.asDict() for row in session.sql(sql).collect()]
        opened.check_unchanged()  # the last read of the files is done
        schema = prepared.expr.schema().to_pyarrow()
        table = pa.Table.from_pylist(rows, schema=schema)
        order = list(prepared.definition.sort_columns(prepared.resolved))
        if order:
            table = table.sort_by([(column, "ascending") for column in order])
        said = RuntimeEstimates(opened.catalog.connection).inputs(
            prepared, [file.to_dict() for file in opened.files]
        )
        said = with_left_out(said, left_out)
    except Exception as error:  # e.g. Spark failing on a file cut short meanwhile
        opened.check_unchanged(error)
        raise
    finally:
        opened.release()
        opened.catalog.close()
    return prepared.result(engine, said, table)
