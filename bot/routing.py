"""Shortcuts through aiogram's routing that keep its meaning: same handler, same data, less work.

An update walks the routers in order and tries each handler's filters until one passes
(bench/conversation.py: a dozen routers and some twenty filters per citizen update). aiogram
does that generically, and the generic parts cost more than our filters themselves:

- a filter that is not a coroutine function (a magic filter: `F.chat.type == ...`) is run
  through `asyncio.to_thread`, to be safe with filters that block. Ours never block: they read an
  attribute or two, so they run on the event loop;
- every filter call builds a `functools.partial` and a dict of the parameters it takes: here the
  parameters are worked out once, and a filter that takes none gets none;
- a callback-data filter (`Answer.filter(...)`) unpacks the button's data into a model before it
  looks at the prefix: one that cannot match (another prefix) is refused by a string test first;
- every router wraps its (usually empty) outer middlewares around itself, with `functools.wraps`,
  for every update it sees; a router with no outer middleware for the event is entered directly;
- a router with nothing for the event's type anywhere in it (no handler, filter or middleware:
  the help router and a button press) is passed over; so is a router whose every button handler
  wants callback data of other prefixes than the button pressed (the consent router and a
  questionnaire answer).

`streamline(dp)` once, after every router and handler is in place (`bot.app.build_dispatcher`):
handlers registered later on a router that was passed over for their event type would not be
reached. Outer middlewares are looked up on every update, as aiogram does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, TelegramObject

FilterRun = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def _plain_run(filter_object: FilterObject) -> FilterRun:
    callback = filter_object.callback
    awaitable = filter_object.awaitable
    names = tuple(filter_object.params)
    everything = filter_object.varkw

    async def run(event: TelegramObject, data: dict[str, Any]) -> Any:
        if everything:
            result = callback(event, **data)
        elif names:
            result = callback(event, **{name: data[name] for name in names if name in data})
        else:
            result = callback(event)
        return await result if awaitable else result

    return run


def _callback_data_run(check: CallbackQueryFilter, fallback: FilterRun) -> FilterRun:
    # `CallbackData.unpack` refuses data whose first part is not the prefix; so does this.
    prefix = check.callback_data.__prefix__
    starts = prefix + check.callback_data.__separator__

    async def run(event: TelegramObject, data: dict[str, Any]) -> Any:
        if isinstance(event, CallbackQuery):
            pressed = event.data
            if not pressed or (pressed != prefix and not pressed.startswith(starts)):
                return False
        return await fallback(event, data)

    return run


def _filter_run(filter_object: FilterObject) -> FilterRun:
    run = _plain_run(filter_object)
    if isinstance(filter_object.callback, CallbackQueryFilter):
        return _callback_data_run(filter_object.callback, run)
    return run


def _streamline_checks(handler: HandlerObject) -> None:
    if not handler.filters:
        return
    runs = tuple(_filter_run(each) for each in handler.filters)

    async def check(event: TelegramObject, **data: Any) -> tuple[bool, dict[str, Any]]:
        # aiogram's HandlerObject.check, with each filter called as above.
        for run in runs:
            result = await run(event, data)
            if not result:
                return False, data
            if isinstance(result, dict):
                data.update(result)
        return True, data

    handler.check = check  # type: ignore[method-assign]


def _event_types(router: Router) -> frozenset[str]:
    """Event types something in the router or below it acts on."""
    wanted: set[str] = set()
    for each in router.chain_tail:
        for name, observer in each.observers.items():
            if (
                observer.handlers
                or observer._handler.filters
                or len(observer.outer_middleware)
                or len(observer.middleware)
            ):
                wanted.add(name)
    return frozenset(wanted)


def _button_prefixes(router: Router) -> tuple[tuple[str, str], ...] | None:
    """(prefix, prefix + separator) of the callback data one of the router's buttons handlers
    could take, when that is all it could take: a router of its own (no sub-routers, no filter
    or middleware of its own for buttons) whose every button handler has a callback-data
    filter. None otherwise."""
    observer = router.observers.get("callback_query")
    if (
        observer is None
        or not observer.handlers
        or router.sub_routers
        or observer._handler.filters
        or len(observer.outer_middleware)
    ):
        return None
    prefixes: set[tuple[str, str]] = set()
    for handler in observer.handlers:
        data_filters = [
            each.callback
            for each in handler.filters or ()
            if isinstance(each.callback, CallbackQueryFilter)
        ]
        if not data_filters:
            return None
        kind = data_filters[0].callback_data
        prefixes.add((kind.__prefix__, kind.__prefix__ + kind.__separator__))
    return tuple(sorted(prefixes))


def _takes_button(event: TelegramObject, prefixes: tuple[tuple[str, str], ...] | None) -> bool:
    if prefixes is None or not isinstance(event, CallbackQuery):
        return True
    pressed = event.data or ""
    return any(pressed == prefix or pressed.startswith(starts) for prefix, starts in prefixes)


def _streamline_entry(router: Router) -> None:
    wanted = _event_types(router)
    buttons = _button_prefixes(router)
    propagate = router.propagate_event

    async def propagate_event(update_type: str, event: TelegramObject, **data: Any) -> Any:
        if update_type not in wanted or not _takes_button(event, buttons):
            return UNHANDLED
        observer = router.observers.get(update_type)
        if observer is not None and len(observer.outer_middleware):
            return await propagate(update_type, event, **data)
        data["event_router"] = router
        return await router._propagate_event(
            observer=observer, update_type=update_type, event=event, **data
        )

    router.propagate_event = propagate_event  # type: ignore[method-assign]


def streamline(dp: Router) -> None:
    """Every router included in `dp` (and `dp`'s own filters); see the module's docstring."""
    for router in dp.chain_tail:
        for observer in router.observers.values():
            _streamline_checks(observer._handler)
            for handler in observer.handlers:
                _streamline_checks(handler)
        if router is not dp:
            _streamline_entry(router)
