"""Progress bars and closing lines of the commands that take long: loads, reports, the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from showmeter.cli.app import stderr

__all__ = ["STAGES", "FileBars", "StageBar", "amount", "print_written"]


def _bytes_bar() -> Any:
    """A Rich progress bar on stderr counting bytes: name, bar, ``12.3/25.8 MB``, time."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=stderr(),
    )
    bar.start()
    return bar


def amount(stage: str, done: int, total: int) -> str:
    """How far a stage is, in its unit: bytes of the file for ``ingesting``, else counts."""
    if stage.split(" ", 1)[0] == "ingesting":
        from rich.filesize import decimal

        return f"{decimal(done)}/{decimal(total)}" if total else decimal(done)
    return f"{done:,}/{total:,}" if total else f"{done:,}"


class FileBars:
    """A Rich progress bar on stderr, one task per file (silent when ``quiet``).

    Every file counts the same unit, bytes of the file as stored (compressed for a ``.gz``),
    whatever its format; the bar says so (``12.3/25.8 MB``). The bar appears with the first
    file read, so an error before it (say, in the catalog) is the first line printed.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        self._aggregates: Any = None
        self._aggregate_task: Any = None

    def __enter__(self) -> Any:
        return None if self.quiet else self.update

    def update(self, file: str, done: int, total: int) -> None:
        """Advance the bar of ``file``."""
        if self.bar is None:
            self.bar = _bytes_bar()
        if file not in self.tasks:
            self.tasks[file] = self.bar.add_task(Path(file).name, total=total or None)
        self.bar.update(self.tasks[file], completed=done if total else 0)

    def aggregates(self, table: str, done: int, total: int) -> None:
        """Advance the bar of the store's pre-aggregations (built whole: ``done`` of ``total``).

        Args:
            table: The pre-aggregation being built ("" once all are).
            done: Pre-aggregations built.
            total: Pre-aggregations in all.
        """
        if self.quiet:
            return
        if self.bar is not None:  # the files' bar is done: its last line stays
            self.__exit__()
            self.bar = None
            self.tasks = {}
        if self._aggregates is None:
            from showmeter.cli.app import progress_bar

            self._aggregates = progress_bar()
            self._aggregate_task = self._aggregates.add_task(
                "Building the pre-aggregations", total=total
            )
        self._aggregates.update(self._aggregate_task, completed=done, total=total)
        if done >= total:
            self._aggregates.stop()

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            for task in self.tasks.values():
                total = self.bar.tasks[task].total
                if total:
                    self.bar.update(task, completed=total)
            self.bar.stop()
            self.bar = None
        if self._aggregates is not None:
            self._aggregates.stop()


STAGES = {
    "simulating": "Simulating the demo world",
    "ingesting": "Ingesting",
    "aggregating": "Building the pre-aggregations",
    "figures": "Computing the figures",
    "published": "Recomputing the published figures",
    "charts": "Drawing the charts",
}


class StageBar:
    """A Rich progress bar with one line per stage (silent when ``quiet``).

    A stage counts in its own unit, shown with it: ``ingesting FILE`` in bytes of the file
    (see :class:`FileBars`), the others in steps.
    """

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> StageBar:
        if not self.quiet:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description:<40}"),
                BarColumn(),
                TextColumn("{task.fields[amount]}"),
                TimeElapsedColumn(),
                console=stderr(),
            )
            self.bar.start()
        return self

    def update(self, stage: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` for a stage (a new stage gets a new line)."""
        if self.bar is None:
            return
        if stage not in self.tasks:
            word, _, rest = stage.partition(" ")
            label = STAGES.get(word, word) + (f" {rest}" if rest else "")
            self.tasks[stage] = self.bar.add_task(label, total=total or None, amount="")
        self.bar.update(
            self.tasks[stage],
            completed=done,
            total=total or None,
            amount=amount(stage, done, total),
        )

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def print_written(html: Path, json: Path, seconds: float, *, simulated: bool) -> None:
    """Say where the report is, and how long it took."""
    console = stderr()
    console.print(
        f"Wrote [bold]{html}[/] and [bold]{json}[/] in {seconds:.1f} s."
        + (" The data are simulated." if simulated else ""),
        highlight=False,
        soft_wrap=True,
    )
