"""The staff rooms, composed: the staff area (reviewing, the team, the plan, reports, help),
guarded as a whole by `access.StaffOnly`, and the staff chat for what none of them took."""

from __future__ import annotations

from aiogram import Router

from handlers.staff import (
    access,
    commands,
    decisions,
    desk_only,
    menu,
    plan,
    reject_or_ask,
    reports,
    review,
    staff_chat,
    team,
    team_add,
)

__all__ = [
    "access",
    "commands",
    "decisions",
    "desk_only",
    "menu",
    "plan",
    "reject_or_ask",
    "reports",
    "review",
    "routers",
    "staff_chat",
    "staff_chat_router",
    "team",
    "team_add",
]


def routers() -> list[Router]:
    # decisions after review and reject_or_ask: its catch-all for a reason or a note being
    # typed comes after their handlers of the typed text.
    # desk_only first: without JUMYS_STAFF_TELEGRAM=review it takes whatever would show
    # personal data, and the review rooms never see it.
    return [
        desk_only.router(),
        review.router(),
        reject_or_ask.router(),
        decisions.router(),
        team.router(),
        team_add.router(),
        reports.router(),
        plan.router(),
        menu.router(),
    ]


def staff_chat_router() -> Router:
    """The staff chat outside the staff area (see `staff_chat`)."""
    return staff_chat.router()
