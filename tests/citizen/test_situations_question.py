"""The situations question through the real dispatcher, in kk and ru (issue 17, point 3): the
vulnerable situations and "I want to start my own business" in one question, "None of these"
one tap, the answers kept and shown, and not asked again once answered."""

from __future__ import annotations

from support.client import ChatClient
from support.walk import Persona, agree, answer_until, iin

from handlers.citizen.question_kinds import ChangeAnswer

# 40, registered at the career centre, a disability, wants a grant (the third persona).
FORTY = Persona("forty, a disability, wants a grant", "business_grant", iin=iin("860110", 3))
WORDS = {
    "ru": {
        "business": "💼 Хочу открыть своё дело",
        "disability": "У меня инвалидность",
        "none": "Ничего из этого",
        "done": "Готово ✔️",
        "change": "✏️ Особые ситуации",
        "wants: yes": "Своё дело: хочу открыть",
        "wants: no": "Своё дело: не планирую",
        "no": "нет",
        "situations: none": "Особые ситуации: нет",
    },
    "kk": {
        "business": "💼 Өз ісімді ашқым келеді",
        "disability": "Мүгедектігім бар",
        "none": "Бұлардың ешқайсысы",
        "done": "Дайын ✔️",
        "change": "✏️ Ерекше жағдайлар",
        "wants: yes": "Өз ісім: ашқым келеді",
        "wants: no": "Өз ісім: жоспарда жоқ",
        "no": "жоқ",
        "situations: none": "Ерекше жағдайлар: жоқ",
    },
}


def words(chat: ChatClient) -> dict[str, str]:
    return WORDS[str(chat.factory.language_code)]


async def test_the_situations_question_offers_a_business_of_ones_own_and_none_of_these(
    chat: ChatClient,
) -> None:
    await agree(chat)
    assert (await answer_until(chat, FORTY, "groups"))[-1] == "groups"
    buttons = chat.buttons()
    assert words(chat)["business"] in buttons and words(chat)["disability"] in buttons
    assert words(chat)["none"] in buttons and words(chat)["done"] in buttons


async def test_none_of_these_is_one_tap_to_the_results_and_the_answers_keep_it(
    chat: ChatClient,
) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "groups")
    await chat.press(words(chat)["none"])
    assert await chat.state() == "Flow:results"
    await chat.press_data(ChangeAnswer(step="summary").pack())
    assert words(chat)["situations: none"] in chat.text
    assert words(chat)["wants: no"] in chat.text
    stored = (await chat.data())["profile"]
    assert stored["groups"] == [] and stored["wants_own_business"] is False


async def test_a_disabled_man_who_wants_a_grant_says_so_with_two_ticks(chat: ChatClient) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "groups")
    await chat.press(words(chat)["disability"])
    await chat.press(words(chat)["business"])
    assert "✅ " + words(chat)["business"] in chat.buttons()
    await chat.press(words(chat)["done"])
    assert await chat.state() == "Flow:results"
    await chat.press_data(ChangeAnswer(step="summary").pack())
    assert words(chat)["wants: yes"] in chat.text
    stored = (await chat.data())["profile"]
    assert stored["groups"] == ["disability"] and stored["wants_own_business"] is True
    account = await chat.db.users.get(chat.factory.user_id)
    assert account is not None and account.profile["wants_own_business"] is True


async def test_the_situations_are_not_asked_again_once_answered(chat: ChatClient) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "groups")
    await chat.press(words(chat)["none"])
    await chat.tap(ChangeAnswer(step="iin").pack())
    await chat.send(iin("860111", 3))  # a typo fixed: another day, the same age
    assert await chat.state() == "Flow:results"


async def test_changing_the_situations_starts_from_the_ticks_given(chat: ChatClient) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "groups")
    await chat.press(words(chat)["business"])
    await chat.press(words(chat)["done"])
    await chat.press_data(ChangeAnswer(step="summary").pack())
    await chat.press(words(chat)["change"])
    assert await chat.state() == "Ask:groups"
    assert "✅ " + words(chat)["business"] in chat.buttons()
    await chat.press(words(chat)["done"])
    assert (await chat.data())["profile"]["wants_own_business"] is True


async def test_no_typed_at_the_situations_is_none_of_these(chat: ChatClient) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "groups")
    await chat.send(words(chat)["no"])
    assert await chat.state() == "Flow:results"
    stored = (await chat.data())["profile"]
    assert stored["groups"] == [] and stored["wants_own_business"] is False


async def test_no_typed_after_a_tick_asks_for_the_buttons_and_keeps_the_tick(
    chat: ChatClient,
) -> None:
    await agree(chat)
    await answer_until(chat, FORTY, "groups")
    await chat.press(words(chat)["disability"])
    await chat.send(words(chat)["no"])
    assert await chat.state() == "Ask:groups"
    assert "✅ " + words(chat)["disability"] in chat.buttons()
