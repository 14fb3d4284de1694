"""The questionnaire as one table: each question one entry, in the order they are asked.

A new question is one `Question` below (with its state in `Ask`, added: the names are stored),
asked always or when a verdict depends on its field (Asked.IF_NEEDED: the rules' needed_fields,
where a criterion marked `asked = false` does not count), its profile field
(bot/rules/model.py, bot/rules/profile_json.py) and its texts: the answer's line in
bot/words/answers.py, its buttons' labels in bot/words/labels.py. The handlers
(handlers/citizen/questionnaire.py) are generic over the table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable

from aiogram.fsm.state import State, StatesGroup
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _, __, get_i18n
from bot.rules import load_rules
from bot.rules.model import Answer, Education, Employment, Group, Profile, Sector, Sex
from bot.words import labels
from bot.words.answers import answer_lines
from bot.words.names import REGIONS_PER_PAGE, region_name, regions_in_order
from bot.words.typed_regions import read_region
from bot.words.yes_no import read_answer, read_yes_no
from handlers.citizen.question_kinds import (
    Asked,
    ChangeAnswer,
    Choice,
    OtherWay,
    Picks,
    Question,
    ShowResults,
    Typed,
    one_of,
    render,
    step_name,
)
from handlers.citizen.typed_answers import Refused, read_birth_date, read_graduation, read_iin


class Ask(StatesGroup):
    """One state per question, and the summary. The names are stored with each conversation
    (`Ask:region` in the fsm table): renaming one needs a migration of the stored states."""

    iin = State()
    birth_date = State()
    sex = State()
    region = State()
    employment = State()
    lost_job = State()
    social_insurance = State()
    education = State()
    graduation = State()
    experience = State()
    profession = State()
    groups = State()
    summary = State()


def _sex_agrees_with_the_iin(profile: Profile, sex: object) -> None:
    """The IIN decides birth date and sex; a typo in it is fixed by sending it again."""
    if profile.iin is not None and sex != profile.sex:
        raise Refused(
            _(
                "Your IIN shows a different sex. I take the date of birth and sex from the IIN. "
                "If it has a typo, please send the correct IIN, or tap “{button}”."
            ).format(button=_("Enter my birth date instead")),
            ask=Ask.iin,
        )


def _regions() -> list[tuple[str, str]]:
    return [
        (region.slug, region_name(region.slug))
        for region in regions_in_order(get_i18n().current_locale)
    ]


def _region(slug: str) -> str | None:
    return slug if slug in {region.slug for region in load_rules().regions} else None


def _answer_typed(text: str) -> str | None:
    answer = read_answer(text)
    return None if answer is None else answer.value


def _yes_no_typed(text: str) -> str | None:
    answer = read_yes_no(text)
    return None if answer is None else ("yes" if answer else "no")


def _out_of_work(profile: Profile) -> bool:
    """Whom "did you lose a job?" is put to: an employee still has the job, and to a student,
    a pensioner or the self-employed the question sounds wrong (their card stays "check")."""
    return profile.employment in {
        Employment.UNEMPLOYED_REGISTERED,
        Employment.UNEMPLOYED_UNREGISTERED,
    }


def _lost_a_job(profile: Profile) -> bool:
    """Contributions matter for a job lost: after "no" the card is a no already, and after "I
    don't know" it can no longer be a yes; the Fund checks the contributions by the IIN."""
    return profile.lost_job_recently is Answer.YES


# The situations' tick for "I want to start my own business": the grant and «Бастау Бизнес» ask
# it, and one question with one "None of these" is a tap fewer than two questions.
OWN_BUSINESS = "own_business"


def _situations() -> list[tuple[str, str]]:
    return [
        *((group.value, str(labels.GROUPS[group])) for group in Group),
        (OWN_BUSINESS, _("💼 I want to start my own business")),
    ]


