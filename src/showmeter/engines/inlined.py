"""Relations several computations of a batch hold, compiled to SQL once and inlined in each.

A season page computes the same metric for several seasons (the binge race of each season
compared, the headline's season and reference): each computation's expression holds the
metric's relation over every session, then keeps its season's rows. Such a relation is not
worth computing once for every title (:mod:`showmeter.engines.sharing` keeps a relation as a
table only when some computation needs every title): DuckDB pushes each computation's season
filter into it. But compiling it to SQL is most of the Python work of each computation, so
:class:`Inlined` compiles it once, and each computation's SQL names it as a common table
expression (``WITH showmeter_inline_N AS (...)``), which DuckDB inlines and filters as before.
Only engines that run SQL text on the store's connection (DuckDB) use it.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from showmeter.engines.sharing import Holders, relations, shared_relations

if TYPE_CHECKING:
    from collections.abc import Sequence

    import ibis.expr.operations as ops
    import ibis.expr.types as ir

    from showmeter.engines.base import Engine
    from showmeter.engines.sharing import Shared

__all__ = ["Inlined"]

_NAMES = itertools.count(1)

_WITH = re.compile(r"\s*WITH\s", re.IGNORECASE)


class Inlined:
    """The relations of a batch to compile once, and each computation's SQL with them inlined.

    Args:
        engine: The engine whose dialect to compile to.
        exprs: The batch's expressions.
        shared: The relations the batch keeps as tables (not inlined, nor any relation that
            holds one: its SQL would name a table that exists only for a while).
        holders: The expressions' relations, when walked already.
    """

    def __init__(
        self,
        engine: Engine,
        exprs: Sequence[ir.Table],
        shared: Sequence[Shared],
        holders: Holders | None = None,
    ):
        self.engine = engine
        holders = Holders(exprs) if holders is None else holders
        kept = {s.node for s in shared}
        candidates = [
            s.node
            for s in shared_relations(exprs, [True] * len(exprs), holders)
            if s.node not in kept and not (holders.inside(s.node) & kept)
        ]
        inside = {node: holders.inside(node) for node in candidates}
        self._held: list[list[ops.Relation]] = []
        for present in holders.present:
            held = [node for node in candidates if node in present]
            # the outermost ones only: an inner one is compiled within the outer one's SQL
            self._held.append(
                [n for n in held if not any(o is not n and n in inside[o] for o in held)]
            )
        self._sql: dict[ops.Relation, tuple[str, str]] = {}

    def sql(self, position: int, expr: ir.Table) -> str | None:
        """The SQL of computation ``position``, each relation compiled once inlined in it.

        Args:
            position: The computation's position in the batch.
            expr: Its expression, the batch's tables substituted.

        Returns:
            Its SQL, each relation it holds of those compiled once named as a common table
            expression; None when it holds none (it is then compiled as usual).
        """
        import ibis

        from showmeter.engines.sharing import substitute

        present = relations(expr.op())
        held = [node for node in self._held[position] if node in present]
        if not held:
            return None
        names = {}
        for node in held:
            if node not in self._sql:
                name = f"showmeter_inline_{next(_NAMES)}"
                self._sql[node] = (name, self.engine.compile(node.to_expr()))
            names[node] = ibis.table(node.schema, name=self._sql[node][0])
        outer = self.engine.compile(substitute(expr, names))
        ctes = ",\n".join(f'"{self._sql[n][0]}" AS (\n{self._sql[n][1]}\n)' for n in held)
        if _WITH.match(outer):
            return f"WITH {ctes},\n{_WITH.sub('', outer, count=1)}"
        return f"WITH {ctes}\n{outer}"
