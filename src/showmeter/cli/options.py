"""Options shared by several commands, and the parsing of their values."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from showmeter.cli.values import ResultFormat as ResultFormat  # parsed without Typer there
from showmeter.cli.values import SummaryFormat as SummaryFormat
from showmeter.cli.values import parse_params as parse_params
from showmeter.cli.values import parse_spark_conf as parse_spark_conf

StoreOption = Annotated[Path, typer.Option("--store", help="The store (a DuckDB file).")]
LAKE_HELP = "or lake:PATH, a folder of Parquet datasets loaded atomically (docs/lake.md)"
"""What every ``--store`` that takes a lake adds to its help."""
StoreOrLakeOption = Annotated[
    Path, typer.Option("--store", help=f"The store: a DuckDB file, {LAKE_HELP}.")
]
CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="The catalog (YAML or JSON).")
]
FilesOption = Annotated[list[str] | None, typer.Option(help="File, directory or glob.")]
SourceOption = Annotated[
    str,
    typer.Option(
        "--source",
        help="The format of the viewing files: canonical, netflix (ViewingActivity.csv), "
        "netflix-simple (NetflixViewingHistory.csv), tautulli, jellyfin, trakt; "
        "or Netflix's published figures: netflix-top10 (Top 10 lists), netflix-engagement "
        "(engagement reports), given with --events, --catalog optional.",
    ),
]
AssumeTzOption = Annotated[
    str | None,
    typer.Option("--assume-tz", help="IANA zone for timestamps without an offset."),
]


ENGINE_HELP = (
    "duckdb; spark (local, or as Spark's own settings say), spark://HOST:PORT (a standalone "
    "cluster), sc://HOST:PORT (Spark Connect), yarn or k8s://... (given to spark.master); or "
    "an Ibis URL. See docs/spark.md."
)
"""The help of every ``--engine`` option."""

SparkConfOption = Annotated[
    list[str] | None,
    typer.Option(
        "--spark-conf",
        help="A Spark setting KEY=VALUE for a Spark engine (repeatable); it wins over "
        "spark-defaults.conf and showmeter's defaults.",
    ),
]


AccountOption = Annotated[
    str | None,
    typer.Option(
        "--account",
        help="The account the export belongs to.",
        rich_help_panel="Adapters",
    ),
]
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="The profile, where the export has none (default: the account).",
        rich_help_panel="Adapters",
    ),
]
DateFormatOption = Annotated[
    str | None,
    typer.Option(
        "--date-format",
        help="The date format of netflix-simple, e.g. %d/%m/%Y (detected when absent).",
        rich_help_panel="Adapters",
    ),
]
MarketOption = Annotated[
    str | None,
    typer.Option("--market", help="The market of rows that have none.", rich_help_panel="Adapters"),
]
IncludeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--include",
        help="Keep rows left out by default: supplemental (trailers, hooks), "
        "autoplay (without user action), watch (Trakt manual marks). Repeatable.",
        rich_help_panel="Adapters",
    ),
]