def _situations_ticked(values: Iterable[str]) -> dict[str, object]:
    ticked = set(values)
    return {
        "groups": frozenset(Group(value) for value in ticked if value in set(Group)),
        "wants_own_business": OWN_BUSINESS in ticked,
    }


def _situations_given(profile: Profile) -> list[str]:
    ticks = sorted(group.value for group in profile.groups or ())
    return [*ticks, OWN_BUSINESS] if profile.wants_own_business else ticks


QUESTIONS: tuple[Question, ...] = (
    Question(
        Ask.iin,
        "birth_date",
        __(
            "Please send your IIN (12 digits). It tells us your age; only the career centre "
            "sees it, with your application.\n"
            "If you prefer not to, tap the button below."
        ),
        Typed(
            read_iin,
            OtherWay("no_iin", __("Enter my birth date instead"), ask=Ask.birth_date),
        ),
        change=__("✏️ Birth date / IIN"),
    ),
    Question(
        Ask.birth_date,
        "birth_date",
        __("Please type your date of birth like this: 07.03.1972 (day.month.year)."),
        Typed(read_birth_date),
        asked=Asked.ON_REQUEST,
        # The sex came with the IIN the birth date replaces: asked again, even when known.
        then=Ask.sex,
        from_iin=True,
    ),
    Question(
        Ask.sex,
        "sex",
        __("Are you a man or a woman? The retirement age depends on it."),
        one_of(Sex, labels.SEX),
        change=__("✏️ Sex"),
        from_iin=True,
        check=_sex_agrees_with_the_iin,
    ),
    Question(
        Ask.region,
        "region",
        __(
            "Where do you live? Choose your region or city, or type its name "
            "(page {page} of {pages})."
        ),
        Choice(_regions, _region, per_page=REGIONS_PER_PAGE, typed=read_region),
        change=__("✏️ Region"),
    ),
    Question(
        Ask.employment,
        "employment",
        __("What is your work situation now?"),
        one_of(Employment, labels.EMPLOYMENT),
        change=__("✏️ Work"),
    ),
    Question(
        Ask.lost_job,
        "lost_job_recently",
        __(
            "Have you lost your job in the last months (dismissed, made redundant, your "
            "contract ended)?"
        ),
        one_of(Answer, labels.ANSWER, _answer_typed),
        change=__("✏️ Lost job"),
        asked=Asked.IF_NEEDED,
        only_if=_out_of_work,
    ),
    Question(
        Ask.social_insurance,
        "social_insurance_paid",
        __("Did your employer pay social contributions for you?"),
        one_of(Answer, labels.ANSWER, _answer_typed),
        change=__("✏️ Social contributions"),
        asked=Asked.IF_NEEDED,
        only_if=_lost_a_job,
    ),
    Question(
        Ask.education,
        "education",
        __("What is the highest education you have completed?"),
        one_of(Education, labels.EDUCATION),
        change=__("✏️ Education"),
        asked=Asked.IF_NEEDED,
    ),
    Question(
        Ask.graduation,
        "graduation_date",
        __(
            "When did you finish your studies? Type the date like this: 30.06.2024, "
            "or just the month: 06.2024."
        ),
        Typed(read_graduation),
        change=__("✏️ Graduation date"),
        asked=Asked.IF_NEEDED,
    ),
    Question(
        Ask.experience,
        "has_work_experience",
        __("Have you ever worked officially, with an employment contract?"),
        Choice(
            lambda: [("yes", _("Yes")), ("no", _("No, never"))],
            {"yes": True, "no": False}.get,
            typed=_yes_no_typed,
        ),
        change=__("✏️ Work experience"),
        asked=Asked.IF_NEEDED,
    ),
    Question(
        Ask.profession,
        "profession_sector",
        __("What field is your profession in?"),
        one_of(Sector, labels.SECTOR_CHOICE),
        change=__("✏️ Profession"),
        asked=Asked.IF_NEEDED,
    ),
    Question(
        Ask.groups,
        "groups",
        __(
            "Does any of this apply to you? Some programmes are for these situations. "
            "Tap everything that fits, then tap “Done”."
        ),
        Picks(_situations, _situations_ticked, _situations_given),
        change=__("✏️ Special situations"),
        asked=Asked.IF_NEEDED,
        also=("wants_own_business",),
    ),
)

