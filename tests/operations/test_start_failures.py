"""The Bot API down when `jumys run` starts: the bot must not stay deaf until a restart."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.api_errors import TokenRefused
from bot.cli import main
from bot.storage.staff import StaffRole
from bot.telegram.heartbeat import heartbeat_path
from bot.telegram.service import Service

from .bot_api import BotApiServer, Failure
from .conftest import QUICK
from .service import running, settings_for

CITIZEN = 3131


async def test_polling_starts_once_the_api_is_back(api: BotApiServer, service: Service) -> None:
    """A webhook left set from webhook mode makes getUpdates fail (409) until it is removed: the
    removal is tried again until it works, then the bot polls."""
    api.webhook = "https://bot.example.kz/telegram/updates"  # left from webhook mode
    await api.pause()
    stop = asyncio.Event()
    task = asyncio.create_task(service.run(stop))
    try:
        api.push_text(CITIZEN, "/start")
        await asyncio.sleep(0.5)
        await api.resume()
        await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1)
        assert service.started.is_set() and api.webhook is None
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert "Вы согласны?" in api.texts(CITIZEN)[0]


async def _healthz(service: Service) -> tuple[int, dict[str, Any]]:
    url = f"http://127.0.0.1:{service.web_port}/healthz"
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.json()


async def test_the_webhook_is_set_once_the_api_is_back(api: BotApiServer, service: Service) -> None:
    await api.pause()
    async with running(service, webhook=True):
        assert service.web_port is not None  # Telegram may already send to the old webhook
        await asyncio.sleep(0.3)
        status, report = await _healthz(service)  # up, but Telegram sends it nothing yet
        assert (status, report["ok"], report["webhook"]) == (503, False, "not set yet")
        await api.resume()
        await api.wait_for(lambda: bool(api.sent("setWebhook")))
        assert len(api.sent("setWebhook")) == 1  # once it worked, not again
        assert api.webhook == "https://bot.example.kz/telegram/updates"
        status, report = await _healthz(service)
        assert (status, report["ok"], report["webhook"]) == (200, True, "set")


async def test_a_stop_while_the_api_is_down_at_start_ends_cleanly(
    api: BotApiServer, service: Service
) -> None:
    await api.pause()
    stop = asyncio.Event()
    task = asyncio.create_task(service.run(stop))
    await asyncio.sleep(0.3)
    stop.set()
    await asyncio.wait_for(task, 10)
    assert not service.started.is_set()


def menus_set(api: BotApiServer) -> set[str]:
    return {str(r.params.get("language_code")) for r in api.sent("setMyCommands")}


async def test_the_command_menus_are_set_once_telegram_takes_them(
    api: BotApiServer, service: Service
) -> None:
    """A menu that failed at start (the network, a 502) is tried again; the citizens' first
    updates are not held back meanwhile."""
    api.fail("setMyCommands", Failure.SERVER_ERROR, times=3)
    api.fail("setMyCommands", Failure.NOT_JSON, times=1)
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1)
        await api.wait_for(lambda: menus_set(api) == {"kk", "ru"})
        assert api.failing("setMyCommands") == 0


async def test_a_retry_sends_only_the_menus_that_failed(
    api: BotApiServer, service: Service
) -> None:
    """kk fails once, ru is set at the first try: the retry asks for kk alone (with many staff
    chats, sending every menu again would spend Telegram's patience on menus already set)."""
    api.fail("setMyCommands", Failure.SERVER_ERROR, times=1)
    async with running(service, webhook=False):
        await api.wait_for(lambda: menus_set(api) == {"kk", "ru"})
        await asyncio.sleep(0.5)  # several retry periods (QUICK: at most 0.2 s)
    languages = [str(r.params.get("language_code")) for r in api.sent("setMyCommands")]
    failed = [str(r.params.get("language_code")) for r, _ in api.failed]
    assert failed == ["kk"] and sorted(languages) == ["kk", "ru"]


async def test_a_menu_telegram_refuses_is_not_asked_again(
    api: BotApiServer, service: Service
) -> None:
    api.fail("setMyCommands", Failure.CHAT_NOT_FOUND, times=1)
    async with running(service, webhook=False):
        api.push_text(CITIZEN, "/start")
        await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1)
        await asyncio.sleep(0.5)  # several retry periods (QUICK: at most 0.2 s)
    asked = [r for r, _ in api.failed if r.method == "setMyCommands"] + api.sent("setMyCommands")
    assert len(asked) == 2  # once per language, the refused one included


async def test_a_menu_telegram_asks_to_wait_for_is_not_asked_again_before(
    api: BotApiServer, service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    """A 429 longer than the send limits wait out themselves: the menus wait for it in full
    (not the polling backoff's 0.2 s here), while citizens are answered."""
    api.flood_seconds = 3600
    api.fail("setMyCommands", Failure.FLOOD, times=1)
    with caplog.at_level(logging.WARNING, logger="bot.telegram.service"):
        async with running(service, webhook=False):
            api.push_text(CITIZEN, "/start")
            await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1)
            await api.wait_for(lambda: "set the command menus" in caplog.text)
            await asyncio.sleep(0.5)
            asked = [r for r, _ in api.failed if r.method == "setMyCommands"]
            assert len(asked) == 1 and menus_set(api) == {"ru"}  # kk refused, not asked again
    assert "set the command menus (MenusNotSet); again in 3600.0 s" in caplog.text


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_a_wrong_token_stops_the_bot_instead_of_retrying_forever(
    api: BotApiServer, service: Service, webhook: bool
) -> None:
    """Telegram's 401 does not pass with time: the bot stops and says what to fix."""
    api.fail("setWebhook" if webhook else "deleteWebhook", Failure.UNAUTHORIZED)
    with pytest.raises(TokenRefused, match="JUMYS_BOT_TOKEN"):
        await asyncio.wait_for(service.run(asyncio.Event(), webhook=webhook), 10)


