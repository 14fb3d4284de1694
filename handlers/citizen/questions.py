"""What each questionnaire step says and which buttons it shows."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import _, get_i18n
from bot.rules import load_rules
from bot.rules.model import Education, Employment, Group, Profile, Sex
from bot.words import labels
from bot.words.answers import answer_lines
from bot.words.names import REGIONS_PER_PAGE, region_name, region_pages, regions_in_order
from handlers.citizen.states import Step


class Answer(CallbackData, prefix="ans"):
    """A button answer to a questionnaire step: `value` is an enum value or a region slug."""

    step: str
    value: str


class Nav(CallbackData, prefix="nav"):
    """Moves inside the questionnaire: back, pages, "without IIN", "none of these", "done"."""

    action: str
    page: int = 0


class ChangeAnswer(CallbackData, prefix="chg"):
    step: str


class ShowResults(CallbackData, prefix="res"):
    pass


E = TypeVar("E", bound=StrEnum)


def back_button(builder: InlineKeyboardBuilder) -> None:
    builder.button(text=_("⬅️ Back"), callback_data=Nav(action="back"))


def _choices(
    builder: InlineKeyboardBuilder, step: Step, enum: type[E], names: Mapping[E, object]
) -> None:
    """One button per answer, in the enum's order."""
    for value in enum:
        builder.button(text=str(names[value]), callback_data=Answer(step=step, value=value))


def question(
    step: Step,
    profile: Profile,
    *,
    page: int = 0,
    picks: frozenset[str] = frozenset(),
    can_go_back: bool = True,
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and the inline keyboard of one step."""
    if step is Step.SUMMARY:
        return summary(profile)
    return _question(step, get_i18n().current_locale, page, picks, can_go_back)


@lru_cache(maxsize=1024)
def _question(
    step: Step, locale: str, page: int, picks: frozenset[str], can_go_back: bool
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Built once per language and situation: a keyboard of 10 buttons costs more to build
    than the rest of an update (bench/conversation.py), and the markup is immutable."""
    builder = InlineKeyboardBuilder()
    text: str
    if step is Step.IIN:
        text = _(
            "Please send your IIN (12 digits). It tells us your age; only the career centre "
            "sees it, with your application.\n"
            "If you prefer not to, tap the button below."
        )
        builder.button(text=_("Enter my birth date instead"), callback_data=Nav(action="no_iin"))
    elif step is Step.BIRTH_DATE:
        text = _("Please type your date of birth like this: 07.03.1972 (day.month.year).")
    elif step is Step.SEX:
        text = _("Are you a man or a woman? The retirement age depends on it.")
        _choices(builder, step, Sex, labels.SEX)
    elif step is Step.REGION:
        regions = regions_in_order(locale)
        pages = region_pages()
        page = max(0, min(page, pages - 1))
        text = _("Where do you live? Choose your region or city (page {page} of {pages}).").format(
            page=page + 1, pages=pages
        )
        start = page * REGIONS_PER_PAGE
        for region in regions[start : start + REGIONS_PER_PAGE]:
            builder.button(
                text=region_name(region.slug), callback_data=Answer(step=step, value=region.slug)
            )
        if page > 0:
            builder.button(text=_("◀️ Previous"), callback_data=Nav(action="page", page=page - 1))
        if page < pages - 1:
            builder.button(text=_("Next ▶️"), callback_data=Nav(action="page", page=page + 1))
    elif step is Step.EMPLOYMENT:
        text = _("What is your work situation now?")
        _choices(builder, step, Employment, labels.EMPLOYMENT)
    elif step is Step.EDUCATION:
        text = _("What is the highest education you have completed?")
        _choices(builder, step, Education, labels.EDUCATION)
    elif step is Step.GRADUATION:
        text = _(
            "When did you finish your studies? Type the date like this: 30.06.2024, "
            "or just the month: 06.2024."
        )
    elif step is Step.EXPERIENCE:
        text = _("Have you ever worked officially, with an employment contract?")
        builder.button(text=_("Yes"), callback_data=Answer(step=step, value="yes"))
        builder.button(text=_("No, never"), callback_data=Answer(step=step, value="no"))
    elif step is Step.GROUPS:
        text = _(
            "Does any of this apply to you? Some programmes are for these situations. "
            "Tap everything that fits, then tap “Done”."
        )
        for group in Group:
            mark = "✅ " if group.value in picks else ""
            builder.button(
                text=mark + str(labels.GROUPS[group]),
                callback_data=Answer(step=step, value=group),
            )
        builder.button(text=_("None of these"), callback_data=Nav(action="groups_none"))
        builder.button(text=_("Done ✔️"), callback_data=Nav(action="groups_done"))
    if can_go_back:
        back_button(builder)
    builder.adjust(1)
    if step is Step.REGION:
        # One region per row, then the page arrows side by side, then Back.
        shown = min(REGIONS_PER_PAGE, len(load_rules().regions) - page * REGIONS_PER_PAGE)
        arrows = (page > 0) + (page < region_pages() - 1)
        builder.adjust(*([1] * shown), arrows, 1)
    return text, builder.as_markup()


def summary(profile: Profile) -> tuple[str, InlineKeyboardMarkup]:
    lines = [_("Please check your answers:"), *answer_lines(profile)]
    answered = frozenset(
        step
        for step, value in (
            (Step.IIN, profile.birth_date),
            # With an IIN the sex comes from it: changed only by changing the IIN.
            (Step.SEX, profile.sex if profile.iin is None else None),
            (Step.REGION, profile.region),
            (Step.EMPLOYMENT, profile.employment),
            (Step.EDUCATION, profile.education),
            (Step.GRADUATION, profile.graduation_date),
            (Step.EXPERIENCE, profile.has_work_experience),
            (Step.GROUPS, profile.groups),
        )
        if value is not None
    )
    return "\n".join(lines), _summary_keyboard(answered, get_i18n().current_locale)


# The order of the summary's "change" buttons.
_CHANGEABLE = (
    Step.IIN,
    Step.SEX,
    Step.REGION,
    Step.EMPLOYMENT,
    Step.EDUCATION,
    Step.GRADUATION,
    Step.EXPERIENCE,
    Step.GROUPS,
)


@lru_cache(maxsize=256)
def _summary_keyboard(answered: frozenset[Step], locale: str) -> InlineKeyboardMarkup:
    """A "change" button per answered step, then "Show my programmes": built once per language
    and set of answered steps, and shared (a markup is never changed once built)."""
    labels_of_step = {
        Step.IIN: _("✏️ Birth date / IIN"),
        Step.SEX: _("✏️ Sex"),
        Step.REGION: _("✏️ Region"),
        Step.EMPLOYMENT: _("✏️ Work"),
        Step.EDUCATION: _("✏️ Education"),
        Step.GRADUATION: _("✏️ Graduation date"),
        Step.EXPERIENCE: _("✏️ Work experience"),
        Step.GROUPS: _("✏️ Special situations"),
    }
    builder = InlineKeyboardBuilder()
    for step in _CHANGEABLE:
        if step in answered:
            builder.button(text=labels_of_step[step], callback_data=ChangeAnswer(step=step))
    changes = len(answered)
    builder.button(text=_("Show my programmes ▶️"), callback_data=ShowResults())
    builder.adjust(*([2] * (changes // 2)), *([1] * (changes % 2)), 1)
    return builder.as_markup()
