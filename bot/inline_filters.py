"""Run plain (non-async) filters on the event loop instead of a worker thread.

aiogram calls a filter that is not a coroutine function through `asyncio.to_thread`, to be safe
with filters that block. Ours never block: they are magic filters (`F.text`, `F.chat.type ==
ChatType.PRIVATE`, ...) that read an attribute or two. A thread hop for each of them cost more than
the rest of the filtering: several per update, on every router an update passes
(bench/conversation.py). `run_filters_inline(dp)` wraps each such filter in a coroutine once,
after all routers are included.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.handler import CallableObject


def _inline(filter_object: CallableObject) -> None:
    if filter_object.awaitable:
        return
    check: Callable[..., Any] = filter_object.callback

    async def run_inline(*args: Any, **kwargs: Any) -> Any:
        return check(*args, **kwargs)

    # `params` (which keyword arguments the filter receives) stay those of the original.
    filter_object.callback = run_inline
    filter_object.awaitable = True


def run_filters_inline(router: Router) -> None:
    """Every filter of the router and of all routers included in it."""
    for each in router.chain_tail:
        for observer in each.observers.values():
            for router_filter in observer._handler.filters or ():
                _inline(router_filter)
            for handler in observer.handlers:
                for handler_filter in handler.filters or ():
                    _inline(handler_filter)
