"""A citizen whose stored answers no longer fit together is never stuck on an error.

Answers that cannot be read as a profile are dropped (the others are kept), the citizen is told
in plain words that one or two questions come again, and the first missing question is asked.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from support.client import ChatClient
from support.walk import Persona, agree, answer_until_summary, iin

from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.language import LanguageChoice
from handlers.citizen.question_kinds import Answer, ChangeAnswer, Nav, ShowResults
from handlers.citizen.results import ApplyFor

WRONG = "что-то пошло не так"
AGAIN = {"ru": "задам один-два вопроса заново", "kk": "бір-екі сұрақты қайта қоямын"}
REMOVED = "оказалась с ошибкой, я её убрал"
IIN_1970_MAN = iin("700510", 3)  # born 10.05.1970, a man
BY_BIRTH_DATE = Persona("by birth date", "kumis_jas", birth_date="07.03.1972", sex="female")


async def stored_profile(client: ChatClient, profile: dict[str, Any]) -> None:
    """What an older version (or a bug) left in the conversation state."""
    data = await client.data()
    await client.dp.storage.set_data(client._key(), {**data, "profile": profile})


async def assert_asked_again(client: ChatClient, step: str, language: str = "ru") -> None:
    """Told plainly that a question or two come again, and asked the first one: no error."""
    assert WRONG not in client.text.lower()
    assert AGAIN[language] in client.text
    assert await client.state() == step


async def at_summary_by_iin(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, Persona("by IIN", "kumis_jas", iin=IIN_1970_MAN))


async def at_summary_then_stored(client: ChatClient, changes: dict[str, Any]) -> dict[str, Any]:
    """At the summary (by IIN), then `changes` to the stored answers; returns them before."""
    await at_summary_by_iin(client)
    profile: dict[str, Any] = (await client.data())["profile"]
    await stored_profile(client, {**profile, **changes})
    return profile


async def test_birth_date_that_contradicts_the_stored_iin_asks_the_iin_again(
    client: ChatClient,
) -> None:
    profile = await at_summary_then_stored(client, {"birth_date": "1981-01-01"})
    await client.tap(ShowResults().pack())
    await assert_asked_again(client, "Ask:iin")
    kept = (await client.data())["profile"]
    identity = {"iin", "birth_date", "sex"}
    assert kept == {field: value for field, value in profile.items() if field not in identity}
    user = await client.db.users.get(client.factory.user_id)
    assert user is not None and user.profile == kept
    # The conversation goes on: the IIN again, and the results are back.
    await client.send(IIN_1970_MAN)
    assert await client.state() == "Flow:results"


@pytest.mark.parametrize(
    ("stale", "asked"),
    [
        ({"region": "atlantis"}, "Ask:region"),  # a region regions.toml no longer has
        ({"employment": "freelancer"}, "Ask:employment"),  # a value renamed since
        ({"has_work_experience": "yes"}, "Ask:summary"),  # a string where a flag belongs
        ({"phone_hint": "+7701"}, "Ask:summary"),  # a key this version does not know
    ],
    ids=["unknown region", "unknown employment", "wrong type", "unknown key"],
)
async def test_an_answer_an_older_version_stored_is_asked_again_and_the_rest_kept(
    client: ChatClient, stale: dict[str, Any], asked: str
) -> None:
    profile = await at_summary_then_stored(client, stale)
    await client.send("привет")
    assert WRONG not in client.text.lower()
    assert (REMOVED if asked == "Ask:summary" else AGAIN["ru"]) in client.text
    assert await client.state() == asked
    kept = (await client.data())["profile"]
    assert kept == {key: value for key, value in profile.items() if key not in stale}


async def test_a_profile_that_is_not_an_object_starts_the_questions_again(
    client: ChatClient,
) -> None:
    await at_summary_by_iin(client)
    await stored_profile(client, ["not", "a", "profile"])  # type: ignore[arg-type]
    await client.tap(ShowResults().pack())
    await assert_asked_again(client, "Ask:iin")
    await client.send(IIN_1970_MAN)
    assert await client.state() == "Ask:region"


async def test_kazakh_citizen_is_told_in_kazakh(kk_client: ChatClient) -> None:
    await at_summary_then_stored(kk_client, {"sex": "female"})
    await kk_client.send("/start")
    await assert_asked_again(kk_client, "Ask:iin", "kk")


async def test_answers_read_right_after_a_language_switch_are_asked_again_in_the_new_language(
    client: ChatClient,
) -> None:
    await at_summary_then_stored(client, {"sex": "female"})
    await client.tap(LanguageChoice(code="kk").pack())
    await assert_asked_again(client, "Ask:iin", "kk")


async def test_unreadable_answers_in_the_users_table_do_not_block_start(
    client: ChatClient,
) -> None:
    await at_summary_by_iin(client)
    user_id = client.factory.user_id
    profile = (await client.data())["profile"]
    await client.db.users.save_profile(user_id, {**profile, "region": "atlantis"})
    await client.dp.storage.set_data(client._key(), {})  # the conversation state was lost
    await client.send("/start")
    assert WRONG not in client.text.lower()
    assert await client.state() == "Ask:region"
    await client.tap(Answer(step="region", value="turkistan").pack())
    assert await client.state() == "Flow:results"


async def test_the_repair_logs_no_personal_data(
    client: ChatClient, caplog: pytest.LogCaptureFixture
) -> None:
    await at_summary_then_stored(client, {"birth_date": "1981-01-01"})
    with caplog.at_level(logging.DEBUG):
        await client.send("привет")
    assert AGAIN["ru"] in client.text
    logged = caplog.text
    assert "birth_date" in logged  # which answers were dropped, for the maintainers
    for personal in (IIN_1970_MAN, "1981-01-01", "1970-05-10"):
        assert personal not in logged


# -- the ways a citizen could reach answers that contradict each other ---------------------------


async def test_changing_sex_by_a_forged_change_button_after_an_iin_keeps_the_iin_sex(
    client: ChatClient,
) -> None:
    await at_summary_by_iin(client)
    await client.tap(ChangeAnswer(step="sex").pack())
    # The IIN decides birth date and sex: the IIN question, not the sex question.
    assert await client.state() == "Ask:iin"
    assert "ИИН" in client.text
    await client.tap(Answer(step="sex", value="female").pack())
    await client.send("/start")
    assert WRONG not in client.text.lower()
    assert (await client.data())["profile"]["sex"] == "male"


async def test_a_birth_date_typed_instead_of_the_iin_drops_the_iin_and_says_so(
    client: ChatClient,
) -> None:
    await at_summary_by_iin(client)
    await client.press("ИИН")
    await client.tap(Nav(action="no_iin").pack())
    await client.send("07.03.1972")
    assert "ИИН" in client.text  # told plainly that the IIN is no longer used
    assert await client.state() == "Ask:sex"
    await client.tap(Answer(step="sex", value="female").pack())
    profile = (await client.data())["profile"]
    assert "iin" not in profile
    assert (profile["birth_date"], profile["sex"]) == ("1972-03-07", "female")
    await client.send("/start")
    assert WRONG not in client.text.lower()


async def test_a_sex_tapped_on_an_old_message_after_an_iin_is_explained(
    client: ChatClient,
) -> None:
    await at_summary_by_iin(client)
    # The state says "sex" (an older version could leave it so), the IIN says "male".
    await client.dp.storage.set_state(client._key(), "Ask:sex")
    await client.tap(Answer(step="sex", value="female").pack())
    assert WRONG not in client.text.lower()
    assert "ИИН" in client.text
    assert await client.state() == "Ask:iin"
    assert (await client.data())["profile"]["sex"] == "male"


async def test_a_new_birth_date_after_the_graduation_date_drops_the_graduation_date(
    client: ChatClient,
) -> None:
    graduate = Persona(
        "graduate",
        "jastar_praktikasy",
        birth_date="15.01.1995",
        education="tvet",
        graduation="06.2011",
    )
    await agree(client)
    await answer_until_summary(client, graduate)
    assert (await client.data())["profile"]["graduation_date"] == "2011-06-30"
    await client.press("ИИН")
    await client.tap(Nav(action="no_iin").pack())
    # A typo after the graduation date (a younger one, under 14, is refused outright).
    await client.send("01.07.2011")
    profile = (await client.data())["profile"]
    assert "graduation_date" not in profile
    assert profile["birth_date"] == "2011-07-01"


async def test_unreadable_answers_while_confirming_an_application_are_asked_again(
    client: ChatClient,
) -> None:
    await at_summary_by_iin(client)
    await client.tap(ShowResults().pack())
    await client.tap(ApplyFor(programme="kumis_jas").pack())
    await client.send("8 (701) 234-56-78")
    assert await client.state() == "Applying:confirm"
    await stored_profile(client, ["not", "a", "profile"])  # type: ignore[arg-type]
    await client.send("привет")
    await assert_asked_again(client, "Ask:iin")


async def test_an_iin_followed_by_more_text_stores_the_iin_that_was_checked(
    client: ChatClient,
) -> None:
    await agree(client)
    await client.send(IIN_1970_MAN + " " * 60 + "7")
    assert await client.state() == "Ask:region"
    assert (await client.data())["profile"]["iin"] == IIN_1970_MAN
    await client.send("/start")
    assert WRONG not in client.text.lower()


async def test_an_iin_given_after_birth_date_and_sex_decides_both(client: ChatClient) -> None:
    await agree(client)
    await answer_until_summary(client, BY_BIRTH_DATE)
    await client.press("ИИН")  # the summary's "Birth date / IIN" button
    await client.send(IIN_1970_MAN)
    assert await client.state() == "Flow:results"
    await client.press("✏️ Изменить ответы")
    assert "10 мая 1970" in client.text and "Мужчина" in client.text
    profile = (await client.data())["profile"]
    assert (profile["iin"], profile["birth_date"], profile["sex"]) == (
        IIN_1970_MAN,
        "1970-05-10",
        "male",
    )
    await client.tap(ShowResults().pack())
    assert await client.state() == "Flow:results"


async def stored_draft(client: ChatClient, draft: object) -> None:
    """What an older version (or a bug) left of the application being filled in."""
    data = await client.data()
    await client.dp.storage.set_data(client._key(), {**data, "apply": draft})


@pytest.mark.parametrize("draft", [None, {"phone": "+77012345678"}, "kumis_jas"])
@pytest.mark.parametrize(
    ("step", "then"),
    [
        ("Applying:phone", "8 (701) 234-56-78"),
        ("Applying:confirm", "Работаю вахтой"),  # a comment typed
        ("Applying:confirm", ApplyNav(action="submit", programme="kumis_jas").pack()),
        ("Applying:confirm", ApplyNav(action="cancel", programme="kumis_jas").pack()),
    ],
    ids=["phone", "comment", "send", "do-not-send"],
)
async def test_a_lost_application_draft_goes_back_to_the_programmes_not_to_an_error(
    client: ChatClient, draft: object, step: str, then: str
) -> None:
    await at_summary_by_iin(client)
    await client.tap(ShowResults().pack())
    await client.tap(ApplyFor(programme="kumis_jas").pack())
    if step != "Applying:phone":
        await client.send("8 (701) 234-56-78")
    assert await client.state() == step
    await stored_draft(client, draft)
    if then.startswith(ApplyNav.__prefix__ + ":"):
        await client.tap(then)
    else:
        await client.send(then)
    assert WRONG not in client.text.lower()
    assert "заявка, которую вы заполняли, не сохранилась" in client.text
    assert await client.state() == "Flow:results"
    assert await client.db.applications.list_for_user(client.factory.user_id) == []
    # One tap shows the programmes again, and applying works from there.
    await client.press("Показать мои программы ▶️")
    await client.tap(ApplyFor(programme="kumis_jas").pack())
    assert await client.state() == "Applying:phone"
