"""Loading a catalog from a YAML or JSON file.

Both formats are YAML 1.2 as ``ruamel.yaml`` reads it (JSON is YAML 1.2 flow syntax): ``NO``
is Norway, not false, and ``52:14`` is a string, not a sexagesimal number. A file is first
read by libyaml's C parser (:mod:`showmeter.catalog.fast_yaml`, the same values without line
numbers) and validated; only when that reading does not apply, the file does not parse or it
breaks a rule is it read again by ``ruamel.yaml``'s round-trip loader, whose mappings and
lists know their lines, so that each problem can name its line. A file that cannot be read
or parsed gives one problem; a file that parses is validated by
:func:`showmeter.catalog.validation.validate`, which reports every problem at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from showmeter._gc import paused_gc
from showmeter.catalog.validation import validate
from showmeter.errors import CatalogError, Problem

if TYPE_CHECKING:
    from showmeter.catalog.models import Catalog

__all__ = ["load_catalog", "parse_catalog"]


def load_catalog(path: str | Path) -> Catalog:
    """Load and validate a catalog file.

    Args:
        path: A YAML (``.yaml``, ``.yml``) or JSON (``.json``) file.

    Returns:
        The catalog, with ``file`` set to ``path``.

    Raises:
        CatalogError: When the file cannot be read or parsed (one problem), or breaks catalog
            rules (every problem, each with its line and field).
    """
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError(
            [Problem("the catalog file does not exist. Check the path and the file name.", file)]
        ) from None
    except IsADirectoryError:
        raise CatalogError(
            [
                Problem(
                    "the catalog path is a directory. Give the YAML or JSON file inside it.", file
                )
            ]
        ) from None
    except UnicodeDecodeError as error:
        raise CatalogError(
            [Problem(f"the catalog is not UTF-8 text ({error.reason}). Save it as UTF-8.", file)]
        ) from None
    except OSError as error:
        raise CatalogError(
            [Problem(f"the catalog cannot be read: {error.strerror}. Check its permissions.", file)]
        ) from None
    return parse_catalog(text, file)


def parse_catalog(text: str, file: str = "<catalog>") -> Catalog:
    """Parse and validate a catalog from its text.

    Args:
        text: The catalog, as YAML or JSON.
        file: The name to give in problems.

    Returns:
        The catalog, with ``file`` set to ``file``.

    Raises:
        CatalogError: When the text is not YAML or JSON (one problem, at the parser's line),
            or breaks catalog rules (every problem, each with its line and field).
    """
    with paused_gc():  # hundreds of thousands of nodes, all alive until validated
        fast = _fast_parse(text)
        if fast is _UNREAD:
            return validate(_parse(text, file), file)
        try:
            return validate(fast, file)
        except CatalogError:
            # The problems name lines: read the file again with ruamel.yaml, which knows them.
            return validate(_parse(text, file), file)


_UNREAD = object()
"""What :func:`_fast_parse` returns when the fast reading does not apply."""


def _fast_parse(text: str) -> object:
    """The document read by libyaml (:mod:`showmeter.catalog.fast_yaml`), else ``_UNREAD``."""
    from showmeter.catalog import fast_yaml

    try:
        return fast_yaml.load(text)
    except fast_yaml.Unsupported:
        return _UNREAD
    except Exception:  # libyaml's syntax errors: ruamel.yaml reads it again for its message
        return _UNREAD


def _parse(text: str, file: str) -> object:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = (error.problem or error.context or "a syntax error").strip()
        remedy = (
            "Keep one of the two keys."
            if isinstance(error, DuplicateKeyError)
            else "Fix the syntax at this line (check indentation, quotes and brackets)."
        )
        line = None if mark is None else mark.line + 1
        raise CatalogError(
            [Problem(f"the catalog is not valid YAML or JSON: {what}. {remedy}", file, line)]
        ) from None
    except YAMLError as error:
        raise CatalogError(
            [Problem(f"the catalog is not valid YAML or JSON: {error}. Fix the syntax.", file)]
        ) from None
