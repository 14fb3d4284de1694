"""Small builders shared by the storage tests."""

from __future__ import annotations

from datetime import timedelta

from bot.storage.database import Database
from bot.storage.models import Application, AppStatus

TTL = timedelta(minutes=30)
REVIEWER = 900
CITIZEN = 100


async def submit(
    db: Database, user_id: int = CITIZEN, programme: str = "kumis_jas", region: str = "almaty_city"
) -> Application:
    application, _ = await db.applications.submit(
        user_id=user_id,
        programme=programme,
        region=region,
        profile={"region": region, "employment": "unemployed_registered"},
        verdict={"status": "eligible"},
        phone="+77011234567",
        comment="Можно звонить после обеда",
        language="ru",
    )
    return application


async def application_in(db: Database, status: AppStatus, user_id: int = CITIZEN) -> Application:
    """A fresh application brought to `status` by the legal path (held by REVIEWER if in review)."""
    application = await submit(db, user_id=user_id)
    if status is AppStatus.QUEUED:
        return application
    if status is AppStatus.WITHDRAWN:
        return await db.applications.withdraw(application.id, user_id)
    application = await db.applications.claim(application.id, REVIEWER, TTL)
    if status is AppStatus.IN_REVIEW:
        return application
    return await db.applications.decide(application.id, REVIEWER, status, "Нужна справка")
