"""Staff button payloads. Every one is checked again on the server: buttons can be forged."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from bot.outbox.card import Review


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
    user_id: int = 0
    region: str = ""
    page: int = 0


class PlanPick(CallbackData, prefix="pl"):
    """/plan: a programme, then a region (with pages), then the figure is typed."""

    programme: str = ""
    region: str = ""
    page: int = 0


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
