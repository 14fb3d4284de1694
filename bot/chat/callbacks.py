"""Button payloads: short prefixes and ids only (Telegram allows 64 bytes), never text."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class LanguageChoice(CallbackData, prefix="lang"):
    code: str


class ConsentChoice(CallbackData, prefix="cons"):
    agree: bool


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


class ApplyFor(CallbackData, prefix="apply"):
    programme: str


class ApplyNav(CallbackData, prefix="apn"):
    """Inside an application: skip the comment, go back a step, submit."""

    action: str
    programme: str


class MyApplication(CallbackData, prefix="my"):
    """Actions on one of the citizen's applications: withdraw (ask, yes, no), answer a question."""

    action: str
    app_id: int


class Menu(CallbackData, prefix="menu"):
    action: str


class ForgetChoice(CallbackData, prefix="forget"):
    confirm: bool
