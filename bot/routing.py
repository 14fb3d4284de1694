"""Shortcuts through aiogram's routing that keep its meaning: same handler, same data, less work.

An update walks the routers in order and tries each handler's filters until one passes
(bench/conversation.py: a dozen routers and some twenty filters per citizen update). aiogram
does that generically, and the generic parts cost more than our filters themselves:

- a filter that is not a coroutine function (a magic filter: `F.chat.type == ...`) is run
  through `asyncio.to_thread`, to be safe with filters that block. Ours never block: they read an
  attribute or two, so they run on the event loop;
- every filter and handler call builds a `functools.partial` and a dict of the parameters it
  takes: here the parameters are worked out once, and a filter that takes none gets none;
- a state test (`Ask.region`, `StateFilter(...)`) is tried before a handler's other filters:
  one comparison refuses most handlers of a router, where aiogram first unpacks the button's
  data or parses the command. The other filters keep their order, and so the data they give;
- a button's data is unpacked once per press and kind of callback data, not once per handler;
  a callback-data filter whose prefix differs refuses by a string test, without unpacking;
- a command filter refuses a text that does not start with one of its prefixes ("/") before it
  parses it;
- every router, for every update it sees, wrapped its middlewares around itself and each
  handler with `functools.wraps`, and copied the handler data at each of four levels: the walk
  here chains them with plain partials and copies the data where aiogram's copies are visible
  (each router's own, each handler's check: a handler whose filters fail leaves no trace);
- a router with nothing for the event's type anywhere in it (no handler, filter or middleware:
  the help router and a button press) is passed over; so is a router whose every button handler
  wants callback data of other prefixes than the button pressed (the consent router and a
  questionnaire answer).

`streamline(dp)` once, after every router is included (`bot.app.build_dispatcher`). A handler
registered later on a router is reached (its filters are prepared on first use, the button
prefixes a router takes are worked out again); a router included later, or a handler for an
event type nothing in its router handled at `streamline`, is not: call `streamline` again.

Filters of our own (anything but aiogram's magic, command, callback-data and state filters)
keep their place: aiogram calls them in the order given, and they may count, log or fail.
tests/test_routing.py sends generated updates through a plain and a streamlined dispatcher and
compares the handler and the data it gets.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from aiogram import Router
from aiogram.dispatcher.event.bases import REJECTED, UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import CallableObject, FilterObject, HandlerObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData, CallbackQueryFilter
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message, TelegramObject

# A filter as called here: its result, or (for a filter that is a coroutine) an awaitable of it.
FilterCall = Callable[[TelegramObject, dict[str, Any]], Any]
# How a call's result is used: as it is, always awaited (as aiogram does: a sync `Filter` that
# returns False fails there, on the await), or awaited unless False (a gate of ours refused).
AS_IS, AWAIT, AWAIT_UNLESS_FALSE = 0, 1, 2
# The call and how its result is used.
FilterRun = tuple[FilterCall, int]
Next = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# Built on first use and kept on the HandlerObject: handlers registered after `streamline` work.
_RUNS = "_jumys_runs"
_CALL = "_jumys_call"
_ENTRY = "_jumys_entry"
_CHAIN = "_jumys_chain"


def _with_its_parameters(callable_object: CallableObject) -> FilterCall:
    """`callback(event, **the data it takes)`, the parameters worked out once (aiogram's
    `CallableObject.call` works them out, and builds a partial, on every call)."""
    callback = callable_object.callback
    names = tuple(callable_object.params)
    everything = callable_object.varkw

    def call(event: TelegramObject, data: dict[str, Any]) -> Any:
        if everything:
            return callback(event, **data)
        if names:
            return callback(event, **{name: data[name] for name in names if name in data})
        return callback(event)

    return call


def _plain_run(filter_object: FilterObject) -> FilterRun:
    return _with_its_parameters(filter_object), AWAIT if filter_object.awaitable else AS_IS


class _Unpacked:
    """The last button unpacked, per kind of callback data: the handlers of one router often
    want the same kind (`Answer` for each question) and aiogram unpacks it for each of them.
    Kept for that button press only (the same CallbackQuery object); only rules read it, a
    handler gets a copy."""

    def __init__(self) -> None:
        self.pressed: dict[type[CallbackData], tuple[CallbackQuery, CallbackData | None]] = {}

    def unpack(self, kind: type[CallbackData], callback: CallbackQuery) -> CallbackData | None:
        known = self.pressed.get(kind)
        if known is not None and known[0] is callback:
            return known[1]
        try:
            unpacked: CallbackData | None = kind.unpack(callback.data or "")
        except (TypeError, ValueError):
            unpacked = None
        self.pressed[kind] = (callback, unpacked)
        return unpacked


_UNPACKED = _Unpacked()


def _callback_data_run(check: CallbackQueryFilter) -> FilterRun:
    """aiogram's CallbackQueryFilter: refused by a string test when the prefix differs (as
    `CallbackData.unpack` would refuse it), unpacked once per press and kind."""
    kind = check.callback_data
    prefix = kind.__prefix__
    starts = prefix + kind.__separator__
    rule = check.rule

    def run(event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, CallbackQuery):
            return False
        pressed = event.data
        if not pressed or (pressed != prefix and not pressed.startswith(starts)):
            return False
        unpacked = _UNPACKED.unpack(kind, event)
        if unpacked is None:
            return False
        if rule is None or rule.resolve(unpacked):
            # Its own copy, as aiogram gives each filter: a handler may change it.
            return {"callback_data": unpacked.model_copy()}
        return False

    return run, AS_IS


def _command_run(check: Command, parse: FilterRun) -> FilterRun:
    """aiogram's Command filter refuses a text whose first word does not start with one of its
    prefixes ("/"); so does this, before it parses anything."""
    prefixes = tuple(check.prefix)
    parse_call, _ = parse

    def run(event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Message):
            return False
        text = (event.text or event.caption or "").lstrip()
        if not text.startswith(prefixes):
            return False
        return parse_call(event, data)

    return run, AWAIT_UNLESS_FALSE


def _filter_run(filter_object: FilterObject) -> FilterRun:
    check = filter_object.callback
    if isinstance(check, CallbackQueryFilter):
        return _callback_data_run(check)
    if isinstance(check, Command):
        return _command_run(check, _plain_run(filter_object))
    return _plain_run(filter_object)


def _is_state_test(filter_object: FilterObject) -> bool:
    return isinstance(filter_object.callback, StateFilter | State) or (
        isinstance(filter_object.callback, type) and issubclass(filter_object.callback, StatesGroup)
    )


def _has_no_side_effects(filter_object: FilterObject) -> bool:
    """Filters that only look at the update (aiogram's own): skipping one changes nothing."""
    return filter_object.magic is not None or isinstance(
        filter_object.callback, CallbackQueryFilter | Command | StateFilter | State
    )


def _in_order(filters: list[FilterObject]) -> list[FilterObject]:
    """The state tests first, when every filter they would jump over only looks at the update:
    one comparison then refuses most of a router's handlers. The other filters keep their
    order, and so the data they give; a state test gives none. A filter of our own (it may
    count, log or fail) is not skipped where aiogram would call it: then the order is kept."""
    if not all(_has_no_side_effects(each) or _is_state_test(each) for each in filters):
        return filters
    return sorted(filters, key=lambda each: not _is_state_test(each))


def _checks_of(handler: HandlerObject) -> tuple[FilterRun, ...]:
    filters = handler.filters or ()
    runs: tuple[FilterRun, ...] | None = handler.__dict__.get(_RUNS)
    if runs is None or len(runs) != len(filters):  # a filter added since (`observer.filter`)
        runs = tuple(_filter_run(each) for each in _in_order(list(filters)))
        setattr(handler, _RUNS, runs)
    return runs


async def _checked(
    runs: tuple[FilterRun, ...], event: TelegramObject, data: dict[str, Any]
) -> dict[str, Any] | None:
    """aiogram's `HandlerObject.check` on a copy of `data`: None when a filter refuses, else
    `data` itself, or a copy with what the filters gave (`data` is left as it was)."""
    checked = data
    for run, use in runs:
        result = run(event, checked)
        if use == AWAIT or (use == AWAIT_UNLESS_FALSE and result is not False):
            result = await result
        if not result:
            return None
        if isinstance(result, dict):
            if checked is data:
                checked = dict(data)
            checked.update(result)
    return checked


def _handler_call(handler: HandlerObject) -> Next:
    """aiogram's `handler.call(event, **data)`: the callback with the parameters it takes."""
    call: Next | None = handler.__dict__.get(_CALL)
    if call is not None:
        return call
    with_its_parameters = _with_its_parameters(handler)

    async def call_now(event: TelegramObject, data: dict[str, Any]) -> Any:
        return await with_its_parameters(event, data)

    async def call_aiogram(event: TelegramObject, data: dict[str, Any]) -> Any:
        return await handler.call(event, **data)

    call = call_now if handler.awaitable else call_aiogram
    setattr(handler, _CALL, call)
    return call


def _through(middlewares: list[Any], last: Next) -> Next:
    # aiogram's wrap_middlewares without `functools.wraps` on every call.
    for middleware in reversed(middlewares):
        last = partial(middleware, last)
    return last


def _chain(observer: TelegramEventObserver) -> tuple[TelegramEventObserver, ...]:
    """The observers whose middlewares wrap this one's handlers: its router's and its parents'
    for the same event, outermost first (aiogram's `_resolve_middlewares`)."""
    name = observer.event_name
    return tuple(
        each.observers[name]
        for each in reversed(tuple(observer.router.chain_head))
        if name in each.observers
    )


async def _trigger(
    observer: TelegramEventObserver,
    chain: tuple[TelegramEventObserver, ...],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """aiogram's `TelegramEventObserver.trigger`; `data` is its own copy."""
    for handler in observer.handlers:
        data["handler"] = handler
        checked = await _checked(_checks_of(handler), event, data) if handler.filters else data
        if checked is None:
            continue
        if checked is not data:
            data.update(checked)
        inner = [each for link in chain for each in link.middleware._middlewares]
        try:
            return await _through(inner, _handler_call(handler))(event, data)
        except SkipHandler:
            continue
    return UNHANDLED


def _streamline_observer(observer: TelegramEventObserver) -> None:
    """aiogram's `trigger` and `wrap_outer_middleware` for this observer, as the walk below
    does them (for aiogram's own callers: the update observer, the errors middleware)."""
    chain = _chain(observer)

    async def trigger(event: TelegramObject, **data: Any) -> Any:
        return await _trigger(observer, chain, event, data)

    def wrap_outer_middleware(callback: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        async def last(event: TelegramObject, data: dict[str, Any]) -> Any:
            return await callback(event, **data)

        return _through(list(observer.outer_middleware._middlewares), last)(event, data)

    setattr(observer, _CHAIN, chain)
    observer.trigger = trigger  # type: ignore[method-assign]
    observer.wrap_outer_middleware = wrap_outer_middleware  # type: ignore[method-assign]


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
    # Worked out again when the router's button handlers change (one registered later).
    buttons: dict[int, tuple[tuple[str, str], ...] | None] = {}

    def takes(update_type: str, event: TelegramObject) -> bool:
        if update_type not in wanted:
            return False
        observer = router.observers.get("callback_query")
        count = len(observer.handlers) if observer is not None else 0
        if count not in buttons:
            buttons.clear()
            buttons[count] = _button_prefixes(router)
        return _takes_button(event, buttons[count])

    async def propagate_event(update_type: str, event: TelegramObject, **data: Any) -> Any:
        if not takes(update_type, event):
            return UNHANDLED
        return await _enter(router, update_type, event, data)

    setattr(router, _ENTRY, takes)
    router.propagate_event = propagate_event  # type: ignore[method-assign]


async def _enter(
    router: Router, update_type: str, event: TelegramObject, data: dict[str, Any]
) -> Any:
    """aiogram's `Router.propagate_event`; `data` is the router's own copy."""
    data["event_router"] = router
    observer = router.observers.get(update_type)
    if observer is not None and len(observer.outer_middleware):

        async def inside(event: TelegramObject, **data: Any) -> Any:
            return await _inside(router, observer, update_type, event, data)

        return await observer.wrap_outer_middleware(inside, event, data)
    return await _inside(router, observer, update_type, event, data)


async def _inside(
    router: Router,
    observer: TelegramEventObserver | None,
    update_type: str,
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """aiogram's `Router._propagate_event`; `data` is the router's own copy."""
    if observer is not None:
        root = observer._handler
        if root.filters:
            checked = await _checked(_checks_of(root), event, data)
            if checked is None:
                return UNHANDLED
            data = checked
        if observer.handlers:
            chain = observer.__dict__.get(_CHAIN) or _chain(observer)
            response = await _trigger(observer, chain, event, dict(data))
            if response is REJECTED:
                return UNHANDLED
            if response is not UNHANDLED:
                return response
    response = UNHANDLED
    for sub_router in router.sub_routers:
        takes = sub_router.__dict__.get(_ENTRY)
        if takes is None:
            response = await sub_router.propagate_event(update_type, event, **data)
        elif takes(update_type, event):
            response = await _enter(sub_router, update_type, event, dict(data))
        else:
            continue
        if response is not UNHANDLED:
            break
    return response


def _streamline_root(dp: Router) -> None:
    async def propagate_inside(
        observer: TelegramEventObserver | None,
        update_type: str,
        event: TelegramObject,
        **data: Any,
    ) -> Any:
        return await _inside(dp, observer, update_type, event, data)

    dp._propagate_event = propagate_inside  # type: ignore[method-assign]


def streamline(dp: Router) -> None:
    """Every router included in `dp` (and `dp`'s own filters); see the module's docstring."""
    for router in dp.chain_tail:
        for observer in router.observers.values():
            _streamline_observer(observer)
        if router is dp:
            _streamline_root(dp)
        else:
            _streamline_entry(router)


def unstreamline(dp: Router) -> None:
    """Back to aiogram's own walk for every router in `dp` (tests compare the two)."""
    for router in dp.chain_tail:
        for name in ("propagate_event", "_propagate_event", _ENTRY):
            router.__dict__.pop(name, None)
        for observer in router.observers.values():
            for name in ("trigger", "wrap_outer_middleware", _CHAIN):
                observer.__dict__.pop(name, None)
