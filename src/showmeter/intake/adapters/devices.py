"""Device families from the free-text device names that other tools record.

Netflix writes ``Device Type`` values such as ``Chrome PC (Cadmium)``,
``DefaultWidevineAndroidPhone`` or ``LG DTV 2020 webOS Smart TV``; Tautulli has ``platform``,
``product`` and ``player``; Jellyfin has ``ClientName`` and ``DeviceName``. The rules below
map them to the canonical families (tv, desktop, mobile, tablet, console), first match wins,
case-insensitively. A name no rule matches is passed on as written: the ingest counts it as
``other`` and lists it in the summary's ``devices_mapped_to_other`` note, so the table can
grow from what users see.

=========  ===================================================================
family     the name contains
=========  ===================================================================
console    PlayStation, PS3/PS4/PS5, Xbox, Nintendo, Wii, Switch
tv         TV (a word), Smart TV, DTV, Roku, Chromecast, Fire TV/Stick, Apple TV,
           tvOS, Android TV, Google TV, Shield, set-top, STB, webOS, Tizen,
           Bravia, Vizio, Hisense, TCL, Panasonic, Philips, Comcast, Xfinity,
           Sky, TiVo, Freebox
tablet     iPad, tablet, Kindle, Fire HD, Galaxy Tab
desktop    Netflix Windows App (its UA says "Windows Mobile" on PCs too)
mobile     phone, iPhone, iPod, mobile, Android, iOS
desktop    PC, Mac, macOS, Windows, Linux, Chrome, Chromebook, Firefox, Safari,
           Edge, Opera, browser, Cadmium, web, desktop
=========  ===================================================================
"""

from __future__ import annotations

import functools
import re

__all__ = ["RULES", "device_family"]

RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (family, re.compile(pattern, re.I))
    for family, pattern in (
        ("console", r"playstation|\bps ?[345]\b|xbox|nintendo|\bwii\b|\bswitch\b"),
        (
            "tv",
            r"\btv\b|smart ?tv|dtv|roku|chromecast|fire ?(tv|stick)|apple ?tv|tvos|android ?tv"
            r"|google ?tv|shield|set.?top|\bstb\b|webos|tizen|bravia|vizio|hisense|\btcl\b"
            r"|panasonic|philips|comcast|xfinity|\bsky\b|tivo|freebox",
        ),
        ("tablet", r"ipad|tablet|kindle|fire ?hd|galaxy ?tab"),
        ("desktop", r"netflix windows app"),
        ("mobile", r"phone|ipod|mobile|android|\bios\b"),
        (
            "desktop",
            r"\bpc\b|\bmac\b|macos|mac ?os|windows|linux|chrome|firefox|safari|\bedge\b"
            r"|opera|browser|cadmium|\bweb\b|desktop",
        ),
    )
)
"""(family, pattern) in the order they are tried."""


@functools.lru_cache(maxsize=4096)  # a file names a few devices, on every row
def device_family(*names: str | None) -> str | None:
    """The device family that the names of one device point to.

    Args:
        *names: What the source says of the device (e.g. platform, product, player), most
            telling first; empty ones are skipped.

    Returns:
        ``tv``, ``desktop``, ``mobile``, ``tablet`` or ``console``; the first non-empty name
        as written when no rule matches (the ingest counts it as ``other``); None without
        any name.
    """
    given = [name.strip() for name in names if name and name.strip()]
    if not given:
        return None
    text = " | ".join(given)
    for family, pattern in RULES:
        if pattern.search(text):
            return family
    return given[0]
