"""The columns of each input table that a metric's expression reads (to hold only those).

A computation in place on Spark holds the staged rows once, with only the columns the metric
and the rules need (:mod:`showmeter.engines.spark_in_place_settle`). Which columns the metric
reads is found from its Ibis expression, from its output down: each column demanded of a
relation is followed to the columns it is made of (a projection's, an aggregation's or a
join's expression for it; the same column of the parent through a filter, a sort, a limit, a
reference, a union), and each relation also reads what its own conditions name (a filter's
predicates, a sort's keys, a join's conditions, an aggregation's groups). A column projected
and never used downstream is not read. Never missing one: a relation it does not know, or one
that reads all its columns (``DISTINCT``, a subquery), counts all of its columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["columns_read"]


def columns_read(expr: ir.Expr) -> dict[str, set[str]]:
    """Each table the expression reads (by name) -> the columns of it the expression uses.

    Args:
        expr: An Ibis expression over unbound (or database) tables.

    Returns:
        Table name -> column names (a superset of those the query needs).
    """
    from ibis.expr import operations as ops

    walk = _Walk()
    root = expr.op()
    if isinstance(root, ops.Relation):
        walk.all_of(root)
    else:
        walk.value(root)
    while walk.todo:
        walk.column(*walk.todo.pop())
    return walk.found


class _Walk:
    """The columns demanded of each relation, followed down to the tables."""

    def __init__(self) -> None:
        self.found: dict[str, set[str]] = {}
        self.todo: list[tuple[Any, str]] = []
        self.seen: set[tuple[Any, str]] = set()
        self.visited: set[Any] = set()

    def all_of(self, rel: Any) -> None:
        """Every column of the relation is read."""
        self.todo.extend((rel, name) for name in rel.schema.names)

    def value(self, node: Any) -> None:
        """The columns a value expression reads: its fields; a subquery reads all its columns."""
        from ibis.expr import operations as ops

        if isinstance(node, ops.Field):
            self.todo.append((node.rel, node.name))
        elif isinstance(node, ops.Relation):
            self.all_of(node)
        elif isinstance(node, ops.Node):
            for arg in node.args:
                self.value(arg)
        elif isinstance(node, tuple | list | frozenset | set):
            for item in node:
                self.value(item)
        elif isinstance(node, dict) or (hasattr(node, "values") and hasattr(node, "keys")):
            for item in node.values():
                self.value(item)

    def column(self, rel: Any, name: str) -> None:
        """Follow the column ``name`` of ``rel`` down to the tables."""
        from ibis.expr import operations as ops
        from ibis.expr.operations.relations import Simple

        if (rel, name) in self.seen:
            return
        self.seen.add((rel, name))
        first = rel not in self.visited
        self.visited.add(rel)
        if isinstance(rel, ops.PhysicalTable):
            self.found.setdefault(rel.name, set()).add(name)
        elif isinstance(rel, ops.Project):
            self.value(rel.values[name])
        elif isinstance(rel, ops.Aggregate):
            if first:  # grouped by every key, whichever column is used
                self.value(rel.groups)
            self.value(rel.groups.get(name) or rel.metrics.get(name))
        elif isinstance(rel, ops.JoinChain):
            if first:  # the join's conditions
                self.value([link.predicates for link in rel.rest])
            self.value(rel.values[name])
        elif isinstance(rel, ops.Distinct | ops.Intersection | ops.Difference) or (
            isinstance(rel, ops.Union) and rel.distinct
        ):
            for parent in _parents(rel):
                self.all_of(parent)
        elif isinstance(rel, Simple | ops.Reference | ops.DropColumns | ops.Union):
            if first:  # a filter's predicates, a sort's keys, ...
                self.value([arg for arg in rel.args if not isinstance(arg, ops.Relation)])
            self.todo.extend((parent, name) for parent in _parents(rel))
        else:  # a relation not known here: every column of every table under it
            for table in rel.find(ops.PhysicalTable):
                self.found.setdefault(table.name, set()).update(table.schema.names)


def _parents(rel: Any) -> list[Any]:
    from ibis.expr import operations as ops

    return [arg for arg in rel.args if isinstance(arg, ops.Relation)]
