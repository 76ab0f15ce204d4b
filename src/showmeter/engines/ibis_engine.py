"""Any other Ibis backend, reached by its connection URL (``clickhouse://...``, ``postgres://...``).

The tables a computation reads are read there when the backend has them, else uploaded from
the store as temporary tables. The backend is connected for each computation and disconnected
after it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from showmeter.engines.base import Engine, file_format, table_names
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb
    import ibis.expr.types as ir
    import pyarrow as pa

    from showmeter.engines.prepared import Prepared

__all__ = ["IbisEngine", "without_password"]

_DIALECTS = {"postgresql": "postgres", "spark": "pyspark"}
"""URL schemes whose Ibis dialect has another name."""


def without_password(url: str) -> str:
    """A URL with its password masked (``user:***@host``), to show in results and errors."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


class IbisEngine(Engine):
    """An Ibis backend by URL; its dialect is the URL's scheme.

    Args:
        url: The connection URL, as :func:`ibis.connect` takes it (checked by
            :func:`showmeter.engines.choice.engine_from`).
    """

    def __init__(self, url: str) -> None:
        self.url = url

    @property
    def name(self) -> str:
        """The URL's scheme, lower case (``clickhouse``)."""
        return self.url.partition("://")[0].lower()

    @property
    def label(self) -> str:
        """The URL without its password."""
        return without_password(self.url)

    @property
    def dialect(self) -> str:
        """The Ibis dialect the scheme names (``postgresql`` is ``postgres``)."""
        return _DIALECTS.get(self.name, self.name)

    def _backend(self) -> Any:
        import ibis

        try:
            return ibis.connect(self.url)
        except Exception as error:
            raise UsageError(f"cannot connect to the engine {self.label}: {error}") from error

    def execute(
        self,
        con: duckdb.DuckDBPyConnection,
        prepared: Prepared,
        expr: ir.Table | None = None,
    ) -> pa.Table:
        """Run the expression on the backend, uploading the tables it lacks from the store.

        See :meth:`Engine.execute`.

        Raises:
            UsageError: The backend cannot be reached.
        """
        expr = prepared.expr if expr is None else expr
        backend = self._backend()
        try:
            present = set(backend.list_tables())
            for name in table_names(expr):
                if name not in present:
                    backend.create_table(
                        name, con.sql(f'SELECT * FROM "{name}"').to_arrow_table(), temp=True
                    )
            table: pa.Table = backend.to_pyarrow(expr)
        finally:
            backend.disconnect()
        return table

    def read(
        self,
        path: str | Path,
        *,
        format: str | None = None,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> ir.Table:
        """Read a file with the backend's ``read_parquet``, ``read_csv`` or ``read_json``.

        Args:
            path: The file, as the backend can reach it.
            format: ``parquet``, ``csv`` or ``json`` (JSON Lines); by default, from the suffix.
            con: Unused (the backend reads the file itself).

        Returns:
            An Ibis table bound to a new connection to the backend (left open for the table).

        Raises:
            UsageError: The format is unknown, or the backend cannot be reached.
        """
        del con
        kind = file_format(path, format)
        backend = self._backend()
        table: ir.Table = getattr(backend, f"read_{kind}")(str(path))
        return table
