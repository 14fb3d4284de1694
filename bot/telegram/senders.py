"""Only people are served: an update without a sender, from a bot account, or with ids no
Telegram account has (beyond 64 bits, zero or below) is not handled at all.

Every handler asks who is talking (their language, their consent, their conversation, whether
they are staff) and our tables key everything by that id. A message without `from` (a channel
post, an anonymous admin's message forwarded in) or from a bot has no such person; ids beyond
SQLite's integers cannot be stored. Such updates are dropped before any handler, conversation or
flood budget sees them, so however many come they cost one log line each ("ignored").
"""

from __future__ import annotations

from typing import Any

from aiogram.types import TelegramObject

from bot.telegram.middlewares import NextHandler, UpdateMiddleware, event_chat, event_user
from bot.telegram.update_log import UPDATE_NOTE, UpdateNote

# SQLite's INTEGER is 64-bit signed.
LARGEST_ID = 2**63 - 1


def _storable(value: int) -> bool:
    return -LARGEST_ID <= value <= LARGEST_ID


class PeopleOnly(UpdateMiddleware):
    """Outer update middleware: updates not from a person are ignored."""

    async def __call__(
        self, handler: NextHandler, event: TelegramObject, data: dict[str, Any]
    ) -> Any:
        user = event_user(data)
        chat = event_chat(data)
        person = (
            user is not None
            and not user.is_bot
            and 0 < user.id <= LARGEST_ID
            and (chat is None or _storable(chat.id))
        )
        if person:
            return await handler(event, data)
        note = data.get(UPDATE_NOTE)
        if isinstance(note, UpdateNote):
            note.outcome = "ignored"
        return None
