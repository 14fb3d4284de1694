"""Walking a citizen through the questionnaire by button payloads (the same in any language)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.rules.iin import check_digit
from handlers.citizen.application_draft import ApplyNav
from handlers.citizen.consent import ConsentChoice
from handlers.citizen.question_kinds import Answer, ChangeAnswer, Nav, ShowResults
from handlers.citizen.questions import OWN_BUSINESS
from handlers.citizen.results import ApplyFor, BackToList, Details
from support.client import ChatClient


def iin(birth: str, century_sex: int, serial: str = "0001") -> str:
    """A valid IIN for YYMMDD, the 7th digit and a serial (the check digit computed)."""
    first = f"{birth}{century_sex}{serial}"
    digit = check_digit(first)
    assert digit is not None
    return first + str(digit)


@dataclass(frozen=True)
class Persona:
    name: str
    programme: str
    iin: str | None = None
    birth_date: str | None = None
    sex: str = "male"
    region: str = "almaty_city"
    employment: str = "unemployed_registered"
    education: str = "secondary"
    graduation: str = "06.2024"
    experience: str = "no"
    lost_job: str = "no"
    social_insurance: str = "yes"
    profession: str = "other"
    groups: tuple[str, ...] = field(default_factory=tuple)
    own_business: bool = False  # ticks "I want to start my own business" among the situations


async def agree(client: ChatClient) -> None:
    await client.send("/start")
    await client.tap(ConsentChoice(agree=True).pack())


async def answer_until_results(client: ChatClient, persona: Persona) -> list[str]:
    """Answers whatever step the bot asks until the results, which come right after the last
    answer; returns the steps asked, "summary" last."""
    return await answer_until(client, persona, "summary")


async def answer_until_summary(client: ChatClient, persona: Persona) -> list[str]:
    """Answers every question, then opens the answers from the results ("✏️ Change my
    answers"): the summary, with a button to change each answer."""
    asked = await answer_until(client, persona, "summary")
    if await client.state() == "Flow:results":
        await client.tap(ChangeAnswer(step="summary").pack())
    return asked


async def answer_until(client: ChatClient, persona: Persona, stop: str) -> list[str]:
    """Answers whatever step the bot asks until the step `stop` (unanswered) or the summary;
    returns the steps asked, `stop` last if it was reached."""
    asked: list[str] = []
    for _ in range(16):
        state = await client.state()
        if state == "Flow:results":  # the last answer shows the results at once
            asked.append("summary")
            return asked
        assert state is not None and state.startswith("Ask:"), state
        step = state.removeprefix("Ask:")
        asked.append(step)
        if step in (stop, "summary"):
            return asked
        if step == "iin":
            if persona.iin:
                await client.send(persona.iin)
            else:
                await client.tap(Nav(action="no_iin").pack())
        elif step == "birth_date":
            assert persona.birth_date is not None
            await client.send(persona.birth_date)
        elif step == "sex":
            await client.tap(Answer(step="sex", value=persona.sex).pack())
        elif step == "region":
            await client.tap(Answer(step="region", value=persona.region).pack())
        elif step == "employment":
            await client.tap(Answer(step="employment", value=persona.employment).pack())
        elif step == "lost_job":
            await client.tap(Answer(step="lost_job", value=persona.lost_job).pack())
        elif step == "social_insurance":
            value = persona.social_insurance
            await client.tap(Answer(step="social_insurance", value=value).pack())
        elif step == "profession":
            await client.tap(Answer(step="profession", value=persona.profession).pack())
        elif step == "education":
            await client.tap(Answer(step="education", value=persona.education).pack())
        elif step == "graduation":
            await client.send(persona.graduation)
        elif step == "experience":
            await client.tap(Answer(step="experience", value=persona.experience).pack())
        elif step == "groups":
            ticks = [*persona.groups, *([OWN_BUSINESS] if persona.own_business else [])]
            for tick in ticks:
                await client.tap(Answer(step="groups", value=tick).pack())
            action = "groups_done" if ticks else "groups_none"
            await client.tap(Nav(action=action).pack())
    raise AssertionError(f"neither {stop} nor the summary after {asked}")


async def apply(client: ChatClient, programme: str, phone: str = "8 (701) 234-56-78") -> None:
    """From the results (or the summary, where they are a tap away) to a sent application."""
    if await client.state() == "Ask:summary":
        await client.tap(ShowResults().pack())
    await client.tap(ApplyFor(programme=programme).pack())
    await client.send(phone)
    await client.tap(ApplyNav(action="submit", programme=programme).pack())


PERSONAS_FOR_STEPS = Persona("fifty-five", "kumis_jas", iin=iin("700510", 3))


async def details_of(client: ChatClient, name: str) -> tuple[str, list[str]]:
    """A programme's details as the citizen opens them from the results' list (each button
    pressed in turn until the details name the programme, by its short or official name): the
    text and the labels of its buttons."""
    [(_, markup)] = [k for k in client.keyboards()[:1]]
    pressed = [
        b.callback_data
        for row in markup.inline_keyboard
        for b in row
        if b.callback_data and b.callback_data.startswith(Details.__prefix__ + ":")
    ]
    assert pressed, f"no results' list on the screen; latest buttons: {client.buttons()}"
    for data in pressed:
        await client.press_data(data)
        [shown] = client.replies_of("editMessageText")
        if name in "\n".join(shown.text.splitlines()[:2]):
            return shown.text, client.buttons()
        await client.press_data(BackToList().pack())
    raise AssertionError(f"no programme {name!r} on the results' list")
