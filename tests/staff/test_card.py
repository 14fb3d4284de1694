"""The card of an application as a reviewer reads it: the region once, and the language the
citizen reads (their notice comes in it, and a reason or question goes in it as typed)."""

from __future__ import annotations

import pytest
from support.desk import ASEL, BOLAT, CITIZEN, Desk, Person


def _card(person: Person, number: str) -> str:
    [card] = [text for text in person.inbox() if number in text and "📄" in text]
    return card


async def test_the_card_shows_the_region_once(desk: Desk) -> None:
    application = await desk.announced()
    card = _card(desk.person(ASEL), application.number)
    assert card.count("Регион: Туркестанская область") == 1, card


@pytest.mark.parametrize(
    ("citizen_reads", "asel_reads_on_the_card", "bolat_reads_on_the_card"),
    [
        ("kk", "Язык гражданина: казахский", "Азаматтың тілі: қазақ тілі"),
        ("ru", "Язык гражданина: русский", "Азаматтың тілі: орыс тілі"),
    ],
)
async def test_the_card_says_the_citizens_language_in_each_reviewers_own_language(
    desk: Desk, citizen_reads: str, asel_reads_on_the_card: str, bolat_reads_on_the_card: str
) -> None:
    application = await desk.announced(language=citizen_reads)
    # Asel reads Russian, Bolat Kazakh; both serve Turkistan and both got the card.
    assert asel_reads_on_the_card in _card(desk.person(ASEL), application.number)
    assert bolat_reads_on_the_card in _card(desk.person(BOLAT), application.number)


async def test_the_card_still_says_the_citizens_language_once_taken(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL, language="kk")
    assert any("Язык гражданина: казахский" in text for text in asel.texts), asel.texts
    assert application.number in asel.text


async def test_app_n_says_the_citizens_language(desk: Desk) -> None:
    application = await desk.announced(language="kk")
    asel = desk.person(ASEL)
    await asel.send(f"/app {application.number}")
    assert "Язык гражданина: казахский" in asel.text
    assert "История" in asel.text  # the whole application, with its history


async def test_a_citizen_who_switched_language_is_shown_in_the_one_the_notice_will_use(
    desk: Desk,
) -> None:
    application = await desk.announced(language="kk")
    await desk.db.users.set_language(CITIZEN, "ru")  # after applying, in /language
    asel = desk.person(ASEL)
    await asel.press("Взять")
    assert any("Язык гражданина: русский" in text for text in asel.texts), asel.texts
    await asel.press("Отклонить")
    await asel.send("Нет справки о регистрации")
    await asel.press("Да, отклонить")
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN).inbox() if application.number in t]
    assert "Нет справки о регистрации" in told and "отклонена" in told  # Russian, as said
