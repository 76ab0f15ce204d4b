"""Walking a parsed YAML or JSON document with locations, collecting every problem on the way.

``ruamel.yaml``'s round-trip loader keeps, on each mapping and sequence, where its keys,
values and items start (``.lc``, 0-based). A :class:`Node` carries a value with its dotted
path (``titles[0].seasons[1].episodes[2].runtime``) and its 1-based line, and a
:class:`Reader` checks nodes against what the catalog expects, recording a
:class:`~showmeter.errors.Problem` for each thing that is wrong and carrying on, so that one
pass finds every problem.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from showmeter.catalog.values import FieldError, show
from showmeter.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

__all__ = ["Node", "Reader"]

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Node:
    """A value of the document, with its dotted path and its 1-based line.

    Attributes:
        value: The value as parsed (a mapping, a list, a string, a number, a date...).
        path: The dotted path, e.g. ``titles[0].seasons[1]``; empty for the document.
        line: The 1-based line where the value starts, when known.
    """

    value: Any
    path: str
    line: int | None

    @property
    def name(self) -> str:
        """The last part of the path, e.g. ``runtime`` or ``episodes[2]``."""
        return self.path.rsplit(".", 1)[-1] or "the catalog"

    def line_of(self) -> int | None:
        """The line where this mapping or sequence starts (else the node's own line)."""
        position = getattr(self.value, "lc", None)
        return self.line if position is None else position.line + 1

    def child_path(self, key: str) -> str:
        """The path of a key of this mapping."""
        return f"{self.path}.{key}" if self.path else key

    def child(self, key: object) -> Node:
        """The node of the value of a key of this mapping."""
        lc = getattr(self.value, "lc", None)
        value = self.value[key]
        # an empty value has no position of its own: point at its key
        line = _line(lc, "key" if value is None else "value", key)
        return Node(value, self.child_path(str(key)), line)


def _line(lc: Any, method: str, key: object) -> int | None:
    if lc is None:
        return None
    try:
        position = getattr(lc, method)(key)
    except (KeyError, IndexError, TypeError):
        return None
    return int(position[0]) + 1


class Reader:
    """Checks the nodes of one file and collects the problems found.

    Args:
        file: The file's name, recorded in every problem.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def report(self, node: Node, message: str, *, key: str | None = None) -> None:
        """Record a problem at a node (or at one of its keys, for a missing key).

        Args:
            node: Where the problem is.
            message: What is wrong, then how to fix it.
            key: A key of ``node`` that the problem is about (missing or unknown); the
                problem then points at that key's path.
        """
        path = node.child_path(key) if key is not None else node.path
        line = node.line_of() if key is not None else node.line
        self.problems.append(Problem(message, self.file, line, path or None))

    def mark(self) -> int:
        """Return a mark to pass to :meth:`clean_since`."""
        return len(self.problems)

    def clean_since(self, mark: int) -> bool:
        """Tell whether no problem was found since ``mark``."""
        return len(self.problems) == mark

    def mapping(
        self,
        node: Node,
        what: str,
        *,
        required: Mapping[str, str],
        optional: Sequence[str] = (),
        mistaken: Mapping[str, tuple[str, str]] | None = None,
    ) -> dict[str, Node] | None:
        """Check that a node is a mapping with the keys expected, and return its values.

        Unknown keys and missing required keys are problems; an optional key given as null
        counts as absent. A key written as a known mix-up (``markets`` on a launch, which
        takes ``market``) is one problem that names the right key and why, not two.

        Args:
            node: The node.
            what: What the mapping is, for messages ("an episode").
            required: The required keys, each with an example value for the remedy.
            optional: The optional keys.
            mistaken: Wrong key -> (the right key, why it is that one), for mix-ups that
                deserve their own explanation.

        Returns:
            Known key -> node of its value, or ``None`` when the node is not a mapping.
        """
        known = [*required, *optional]
        if not isinstance(node.value, dict):
            keys = ", ".join(f"`{key}`" for key in required)
            self.report(
                node,
                f"`{node.name}` is not a mapping (got {show(node.value)}); expected {what} "
                f"with {keys}.",
            )
            return None
        lc = getattr(node.value, "lc", None)
        found: dict[str, Node] = {}
        misnamed: set[str] = set()
        for key, value in node.value.items():
            if key not in known and mistaken and key in mistaken:
                right, why = mistaken[key]
                misnamed.add(right)
                self.problems.append(
                    Problem(
                        f"`{key}` is not a key of {what}; write `{right}`: {why}",
                        self.file,
                        _line(lc, "key", key),
                        node.child_path(str(key)),
                    )
                )
            elif key not in known:
                self._unknown_key(node, what, key, known, _line(lc, "key", key))
            elif value is not None or key in required:
                found[key] = node.child(key)
        for key, example in required.items():
            if key in misnamed and key not in found:
                continue
            if key not in found:
                self.report(node, f"{what} needs `{key}`. Add `{key}: {example}`.", key=key)
            elif found[key].value is None:
                self.report(found[key], f"`{key}` is empty. Give it a value, e.g. {example}.")
                del found[key]
        return found

    def _unknown_key(
        self, node: Node, what: str, key: object, known: list[str], line: int | None
    ) -> None:
        close = difflib.get_close_matches(str(key), known, n=1)
        remedy = f"Did you mean `{close[0]}`?" if close else "Remove it or fix its spelling."
        listed = ", ".join(f"`{name}`" for name in known)
        self.problems.append(
            Problem(
                f"`{key}` is not a key of {what}; expected one of {listed}. {remedy}",
                self.file,
                line,
                node.child_path(str(key)),
            )
        )

    def sequence(self, node: Node, what: str, *, non_empty: bool = False) -> list[Node]:
        """Check that a node is a list, and return its items.

        Args:
            node: The node.
            what: What the items are, for messages ("episodes").
            non_empty: Whether an empty list is a problem.

        Returns:
            The items as nodes; empty when the node is not a list.
        """
        if not isinstance(node.value, list):
            self.report(
                node,
                f"`{node.name}` is not a list (got {show(node.value)}); expected a list of "
                f"{what}, one `- ` item each.",
            )
            return []
        if non_empty and not node.value:
            self.report(node, f"`{node.name}` is empty; expected at least one of the {what}.")
        lc = getattr(node.value, "lc", None)
        return [
            Node(item, f"{node.path}[{index}]", _line(lc, "item", index))
            for index, item in enumerate(node.value)
        ]

    def parse(self, node: Node | None, parser: Callable[[object], T]) -> T | None:
        """Parse a scalar node, recording a problem when the parser rejects it.

        Args:
            node: The node, or ``None`` when the key is absent.
            parser: A function from :mod:`showmeter.catalog.values`, or one like them.

        Returns:
            The parsed value; ``None`` when the node is absent or wrong.
        """
        if node is None:
            return None
        try:
            return parser(node.value)
        except FieldError as error:
            message = f"`{node.name}` {error.cause} (got {show(node.value)})"
            if error.expected:
                message += f"; expected {error.expected}"
            message += "." + (f" {error.remedy}" if error.remedy else "")
            self.report(node, message)
            return None

    def build(self, node: Node, model: type[M], **values: Any) -> M | None:
        """Build a model from checked values; should it still refuse them, record why.

        Args:
            node: The node the model comes from.
            model: The model class.
            **values: Its fields.

        Returns:
            The model, or ``None`` when it refused the values.
        """
        try:
            return model(**values)
        except ValidationError as error:
            reasons = "; ".join(str(detail["msg"]) for detail in error.errors())
            self.report(node, f"{node.name or 'the catalog'} is not valid: {reasons}.")
            return None

    def sorted_problems(self) -> list[Problem]:
        """The problems in file order (those without a line last)."""
        return sorted(self.problems, key=lambda p: (p.line is None, p.line or 0))
