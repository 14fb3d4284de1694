"""Deadlines: the targets in force (deadlines.toml with the JUMYS_* overrides), and the day's
pass over them: a question the citizen left unanswered is recalled once, then given back to the
queue; reviewers and supervisors hear once a day how much of their work is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import aiosqlite

from bot.outbox.notices import NoticeKind
from bot.outbox.relay import staff_language
from bot.rules import load_rules
from bot.rules.deadlines import KAZAKHSTAN, Deadlines
from bot.settings import Settings
from bot.storage.codec import time_to_db
from bot.storage.connection import Connector, fetch_all, fetch_one
from bot.storage.models import ActorRole, AppStatus, OutboxDraft, SystemReason
from bot.storage.outbox import enqueue_in
from bot.storage.rows import application_from_row
from bot.storage.staff import StaffRole, staff_records
from bot.storage.transitions import transition


def deadlines_of(settings: Settings) -> Deadlines:
    """The data's targets, with whatever the settings override."""
    return load_rules().deadlines.overridden(
        queued_working_days=settings.deadline_queued_working_days,
        in_review_working_days=settings.deadline_in_review_working_days,
        remind_after_days=settings.deadline_remind_after_days,
        return_after_days=settings.deadline_return_after_days,
    )


# The pass runs only in the day, Kazakhstan time: nobody is reminded at night.
DAY_FROM_HOUR, DAY_UNTIL_HOUR = 9, 20

# Needs_info applications whose question waits since before the cut-off and was not recalled
# yet (one reminder per question: the application and when it was asked).
_TO_REMIND = (
    "SELECT a.id, a.user_id, a.waiting_since, COALESCE(u.language, a.language) AS language"
    " FROM applications a LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.status = 'needs_info' AND a.created_at < ? AND a.waiting_since < ?"
    " AND NOT EXISTS (SELECT 1 FROM answer_reminders r"
    " WHERE r.application_id = a.id AND r.asked_at = a.waiting_since)"
    " ORDER BY a.id"
)
# Reminded before the cut-off and still unanswered: back to the queue.
_TO_RETURN = (
    "SELECT a.*, COALESCE(u.language, a.language) AS reads FROM applications a"
    " JOIN answer_reminders r ON r.application_id = a.id AND r.asked_at = a.waiting_since"
    " LEFT JOIN users u ON u.id = a.user_id"
    " WHERE a.status = 'needs_info' AND r.at < ? ORDER BY a.id"
)
# Overdue work waiting for the centre, by region (and, in review, by who holds it).
_OVERDUE = (
    "SELECT region, reviewer_id, COUNT(*) AS overdue FROM applications"
    " WHERE status = ? AND created_at < ? AND waiting_since < ? GROUP BY region, reviewer_id"
)


@dataclass(frozen=True, slots=True)
class PassResult:
    """What one pass did, in counts (the log says these, never who)."""

    reminded: int = 0
    returned: int = 0
    digests: int | None = None  # None: no digest this time (done today, a weekend, the night)


async def remind_unanswered(connector: Connector, deadlines: Deadlines) -> int:
    """Recall each question left unanswered `remind_after_days` to its citizen, once, in their
    language, with the Answer button; return how many."""

    async def remind(conn: aiosqlite.Connection) -> int:
        now = connector.now()
        cutoff = time_to_db(now - timedelta(days=deadlines.remind_after_days))
        rows = await fetch_all(conn, _TO_REMIND, (cutoff, cutoff))
        for row in rows:
            await conn.execute(
                "INSERT INTO answer_reminders (application_id, asked_at, at) VALUES (?, ?, ?)",
                (row["id"], row["waiting_since"], time_to_db(now)),
            )
            if row["user_id"] is None:
                continue
            payload = {
                "application_id": row["id"],
                "return_after_days": deadlines.return_after_days,
            }
            kind, language = NoticeKind.ANSWER_REMINDER, row["language"]
            draft = OutboxDraft(row["user_id"], kind, payload, language)
            await enqueue_in(conn, draft, now, None)
        return len(rows)

    return await connector.write(remind)


