"""Which TVmaze show a catalog title is.

A title is looked for by its ``name`` (else its id, dashes read as spaces); a ``tvmaze: ID``
already in the catalog is used as it is, without a search. Names are compared as titles are
resolved (:func:`~showmeter.intake.adapters.names.name_key`: no case, accents, spaces or
punctuation).

1. ``/search/shows?q=NAME``; the shows whose name is the title's name are the candidates.
2. None: the AKAs of the first :data:`AKA_LOOKUPS` shows found are read, and a show with an
   AKA equal to the name is a candidate (Netflix writes titles in the profile's language:
   ``Dom z papieru`` is *La Casa de Papel*'s Polish AKA).
3. Several candidates: those in the title's ``language`` are kept, then those that premiered
   in the year of the title's earliest launch, then the one whose episode names share the most
   with the catalog's (at least one, and more than any other). One left is *chosen*, and the
   report says by what; else the title is *ambiguous* and left alone, its candidates listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from showmeter.intake.adapters.names import name_key

if TYPE_CHECKING:
    from showmeter.intake.metadata.tvmaze import Aka, Show, Tvmaze

__all__ = ["AKA_LOOKUPS", "Hints", "Match", "match_title"]

AKA_LOOKUPS = 5
"""How many search results have their AKAs read when no name is equal."""

Status = Literal["matched", "chosen", "ambiguous", "not_found"]


@dataclass(frozen=True)
class Hints:
    """What the catalog says of a title, to tell candidates apart."""

    language: str | None = None
    """ISO 639-1 code (``en``) or a language's name."""
    year: int | None = None
    """The year of the title's earliest launch."""
    episode_names: frozenset[str] = frozenset()
    """The catalog's episode names, as :func:`name_key` writes them."""


@dataclass(frozen=True)
class Match:
    """The outcome of looking a title up."""

    status: Status
    query: str
    show: Show | None = None
    aka: Aka | None = None
    """The AKA through which the show was found, if not its name."""
    note: str = ""
    candidates: tuple[Show, ...] = field(default=())


def match_title(api: Tvmaze, query: str, hints: Hints, pinned: int | None = None) -> Match:
    """Find the TVmaze show of a title.

    Args:
        api: The TVmaze client.
        query: The title's name.
        hints: What the catalog says of it.
        pinned: The title's ``tvmaze`` id, when the catalog has one: used without a search.

    Returns:
        The match: its status, the show (``matched``, ``chosen``) or the candidates
        (``ambiguous``), and a note saying why.
    """
    if pinned is not None:
        show = api.show(pinned)
        if show is None:
            return Match(
                "not_found",
                query,
                note=f"TVmaze has no show {pinned} (the title's `tvmaze`); correct or remove it",
            )
        return Match("matched", query, show, note="by its `tvmaze` id")
    key = name_key(query)
    found = api.search(query)
    named = [show for show in found if name_key(show.name) == key]
    akas: dict[int, Aka] = {}
    if not named:
        for show in found[:AKA_LOOKUPS]:
            aka = next((a for a in api.akas(show.id) if name_key(a.name) == key), None)
            if aka is not None:
                named.append(show)
                akas[show.id] = aka
    if not named:
        closest = ", ".join(f'"{show.name}"' for show in found[:3])
        note = f"TVmaze has no show named {query!r}, nor with that AKA"
        note += f" (the search found {closest})" if closest else " (the search found nothing)"
        return Match("not_found", query, note=note + "; add `tvmaze: ID` to the title")
    if len(named) == 1:
        show = named[0]
        via = akas.get(show.id)
        note = "by name" if via is None else f"by its AKA {via.name!r} ({via.country or 'any'})"
        return Match("matched", query, show, via, note)
    kept, reasons = _narrow(api, named, hints)
    if len(kept) == 1:
        show = kept[0]
        note = f"chosen among {len(named)} shows of that name by {' and '.join(reasons)}"
        return Match("chosen", query, show, akas.get(show.id), note, tuple(named))
    why = (
        f"still {len(kept)} after {' and '.join(reasons)}"
        if reasons
        else "nothing in the catalog tells them apart"
    )
    return Match(
        "ambiguous",
        query,
        note=f"{len(named)} shows of that name, {why}; add `tvmaze: ID` to the title to choose",
        candidates=tuple(kept),
    )


def _narrow(api: Tvmaze, shows: list[Show], hints: Hints) -> tuple[list[Show], list[str]]:
    """The candidates left after each hint that keeps at least one, and the hints used."""
    kept = list(shows)
    reasons: list[str] = []
    language = _language_name(hints.language)
    if language is not None:
        same = [s for s in kept if (s.language or "").casefold() == language.casefold()]
        if same and len(same) < len(kept):
            kept, reasons = same, [*reasons, f"language ({language})"]
    if hints.year is not None and len(kept) > 1:
        same = [s for s in kept if s.year == hints.year]
        if same and len(same) < len(kept):
            kept, reasons = same, [*reasons, f"premiere year ({hints.year})"]
    if hints.episode_names and len(kept) > 1:
        shared = {
            s.id: len(hints.episode_names & {name_key(e.name or "") for e in api.episodes(s.id)})
            for s in kept
        }
        best = max(shared.values())
        top = [s for s in kept if shared[s.id] == best]
        if best > 0 and len(top) == 1:
            kept, reasons = top, [*reasons, f"episode names ({best} in common)"]
    return kept, reasons


def _language_name(language: str | None) -> str | None:
    """``en`` -> ``English`` (TVmaze writes languages by name); a name is kept as it is."""
    if not language:
        return None
    if len(language) == 2:
        import pycountry

        found = pycountry.languages.get(alpha_2=language.lower())
        return None if found is None else str(found.name)
    return language
