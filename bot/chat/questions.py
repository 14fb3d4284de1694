"""What each questionnaire step says and which buttons it shows."""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from aiogram.types import InlineKeyboardMarkup

from bot.chat.callbacks import Answer, ChangeAnswer, Nav, ShowResults
from bot.chat.keyboards import KeyboardBuilder
from bot.chat.steps import Step
from bot.i18n import _, get_i18n
from bot.rules import Region, load_rules
from bot.rules.model import Education, Employment, Group, Profile, Sex
from bot.words import labels
from bot.words.formatting import personal_day, personal_month

REGIONS_PER_PAGE = 7
E = TypeVar("E", bound=StrEnum)


def region_name(slug: str | None) -> str:
    for region in load_rules().regions:
        if region.slug == slug:
            return str(region.name.get(get_i18n().current_locale, region.name["ru"]))
    return slug or "—"


# Kazakh letters in Russian names ("область Жетісу", "область Ұлытау"), read as the Russian
# letter they are written for, so that they sort among the others.
_AS_RUSSIAN = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІё", "агкноуухиАГКНОУУХИе")


@lru_cache(maxsize=4)
def regions_in_order(locale: str) -> tuple[Region, ...]:
    """The three cities first, then the regions in the alphabetical order of the language the
    citizen reads: the data lists them in Kazakh order, where West (Батыс) follows Atyrau and
    East (Шығыс) comes last, hard to find for someone reading Russian."""
    regions = load_rules().regions
    if locale == "kk":
        return regions
    cities = tuple(region for region in regions if region.slug.endswith("_city"))

    def russian_order(region: Region) -> str:
        name = region.name.get(locale, region.name["ru"]).replace("область", "")
        return name.strip().lower().translate(_AS_RUSSIAN)

    rest = sorted((region for region in regions if region not in cities), key=russian_order)
    return (*cities, *rest)


def region_pages() -> int:
    return math.ceil(len(load_rules().regions) / REGIONS_PER_PAGE)


def back_button(builder: KeyboardBuilder) -> None:
    builder.button(text=_("⬅️ Back"), callback_data=Nav(action="back"))


def _choices(
    builder: KeyboardBuilder, step: Step, enum: type[E], names: Mapping[E, object]
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
    builder = KeyboardBuilder()
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


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def answer_lines(profile: Profile) -> list[str]:
    """The answers given, one line each, as the summary shows them (and /privacy too)."""
    lines: list[str] = []
    if profile.birth_date is not None:
        lines.append(_("Date of birth: {date}").format(date=personal_day(profile.birth_date)))
    if profile.sex is not None:
        lines.append(_("Sex: {sex}").format(sex=labels.label(labels.SEX, profile.sex)))
    if profile.region is not None:
        lines.append(_("Region: {region}").format(region=region_name(profile.region)))
    if profile.employment is not None:
        lines.append(
            _("Work: {employment}").format(
                employment=labels.label(labels.EMPLOYMENT, profile.employment)
            )
        )
    if profile.education is not None:
        lines.append(
            _("Education: {education}").format(
                education=labels.label(labels.EDUCATION, profile.education)
            )
        )
    if profile.graduation_date is not None:
        finished = personal_month(profile.graduation_date)
        lines.append(_("Finished studies: {date}").format(date=finished))
    if profile.has_work_experience is not None:
        lines.append(
            _("Worked officially before: {answer}").format(
                answer=_yes_no(profile.has_work_experience)
            )
        )
    if profile.groups is not None:
        situations = (
            ", ".join(labels.label(labels.GROUPS, g) for g in sorted(profile.groups))
            if profile.groups
            else _("none")
        )
        lines.append(_("Special situations: {situations}").format(situations=situations))
    return lines


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
    builder = KeyboardBuilder()
    for step in _CHANGEABLE:
        if step in answered:
            builder.button(text=labels_of_step[step], callback_data=ChangeAnswer(step=step))
    changes = len(answered)
    builder.button(text=_("Show my programmes ▶️"), callback_data=ShowResults())
    builder.adjust(*([2] * (changes // 2)), *([1] * (changes % 2)), 1)
    return builder.as_markup()
