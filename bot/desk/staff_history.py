"""An audit entry about a member in words, for the team's pages: what happened and who did it,
with the names the entry kept."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import _
from bot.storage.audit import AuditAction, AuditEntry
from bot.words.names import region_name

_WHAT: dict[AuditAction, Callable[[AuditEntry], str]] = {
    AuditAction.ADDED: lambda entry: _("added to the staff"),
    AuditAction.ROLE: lambda entry: (
        _("role: supervisor, all regions")
        if entry.detail.get("role") == "supervisor"
        else _("role: reviewer")
    ),
    AuditAction.REGION_ADDED: lambda entry: _("region added: {region}").format(
        region=region_name(str(entry.detail.get("region", "")))
    ),
    AuditAction.REGION_REMOVED: lambda entry: _("region taken away: {region}").format(
        region=region_name(str(entry.detail.get("region", "")))
    ),
    AuditAction.REMOVED: lambda entry: _("removed from the staff"),
    AuditAction.EXPORT: lambda entry: _("applications exported"),
    AuditAction.PASSWORD_SET: lambda entry: _("a temporary password set"),
    AuditAction.PASSWORD_CHANGED: lambda entry: _("password changed"),
    AuditAction.SIGNED_IN: lambda entry: _("signed in"),
    AuditAction.SIGNED_OUT: lambda entry: _("signed out"),
    AuditAction.LOCKED: lambda entry: _("locked after failed sign-ins"),
}


def actor(entry: AuditEntry) -> str:
    if entry.actor.user_id is None:
        return _("the server's operator")
    if entry.actor.name:
        return _("{name} (ID {id})").format(name=entry.actor.name, id=entry.actor.user_id)
    return _("ID {id}").format(id=entry.actor.user_id)


def entry_text(entry: AuditEntry) -> str:
    what = _WHAT[entry.action](entry)
    if entry.action is AuditAction.LOCKED:
        return what  # nobody did it
    return _("{what} — {actor}").format(what=what, actor=actor(entry))
