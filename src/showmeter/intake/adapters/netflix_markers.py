r"""The words Netflix writes in titles, in every language it writes them in.

Netflix writes a title in the profile's language: ``Friends: 8. Sezon: Video (Bölüm 4)``
(Turkish), ``DC's Legends of Tomorrow: Temporada 3: Caçando Helena (Episódio 6)``
(Portuguese), ``Dom z papieru: Część 3: Bez znaczenia (Odcinek 6)`` (Polish). This module
holds the words of those markers and reads them:

- :func:`clean_title`: one space for every run of Unicode spaces (NBSP ``\xa0``, the
  narrow NBSP French puts before a colon, ideographic spaces), no zero-width characters,
  ``：`` (full-width) read as ``:``;
- :func:`split_episode_suffix`: the parenthesised episode number, ``(Episode 4)``,
  ``(Bölüm 4)``, ``(4. rész)``, ``(第4集)``, which is authoritative;
- :func:`season_number`: the season a segment names (``Season 2``, ``8. Sezon``,
  ``Część 3``, ``3. évad``, ``シーズン2``, ``Limited Series``, ``Mini Dizi``);
- :func:`episode_number_in_name`: the number an episode's own name writes
  (``Chapter VIII``, ``4. Bölüm``).

Where each word comes from is listed next to it: ``issue`` for the strings seen in real
exports (issue #14 and formats.md §1a), ``UI`` for the word Netflix's interface uses for a
season, part or episode in that language (not yet seen in a sample export).
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = [
    "EPISODE_WORDS",
    "PART_WORDS",
    "SEASON_WORDS",
    "WHOLE_SEASON_NAMES",
    "clean_title",
    "episode_number_in_name",
    "parse_number",
    "season_number",
    "split_episode_suffix",
]

SEASON_WORDS = (
    "Season",  # en (issue)
    "Series",  # en-GB (formats.md)
    "Temporada",  # pt, es (issue: "Temporada 3")
    "Sezon",  # tr ("Sezon 2", "8. Sezon"), pl ("Sezon 1") (issue)
    "Saison",  # fr (UI)
    "Staffel",  # de (formats.md: "Staffel 2 – Teil B")
    "Stagione",  # it (UI)
    "Sæson",  # da (issue: "Sæson 5")
    "Seizoen",  # nl (UI)
    "Säsong",  # sv (UI)
    "Sesong",  # nb (UI)
    "Kausi",  # fi (UI)
    "Évad",  # hu, "3. évad" (UI)
    "Řada",  # cs (UI)
    "Séria",  # sk (UI)
    "Sezonul",  # ro (UI)
    "Sezona",  # hr, sl, sr (UI)
    "Сезон",  # ru, uk, bg (UI)
    "Σεζόν",  # el (UI)
    "Musim",  # id, ms (UI)
    "Mùa",  # vi (UI)
    "シーズン",  # ja, "シーズン2" (UI)
    "시즌",  # ko (UI)
)
"""Words for a season, written before (``Season 2``) or after (``8. Sezon``) its number."""

PART_WORDS = (
    "Part",  # en (formats.md: "Money Heist: Part 3")
    "Parte",  # es, pt, it (UI)
    "Partie",  # fr (UI)
    "Teil",  # de (formats.md)
    "Deel",  # nl (UI)
    "Del",  # da, sv, nb (UI)
    "Część",  # pl (issue: "Dom z papieru: Część 3")
    "Část",  # cs (UI)
    "Časť",  # sk (UI)
    "Kısım",  # tr (UI)
    "Osa",  # fi (UI)
    "Partea",  # ro (UI)
    "Часть",  # ru (UI)
    "Частина",  # uk (UI)
    "Μέρος",  # el (UI)
    "パート",  # ja (UI)
    "파트",  # ko (UI)
    "Volume",  # en, fr, pt (formats.md: "Love, Death & Robots: Volume 3")
    "Vol.",  # en ("Kill Bill: Vol. 1")
    "Volumen",  # es (UI)
    "Book",  # en ("Avatar: Book 2")
    "Livro",  # pt (issue)
    "Libro",  # es, it (UI)
    "Livre",  # fr (UI)
    "Buch",  # de (UI)
    "Księga",  # pl (UI)
    "Kitap",  # tr (UI)
    "Collection",  # en (UI)
    "Colección",  # es (UI)
    "Coleção",  # pt (UI)
    "Kolekcja",  # pl (UI)
)
"""Words for a part, volume, book or collection: Netflix numbers them as seasons.

