"""What happened to the rows of one input file: the ingest's reconciliation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FileSummary"]


@dataclass
class FileSummary:
    """What happened to the rows of one input file.

    Attributes:
        file: The file as given.
        kind: The table it was loaded into.
        source: The adapter that read it.
        read: Rows read (records, including malformed ones).
        loaded: Rows added to the store.
        quarantined: Rows rejected, each under one reason.
        duplicates: Rows already in the store, or repeated within the load.
        reasons: Reason -> number of quarantined rows.
        notes: Anything else worth knowing, e.g. devices mapped to ``other``.
    """

    file: str
    kind: str
    source: str
    read: int = 0
    loaded: int = 0
    quarantined: int = 0
    duplicates: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def reconciles(self) -> bool:
        """Whether read = loaded + quarantined + duplicates."""
        return self.read == self.loaded + self.quarantined + self.duplicates

    def to_dict(self) -> dict[str, Any]:
        """The summary as the ``ingest --format json`` contract prints it."""
        return {
            "file": self.file,
            "kind": self.kind,
            "source": self.source,
            "read": self.read,
            "loaded": self.loaded,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "reasons": dict(sorted(self.reasons.items())),
            "notes": self.notes,
        }
