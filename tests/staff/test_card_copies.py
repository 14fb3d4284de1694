"""Review in Telegram (JUMYS_STAFF_TELEGRAM=review): every copy of a card (each reviewer's
private copy, the staff group's, an /app view) is kept by its message id, so each is redrawn
when the application is taken or decided, and redacted when the citizen's data is erased."""

from __future__ import annotations

from datetime import timedelta

from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, CITIZEN, SUPERVISOR, Desk

from bot.storage.models import AppStatus

PHONE = "701 123 45 67"
DECIDING = ["✅ Одобрить", "❌ Отклонить"]


async def test_the_loser_of_a_take_race_sees_who_has_it_and_no_decision_buttons(
    desk: Desk,
) -> None:
    application = await desk.announced()
    asel, bolat = desk.person(ASEL), desk.person(BOLAT)
    [asel_card] = asel.cards(application.number)
    await bolat.press("Алу")  # Болат is first (he reads Kazakh)
    await asel.press("Взять")  # her copy is out of date
    assert "уже рассматривает Болат" in asel.text
    text, buttons = asel.now(asel_card)
    assert "рассматривает Болат (ID 7102)" in text
    assert not set(DECIDING) & set(buttons) and buttons == []


async def test_every_private_copy_follows_the_take_and_the_decision(desk: Desk) -> None:
    application = await desk.announced()
    asel, bolat = desk.person(ASEL), desk.person(BOLAT)
    [asel_card], [bolat_card] = asel.cards(application.number), bolat.cards(application.number)
    assert "🙋 Алу" in bolat.now(bolat_card)[1]

    await asel.press("Взять")
    await desk.pump()
    text, buttons = bolat.now(bolat_card)
    assert "Асель (ID 7101)" in text and buttons == []  # nothing for him to take any more
    assert set(DECIDING) <= set(asel.now(asel_card)[1])  # hers to decide

    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    await desk.pump()
    for person, card in ((asel, asel_card), (bolat, bolat_card)):
        text, buttons = person.now(card)
        assert buttons == [], (text, buttons)
    assert "одобрена" in asel.now(asel_card)[0]
    assert "мақұлданды" in bolat.now(bolat_card)[0]  # his copy stays in his language


async def test_given_back_to_the_queue_the_copies_offer_take_again(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    bolat = desk.person(BOLAT)
    [bolat_card] = bolat.cards(application.number)
    await desk.pump()
    assert bolat.now(bolat_card)[1] == []
    await asel.press("Вернуть в очередь")
    await desk.pump()
    assert bolat.now(bolat_card)[1] == ["🙋 Алу"]


async def test_taking_from_the_queue_list_in_the_group_posts_no_second_card(
    group_desk: Desk,
) -> None:
    application = await group_desk.announced()
    asel = group_desk.person(ASEL, in_group=True)
    [card] = asel.cards(application.number)
    await asel.send("/queue")
    await asel.press(f"Взять {application.number}")
    assert asel.cards(application.number) == [card]  # the team reads one card
    text, buttons = asel.now(card)
    assert "рассматривает Асель" in text and set(DECIDING) <= set(buttons)

    bolat = group_desk.person(BOLAT, in_group=True)
    old_card, old_take = bolat.button("Взять")
    await bolat.tap(old_take, old_card)  # an older Take: refused
    assert asel.cards(application.number) == [card]
    assert "Асель (ID 7101) қарап жатыр" in bolat.text  # he reads Kazakh


async def test_forget_redacts_every_copy_of_the_card(desk: Desk) -> None:
    application = await desk.announced(comment="Звонить после обеда")
    asel, bolat = desk.person(ASEL), desk.person(BOLAT)
    await asel.send(f"/app {application.number}")  # one more copy, with the history
    copies = await desk.db.cards.copies(application.id)
    # Асель's card and her /app view, Болат's card, the supervisor's card.
    assert sorted(copy.chat_id for copy in copies) == [ASEL, ASEL, BOLAT, SUPERVISOR]
    assert any(PHONE in asel.now(copy.message_id)[0] for copy in copies if copy.chat_id == ASEL)

    citizen = desk.person(CITIZEN)
    await citizen.send("/forget")
    await citizen.press("Да, удалить")
    await desk.pump()
    await desk.pump()
    for copy in copies:
        text, buttons = desk.shown(copy.chat_id, copy.message_id)
        assert PHONE not in text and "Звонить" not in text and buttons == [], text
        assert application.number in text
    assert "персональные данные гражданина удалены" in asel.now(copies[0].message_id)[0]
    assert "дербес деректері өшірілді" in bolat.now(bolat.cards(application.number)[0])[0]
    assert await desk.db.cards.copies(application.id) == []


async def test_retention_redacts_the_copies_a_year_after_the_decision(
    desk: Desk, clock: TestClock
) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    await desk.pump()
    [card] = asel.cards(application.number)
    assert PHONE in asel.now(card)[0]
    clock.advance(timedelta(days=366))
    erased = await desk.db.retention.erase_expired()
    assert erased.total == 1
    await desk.pump()
    text, _buttons = asel.now(card)
    assert PHONE not in text and "удалены" in text
    assert await desk.status(application) is AppStatus.APPROVED  # kept for the statistics


async def test_in_notify_mode_no_card_is_sent_so_none_is_kept(notify_desk: Desk) -> None:
    application = await notify_desk.announced()
    assert await notify_desk.db.cards.copies(application.id) == []
    citizen = notify_desk.person(CITIZEN)
    await citizen.send("/forget")
    await citizen.press("Да, удалить")
    await notify_desk.pump()
    edits = notify_desk.session.sent("editMessageText")
    assert [e for e in edits if str(e.params.get("chat_id")) in (str(ASEL), str(BOLAT))] == []
