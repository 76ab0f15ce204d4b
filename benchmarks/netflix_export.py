"""A synthetic Netflix ``ViewingActivity.csv`` of a household, for the small-file benchmark.

The file is written from the format's description (``research/formats.md`` §1a): ten
columns in Netflix's order, ``Start Time`` in UTC as ``YYYY-MM-DD HH:MM:SS``, ``Duration``,
``Bookmark`` and ``Latest Bookmark`` as ``HH:MM:SS`` (``Not latest view`` on every session of
a title but its last), ``Country`` as ``DE (Germany)``, several profiles, rows newest first as
the export lists them, a few trailers (``Supplemental Video Type``) and autoplayed previews.
Episode titles read ``Show: Season N: Name (Episode K)``, films have a bare name.

:func:`write_export` makes the household's export: ``titles`` distinct titles (films and the
episodes of shows, counted as :func:`showmeter catalog draft` counts them: one title per show
or film) over ``rows`` viewing rows. The same seed gives the same file.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from showmeter.intake.adapters.netflix import COLUMNS

__all__ = ["HEADER", "write_export"]

HEADER = COLUMNS
"""The columns of ``ViewingActivity.csv``, in Netflix's order."""

_WORDS = [
    "amber",
    "harbor",
    "silent",
    "meridian",
    "crown",
    "dark",
    "river",
    "glass",
    "winter",
    "orchard",
    "signal",
    "north",
    "echo",
    "velvet",
    "iron",
    "paper",
    "house",
    "bridge",
    "storm",
    "lantern",
    "hollow",
    "copper",
    "garden",
    "empire",
    "distant",
    "shore",
    "midnight",
    "parade",
    "stone",
    "circle",
    "broken",
    "compass",
    "quiet",
    "city",
    "wild",
    "frontier",
    "salt",
    "moon",
    "clockwork",
    "golden",
    "hour",
    "secret",
    "ledger",
    "last",
    "summer",
    "falling",
    "sky",
    "hidden",
    "valley",
    "open",
    "road",
    "crimson",
    "tide",
    "little",
    "kingdom",
    "restless",
    "sea",
    "borrowed",
    "time",
]
_DEVICES = (
    "Netflix Windows App - Cadmium Windows Mobile",
    "Chrome PC (Cadmium)",
    "DefaultWidevineAndroidPhone",
    "LG DTV 2020 M20 Smart TV",
    "Apple iPad Air 2 (Wi-Fi)",
)
_COUNTRIES = ("DE (Germany)", "US (United States)", "GB (United Kingdom)")


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _name(rng: random.Random, used: set[str], words: int) -> str:
    while True:
        name = " ".join(rng.choice(_WORDS).capitalize() for _ in range(words))
        if name not in used and not any(name.startswith(u + " ") for u in used):
            used.add(name)
            return name


def write_export(
    path: str | Path,
    *,
    rows: int,
    titles: int,
    profiles: int = 4,
    seed: int = 1,
) -> dict[str, int]:
    """Write a household's ``ViewingActivity.csv``.

    Args:
        path: The file to write.
        rows: Viewing rows (trailers and previews included).
        titles: Distinct titles: shows and films (each show has 1–3 seasons of 6–12 episodes,
            of which the household watches some).
        profiles: Profiles of the household.
        seed: The random seed.

    Returns:
        ``rows``, ``titles``, ``shows``, ``films`` as written.
    """
    rng = random.Random(seed)
    used: set[str] = set()
    shows = max(1, min(titles // 7, rows // 12)) if titles > 1 else 0
    films = titles - shows
    plays: list[tuple[str, int]] = []  # (title string, runtime in seconds)
    for _ in range(shows):
        show = _name(rng, used, 3)
        runtime = rng.choice((22, 25, 30, 42, 48, 55, 60)) * 60
        for season in range(1, rng.randint(1, 3) + 1):
            for episode in range(1, rng.randint(6, 12) + 1):
                episode_name = _name(rng, set(), 2)
                plays.append(
                    (f"{show}: Season {season}: {episode_name} (Episode {episode})", runtime)
                )
    film_plays = [(_name(rng, used, 4), rng.randint(80, 140) * 60) for _ in range(films)]
    names = [f"Profile {k + 1}" for k in range(profiles)]
    start = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    out: list[list[str]] = []
    # every film once, then episodes, cycling so every show is seen, until `rows` rows
    chosen = film_plays + plays
    while len(chosen) < rows:
        chosen += plays or film_plays
    chosen = chosen[:rows]
    last_seen: set[tuple[str, str]] = set()
    for index, (title, runtime) in enumerate(chosen):
        profile = names[index % profiles]
        started = start + dt.timedelta(minutes=37 * index + rng.randint(0, 30))
        kind, attributes = "", ""
        if index % 97 == 0:
            kind, duration, bookmark = "TRAILER", rng.randint(30, 120), rng.randint(30, 120)
        elif index % 53 == 0:
            attributes = "Autoplayed: user action: None; "
            duration = bookmark = rng.randint(2, 40)
        else:
            duration = rng.randint(runtime // 3, runtime)
            bookmark = min(runtime, duration + rng.randint(0, runtime // 4))
        out.append(
            [
                profile,
                started.strftime("%Y-%m-%d %H:%M:%S"),
                _clock(duration),
                attributes,
                title,
                kind,
                rng.choice(_DEVICES),
                _clock(bookmark),
                "",  # set below, newest first
                _COUNTRIES[index % profiles % len(_COUNTRIES)],
            ]
        )
    out.reverse()  # the export lists the newest session first
    for row in out:
        key = (row[0], row[4])
        row[8] = "Not latest view" if key in last_seen else row[7]
        last_seen.add(key)
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(out)
    return {"rows": len(out), "titles": shows + films, "shows": shows, "films": films}
