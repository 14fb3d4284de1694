"""The questionnaire's steps, their order, and which one comes next for a profile."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from aiogram.fsm.state import State, StatesGroup

from bot.rules.model import Profile


class Step(StrEnum):
    IIN = "iin"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    REGION = "region"
    EMPLOYMENT = "employment"
    EDUCATION = "education"
    GRADUATION = "graduation"
    EXPERIENCE = "experience"
    GROUPS = "groups"
    SUMMARY = "summary"


class Ask(StatesGroup):
    """One state per step: the state says which question the citizen is answering."""

    iin = State()
    birth_date = State()
    sex = State()
    region = State()
    employment = State()
    education = State()
    graduation = State()
    experience = State()
    groups = State()
    summary = State()


class Flow(StatesGroup):
    language = State()  # choosing a language before anything else
    consent = State()  # reading the consent text
    results = State()  # results shown, may apply


class Applying(StatesGroup):
    phone = State()
    comment = State()
    confirm = State()


class Account(StatesGroup):
    answering = State()  # typing an answer to the career centre's question


STATE_OF_STEP: dict[Step, State] = {step: getattr(Ask, step.value) for step in Step}
STEP_OF_STATE: dict[str, Step] = {str(state.state): step for step, state in STATE_OF_STEP.items()}

# Optional questions: asked only when some programme's verdict depends on them.
_OPTIONAL: tuple[tuple[Step, str], ...] = (
    (Step.EDUCATION, "education"),
    (Step.GRADUATION, "graduation_date"),
    (Step.EXPERIENCE, "has_work_experience"),
    (Step.GROUPS, "groups"),
)


def next_step(profile: Profile, needed: Collection[str]) -> Step:
    """The first question not yet answered that matters, or the summary when none is left.

    Identity, region and employment are always asked: the application needs them.
    """
    if profile.birth_date is None:
        return Step.IIN
    if profile.sex is None:
        return Step.SEX
    if profile.region is None:
        return Step.REGION
    if profile.employment is None:
        return Step.EMPLOYMENT
    for step, field_name in _OPTIONAL:
        if getattr(profile, field_name) is None and field_name in needed:
            return step
    return Step.SUMMARY
