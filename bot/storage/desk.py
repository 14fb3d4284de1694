"""The desk's reads: the queue a staff member serves, search by number, phone, IIN or name,
and one application with its history, each search and each look at a citizen's data recorded
(`desk_views`) in the same transaction that reads it.

A member only ever reads the regions they serve (a supervisor: all): an application of another
region is not found by search and is refused when asked for by id, and the refusal is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import aiosqlite

from bot.storage import desk_sql
from bot.storage.codec import time_to_db
from bot.storage.connection import Connector, fetch_all, fetch_one
from bot.storage.desk_sql import QueueFilter
from bot.storage.models import (
    Application,
    ErrorCode,
    Event,
    TransitionError,
    parse_application_number,
)
from bot.storage.name_words import name_words
from bot.storage.rows import application_from_row, event_from_row
from bot.storage.staff import Note, StaffRecord, StaffRole, note_from_row
from bot.words.phones import normalise_phone

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Scope:
    """Who is reading and what they may read: `regions` None means every region."""

    staff_id: int
    name: str | None
    regions: frozenset[str] | None
    supervisor: bool = False

    @classmethod
    def of(cls, member: StaffRecord) -> Scope:
        supervisor = member.role is StaffRole.SUPERVISOR
        return cls(member.user_id, member.name, None if supervisor else member.regions, supervisor)

    def serves(self, region: str | None) -> bool:
        return self.regions is None or region in self.regions


class SearchKind(StrEnum):
    NUMBER = "number"
    PHONE = "phone"
    IIN = "iin"
    NAME = "name"


@dataclass(frozen=True, slots=True)
class SearchQuery:
    kind: SearchKind
    key: str | int | tuple[str, ...]


_SEPARATORS = re.compile(r"[\s\-()./+]+")
_NUMBER_LETTER = re.compile(r"^\s*[AaАа]")


def read_search(text: str) -> SearchQuery | None:
    """What a member typed in the search box, as staff type it: "A-000123", "+7 701 234 56 78"
    or "8701…", a 12-digit IIN, or words of a name. None if it is none of these."""
    compact = _SEPARATORS.sub("", text)
    if compact.isdecimal() and len(compact) == 12:
        return SearchQuery(SearchKind.IIN, compact)
    phone = normalise_phone(text)
    if phone is not None:
        return SearchQuery(SearchKind.PHONE, phone)
    number = parse_application_number(text)
    if number is not None and (compact.isdecimal() or _NUMBER_LETTER.match(text)):
        return SearchQuery(SearchKind.NUMBER, number)
    words = name_words(text)
    return SearchQuery(SearchKind.NAME, tuple(words)) if words else None


@dataclass(frozen=True, slots=True)
class Page:
    """One page of applications; `next_after` is the keyset of the next page (None: the last)."""

    applications: list[Application]
    next_after: int | None
    # Those back in the queue because the citizen left a question unanswered (the desk marks them).
    unanswered: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Dossier:
    """One application as the desk shows it: its history and the staff's notes."""

    application: Application
    events: list[Event]
    notes: list[Note]


def _page(rows: Sequence[aiosqlite.Row], take: int) -> Page:
    applications = [application_from_row(row) for row in rows[:take]]
    more = len(rows) > take
    return Page(applications, applications[-1].id if more and applications else None)


async def _record(
    conn: aiosqlite.Connection,
    scope: Scope,
    at: str,
    kind: str,
    search_kind: SearchKind | None,
    application_ids: Sequence[int | None],
) -> None:
    await conn.executemany(
        "INSERT INTO desk_views (at, staff_id, staff_name, kind, search_kind, application_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(at, scope.staff_id, scope.name, kind, search_kind, app_id) for app_id in application_ids],
    )


