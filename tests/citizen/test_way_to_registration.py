"""Issue 17, point 2, through the real dispatcher in kk and ru: "not registered" no longer ends
the questions; what matters for a young person is asked whatever the registration answer."""

from __future__ import annotations

from support.client import ChatClient
from support.walk import Persona, agree, answer_until_summary

GRADUATE = Persona(
    "23-year-old graduate, not registered",
    "jastar_praktikasy",
    birth_date="01.09.2002",
    sex="female",
    employment="unemployed_unregistered",
    education="higher",
    graduation="06.2025",
)
FORTY = Persona(
    "40-year-old, not registered",
    "public_works",
    birth_date="10.01.1986",
    employment="unemployed_unregistered",
)


async def test_a_graduate_not_registered_is_still_asked_about_studies_and_work(
    chat: ChatClient,
) -> None:
    await agree(chat)
    asked = await answer_until_summary(chat, GRADUATE)
    assert asked.index("employment") < asked.index("education")
    assert {"education", "graduation", "experience"} <= set(asked)


async def test_a_forty_year_old_not_registered_is_not_asked_about_studies(
    chat: ChatClient,
) -> None:
    await agree(chat)
    asked = await answer_until_summary(chat, FORTY)
    assert not {"education", "graduation", "experience"} & set(asked)
