"""The titles of the demo world: the Marvel series on Netflix, and invented titles around them.

The Marvel seasons have their published episode counts (13 for each solo season, 8 for The
Defenders) and runtimes of about 50–60 minutes (44–55 for The Defenders, whose episode names
are those published), launched at 00:00 America/Los_Angeles worldwide, on Netflix until
2022-03-01 and on Disney+ from 2022-03-16 in the US, Canada, the UK, Ireland, Australia and New
Zealand, elsewhere later in 2022.

Every other title is invented (names chosen to be clearly fictional): series and films,
originals or not, of many categories, launched from 2015 to 2021, so that a Marvel season can
be ranked among peers.

Around them, for the demand figures (which rank and benchmark every series, not only the
platform's): three invented broadcast series that aired weekly in the summer of 2017
(:data:`BROADCAST`: not on the platform, so without sessions, but above The Defenders in US
demand in its launch week), and a long tail of small licensed library series
(:func:`library_series`: one episode each, no sessions, no signals, so demand 0), available
from 2015 or 2016 until 2019 or 2020, which make the US benchmark set over a thousand series.

Each row's audience knobs (``reach``, ``binge``, ``decay``) and demand peak are the knobs the
calibration tunes; they are plain numbers in the tables below, and The Defenders' demand curve
is :data:`DEFENDERS_DEMAND`.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from showmeter.simulate.spec import Audience, Demand, SeasonSpec, TitleSpec, Window

__all__ = [
    "BROADCAST",
    "DEFENDERS_DEMAND",
    "DISNEY_FIRST",
    "LIBRARY_SERIES",
    "MARVEL",
    "OTHERS",
    "demo_titles",
    "library_series",
    "pacific_midnight",
]

DISNEY_FIRST = ("US", "CA", "GB", "IE", "AU", "NZ")
"""The markets where Disney+ offered the Marvel series from 2022-03-16."""

DISNEY_ELSEWHERE = date(2022, 6, 29)
"""When Disney+ offered them in its other markets ("by the end of 2022")."""

NETFLIX_UNTIL = date(2022, 3, 1)
DISNEY_FROM = date(2022, 3, 16)

DEFENDERS_EPISODES = (
    "The H Word", "Mean Right Hook", "Worst Behavior", "Royal Dragon",
    "Take Shelter", "Ashes, Ashes", "Fish in the Jailhouse", "The Defenders",
)  # fmt: skip
DEFENDERS_RUNTIMES = (3134, 2815, 2690, 2985, 2780, 2650, 2850, 3300)

MARVEL: tuple[tuple[str, str, int, date, tuple[float, ...], Audience, float], ...] = (
    # title, name, season, launch day, runtimes (s); the knobs: audience, demand peak
    ("daredevil", "Marvel's Daredevil", 1, date(2015, 4, 10),
     tuple(60.0 * m for m in (53, 58, 50, 57, 56, 54, 53, 52, 57, 61, 58, 54, 56)),
     Audience(reach=0.08, binge_share=0.02, weekly_decay=(0.6,), tail=0.05), 1.2),
    ("daredevil", "Marvel's Daredevil", 2, date(2016, 3, 18),
     tuple(60.0 * m for m in (50, 52, 57, 49, 52, 56, 53, 51, 55, 50, 56, 52, 58)),
     Audience(reach=0.10, binge_share=0.03, weekly_decay=(0.55,), tail=0.04), 1.5),
    ("jessica-jones", "Marvel's Jessica Jones", 1, date(2015, 11, 20),
     tuple(60.0 * m for m in (53, 51, 50, 53, 49, 52, 50, 53, 51, 52, 50, 54, 52)),
     Audience(reach=0.02581, binge_share=0.03, weekly_decay=(0.55,), tail=0.03), 1.1),
    ("luke-cage", "Marvel's Luke Cage", 1, date(2016, 9, 30),
     tuple(60.0 * m for m in (55, 54, 54, 53, 55, 53, 55, 52, 55, 54, 53, 55, 54)),
     Audience(reach=0.02599, binge_share=0.03, weekly_decay=(0.5,), tail=0.03), 1.1),
    ("iron-fist", "Marvel's Iron Fist", 1, date(2017, 3, 17),
     tuple(60.0 * m for m in (59, 55, 53, 51, 53, 55, 52, 54, 51, 53, 55, 52, 56)),
     Audience(reach=0.02764, binge_share=0.03, weekly_decay=(0.5,), tail=0.02), 1.0),
    ("the-defenders", "Marvel's The Defenders", 1, date(2017, 8, 18),
     tuple(float(s) for s in DEFENDERS_RUNTIMES),
     Audience(reach=0.01637, binge_share=0.3, weekly_decay=(0.1681, 0.5673, 0.9756, 0.6), tail=0.01,
              markets={"KR": 12.0, "PH": 10.0}), 2.0),
    ("the-punisher", "Marvel's The Punisher", 1, date(2017, 11, 17),
     tuple(60.0 * m for m in (55, 53, 50, 54, 51, 53, 49, 52, 53, 50, 52, 48, 51)),
     Audience(reach=0.04, binge_share=0.04, weekly_decay=(0.5,), tail=0.03), 1.3),
)  # fmt: skip

# Invented titles, one per line (a second line with the same id is a further season):
# kind, own (a platform original), category, language, launch day, episodes, minutes per
# episode, then the knobs: reach, binge share, weekly decay (wow), demand peak (dem). The
# name is the id in title case, but for those in NAMES.
OTHERS = """
# title                  kind   own category    la launch     ep min reach binge wow  dem
the-hollow-signal        series yes sci-fi      en 2016-07-15  8  50 0.12  0.03  0.55 2.5
the-hollow-signal        series yes sci-fi      en 2017-10-27  9  52 0.14  0.14  0.5  3.0
gilded-years             series yes comedy      en 2016-11-25  4  90 0.07  0.3   0.45 1.6
saltmarsh                series yes crime       en 2015-09-04 10  48 0.04  0.03  0.55 0.8
kingdom-of-static        series yes drama       en 2016-01-29 10  55 0.05  0.03  0.6  0.9
midnight-ferry           series no  thriller    en 2015-06-12 12  44 0.03  0.02  0.6  0.5
paper-comets             series yes comedy      en 2017-04-21 10  30 0.04  0.03  0.5  0.7
the-lantern-house        series yes horror      en 2018-10-12 10  55 0.06  0.03  0.55 1.4
copper-valley            series no  drama       en 2015-02-27 13  42 0.03  0.01  0.65 0.4
night-shift-at-orbit-9   series yes sci-fi      en 2019-05-03  8  45 0.05  0.03  0.5  1.0
wolves-of-the-weald      series yes fantasy     en 2019-12-20  8  60 0.07  0.03  0.55 1.8
the-quiet-heist          series yes crime       es 2017-05-02 13  50 0.05  0.03  0.6  1.2
seoul-after-rain         series no  romance     ko 2016-02-24 16  60 0.02  0.02  0.6  0.4
harbour-of-ghosts        series yes horror      ko 2019-01-25  6  50 0.03  0.03  0.5  0.6
the-cartographers        series yes drama       en 2016-10-07 10  58 0.03  0.02  0.6  0.6
ember-and-ash            series no  fantasy     en 2015-10-02 10  55 0.03  0.02  0.6  0.5
laugh-track-lane         series no  comedy      en 2015-01-01 22  22 0.05  0.005 0.8  0.6
the-tin-detectives       series yes kids        en 2016-04-01 12  24 0.03  0.02  0.7  0.3
bright-kitchen           series yes reality     en 2018-03-09  8  40 0.03  0.02  0.6  0.4
deep-current             series yes documentary en 2017-07-14  6  50 0.02  0.02  0.6  0.3
the-marigold-affair      series yes drama       en 2017-08-11 10  52 0.035 0.03  0.55 1.0
ironwood-high            series yes drama       en 2017-03-31 13  55 0.06  0.03  0.5  1.6
the-understudy           series no  comedy      en 2017-06-23 10  28 0.03  0.02  0.6  0.5
glass-republic           series yes thriller    de 2017-12-01 10  55 0.03  0.03  0.55 0.7
the-ninth-lighthouse     series yes mystery     en 2020-04-10  8  47 0.05  0.03  0.5  1.0
queen-of-the-board       series yes drama       en 2020-10-23  7  60 0.08  0.03  0.6  2.2
cobalt-city-blues        series no  crime       en 2018-06-01 10  45 0.03  0.02  0.6  0.5
the-orchard-war          series yes drama       fr 2019-09-06  8  52 0.025 0.03  0.55 0.5
sunday-pancakes          series yes animation   en 2018-09-14 10  25 0.03  0.03  0.6  0.4
the-velvet-hour-club     series yes drama       pt 2021-02-05  8  48 0.025 0.03  0.55 0.5
the-long-winter-road     series yes drama       en 2021-06-04  8  55 0.04  0.03  0.5  1.0
stormbreakers            series yes action      en 2021-03-19  6  50 0.05  0.03  0.5  1.3
moonlit-circus           film   yes fantasy     en 2017-12-22  1 117 0.036 0.005 0.85 1.0
the-last-orchard         film   no  drama       en 2016-05-06  1 104 0.018 0.005 0.85 0.4
paper-tigers-of-mars     film   yes sci-fi      en 2018-04-13  1 122 0.024 0.005 0.85 0.7
a-summer-in-velmont      film   no  romance     fr 2015-08-14  1  98 0.012 0.005 0.85 0.3
the-clockmaker           film   yes family      en 2019-11-22  1  95 0.024 0.005 0.85 0.6
ada-quill                film   yes comedy      en 2020-07-31  1 101 0.03  0.005 0.85 0.8
red-dune-express         film   no  action      en 2016-12-16  1 112 0.018 0.005 0.85 0.5
the-salt-kings           film   yes crime       en 2019-03-29  1 128 0.03  0.005 0.85 0.8
ghost-frequency          film   yes horror      en 2021-10-01  1  96 0.018 0.005 0.85 0.5
the-brass-meridian       series yes sci-fi      en 2018-07-27 10  50 0.04  0.03  0.55 0.9
fjord-of-echoes          series no  crime       sv 2016-08-26 10  58 0.02  0.02  0.6  0.3
little-giants-fc         series yes documentary en 2020-02-14  8  40 0.03  0.02  0.6  0.4
mumbai-monsoon           series yes thriller    hi 2018-07-06  8  50 0.025 0.03  0.55 0.6
tokyo-night-noodles      series no  reality     ja 2019-10-04 10  25 0.02  0.02  0.6  0.3
"""

DEFENDERS_DEMAND = Demand(
    peak=2.0, buzz=0.755, buzz_days=60, peak_day=3.0, half_life_days=12.0, floor=0.1043
)
"""The Defenders' demand: it builds up for weeks before the launch (trailers, the July 2017
Comic-Con panel), so the launch week gains on the week before rather than starting from zero,
and it keeps a long-run floor as the crossover of the Marvel series."""

# Invented broadcast series that aired weekly in the summer of 2017 (not on the platform: no
# sessions): title, category, first airing, demand peak, half-life (days), floor.
BROADCAST = """
# title                  category  aired      dem  half floor
crown-of-cinders         fantasy   2017-07-16 9.0  30   0.01
the-pickle-multiverse    animation 2017-07-30 6.0  30   0.01
tidewater-nights         drama     2017-08-06 5.0  30   0.01
"""

LIBRARY_SERIES = 1000
"""Small licensed library series of the long tail (see :func:`library_series`)."""

_LIBRARY_FIRST = (
    "amber", "brass", "cedar", "cobalt", "copper", "coral", "crimson", "dusky", "emerald",
    "flint", "frosted", "gingham", "hazel", "indigo", "juniper", "lilac", "maple", "mossy",
    "ochre", "pewter", "quartz", "russet", "saffron", "tawny", "umber",
)  # fmt: skip
_LIBRARY_SECOND = (
    "acre", "badger", "beacon", "bobbin", "bramble", "buckle", "candle", "cobble", "cricket",
    "dormouse", "ferret", "fiddle", "gable", "gosling", "hamlet", "heron", "kettle", "lantern",
    "larder", "marmot", "meadow", "mitten", "nettle", "orchard", "parlour", "pebble", "pigeon",
    "quill", "rafter", "saddle", "spindle", "teacup", "thimble", "thistle", "turnip", "vole",
    "wagon", "weasel", "willow", "wren",
)  # fmt: skip
_LIBRARY_CATEGORIES = ("drama", "comedy", "crime", "reality", "kids", "documentary", "romance")

NAMES = {"gilded-years": "Gilded Years: Four Seasons", "little-giants-fc": "Little Giants FC"}
_SMALL = {"a", "and", "at", "in", "of", "the"}


def _name(title: str) -> str:
    """The display name of an invented title: its id in title case (or its entry in NAMES)."""
    words = title.split("-")
    shown = [w if i and w in _SMALL else w.capitalize() for i, w in enumerate(words)]
    return NAMES.get(title, " ".join(shown))


def pacific_midnight(day: date) -> datetime:
    """00:00 America/Los_Angeles on ``day``, as an aware instant (07:00Z in summer)."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo("America/Los_Angeles"))


