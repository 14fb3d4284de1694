"""The card of an application as a reviewer reads it."""

from __future__ import annotations

from .desk import ASEL, Desk, Person


def _card(person: Person, number: str) -> str:
    [card] = [text for text in person.inbox() if number in text and "📄" in text]
    return card


async def test_the_card_shows_the_region_once(desk: Desk) -> None:
    application = await desk.announced()
    card = _card(desk.person(ASEL), application.number)
    assert card.count("Регион: Туркестанская область") == 1, card
