"""The Python API's reference, generated from its signatures and docstrings.

``python -m showmeter.api_reference > docs/api.md`` writes ``docs/api.md``; a test fails when
the file is stale.
"""

from __future__ import annotations

import inspect
import re
import sys

import showmeter

__all__ = ["render"]

INTRO = """\
# Python API

Generated from the docstrings by `python -m showmeter.api_reference > docs/api.md`; do not
edit by hand. `showmeter.__all__` is the public API: the four verbs below, the result objects
they return, and the errors they raise. Every other module is internal and may change.

```python
import showmeter

summary = showmeter.ingest("launch.duckdb", catalog="catalog.yaml", events=["sessions/"])
result = showmeter.compute("binge_racers", store="launch.duckdb", title="the-defenders")
result.to_pandas()
showmeter.report("the-defenders:1", store="launch.duckdb", reference="daredevil:2",
                 output="out/")
showmeter.metrics()
```
"""


SECTIONS = ("Args", "Returns", "Raises", "Attributes")


def _signature(name: str, function: object) -> str:
    """The call, one parameter a line, with annotations as written."""
    signature = inspect.signature(function)  # type: ignore[arg-type]
    lines, marked = [], False
    for param in signature.parameters.values():
        if param.kind is param.KEYWORD_ONLY and not marked:
            lines.append("*")
            marked = True
        prefix = "**" if param.kind is param.VAR_KEYWORD else ""
        text = prefix + param.name
        if param.annotation is not param.empty:
            text += f": {param.annotation}"
        if param.default is not param.empty:
            text += f" = {param.default!r}"
        lines.append(text)
        if param.kind is param.POSITIONAL_ONLY:
            lines.append("/")
    returned = signature.return_annotation
    body = "".join(f"    {line},\n" for line in lines)
    return f"showmeter.{name}(\n{body}) -> {returned}"


def _markdown(docstring: str) -> list[str]:
    """A Google-style docstring as Markdown: sections become lists, RST roles code."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", docstring).replace("``", "`")
    lines: list[str] = []
    section = None
    for line in text.splitlines():
        header = line.rstrip(":")
        if line.endswith(":") and header in SECTIONS:
            section = header
            lines += [f"**{section}**", ""]
        elif section and line.startswith("    ") and not line.startswith("        "):
            entry = line.strip()
            name, colon, rest = entry.partition(": ")
            if section in ("Args", "Attributes", "Raises") and colon and " " not in name:
                lines.append(f"- `{name}`: {rest}")
            else:
                lines.append(f"- {entry}")
        elif section and line.startswith("        "):
            lines[-1] += " " + line.strip()
        else:
            section = None if not line.strip() else section
            lines.append(line)
    return lines


def _section(name: str, target: object, level: str) -> list[str]:
    lines = [f"{level} `showmeter.{name}`", ""]
    if inspect.isfunction(target):
        lines += ["```python", _signature(name, target), "```", ""]
    lines += [*_markdown(inspect.getdoc(target) or ""), ""]
    if inspect.isclass(target) and not issubclass(target, BaseException):
        lines += ["**Members**", ""]
        for member, value in vars(target).items():
            if member.startswith("_") or not (inspect.getdoc(value) or "").strip():
                continue
            kind = "property" if isinstance(value, property) else "method"
            doc = _markdown(inspect.getdoc(value) or "")[0]
            lines += [f"- `{member}` ({kind}): {doc}"]
        lines.append("")
    return lines


def render() -> str:
    """The reference as Markdown.

    Returns:
        ``docs/api.md``'s text.
    """
    lines = [INTRO, "## Functions", ""]
    public = [name for name in showmeter.__all__ if name != "__version__"]
    for name in public:
        if inspect.isfunction(getattr(showmeter, name)):
            lines += _section(name, getattr(showmeter, name), "###")
    lines += ["## Results", ""]
    for name in public:
        target = getattr(showmeter, name)
        if inspect.isclass(target) and not issubclass(target, BaseException):
            lines += _section(name, target, "###")
    lines += [
        "## Errors",
        "",
        "| error | also a | what it means |",
        "| --- | --- | --- |",
    ]
    for name in public:
        target = getattr(showmeter, name)
        if inspect.isclass(target) and issubclass(target, BaseException):
            builtins = [
                base.__name__
                for base in target.__mro__[1:]
                if base.__module__ == "builtins" and base not in (Exception, BaseException, object)
            ]
            summary = (inspect.getdoc(target) or "").splitlines()[0]
            lines.append(f"| `{name}` | {', '.join(builtins) or '—'} | {summary} |")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
