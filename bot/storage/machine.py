"""The application state machine as a table: which move each kind of actor may make.

Pure: storage checks every transition here before writing it, and the tests compare storage
with this table.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.storage.models import ActorRole, AppStatus, ErrorCode, TransitionError

Q, R, A, X, N, W = (
    AppStatus.QUEUED,
    AppStatus.IN_REVIEW,
    AppStatus.APPROVED,
    AppStatus.REJECTED,
    AppStatus.NEEDS_INFO,
    AppStatus.WITHDRAWN,
)
CITIZEN, STAFF, SYSTEM = ActorRole.CITIZEN, ActorRole.STAFF, ActorRole.SYSTEM

TRANSITIONS: Mapping[tuple[AppStatus | None, AppStatus], frozenset[ActorRole]] = {
    (None, Q): frozenset({CITIZEN}),  # submitted
    (Q, R): frozenset({STAFF}),  # claimed by a reviewer
    (R, A): frozenset({STAFF}),
    (R, X): frozenset({STAFF}),
    (R, N): frozenset({STAFF}),
    (R, Q): frozenset({STAFF, SYSTEM}),  # released by the reviewer, or the claim expired
    # The citizen answered and the one who asked left the staff; or (the system) no answer came
    # in the days allowed after a reminder (bot/rules/data/deadlines.toml).
    (N, Q): frozenset({CITIZEN, SYSTEM}),
    (N, R): frozenset({CITIZEN}),  # the citizen answered: back with the reviewer who asked
    (Q, W): frozenset({CITIZEN, SYSTEM}),
    (N, W): frozenset({CITIZEN, SYSTEM}),
    (R, W): frozenset({SYSTEM}),  # only when the citizen asked us to forget them
    # A decision reopened (only by a supervisor: SUPERVISOR_ONLY), back to the queue or to
    # the supervisor's own review.
    (A, Q): frozenset({STAFF}),
    (X, Q): frozenset({STAFF}),
    (A, R): frozenset({STAFF}),
    (X, R): frozenset({STAFF}),
}

# Moves staff may make only as supervisors: undoing a decision the citizen was told.
SUPERVISOR_ONLY: frozenset[tuple[AppStatus | None, AppStatus]] = frozenset(
    {(A, Q), (X, Q), (A, R), (X, R)}
)

# Moves that need a reason the citizen will read.
REASON_REQUIRED: frozenset[AppStatus] = frozenset({X, N})

DECISIONS: frozenset[AppStatus] = frozenset({A, X, N})


def is_allowed(
    from_status: AppStatus | None,
    to_status: AppStatus,
    role: ActorRole,
    *,
    supervisor: bool = False,
) -> bool:
    if (from_status, to_status) in SUPERVISOR_ONLY and not supervisor:
        return False
    return role in TRANSITIONS.get((from_status, to_status), frozenset())


def check_transition(
    from_status: AppStatus | None,
    to_status: AppStatus,
    role: ActorRole,
    reason: str | None,
    *,
    application_id: int | None = None,
    supervisor: bool = False,
) -> None:
    """Raise TransitionError unless `role` may move an application from one status to the other."""
    if not is_allowed(from_status, to_status, role, supervisor=supervisor):
        raise TransitionError(
            ErrorCode.NOT_ALLOWED,
            application_id=application_id,
            from_status=from_status,
            to_status=to_status,
            detail="only by a supervisor"
            if is_allowed(from_status, to_status, role, supervisor=True)
            else f"not by {role}",
        )
    if to_status in REASON_REQUIRED and role is STAFF and not (reason and reason.strip()):
        raise TransitionError(
            ErrorCode.REASON_REQUIRED, application_id=application_id, to_status=to_status
        )
