"""Button payloads: short prefixes and ids only (Telegram allows 64 bytes), never text."""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# A stored row's id (SQLite's 64-bit INTEGER): a forged button with a longer number is no button
# of ours, and is answered as an old one.
RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]


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
    page: Annotated[int, Field(ge=0, le=1000)] = 0


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
    app_id: RowId


class Menu(CallbackData, prefix="menu"):
    action: str


class ForgetChoice(CallbackData, prefix="forget"):
    confirm: bool