SUMMARY = Ask.summary
FIRST = QUESTIONS[0].state  # asked afresh, Back's history starts again
QUESTION_OF_STATE: dict[str, Question] = {str(q.state.state): q for q in QUESTIONS}
QUESTION_OF_NAME: dict[str, Question] = {q.name: q for q in QUESTIONS}
STEP_OF_STATE: dict[str, State] = {str(step.state): step for step in Ask.__states__}
STEP_OF_NAME: dict[str, State] = {step_name(step): step for step in Ask.__states__}


def question_of(step: State) -> Question | None:
    """The question asked at `step`; None for the summary."""
    return QUESTION_OF_STATE.get(str(step.state))


def answered(question: Question, profile: Profile) -> bool:
    return all(getattr(profile, field) is not None for field in question.fields)


def _answered_in_part(question: Question, profile: Profile) -> bool:
    return any(getattr(profile, field) is not None for field in question.fields)


def applies(question: Question, profile: Profile) -> bool:
    """Whether the answers given leave this question to be asked (see Question.only_if)."""
    return question.only_if is None or question.only_if(profile)


def without_moot_answers(profile: Profile) -> Profile:
    """The profile without the answers to follow-ups whose question no longer applies (the
    contributions of a job no longer said to be lost): stale, they would mislead the centre."""
    for question in QUESTIONS:  # in order: a follow-up's follow-up sees it dropped
        if _answered_in_part(question, profile) and not applies(question, profile):
            profile = dataclasses.replace(profile, **dict.fromkeys(question.fields))
    return profile


def next_step(profile: Profile, needed: Collection[str]) -> State:
    """The first question not yet answered that matters, or the summary when none is left."""
    for question in QUESTIONS:
        if answered(question, profile) or not applies(question, profile):
            continue
        if question.asked is Asked.ALWAYS:
            return question.state
        if question.asked is Asked.IF_NEEDED and any(f in needed for f in question.fields):
            return question.state
    return SUMMARY


def offers_change(question: Question, profile: Profile) -> bool:
    """Whether the summary has a button to change this answer on its own."""
    if question.change is None or not _answered_in_part(question, profile):
        return False
    return not (question.from_iin and profile.iin is not None)


def changed_at(question: Question, profile: Profile) -> State:
    """The question a change button of `question` asks: an answer given by the IIN (or, for the
    birth date, with no button of its own) is changed at the IIN, so answers stay consistent."""
    if question.from_iin and (question.change is None or profile.iin is not None):
        return Ask.iin
    return question.state


def question(
    step: State,
    profile: Profile,
    *,
    page: int = 0,
    picks: frozenset[str] = frozenset(),
    can_go_back: bool = True,
) -> tuple[str, InlineKeyboardMarkup]:
    """The text and the inline keyboard of one step."""
    asked = question_of(step)
    if asked is None:
        return summary(profile)
    return render(asked, page=page, picks=picks, can_go_back=can_go_back)


def summary(profile: Profile) -> tuple[str, InlineKeyboardMarkup]:
    """The answers, a "change" button per answer that has one, then "Show my programmes"."""
    lines = [_("Please check your answers:"), *answer_lines(profile)]
    builder = InlineKeyboardBuilder()
    changes = 0
    for asked in QUESTIONS:
        if offers_change(asked, profile):
            assert asked.change is not None
            builder.button(text=str(asked.change), callback_data=ChangeAnswer(step=asked.name))
            changes += 1
    builder.button(text=_("Show my programmes ▶️"), callback_data=ShowResults())
    builder.adjust(*([2] * (changes // 2)), *([1] * (changes % 2)), 1)
    return "\n".join(lines), builder.as_markup()
