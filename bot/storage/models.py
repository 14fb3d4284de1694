"""What storage hands out: users, applications, events, outbox messages, and its errors.

Plain frozen values with no connection attached; JSON columns come back as dicts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class AppStatus(StrEnum):
    QUEUED = "queued"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_INFO = "needs_info"
    WITHDRAWN = "withdrawn"


# A citizen has at most one application in these states per programme.
ACTIVE_STATUSES: frozenset[AppStatus] = frozenset(
    {AppStatus.QUEUED, AppStatus.IN_REVIEW, AppStatus.NEEDS_INFO}
)


class ActorRole(StrEnum):
    CITIZEN = "citizen"
    STAFF = "staff"
    SYSTEM = "system"


class SystemReason(StrEnum):
    """Reasons written by the system itself (not typed by a person) into events."""

    CLAIM_EXPIRED = "claim_expired"
    USER_FORGOTTEN = "user_forgotten"
    # The citizen left the question unanswered, reminded once: back to the queue without it.
    NO_ANSWER = "no_answer"


@dataclass(frozen=True, slots=True)
class User:
    id: int  # Telegram user id
    language: str | None
    consent_version: str | None
    consent_at: datetime | None
    profile: dict[str, object]  # JSON form of bot.rules.model.Profile answers


@dataclass(frozen=True, slots=True)
class Application:
    id: int
    number: str  # shown to the citizen: "A-000123"
    user_id: int | None  # None once the citizen asked us to forget them
    programme: str
    region: str | None
    status: AppStatus
    phone: str | None
    comment: str | None
    language: str
    profile: dict[str, object]
    verdict: dict[str, object]
    created_at: datetime
    updated_at: datetime
    reviewer_id: int | None
    claimed_until: datetime | None
    name: str | None = None  # the citizen's first name and surname, as they gave them
    # Since when it waits: for the centre (submitted, answered, reopened) or, in needs_info,
    # for the citizen's answer. Taking and releasing it do not restart the clock.
    waiting_since: datetime | None = None

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    application_id: int
    actor_id: int | None
    actor_role: ActorRole
    at: datetime
    from_status: AppStatus | None
    to_status: AppStatus
    reason: str | None
    # A staff actor's name as it was when they acted (the audit trail does not change after).
    actor_name: str | None = None
    to_region: str | None = None  # set when the event moved the application to another region


@dataclass(frozen=True, slots=True)
class OutboxDraft:
    """A message to be delivered by the notifier: `kind` and `payload` say what, in `language`."""

    chat_id: int
    kind: str
    payload: Mapping[str, object] = field(default_factory=dict)
    language: str = "ru"


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    chat_id: int
    kind: str
    payload: dict[str, object]
    language: str
    attempts: int
    not_before: datetime
    event_id: int | None


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    NOT_ALLOWED = "not_allowed"
    NOT_OWNER = "not_owner"
    TAKEN = "taken"
    DUPLICATE = "duplicate"
    REASON_REQUIRED = "reason_required"
    OUT_OF_REGION = "out_of_region"  # the staff member does not serve the application's region


class TransitionError(Exception):
    """A refused action on an application. `code` says why; handlers word it for the user."""

    def __init__(
        self,
        code: ErrorCode | str,
        *,
        application_id: int | None = None,
        from_status: AppStatus | None = None,
        to_status: AppStatus | None = None,
        holder_id: int | None = None,
        detail: str | None = None,
    ) -> None:
        self.code = ErrorCode(code)
        self.application_id = application_id
        self.from_status = from_status
        self.to_status = to_status
        self.holder_id = holder_id
        super().__init__(self._describe(detail))

    def _describe(self, detail: str | None) -> str:
        subject = f"application {self.application_id}" if self.application_id else "application"
        match self.code:
            case ErrorCode.NOT_FOUND:
                text = f"{subject} does not exist"
            case ErrorCode.NOT_ALLOWED:
                text = f"{subject} cannot go from {self.from_status} to {self.to_status}"
            case ErrorCode.NOT_OWNER:
                text = f"{subject} belongs to someone else"
            case ErrorCode.TAKEN:
                text = f"{subject} is being reviewed by {self.holder_id}"
            case ErrorCode.DUPLICATE:
                text = f"{subject} already exists"
            case ErrorCode.REASON_REQUIRED:
                text = f"{subject} cannot go to {self.to_status} without a reason"
            case ErrorCode.OUT_OF_REGION:
                text = f"{subject} is in a region this member does not serve"
        return f"{text}: {detail}" if detail else text


_NUMBER_PREFIX = "A-"
# People retype numbers on phones: Cyrillic "А", lower case, spaces, a missing dash or zeros.
_NUMBER_PATTERN = re.compile(r"^\s*[AaАа]?\s*[-‐–—]?\s*0*(\d{1,12})\s*$")


def application_number(application_id: int) -> str:
    return f"{_NUMBER_PREFIX}{application_id:06d}"


def parse_application_number(text: str) -> int | None:
    """The application id in a number as typed ("A-000123", "а123", "123"), or None."""
    match = _NUMBER_PATTERN.match(text)
    if match is None:
        return None
    value = int(match.group(1))
    return value if value > 0 else None
