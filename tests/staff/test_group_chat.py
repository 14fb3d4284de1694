"""The staff group chat: colleagues talk there, so the bot reads only replies to its prompts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import pytest
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
)
from aiogram.methods import SendMessage, TelegramMethod
from storage.conftest import TestClock
from support.desk import ADMIN, ASEL, BOLAT, STAFF_CHAT, Desk

from bot.storage.models import AppStatus
from bot.storage.staff import StaffRole
from handlers.staff.plan import PlanPick


async def test_a_remark_to_colleagues_is_not_sent_to_the_citizen_as_the_reason(
    group_desk: Desk, clock: TestClock
) -> None:
    desk = group_desk
    application, asel = await desk.taken(ASEL, in_group=True)
    citizen, bolat = desk.person(5001), desk.person(BOLAT, in_group=True)
    await asel.press("Отклонить")

    # She turns to a colleague before typing the reason, without replying to the prompt.
    await asel.send("Коллеги, у кого есть телефон Болата?")
    assert asel.replies == []  # the bot stays quiet: this is not for it
    await bolat.send("У меня есть")
    assert await desk.status(application) is AppStatus.IN_REVIEW
    await desk.pump()
    assert not [t for t in citizen.inbox() if "Болата" in t]

    # A reply to the prompt is the reason.
    await asel.reply("Вы уже участвуете в другой программе", asel.prompt_id())
    assert await desk.status(application) is AppStatus.IN_REVIEW  # asked to confirm first
    await asel.press("Да, отклонить")
    assert await desk.status(application) is AppStatus.REJECTED
    events = await desk.db.applications.events(application.id)
    assert events[-1].reason == "Вы уже участвуете в другой программе"
    await desk.pump()
    assert [t for t in citizen.inbox() if "Вы уже участвуете в другой программе" in t]


async def test_in_the_group_only_a_reply_to_the_note_prompt_becomes_the_note(
    group_desk: Desk, clock: TestClock
) -> None:
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Заметка")
    await asel.send("Обед через пять минут")
    assert asel.replies == []
    assert await group_desk.db.staff.notes(application.id) == []
    await asel.reply("Позвонила, не ответил", asel.prompt_id())
    [note] = await group_desk.db.staff.notes(application.id)
    assert note.text == "Позвонила, не ответил"


async def test_in_the_group_digits_said_to_colleagues_add_nobody_to_the_staff(
    group_desk: Desk,
) -> None:
    admin = group_desk.person(ADMIN, in_group=True)
    await admin.send("/staff")
    assert "Асель (ID 7101)" in admin.text
    await admin.press("Добавить специалиста")
    assert "Ответьте на это сообщение его Telegram ID (цифрами)." in admin.text
    await admin.send("8001")  # a remark to colleagues (a room, a phone extension)
    assert admin.replies == []
    assert await group_desk.db.staff.get(8001) is None
    await admin.reply("8001", admin.prompt_id())
    assert "ID 8001 теперь в числе сотрудников." in admin.text
    added = await group_desk.db.staff.get(8001)
    assert added is not None and added.role is StaffRole.REVIEWER


async def test_in_the_group_only_a_reply_to_the_plan_prompt_sets_the_plan(
    group_desk: Desk,
) -> None:
    admin = group_desk.person(ADMIN, in_group=True)
    await admin.send("/plan")
    await admin.press("Серебряный возраст")
    await admin.tap(PlanPick(programme="kumis_jas", region="turkistan").pack())
    for remark in ("Коллеги, 5 минут", "300"):
        await admin.send(remark)
        assert admin.replies == []
    assert await group_desk.db.plans.for_year(2026) == []
    await admin.reply("120", admin.prompt_id())
    assert "Сохранено" in admin.text
    [plan] = await group_desk.db.plans.for_year(2026)
    assert (plan.programme, plan.region, plan.target) == ("kumis_jas", "turkistan", 120)


@pytest.fixture
async def kazakh_group_desk(tmp_path: Path, clock: TestClock) -> AsyncIterator[Desk]:
    """A staff chat whose cards are in Kazakh; Асель reads Russian."""
    opened = await Desk.open(
        tmp_path / "jumys.sqlite3",
        clock,
        staff_chat=STAFF_CHAT,
        staff_chat_language="kk",
        staff_telegram="review",
    )
    await opened.db.staff.add(ASEL, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    yield opened
    await opened.close()


async def test_the_card_in_the_staff_chat_stays_in_its_language_whoever_presses(
    kazakh_group_desk: Desk,
) -> None:
    desk = kazakh_group_desk
    application = await desk.announced()
    asel = desk.person(ASEL, "ru", in_group=True)
    card_id, take = asel.button("Алу")
    await asel.tap(take, card_id)
    [taken_card] = [r.text for r in asel.replies if r.method == "editMessageText"]
    assert "Мәртебесі:" in taken_card and "Статус" not in taken_card
    assert any(f"Заявка {application.number} ваша" in text for text in asel.texts)  # her alert

    await asel.press("Мақұлдау")
    await asel.press("Да, одобрить")  # the question was hers: in her language
    [decided_card] = [
        r.text
        for r in asel.replies
        if r.method == "editMessageText" and r.params.get("message_id") == card_id
    ]
    assert "Мәртебесі:" in decided_card and "Статус" not in decided_card
    assert f"✅ Заявка {application.number} одобрена." in asel.text


class _StaffChatGone:
    """The staff chat refuses every message: the bot was removed, or the group became a
    supergroup (Telegram's 400 with the new id)."""

    def __init__(self, error: type[TelegramAPIError], **extra: Any) -> None:
        self.error, self.extra = error, extra

    async def __call__(self, method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage) and method.chat_id == STAFF_CHAT:
            raise self.error(method=cast(Any, method), message="refused", **self.extra)


@pytest.mark.parametrize(
    ("error", "extra", "told"),
    [
        (TelegramForbiddenError, {}, "Мен қызметкерлер чатына (-100500) жаза алмаймын"),
        (
            TelegramMigrateToChat,
            {"migrate_to_chat_id": -1009999},
            "JUMYS_STAFF_CHAT=-1009999 етіп жазып",
        ),
    ],
    ids=["bot removed", "became a supergroup"],
)
async def test_cards_the_staff_chat_refuses_go_to_reviewers_privately_and_admins_are_told(
    group_desk: Desk, error: type[TelegramAPIError], extra: dict[str, Any], told: str
) -> None:
    group_desk.session.before_answer = _StaffChatGone(error, **extra)  # type: ignore[method-assign]
    first = await group_desk.submit(5001)
    second = await group_desk.submit(5002)
    await group_desk.pump()
    await group_desk.pump()  # the messages queued by the refusal
    asel = group_desk.person(ASEL)  # she serves Turkistan, privately
    for application in (first, second):
        assert any(text.startswith("📄") and application.number in text for text in asel.inbox())
    admin_inbox = group_desk.person(ADMIN).inbox()
    assert [text for text in admin_inbox if told in text] == [admin_inbox[0]]  # once, not per card
    assert "мамандарға жеке чатқа" in admin_inbox[0]  # in the admin's language (kk here)


async def test_the_reply_prompt_names_the_member_so_telegram_opens_their_reply_box(
    group_desk: Desk,
) -> None:
    """A selective ForceReply opens the reply box only for the people its message mentions."""
    _application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    prompt_id = asel.prompt_id()
    [prompt] = [r.call for i, r in group_desk.message_ids() if i == prompt_id]
    assert isinstance(prompt, SendMessage) and prompt.entities is not None
    [mention] = prompt.entities
    assert mention.user is not None
    assert (mention.type, mention.user.id) == ("text_mention", ASEL)
    named = prompt.text.encode("utf-16-le")[
        2 * mention.offset : 2 * (mention.offset + mention.length)
    ]
    assert named.decode("utf-16-le") == "Асель"


async def test_after_a_refused_reason_replying_to_the_bots_answer_counts(group_desk: Desk) -> None:
    """The bot says 'shorten it and send again': a reply to that message is the new try."""
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    await asel.reply("Не подходит. " * 100, asel.prompt_id())
    [said] = [i for i, r in group_desk.message_ids() if "Сократите" in (r.text or "")]
    await asel.reply("Не подходит по возрасту.", said)  # a reply to that message, as told
    await asel.press("Да, отклонить")
    assert await group_desk.status(application) is AppStatus.REJECTED


async def test_a_reply_to_a_closed_question_is_told_it_went_nowhere(group_desk: Desk) -> None:
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    prompt = asel.prompt_id()
    await asel.send("/stats")  # moves on: the step is closed
    await asel.reply("Не подходит по возрасту", prompt)
    assert "Этот вопрос уже закрыт" in asel.text
    assert await group_desk.status(application) is AppStatus.IN_REVIEW
    await asel.send("Коллеги, я вернусь к ней после обеда")  # talk: still no answer
    assert asel.texts == []


async def test_after_a_refused_reason_a_reply_to_the_first_question_still_counts(
    group_desk: Desk,
) -> None:
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    first_prompt = asel.prompt_id()
    await asel.reply("Не подходит. " * 100, first_prompt)
    await asel.reply("Не подходит по возрасту.", first_prompt)
    await asel.press("Да, отклонить")
    assert await group_desk.status(application) is AppStatus.REJECTED


async def test_please_call_the_citizen_reaches_the_reviewer_when_the_staff_chat_refuses(
    group_desk: Desk,
) -> None:
    """The citizen blocked the bot, and the staff chat refuses it too: the reviewer who
    declined still hears, privately, that the citizen must be phoned."""
    application, asel = await group_desk.taken(ASEL, in_group=True)
    await asel.press("Отклонить")
    await asel.press("Не подходит по условиям")
    await asel.press("Да, отклонить")
    refused = {STAFF_CHAT, application.user_id}

    async def refuse(method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage) and method.chat_id in refused:
            raise TelegramForbiddenError(method=cast(Any, method), message="blocked")

    group_desk.session.before_answer = refuse  # type: ignore[method-assign]
    for _pass in range(4):
        await group_desk.pump()
    private = group_desk.person(ASEL).inbox()
    assert any(application.number in text and "/app" in text for text in private)


async def test_a_message_refused_for_its_own_text_is_not_taken_for_a_lost_chat(
    group_desk: Desk,
) -> None:
    async def too_long(method: TelegramMethod[Any]) -> None:
        if isinstance(method, SendMessage) and method.chat_id == STAFF_CHAT:
            raise TelegramBadRequest(method=cast(Any, method), message="message is too long")

    group_desk.session.before_answer = too_long  # type: ignore[method-assign]
    await group_desk.submit(5001)
    await group_desk.pump()
    await group_desk.pump()
    assert group_desk.person(ADMIN).inbox() == []
