"""Every copy of an application's card in staff chats (chat and message id), so that each is
redrawn when the application moves and redacted when the citizen's data goes.

A move queues one redraw per chat in the outbox, in the move's own transaction (an edit that
fails is retried like any message); /forget and retention queue redactions and drop the copies,
so no copy of a card outlives the data it shows. Nothing here holds a citizen's data itself."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.connection import Connector, fetch_all
from bot.storage.models import OutboxDraft
from bot.storage.outbox import enqueue_in

# The outbox kind of an edit of the copies in one chat (bot.outbox.notices.NoticeKind names it).
REDRAW_KIND = "staff_card_redraw"


@dataclass(frozen=True, slots=True)
class CardCopy:
    application_id: int
    chat_id: int
    message_id: int
    language: str


async def _copies(conn: aiosqlite.Connection, app_id: int) -> list[CardCopy]:
    rows = await fetch_all(
        conn,
        "SELECT * FROM card_copies WHERE application_id = ? ORDER BY chat_id, message_id",
        (app_id,),
    )
    return [
        CardCopy(row["application_id"], row["chat_id"], row["message_id"], row["language"])
        for row in rows
    ]


async def _queue(
    conn: aiosqlite.Connection,
    app_id: int,
    now: datetime,
    event_id: int | None,
    *,
    redact: bool,
) -> None:
    by_chat: dict[tuple[int, str], list[int]] = {}
    for copy in await _copies(conn, app_id):
        by_chat.setdefault((copy.chat_id, copy.language), []).append(copy.message_id)
    for (chat_id, language), message_ids in sorted(by_chat.items()):
        payload = {"application_id": app_id, "message_ids": message_ids, "redact": redact}
        await enqueue_in(conn, OutboxDraft(chat_id, REDRAW_KIND, payload, language), now, event_id)


async def redraw_copies(
    conn: aiosqlite.Connection, app_id: int, now: datetime, event_id: int
) -> None:
    """The application moved (event `event_id`): every copy is redrawn as it is now."""
    await _queue(conn, app_id, now, event_id, redact=False)


async def redact_copies(
    conn: aiosqlite.Connection, app_ids: Collection[int], now: datetime
) -> None:
    """The citizen's data is going: every copy is edited to say so, and forgotten here."""
    for app_id in app_ids:
        await _queue(conn, app_id, now, None, redact=True)
        await conn.execute("DELETE FROM card_copies WHERE application_id = ?", (app_id,))


class Cards:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def keep(self, app_id: int, chat_id: int, message_id: int, language: str) -> None:
        """A card was sent (or a message became one): it is redrawn from now on."""
        await self._db.write(
            lambda conn: conn.execute(
                "INSERT INTO card_copies (application_id, chat_id, message_id, language)"
                " SELECT id, ?, ?, ? FROM applications WHERE id = ? AND user_id IS NOT NULL"
                " ON CONFLICT (chat_id, message_id) DO UPDATE SET language = excluded.language",
                (chat_id, message_id, language, app_id),
            )
        )

    async def copies(self, app_id: int) -> list[CardCopy]:
        return await self._db.read(lambda conn: _copies(conn, app_id))
