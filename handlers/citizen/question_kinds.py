"""What a question of the questionnaire is: its entry in the table, the kinds of answer it
takes (typed text, one button, any number of ticks), and the buttons each kind shows."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum, auto
from typing import Any, ClassVar, TypeVar

from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.support import LazyProxy

from bot.i18n import _
from bot.rules.model import Profile
from bot.words.buttons import Page


class Answer(CallbackData, prefix="ans"):
    """A button answer to a question: `step` is the question's name, `value` the option's."""

    step: str
    value: str


class Nav(CallbackData, prefix="nav"):
    """Moves inside the questionnaire: back, pages, "without IIN", "none of these", "done"."""

    action: str
    page: Page = 0


class ChangeAnswer(CallbackData, prefix="chg"):
    step: str


class ShowResults(CallbackData, prefix="res"):
    pass


E = TypeVar("E", bound=StrEnum)


class Asked(Enum):
    ALWAYS = auto()  # until answered: an application needs it
    IF_NEEDED = auto()  # until answered, when some programme's verdict depends on the field
    ON_REQUEST = auto()  # only when another question leads to it


# A typed answer read into the profile; handlers.citizen.typed_answers.Refused says why not.
Reader = Callable[[str, Profile, date], Profile]
# The buttons' (value, label) pairs in the order shown, labels in the current language.
Options = Callable[[], Sequence[tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class OtherWay:
    """A button under a typed question that asks another question instead."""

    action: str  # the Nav action on the button
    label: LazyProxy
    ask: State


@dataclass(frozen=True, slots=True)
class Typed:
    read: Reader
    other_way: OtherWay | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One button per option; `read` gives the field's value of a pressed one (None for a value
    the question does not offer: an old or forged button). With `per_page`, the options come in
    pages with arrows, and the question's text says which page ({page} of {pages})."""

    options: Options
    read: Callable[[str], object | None]
    per_page: int = 0
    # Text typed instead of a tap («Павлодар», «да», «жоқ»): the option's value it names, or
    # None (then the fallback asks for the buttons).
    typed: Callable[[str], str | None] | None = None


@dataclass(frozen=True, slots=True)
class Picks:
    """Tick any number of options, then "Done" or "None of these" (one tap); `read` makes the
    values of the question's fields of the values ticked, `ticks` the ticks of an answer given
    (shown when the question is asked again)."""

    options: Options
    read: Callable[[Iterable[str]], Mapping[str, object]]
    ticks: Callable[[Profile], Iterable[str]]
    # The payloads older messages carry; a state filter tells one question's from another's.
    NONE: ClassVar[str] = "groups_none"
    DONE: ClassVar[str] = "groups_done"


@dataclass(frozen=True, slots=True)
class Question:
    """One question: everything the questionnaire knows about it, in one entry."""

    state: State  # Ask.<name>; the name is the question's in buttons and in Back's history
    field: str  # the profile field it answers (answered: the field is not None)
    text: LazyProxy
    kind: Typed | Choice | Picks
    change: LazyProxy | None = None  # the summary's button to change the answer; None: none
    asked: Asked = Asked.ALWAYS
    then: State | None = None  # asked right after this one is answered, whatever the profile
    # Given by the IIN (birth date, sex): with an IIN, changed only by changing the IIN.
    from_iin: bool = False
    # May refuse a button answer that contradicts the others (Refused, as a typed answer).
    check: Callable[[Profile, object], None] | None = None
    # Besides `asked`: a follow-up is asked only while the answers it follows allow it ("were
    # contributions paid?" only after "yes, I lost a job"), and its answer is dropped when they
    # no longer do, so neither the summary nor the application keeps a stale answer.
    only_if: Callable[[Profile], bool] | None = None
    # More fields the same answer gives (the situations' ticks say whether a business is
    # wanted too): answered when all are, asked when a verdict needs any.
    also: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return step_name(self.state)

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field, *self.also)


def step_name(step: State) -> str:
    """ "Ask:region" → "region": the step's name in buttons and in Back's history."""
    return str(step.state).split(":", 1)[1]


def one_of(
    enum: type[E],
    names: Mapping[E, LazyProxy],
    typed: Callable[[str], str | None] | None = None,
) -> Choice:
    """A button per member of `enum`, in its order, named from `names`."""
    return Choice(
        options=lambda: [(member.value, str(names[member])) for member in enum],
        read=lambda value: enum(value) if value in set(enum) else None,
        typed=typed,
    )


class TypedChoice(Filter):
    """Text typed at a question of buttons that names one of them: the handler gets `value`."""

    def __init__(self, question: Question) -> None:
        assert isinstance(question.kind, Choice) and question.kind.typed is not None
        self.typed = question.kind.typed

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        value = self.typed(message.text or "")
        return False if value is None else {"value": value}


def back_button(builder: InlineKeyboardBuilder) -> None:
    builder.button(text=_("⬅️ Back"), callback_data=Nav(action="back"))


def render(
    question: Question, *, page: int, picks: frozenset[str], can_go_back: bool
) -> tuple[str, InlineKeyboardMarkup]:
    """The question's text and buttons: `page` of a paged choice, `picks` ticked."""
    builder = InlineKeyboardBuilder()
    text = str(question.text)
    kind = question.kind
    rows: list[int] = []
    if isinstance(kind, Typed) and kind.other_way is not None:
        builder.button(
            text=str(kind.other_way.label), callback_data=Nav(action=kind.other_way.action)
        )
    elif isinstance(kind, Choice):
        options = kind.options()
        if kind.per_page:
            pages = math.ceil(len(options) / kind.per_page)
            page = max(0, min(page, pages - 1))
            text = text.format(page=page + 1, pages=pages)
            options = options[page * kind.per_page : (page + 1) * kind.per_page]
        for value, label in options:
            builder.button(text=label, callback_data=Answer(step=question.name, value=value))
        if kind.per_page:
            if page > 0:
                builder.button(
                    text=_("◀️ Previous"), callback_data=Nav(action="page", page=page - 1)
                )
            if page < pages - 1:
                builder.button(text=_("Next ▶️"), callback_data=Nav(action="page", page=page + 1))
            # One option per row, then the page arrows side by side, then Back.
            rows = [*([1] * len(options)), (page > 0) + (page < pages - 1), 1]
    elif isinstance(kind, Picks):
        for value, label in kind.options():
            mark = "✅ " if value in picks else ""
            builder.button(text=mark + label, callback_data=Answer(step=question.name, value=value))
        builder.button(text=_("None of these"), callback_data=Nav(action=Picks.NONE))
        builder.button(text=_("Done ✔️"), callback_data=Nav(action=Picks.DONE))
    if can_go_back:
        back_button(builder)
    builder.adjust(*(rows or [1]))
    return text, builder.as_markup()
