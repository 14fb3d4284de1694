"""Rows of the SQLite tables turned into storage models."""

from __future__ import annotations

import sqlite3

from bot.storage.codec import json_from_db, optional_time_from_db, time_from_db
from bot.storage.models import (
    ActorRole,
    Application,
    AppStatus,
    Event,
    OutboxMessage,
    User,
    application_number,
)


def user_from_row(row: sqlite3.Row) -> User:
    return User(
        id=row["id"],
        language=row["language"],
        consent_version=row["consent_version"],
        consent_at=optional_time_from_db(row["consent_at"]),
        profile=json_from_db(row["profile"]),
    )


def application_from_row(row: sqlite3.Row) -> Application:
    return Application(
        id=row["id"],
        number=application_number(row["id"]),
        user_id=row["user_id"],
        programme=row["programme"],
        region=row["region"],
        status=AppStatus(row["status"]),
        phone=row["phone"],
        comment=row["comment"],
        language=row["language"],
        profile=json_from_db(row["profile"]),
        verdict=json_from_db(row["verdict"]),
        created_at=time_from_db(row["created_at"]),
        updated_at=time_from_db(row["updated_at"]),
        reviewer_id=row["reviewer_id"],
        claimed_until=optional_time_from_db(row["claimed_until"]),
        name=row["name"],
        waiting_since=optional_time_from_db(row["waiting_since"]),
    )


def event_from_row(row: sqlite3.Row) -> Event:
    from_status = row["from_status"]
    return Event(
        id=row["id"],
        application_id=row["application_id"],
        actor_id=row["actor_id"],
        actor_role=ActorRole(row["actor_role"]),
        at=time_from_db(row["at"]),
        from_status=None if from_status is None else AppStatus(from_status),
        to_status=AppStatus(row["to_status"]),
        reason=row["reason"],
        actor_name=row["actor_name"],
        to_region=row["to_region"],
    )


def outbox_message_from_row(row: sqlite3.Row) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        payload=json_from_db(row["payload"]),
        language=row["language"],
        attempts=row["attempts"],
        not_before=time_from_db(row["not_before"]),
        event_id=row["event_id"],
    )
