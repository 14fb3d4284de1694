"""After applying, and after an answer changed by typing, the messages higher up in the chat: the
results' list says the application's number instead of a second Apply, and a button of an older
message is answered plainly with the programmes as they are now (never an error, never a dead
end)."""

from __future__ import annotations

from typing import Any

from support.client import ChatClient
from support.walk import Persona, agree, answer_until_results, apply, iin

from bot.storage.models import AppStatus
from handlers.citizen.question_kinds import ChangeAnswer
from handlers.citizen.results import ApplyFor

FIFTY_FIVE = Persona("fifty-five, registered", "kumis_jas", iin=iin("700510", 3))
WORDS = {
    "ru": {
        "apply": "📝 Подать заявку",
        "old": "Это сообщение уже устарело. Вот ваши программы сейчас:",
    },
    "kk": {
        "apply": "📝 Өтінім беру",
        "old": "Бұл хабарлама ескірген. Бағдарламаларыңыз қазір мынадай:",
    },
}


def words(chat: ChatClient) -> dict[str, str]:
    return WORDS[str(chat.factory.language_code)]


def _buttons_of(chat: ChatClient, message_id: int) -> list[tuple[str, str]]:
    """The buttons a message shows now (its latest keyboard; none once taken away)."""
    for request in reversed(chat.session.requests):
        call: Any = request.call
        if getattr(call, "message_id", None) == message_id and request.method in (
            "editMessageText",
            "editMessageReplyMarkup",
        ):
            markup = call.reply_markup
            if markup is None:
                return []
            return [(b.text, str(b.callback_data)) for row in markup.inline_keyboard for b in row]
    for shown_id, markup in chat.keyboards():
        if shown_id == message_id:
            return [(b.text, str(b.callback_data)) for row in markup.inline_keyboard for b in row]
    return []


async def test_after_applying_the_list_on_the_screen_shows_the_application_not_apply(
    chat: ChatClient,
) -> None:
    await agree(chat)
    await answer_until_results(chat, FIFTY_FIVE)
    screen = (await chat.data())["screen"]
    assert (words(chat)["apply"], ApplyFor(programme="kumis_jas").pack()) in _buttons_of(
        chat, screen
    )
    await apply(chat, "kumis_jas")
    [application] = await chat.db.applications.list_for_user(chat.factory.user_id)
    assert application.status is AppStatus.QUEUED
    [edited] = [
        r for r in chat.replies_of("editMessageText") if getattr(r.call, "message_id", 0) == screen
    ]
    assert application.number in edited.text
    buttons = _buttons_of(chat, screen)
    assert ApplyFor(programme="kumis_jas").pack() not in [data for _, data in buttons]
    # The other programmes keep their Apply.
    assert ApplyFor(programme="public_works").pack() in [data for _, data in buttons]


async def test_a_button_of_a_question_answered_since_by_typing_shows_the_programmes_now(
    chat: ChatClient,
) -> None:
    await agree(chat)
    await answer_until_results(chat, FIFTY_FIVE)
    await chat.press_data(ChangeAnswer(step="summary").pack())
    await chat.press_data(ChangeAnswer(step="region").pack())
    question, markup = chat.keyboards()[0]
    await chat.send("г. Павлодар")  # typed: the question's message keeps its buttons
    assert await chat.state() == "Flow:results"
    old_region = next(
        b.callback_data
        for row in markup.inline_keyboard
        for b in row
        if b.callback_data and b.callback_data.endswith(":almaty_city")
    )
    await chat.feed(chat.factory.callback(old_region, message_id=question))
    assert words(chat)["old"] in chat.texts
    assert chat.texts.index(words(chat)["old"]) < len(chat.texts) - 1  # the list comes after
    assert any(ApplyFor.__prefix__ + ":" in data for _, data in _chat_latest(chat))
    assert _buttons_of(chat, question) == []  # the old message's buttons are gone
    assert (await chat.data())["profile"]["region"] == "pavlodar"  # the old tap changed nothing
    assert await chat.state() == "Flow:results"


def _chat_latest(chat: ChatClient) -> list[tuple[str, str]]:
    _, markup = chat.keyboards()[0]
    return [(b.text, str(b.callback_data)) for row in markup.inline_keyboard for b in row]
