"""The catalog reference page, generated from the file models.

``python -m showmeter.catalog.reference > docs/catalog.md`` writes ``docs/catalog.md``; a test
fails when it is stale. Every key of every entry comes from
:mod:`showmeter.catalog.file_format`, the same models the JSON Schema comes from.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticUndefined

from showmeter.catalog.example import EXAMPLE
from showmeter.catalog.file_format import ENTRIES, catalog_schema

if TYPE_CHECKING:
    from pydantic import BaseModel
    from pydantic.fields import FieldInfo

__all__ = ["render"]

INTRO = """\
# The catalog

Generated from the catalog's models by `python -m showmeter.catalog.reference >
docs/catalog.md`; do not edit by hand.

The catalog (YAML or JSON, `--catalog FILE`) names every title, season and episode the viewing
files may name, with runtimes, when each season launched in each market and where it could be
watched. Every problem of a catalog is reported at once, each with its file, line and key.

- `showmeter catalog init` writes the commented example below to `catalog.yaml`; `ingest`
  accepts it as it is.
- `showmeter catalog schema > catalog.schema.json` writes the JSON Schema of the file, from the
  same models as this page. Editors validate and complete a catalog with it: the example's line
  `# yaml-language-server: $schema=catalog.schema.json` points the YAML language server (VS
  Code's YAML extension, Neovim, Helix...) at it; for JSON, add `"$schema"`... or map the file
  in the editor's settings.
- `showmeter catalog draft --source netflix ViewingActivity.csv` drafts one from an export
  (`--source netflix`, `netflix-simple`, `tautulli`, `jellyfin` or `trakt`): a catalog that
  loads unedited and with which every title of that file resolves. Every string in it is
  quoted (a film called `1992` stays text), every episode has a runtime, and guesses are
  marked `# check`. See [adapters/README.md](adapters/README.md#drafting-a-catalog).
- `showmeter catalog enrich catalog.yaml --metadata tvmaze` fills in runtimes, episode names
  and launches from TVmaze (opt-in, network; each value marked `tvmaze`): see
  [tvmaze.md](tvmaze.md).

**Origins.** A value nobody typed says where it comes from: an episode's `runtime_origin`
(`estimate`: drafted from the largest position seen, else a default per kind; `tvmaze`:
looked up by `catalog enrich`), a launch's `origin` (`tvmaze`), a title's `tvmaze` id. A key
absent means the value was given by a person. Every result computed from an estimated
runtime (completion, binge racers, views, the average minute audience...) says so in its
`inputs` (`runtime_estimates`: how many of the episodes it measures are estimates), and the
launch report shows a note; a result that does not use runtimes (reach) says nothing.

**No launch, no launch metric.** A season without `launches` has no L(s, m), so a metric
measured from it (reach windows, binge racers, weekly decay, AMA...) would count nothing:
`compute`, `report` and the Python API refuse it instead (exit status 1, an `InputError`)
naming the season and the remedy: `showmeter catalog enrich --metadata tvmaze CATALOG`, or
`launches:` added to the season by hand. Metrics that do not use the launch (critics,
demand, published figures) are computed as usual.

**`market` or `markets`?** A launch is one instant in **one** market: `market: US` (or
`market: "*"`, every market without its own entry), one entry per market. An availability
window covers a **list** of markets: `markets: [US, GB]` (or `markets: "*"`). The other
spelling is an error that names the right key and says why.

The launch of season *s* in market *m*, L(s, m), is the instant of the launch entry for *m*,
else of the `*` entry; `anchor=global` uses the earliest launch instant of the season instead
(see [contracts.md](contracts.md)).
"""


_NAMES = {model.__name__: what.split(" ", 1)[1] for what, model in ENTRIES}
"""Model name -> the entry's name (``LaunchEntry`` -> ``launch``)."""


def _type(schema: dict[str, Any]) -> str:
    """A property's JSON Schema in words: ``string``, ``list of episodes``, ``date or instant``."""
    if "$ref" in schema:
        return _NAMES[schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        kinds = [_type(part) for part in schema["anyOf"] if part.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds))
    if "const" in schema:
        return f'`"{schema["const"]}"`'
    if "enum" in schema:
        return "one of " + ", ".join(f"`{value}`" for value in schema["enum"])
    kind = schema.get("type")
    if kind == "array":
        item = _type(schema.get("items", {}))
        return f"list of {item}{'es' if item.endswith('ch') else 's'}"
    if kind == "object":
        return f"mapping of name → {_type(schema.get('additionalProperties', {}))}"
    if kind == "string" and schema.get("format") == "date":
        return "date"
    if kind == "string" and schema.get("format") == "date-time":
        return "instant"
    if kind == "string" and "[T ]" in schema.get("pattern", ""):
        return "local date and time"
    if kind == "string" and ":" in schema.get("pattern", ""):
        return '"MM:SS" or "H:MM:SS"'
    return str(kind or "any")


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value: Any = field.default_factory()  # type: ignore[call-arg]
        return "empty" if not value else f"`{value}`"
    if field.default is None or field.default is PydanticUndefined:
        return "—"
    if isinstance(field.default, bool):
        return f"`{str(field.default).lower()}`"
    return f"`{field.default}`"


def _section(what: str, model: type[BaseModel]) -> str:
    lines = [
        f"## {what[0].upper()}{what[1:]}",
        "",
        (model.__doc__ or "").strip(),
        "",
        "| key | type | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    properties = _schema(model)["properties"]
    for name, field in model.model_fields.items():
        key = field.alias or name
        meaning = (field.description or "").replace("|", "\\|")
        kind = _type(properties[key])
        lines.append(f"| `{key}` | {kind} | {_default(field)} | {meaning} |")
    return "\n".join(lines) + "\n"


def _schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = catalog_schema()
    if model.__name__ in schema["$defs"]:
        found: dict[str, Any] = schema["$defs"][model.__name__]
        return found
    return schema


def render() -> str:
    """The whole page: the introduction, every entry's keys, and the example."""
    parts = [INTRO]
    parts.extend(_section(what, model) for what, model in ENTRIES)
    parts.append("## Example (`showmeter catalog init`)\n\n```yaml\n" + EXAMPLE + "```\n")
    return "\n".join(parts)


def main() -> None:
    """Print the page to standard output."""
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
