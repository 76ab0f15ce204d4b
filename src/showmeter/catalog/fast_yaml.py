"""A fast first reading of a catalog: libyaml's C parser, YAML 1.2 as ``ruamel.yaml`` reads it.

``ruamel.yaml``'s round-trip loader (pure Python) knows the line of every value, which the
catalog's problems name, but it reads a 5,000-title catalog in tens of seconds. So a catalog
is first read by libyaml (PyYAML's C parser, ``yaml.CBaseLoader``), into plain dicts and lists
without line numbers, and read again by ``ruamel.yaml`` only when a line must be named: the
file does not parse, or it breaks a catalog rule (:mod:`showmeter.catalog.loader`).

The values are those ``ruamel.yaml`` gives, so both readings validate the same:

- every plain (unquoted) scalar is resolved by ``ruamel.yaml``'s own YAML 1.2 rules (its
  resolver's table): ``NO`` is a string, ``52:14`` a string, ``true`` a bool, ``~`` null;
  plain decimal integers and nulls and bools are made here, every other typed scalar
  (floats, timestamps, octal or hex integers) by ``ruamel.yaml``'s round-trip constructor;
- quoted and block scalars are strings;
- anything this reading does not reproduce exactly gives up (:class:`Unsupported`) and the
  caller reads the file with ``ruamel.yaml`` alone: a ``%YAML`` directive, an explicit tag
  (``!!str 12``, a ``TaggedScalar`` for ``ruamel.yaml``), a merge key (``<<``), a key that
  is not a scalar, a key given twice (which ``ruamel.yaml`` refuses with its line), or
  libyaml missing.
"""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["Unsupported", "available", "load"]

_STR = "tag:yaml.org,2002:str"
# The tags given here to nodes without an explicit tag (an explicit one is kept as written):
_PLAIN = "?plain"  # a plain scalar, resolved afterwards by the YAML 1.2 rules
_QUOTED = "?quoted"  # a quoted or block scalar: a string
_MAP = "?map"
_SEQ = "?seq"
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_TRUE = frozenset(("true", "True", "TRUE"))


class Unsupported(Exception):
    """The text uses something this reading does not reproduce exactly; read it with ruamel."""


@functools.cache
def available() -> bool:
    """Whether PyYAML with libyaml (its C parser) is installed."""
    try:
        import yaml
    except ImportError:
        return False
    return bool(getattr(yaml, "__with_libyaml__", False))


@functools.cache
def _resolvers() -> dict[Any, list[tuple[str, Any]]]:
    """``ruamel.yaml``'s YAML 1.2 implicit resolvers: first character -> (tag, regexp).

    As ``ruamel.yaml`` tries them: the rules of the first character, then those of any.
    """
    from ruamel.yaml.resolver import VersionedResolver

    table = VersionedResolver(version=(1, 2)).versioned_resolver
    anywhere = [(str(tag), regexp) for tag, regexp in table.get(None, [])]
    return {
        first: [(str(tag), regexp) for tag, regexp in rules] + anywhere
        for first, rules in table.items()
        if first is not None
    } | {None: anywhere}


@functools.cache
def _loader_class() -> Any:
    import yaml

    class Loader(yaml.CBaseLoader):  # type: ignore[misc]
        """libyaml's parser and composer; a plain scalar keeps the tag ``?`` (resolved later)."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            if kind is yaml.ScalarNode:
                return _PLAIN if implicit[0] else _QUOTED
            return _SEQ if kind is yaml.SequenceNode else _MAP

    return Loader


@functools.lru_cache(maxsize=1 << 16)
def _resolve(value: str) -> str:
    """The tag ``ruamel.yaml`` gives a plain scalar under YAML 1.2 (kept: keys repeat)."""
    table = _resolvers()
    rules = table.get(value[0] if value else "")
    if rules is None:
        rules = table[None]  # the rules for any first character (none in YAML 1.2)
    for tag, regexp in rules:
        if regexp.match(value):
            return tag
    return _STR


class _Builder:
    """Turns libyaml's node tree into plain values, as ``ruamel.yaml`` would construct them."""

    def __init__(self) -> None:
        self.memo: dict[int, Any] = {}
        self._typed: Any = None

    def value(self, node: Any) -> Any:
        tag = node.tag
        if tag == _PLAIN:
            return self.scalar(node)
        if tag == _QUOTED:
            return node.value
        done = self.memo.get(id(node))  # a collection met before (an alias)
        if done is not None:
            return done
        if tag == _SEQ:
            items: list[Any] = []
            self.memo[id(node)] = items
            items.extend(self.value(item) for item in node.value)
            return items
        if tag == _MAP:
            mapping: dict[Any, Any] = {}
            self.memo[id(node)] = mapping
            for key_node, value_node in node.value:
                if key_node.tag not in (_PLAIN, _QUOTED):
                    raise Unsupported("a key that is not a scalar, or has an explicit tag")
                key = self.value(key_node)
                if key == "<<" and key_node.tag == _PLAIN:
                    raise Unsupported("a merge key")
                try:
                    if key in mapping:
                        raise Unsupported("a key given twice")
                except TypeError:
                    raise Unsupported("a key that cannot be a dict key") from None
                mapping[key] = self.value(value_node)
            return mapping
        raise Unsupported(f"an explicit tag {tag}")

    def scalar(self, node: Any) -> Any:
        text: str = node.value
        tag = _resolve(text)
        if tag == _STR:
            return text
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return text in _TRUE
        if tag.endswith(":int") and _DECIMAL.match(text):
            return int(text)
        if tag.endswith((":merge", ":value", ":yaml")):
            raise Unsupported(f"a scalar of tag {tag}")
        return self.typed(tag, text)

    def typed(self, tag: str, text: str) -> Any:
        """A float, timestamp or unusual integer, by ``ruamel.yaml``'s round-trip constructor."""
        from ruamel.yaml.nodes import ScalarNode

        if self._typed is None:
            from ruamel.yaml import YAML

            self._typed = YAML(typ="rt").constructor
        return self._typed.construct_object(ScalarNode(tag, text), deep=True)


def load(text: str) -> object:
    """Read a YAML (or JSON) document as ``ruamel.yaml`` would, without line numbers.

    Args:
        text: The document.

    Returns:
        Plain dicts, lists and scalars (None for an empty document).

    Raises:
        Unsupported: The text uses something this reading does not reproduce exactly, or
            libyaml is not installed.
        yaml.YAMLError: The text is not YAML (the caller reads it again with ``ruamel.yaml``
            for its message and line).
    """
    if not available():
        raise Unsupported("libyaml is not installed")
    if re.search(r"(?m)^%YAML", text):
        raise Unsupported("a %YAML directive")
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder().value(node)
