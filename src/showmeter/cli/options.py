"""Options shared by several commands, and the parsing of their values."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from showmeter.errors import UsageError


class SummaryFormat(StrEnum):
    """How ``ingest`` and ``optimize`` print their summary."""

    table = "table"
    json = "json"


class ResultFormat(StrEnum):
    """How ``compute`` prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


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


def parse_params(settings: list[str] | None) -> dict[str, str]:
    """Parse ``--set NAME=VALUE`` options into a dict."""
    params: dict[str, str] = {}
    for setting in settings or []:
        name, sep, value = setting.partition("=")
        if not sep or not name.strip():
            raise UsageError(
                "--set takes NAME=VALUE",
                value=setting,
                remedy="Write for example --set window_days=30.",
            )
        params[name.strip()] = value.strip()
    return params


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


def parse_spark_conf(settings: list[str] | None) -> dict[str, str]:
    """Parse ``--spark-conf KEY=VALUE`` options into a dict."""
    conf: dict[str, str] = {}
    for setting in settings or []:
        key, sep, value = setting.partition("=")
        if not sep or not key.strip():
            raise UsageError(
                "--spark-conf takes KEY=VALUE",
                value=setting,
                remedy="Write for example --spark-conf spark.executor.memory=2g.",
            )
        conf[key.strip()] = value.strip()
    return conf


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