def _marvel_windows(launch: date, markets: tuple[str, ...]) -> tuple[Window, ...]:
    elsewhere = tuple(m for m in markets if m not in DISNEY_FIRST)
    return (
        Window("netflix", "*", launch, NETFLIX_UNTIL),
        Window("disney-plus", DISNEY_FIRST, DISNEY_FROM),
        Window("disney-plus", elsewhere, DISNEY_ELSEWHERE),
    )


def demo_titles(markets: tuple[str, ...]) -> tuple[TitleSpec, ...]:
    """The titles of the demo world, Marvel first.

    Args:
        markets: The world's market codes (for the Disney+ window of "other markets").

    Returns:
        The titles.
    """
    marvel: dict[str, TitleSpec] = {}
    for title, name, number, launch, runtimes, audience, peak in MARVEL:
        season = SeasonSpec(
            season=number,
            runtimes=runtimes,
            launch=pacific_midnight(launch),
            audience=audience,
            availability=_marvel_windows(launch, markets),
            label="Limited Series" if title == "the-defenders" else f"Season {number}",
            episode_names=DEFENDERS_EPISODES if title == "the-defenders" else (),
        )
        earlier = marvel.get(title)
        seasons = (*earlier.seasons, season) if earlier else (season,)
        demand = (
            DEFENDERS_DEMAND
            if title == "the-defenders"
            else Demand(peak=peak, half_life_days=12.0, floor=0.08)
        )
        marvel[title] = TitleSpec(
            title, name, seasons, original=True, category="superhero", demand=demand
        )
    others: dict[str, TitleSpec] = {}
    for line in OTHERS.strip().splitlines():
        if line.startswith("#"):
            continue
        spec = _other(line)
        before = others.get(spec.title)
        if before is not None:  # a further season of a series
            further = dataclasses.replace(spec.seasons[0], season=len(before.seasons) + 1)
            spec = dataclasses.replace(before, seasons=(*before.seasons, further))
        others[spec.title] = spec
    broadcast = [_broadcast(line) for line in BROADCAST.strip().splitlines()[1:]]
    return (*marvel.values(), *others.values(), *broadcast, *library_series(LIBRARY_SERIES))


