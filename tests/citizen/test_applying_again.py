"""A citizen who has applied once: the results say so, and the next application offers the
number given last time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from support.client import ChatClient
from support.walk import Persona, agree, answer_until_summary, apply, details_of, iin

from bot.storage.models import AppStatus
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.question_kinds import Answer, ShowResults
from handlers.citizen.results import ApplyFor, BackToList

FIFTY_FIVE = Persona("fifty-five", "kumis_jas", iin=iin("700510", 3))
SECOND = "public_works"  # also open to a registered unemployed 55-year-old


def apply_buttons(client: ChatClient) -> set[str]:
    """Programmes with an Apply button in what the bot sent since the last step."""
    found: set[str] = set()
    for request in client.replies:
        markup = getattr(request.call, "reply_markup", None)
        if isinstance(markup, InlineKeyboardMarkup):
            for row in markup.inline_keyboard:
                for button in row:
                    if button.callback_data and button.callback_data.startswith("apply:"):
                        found.add(button.callback_data.removeprefix("apply:"))
    return found


def phone_keys(client: ChatClient) -> list[list[str]]:
    for request in reversed(client.replies):
        markup = getattr(request.call, "reply_markup", None)
        if isinstance(markup, ReplyKeyboardMarkup):
            return [[key.text for key in row] for row in markup.keyboard]
    raise AssertionError(f"no reply keyboard in {client.texts}")


async def applied_once(client: ChatClient) -> str:
    await agree(client)
    await answer_until_summary(client, FIFTY_FIVE)
    await apply(client, FIFTY_FIVE.programme, phone="8 (705) 111-22-33")
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    return application.number


async def test_results_seen_again_show_the_application_instead_of_an_apply_button(
    client: ChatClient,
) -> None:
    number = await applied_once(client)
    await client.tap(ShowResults().pack())
    assert "✅ «Серебряный возраст» — " in client.text
    assert f"(заявка {number}, в очереди)" in client.text
    card, _ = await details_of(client, "Серебряный возраст")
    assert card.endswith(f"Вы уже подали заявку: {number}, статус: в очереди.")
    assert "Здесь можно подать заявку" not in card  # not both at once
    await client.press_data(BackToList().pack())
    assert FIFTY_FIVE.programme not in apply_buttons(client)
    assert SECOND in apply_buttons(client)


async def test_a_withdrawn_application_can_be_made_again_from_the_results(
    client: ChatClient,
) -> None:
    number = await applied_once(client)
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    await client.db.applications.withdraw(application.id, client.factory.user_id)
    await client.tap(ShowResults().pack())
    assert FIFTY_FIVE.programme in apply_buttons(client)
    assert number not in client.text


async def test_the_next_application_offers_last_times_number_with_one_tap(
    client: ChatClient,
) -> None:
    await applied_once(client)
    await client.tap(ApplyFor(programme=SECOND).pack())
    assert "Или нажмите на номер из вашей прошлой заявки: +7 705 111 22 33." in client.text
    assert phone_keys(client)[0] == ["+7 705 111 22 33"]
    await client.send("+7 705 111 22 33")  # what the key sends
    assert "Спасибо, номер +7 705 111 22 33 сохранён." in client.text
    await client.tap(ApplyNav(action="submit", programme=SECOND).pack())
    applications = await client.db.applications.list_for_user(client.factory.user_id)
    assert [(a.programme, a.status, a.phone) for a in applications] == [
        (SECOND, AppStatus.QUEUED, "+77051112233"),
        (FIFTY_FIVE.programme, AppStatus.QUEUED, "+77051112233"),
    ]


async def test_going_back_to_the_phone_offers_the_number_just_given(
    client: ChatClient,
) -> None:
    await agree(client)
    await answer_until_summary(client, FIFTY_FIVE)
    await client.tap(ShowResults().pack())
    await client.tap(ApplyFor(programme=SECOND).pack())
    assert len(phone_keys(client)) == 2  # share, back: nothing to offer yet
    await client.send("8 777 111 22 33")
    await client.tap(ApplyNav(action="phone", programme=SECOND).pack())
    assert phone_keys(client)[0] == ["+7 777 111 22 33"]


async def test_after_forget_no_number_is_offered(client: ChatClient) -> None:
    await applied_once(client)
    await client.send("/forget")
    await client.press("Да, удалить")
    await agree(client)
    await answer_until_summary(client, FIFTY_FIVE)
    await client.tap(ShowResults().pack())
    assert FIFTY_FIVE.programme in apply_buttons(client)
    await client.tap(ApplyFor(programme=FIFTY_FIVE.programme).pack())
    assert "+7 705 111 22 33" not in client.text
    assert all("705" not in key for row in phone_keys(client) for key in row)


async def test_kazakh_citizen_is_offered_the_number_in_kazakh(kk_client: ChatClient) -> None:
    await applied_once(kk_client)
    await kk_client.tap(ApplyFor(programme=SECOND).pack())
    assert "алдыңғы өтініміңіздегі нөмірді басыңыз: +7 705 111 22 33." in kk_client.text


@pytest.mark.parametrize(
    ("decision", "offered_again"), [(AppStatus.APPROVED, False), (AppStatus.REJECTED, True)]
)
async def test_an_approved_application_is_not_offered_again_a_declined_one_is(
    client: ChatClient, decision: AppStatus, offered_again: bool
) -> None:
    number = await applied_once(client)
    (application,) = await client.db.applications.list_for_user(client.factory.user_id)
    await client.db.applications.claim(application.id, 900, timedelta(minutes=30))
    await client.db.applications.decide(application.id, 900, decision, "Нужна справка")
    await client.tap(ShowResults().pack())
    assert (FIFTY_FIVE.programme in apply_buttons(client)) is offered_again
    if not offered_again:
        assert f"(заявка {number}, одобрена)" in client.text
        await client.tap(ApplyFor(programme=FIFTY_FIVE.programme).pack())  # an old button
        assert "Вы уже подали заявку" in client.text
        assert await client.state() != "Applying:phone"


@pytest.mark.parametrize("meanwhile", ["/start", "/cancel"])
async def test_apply_on_results_still_on_screen_works_after_start_or_cancel(
    client: ChatClient, meanwhile: str
) -> None:
    await agree(client)
    await answer_until_summary(client, FIFTY_FIVE)
    await client.tap(ShowResults().pack())
    await client.send(meanwhile)
    await client.press("Подать заявку")
    assert "Эта кнопка уже не действует" not in client.text
    assert await client.state() == "Applying:phone"


async def test_an_apply_button_with_answers_missing_is_out_of_date(client: ChatClient) -> None:
    """After /cancel halfway through the questions there are no results to apply from: an
    old or forged Apply button must not start an application on half the answers."""
    await agree(client)
    assert FIFTY_FIVE.iin is not None
    await client.send(FIFTY_FIVE.iin)
    await client.tap(Answer(step="region", value="almaty_city").pack())
    await client.send("/cancel")  # the work situation is not answered yet
    await client.tap(ApplyFor(programme=FIFTY_FIVE.programme).pack())
    assert "Эта кнопка уже не действует" in client.text
    assert await client.state() is None
