"""Editing a catalog document in place: YAML through ``ruamel.yaml``'s round trip, or JSON.

YAML keeps its comments, key order and quoting; new keys go after a named neighbour; new
launches are written in flow style (``{market: "*", at: "..."}``), as ``catalog init`` and
``catalog draft`` write them. JSON is read and written with :mod:`json`, in its order.
"""

from __future__ import annotations

import json
from typing import Any

from showmeter.errors import InputError
from showmeter.intake.metadata.tvmaze import CREDIT

__all__ = ["CREDIT_COMMENT", "dump", "flow", "load", "note", "put", "quoted", "sequence"]

CREDIT_COMMENT = (
    f"# {CREDIT}\n"
    "# From there: the titles' `tvmaze` ids, the runtimes marked `runtime_origin: tvmaze`, the\n"
    "# launches marked `origin: tvmaze` and the episode names noted `name: TVmaze`.\n"
)
"""The credit written at the top of an enriched YAML catalog."""


def put(mapping: dict[str, Any], key: str, value: object, *, after: tuple[str, ...]) -> None:
    """Set a key; a new one goes after the first of ``after`` present (else at the end)."""
    if key in mapping:
        mapping[key] = value
        return
    anchor = next((k for k in after if k in mapping), None)
    keys = list(mapping)
    position = keys.index(anchor) + 1 if anchor is not None else len(keys)
    insert = getattr(mapping, "insert", None)
    if callable(insert):  # ruamel's CommentedMap keeps its comments
        insert(position, key, value)
        return
    items = list(mapping.items())
    items.insert(position, (key, value))
    mapping.clear()
    mapping.update(items)


def note(items: object, index: int, entry: dict[str, Any], filled: list[str]) -> None:
    """Say in the episode line's comment what came from TVmaze (flow-style YAML only)."""
    fa = getattr(entry, "fa", None)
    ca = getattr(items, "ca", None)
    if fa is None or ca is None or not fa.flow_style():
        return
    token = ca.items.get(index, [None])[0]
    if token is None:
        items.yaml_add_eol_comment("; ".join(filled), index)  # type: ignore[attr-defined]
        return
    replaced = tuple(part.split(":")[0] + ":" for part in filled)
    old = [part.strip() for part in token.value.strip().lstrip("#").split(";")]
    kept = [part for part in old if part and not part.startswith(replaced)]
    token.value = "# " + "; ".join([*kept, *filled]) + "\n"


def quoted(text: str) -> Any:
    """A string YAML writes in double quotes."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def flow(values: dict[str, Any]) -> Any:
    """A mapping YAML writes in flow style, on one line."""
    from ruamel.yaml.comments import CommentedMap

    mapping = CommentedMap(values)
    mapping.fa.set_flow_style()
    return mapping


def sequence() -> Any:
    """An empty YAML list that can hold comments."""
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def load(text: str, file: str, is_json: bool) -> Any:
    """Parse a catalog's text; a syntax error is an :class:`InputError` naming the file."""
    if is_json:
        try:
            return json.loads(text)
        except ValueError as error:
            raise InputError(
                f"the catalog is not valid JSON: {error}", file=file, remedy="Fix the syntax."
            ) from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return _yaml(YAML).load(text)
    except YAMLError as error:
        raise InputError(
            f"the catalog is not valid YAML: {error}", file=file, remedy="Fix the syntax."
        ) from None


def dump(document: Any, is_json: bool) -> str:
    """Write a document back; YAML gets the TVmaze credit at its top, once."""
    if is_json:
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    import io

    from ruamel.yaml import YAML

    out = io.StringIO()
    _yaml(YAML).dump(document, out)
    text = out.getvalue()
    return text if CREDIT in text else CREDIT_COMMENT + text


def _yaml(factory: Any) -> Any:
    yaml = factory(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
