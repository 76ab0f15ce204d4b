"""The errors showmeter raises.

One root, two branches: what the user can fix, and what they cannot::

    ShowmeterError
    ├── UserError              the input or the call is wrong; the message says how to fix it
    │   ├── InputError         a file, a row or a value is wrong      (ValueError; exit status 1)
    │   │   ├── CatalogError   several catalog problems reported in one pass
    │   │   └── MissingFileError  a file or store that does not exist   (also FileNotFoundError)
    │   ├── UsageError         called the wrong way                   (ValueError; exit status 2)
    │   └── ResourceError      the machine ran out of disk or memory  (OSError; exit status 1)
    └── InternalError          a bug in showmeter; please report it

Every user error carries structured fields (``file``, ``line``, ``column``, ``value``,
``expected``, ``remedy``) so that callers can act on them, and renders them into one line:
cause first, then the remedy.

Each user error also subclasses the built-in exception a Python caller would expect, so that
``except ValueError`` or ``except FileNotFoundError`` in a notebook catches it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "CatalogError",
    "InputError",
    "InternalError",
    "MissingFileError",
    "Problem",
    "ResourceError",
    "ShowmeterError",
    "UsageError",
    "UserError",
    "resource_error",
]


class ShowmeterError(Exception):
    """The root of every error that showmeter raises on purpose."""


class UserError(ShowmeterError):
    """An error the user can fix: bad input or bad usage.

    Args:
        cause: What is wrong, in one sentence.
        file: The file involved, if any.
        line: The 1-based line (or record) number in ``file``, if known.
        column: The column or field involved, if any.
        value: The offending value, if any.
        expected: What would have been accepted.
        remedy: How to fix it.
    """

    exit_code = 1

    def __init__(
        self,
        cause: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: object = None,
        expected: str | None = None,
        remedy: str | None = None,
    ) -> None:
        self.cause = cause
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.expected = expected
        self.remedy = remedy
        super().__init__(self.render())

    def render(self) -> str:
        """Render the error as one line: where, cause, value, expectation, remedy."""
        where = _location(self.file, self.line, self.column)
        text = f"{where}: {self.cause}" if where else self.cause
        if self.value is not None:
            text += f" (got {self.value!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        text += "."
        if self.remedy:
            text += f" {self.remedy}"
        return text


class InputError(UserError, ValueError):
    """A file, a row or a value in the input is wrong (exit status 1)."""


class MissingFileError(InputError, FileNotFoundError):
    """A file, folder or store that was named does not exist (exit status 1)."""


class UsageError(UserError, ValueError):
    """The command or function was called the wrong way (exit status 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found while validating a file, with where it is.

    Attributes:
        message: What is wrong and how to fix it.
        file: The file.
        line: The 1-based line, when known.
        field: The dotted path of the field, e.g. ``titles[0].seasons[1].launches[0].at``.
    """

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = _location(self.file, self.line, self.field)
        return f"{where}: {self.message}" if where else self.message


class CatalogError(InputError):
    """The catalog has one or more problems; all of them are listed.

    Args:
        problems: Every problem found, in file order.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0] if self.problems else Problem("the catalog is invalid")
        if len(self.problems) > 1:
            cause = f"the catalog has {len(self.problems)} problems, listed below"
            super().__init__(cause, file=first.file, remedy="Fix them and run again.")
        else:
            super().__init__(str(first).rstrip("."), remedy="Fix the catalog and run again.")

    def render(self) -> str:
        """Render the first problem on one line; ``details`` lists them all."""
        return super().render()

    @property
    def details(self) -> str:
        """Every problem, one per line."""
        return "\n".join(str(problem) for problem in self.problems)


class ResourceError(UserError, OSError):
    """The machine ran out of disk space or memory while DuckDB worked (exit status 1)."""


_FILE = re.compile(r'file "([^"]+)"')


def resource_error(error: BaseException) -> ResourceError | None:
    """The :class:`ResourceError` an engine's error amounts to, if it is a full disk or memory.

    Args:
        error: An exception from DuckDB (or anything else, which gives ``None``).

    Returns:
        The error to show, naming the file that could not be written; ``None`` otherwise.
    """
    if not type(error).__module__.lstrip("_").startswith("duckdb"):
        return None
    text = str(error)
    if "No space left on device" in text:
        found = _FILE.search(text)
        return ResourceError(
            "the disk is full: DuckDB could not write "
            + (found.group(1) if found else "its files"),
            remedy="Free disk space there, or give the work more room: put the store on a "
            "larger disk (its spill files go beside it, in <store>.tmp), set SHOWMETER_TMP to "
            "a larger folder for a load's staging database, or load a large input in several "
            "loads (--events for a group of files each time).",
        )
    if type(error).__name__ == "OutOfMemoryException":
        return ResourceError(
            f"DuckDB ran out of memory ({text.splitlines()[0]})",
            remedy="Raise --memory-limit (or SHOWMETER_MEMORY_LIMIT), or free memory on the "
            "machine; past the limit DuckDB spills to disk.",
        )
    return None


class InternalError(ShowmeterError):
    """A bug in showmeter rather than in its input. Please report it with the traceback."""


def _location(file: str | None, line: int | None, column: str | None) -> str:
    parts = []
    if file:
        parts.append(f"{file}:{line}" if line is not None else file)
    elif line is not None:
        parts.append(f"line {line}")
    if column:
        parts.append(f"column {column!r}" if file or line is not None else f"field {column!r}")
    return ", ".join(parts)
