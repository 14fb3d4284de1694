"""A citizen who sends /start, /cancel or /forget in the middle of an application: what they
typed is kept where they were told it is, and no keyboard of the application is left behind."""

from __future__ import annotations

from typing import Any

from aiogram.types import ReplyKeyboardRemove
from support.client import ChatClient

from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.privacy import ForgetChoice

from .test_bad_input import at_phone

PROGRAMME = "kumis_jas"
COMMENT = "Звоните только после 18:00, днём я на процедурах"


async def _at_confirmation(client: ChatClient) -> None:
    await at_phone(client)
    await client.send("87012345678")
    await client.send(COMMENT)
    assert await client.state() == "Applying:confirm"


def _keyboard_removed(client: ChatClient) -> bool:
    markups: list[Any] = [getattr(r.call, "reply_markup", None) for r in client.replies]
    return any(isinstance(markup, ReplyKeyboardRemove) for markup in markups)


async def test_start_while_applying_goes_back_to_the_application_with_what_was_typed(
    client: ChatClient,
) -> None:
    await _at_confirmation(client)
    await client.send("/start")
    assert "Вы подаёте заявку: Проект «Серебряный возраст»" in client.text
    assert "+7 701 234 56 78" in client.text and COMMENT in client.text
    await client.tap(ApplyNav(action="submit", programme=PROGRAMME).pack())
    [application] = await client.db.applications.list_for_user(client.factory.user_id)
    assert (application.phone, application.comment) == ("+77012345678", COMMENT)


async def test_start_at_the_phone_step_asks_for_the_phone_again_with_its_button(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("/start")
    assert await client.state() == "Applying:phone"
    assert any("номер" in button for button in client.reply_buttons())


async def test_cancel_while_applying_says_the_application_was_not_sent(
    client: ChatClient,
) -> None:
    await _at_confirmation(client)
    await client.send("/cancel")
    assert "заявка не отправлена" in client.text
    assert _keyboard_removed(client)
    assert await client.db.applications.list_for_user(client.factory.user_id) == []
    await client.send("/start")  # the questionnaire's answers are kept
    assert "Проверьте ваши ответы" in client.text


async def test_forget_during_the_phone_step_takes_the_phone_button_away(
    client: ChatClient,
) -> None:
    await at_phone(client)
    await client.send("/forget")
    await client.tap(ForgetChoice(confirm=True).pack())
    assert _keyboard_removed(client)


async def test_a_number_alone_typed_at_the_confirmation_changes_the_phone_not_the_comment(
    client: ChatClient,
) -> None:
    await _at_confirmation(client)
    await client.send("8 777 1234567")  # what the phone keyboard's key of a number sends
    assert "Спасибо, номер +7 777 123 45 67 сохранён." in client.text
    assert f"Комментарий: {COMMENT}" in client.text
    assert "Отправить в карьерный центр?" in client.text
    assert await client.state() == "Applying:confirm"
