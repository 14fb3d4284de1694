"""The citizen's rooms in private chats, composed into one router (`router()`)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from handlers.citizen import (
    account,
    applying,
    consent,
    fallback,
    help,
    phone,
    privacy,
    questionnaire,
    results,
    start,
    summary,
)
from handlers.citizen.repair import ask_again_when_unreadable


def router() -> Router:
    """Private chats. Order matters: commands first, then unknown commands, then the steps,
    then the fallbacks."""
    area = Router(name="citizen")
    area.message.filter(F.chat.type == ChatType.PRIVATE)
    area.edited_message.filter(F.chat.type == ChatType.PRIVATE)
    area.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    for observer in (area.message, area.edited_message, area.callback_query):
        observer.middleware(ask_again_when_unreadable)
    area.include_routers(
        start.router(),
        help.router(),
        account.router(),
        summary.router(),
        privacy.router(),
        fallback.commands_router(),
        consent.router(),
        questionnaire.router(),
        results.router(),
        phone.router(),
        applying.router(),
        fallback.router(),
    )
    return area
