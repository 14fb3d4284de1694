"""The staff relay: new events in the application log become messages to staff, via the outbox.

Why a relay over the event log rather than a message written by each citizen handler: the
event is written in the same transaction as the submission (or answer, or withdrawal), so once a
citizen sees "sent", the event is on disk. The relay reads events after its cursor and, in ONE
transaction, queues the staff messages and moves the cursor: a crash before that commit leaves
the cursor where it was and the next pass does the work again; the outbox's unique
(event, kind, chat) key makes a repeated pass queue nothing twice. Nothing is lost, nothing is
announced twice, and the citizen conversation needs no knowledge of staff routing.

The same pass returns expired claims to the queue (so the reviewer hears about it even when
nobody opens the queue).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

import aiosqlite

from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES
from bot.outbox.notices import NoticeKind
from bot.rules import load_rules
from bot.settings import Settings
from bot.storage.codec import time_to_db
from bot.storage.connection import Connector, fetch_all, fetch_one
from bot.storage.database import Database
from bot.storage.models import (
    ActorRole,
    AppStatus,
    Event,
    OutboxDraft,
    OutboxMessage,
    SystemReason,
)
from bot.storage.outbox import enqueue_in
from bot.storage.rows import event_from_row
from bot.storage.staff import StaffRole, mark_unreachable, reviewers_of
from bot.storage.transitions import release_expired_claims
from bot.words.desk import NOTIFY, StaffTelegram

BATCH = 200


@dataclass(frozen=True, slots=True)
class StaffRouting:
    """Where staff messages go: one staff group chat, or each reviewer privately."""

    staff_chat: int | None
    staff_chat_language: str
    admins: Collection[int]  # get new applications when no reviewer serves the region
    telegram: StaffTelegram = NOTIFY  # notices linking the desk, or the review itself


def staff_telegram(settings: Settings) -> StaffTelegram:
    return StaffTelegram(review=settings.staff_telegram == "review", desk_url=settings.desk_url)


def routing_from(settings: Settings) -> StaffRouting:
    return StaffRouting(
        settings.staff_chat, settings.staff_chat_language, settings.admins, staff_telegram(settings)
    )


async def staff_language(conn: aiosqlite.Connection, user_id: int) -> str:
    """The language this staff member last used with the bot (kept by the staff filter)."""
    [row] = await fetch_all(
        conn,
        "SELECT COALESCE(s.language, u.language) AS language FROM (SELECT ? AS id) AS who"
        " LEFT JOIN staff s ON s.user_id = who.id LEFT JOIN users u ON u.id = who.id",
        (user_id,),
    )
    language = row["language"]
    return str(language) if language in LANGUAGES else DEFAULT_LANGUAGE


async def _last_actor(
    conn: aiosqlite.Connection, app_id: int, before: int, to: AppStatus
) -> int | None:
    """Who last moved the application to `to` before event `before` (e.g. who asked)."""
    row = await fetch_one(
        conn,
        "SELECT actor_id FROM events WHERE application_id = ? AND id < ? AND to_status = ?"
        " AND actor_role = 'staff' ORDER BY id DESC LIMIT 1",
        (app_id, before, to),
    )
    return None if row is None else row["actor_id"]


async def _to_reviewer(
    conn: aiosqlite.Connection,
    reviewer_id: int | None,
    kind: NoticeKind,
    event: Event,
    routing: StaffRouting,
) -> list[OutboxDraft]:
    """A message about one reviewer's application: in the staff chat if there is one (where
    the whole team sees it and anyone can take the application), else to them privately."""
    if reviewer_id is None:
        return []
    payload = {
        "application_id": event.application_id,
        "event_id": event.id,
        "staff_id": reviewer_id,
    }
    if routing.staff_chat is not None:
        return [OutboxDraft(routing.staff_chat, kind, payload, routing.staff_chat_language)]
    return [OutboxDraft(reviewer_id, kind, payload, await staff_language(conn, reviewer_id))]


async def drafts_for(
    conn: aiosqlite.Connection, event: Event, routing: StaffRouting
) -> list[OutboxDraft]:
    """The staff messages one event calls for (inside the relay's transaction)."""
    app_id = event.application_id
    if event.from_status is None and event.to_status is AppStatus.QUEUED:
        return await _new_card(conn, app_id, routing)
    if event.actor_role is ActorRole.CITIZEN and event.from_status is AppStatus.NEEDS_INFO:
        asker = await _last_actor(conn, app_id, event.id, AppStatus.NEEDS_INFO)
        answered = event.to_status in (AppStatus.QUEUED, AppStatus.IN_REVIEW)
        kind = NoticeKind.STAFF_ANSWER if answered else NoticeKind.STAFF_WITHDRAWN
        return await _to_reviewer(conn, asker, kind, event, routing)
    if event.reason == SystemReason.USER_FORGOTTEN and event.from_status in (
        AppStatus.IN_REVIEW,
        AppStatus.NEEDS_INFO,
    ):
        # Someone was working on it: without a word they would wait for an answer forever.
        reviewer = await _last_actor(conn, app_id, event.id, event.from_status)
        return await _to_reviewer(conn, reviewer, NoticeKind.STAFF_FORGOTTEN, event, routing)
    if event.reason == SystemReason.NO_ANSWER:
        # The question was never answered, even after the reminder: the one who asked hears it.
        asker = await _last_actor(conn, app_id, event.id, AppStatus.NEEDS_INFO)
        return await _to_reviewer(conn, asker, NoticeKind.STAFF_NO_ANSWER, event, routing)
    if event.reason == SystemReason.CLAIM_EXPIRED:
        holder = await _last_actor(conn, app_id, event.id, AppStatus.IN_REVIEW)
        if routing.staff_chat is None and not await _on_staff(conn, holder, routing):
            # Removed from the staff meanwhile: the region's reviewers hear of it as new.
            return await _new_card(conn, app_id, routing)
        return await _to_reviewer(conn, holder, NoticeKind.STAFF_EXPIRED, event, routing)
    return []


async def _new_card(
    conn: aiosqlite.Connection, app_id: int, routing: StaffRouting
) -> list[OutboxDraft]:
    """An application waiting to be taken: in the staff chat, else to each of its region's
    reviewers (else the admins)."""
    payload = {"application_id": app_id}
    if routing.staff_chat is not None:
        language = routing.staff_chat_language
        return [OutboxDraft(routing.staff_chat, NoticeKind.STAFF_CARD, payload, language)]
    [row] = await fetch_all(conn, "SELECT region FROM applications WHERE id = ?", (app_id,))
    # A reviewer Telegram refuses (never pressed Start) would get nothing: colleagues do.
    reviewers = await reviewers_of(conn, row["region"])
    recipients = [member.user_id for member in reviewers if member.reachable]
    if not recipients:
        recipients = sorted(routing.admins)
    return [
        OutboxDraft(user_id, NoticeKind.STAFF_CARD, payload, await staff_language(conn, user_id))
        for user_id in recipients
    ]


async def _on_staff(conn: aiosqlite.Connection, user_id: int | None, routing: StaffRouting) -> bool:
    if user_id is None:
        return False
    if user_id in routing.admins:
        return True
    return await fetch_one(conn, "SELECT 1 FROM staff WHERE user_id = ?", (user_id,)) is not None


async def tell_member_lost(
    connector: Connector, message: OutboxMessage, routing: StaffRouting
) -> None:
    """Telegram refused a staff member's private chat for good (the Bot API's 403: they never
    pressed Start, or blocked the bot): the admins are told, once until the member writes to
    the bot again, and the member serves no region meanwhile (`unserved_regions`)."""
    if message.chat_id == routing.staff_chat or not str(message.kind).startswith("staff_"):
        return

    async def mark(conn: aiosqlite.Connection) -> None:
        now = connector.now()
        if not await mark_unreachable(conn, message.chat_id, now):
            return  # already known, or not on the staff (an admin)
        row = await fetch_one(conn, "SELECT * FROM events WHERE id = ?", (message.event_id,))
        if message.kind == NoticeKind.STAFF_CARD and row is not None:
            # The card they missed: to the colleagues who serve the region, else the admins
            # (those who had it already are not sent it twice: same event, kind and chat).
            private = dataclasses.replace(routing, staff_chat=None)
            for draft in await drafts_for(conn, event_from_row(row), private):
                await enqueue_in(conn, draft, now, message.event_id)
        payload = {
            "application_id": message.payload.get("application_id"),
            "staff_id": message.chat_id,
        }
        for admin in sorted(set(routing.admins) - {message.chat_id}):
            notice = OutboxDraft(
                admin, NoticeKind.STAFF_MEMBER_LOST, payload, await staff_language(conn, admin)
            )
            await enqueue_in(conn, notice, now, message.event_id)

    await connector.write(mark)


async def tell_unreachable(
    connector: Connector, message: OutboxMessage, routing: StaffRouting
) -> None:
    """A decision or question the citizen will never get (they blocked the bot, or the chat
    is gone): the staff member who made it is told, so that they can phone instead."""
    if message.kind != NoticeKind.DECISION or message.event_id is None:
        return

    async def queue(conn: aiosqlite.Connection) -> None:
        row = await fetch_one(conn, "SELECT * FROM events WHERE id = ?", (message.event_id,))
        if row is None:
            return
        event = event_from_row(row)
        if event.actor_role is not ActorRole.STAFF:
            return
        for draft in await _to_reviewer(
            conn, event.actor_id, NoticeKind.STAFF_UNREACHABLE, event, routing
        ):
            await enqueue_in(conn, draft, connector.now(), event.id)

    await connector.write(queue)


# The admins hear that the staff chat refuses the bot at most this often.
STAFF_CHAT_LOST_EVERY = timedelta(hours=1)


async def reroute_from_staff_chat(
    connector: Connector,
    message: OutboxMessage,
    routing: StaffRouting,
    problem: str,
    new_chat_id: int | None = None,
) -> None:
    """The staff chat refused a message for good (the bot was removed, the chat is gone, or it
    became a supergroup with a new id): what it carried goes to the reviewers privately, as
    without a staff chat, and the admins are told what to put right (at most once an hour)."""
    if message.event_id is None:
        return
    private = dataclasses.replace(routing, staff_chat=None)

    async def queue(conn: aiosqlite.Connection) -> None:
        row = await fetch_one(conn, "SELECT * FROM events WHERE id = ?", (message.event_id,))
        if row is None:
            return
        event = event_from_row(row)
        now = connector.now()
        staff_id = message.payload.get("staff_id")
        if isinstance(staff_id, int):  # about one reviewer's work (an answer, "please call")
            language = await staff_language(conn, staff_id)
            again = [OutboxDraft(staff_id, message.kind, message.payload, language)]
        else:  # a card: to the region's reviewers
            drafts = await drafts_for(conn, event, private)
            again = [d for d in drafts if d.kind == message.kind]
        for draft in again:
            await enqueue_in(conn, draft, now, event.id)
        told = await fetch_one(
            conn,
            "SELECT 1 FROM outbox WHERE kind = ? AND created_at > ? LIMIT 1",
            (NoticeKind.STAFF_CHAT_LOST, time_to_db(now - STAFF_CHAT_LOST_EVERY)),
        )
        if told is not None:
            return
        payload = {
            "application_id": event.application_id,
            "staff_chat": routing.staff_chat,
            "problem": problem[:200],
            "new_chat_id": new_chat_id,
        }
        for admin in sorted(routing.admins):
            language = await staff_language(conn, admin)
            notice = OutboxDraft(admin, NoticeKind.STAFF_CHAT_LOST, payload, language)
            await enqueue_in(conn, notice, now, event.id)

    await connector.write(queue)


async def relay_events(connector: Connector, routing: StaffRouting) -> int:
    """One pass: expired claims back to the queue, then staff messages for new events.
    Returns how many messages were queued."""

    async def relay(conn: aiosqlite.Connection) -> tuple[int, int]:
        now = connector.now()
        await release_expired_claims(conn, now)
        [(last,)] = await fetch_all(conn, "SELECT last_event_id FROM staff_relay WHERE id = 1")
        rows = await fetch_all(
            conn, "SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?", (last, BATCH)
        )
        queued = 0
        for row in rows:
            event = event_from_row(row)
            for draft in await drafts_for(conn, event, routing):
                if await enqueue_in(conn, draft, now, event.id) is not None:
                    queued += 1
        if rows:
            await conn.execute(
                "UPDATE staff_relay SET last_event_id = ? WHERE id = 1", (rows[-1]["id"],)
            )
        return queued, len(rows)

    total = 0
    while True:  # more than one batch only after a long stop
        # Redone from the cursor after a crash or power cut: no fsync needed.
        queued, handled = await connector.write(relay, durable=False)
        total += queued
        if handled < BATCH:
            return total


async def unserved_regions(db: Database, routing: StaffRouting) -> list[str]:
    """The regions whose new applications would reach nobody: without a staff chat a card goes
    to the region's reviewers, else to the admins; with neither, to nobody until someone opens
    /queue. (A supervisor serves every region.)"""
    if routing.staff_chat is not None or routing.admins:
        return []
    # Someone Telegram refuses (never pressed Start, blocked the bot) serves nobody.
    members = [member for member in await db.staff.members() if member.reachable]
    if any(member.role is StaffRole.SUPERVISOR for member in members):
        return []
    served = {region for member in members for region in member.regions}
    return [region.slug for region in load_rules().regions if region.slug not in served]