def _broadcast(line: str) -> TitleSpec:
    """A series of one line of :data:`BROADCAST`: aired weekly on TV, not on the platform."""
    title, category, aired_text, peak, half_life, floor = line.split()
    aired = date.fromisoformat(aired_text)
    season = SeasonSpec(
        season=1,
        runtimes=tuple(60.0 * (55 + k % 3) for k in range(7)),
        launch=pacific_midnight(aired),
        audience=Audience(reach=0.0, binge_share=0.0),
        availability=(Window("broadcast", "*", aired, date(aired.year + 3, 1, 1)),),
        platform="broadcast",
    )
    demand = Demand(
        peak=float(peak), peak_day=7.0, half_life_days=float(half_life), floor=float(floor)
    )
    return TitleSpec(title, _name(title), (season,), category=category, demand=demand)


def library_series(count: int) -> tuple[TitleSpec, ...]:
    """The long tail: small licensed library series, clearly fictional, one episode each.

    Their ids pair a word of one list with a word of another (``amber-badger``). They are on
    the platform everywhere from a launch in 2015 or 2016 until the New Year four years on
    (so through November 2018, and gone by 2021, out of the July 2021 benchmark); they raise
    no sessions (reach 0) and no signals (demand 0).

    Args:
        count: How many (at most the pairs of words).

    Returns:
        The series, in a fixed order.

    Raises:
        ValueError: ``count`` is more than the pairs of words.
    """
    pairs = [(a, b) for b in _LIBRARY_SECOND for a in _LIBRARY_FIRST]
    if count > len(pairs):
        raise ValueError(f"at most {len(pairs)} library series, not {count}")
    nobody = Audience(reach=0.0, binge_share=0.0)
    titles = []
    for index, (first, second) in enumerate(pairs[:count]):
        launch = date(2015, 1, 1) + timedelta(days=(index * 37) % 700)
        season = SeasonSpec(
            season=1,
            runtimes=(60.0 * (22 + index % 40),),
            launch=pacific_midnight(launch),
            audience=nobody,
            availability=(Window("netflix", "*", launch, date(launch.year + 4, 1, 1)),),
        )
        title = f"{first}-{second}"
        category = _LIBRARY_CATEGORIES[index % len(_LIBRARY_CATEGORIES)]
        titles.append(TitleSpec(title, _name(title), (season,), category=category))
    return tuple(titles)


def _other(line: str) -> TitleSpec:
    """A title of one line of :data:`OTHERS`."""
    fields = line.split()
    title, kind, own, category, language, launch_text = fields[:6]
    episodes, minutes = int(fields[6]), int(fields[7])
    reach, binge, decay, peak = (float(x) for x in fields[8:12])
    launch = date.fromisoformat(launch_text)
    wobble = (0, 3, -2, 4, -1, 2, -3, 1)
    runtimes = tuple(60.0 * (minutes + wobble[k % len(wobble)]) for k in range(episodes))
    if kind == "film":
        runtimes = (60.0 * minutes,)
    original = own == "yes"
    until = None if original else date(launch.year + 4, launch.month, 1)
    season = SeasonSpec(
        season=0 if kind == "film" else 1,
        runtimes=runtimes,
        launch=pacific_midnight(launch),
        audience=Audience(reach=reach, binge_share=binge, weekly_decay=(decay,), tail=reach / 2),
        availability=(Window("netflix", "*", launch, until),),
    )
    return TitleSpec(
        title,
        _name(title),
        (season,),
        kind="film" if kind == "film" else "series",
        original=original,
        category=category,
        language=language,
        demand=Demand(peak=peak, half_life_days=10.0, floor=0.05),
    )
