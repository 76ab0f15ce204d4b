"""Count the rows whose Netflix title and the catalog disagree, for the load's notes.

A title's ``(Word K)`` and season marker are authoritative (see
:mod:`~showmeter.intake.adapters.netflix_titles`): a row is loaded as they say, or left
unresolved when the catalog lacks that episode but names another. Either way the
disagreement is worth a warning; :class:`MarkerWarnings` counts them per file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from showmeter.intake.adapters.names import Found

if TYPE_CHECKING:
    from showmeter.intake.adapters.netflix_titles import Unresolved

__all__ = ["MarkerWarnings"]


class MarkerWarnings:
    """Counts the rows whose title's markers and the catalog disagree, for the load's notes.

    The note (``marker_disagreements``) holds how many rows were loaded with the title's
    number despite the catalog (``loaded``), how many were left unresolved because of it
    (``quarantined``), and up to :data:`EXAMPLES` titles with what disagreed.
    """

    EXAMPLES = 10
    NOTE = "marker_disagreements"

    def __init__(self) -> None:
        self.loaded = 0
        self.quarantined = 0
        self.examples: dict[str, str] = {}

    def count(self, raw: str, outcome: Found | Unresolved) -> bool:
        """Count one row's outcome; True when it disagreed."""
        if isinstance(outcome, Found):
            if outcome.warning is None:
                return False
            self.loaded += 1
            message = outcome.warning
        elif outcome.conflict:
            self.quarantined += 1
            message = outcome.problem
        else:
            return False
        if len(self.examples) < self.EXAMPLES:
            self.examples.setdefault(raw, message)
        return True

    def note(self) -> dict[str, object]:
        """The counts and examples, as the load's notes hold them."""
        return {
            "loaded": self.loaded,
            "quarantined": self.quarantined,
            "examples": dict(self.examples),
        }
