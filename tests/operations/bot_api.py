"""A Bot API server on 127.0.0.1 (aiohttp, in the test's process) for the bot's real HTTP session.

It keeps an update queue with Telegram's getUpdates rules (long polling up to `timeout`, updates
below `offset` confirmed and dropped), answers the methods the bot uses, records every request,
and can be told to fail: `fail("sendMessage", Failure.SERVER_ERROR, times=2)` answers the next two
sendMessage calls with a 502 and does not deliver them (`Failure.LATE` does deliver, and answers
only after the client gave up: the one failure after which the client cannot know).
Like Telegram, it refuses an edit that changes nothing ("message is not modified"): it remembers
the text and buttons of each message it sent or edited.
`pause()` / `resume()` close and reopen the listening socket on the same port (connection
refused in between).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aiohttp import web

# No keep-alive: every request opens a connection, so `pause()` really refuses the next one.
_CLOSE = {"Connection": "close"}


class Failure(StrEnum):
    SERVER_ERROR = "502"  # Bad Gateway, request not carried out
    FLOOD = "429"  # Too Many Requests, retry_after `flood_seconds` (1)
    NOT_JSON = "html"  # a proxy's HTML error page
    TIMEOUT = "timeout"  # no answer until the client gives up, request not carried out
    LATE = "late"  # carried out (the message is delivered), answered only after the client gave up
    BLOCKED = "403"  # Forbidden: bot was blocked by the user
    CHAT_NOT_FOUND = "400"  # Bad Request: chat not found
    UNAUTHORIZED = "401"  # Unauthorized: a wrong or revoked bot token


# What may go away by itself: a client should try again.
TRANSIENT_FAILURES = (
    Failure.SERVER_ERROR,
    Failure.FLOOD,
    Failure.NOT_JSON,
    Failure.TIMEOUT,
    Failure.LATE,
)


@dataclass
class Request:
    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


def _decode(value: str) -> Any:
    if value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


class BotApiServer:
    def __init__(self, *, bot_id: int = 123) -> None:
        self.bot_id = bot_id
        self.requests: list[Request] = []
        self.timeout_seconds = 3.0  # how long a TIMEOUT failure keeps the request hanging
        self.flood_seconds = 1  # the retry_after of a FLOOD failure
        self._updates: deque[dict[str, Any]] = deque()
        self._new_update = asyncio.Event()
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._failures: dict[str, deque[Failure | None]] = defaultdict(deque)
        self.failed: list[tuple[Request, Failure]] = []  # the requests answered with a failure
        self.hanging = asyncio.Event()  # set while a TIMEOUT failure holds a request
        self.webhook: str | None = None  # while set, getUpdates is refused (409), as Telegram does
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self.port = 0
        # (chat, message) -> (text, buttons) as last sent or edited
        self._contents: dict[tuple[int, int], tuple[Any, Any]] = {}

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        # A bot killed mid-long-poll leaves a request open: closing does not wait for it.
        self._runner = web.AppRunner(
            app, handle_signals=False, access_log=None, shutdown_timeout=0.1
        )
        await self._runner.setup()
        await self.resume()

    async def resume(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port, reuse_address=True)
        await self._site.start()
        self.port = int(self._runner.addresses[-1][1])

    async def pause(self) -> None:
        """Stop listening: new connections are refused until `resume()`."""
        assert self._site is not None
        await self._site.stop()

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- the citizen's side -------------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._new_update.set()
        return update_id

    def push_text(self, user_id: int, text: str, first_name: str = "Айгүл") -> int:
        return self.push({"message": self._message(user_id, text=text, first_name=first_name)})

    def push_callback(self, user_id: int, data: str, message_id: int | None = None) -> int:
        """A button pressed under one of the bot's messages (by default one not seen before)."""
        message = self._message(user_id, text="…", from_bot=True, message_id=message_id)
        return self.push(
            {
                "callback_query": {
                    "id": f"cb{next(self._update_ids)}",
                    "from": {"id": user_id, "is_bot": False, "first_name": "Айгүл"},
                    "chat_instance": str(user_id),
                    "message": message,
                    "data": data,
                }
            }
        )

    def _message(
        self,
        user_id: int,
        *,
        text: str,
        first_name: str = "Айгүл",
        from_bot: bool = False,
        message_id: int | None = None,
    ) -> dict[str, Any]:
        sender = (
            {"id": self.bot_id, "is_bot": True, "first_name": "Jumys"}
            if from_bot
            else {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "ru"}
        )
        return {
            "message_id": message_id if message_id is not None else next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": sender,
            "text": text,
        }

    @property
    def unconfirmed(self) -> int:
        return len(self._updates)

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[Request]:
        return [
            r
            for r in self.requests
            if r.method == method
            and (chat_id is None or int(r.params.get("chat_id", 0)) == chat_id)
        ]

    def texts(self, chat_id: int) -> list[str]:
        return [str(r.params.get("text", "")) for r in self.sent("sendMessage", chat_id)]

    async def wait_for(self, predicate: Any, seconds: float = 10.0) -> None:
        deadline = time.monotonic() + seconds
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError("the bot did not get there in time")
            await asyncio.sleep(0.01)

    def fail(self, method: str, failure: Failure, times: int = 1, *, after: int = 0) -> None:
        """The next `times` calls of `method` fail, once `after` more have been answered."""
        self._failures[method].extend([None] * after + [failure] * times)

    def failing(self, method: str) -> int:
        """How many of the failures asked for `method` are still to come."""
        return sum(1 for failure in self._failures.get(method, ()) if failure is not None)

    # -- the bot's side -----------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        form = await request.post()
        params = {key: _decode(str(value)) for key, value in form.items()}
        failures = self._failures.get(method)
        if method == "getUpdates" and self.webhook is not None:
            body = {
                "ok": False,
                "error_code": 409,
                "description": "Conflict: can't use getUpdates method while webhook is active;"
                " use deleteWebhook to delete the webhook first",
            }
            return web.json_response(body, status=409, headers=_CLOSE)
        failure = failures.popleft() if failures else None
        if failure is not None:
            self.failed.append((Request(method, params), failure))
            if failure is Failure.LATE:
                await self._carried_out(method, params)
            return await self._failed(failure)
        if method in ("editMessageText", "editMessageReplyMarkup") and self._unchanged(params):
            self.requests.append(Request(method, params))
            body = {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message is not modified: specified new message"
                " content and reply markup are exactly the same as a current content and reply"
                " markup of the message",
            }
            return web.json_response(body, status=400, headers=_CLOSE)
        return self._ok(await self._carried_out(method, params))

    def _unchanged(self, params: dict[str, Any]) -> bool:
        key = (int(params.get("chat_id", 0)), int(params.get("message_id", 0)))
        known = self._contents.get(key)
        return known is not None and known == self._edited(known, params)

    @staticmethod
    def _edited(known: tuple[Any, Any] | None, params: dict[str, Any]) -> tuple[Any, Any]:
        text = params.get("text", known[0] if known else None)
        return text, params.get("reply_markup")

    async def _carried_out(self, method: str, params: dict[str, Any]) -> Any:
        self.requests.append(Request(method, params))
        if method in ("setWebhook", "deleteWebhook"):
            self.webhook = str(params["url"]) if method == "setWebhook" else None
        if method == "getUpdates":
            return await self._get_updates(params)
        return self._answer(method, params)

    async def _failed(self, failure: Failure) -> web.StreamResponse:
        if failure in (Failure.TIMEOUT, Failure.LATE):
            self.hanging.set()
            await asyncio.sleep(self.timeout_seconds)
            self.hanging.clear()
        if failure is Failure.FLOOD:
            wait = self.flood_seconds
            body = {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {wait}",
                "parameters": {"retry_after": wait},
            }
            return web.json_response(body, status=429, headers=_CLOSE)
        if failure is Failure.LATE:
            return self._ok(True)  # nobody is listening any more
        if failure in (Failure.BLOCKED, Failure.CHAT_NOT_FOUND, Failure.UNAUTHORIZED):
            code, description = {
                Failure.BLOCKED: (403, "Forbidden: bot was blocked by the user"),
                Failure.CHAT_NOT_FOUND: (400, "Bad Request: chat not found"),
                Failure.UNAUTHORIZED: (401, "Unauthorized"),
            }[failure]
            body = {"ok": False, "error_code": code, "description": description}
            return web.json_response(body, status=code, headers=_CLOSE)
        if failure is Failure.NOT_JSON:
            return web.Response(status=502, text="<html>502 Bad Gateway</html>", headers=_CLOSE)
        body = {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        return web.json_response(body, status=502, headers=_CLOSE)

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result}, headers=_CLOSE)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0) or 0)
        while self._updates and self._updates[0]["update_id"] < offset:
            self._updates.popleft()
        timeout = float(params.get("timeout", 0) or 0)
        if not self._updates and timeout > 0:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=timeout)
            except TimeoutError:
                return []
        limit = int(params.get("limit", 100) or 100)
        return list(itertools.islice(self._updates, limit))

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {"id": self.bot_id, "is_bot": True, "first_name": "Jumys", "username": "jumys"}
        if method in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            chat_id = int(params.get("chat_id", 0))
            message_id = (
                next(self._message_ids)
                if method == "sendMessage"
                else int(params.get("message_id", 0))
            )
            key = (chat_id, message_id)
            self._contents[key] = self._edited(self._contents.get(key), params)
            return {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": self.bot_id, "is_bot": True, "first_name": "Jumys"},
                "text": params.get("text", "…"),
            }
        return True
