"""The desk's queue in Debian's Chromium, as a reviewer works it: sign in, find a citizen who
phoned in by their phone, take the application, decline it with a reason after confirming; the
citizen's message is queued in their language; a reviewer of another region is refused.

With DESK_SCREENSHOTS set, the queue and the application page are saved to docs/screenshots/.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from selenium.webdriver.common.by import By
from support.browser import DeskBrowser, RunningDesk
from support.web_desk import ASEL, DANA, OWN, TEMPORARY, give_password

from bot.i18n import use_locale
from bot.outbox.notices import render
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from bot.words import reasons

SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"
CITIZENS = [
    (5001, "Айгерім Бекова", "+77015550011", "kumis_jas"),
    (5002, "Ерлан Сейітов", "+77015550022", "jastar_praktikasy"),
    (5003, "Мадина Омарова", "+77015550033", "first_job"),
    (5004, "Дмитрий Иванов", "+77015550044", "social_jobs"),
]


async def _citizens(db: Database) -> list[Application]:
    made = []
    for user_id, name, phone, programme in CITIZENS:
        application, _ = await db.applications.submit(
            user_id,
            programme,
            "turkistan",
            {"region": "turkistan", "employment": "unemployed_registered"},
            {"status": "eligible"},
            phone,
            "Звоните после обеда" if user_id == 5001 else None,
            "kk",
            name=name,
        )
        made.append(application)
    return made


def _screenshot(browser: DeskBrowser, name: str) -> None:
    if os.environ.get("DESK_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        browser.driver.save_screenshot(str(SCREENSHOTS / name))


def _sign_in(browser: DeskBrowser, running_desk: RunningDesk, user_id: int) -> None:
    running_desk.call(lambda db: give_password(db, user_id))
    browser.sign_in(str(user_id), TEMPORARY)
    browser.change_password(TEMPORARY, OWN)


def test_a_reviewer_finds_a_caller_by_phone_takes_and_declines_after_confirming(
    running_desk: RunningDesk, browser: DeskBrowser
) -> None:
    applications = running_desk.call(_citizens)
    wanted = applications[0]
    _sign_in(browser, running_desk, ASEL)
    assert browser.path == "/queue"
    assert all(a.number in browser.text("#applications") for a in applications)
    _screenshot(browser, "desk-queue.png")

    browser.fill({"q": "8 (701) 555-00-11"})
    browser.press("#search")
    found = browser.text("#applications")
    assert wanted.number in found and applications[1].number not in found
    page = browser.driver.find_element(By.TAG_NAME, "html")
    browser.driver.find_element(By.LINK_TEXT, wanted.number).click()
    assert page is not None
    assert browser.path == f"/applications/{wanted.id}"
    browser.press("#take")
    assert "Айгерім Бекова" in browser.text("#facts")
    _screenshot(browser, "desk-application.png")

    browser.open(f"/applications/{wanted.id}/decline")
    browser.driver.find_element(By.ID, "code-student").click()
    browser.press("#next")
    with use_locale("kk"):
        in_kazakh = str(reasons.REJECT_REASONS["student"])
    assert in_kazakh in browser.text("#preview")  # what the citizen will read, in Kazakh
    assert running_desk.call(lambda db: db.outbox.backlog()) == 0
    browser.press("#confirm")

    declined = running_desk.call(lambda db: db.applications.get(wanted.id))
    assert declined is not None and declined.status is AppStatus.REJECTED
    [message] = running_desk.call(lambda db: db.outbox.fetch_due(datetime.now(UTC)))
    assert (message.chat_id, message.language) == (5001, "kk")
    told = running_desk.call(lambda db: render(message, db, datetime.now(UTC)))
    assert told is not None and in_kazakh in told.text


def test_a_reviewer_of_another_region_is_refused_the_application(
    running_desk: RunningDesk, browser: DeskBrowser
) -> None:
    [theirs, *_] = running_desk.call(_citizens)
    _sign_in(browser, running_desk, DANA)  # Abai's reviewer; the applications are Turkistan's

    assert theirs.number not in browser.text("main")
    browser.open(f"/applications/{theirs.id}")
    refused = browser.text("main")
    assert "Айгерім" not in refused and "555" not in refused
    assert browser.driver.find_elements(By.ID, "take") == []
    [attempt] = running_desk.call(lambda db: db.staff.refusals(DANA))
    assert attempt.application_id == theirs.id
