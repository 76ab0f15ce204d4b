"""Values of options shared by several commands, and their parsing (without Typer).

Kept apart from :mod:`showmeter.cli.options` (the declarations, which need Typer) so that the
lean path of ``compute`` (:mod:`showmeter.cli.fast`) parses them the same way.
"""

from __future__ import annotations

from enum import StrEnum

from showmeter.errors import UsageError

__all__ = ["ResultFormat", "SummaryFormat", "parse_params", "parse_spark_conf"]


class SummaryFormat(StrEnum):
    """How ``ingest`` and ``optimize`` print their summary."""

    table = "table"
    json = "json"


class ResultFormat(StrEnum):
    """How ``compute`` prints its result."""

    table = "table"
    json = "json"
    csv = "csv"


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
