"""The database handle the bot passes around: open it once, use its repositories, close it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from bot.storage.applications import DEFAULT_CLAIM_TTL, Applications
from bot.storage.audit import Audit
from bot.storage.backup import backup_database
from bot.storage.cards import Cards
from bot.storage.connection import Clock, Connector, utc_now
from bot.storage.desk import Desk
from bot.storage.desk_accounts import DeskAccounts
from bot.storage.desk_moves import DeskMoves
from bot.storage.desk_reports import DeskReports
from bot.storage.desk_sessions import DeskSessions
from bot.storage.inbox import Inbox
from bot.storage.outbox import Outbox
from bot.storage.outcomes import Outcomes
from bot.storage.plans import Plans
from bot.storage.retention import Retention
from bot.storage.staff import Staff
from bot.storage.stats import Stats
from bot.storage.users import Users

if TYPE_CHECKING:
    from bot.settings import Settings


class Database:
    """`db = await Database.open(path)`: creates the file and its folder, applies migrations.

    One aiosqlite writer connection (every write a BEGIN IMMEDIATE transaction) and one
    reader, WAL, busy timeout, foreign keys on. Submissions, consent and decisions commit with
    synchronous=FULL; conversation state, claims and outbox bookkeeping with NORMAL.
    A reviewer's claim lasts `claim_ttl` (JUMYS_CLAIM_TTL_MINUTES) unless a call says otherwise.
    """

    def __init__(self, connector: Connector, claim_ttl: timedelta = DEFAULT_CLAIM_TTL) -> None:
        self.connector = connector
        self.users = Users(connector)
        self.applications = Applications(connector, claim_ttl)
        self.outbox = Outbox(connector)
        self.inbox = Inbox(connector)
        self.stats = Stats(connector)
        self.staff = Staff(connector)
        self.plans = Plans(connector)
        self.outcomes = Outcomes(connector)
        self.audit = Audit(connector)
        self.cards = Cards(connector)
        self.desk_accounts = DeskAccounts(connector)
        self.desk_sessions = DeskSessions(connector)
        self.retention = Retention(connector, self.users)
        self.desk = Desk(connector)
        self.desk_moves = DeskMoves(connector, claim_ttl)
        self.desk_reports = DeskReports(connector, self.outcomes)

    @classmethod
    async def open(
        cls,
        path: Path,
        *,
        clock: Clock = utc_now,
        busy_timeout_ms: int = 5000,
        claim_ttl: timedelta = DEFAULT_CLAIM_TTL,
    ) -> Database:
        if claim_ttl <= timedelta(0):
            raise ValueError(f"a claim must last some time, got {claim_ttl}")
        connector = await Connector.open(path, clock=clock, busy_timeout_ms=busy_timeout_ms)
        return cls(connector, claim_ttl)

    @classmethod
    async def from_settings(cls, settings: Settings, *, clock: Clock = utc_now) -> Database:
        """The bot's database: JUMYS_DB, claims lasting JUMYS_CLAIM_TTL_MINUTES."""
        return await cls.open(
            settings.db, clock=clock, claim_ttl=timedelta(minutes=settings.claim_ttl_minutes)
        )

    @property
    def path(self) -> Path:
        return self.connector.path

    @property
    def applied_migrations(self) -> list[str]:
        """Migrations this open applied (empty when the schema was already current)."""
        return list(self.connector.applied_migrations)

    async def backup(self, target: Path) -> None:
        """A consistent copy of the database at `target`, taken while the bot keeps working."""
        await backup_database(self.path, target)

    async def close(self) -> None:
        await self.connector.close()

    async def __aenter__(self) -> Database:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()
