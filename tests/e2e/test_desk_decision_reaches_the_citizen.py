"""The whole way of a refusal, with nothing simulated between the parts: a citizen applies in
Kazakh through the Bot API emulator to the real `jumys run`; her region's reviewer is told in
Telegram without any of her personal data, signs in to the desk that same process serves (in
Debian's Chromium), finds her by the phone number she gave, takes the application and declines
it with a reason after confirming; the citizen reads the refusal in Kazakh in Telegram. A
reviewer of another region cannot open it."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
from selenium.webdriver.common.by import By
from support.browser import DeskBrowser, open_chromium

from bot.storage.models import application_number
from bot.words import reasons

from .citizen import (
    IIN,
    REGION,
    STARTUP_TIMEOUT_S,
    answer_questions,
    applications_in,
    kazakh,
    speaks_kazakh,
)
from .conftest import Bots
from .processes import REPO_ROOT, clean_environment
from .telegram_user import BotMessage, TelegramUser

REVIEWER, STRANGER = 7201, 7202  # Karaganda's reviewer; Abai's
PHONE = "+7 701 234 56 78"
PHONE_AS_SAID_ON_THE_LINE = "8 701 234-56-78"
REASON = "documents"
TELEGRAM_WAIT_S = 30.0  # the outbox's first delivery after a page's decision


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def jumys(env: dict[str, str], *arguments: str, typed: str = "") -> None:
    """A `jumys` command beside the running bot, as an admin types it on the server."""
    done = subprocess.run(
        [sys.executable, "-m", "bot", *arguments],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


async def apply_in_kazakh(citizen: TelegramUser) -> BotMessage:
    """/start to a sent application, tapping and typing as the bot asks; the message that says
    the application was sent."""
    await citizen.send_text("/start")
    consent = await citizen.next_message_with_buttons("cons:")
    await citizen.press(consent, consent.button("cons:1"))
    results = await answer_questions(citizen)
    await citizen.press(results, results.button("apply:"))
    # The application's own steps, whichever the bot asks and in its order, until it is sent.
    for _turn in range(6):
        step = await citizen.next_message(
            lambda m: bool(m.reply_keyboard) or m.has_buttons("apn:") or "A-0" in m.text
        )
        if step.reply_keyboard:
            await citizen.send_text(PHONE)
        elif step.has_buttons("apn:submit:"):
            await citizen.press(step, step.button("apn:submit:"))
        else:
            return step
        await asyncio.sleep(0.5)  # reading, and within the flood limit
    raise AssertionError(f"the application was never sent:\n{citizen.transcript[-4:]}")


def decline_in_the_desk(desk_url: str, app_id: int, number: str, profile: Path) -> str:
    """Abai's reviewer is refused the application; Karaganda's finds it by phone, takes it and
    declines it, confirming after the preview; the preview's text."""
    driver = open_chromium(profile)
    try:
        desk = DeskBrowser(driver, desk_url)
        desk.sign_in("erlan", "temporary-pass-1")
        desk.change_password("temporary-pass-1", "erlan-own-password")
        desk.open(f"/applications/{app_id}")
        refused = desk.text("main")
        assert number not in refused and "701" not in refused
        assert driver.find_elements(By.ID, "take") == []
        desk.press("#sign-out")

        desk.sign_in("dana", "temporary-pass-1")
        desk.change_password("temporary-pass-1", "dana-own-password")
        desk.fill({"q": PHONE_AS_SAID_ON_THE_LINE})
        desk.press("#search")
        driver.find_element(By.LINK_TEXT, number).click()
        desk.press("#take")
        desk.press("#decline")
        driver.find_element(By.ID, f"code-{REASON}").click()
        desk.press("#next")
        preview = desk.text("#preview")
        desk.press("#confirm")
        return preview
    finally:
        driver.quit()


async def test_a_refusal_made_in_the_desk_reaches_the_citizen_in_kazakh_in_telegram(
    bots: Bots, bot_api_url: str, bot_token: str, http: aiohttp.ClientSession, tmp_path: Path
) -> None:
    db_path = tmp_path / "jumys.sqlite3"
    port = free_port()
    desk_url = f"http://127.0.0.1:{port}"
    env = clean_environment(
        JUMYS_BOT_TOKEN=bot_token,
        JUMYS_API_URL=bot_api_url,
        JUMYS_DB=str(db_path),
        JUMYS_DESK_PORT=str(port),
        JUMYS_DESK_URL=desk_url,
    )
    running = bots.start("jumys run", [sys.executable, "-m", "bot", "run"], env)
    running.wait_for_line("long polling started", STARTUP_TIMEOUT_S)
    jumys(env, "staff", "add", str(REVIEWER), "--region", REGION, "--name", "Дана")
    jumys(env, "staff", "add", str(STRANGER), "--region", "abai", "--name", "Ерлан")
    for member, login in ((REVIEWER, "dana"), (STRANGER, "erlan")):
        jumys(env, "staff", "passwd", str(member), "--login", login, typed="temporary-pass-1\n")

    # The reviewer pressed Start once, so Telegram lets the bot tell her of new applications.
    reviewer = TelegramUser(
        http,
        bot_api_url,
        bot_token,
        user_id=REVIEWER,
        first_name="Дана",
        language_code="kk",
        check_alive=bots.check_alive,
    )
    await reviewer.send_text("/start")
    await reviewer.next_message()
    citizen = TelegramUser(
        http,
        bot_api_url,
        bot_token,
        user_id=5550777,
        first_name="Айгүл",
        language_code="kk",
        check_alive=bots.check_alive,
    )
    sent = await apply_in_kazakh(citizen)
    [stored] = applications_in(db_path)
    number = application_number(stored.id)
    assert number in sent.text

    notice = await reviewer.next_message(lambda m: number in m.text, timeout_s=TELEGRAM_WAIT_S)
    assert f"{desk_url}/applications/{stored.id}" in notice.text, "the notice links the desk"
    assert speaks_kazakh(notice), "in the reviewer's language"
    for personal in (IIN, "701", "Айгүл"):
        assert personal not in notice.text, "no personal data in a staff chat by default"

    # The browser blocks; in a thread of its own it leaves this loop free (the emulator's
    # idle connections are closed and reopened as they would be, not found dead later).
    in_kazakh = kazakh(lambda: str(reasons.REJECT_REASONS[REASON]))
    before = len(citizen.transcript)
    preview = await asyncio.to_thread(
        decline_in_the_desk, desk_url, stored.id, number, tmp_path / "chromium-profile"
    )
    assert in_kazakh in preview, "the reviewer reads what the citizen will, before confirming"

    told = await citizen.next_message(lambda m: number in m.text, timeout_s=TELEGRAM_WAIT_S)
    assert in_kazakh in told.text, "the citizen reads the reason, in her language"
    assert len([m for m in citizen.transcript[before:] if number in m.text]) == 1
    [declined] = applications_in(db_path)
    assert declined.status == "rejected"
    assert bots.stop(running) == 0
    log = running.log_path.read_text()
    assert IIN not in log and "7012345678" not in log, "no personal data in the log"
