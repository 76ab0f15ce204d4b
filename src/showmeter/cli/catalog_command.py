"""``showmeter catalog``: work with catalogs (``draft`` one from an export)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app, stderr

catalog_app = typer.Typer(
    name="catalog",
    help="Work with catalogs: draft one from a viewing export.",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command()
def draft(
    file: Annotated[Path, typer.Argument(help="The export, e.g. ViewingActivity.csv.")],
    source: Annotated[
        str, typer.Option("--source", help="The export's format: netflix or netflix-simple.")
    ] = "netflix",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the catalog to this file (default: stdout)."),
    ] = None,
) -> None:
    """Draft a catalog (YAML) of the shows, seasons and episodes an export names.

    Guesses and estimated runtimes are marked in comments; check them, fill in what is
    missing and add launches, then pass the file to --catalog.
    """
    from showmeter.ingest.adapters.draft import draft_catalog

    text = draft_catalog(source, file)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    stderr().print(
        f"Wrote {output}: check the lines marked `check`, the runtimes and add launches.",
        highlight=False,
    )
