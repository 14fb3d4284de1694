"""The one audited path every application change takes: check the table, update, append an
event, queue the messages, all inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import aiosqlite

from bot.storage.cards import redraw_copies
from bot.storage.codec import time_to_db
from bot.storage.connection import fetch_all, fetch_one
from bot.storage.machine import check_transition
from bot.storage.models import (
    ActorRole,
    Application,
    AppStatus,
    ErrorCode,
    OutboxDraft,
    SystemReason,
    TransitionError,
)
from bot.storage.outbox import enqueue_in
from bot.storage.rows import application_from_row


async def load(conn: aiosqlite.Connection, application_id: int) -> Application:
    row = await fetch_one(conn, "SELECT * FROM applications WHERE id = ?", (application_id,))
    if row is None:
        raise TransitionError(ErrorCode.NOT_FOUND, application_id=application_id)
    return application_from_row(row)


async def append_event(
    conn: aiosqlite.Connection,
    application_id: int,
    *,
    actor_id: int | None,
    role: ActorRole,
    at: datetime,
    from_status: AppStatus | None,
    to_status: AppStatus,
    reason: str | None,
    actor_name: str | None = None,
    to_region: str | None = None,
) -> int:
    """The event, with a staff actor's name as it is now (`actor_name`, else the staff table's):
    kept as written, whatever the name becomes. `to_region`: the region the event moved the
    application to (a transfer)."""
    if role is not ActorRole.STAFF:
        actor_name = None  # a citizen's name is personal data, and the system has none
    elif actor_name is None:
        actor_name = await staff_name(conn, actor_id)
    [row] = await fetch_all(
        conn,
        "INSERT INTO events (application_id, actor_id, actor_role, at, from_status, to_status,"
        " reason, actor_name, to_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            application_id,
            actor_id,
            role,
            time_to_db(at),
            from_status,
            to_status,
            reason,
            actor_name,
            to_region,
        ),
    )
    return int(row["id"])


async def staff_name(conn: aiosqlite.Connection, user_id: int | None) -> str | None:
    """The name the staff table knows for this member now (None for anyone else)."""
    if user_id is None:
        return None
    row = await fetch_one(conn, "SELECT name FROM staff WHERE user_id = ?", (user_id,))
    return None if row is None else row["name"]


def starts_a_wait(from_status: AppStatus | None, to_status: AppStatus) -> bool:
    """Whether a move restarts the waiting clock (`waiting_since`, the deadlines' start): a
    question asked, a question answered (or given up on), a decision reopened. A claim, a
    release, an expired claim or a transfer keep it: the citizen has been waiting all along."""
    return to_status is AppStatus.NEEDS_INFO or from_status in (
        None,
        AppStatus.NEEDS_INFO,
        AppStatus.APPROVED,
        AppStatus.REJECTED,
    )


async def transition(
    conn: aiosqlite.Connection,
    application: Application,
    to_status: AppStatus,
    *,
    actor_id: int | None,
    role: ActorRole,
    reason: str | None,
    now: datetime,
    claimed_until: datetime | None = None,
    notices: Sequence[OutboxDraft] = (),
    actor_name: str | None = None,
    for_reviewer: int | None = None,
    supervisor: bool = False,
    to_region: str | None = None,
) -> tuple[Application, int]:
    """Move `application` (as read in this transaction) to `to_status`; return it and the event id.
    A move to in_review is a claim by the actor, or (`for_reviewer`) given back to a reviewer.
    `supervisor`: the staff actor is a supervisor (who alone may reopen a decision);
    `to_region`: the application moves to this region too (a transfer).

    Raises TransitionError('not_allowed' | 'reason_required') and writes nothing if the state
    machine forbids the move.
    """
    check_transition(
        application.status,
        to_status,
        role,
        reason,
        application_id=application.id,
        supervisor=supervisor,
    )
    if to_status is AppStatus.IN_REVIEW:
        reviewer_id: int | None = for_reviewer if for_reviewer is not None else actor_id
        if claimed_until is None or reviewer_id is None:
            raise ValueError("a claim needs a reviewer and an end")
    elif to_status is AppStatus.QUEUED:
        reviewer_id = None  # back in the queue for anyone
    else:
        reviewer_id = application.reviewer_id  # who decided stays on record
    row = await fetch_one(
        conn,
        "UPDATE applications SET status = ?, reviewer_id = ?, claimed_until = ?, updated_at = ?,"
        " region = COALESCE(?, region), waiting_since = COALESCE(?, waiting_since)"
        " WHERE id = ? AND status = ? RETURNING *",
        (
            to_status,
            reviewer_id,
            None if claimed_until is None else time_to_db(claimed_until),
            time_to_db(now),
            to_region,
            time_to_db(now) if starts_a_wait(application.status, to_status) else None,
            application.id,
            application.status,
        ),
    )
    if row is None:  # the caller read a stale row: a bug, since writes are serialised
        raise RuntimeError(f"application {application.id} changed under a write transaction")
    event_id = await append_event(
        conn,
        application.id,
        actor_id=actor_id,
        role=role,
        at=now,
        from_status=application.status,
        to_status=to_status,
        reason=reason,
        actor_name=actor_name,
        to_region=to_region,
    )
    for draft in notices:
        await enqueue_in(conn, draft, now, event_id)
    # Every copy of its card in staff chats shows the move (reviewers see it as it is now).
    await redraw_copies(conn, application.id, now, event_id)
    return application_from_row(row), event_id


async def actor_names(
    conn: aiosqlite.Connection, user_ids: Collection[int], app_id: int | None = None
) -> dict[int, str]:
    """The name each staff member had at their latest event (on `app_id`, or on any)."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    where = "" if app_id is None else " AND application_id = ?"
    # SQLite takes the bare column (actor_name) from the row of MAX(id).
    rows = await fetch_all(
        conn,
        "SELECT actor_id, actor_name, MAX(id) FROM events WHERE actor_role = 'staff'"
        f" AND actor_name IS NOT NULL AND actor_id IN ({', '.join('?' * len(wanted))}){where}"
        " GROUP BY actor_id",
        (*wanted, *(() if app_id is None else (app_id,))),
    )
    return {row["actor_id"]: row["actor_name"] for row in rows}


# Runs before every claim: it must be an index range over claims that ended (migration 002).
EXPIRED_CLAIMS_SQL = "SELECT * FROM applications WHERE status = 'in_review' AND claimed_until <= ?"


async def release_expired_claims(conn: aiosqlite.Connection, now: datetime) -> int:
    """Put applications whose claim ran out back in the queue; return how many."""
    rows = await fetch_all(conn, EXPIRED_CLAIMS_SQL, (time_to_db(now),))
    for row in rows:
        await transition(
            conn,
            application_from_row(row),
            AppStatus.QUEUED,
            actor_id=None,
            role=ActorRole.SYSTEM,
            reason=SystemReason.CLAIM_EXPIRED,
            now=now,
        )
    return len(rows)
