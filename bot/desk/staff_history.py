"""A staff event in words, for the team's pages: what happened and who did it, with the names
the event kept."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import _, __
from bot.storage.staff_events import StaffEvent, StaffEventKind
from bot.words.names import region_name

_WHAT: dict[StaffEventKind, Callable[[], str]] = {
    StaffEventKind.MEMBER_ADDED: lambda: _("added to the staff"),
    StaffEventKind.MEMBER_CHANGED: lambda: _("role or regions given anew"),
    StaffEventKind.MEMBER_REMOVED: lambda: _("removed from the staff"),
    StaffEventKind.PASSWORD_SET: lambda: _("a temporary password set"),
    StaffEventKind.PASSWORD_CHANGED: lambda: _("password changed"),
    StaffEventKind.SIGNED_IN: lambda: _("signed in"),
    StaffEventKind.SIGNED_OUT: lambda: _("signed out"),
    StaffEventKind.LOCKED: lambda: _("locked after failed sign-ins"),
}
_OPERATOR = __("the server's operator")


def actor(event: StaffEvent) -> str:
    if event.actor_id is None:
        return str(_OPERATOR)
    if event.actor_name:
        return _("{name} (ID {id})").format(name=event.actor_name, id=event.actor_id)
    return _("ID {id}").format(id=event.actor_id)


def event_text(event: StaffEvent) -> str:
    if event.kind in (StaffEventKind.REGION_ADDED, StaffEventKind.REGION_REMOVED):
        region = region_name(str(event.detail.get("region", "")))
        what = (
            _("region added: {region}")
            if event.kind is StaffEventKind.REGION_ADDED
            else _("region taken away: {region}")
        ).format(region=region)
    else:
        what = _WHAT[event.kind]()
    return _("{what} — {actor}").format(what=what, actor=actor(event))
