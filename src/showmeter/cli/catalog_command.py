"""``showmeter catalog``: start a catalog (``init``), its JSON Schema (``schema``), ``draft``.

``enrich`` fills one in from TVmaze (opt-in: it contacts the network).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.app import app, stderr

catalog_app = typer.Typer(
    name="catalog",
    help="Work with catalogs: start one from a commented example (init), write its JSON "
    "Schema for editors (schema), draft one from a viewing export (draft), or fill in runtimes, "
    "episode names and launches from TVmaze (enrich --metadata tvmaze).",
    no_args_is_help=True,
)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command()
def draft(
    file: Annotated[
        Path,
        typer.Argument(
            help="The export, e.g. ViewingActivity.csv, a Trakt ZIP, tautulli.db or a backup; "
            "or a folder or glob of exports (as ingest reads them; hidden files skipped)."
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
    metadata: Annotated[str | None, _METADATA] = None,
    tvmaze_url: Annotated[str | None, _TVMAZE_URL] = None,
    cache: Annotated[Path | None, _CACHE] = None,
    refresh: Annotated[bool, _REFRESH] = False,
) -> None:
    """Draft a catalog (YAML) of the shows, seasons and episodes an export names.

    It loads unedited, and every title of the export resolves with it (of every export, for
    a folder or a glob). Runtimes are
    estimated (the largest position seen, else a default per kind) and marked
    `runtime_origin: "estimate"`; guesses are marked `# check`. Add launches before
    computing launch metrics, or give --metadata tvmaze to enrich the draft from TVmaze as
    `catalog enrich` does (this contacts TVmaze).
    """
    from showmeter.intake.adapters.draft import draft_catalog

    text = draft_catalog(source, file)
    if metadata is not None:
        text = _enriched(text, str(file), metadata, tvmaze_url, cache, refresh, None)
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


_METADATA = typer.Option(
    "--metadata",
    help="Look shows up on this service: tvmaze (TVmaze's public API; needs the network).",
)
_TVMAZE_URL = typer.Option(
    "--tvmaze-url",
    envvar="SHOWMETER_TVMAZE_URL",
    help="TVmaze API root (default: https://api.tvmaze.com).",
)
_CACHE = typer.Option(
    "--cache",
    help="Folder of cached TVmaze answers (default: ~/.cache/showmeter/tvmaze on Linux; "
    "docs/tvmaze.md lists each platform's).",
)
_REFRESH = typer.Option("--refresh", help="Ask TVmaze again for answers already cached.")


@catalog_app.command()
def enrich(
    catalog: Annotated[Path, typer.Argument(help="The catalog (YAML or JSON) to fill in.")],
    metadata: Annotated[str | None, _METADATA] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the result here (default: over CATALOG)."),
    ] = None,
    tvmaze_url: Annotated[str | None, _TVMAZE_URL] = None,
    cache: Annotated[Path | None, _CACHE] = None,
    refresh: Annotated[bool, _REFRESH] = False,
) -> None:
    """Fill in a catalog's runtimes, episode names and launches from TVmaze (opt-in).

    Each series is looked up by name (or its AKAs, for localised titles); each looked-up value
    is marked `tvmaze` in the catalog, a value a person gave is never changed, and comments
    and order are kept. Answers are cached on disk. Data from TVmaze.com, CC BY-SA 4.0.
    """
    from showmeter.errors import InputError

    _require_tvmaze(metadata)
    try:
        text = catalog.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            f"cannot read the catalog: {getattr(error, 'strerror', None) or error}",
            file=str(catalog),
            remedy="Give the path of a UTF-8 YAML or JSON catalog.",
        ) from error
    target = output or catalog
    enriched = _enriched(
        text, str(catalog), metadata, tvmaze_url, cache, refresh, catalog.suffix == ".json"
    )
    partial = target.with_name(target.name + ".part")  # the catalog is replaced whole or not
    _write(partial, enriched)
    try:
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(
            f"cannot replace the file: {error.strerror or error}",
            file=str(target),
            remedy="Give --output a file you can write, or check the file's permissions.",
        ) from error
    stderr().print(f"Wrote {target}.", highlight=False, soft_wrap=True)


def _enriched(
    text: str,
    file: str,
    metadata: str | None,
    tvmaze_url: str | None,
    cache: Path | None,
    refresh: bool,
    json_format: bool | None,
) -> str:
    """The catalog enriched from the --metadata service, its report printed on stderr."""
    from showmeter.intake.metadata.enrich import enrich_text
    from showmeter.intake.metadata.tvmaze import open_tvmaze

    _require_tvmaze(metadata)
    api = open_tvmaze(tvmaze_url, cache_dir=cache, refresh=refresh)
    try:
        result = enrich_text(text, api, file=file, json_format=json_format)
    finally:
        api.client.close()
    console = stderr()
    for line in result.summary(f"--metadata tvmaze, {api.client.base_url}"):
        console.print(line, highlight=False, markup=False, soft_wrap=True)
    return result.text


def _require_tvmaze(metadata: str | None) -> None:
    """Refuse a missing or unknown --metadata: the lookup is opt-in."""
    from showmeter.errors import UsageError

    if metadata != "tvmaze":
        raise UsageError(
            "no metadata service named" if metadata is None else "unknown metadata service",
            value=metadata,
            expected="--metadata tvmaze",
            remedy="Add --metadata tvmaze to look the shows up on TVmaze (this contacts it).",
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
