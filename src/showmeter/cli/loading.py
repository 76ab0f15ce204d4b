"""The progress bar of a load: one line per input file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from showmeter.cli.app import progress_bar


class Progress:
    """A Rich progress bar on stderr, one task per file (silent when ``quiet``).

    The bar appears with the first file read, so an error before it (say, in the catalog)
    is the first line printed.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Any:
        return None if self.quiet else self.update

    def update(self, file: str, done: int, total: int) -> None:
        """Advance the bar of ``file``."""
        if self.bar is None:
            self.bar = progress_bar("{task.description}")
        if file not in self.tasks:
            self.tasks[file] = self.bar.add_task(Path(file).name, total=total or None)
        self.bar.update(self.tasks[file], completed=done if total else 0)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            for task in self.tasks.values():
                total = self.bar.tasks[task].total
                if total:
                    self.bar.update(task, completed=total)
            self.bar.stop()
