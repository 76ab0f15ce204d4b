"""``showmeter catalog``: start a catalog (``init``), its JSON Schema (``schema``), ``draft``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app, stderr

catalog_app = typer.Typer(
    name="catalog",
    help="Work with catalogs: start one from a commented example (init), write its JSON "
    "Schema for editors (schema), or draft one from a viewing export (draft).",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command()
def draft(
    file: Annotated[
        Path,
        typer.Argument(
            help="The export, e.g. ViewingActivity.csv, a Trakt ZIP, tautulli.db or a backup."
        ),
    ],
    source: Annotated[
        str,
        typer.Option(
            "--source",
            help="The export's format: netflix, netflix-simple, tautulli, jellyfin or trakt.",
        ),
    ] = "netflix",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the catalog to this file (default: stdout)."),
    ] = None,
) -> None:
    """Draft a catalog (YAML) of the shows, seasons and episodes an export names.

    It loads unedited, and every title of the export resolves with it. Runtimes are
    estimated (the largest position seen, else a default per kind) and marked
    `runtime_origin: "estimate"`; guesses are marked `# check`. Add launches before
    computing launch metrics.
    """
    from showmeter.intake.adapters.draft import draft_catalog

    text = draft_catalog(source, file)
    if output is None:
        typer.echo(text, nl=False)
        return
    _write(output, text)
    stderr().print(
        f"Wrote {output}: it loads as it is; check the lines marked `check`, and add "
        "launches (`showmeter catalog enrich --metadata tvmaze`, or by hand) for launch "
        "metrics.",
        highlight=False,
    )


@catalog_app.command()
def init(
    output: Annotated[Path, typer.Argument(help="Where to write the example catalog.")] = Path(
        "catalog.yaml"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented example catalog that `ingest` accepts as it is; edit it from there.

    Every key is shown once (a series with launches and availability windows, a film, the
    optional markets and the demand signal weights); docs/catalog.md explains each.
    """
    from showmeter.catalog.example import EXAMPLE
    from showmeter.errors import UsageError

    if output.exists() and not force:
        raise UsageError(
            f"{output} already exists",
            remedy="Give another file name, or add --force to overwrite it.",
        )
    _write(output, EXAMPLE)
    stderr().print(
        f"Wrote {output}: an example catalog that loads as it is. Replace the titles with "
        "yours; `showmeter catalog schema -o catalog.schema.json` lets an editor check it.",
        highlight=False,
    )


@catalog_app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the schema to this file (default: stdout)."),
    ] = None,
) -> None:
    """Print the JSON Schema of a catalog file, for editors to validate and complete it.

    The YAML language server (VS Code, Neovim, Helix...) uses it when the catalog starts
    with `# yaml-language-server: $schema=catalog.schema.json`.
    """
    import json

    from showmeter.catalog.file_format import catalog_schema

    text = json.dumps(catalog_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
        return
    _write(output, text)
    stderr().print(f"Wrote {output}.", highlight=False)


def _write(output: Path, text: str) -> None:
    """Write a file the command makes; a path that cannot be written is a usage error."""
    from showmeter.errors import UsageError

    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise UsageError(
            f"cannot write the file: {error.strerror or error}",
            file=str(output),
            remedy="Give a file name in an existing folder you can write to.",
        ) from error
