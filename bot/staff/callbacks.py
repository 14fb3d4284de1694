"""Staff button payloads. Every one is checked again on the server: buttons can be forged."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# Application ids are SQLite integers: a forged larger number is not an id (and would overflow).
APP_ID_LIMIT = 2**63
AppId = Annotated[int, Field(ge=1, lt=APP_ID_LIMIT)]
# A Telegram user id (0: none chosen yet) and a page number, as bounded.
UserId = Annotated[int, Field(ge=0, lt=APP_ID_LIMIT)]
Page = Annotated[int, Field(ge=0, le=1000)]


def is_app_id(value: int) -> bool:
    return 1 <= value < APP_ID_LIMIT


class ReviewAction(StrEnum):
    TAKE = "take"
    APPROVE = "ok"  # asks "approve?" first
    APPROVE_YES = "oky"
    REJECT = "no"  # asks for a reason
    ASK = "ask"  # asks for a question
    REJECT_WITH = "nor"  # a common reason chosen: `code`
    ASK_WITH = "askr"
    NOTE = "note"
    RELEASE = "rel"
    CANCEL = "cxl"
    SHOW = "show"


class Review(CallbackData, prefix="rv"):
    action: ReviewAction
    app_id: AppId
    code: str = ""


class TeamAction(StrEnum):
    LIST = "list"
    ADD_REVIEWER = "add"
    ADD_SUPERVISOR = "sup"
    SHOW = "show"
    PICK_REGION = "reg"  # toggles one region of a reviewer: `region`
    REGION_PAGE = "page"
    ROLE = "role"  # reviewer <-> supervisor
    REMOVE = "rm"
    REMOVE_YES = "rmy"


class Team(CallbackData, prefix="tm"):
    action: TeamAction
    user_id: UserId = 0
    region: str = ""
    page: Page = 0


class PlanPick(CallbackData, prefix="pl"):
    """/plan: a programme, then a region (with pages), then the figure is typed."""

    programme: str = ""
    region: str = ""
    page: Page = 0


class ExportPeriod(StrEnum):
    THIS_MONTH = "m"
    LAST_MONTH = "lm"
    THIS_YEAR = "y"
    EVERYTHING = "all"


class ExportPick(CallbackData, prefix="ex"):
    period: ExportPeriod


# Every staff payload prefix: a citizen pressing (or forging) any of them is refused.
STAFF_PREFIXES: tuple[str, ...] = tuple(
    f"{kind.__prefix__}:" for kind in (Review, Team, PlanPick, ExportPick)
)