class Desk:
    def __init__(self, connector: Connector) -> None:
        self._db = connector

    async def queue(
        self, scope: Scope, wanted: QueueFilter, after: int | None = None, take: int = PAGE_SIZE
    ) -> Page:
        """One page of the queue (no personal data is read: nothing is recorded)."""

        async def read(conn: aiosqlite.Connection) -> Page:
            cursor: tuple[str, int] | None = None
            if after is not None:
                row = await fetch_one(
                    conn, "SELECT created_at, id FROM applications WHERE id = ?", (after,)
                )
                if row is None:
                    return Page([], None)
                cursor = (row["created_at"], row["id"])
            sql, params = desk_sql.queue_page(wanted, scope.regions, cursor, take + 1)
            page = _page(await fetch_all(conn, sql, params), take)
            ids = [application.id for application in page.applications]
            if not ids:
                return page
            marked = await fetch_all(conn, desk_sql.returned_unanswered(len(ids)), ids)
            unanswered = frozenset(int(row["application_id"]) for row in marked)
            return Page(page.applications, page.next_after, unanswered)

        return await self._db.read(read)

    async def search(
        self, scope: Scope, query: SearchQuery, after: int = 0, take: int = PAGE_SIZE
    ) -> Page:
        """Applications in the member's regions matching `query`, oldest first; the search and
        each application found are recorded."""

        async def search(conn: aiosqlite.Connection) -> Page:
            if query.kind is SearchKind.NAME:
                words = await self._rarest_first(conn, tuple(query.key))  # type: ignore[arg-type]
                sql, params = desk_sql.by_name(words, scope.regions, after, take + 1)
            else:
                column = "id" if query.kind is SearchKind.NUMBER else str(query.kind)
                key = query.key
                if not isinstance(key, str | int):
                    raise TypeError(f"a {query.kind} search needs one key")
                sql, params = desk_sql.by_column(column, key, scope.regions, after, take + 1)
            page = _page(await fetch_all(conn, sql, params), take)
            found: list[int | None] = [a.id for a in page.applications]
            await _record(
                conn, scope, time_to_db(self._db.now()), "search", query.kind, found or [None]
            )
            return page

        return await self._db.write(search, durable=False)

    async def _rarest_first(self, conn: aiosqlite.Connection, words: tuple[str, ...]) -> list[str]:
        counts: dict[str, int] = {}
        for word in words:
            probe = (word, desk_sql.RARITY_PROBE)
            [(count,)] = await fetch_all(conn, desk_sql.WORD_COUNT_SQL, probe)
            counts[word] = int(count)
        return sorted(words, key=lambda word: counts[word])

    async def open(self, scope: Scope, app_id: int) -> Dossier:
        """The application with its history and notes; the look is recorded.

        Raises TransitionError('not_found'), or ('out_of_region') — recorded as a refused
        attempt — for an application of a region the member does not serve.
        """

        async def read(conn: aiosqlite.Connection) -> Dossier | None:
            now = time_to_db(self._db.now())
            row = await fetch_one(conn, "SELECT * FROM applications WHERE id = ?", (app_id,))
            if row is None:
                raise TransitionError(ErrorCode.NOT_FOUND, application_id=app_id)
            application = application_from_row(row)
            if not scope.serves(application.region):
                # Committed, unlike a raise: the refusal stays on record.
                await conn.execute(
                    "INSERT INTO refused_attempts (at, user_id, action, application_id)"
                    " VALUES (?, ?, 'desk:open', ?)",
                    (now, scope.staff_id, app_id),
                )
                return None
            events = await fetch_all(
                conn, "SELECT * FROM events WHERE application_id = ? ORDER BY id", (app_id,)
            )
            notes = await fetch_all(
                conn, "SELECT * FROM notes WHERE application_id = ? ORDER BY id", (app_id,)
            )
            await _record(conn, scope, now, "view", None, [app_id])
            return Dossier(
                application,
                [event_from_row(event) for event in events],
                [note_from_row(note) for note in notes],
            )

        dossier = await self._db.write(read, durable=False)
        if dossier is None:
            raise TransitionError(ErrorCode.OUT_OF_REGION, application_id=app_id)
        return dossier
