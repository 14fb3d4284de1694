"""The confirmation after the phone: one message that says the number back, shows the
application and takes a typed comment; nothing reaches the centre before «Send»."""

from __future__ import annotations

import sqlite3

from aiogram.types import InlineKeyboardMarkup
from support.client import ChatClient

from bot.storage.migrations import available_migrations, split_statements
from handlers.citizen.application_draft import ApplyNav

from .test_bad_input import at_phone

PROGRAMME = "kumis_jas"
SEND = ApplyNav(action="submit", programme=PROGRAMME).pack()
COMMENT = "Звоните после 18:00"


def _sent(client: ChatClient) -> list[str]:
    return [r.text for r in client.replies_of("sendMessage")]


def _buttons_taken_from(client: ChatClient) -> list[int]:
    """The messages whose buttons the last step took away."""
    return [
        int(r.params["message_id"])
        for r in client.replies_of("editMessageReplyMarkup")
        if not isinstance(getattr(r.call, "reply_markup", None), InlineKeyboardMarkup)
    ]


async def _stored(client: ChatClient) -> list[tuple[str | None, str | None]]:
    applications = await client.db.applications.list_for_user(client.factory.user_id)
    return [(a.phone, a.comment) for a in applications]


async def test_after_the_phone_one_message_says_it_back_shows_the_application_and_asks_nothing_more(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("8 701 234 56 78")
    [confirmation] = _sent(client)
    assert confirmation.splitlines() == [
        "Спасибо, номер +7 701 234 56 78 сохранён.",
        "",
        "Проверьте вашу заявку:",
        "Программа: Проект «Серебряный возраст»",
        "Регион: город Алматы",
        "Телефон: +7 701 234 56 78",
        "",
        "Если хотите оставить комментарий для карьерного центра (например, когда вам удобно "
        "звонить), просто напишите его сюда.",
        "Отправить в карьерный центр?",
    ]
    assert client.buttons() == [
        "✅ Отправить заявку",
        "📞 Изменить номер телефона",
        "✖️ Не отправлять",
    ]
    assert await _stored(client) == []


async def test_kazakh_citizen_gets_the_confirmation_in_kazakh(kk_client: ChatClient) -> None:
    await at_phone(kk_client)
    await kk_client.send("8 701 234 56 78")
    [confirmation] = _sent(kk_client)
    assert confirmation.startswith("Рақмет, +7 701 234 56 78 нөмірі сақталды.")
    assert "осында жаза салыңыз" in confirmation
    assert kk_client.buttons() == [
        "✅ Өтінімді жіберу",
        "📞 Телефон нөмірін өзгерту",
        "✖️ Жібермеу",
    ]
    await kk_client.send("Түстен кейін хабарласыңыздар")
    assert "Түсініктеме: Түстен кейін хабарласыңыздар" in kk_client.text
    assert "Түсініктемені өзгерту үшін осында жаңасын жаза салыңыз." in kk_client.text


async def test_a_text_typed_at_the_confirmation_is_the_comment_and_the_old_send_goes(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("8 701 234 56 78")
    [(first, _)] = client.keyboards()[:1]
    await client.send(COMMENT)
    [confirmation] = _sent(client)
    assert f"Комментарий: {COMMENT}" in confirmation
    assert "Чтобы изменить комментарий, просто напишите сюда новый." in confirmation
    assert "сохранён" not in confirmation, "the number was said back already"
    assert _buttons_taken_from(client) == [first]
    assert await _stored(client) == [], "nothing is sent before «Send»"
    await client.send("Лучше утром")  # a second text replaces the first
    assert "Комментарий: Лучше утром" in client.text and COMMENT not in client.text
    await client.press_data(SEND)
    assert await _stored(client) == [("+77012345678", "Лучше утром")]


async def test_a_comment_typed_before_a_restart_is_sent_after_it(client: ChatClient) -> None:
    await at_phone(client)
    await client.send("8 701 234 56 78")
    await client.send(COMMENT)
    await client.reopen()
    await client.tap(SEND)
    assert await _stored(client) == [("+77012345678", COMMENT)]


async def test_change_the_phone_keeps_the_comment_and_back_returns_to_the_confirmation(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("8 701 234 56 78")
    await client.send(COMMENT)
    await client.press("Изменить номер телефона")
    assert await client.state() == "Applying:phone"
    assert client.reply_buttons()[0] == "+7 701 234 56 78", "the number given is a tap away"
    await client.send("⬅️ Назад")  # changed their mind: the same application, not a new start
    assert await client.state() == "Applying:confirm"
    assert "Телефон: +7 701 234 56 78" in client.text and COMMENT in client.text
    await client.press("Изменить номер телефона")
    await client.send("+7 777 111 22 33")
    assert "Спасибо, номер +7 777 111 22 33 сохранён." in client.text and COMMENT in client.text
    await client.press_data(SEND)
    assert await _stored(client) == [("+77771112233", COMMENT)]


async def test_the_phone_keyboard_still_under_its_icon_changes_the_phone_at_the_confirmation(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("8 701 234 56 78")
    await client.feed(client.factory.contact("+7 705 000 11 22"))
    assert "Спасибо, номер +7 705 000 11 22 сохранён." in client.text
    [(shown, _)] = client.keyboards()[:1]
    await client.send("⬅️ Назад")
    assert await client.state() == "Applying:phone"
    assert _buttons_taken_from(client) == [shown], "no Send of the old number stays"
    assert await _stored(client) == []


async def test_do_not_send_sends_nothing_and_leads_on(client: ChatClient) -> None:
    await at_phone(client)
    await client.send("8 701 234 56 78")
    await client.send(COMMENT)
    await client.press("Не отправлять")
    [said] = [r.text for r in client.replies_of("editMessageText")]
    assert said.startswith("Заявка не отправлена.")
    assert client.buttons() == ["Показать мои программы ▶️", "📋 Мои заявки"]
    assert await client.state() == "Flow:results"
    assert await _stored(client) == []
    await client.tap(SEND)  # the Send of a confirmation no longer on the screen
    assert await _stored(client) == []


async def test_a_conversation_stored_at_the_old_comment_step_goes_on_at_the_confirmation(
    client: ChatClient,
) -> None:
    """Before the comment moved into the confirmation it had a step of its own."""
    await at_phone(client)
    await client.send("8 701 234 56 78")
    # The migration run again over the stored state (resetting user_version would run every
    # later migration a second time too).
    [moved] = [m for m in available_migrations() if m.name == "009_comment_at_confirmation.sql"]
    with sqlite3.connect(client.path) as conn:
        conn.execute("UPDATE fsm SET state = 'Applying:comment'")
        for statement in split_statements(moved.sql):
            conn.execute(statement)
    conn.close()
    await client.reopen()
    assert await client.state() == "Applying:confirm"
    await client.send(COMMENT)
    await client.tap(SEND)
    assert await _stored(client) == [("+77012345678", COMMENT)]
