"""Applications: submit, the citizen's own moves, the review queue and staff decisions.

Every change goes through `transitions.transition` (state-machine table, event, outbox) inside
one BEGIN IMMEDIATE transaction; submissions and decisions commit with synchronous=FULL.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import timedelta

import aiosqlite

from bot.storage import queue_sql
from bot.storage.cards import redraw_copies
from bot.storage.codec import json_to_db, time_to_db
from bot.storage.connection import Connector, fetch_all, fetch_one
from bot.storage.machine import DECISIONS, check_transition
from bot.storage.models import (
    ACTIVE_STATUSES,
    ActorRole,
    Application,
    AppStatus,
    ErrorCode,
    Event,
    OutboxDraft,
    TransitionError,
    parse_application_number,
)
from bot.storage.name_words import name_words
from bot.storage.outbox import enqueue_in
from bot.storage.rows import application_from_row, event_from_row
from bot.storage.transitions import (
    actor_names,
    append_event,
    load,
    release_expired_claims,
    transition,
)

# How long a reviewer holds an application before it returns to the queue by itself; the bot
# passes JUMYS_CLAIM_TTL_MINUTES (settings.claim_ttl_minutes) to Database.open.
DEFAULT_CLAIM_TTL = timedelta(minutes=60)

_ACTIVE = ", ".join(f"'{status}'" for status in sorted(ACTIVE_STATUSES))


def _drafts(notice: OutboxDraft | None, notices: Sequence[OutboxDraft]) -> list[OutboxDraft]:
    return ([notice] if notice is not None else []) + list(notices)


async def _asker(conn: aiosqlite.Connection, app_id: int) -> int | None:
    """Who asked the citizen the question now answered, if they are still on the staff."""
    row = await fetch_one(
        conn,
        "SELECT actor_id FROM events WHERE application_id = ? AND to_status = 'needs_info'"
        " AND actor_role = 'staff' ORDER BY id DESC LIMIT 1",
        (app_id,),
    )
    if row is None or row["actor_id"] is None:
        return None
    staff = await fetch_one(conn, "SELECT 1 FROM staff WHERE user_id = ?", (row["actor_id"],))
    return None if staff is None else int(row["actor_id"])


class Applications:
    def __init__(self, connector: Connector, claim_ttl: timedelta = DEFAULT_CLAIM_TTL) -> None:
        self._db = connector
        self.claim_ttl = claim_ttl

    # -- the citizen ---------------------------------------------------------------------------

    async def submit(
        self,
        user_id: int,
        programme: str,
        region: str | None,
        profile: Mapping[str, object],
        verdict: Mapping[str, object],
        phone: str | None,
        comment: str | None,
        language: str,
        *,
        notices: Sequence[OutboxDraft] = (),
        name: str | None = None,
    ) -> tuple[Application, bool]:
        """Queue a new application; True if created, False if an active one already existed
        for this user and programme (a double tap): then it is returned unchanged and
        `notices` are not queued. `name`: the citizen's first name and surname, which the desk
        finds them by."""

        async def submit(conn: aiosqlite.Connection) -> tuple[Application, bool]:
            existing = await fetch_one(
                conn,
                f"SELECT * FROM applications WHERE user_id = ? AND programme = ?"
                f" AND status IN ({_ACTIVE})",
                (user_id, programme),
            )
            if existing is not None:
                return application_from_row(existing), False
            check_transition(None, AppStatus.QUEUED, ActorRole.CITIZEN, None)
            now = time_to_db(self._db.now())
            await conn.execute(
                "INSERT INTO users (id, created_at, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (id) DO NOTHING",
                (user_id, now, now),
            )
            [row] = await fetch_all(
                conn,
                "INSERT INTO applications (user_id, programme, region, status, phone, comment,"
                " language, profile, verdict, created_at, updated_at, name, waiting_since)"
                " VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (
                    user_id,
                    programme,
                    region,
                    phone,
                    comment,
                    language,
                    json_to_db(profile),
                    json_to_db(verdict),
                    now,
                    now,
                    name,
                    now,
                ),
            )
            application = application_from_row(row)
            await conn.executemany(
                "INSERT INTO application_name_words (word, application_id, region)"
                " VALUES (?, ?, ?)",
                [(word, application.id, region) for word in name_words(name)],
            )
            event_id = await append_event(
                conn,
                application.id,
                actor_id=user_id,
                role=ActorRole.CITIZEN,
                at=application.created_at,
                from_status=None,
                to_status=AppStatus.QUEUED,
                reason=None,
            )
            for draft in notices:
                await enqueue_in(conn, draft, application.created_at, event_id)
            return application, True

        return await self._db.write(submit)

    async def withdraw(
        self,
        app_id: int,
        user_id: int,
        notice: OutboxDraft | None = None,
        *,
        notices: Sequence[OutboxDraft] = (),
    ) -> Application:
        """The citizen takes back a queued application or one waiting for their answer."""
        return await self._citizen_move(
            app_id, user_id, AppStatus.WITHDRAWN, None, _drafts(notice, notices)
        )

    async def answer_info(
        self,
        app_id: int,
        user_id: int,
        text: str,
        notice: OutboxDraft | None = None,
        *,
        notices: Sequence[OutboxDraft] = (),
    ) -> Application:
        """The citizen answers the reviewer's question, the answer kept as the event's reason:
        back with the reviewer who asked (claimed for them anew) while they are on the staff,
        else back in the queue."""
        if not text.strip():
            raise TransitionError(
                ErrorCode.REASON_REQUIRED, application_id=app_id, to_status=AppStatus.QUEUED
            )
        drafts = _drafts(notice, notices)

        async def answer(conn: aiosqlite.Connection) -> Application:
            application = await load(conn, app_id)
            if application.user_id != user_id:
                raise TransitionError(ErrorCode.NOT_OWNER, application_id=app_id)
            now = self._db.now()
            asker = await _asker(conn, app_id)
            back = AppStatus.IN_REVIEW if asker is not None else AppStatus.QUEUED
            moved, _ = await transition(
                conn,
                application,
                back,
                actor_id=user_id,
                role=ActorRole.CITIZEN,
                reason=text.strip(),
                now=now,
                claimed_until=now + self.claim_ttl if asker is not None else None,
                notices=drafts,
                for_reviewer=asker,
            )
            return moved

        return await self._db.write(answer)

    async def _citizen_move(
        self,
        app_id: int,
        user_id: int,
        to_status: AppStatus,
        reason: str | None,
        notices: Sequence[OutboxDraft],
    ) -> Application:
        async def move(conn: aiosqlite.Connection) -> Application:
            application = await load(conn, app_id)
            if application.user_id != user_id:
                raise TransitionError(ErrorCode.NOT_OWNER, application_id=app_id)
            moved, _ = await transition(
                conn,
                application,
                to_status,
                actor_id=user_id,
                role=ActorRole.CITIZEN,
                reason=reason,
                now=self._db.now(),
                notices=notices,
            )
            return moved

        return await self._db.write(move)

    # -- staff -------------------------------------------------------------------------------

    async def claim_next(
        self, reviewer_id: int, regions: Collection[str] | None, ttl: timedelta | None = None
    ) -> Application | None:
        """Take the oldest waiting application in `regions` (None: all) for `ttl` (default: the
        database's claim_ttl), or None if nothing is waiting."""
        ttl = self.claim_ttl if ttl is None else ttl

        async def claim(conn: aiosqlite.Connection) -> Application | None:
            now = self._db.now()
            await release_expired_claims(conn, now)
            oldest_sql, params = queue_sql.oldest_queued(regions, 1)
            row = await fetch_one(
                conn,
                "UPDATE applications SET status = 'in_review', reviewer_id = ?,"
                " claimed_until = ?, updated_at = ?"
                f" WHERE id = (SELECT id FROM ({oldest_sql})) RETURNING *",
                (reviewer_id, time_to_db(now + ttl), time_to_db(now), *params),
            )
            if row is None:
                return None
            event_id = await append_event(
                conn,
                row["id"],
                actor_id=reviewer_id,
                role=ActorRole.STAFF,
                at=now,
                from_status=AppStatus.QUEUED,
                to_status=AppStatus.IN_REVIEW,
                reason=None,
            )
            await redraw_copies(conn, row["id"], now, event_id)
            return application_from_row(row)

        # A claim lost to a power cut is simply claimed again: no fsync needed.
        return await self._db.write(claim, durable=False)

    async def claim(
        self,
        app_id: int,
        reviewer_id: int,
        ttl: timedelta | None = None,
        *,
        actor_name: str | None = None,
    ) -> Application:
        """Take one chosen application for `ttl` (default: the database's claim_ttl); renews the
        claim if this reviewer already holds it.

        Raises TransitionError('taken', holder_id=...) if another reviewer holds a live claim.
        """
        ttl = self.claim_ttl if ttl is None else ttl

        async def claim(conn: aiosqlite.Connection) -> Application:
            now = self._db.now()
            await release_expired_claims(conn, now)
            application = await load(conn, app_id)
            if application.status is AppStatus.IN_REVIEW:
                if application.reviewer_id != reviewer_id:
                    raise TransitionError(
                        ErrorCode.TAKEN, application_id=app_id, holder_id=application.reviewer_id
                    )
                [row] = await fetch_all(
                    conn,
                    "UPDATE applications SET claimed_until = ? WHERE id = ? RETURNING *",
                    (time_to_db(now + ttl), app_id),
                )
                return application_from_row(row)
            claimed, _ = await transition(
                conn,
                application,
                AppStatus.IN_REVIEW,
                actor_id=reviewer_id,
                role=ActorRole.STAFF,
                reason=None,
                now=now,
                claimed_until=now + ttl,
                actor_name=actor_name,
            )
            return claimed

        return await self._db.write(claim, durable=False)

    async def release(
        self, app_id: int, reviewer_id: int, *, actor_name: str | None = None
    ) -> Application:
        """The reviewer puts a claimed application back in the queue undecided."""
        return await self._staff_move(
            app_id,
            reviewer_id,
            AppStatus.QUEUED,
            None,
            [],
            actor_name,
            only_from=AppStatus.IN_REVIEW,
        )

    async def decide(
        self,
        app_id: int,
        reviewer_id: int,
        to: AppStatus,
        reason: str | None,
        notice: OutboxDraft | None = None,
        *,
        notices: Sequence[OutboxDraft] = (),
        actor_name: str | None = None,
    ) -> Application:
        """Approve, reject or ask for information; the message to the citizen (if given)
        commits in the same transaction. Rejecting and asking need a reason. `actor_name`:
        the decider's name now (default: the staff table's), kept with the event."""
        if to not in DECISIONS:
            raise TransitionError(
                ErrorCode.NOT_ALLOWED, application_id=app_id, to_status=to, detail="not a decision"
            )
        return await self._staff_move(
            app_id, reviewer_id, to, reason, _drafts(notice, notices), actor_name
        )

    async def _staff_move(
        self,
        app_id: int,
        reviewer_id: int,
        to_status: AppStatus,
        reason: str | None,
        notices: Sequence[OutboxDraft],
        actor_name: str | None = None,
        *,
        only_from: AppStatus | None = None,
    ) -> Application:
        async def move(conn: aiosqlite.Connection) -> Application:
            application = await load(conn, app_id)
            if only_from is not None and application.status is not only_from:
                raise TransitionError(
                    ErrorCode.NOT_ALLOWED,
                    application_id=app_id,
                    from_status=application.status,
                    to_status=to_status,
                )
            # A claim that ran out still counts while nobody else has taken it over.
            if application.status is AppStatus.IN_REVIEW and application.reviewer_id != reviewer_id:
                raise TransitionError(
                    ErrorCode.TAKEN, application_id=app_id, holder_id=application.reviewer_id
                )
            moved, _ = await transition(
                conn,
                application,
                to_status,
                actor_id=reviewer_id,
                role=ActorRole.STAFF,
                reason=reason.strip() if reason else None,
                now=self._db.now(),
                notices=notices,
                actor_name=actor_name,
            )
            return moved

        return await self._db.write(move)

    # -- reading -----------------------------------------------------------------------------

    async def get(self, app_id: int) -> Application | None:
        row = await self._db.fetch_one("SELECT * FROM applications WHERE id = ?", (app_id,))
        return None if row is None else application_from_row(row)

    async def get_by_number(self, number: str) -> Application | None:
        """The application with this number as a person typed it ("A-000123", "а123")."""
        app_id = parse_application_number(number)
        return None if app_id is None else await self.get(app_id)

    async def list_for_user(self, user_id: int) -> list[Application]:
        """The citizen's applications, newest first."""
        rows = await self._db.fetch_all(
            "SELECT * FROM applications WHERE user_id = ? ORDER BY id DESC", (user_id,)
        )
        return [application_from_row(row) for row in rows]

    async def actor_names(
        self, user_ids: Collection[int], app_id: int | None = None
    ) -> dict[int, str]:
        """The name each of these staff members had at their latest recorded action (on one
        application, or on any): what the audit trail says, whatever they are called now."""
        return await self._db.read(lambda conn: actor_names(conn, user_ids, app_id))

    async def events(self, app_id: int) -> list[Event]:
        rows = await self._db.fetch_all(
            "SELECT * FROM events WHERE application_id = ? ORDER BY id", (app_id,)
        )
        return [event_from_row(row) for row in rows]

    async def list_queue(
        self, regions: Collection[str] | None, limit: int, offset: int = 0
    ) -> list[Application]:
        """Applications waiting for a reviewer (expired claims included), oldest first."""
        sql, params = queue_sql.waiting(regions, time_to_db(self._db.now()), limit, offset)
        rows = await self._db.fetch_all(sql, params)
        return [application_from_row(row) for row in rows]

    async def count_queue(self, regions: Collection[str] | None) -> int:
        sql, params = queue_sql.count_waiting(regions, time_to_db(self._db.now()))
        [(count,)] = await self._db.fetch_all(sql, params)
        return int(count)

    async def held_by(self, reviewer_id: int) -> list[Application]:
        """Applications this reviewer is reviewing now (to resume after a restart)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM applications WHERE status = 'in_review' AND reviewer_id = ?"
            " ORDER BY created_at, id",
            (reviewer_id,),
        )
        return [application_from_row(row) for row in rows]
