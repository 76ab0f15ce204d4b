"""What several metric expressions compute alike: the costly relations worth computing once.

Metric expressions are Ibis graphs, and Ibis nodes compare by structure: two metrics that build
the same intermediate relation (the completions of every episode in the first 28 days, say)
hold equal nodes, whichever metric built them. :func:`shared_relations` finds the relations
that more than one expression of a batch holds, keeps the costly ones (an aggregate or a
window function inside) and, of those nested in one another, the outermost one that serves
the same expressions. :func:`substitute` puts a table in place of each.

Pure graph work: nothing here runs anything.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import ibis.expr.operations as ops
    import ibis.expr.types as ir

__all__ = [
    "Holders",
    "Shared",
    "costly",
    "materializable",
    "relations",
    "shared_relations",
    "substitute",
]


class Shared:
    """A relation that several expressions of a batch compute.

    Attributes:
        node: The relation (an Ibis node).
        users: The positions, in the batch, of the expressions that hold it.
        size: The number of relations inside it, itself included (a nested one is smaller).
    """

    def __init__(self, node: ops.Relation, users: frozenset[int], size: int) -> None:
        self.node = node
        self.users = users
        self.size = size

    def __repr__(self) -> str:
        return f"Shared({type(self.node).__name__}, users={sorted(self.users)}, size={self.size})"


def relations(node: ops.Node) -> set[ops.Relation]:
    """Every relation in the graph of ``node``, itself included."""
    import ibis.expr.operations as ops

    return set(node.find(ops.Relation))


def costly(node: ops.Relation) -> bool:
    """Whether computing the relation aggregates or runs a window function."""
    import ibis.expr.operations as ops

    return bool(node.find((ops.Aggregate, ops.WindowFunction)))


def materializable(node: ops.Relation) -> bool:
    """Whether the relation stands alone (not a join's internal reference, not a base table)."""
    import ibis.expr.operations as ops

    return not isinstance(node, ops.JoinReference | ops.UnboundTable | ops.InMemoryTable)


class Holders:
    """Which expressions of a batch hold each relation, the graph walked once.

    Args:
        exprs: The batch's expressions.

    Attributes:
        users: Each relation -> the positions of the expressions that hold it.
        present: For each expression, the relations it holds.
    """

    def __init__(self, exprs: Sequence[ir.Table]) -> None:
        self.users: dict[ops.Relation, set[int]] = defaultdict(set)
        self.present: list[set[ops.Relation]] = []
        for position, expr in enumerate(exprs):
            found = relations(expr.op())
            self.present.append(found)
            for node in found:
                self.users[node].add(position)
        self._inside: dict[ops.Relation, set[ops.Relation]] = {}
        self._costly: dict[ops.Relation, bool] = {}

    def inside(self, node: ops.Relation) -> set[ops.Relation]:
        """:func:`relations` of ``node`` (remembered)."""
        found = self._inside.get(node)
        if found is None:
            found = self._inside[node] = relations(node)
        return found

    def costly(self, node: ops.Relation) -> bool:
        """:func:`costly` of ``node`` (remembered)."""
        found = self._costly.get(node)
        if found is None:
            found = self._costly[node] = costly(node)
        return found


def shared_relations(
    exprs: Sequence[ir.Table], wide: Sequence[bool], holders: Holders | None = None
) -> list[Shared]:
    """The costly relations that more than one expression holds, innermost (smallest) first.

    A relation is kept when at least two expressions hold it and at least one of them is
    *wide* (computes every title): computing it once for every title is then no more work
    than the wide expression does anyway. Of two nested relations held by the same
    expressions, only the outer one is kept; an inner one held by more expressions is kept
    too, and is computed first.

    Args:
        exprs: The batch's expressions.
        wide: For each expression, whether it computes every title (no title filter).
        holders: The expressions' relations, when walked already (:class:`Holders`).

    Returns:
        The relations to compute once, smallest (innermost) first.
    """
    holders = Holders(exprs) if holders is None else holders
    users = holders.users
    candidates = [
        node
        for node, held in users.items()
        if len(held) > 1
        and any(wide[i] for i in held)
        and materializable(node)
        and holders.costly(node)
    ]
    inside = {node: holders.inside(node) for node in candidates}
    kept = [
        node
        for node in candidates
        if not any(
            outer is not node and node in inside[outer] and users[outer] == users[node]
            for outer in candidates
        )
    ]
    found = [Shared(node, frozenset(users[node]), len(inside[node])) for node in kept]
    return sorted(found, key=lambda shared: shared.size)


def substitute(expr: ir.Table, tables: Mapping[ops.Relation, ir.Table]) -> ir.Table:
    """The expression with each relation of ``tables`` replaced by its table.

    Args:
        expr: An expression.
        tables: Relation -> the (unbound) table that holds its rows, with the same schema.

    Returns:
        The rewritten expression (``expr`` itself when it holds none of them).
    """
    if not tables:
        return expr
    mapping = {node: table.op() for node, table in tables.items()}
    rewritten: ir.Table = expr.op().replace(mapping).to_expr()
    return rewritten
