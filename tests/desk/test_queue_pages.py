"""The queue, search and application pages, and what a member does there: every page and action
checks role and region on the server (another region's application is refused by link, by id
and by search), forms need their CSRF token, citizens' words are shown inert, and a decline or
an approval is confirmed before the citizen is told, in their language."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from support.web_desk import ASEL, BOLAT, DANA, SUPERVISOR, Visitor, WebDesk

from bot.outbox.notices import NoticeKind, render
from bot.storage.models import Application, AppStatus
from bot.words import reasons

PHONE = "+77015550011"


async def _citizen(
    desk: WebDesk,
    user_id: int,
    region: str = "turkistan",
    *,
    name: str = "Айгерім Бекова",
    phone: str = PHONE,
    comment: str | None = None,
    language: str = "kk",
) -> Application:
    application, _ = await desk.db.applications.submit(
        user_id,
        "kumis_jas",
        region,
        {"region": region, "employment": "unemployed_registered"},
        {"status": "eligible"},
        phone,
        comment,
        language,
        name=name,
    )
    return application


def _rows(db_path: object, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(str(db_path))
    try:
        return list(conn.execute(sql))
    finally:
        conn.close()


async def test_the_queue_shows_what_the_member_serves_and_no_personal_data(
    desk: WebDesk,
) -> None:
    ours = await _citizen(desk, 1)
    theirs = await _citizen(desk, 2, "abai", phone="+77015550022")
    asel = await desk.signed_in(ASEL)

    page = await asel.get("/queue")

    assert page.status == 200
    assert ours.number in page.text and theirs.number not in page.text
    assert "Бекова" not in page.text and "555 00 11" not in page.text
    everything = await (await desk.signed_in(SUPERVISOR)).get("/queue")
    assert ours.number in everything.text and theirs.number in everything.text


async def test_the_queue_filters_by_status_and_pages_on(desk: WebDesk) -> None:
    first = await _citizen(desk, 1)
    asked = await _citizen(desk, 2, phone="+77015550033")
    await desk.db.applications.claim(asked.id, BOLAT)
    await desk.db.applications.decide(asked.id, BOLAT, AppStatus.NEEDS_INFO, "Когда звонить?")
    asel = await desk.signed_in(ASEL)

    waiting = await asel.get("/queue?status=needs_info")
    assert asked.number in waiting.text and first.number not in waiting.text
    unknown = await asel.get("/queue?status=nonsense&programme=%3Cb%3E&region=abai")
    assert unknown.status == 200 and first.number in unknown.text


async def test_a_citizen_who_phones_in_is_found_by_phone_in_a_form_never_in_the_address(
    desk: WebDesk,
) -> None:
    application = await _citizen(desk, 1)
    asel = await desk.signed_in(ASEL)
    queue = await asel.get("/queue")

    found = await asel.post("/search", {"q": "8 701 555 00 11"}, csrf=queue.csrf)

    assert found.status == 200 and application.number in found.text
    assert f'href="/applications/{application.id}"' in found.text
    assert (await asel.get("/search")).status == 405  # a search is never an address
    assert _rows(desk.settings.db, "SELECT kind, search_kind, application_id FROM desk_views") == [
        ("search", "phone", application.id)
    ]


@pytest.mark.parametrize("typed", ["8 701 555 00 11", "Бекова", "A-000001"])
async def test_another_regions_application_is_not_found_by_search(
    desk: WebDesk, typed: str
) -> None:
    theirs = await _citizen(desk, 1, "abai")
    asel = await desk.signed_in(ASEL)
    queue = await asel.get("/queue")

    found = await asel.post("/search", {"q": typed}, csrf=queue.csrf)

    assert theirs.number not in found.text
    if typed.startswith("A-"):  # asked for by its number: refused, as by its link
        assert found.status == 403
    else:
        assert found.status == 200 and 'id="nothing"' in found.text


async def test_another_regions_application_is_refused_by_link_and_recorded(
    desk: WebDesk,
) -> None:
    theirs = await _citizen(desk, 1, "abai")
    asel = await desk.signed_in(ASEL)

    page = await asel.get(f"/applications/{theirs.id}")

    assert page.status == 403 and "Бекова" not in page.text and PHONE[2:] not in page.text
    [refused] = await desk.db.staff.refusals(ASEL)
    assert (refused.action, refused.application_id) == ("desk:open", theirs.id)
    assert _rows(desk.settings.db, "SELECT * FROM desk_views WHERE kind = 'view'") == []
    dana = await desk.signed_in(DANA)
    assert (await dana.get(f"/applications/{theirs.id}")).status == 200


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("take", {}),
        ("release", {}),
        ("approve", {"step": "confirm"}),
        ("decline", {"code": "student", "step": "confirm"}),
        ("ask", {"code": "visit"}),
        ("transfer", {"region": "turkistan"}),
        ("reopen", {"own": "Ошибка"}),
        ("note", {"text": "Позвонить"}),
    ],
)
async def test_every_action_on_another_regions_application_is_refused_and_changes_nothing(
    desk: WebDesk, action: str, fields: dict[str, str]
) -> None:
    theirs = await _citizen(desk, 1, "abai")
    await desk.db.applications.claim(theirs.id, DANA)
    before = await desk.db.applications.get(theirs.id)
    asel = await desk.signed_in(ASEL)
    csrf = (await asel.get("/queue")).csrf

    refused = await asel.post(f"/applications/{theirs.id}/{action}", fields, csrf=csrf)

    assert refused.status == 403
    assert await desk.db.applications.get(theirs.id) == before
    assert await desk.db.outbox.backlog() == 0
    assert await desk.db.staff.notes(theirs.id) == []


@pytest.mark.parametrize("token", [None, "forged-token"])
async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    desk: WebDesk, token: str | None
) -> None:
    application = await _citizen(desk, 1)
    asel = await desk.signed_in(ASEL)

    refused = await asel.post(f"/applications/{application.id}/take", {}, csrf=token)

    assert refused.status == 403
    assert (await desk.db.applications.get(application.id)) == application


async def test_citizens_words_are_shown_as_text_never_as_markup(desk: WebDesk) -> None:
    application = await _citizen(
        desk, 1, name="<script>alert(1)</script>", comment='<img src=x onerror="alert(2)">'
    )
    asel = await desk.signed_in(ASEL)

    page = await asel.get(f"/applications/{application.id}")

    assert page.status == 200
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


async def test_each_look_at_an_application_is_recorded(desk: WebDesk) -> None:
    application = await _citizen(desk, 1)
    asel = await desk.signed_in(ASEL)
    await asel.get(f"/applications/{application.id}")
    assert _rows(desk.settings.db, "SELECT staff_id, kind, application_id FROM desk_views") == [
        (ASEL, "view", application.id)
    ]


async def _take(visitor: Visitor, application: Application) -> None:
    page = await visitor.get(f"/applications/{application.id}")
    taken = await visitor.post(f"/applications/{application.id}/take", {}, csrf=page.csrf)
    assert taken.status == 303, taken.text


async def test_a_decline_is_shown_once_more_and_only_then_told_to_the_citizen_in_kazakh(
    desk: WebDesk,
) -> None:
    application = await _citizen(desk, 1, language="kk")
    asel = await desk.signed_in(ASEL)
    await _take(asel, application)
    form = await asel.get(f"/applications/{application.id}/decline")
    path = f"/applications/{application.id}/decline"

    checking = await asel.post(path, {"code": "student"}, csrf=form.csrf)

    assert checking.status == 200 and 'id="confirm"' in checking.text
    assert (await desk.db.applications.get(application.id)).status is AppStatus.IN_REVIEW  # type: ignore[union-attr]
    assert await desk.db.outbox.backlog() == 0
    confirmed = await asel.post(
        path, {"code": "student", "own": "", "step": "confirm"}, csrf=checking.csrf
    )
    assert confirmed.status == 303
    declined = await desk.db.applications.get(application.id)
    assert declined is not None and declined.status is AppStatus.REJECTED
    [message] = await desk.db.outbox.fetch_due(datetime.now(UTC))
    assert (message.chat_id, message.kind, message.language) == (1, "decision", "kk")
    rendered = await render(message, desk.db, datetime.now(UTC))
    assert rendered is not None and "оқып жүрсіз" in rendered.text  # the reason, in Kazakh
    [event] = (await desk.db.applications.events(application.id))[-1:]
    assert (event.reason, event.actor_name) == (reasons.stored("student"), "Асель")


async def test_a_decline_needs_a_reason_or_own_words(desk: WebDesk) -> None:
    application = await _citizen(desk, 1)
    asel = await desk.signed_in(ASEL)
    await _take(asel, application)
    form = await asel.get(f"/applications/{application.id}/decline")
    refused = await asel.post(
        f"/applications/{application.id}/decline", {"code": "", "own": "  "}, csrf=form.csrf
    )
    assert refused.status == 400 and 'class="problem"' in refused.text


async def test_an_approval_with_a_note_is_confirmed_and_the_note_reaches_the_citizen(
    desk: WebDesk,
) -> None:
    application = await _citizen(desk, 1, language="ru")
    asel = await desk.signed_in(ASEL)
    await _take(asel, application)
    form = await asel.get(f"/applications/{application.id}/approve")
    note = "Приходите в понедельник к 10:00, кабинет 5"
    path = f"/applications/{application.id}/approve"
    checking = await asel.post(path, {"note": note}, csrf=form.csrf)
    assert 'id="confirm"' in checking.text and note in checking.text
    assert await desk.db.outbox.backlog() == 0
    await asel.post(path, {"note": note, "step": "confirm"}, csrf=checking.csrf)
    [message] = await desk.db.outbox.fetch_due(datetime.now(UTC))
    rendered = await render(message, desk.db, datetime.now(UTC))
    assert rendered is not None and note in rendered.text and "одобрена" in rendered.text


async def test_a_colleague_cannot_decide_what_another_has_taken(desk: WebDesk) -> None:
    application = await _citizen(desk, 1)
    asel = await desk.signed_in(ASEL)
    await _take(asel, application)
    bolat = await desk.signed_in(BOLAT)
    page = await bolat.get(f"/applications/{application.id}")
    assert 'id="decline"' not in page.text and "Асель" in page.text
    refused = await bolat.post(
        f"/applications/{application.id}/decline",
        {"code": "student", "step": "confirm"},
        csrf=page.csrf,
    )
    assert refused.status == 409
    assert (await desk.db.applications.get(application.id)).status is AppStatus.IN_REVIEW  # type: ignore[union-attr]


async def test_the_holder_releases_asks_and_passes_an_application_on(desk: WebDesk) -> None:
    application = await _citizen(desk, 1)
    asel = await desk.signed_in(ASEL)
    await _take(asel, application)
    page = await asel.get(f"/applications/{application.id}")
    await asel.post(f"/applications/{application.id}/release", {}, csrf=page.csrf)
    assert (await desk.db.applications.get(application.id)).status is AppStatus.QUEUED  # type: ignore[union-attr]

    await _take(asel, application)
    await asel.post(f"/applications/{application.id}/ask", {"code": "visit"}, csrf=page.csrf)
    asked = await desk.db.applications.get(application.id)
    assert asked is not None and asked.status is AppStatus.NEEDS_INFO

    second = await _citizen(desk, 2, phone="+77015550044")
    await _take(asel, second)
    moved = await asel.post(
        f"/applications/{second.id}/transfer", {"region": "abai"}, csrf=page.csrf
    )
    assert moved.status == 303
    passed = await desk.db.applications.get(second.id)
    assert passed is not None and (passed.region, passed.status) == ("abai", AppStatus.QUEUED)
    kinds = [m.kind for m in await desk.db.outbox.fetch_due(datetime.now(UTC))]
    assert kinds == ["decision", NoticeKind.TRANSFERRED]
    # Now Abai's: Asel no longer opens it, Dana does.
    assert (await asel.get(f"/applications/{second.id}")).status == 403
    assert (await (await desk.signed_in(DANA)).get(f"/applications/{second.id}")).status == 200


async def test_only_a_supervisor_reopens_a_decision(desk: WebDesk) -> None:
    application = await _citizen(desk, 1)
    await desk.db.applications.claim(application.id, ASEL)
    await desk.db.applications.decide(application.id, ASEL, AppStatus.REJECTED, "Ошибка")
    asel = await desk.signed_in(ASEL)
    page = await asel.get(f"/applications/{application.id}")
    assert 'id="reopen"' not in page.text
    assert (await asel.get(f"/applications/{application.id}/reopen")).status == 403
    refused = await asel.post(
        f"/applications/{application.id}/reopen", {"own": "Ошибка"}, csrf=page.csrf
    )
    assert refused.status == 403

    supervisor = await desk.signed_in(SUPERVISOR)
    page = await supervisor.get(f"/applications/{application.id}")
    assert 'id="reopen"' in page.text
    reopened = await supervisor.post(
        f"/applications/{application.id}/reopen",
        {"own": "Справка пришла", "to": "queue"},
        csrf=page.csrf,
    )
    assert reopened.status == 303
    again = await desk.db.applications.get(application.id)
    assert again is not None and again.status is AppStatus.QUEUED
    history = await supervisor.get(f"/applications/{application.id}")
    assert "Справка пришла" in history.text and "Ошибка" in history.text
