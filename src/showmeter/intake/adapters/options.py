"""The options of the adapters (``ingest(..., options={...})``) and their checks.

Every adapter reads its options from one mapping of names to text. A name no adapter knows
is a usage error (so that a typo is not silently ignored); a name that only another adapter
uses is ignored, so one command line can carry options for several sources.
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from showmeter.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["OPTIONS", "AdapterOptions"]

OPTIONS: dict[str, str] = {
    "account": "the account (household) the rows belong to; prefixes profile ids",
    "profile": "the profile a per-profile file belongs to (netflix-simple, trakt)",
    "date_format": "the strptime format of the Date column (netflix-simple), e.g. %d.%m.%y",
    "market": "the market (ISO 3166-1 alpha-2) of every row of a source without one",
    "include_supplemental": "keep Netflix trailers, hooks and other supplemental videos",
    "include_autoplay": "keep Netflix autoplays without user action",
    "include_watch": "keep Trakt 'watch' rows (marked as watched by hand)",
}
"""Every adapter option: name -> what it means."""

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off", ""}


class AdapterOptions:
    """The options given to one adapter, checked.

    Args:
        source: The adapter's name, for messages.
        options: Option name -> value, as given.

    Raises:
        UsageError: An option name that no adapter knows.
    """

    def __init__(self, source: str, options: Mapping[str, str]) -> None:
        self.source = source
        self._values = {name.strip().replace("-", "_"): value for name, value in options.items()}
        for name in self._values:
            if name not in OPTIONS:
                near = difflib.get_close_matches(name, list(OPTIONS), n=1)
                raise UsageError(
                    f"unknown adapter option {name!r}",
                    expected=f"one of {', '.join(OPTIONS)}",
                    remedy=f"Did you mean {near[0]!r}?" if near else "Check the option's name.",
                )

    def text(self, name: str) -> str | None:
        """The option's value, stripped; None when absent or empty."""
        value = self._values.get(name)
        value = value.strip() if value is not None else None
        return value or None

    def flag(self, name: str) -> bool:
        """The option as a switch (absent: off).

        Raises:
            UsageError: The value is not true/false, yes/no, on/off or 1/0.
        """
        value = (self._values.get(name) or "").strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise UsageError(
            f"the {self.source} option {name!r} is not a switch",
            value=value,
            expected="true or false",
            remedy=f"Write {name}=true to turn it on.",
        )

    def required(self, name: str, meaning: str, example: str) -> str:
        """A value this adapter cannot work without.

        Args:
            name: The option.
            meaning: What the value is, for the message.
            example: An example value.

        Raises:
            UsageError: The option is absent or empty.
        """
        value = self.text(name)
        if value is None:
            flag = "--" + name.replace("_", "-")
            raise UsageError(
                f"the {self.source} source needs {flag}: {meaning}",
                remedy=f"Add {flag} {example} (in Python: {name}={example!r}).",
            )
        return value

    def market(self) -> str | None:
        """The ``market`` option as an upper-case ISO code, or None.

        Raises:
            UsageError: The value is not two letters.
        """
        value = self.text("market")
        if value is None:
            return None
        if not re.fullmatch(r"[A-Za-z]{2}", value):
            raise UsageError(
                "the market option is not an ISO 3166-1 alpha-2 code",
                value=value,
                expected="two letters such as US or DE",
                remedy="Give the country of the viewers, or leave it out (market ZZ).",
            )
        return value.upper()