async def return_unanswered(connector: Connector, deadlines: Deadlines) -> int:
    """Give back to the queue each application whose question stayed unanswered
    `return_after_days` after its reminder (a system move, "no answer" in its history), the
    citizen told; return how many."""

    async def give_back(conn: aiosqlite.Connection) -> int:
        now = connector.now()
        cutoff = time_to_db(now - timedelta(days=deadlines.return_after_days))
        rows = await fetch_all(conn, _TO_RETURN, (cutoff,))
        for row in rows:
            application = application_from_row(row)
            notices = []
            if application.user_id is not None:
                payload = {"application_id": application.id}
                notices.append(
                    OutboxDraft(
                        application.user_id, NoticeKind.NO_ANSWER_RETURNED, payload, row["reads"]
                    )
                )
            await transition(
                conn,
                application,
                AppStatus.QUEUED,
                actor_id=None,
                role=ActorRole.SYSTEM,
                reason=SystemReason.NO_ANSWER,
                now=now,
                notices=notices,
            )
        return len(rows)

    return await connector.write(give_back)


async def _overdue(
    conn: aiosqlite.Connection, status: AppStatus, cutoff: datetime
) -> list[tuple[str | None, int | None, int]]:
    at = time_to_db(cutoff)
    rows = await fetch_all(conn, _OVERDUE, (status, at, at))
    return [(row["region"], row["reviewer_id"], int(row["overdue"])) for row in rows]


async def send_digest(connector: Connector, deadlines: Deadlines, day: date) -> int | None:
    """Once for `day` (remembered in the database, so a restart does not send it again): each
    reachable reviewer hears how many applications are overdue in their regions' queue and in
    their hands, each supervisor how many in all; nobody hears of nothing. Returns how many
    were told, or None if the day's digest was sent already."""

    async def digest(conn: aiosqlite.Connection) -> int | None:
        done = await fetch_one(conn, "SELECT 1 FROM overdue_digests WHERE day = ?", (str(day),))
        if done is not None:
            return None
        now = connector.now()
        cutoffs = deadlines.cutoffs(now)
        waiting = await _overdue(conn, AppStatus.QUEUED, cutoffs.queued)
        held = await _overdue(conn, AppStatus.IN_REVIEW, cutoffs.in_review)
        everything = sum(count for _, _, count in waiting + held)
        told = 0
        for member in await staff_records(conn):
            if not member.reachable:
                continue
            supervisor = member.role is StaffRole.SUPERVISOR
            if supervisor:
                count = everything
            else:
                count = sum(n for region, _, n in waiting if region in member.regions) + sum(
                    n for _, holder, n in held if holder == member.user_id
                )
            if count == 0:
                continue
            payload = {"count": count, "supervisor": supervisor}
            language = await staff_language(conn, member.user_id)
            draft = OutboxDraft(member.user_id, NoticeKind.OVERDUE_DIGEST, payload, language)
            await enqueue_in(conn, draft, now, None)
            told += 1
        await conn.execute(
            "INSERT INTO overdue_digests (day, at) VALUES (?, ?)", (str(day), time_to_db(now))
        )
        return told

    return await connector.write(digest)


async def deadline_pass(connector: Connector, deadlines: Deadlines) -> PassResult:
    """In the day (Kazakhstan time): questions given back, then recalled; on a working day, the
    day's digest if it has not gone yet. At night: nothing."""
    local = connector.now().astimezone(KAZAKHSTAN)
    if not DAY_FROM_HOUR <= local.hour < DAY_UNTIL_HOUR:
        return PassResult()
    returned = await return_unanswered(connector, deadlines)
    reminded = await remind_unanswered(connector, deadlines)
    digests = await send_digest(connector, deadlines, local.date()) if local.weekday() < 5 else None
    return PassResult(reminded, returned, digests)