async def test_a_token_revoked_while_polling_stops_the_bot_with_the_updates_in_hand_kept(
    api: BotApiServer, service: Service
) -> None:
    api.push_text(CITIZEN, "/start")
    task = asyncio.create_task(service.run(asyncio.Event()))
    await api.wait_for(lambda: len(api.texts(CITIZEN)) == 1)
    api.fail("getUpdates", Failure.UNAUTHORIZED, times=100)
    with pytest.raises(TokenRefused):
        await asyncio.wait_for(task, 10)
    assert (await service.db.inbox.counts()).waiting == 0


def test_jumys_run_with_a_wrong_token_exits_saying_so(tmp_path: Path) -> None:
    """What the operator sees: one sentence and exit status 1 (a supervisor restarting it
    shows the same sentence again), not warnings every few seconds for ever."""

    async def refused_process() -> subprocess.CompletedProcess[str]:
        api = BotApiServer()
        api.fail("deleteWebhook", Failure.UNAUTHORIZED)
        await api.start()
        try:
            env = {k: v for k, v in os.environ.items() if not k.startswith("JUMYS_")}
            env |= {
                "JUMYS_BOT_TOKEN": "123:WRONG",
                "JUMYS_API_URL": api.url,
                "JUMYS_DB": str(tmp_path / "jumys.sqlite3"),
                "JUMYS_DESK_PORT": "0",
            }
            return await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "bot", "run"],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
                check=False,
            )
        finally:
            await api.close()

    done = asyncio.run(refused_process())
    assert done.returncode == 1, done.stderr
    assert "Telegram refused JUMYS_BOT_TOKEN (401 Unauthorized)" in done.stderr
    assert "Traceback" not in done.stderr


def _health(db: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code = main(["health", "--db", str(db)])
    return code, json.loads(capsys.readouterr().out)


async def test_jumys_health_tells_a_bot_in_touch_with_telegram_from_a_deaf_one(
    api: BotApiServer, service: Service, capsys: pytest.CaptureFixture[str]
) -> None:
    """Docker's HEALTHCHECK for a polling bot, which has no /healthz: `jumys health`."""
    db = service.settings.db
    assert _health(db, capsys) == (1, {"ok": False, "database": "ok", "telegram_seconds_ago": None})
    async with running(service, webhook=False):
        # The second request: the first was answered (the long poll is 1 s here).
        await api.wait_for(lambda: len(api.sent("getUpdates")) >= 2)
        code, report = _health(db, capsys)
        assert (code, report["ok"], report["telegram_seconds_ago"]) == (0, True, 0)
        alive = heartbeat_path(db)
        ten_minutes_ago = time.time() - 600
        os.utime(alive, (ten_minutes_ago, ten_minutes_ago))  # polling failed for ten minutes
        code, report = _health(db, capsys)
        assert (code, report["ok"]) == (1, False) and report["telegram_seconds_ago"] >= 600
    # Stopped: unhealthy at once, not for the two minutes a last beat would have lasted.
    assert _health(db, capsys) == (1, {"ok": False, "database": "ok", "telegram_seconds_ago": None})


async def test_a_wrong_token_met_while_retrying_the_webhook_stops_the_bot(
    api: BotApiServer, service: Service
) -> None:
    api.fail("setWebhook", Failure.SERVER_ERROR)
    api.fail("setWebhook", Failure.UNAUTHORIZED)
    with pytest.raises(TokenRefused):
        await asyncio.wait_for(service.run(asyncio.Event(), webhook=True), 10)


async def test_the_log_names_the_regions_whose_applications_would_reach_nobody(
    api: BotApiServer, service: Service, caplog: pytest.LogCaptureFixture
) -> None:
    """No staff chat, no admins: a new application goes to its region's reviewers or nowhere."""
    await service.db.staff.add(7101, StaffRole.REVIEWER, ["turkistan"], name="Асель")
    with caplog.at_level(logging.WARNING, logger="bot.telegram.service"):
        async with running(service, webhook=False):
            pass
    [warning] = [r.getMessage() for r in caplog.records if "reach nobody" in r.getMessage()]
    assert warning.startswith("new applications from 19 region(s) reach nobody")
    assert "almaty_city" in warning and "turkistan" not in warning


async def test_with_admins_set_no_region_is_said_to_reach_nobody(
    api: BotApiServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with_admins = await Service.open(settings_for(tmp_path, api_url=api.url, admins={111}))
    with_admins.poll_times = QUICK
    try:
        with caplog.at_level(logging.WARNING, logger="bot.telegram.service"):
            async with running(with_admins, webhook=False):
                pass
    finally:
        await with_admins.close()
    assert not [r for r in caplog.records if "reach nobody" in r.getMessage()]
