"""Complete review flows through the real dispatcher: a citizen applies, staff take, decide,
ask; the citizen hears about it in their own language through the outbox."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from storage.conftest import TestClock
from support.desk import ASEL, BOLAT, CITIZEN, DANA, Desk
from support.walk import Persona, agree, answer_until_summary, apply, iin

from bot.outbox.card import Review, ReviewAction
from bot.storage.models import ActorRole, AppStatus
from bot.words.buttons import MyApplication


async def test_a_kazakh_citizen_applies_a_reviewer_takes_approves_and_the_citizen_is_told(
    desk: Desk,
) -> None:
    citizen = desk.person(CITIZEN, "kk")
    persona = Persona("fifty-five", "kumis_jas", iin=iin("700510", 3), region="turkistan")
    await agree(citizen)  # type: ignore[arg-type]
    await answer_until_summary(citizen, persona)  # type: ignore[arg-type]
    await apply(citizen, "kumis_jas")  # type: ignore[arg-type]
    [application] = await desk.db.applications.list_for_user(CITIZEN)

    await desk.pump()
    asel, bolat, dana = desk.person(ASEL), desk.person(BOLAT, "kk"), desk.person(DANA)
    assert any(application.number in text and "Статус: ожидает" in text for text in asel.inbox())
    assert any(application.number in text and "Мәртебесі: күтуде" in text for text in bolat.inbox())
    assert dana.inbox() == []  # she serves Abai; the application is from Turkistan

    await asel.press("Взять")
    assert "Одобрить" in asel.buttons()[0]
    assert any("ваша" in text for text in asel.texts)
    await asel.press("Одобрить")
    assert "Одобрить заявку" in asel.text
    await asel.press("Да, одобрить")
    assert "одобрена" in asel.text

    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.APPROVED
    assert stored.reviewer_id == ASEL
    await desk.pump()
    assert any("мақұлданды" in text for text in citizen.inbox())
    await desk.pump()  # nothing is sent twice
    [told] = [text for text in citizen.inbox() if "мақұлданды" in text]
    # The programme's own name, quoted once: not ««Күміс жас» жобасы» бағдарламасына.
    assert "«Күміс жас» жобасы бойынша" in told and "««" not in told


async def test_reject_with_a_common_reason_tells_the_citizen_that_reason_in_their_language(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL, language="kk")
    await asel.press("Отклонить")
    assert "Почему" in asel.text
    await asel.press("Не подходит по условиям")
    # A decline is final for the citizen: it asks once more, saying what they will read.
    assert "Отклонить заявку" in asel.text and "Вы не подходите под условия" in asel.text
    assert await desk.status(application) is AppStatus.IN_REVIEW
    await asel.press("Да, отклонить")
    assert "отклонена" in asel.text

    events = await desk.db.applications.events(application.id)
    assert (events[-1].to_status, events[-1].reason) == (AppStatus.REJECTED, "code:conditions")
    await desk.pump()
    citizen = desk.person(CITIZEN, "kk")
    [told] = [text for text in citizen.inbox() if application.number in text]
    assert "қабылданбады" in told
    assert "Бағдарлама шарттарына сәйкес келмейсіз." in told


async def test_reject_with_a_reason_typed_in_own_words(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Отклонить")
    await asel.send("   ")
    assert (await desk.db.applications.get(application.id)).status is AppStatus.IN_REVIEW  # type: ignore[union-attr]
    await asel.send("Вы уже участвуете в программе с января")
    assert "Вы уже участвуете в программе с января" in asel.text
    await asel.press("Да, отклонить")
    assert "отклонена" in asel.text
    assert await asel.state() is None
    await desk.pump()
    [told] = [t for t in desk.person(CITIZEN).inbox() if application.number in t]
    assert "Вы уже участвуете в программе с января" in told
    assert "(Проект «Серебряный возраст») отклонена" in told and "««" not in told


async def test_a_question_and_the_citizens_answer_return_the_application_and_tell_the_reviewer(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL, language="kk")
    await asel.press("Спросить")
    await asel.send("Какой у вас диплом: колледж или вуз?")
    assert "Вопрос" in asel.text
    await desk.pump()

    citizen = desk.person(CITIZEN, "kk")
    assert any("Какой у вас диплом" in text for text in citizen.inbox())
    await citizen.press("Жауап беру")
    await citizen.send("Колледж, 2019 жылы бітірдім")
    assert "маманға жіберілді" in citizen.text  # to the one who asked, not to a queue
    stored = await desk.db.applications.get(application.id)
    # Back with the reviewer who asked, not in the common queue.
    assert stored is not None and (stored.status, stored.reviewer_id) == (
        AppStatus.IN_REVIEW,
        ASEL,
    )

    await desk.pump()
    [told] = [t for t in asel.inbox() if "Колледж, 2019 жылы бітірдім" in t]
    assert told.startswith(f"Гражданин ответил на вопрос по заявке {application.number}; заявка")
    # The question and its answer stay on the card she decides from.
    assert "❓ Вопрос: Какой у вас диплом: колледж или вуз?" in told
    assert "💬 Ответ гражданина: Колледж, 2019 жылы бітірдім" in told
    assert "✅ Одобрить" in asel.buttons()
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    assert await desk.status(application) is AppStatus.APPROVED


async def test_a_citizen_cannot_withdraw_while_a_reviewer_has_it_but_can_while_asked(
    desk: Desk,
) -> None:
    application = await desk.announced()
    citizen, asel = desk.person(CITIZEN), desk.person(ASEL)
    await citizen.send("/my")
    await citizen.press("Отозвать")
    await asel.press("Взять")
    await citizen.press("Да, отозвать")
    assert "уже нельзя отозвать" in citizen.text
    assert (await desk.db.applications.get(application.id)).status is AppStatus.IN_REVIEW  # type: ignore[union-attr]

    await asel.press("Спросить")
    await asel.press("Когда удобно позвонить")
    await citizen.tap(MyApplication(action="withdraw_yes", app_id=application.id).pack())
    assert "отозвана" in citizen.text
    await desk.pump()
    assert any("отозвал" in text and application.number in text for text in asel.inbox())


async def test_an_expired_claim_returns_to_the_queue_and_the_reviewer_is_told(
    desk: Desk, clock: TestClock
) -> None:
    application, asel = await desk.taken(ASEL)
    bolat = desk.person(BOLAT)
    clock.advance(timedelta(minutes=desk.settings.claim_ttl_minutes + 1))
    await desk.pump()
    assert any("истекло" in t and application.number in t for t in asel.inbox())
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.QUEUED

    await bolat.press("Алу")  # he reads Kazakh
    await asel.tap(Review(action=ReviewAction.APPROVE, app_id=application.id).pack())
    assert "Болат" in asel.text
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and (stored.status, stored.reviewer_id) == (
        AppStatus.IN_REVIEW,
        BOLAT,
    )


async def test_two_reviewers_press_take_at_once_one_gets_it_the_other_is_told_who(
    desk: Desk,
) -> None:
    application = await desk.announced()
    asel, bolat = desk.person(ASEL), desk.person(BOLAT)
    take = Review(action=ReviewAction.TAKE, app_id=application.id).pack()
    asel_update = asel.factory.callback(take, message_id=asel.button("Взять")[0])
    bolat_update = bolat.factory.callback(take, message_id=bolat.button("Алу")[0])
    await asyncio.gather(
        desk.dp.feed_update(desk.bot, asel_update), desk.dp.feed_update(desk.bot, bolat_update)
    )

    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.IN_REVIEW
    number, holder = application.number, stored.reviewer_id
    told = {  # the one who lost reads it in their language
        BOLAT: f"{number} өтінімін Асель (ID {holder}) қарап жатыр.",
        ASEL: f"Заявку {number} уже рассматривает Болат (ID {holder}).",
    }
    loser = BOLAT if holder == ASEL else ASEL
    alerts = [
        r.text for r in desk.session.sent("answerCallbackQuery") if r.params.get("show_alert")
    ]
    assert alerts == [told[loser]]
    claims = [
        e
        for e in await desk.db.applications.events(application.id)
        if e.to_status is AppStatus.IN_REVIEW
    ]
    assert len(claims) == 1 and claims[0].actor_role is ActorRole.STAFF


async def test_internal_notes_are_shown_to_staff_and_never_to_the_citizen(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    await asel.press("Заметка")
    await asel.send("Звонила в 10:00, просил перезвонить")
    await asel.send(f"/note {application.id} Документы принесёт в среду")
    await asel.send(f"/app {application.number}")
    assert "Звонила в 10:00, просил перезвонить" in asel.text
    assert "Документы принесёт в среду" in asel.text
    assert "Асель (ID 7101)" in asel.text

    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    await desk.pump()
    citizen = desk.person(CITIZEN)
    await citizen.send("/my")
    everything = "\n".join(citizen.inbox())
    assert "Звонила" not in everything and "Документы принесёт" not in everything


async def test_the_queue_lists_my_regions_oldest_first_with_their_age(
    desk: Desk, clock: TestClock
) -> None:
    first = await desk.submit(5001)
    clock.advance(timedelta(hours=26))
    second = await desk.submit(5002)
    await desk.submit(5003, region="abai")
    clock.advance(timedelta(minutes=45))
    asel = desk.person(ASEL)
    await asel.send("/queue")
    text = asel.text
    assert "abai" not in text and "Абай" not in text
    assert text.index(first.number) < text.index(second.number)
    assert "1 д 2 ч" in text and "45 мин" in text

    await asel.press(f"Взять {first.number}")
    await asel.send("/queue")
    assert "Вы рассматриваете" in asel.text and first.number in asel.text


async def test_a_withdrawn_application_has_its_full_history_in_app(desk: Desk) -> None:
    application = await desk.submit(CITIZEN)
    await desk.db.applications.withdraw(application.id, CITIZEN)
    asel = desk.person(ASEL)
    await asel.send(f"/app {application.id}")
    assert "История" in asel.text
    assert "отозвана — гражданин" in asel.text
    assert "Взять" not in " ".join(asel.buttons())


async def test_a_decided_application_shows_when_it_was_decided_not_a_growing_wait(
    desk: Desk, clock: TestClock
) -> None:
    application = await desk.submit(5001)
    asel = desk.person(ASEL)
    await asel.tap(Review(action=ReviewAction.TAKE, app_id=application.id).pack())
    clock.advance(timedelta(hours=2))  # 09:00 UTC + 2 h = 16:00 in Kazakhstan
    await asel.tap(Review(action=ReviewAction.APPROVE_YES, app_id=application.id).pack())
    clock.advance(timedelta(days=3))
    await asel.send(f"/app {application.number}")
    header = asel.texts[0].splitlines()[0]
    assert header == f"📄 Заявка {application.number} · одобрена 2026-03-02 16:00"

    waiting = await desk.submit(5002)
    clock.advance(timedelta(hours=1, minutes=5))
    await asel.send(f"/app {waiting.number}")
    assert asel.texts[0].splitlines()[0] == f"📄 Заявка {waiting.number} · ждёт 1 ч 5 мин"


async def test_after_approve_the_card_it_was_asked_from_shows_the_decision(desk: Desk) -> None:
    application, asel = await desk.taken(ASEL)
    card_id, _data = asel.button("Одобрить")
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    redrawn = [
        r
        for r in asel.replies
        if r.method == "editMessageText" and r.params.get("message_id") == card_id
    ]
    assert redrawn and "одобрена" in redrawn[0].text
    stored = await desk.db.applications.get(application.id)
    assert stored is not None and stored.status is AppStatus.APPROVED


async def test_a_forged_yes_button_cannot_make_the_bot_redraw_another_message(
    desk: Desk,
) -> None:
    application, asel = await desk.taken(ASEL)
    other = await desk.announced(5002)  # its card: another message of the bot in this chat
    other_card, _data = asel.button("Взять")
    await asel.press("Одобрить")
    forged = Review(action=ReviewAction.APPROVE_YES, app_id=application.id, code=str(other_card))
    question, _yes = asel.button("Да, одобрить")
    await asel.tap(forged.pack(), question)
    assert "одобрена" in asel.text
    assert not [r for r in asel.replies if r.params.get("message_id") == other_card]
    stored = await desk.db.applications.get(other.id)
    assert stored is not None and stored.status is AppStatus.QUEUED


async def test_the_card_quotes_what_the_citizen_was_told_as_such(desk: Desk) -> None:
    """The verdict's lines speak to the citizen ("you"): on the card they are introduced as
    a quote, not as the reviewer's own finding."""
    await desk.announced()
    card = next(text for text in desk.person(ASEL).inbox() if "Заявка A-000001" in text)
    quoted = card.split("Что бот сказал гражданину:\n", 1)[1]
    assert quoted.startswith("✅ Скорее всего, вы подходите")


async def test_a_number_that_is_no_application_is_said_to_be_none(desk: Desk) -> None:
    asel = desk.person(ASEL)
    await asel.send("/app 99")
    assert asel.text == "Заявки 99 нет. /queue покажет ожидающие."
    await asel.send("/note A-000099 Позвонила")
    assert asel.text == "Заявки A-000099 нет. /queue покажет ожидающие."
    await asel.send("/app")
    assert "например: /app 123" in asel.text


async def test_my_applications_show_why_one_was_declined(desk: Desk) -> None:
    """A citizen who missed the notice reads the reason in /my, in their language."""
    _application, asel = await desk.taken(ASEL, language="kk")
    await asel.press("Отклонить")
    await asel.press("Не подходит по условиям")
    await asel.press("Да, отклонить")
    citizen = desk.person(CITIZEN, "kk")
    await citizen.send("/my")
    assert "Себебі: Бағдарлама шарттарына сәйкес келмейсіз." in citizen.text
