"""What a new user reads in the demo's report: bases, the demand multiple, peers, input files."""

from __future__ import annotations

import html
import re

from report_support import Demo

from showmeter.store import Store
from showmeter.store.lookups import DELETED_SUFFIX


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _cards(page: str) -> list[str]:
    return [_text(card) for card in re.findall(r'<div class="card">(.*?)</div>', page, re.S)]


def test_the_viewing_cards_state_their_basis_beside_the_press_s_parameters(demo: Demo) -> None:
    cards = _cards(demo.html)
    index = next(card for card in cards if card.startswith("Reach index vs Daredevil S2"))
    assert "unit=account panel=none devices=all markets=all" in index
    text = _text(demo.html)
    assert "the key-figure cards above count every account, device and market" in text
    # and the published figure under them names its panel
    published = text.split("Published figures, recomputed", 1)[1]
    assert "panel=jumpshot" in published and "devices=desktop" in published


def test_the_demand_multiple_card_shows_what_it_divides(demo: Demo) -> None:
    [card] = [c for c in _cards(demo.html) if c.startswith("Demand multiple")]
    found = re.search(r"its demand ([\d.e+-]+) ÷ the average series' ([\d.e+-]+)", card)
    assert found is not None, card
    value = float(re.search(r"Demand multiple ([\d.,]+)×", card)[1].replace(",", ""))  # type: ignore[index]
    demand, benchmark = float(found[1]), float(found[2])
    # both shown to two significant digits: their ratio is the multiple within that rounding
    assert abs(demand / benchmark - value) / value < 0.1
    assert "one without signals counts as 0" in card


def test_the_binge_race_names_its_grey_lines(demo: Demo) -> None:
    race = demo.html.split('id="figure-binge_race"', 1)[1].split("</article>", 1)[0]
    for peer in ("Iron Fist S1", "Luke Cage S1", "Jessica Jones S1"):
        assert f">{peer}<" in race


def test_the_deleted_world_files_are_listed_as_what_they_were(demo: Demo) -> None:
    assert "showmeter-demo-world-" not in demo.html
    assert "showmeter-demo-world-" not in str(demo.document["quality"])
    with Store(str(demo.store), read_only=True) as store:
        files = [load.file for load in store.loads()]
    assert files and all(file.endswith(DELETED_SUFFIX) for file in files)
    assert "reviews.csv" + DELETED_SUFFIX in files
    assert html.escape("reviews.csv" + DELETED_SUFFIX) in demo.html