``Chapter`` is not one: Netflix writes it for episodes (``Chapter VIII``), and a named
season followed by ``Chapter VI`` must stay a named season.
"""

WHOLE_SEASON_NAMES = (
    "Limited Series",  # en (formats.md)
    "Limited Edition Series",  # en (UI)
    "Limited",  # en (UI)
    "The Complete Series",  # en (formats.md)
    "Miniseries",  # en (UI)
    "Mini-Series",  # en (UI)
    "Miniserie",  # de, es, it, nl, da, sv, nb, ro (UI)
    "Minissérie",  # pt-BR (UI)
    "Minisérie",  # pt-PT, fr, cs (UI)
    "Mini-série",  # fr (UI)
    "Série limitée",  # fr (UI)
    "Serie limitada",  # es (UI)
    "Série limitada",  # pt (UI)
    "Serie limitata",  # it (UI)
    "Serie limitada de TV",  # es-419 (UI)
    "Miniserial",  # pl (UI)
    "Serial limitowany",  # pl (UI)
    "Limitowany serial",  # pl (UI)
    "Mini Dizi",  # tr (issue)
    "Sınırlı Dizi",  # tr (UI)
    "Minisarja",  # fi (UI)
    "Rajoitettu sarja",  # fi (UI)
    "Begrænset serie",  # da (UI)
    "Begränsad serie",  # sv (UI)
    "Begrenset serie",  # nb (UI)
    "Limitovaná série",  # cs (UI)
    "Minisorozat",  # hu (UI)
    "Limitált sorozat",  # hu (UI)
    "Мини-сериал",  # ru (UI)
    "Ограниченный сериал",  # ru (UI)
    "Мінісеріал",  # uk (UI)
    "Μίνι σειρά",  # el (UI)
    "Περιορισμένη σειρά",  # el (UI)
    "Miniseri",  # id (UI)
    "リミテッドシリーズ",  # ja (UI)
    "리미티드 시리즈",  # ko (UI)
    "迷你剧",  # zh-Hans (UI)
    "迷你影集",  # zh-Hant (UI)
)
"""Names of a season that is the whole show: season 1."""

EPISODE_WORDS = (
    "Episode",  # en, de-CH, nb (formats.md: "(Episode 14)")
    "Episodio",  # es, it (UI; formats.md lists it among the suffixes already read)
    "Episódio",  # pt (issue: "(Episódio 6)")
    "Épisode",  # fr (UI)
    "Folge",  # de (UI)
    "Aflevering",  # nl (UI)
    "Odcinek",  # pl (issue: "(Odcinek 6)")
    "Bölüm",  # tr (issue: "(Bölüm 4)")
    "Avsnitt",  # sv (UI)
    "Afsnit",  # da (UI)
    "Episodi",  # ca, sq (UI)
    "Jakso",  # fi (UI)
    "Epizód",  # hu (UI)
    "Epizoda",  # cs, hr (UI)
    "Epizóda",  # sk (UI)
    "Episodul",  # ro (UI)
    "Epizod",  # ms (UI)
    "Episod",  # ro, sv (UI)
    "Capítulo",  # es-419, pt (UI)
    "Серия",  # ru (UI)
    "Серія",  # uk (UI)
    "Эпизод",  # ru (UI)
    "Епізод",  # uk (UI)
    "Епизод",  # bg, sr (UI)
    "Επεισόδιο",  # el (UI)
    "Tập",  # vi (UI)
    "Eps.",  # id (UI)
    "エピソード",  # ja (UI)
    "에피소드",  # ko (UI)
)
"""Words for an episode in the parenthesised ``(Word K)`` that ends a title."""

_NAME_WORDS = (*EPISODE_WORDS, "Chapter", "Chapitre", "Kapitel", "Rozdział", "Ep.", "Ep")
"""Words that start an episode's own name and give its number (``Chapter VIII``)."""

