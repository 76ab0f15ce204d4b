"""Loading files into a store for ``ingest`` and ``compute``, with a progress bar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from showmeter.cli.app import progress_bar
from showmeter.errors import UsageError

if TYPE_CHECKING:
    from showmeter.ingest.load import FileSummary


def load(
    store_path: str,
    catalog: Path | None,
    inputs: list[tuple[str, str]],
    *,
    source: str,
    assume_tz: str | None,
    rejects: Path | None,
    quiet: bool,
    options: dict[str, str] | None = None,
) -> tuple[Any, list[FileSummary]]:
    """Load input files into the store at ``store_path`` (``:memory:`` for a temporary one).

    Returns:
        The open store and one summary per file.
    """
    from showmeter.catalog import load_catalog
    from showmeter.ingest.load import ingest
    from showmeter.store import Store

    if catalog is None:
        raise UsageError(
            "--catalog is required to load files",
            remedy="Give the catalog of titles, seasons and episodes with --catalog FILE.",
        )
    parsed = load_catalog(catalog)
    store = Store(store_path)
    try:
        with Progress(quiet) as progress:
            summaries = ingest(
                store,
                parsed,
                inputs,
                assume_tz=assume_tz,
                source=source,
                rejects=rejects,
                progress=progress,
                options=options,
            )
    except BaseException:
        store.close()
        raise
    return store, summaries


class Progress:
    """A Rich progress bar on stderr, one task per file (silent when ``quiet``)."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Any:
        if self.quiet:
            return None
        self.bar = progress_bar("{task.description}")
        return self.update

    def update(self, file: str, done: int, total: int) -> None:
        """Advance the bar of ``file``."""
        if file not in self.tasks:
            self.tasks[file] = self.bar.add_task(Path(file).name, total=total or None)
        self.bar.update(self.tasks[file], completed=done if total else 0)

    def __exit__(self, *exc: object) -> None:
        if not self.quiet:
            for task in self.tasks.values():
                total = self.bar.tasks[task].total
                if total:
                    self.bar.update(task, completed=total)
            self.bar.stop()
