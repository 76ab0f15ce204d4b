"""The columns of each input table that a metric's expression reads (to hold only those).

A computation in place on Spark holds the staged rows once, with only the columns the metric
and the rules need (:mod:`showmeter.engines.spark_in_place_settle`). Which columns the metric
reads is found from its Ibis expression: every column referenced anywhere in it (a ``Field``)
is followed down to the table it comes from, through the relations that pass columns through
(filters, sorts, limits, references, unions); a projection's, an aggregation's or a join's
columns are expressions whose own fields are followed. A column projected and never used
downstream counts too: the SQL compiled from the expression still selects it (following only
the columns used gave a query naming a column the held rows lacked). A relation it does not
know, or one that reads all its columns (``DISTINCT``, a subquery), counts all of its tables'
columns.
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
    from ibis.expr.operations.relations import Simple

    root = expr.op()
    wanted: set[tuple[ops.Relation, str]] = set()
    if isinstance(root, ops.Relation):
        wanted |= {(root, name) for name in root.schema.names}
    for node in root.find(ops.Node):
        if isinstance(node, ops.Field):
            wanted.add((node.rel, node.name))
        elif not isinstance(node, ops.Relation | ops.JoinLink):
            # a subquery (IN, EXISTS, scalar) reads every column of its relation
            for arg in node.args:
                if isinstance(arg, ops.Relation):
                    wanted |= {(arg, name) for name in arg.schema.names}
    found: dict[str, set[str]] = {}
    seen: set[tuple[ops.Relation, str]] = set()
    todo = list(wanted)
    while todo:
        rel, name = todo.pop()
        if (rel, name) in seen:
            continue
        seen.add((rel, name))
        if isinstance(rel, ops.PhysicalTable):
            found.setdefault(rel.name, set()).add(name)
        elif isinstance(rel, ops.Project | ops.Aggregate | ops.JoinChain):
            pass  # its columns are expressions: their fields are among those found above
        elif isinstance(rel, ops.Distinct | ops.Intersection | ops.Difference) or (
            isinstance(rel, ops.Union) and rel.distinct
        ):
            for parent in _parents(rel):
                todo.extend((parent, column) for column in parent.schema.names)
        elif isinstance(rel, Simple | ops.Reference | ops.DropColumns | ops.Union):
            todo.extend((parent, name) for parent in _parents(rel))
        else:  # a relation not known here: every column of every table under it
            for table in rel.find(ops.PhysicalTable):
                found.setdefault(table.name, set()).update(table.schema.names)
    return found


def _parents(rel: Any) -> list[Any]:
    from ibis.expr import operations as ops

    return [arg for arg in getattr(rel, "args", ()) if isinstance(arg, ops.Relation)]