_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        )
    )
}
_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _alternatives(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words``, longest first (so ``Sezonul`` beats ``Sezon``)."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _spaced(words: tuple[str, ...]) -> str:
    """A regex of ``words`` then their number.

    A space follows a word of a spaced script (``Season 2``); none is needed after Japanese
    or Korean (``シーズン2``).
    """
    latin = [w for w in words if not _unspaced(w)]
    other = [w for w in words if _unspaced(w)]
    spaced = rf"(?:{_alternatives(tuple(latin))})\s+"
    return rf"(?:{spaced}|(?:{_alternatives(tuple(other))})\s*)" if other else spaced


def _unspaced(word: str) -> bool:
    return any(unicodedata.name(c, "").startswith(("KATAKANA", "HANGUL", "CJK")) for c in word)


_SEASONAL = _alternatives((*SEASON_WORDS, *PART_WORDS))
_SEASONAL_N = _spaced((*SEASON_WORDS, *PART_WORDS))
_EPISODIC = _alternatives(EPISODE_WORDS)
_EPISODIC_N = _spaced(EPISODE_WORDS)
_NAMED_N = _spaced(_NAME_WORDS)
_TAIL = r"(?:\s*[-–—,(].*)?"  # "Staffel 2 – Teil B", "Part 2 (Spain)"
# "Season 2", "シーズン2", "Część 3 – Teil B"; "8. Sezon", "3. évad", "2 rész"; "第2季", "第2部"
_SEASON_BEFORE = re.compile(rf"^{_SEASONAL_N}(?P<n>[^\s,–—(-]+?)\.?{_TAIL}$", re.I)
_SEASON_AFTER = re.compile(rf"^(?P<n>\d{{1,3}})\.?\s*(?:{_SEASONAL}){_TAIL}$", re.I)
_SEASON_CJK = re.compile(r"^第\s*(?P<n>\d{1,3})\s*[季部]$")
_BARE_NUMBER = re.compile(r"^(?P<n>\d{1,3})(?:\.\s+.*)?$")
_SUFFIXES = (
    re.compile(rf"\s*\({_EPISODIC_N}(?P<n>\d{{1,4}})\.?\)$", re.I),  # (Bölüm 4)
    re.compile(rf"\s*\((?P<n>\d{{1,4}})\.?\s*(?:{_EPISODIC}|rész)\)$", re.I),  # (4. rész)
    re.compile(r"\s*\(\s*第\s*(?P<n>\d{1,4})\s*[集話话回]\s*\)$"),  # (第4集)
    re.compile(r"\s*\(\s*(?P<n>\d{1,4})\s*[화話]\s*\)$"),  # (4화)
)
_NAME_NUMBER = (
    re.compile(rf"^{_NAMED_N}(?P<n>[^\s:]+?)\.?(?::\s+(?P<rest>.+))?$", re.I),
    re.compile(rf"^(?P<n>\d{{1,4}})\.\s*(?:{_EPISODIC}|rész)(?::\s+(?P<rest>.+))?$", re.I),
)
_WHOLE_KEYS = frozenset(
    "".join(c for c in unicodedata.normalize("NFKD", n).casefold() if c.isalnum())
    for n in WHOLE_SEASON_NAMES
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_COLON = re.compile(r"\s*:\s+|\s*：\s*")


def clean_title(raw: str) -> str:
    """A title with its spaces and colons normalised.

    Every run of Unicode white space (NBSP, the narrow NBSP before a French colon,
    ideographic spaces, tabs) becomes one space; zero-width characters and soft hyphens go;
    a full-width ``：`` is a colon; a space before a colon goes (``Lupin : Partie 2`` is
    ``Lupin: Partie 2``). The text is in Unicode NFC.

    Args:
        raw: The title as Netflix wrote it.

    Returns:
        The title, trimmed; empty when it held nothing but spaces.
    """
    text = unicodedata.normalize("NFC", raw.translate(_ZERO_WIDTH))
    text = " ".join(text.split())
    return _COLON.sub(": ", text).strip()


def parse_number(token: str) -> int | None:
    """A number written in digits (``01``), roman numerals (``VIII``) or words (``Nine``).

    Args:
        token: The number as written.

    Returns:
        Its value, or None when the token is not a number from 0 to 9999.
    """
    token = token.strip().rstrip(".")
    if token.isascii() and token.isdigit():
        value = int(token)
        return value if value < 10_000 else None
    if _ROMAN.match(token):
        total = 0
        for symbol, following in zip(token, [*token[1:], ""], strict=True):
            value = _ROMAN_VALUES[symbol]
            total += -value if following and _ROMAN_VALUES[following] > value else value
        return total
    return _NUMBER_WORDS.get(token.casefold())


def split_episode_suffix(text: str) -> tuple[str, int | None]:
    """The title without its ``(Word K)`` suffix, and K.

    Args:
        text: A cleaned title (see :func:`clean_title`).

    Returns:
        ``(body, K)``; ``(text, None)`` when the title does not end with an episode marker.
    """
    for pattern in _SUFFIXES:
        match = pattern.search(text)
        if match:
            return text[: match.start()].strip(), int(match["n"])
    return text, None


def is_whole_season(segment: str) -> bool:
    """Whether ``segment`` names a season that is the whole show (``Limited Series``)."""
    key = "".join(c for c in unicodedata.normalize("NFKD", segment).casefold() if c.isalnum())
    return key in _WHOLE_KEYS


def season_number(segment: str, show: str) -> int | None:
    """The season a segment names, or None when it is not a season marker.

    Args:
        segment: One ``: ``-separated part of a title.
        show: What comes before it, for ``<Show> N`` (``Barbarians II``).

    Returns:
        The season's number: ``Season 2``, ``8. Sezon``, ``Część 3`` and ``Part II`` give
        their number, a whole-season name (``Limited Series``, ``Mini Dizi``) gives 1, a bare
        number (``1``, ``1. Name``) gives itself.
    """
    marked = _season_marker(segment)
    if marked != _UNMARKED:
        return marked
    if segment.casefold().startswith(show.casefold() + " "):
        return parse_number(segment[len(show) + 1 :])
    return None


_UNMARKED = -1
"""What :func:`_season_marker` gives for a segment that is no marker by itself."""


@functools.lru_cache(maxsize=1 << 14)  # "Season 1" and its kind repeat across an export
def _season_marker(segment: str) -> int | None:
    """:func:`season_number` of a segment by its own words, or :data:`_UNMARKED`."""
    if is_whole_season(segment):
        return 1
    if episode_number_in_name(segment)[0] is not None:
        return None  # "4. Bölüm", "Episode 3": an episode, not a season
    for pattern in (_SEASON_BEFORE, _SEASON_AFTER, _SEASON_CJK, _BARE_NUMBER):
        match = pattern.match(segment)
        if match:
            return parse_number(match["n"])
    return _UNMARKED


def episode_number_in_name(name: str) -> tuple[int | None, str | None]:
    """The number an episode's own name writes, and the rest of the name.

    Args:
        name: The episode as written (``Chapter Nine: The Piggyback``, ``4. Bölüm``).

    Returns:
        ``(number, rest)``: ``(9, "The Piggyback")``, ``(4, None)``; ``(None, None)`` when
        the name does not start with an episode word and a number.
    """
    for pattern in _NAME_NUMBER:
        match = pattern.match(name)
        if match:
            return parse_number(match["n"]), match["rest"] or None
    return None, None
