"""The desk's moves the Telegram review lacks: a supervisor reopens a decision, a reviewer passes
an application to another region's centre instead of declining it.

Both take the one audited path (`transitions.transition`: the state-machine table, the event,
the citizen's message in the same transaction) and check the member's regions inside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import aiosqlite

from bot.storage.connection import Connector
from bot.storage.desk import Scope
from bot.storage.models import (
    ActorRole,
    Application,
    AppStatus,
    ErrorCode,
    OutboxDraft,
    TransitionError,
)
from bot.storage.transitions import load, transition


def _in_scope(application: Application, scope: Scope) -> None:
    if not scope.serves(application.region):
        raise TransitionError(ErrorCode.OUT_OF_REGION, application_id=application.id)


class DeskMoves:
    def __init__(self, connector: Connector, claim_ttl: timedelta) -> None:
        self._db = connector
        self.claim_ttl = claim_ttl

    async def reopen(
        self,
        scope: Scope,
        app_id: int,
        to: AppStatus,
        reason: str,
        notices: Sequence[OutboxDraft] = (),
    ) -> Application:
        """A supervisor takes back an approval or a decline: to the queue, or (`to` in_review)
        into their own review. The reason is kept on the event; `notices` tell the citizen.

        Raises TransitionError('not_allowed') for anyone but a supervisor or from any other
        status, ('reason_required') without a reason.
        """
        if to not in (AppStatus.QUEUED, AppStatus.IN_REVIEW):
            raise TransitionError(ErrorCode.NOT_ALLOWED, application_id=app_id, to_status=to)
        if not reason.strip():
            raise TransitionError(ErrorCode.REASON_REQUIRED, application_id=app_id, to_status=to)

        async def reopen(conn: aiosqlite.Connection) -> Application:
            now = self._db.now()
            application = await load(conn, app_id)
            _in_scope(application, scope)
            if application.status not in (AppStatus.APPROVED, AppStatus.REJECTED):
                raise TransitionError(
                    ErrorCode.NOT_ALLOWED,
                    application_id=app_id,
                    from_status=application.status,
                    to_status=to,
                    detail="only a decision is reopened",
                )
            moved, _ = await transition(
                conn,
                application,
                to,
                actor_id=scope.staff_id,
                role=ActorRole.STAFF,
                reason=reason.strip(),
                now=now,
                claimed_until=now + self.claim_ttl if to is AppStatus.IN_REVIEW else None,
                notices=notices,
                supervisor=scope.supervisor,
                actor_name=scope.name,
            )
            return moved

        return await self._db.write(reopen)

    async def transfer(
        self,
        scope: Scope,
        app_id: int,
        region: str,
        reason: str | None = None,
        notices: Sequence[OutboxDraft] = (),
    ) -> Application:
        """The reviewer holding the application passes it to `region`'s queue, undecided.

        Raises TransitionError('taken') if another member holds it, ('not_allowed') unless it
        is in review or if it is in `region` already, ('out_of_region') outside the member's.
        """

        async def transfer(conn: aiosqlite.Connection) -> Application:
            application = await load(conn, app_id)
            _in_scope(application, scope)
            if application.status is not AppStatus.IN_REVIEW or application.region == region:
                raise TransitionError(
                    ErrorCode.NOT_ALLOWED,
                    application_id=app_id,
                    from_status=application.status,
                    to_status=AppStatus.QUEUED,
                    detail="a transfer is of an application in review to another region",
                )
            if application.reviewer_id != scope.staff_id:
                raise TransitionError(
                    ErrorCode.TAKEN, application_id=app_id, holder_id=application.reviewer_id
                )
            moved, _ = await transition(
                conn,
                application,
                AppStatus.QUEUED,
                actor_id=scope.staff_id,
                role=ActorRole.STAFF,
                reason=reason.strip() if reason and reason.strip() else None,
                now=self._db.now(),
                notices=notices,
                actor_name=scope.name,
                to_region=region,
            )
            await conn.execute(
                "UPDATE application_name_words SET region = ? WHERE application_id = ?",
                (region, app_id),
            )
            return moved

        return await self._db.write(transfer)
