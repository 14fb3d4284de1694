"""One update at a time per conversation, without keeping a lock for every user ever seen.

aiogram's `SimpleEventIsolation` keeps one asyncio.Lock per conversation key in a dict that is
never emptied ("TODO: Unused locks cleaner is needed" in aiogram 3.31): memory grows with every
citizen who ever wrote (bench/memory.py). Here a key's lock lives only while an update of that
conversation is being handled or waits for its turn.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from aiogram.fsm.storage.base import BaseEventIsolation, StorageKey


class ConversationIsolation(BaseEventIsolation):
    def __init__(self) -> None:
        # key -> (lock, how many hold or wait for it)
        self._locks: dict[StorageKey, tuple[asyncio.Lock, int]] = {}

    @property
    def in_use(self) -> int:
        """Conversations with an update being handled or waiting. (Not `__len__`: aiogram
        takes an isolation that is "empty", hence false, for none, and turns isolation off.)"""
        return len(self._locks)

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncGenerator[None, None]:
        lock, users = self._locks.get(key, (None, 0))
        if lock is None:
            lock = asyncio.Lock()
        self._locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            _, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def close(self) -> None:
        self._locks.clear()
