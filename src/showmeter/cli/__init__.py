"""The ``showmeter`` command line.

Every command is a thin layer over the Python API: it parses options, calls the library, and
prints. One error boundary (:func:`main`, :func:`showmeter.cli.boundary.fail`) turns a user
error into one red ``Error:`` line and exit status 1 (2 for bad usage); ``--debug`` shows the
traceback instead. Heavy libraries are imported inside the commands so that ``showmeter
--help`` starts fast, and a plain ``showmeter compute`` is parsed without Typer at all
(:mod:`showmeter.cli.fast`): importing this package imports neither; the Typer application
(``app``) is built on first use.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main", "typer_app"]

_COMMANDS = (
    "catalog_command",
    "compute_command",
    "demo_command",
    "ingest_command",
    "lake_command",
    "metrics_command",
    "optimize_command",
    "quarantine_command",
    "report_command",
    "serve_command",
    "simulate_command",
)
"""The modules that register a command on the app, one each."""


def typer_app() -> typer.Typer:
    """The Typer application with every command registered."""
    import importlib

    for name in _COMMANDS:
        importlib.import_module(f"showmeter.cli.{name}")
    from showmeter.cli.app import app

    return app


class _Package(types.ModuleType):
    """This package, whose ``app`` is the Typer application, built on first use.

    The attribute is a property because the import system binds the submodule
    ``showmeter.cli.app`` to the same name once it is imported (each command's module imports
    it): that binding is ignored, and ``showmeter.cli.app`` stays the application, as when
    this package imported it eagerly. Setting it to anything else (a test's stand-in) holds.
    """

    @property
    def app(self) -> typer.Typer:
        found = self.__dict__.get("_app")
        if found is None:
            found = self.__dict__["_app"] = typer_app()
        return found

    @app.setter
    def app(self, value: Any) -> None:
        if not isinstance(value, types.ModuleType):
            self.__dict__["_app"] = value


sys.modules[__name__].__class__ = _Package


def main() -> None:
    """Run the CLI with one error boundary."""
    from showmeter.cli.boundary import fail
    from showmeter.cli.fast import plain_compute

    try:
        lean = plain_compute(sys.argv[1:])
        code = lean() if lean is not None else sys.modules[__name__].app(standalone_mode=False)
    except (Exception, KeyboardInterrupt) as error:
        fail(error)
        raise
    sys.exit(code if isinstance(code, int) else 0)
