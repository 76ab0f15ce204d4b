"""The titles page: every season with its key figures, filtered, sorted and paged.

The key figures are results of the registry at each metric's defaults (computed once per
store version); the page chooses among them by query parameters only, so that every link
works without JavaScript: ``q`` (words of the title or name), ``kind`` (``series`` or
``film``), ``category``, ``sort`` (``season`` or a key figure), ``order`` (``asc`` or
``desc``) and ``page`` (:data:`PAGE_SIZE` seasons a page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from showmeter.errors import UsageError
from showmeter.launch.explanations import definitions
from showmeter.schema import SeasonKey
from showmeter.web import storeinfo

if TYPE_CHECKING:
    from showmeter.launch.runner import Runner

__all__ = ["KPIS", "PAGE_SIZE", "SORTS", "TitlesPage", "build", "rows"]

KPIS = ("reach", "hours_viewed", "binge_racers", "tomatometer")
"""The key figures of each season (each metric's defaults)."""

SORTS = ("season", *KPIS)
"""What the table sorts by: the season (title, then number) or a key figure."""

KINDS = ("series", "film")
"""The kinds of title of the catalog."""

PAGE_SIZE = 50
"""Seasons on a page."""

PARAMETERS = ("q", "kind", "category", "sort", "order", "page")
"""The query parameters of the page (and of its CSV, but ``page``)."""


@dataclass(frozen=True)
class TitlesPage:
    """One page of the titles table, and the choices that made it.

    Attributes:
        rows: The seasons of this page, each with its key figures.
        total: Seasons that pass the filters (on every page).
        every: Seasons in the store.
        q: The search words.
        kind: The kind chosen (``""``: any).
        category: The category chosen (``""``: any).
        sort: The column sorted by.
        order: ``asc`` or ``desc``.
        page: This page's number (from 1).
        pages: How many pages there are.
        categories: The categories of the store's titles.
        defs: The key figures' definitions and parameters.
    """

    rows: list[dict[str, Any]]
    total: int
    every: int
    q: str
    kind: str
    category: str
    sort: str
    order: str
    page: int
    pages: int
    categories: list[str]
    defs: list[Any]

    @property
    def first(self) -> int:
        """The 1-based position of this page's first row (0 when there is none)."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    def link(self, **changed: object) -> str:
        """The query string of this page with some choices changed (empty ones left out)."""
        chosen: dict[str, object] = {
            "q": self.q,
            "kind": self.kind,
            "category": self.category,
            "sort": "" if self.sort == "season" else self.sort,
            "order": "" if self.order == default_order(self.sort) else self.order,
            "page": "" if self.page == 1 else self.page,
        }
        if "sort" in changed and "order" not in changed:
            chosen["order"] = ""
        chosen.update(changed)
        if chosen.get("sort") == "season":
            chosen["sort"] = ""
        if chosen.get("page") == 1:
            chosen["page"] = ""
        return urlencode([(k, str(v)) for k, v in chosen.items() if v not in ("", None)])

    def sort_link(self, column: str) -> str:
        """The query that sorts by ``column`` (a second click reverses it), from page 1."""
        if column == self.sort:
            flipped = "asc" if self.order == "desc" else "desc"
            order = "" if flipped == default_order(column) else flipped
            return self.link(sort=column, order=order, page=1)
        return self.link(sort=column, order="", page=1)


def default_order(sort: str) -> str:
    """Seasons in title order; key figures largest first."""
    return "asc" if sort == "season" else "desc"


def rows(runner: Runner) -> tuple[list[dict[str, Any]], list[Any]]:
    """Every season with its key figures, kind and category (cached per store version).

    Returns:
        The rows (``key``, ``display``, ``search``, ``kind``, ``category`` and one value per
        key figure), in title and season order, and the key figures' definitions.
    """
    found = runner.memo.get_or_compute(("titles", runner.fingerprint), lambda: _compute(runner))
    return cast("tuple[list[dict[str, Any]], list[Any]]", found)


def _compute(runner: Runner) -> tuple[list[dict[str, Any]], list[Any]]:
    from showmeter.launch.query import Query
    from showmeter.launch.scope import Figure

    results = {name: runner.compute(name) for name in KPIS}
    categories = storeinfo.categories(runner)
    kinds = storeinfo.kinds(runner)
    by_season: dict[SeasonKey, dict[str, Any]] = {}
    for key, facts in storeinfo.seasons(runner).items():
        by_season[key] = {
            "key": key,
            "display": facts.display,
            "search": f"{key} {facts.display}".lower(),
            "kind": kinds.get(key.title) or "",
            "category": categories.get(key.title) or "",
        }
    for name, result in results.items():
        for row in result.rows:
            key = SeasonKey(str(row["title"]), int(str(row["season"])))
            if key in by_season:
                by_season[key][name] = row.get("value")
    every = [{**dict.fromkeys(KPIS), **row} for row in by_season.values()]
    figure = Figure("titles", "", "", "", {n: Query(n) for n in KPIS}, dict(results))
    return every, definitions(figure)


def _choice(given: dict[str, list[str]], name: str, allowed: tuple[str, ...] | None) -> str:
    values = given.get(name, [])
    value = values[-1].strip() if values else ""
    if value and allowed is not None and value not in allowed:
        raise UsageError(
            f"bad value for {name!r}", value=value[:80], expected=", ".join(allowed) or "none"
        )
    return value


def build(runner: Runner, given: dict[str, list[str]], *, paged: bool = True) -> TitlesPage:
    """The titles page for the query's choices.

    Args:
        runner: The store's runner.
        given: The query parameters (each with its values).
        paged: Keep only the chosen page (the CSV download takes every filtered row).

    Returns:
        The page.

    Raises:
        UsageError: An unknown parameter or a bad value (a kind, category, column, order or
            page that does not exist).
    """
    unknown = sorted(set(given) - set(PARAMETERS))
    if unknown:
        raise UsageError(
            f"unknown query parameter {unknown[0]!r}",
            expected=", ".join(PARAMETERS),
            remedy="Use the page's controls.",
        )
    every, defs = rows(runner)
    categories = sorted({str(r["category"]) for r in every if r["category"]})
    q = _choice(given, "q", None)[:100]
    kind = _choice(given, "kind", KINDS)
    category = _choice(given, "category", tuple(categories))
    sort = _choice(given, "sort", SORTS) or "season"
    order = _choice(given, "order", ("asc", "desc")) or default_order(sort)
    number = _choice(given, "page", None) or "1"
    if not number.isdigit() or int(number) < 1:
        raise UsageError("bad value for 'page'", value=number[:20], expected="1, 2, 3 ...")
    words = q.lower().split()
    chosen = [
        r
        for r in every
        if all(word in r["search"] for word in words)
        and (not kind or r["kind"] == kind)
        and (not category or r["category"] == category)
    ]
    if sort != "season":
        present = [r for r in chosen if isinstance(r[sort], int | float)]
        present.sort(key=lambda r: (r[sort], r["key"]), reverse=order == "desc")
        chosen = present + [r for r in chosen if not isinstance(r[sort], int | float)]
    elif order == "desc":
        chosen = chosen[::-1]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    page = int(number)
    if page > pages:
        raise UsageError(
            f"there is no page {page}: the seasons chosen fill {pages}",
            remedy="Go back to page 1.",
        )
    shown = chosen[(page - 1) * PAGE_SIZE : page * PAGE_SIZE] if paged else chosen
    return TitlesPage(
        shown, len(chosen), len(every), q, kind, category, sort, order, page, pages,
        categories, defs,
    )  # fmt: skip
