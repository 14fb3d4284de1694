"""An audit trail that does not change after the fact: each move and note keeps the name its
staff author had then (renaming oneself or leaving the staff rewrites nothing), and changes of
the staff and exports of people's data are recorded too, with who did them."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from support.desk import ADMIN, ASEL, BOLAT, SUPERVISOR, Desk

from bot.cli import main
from bot.storage.audit import Actor, AuditAction
from bot.storage.models import AppStatus


async def _approved_by_asel(desk: Desk) -> tuple[Any, Any]:
    application, asel = await desk.taken(ASEL)
    await asel.press("Одобрить")
    await asel.press("Да, одобрить")
    return application, asel


async def test_a_reviewer_who_renames_herself_leaves_her_past_decisions_as_they_were(
    desk: Desk,
) -> None:
    application, _asel = await _approved_by_asel(desk)
    renamed = desk.person(ASEL, name="Мисс Одобрение")
    await renamed.send("/queue")  # the bot learns her new name from Telegram
    assert (await desk.db.staff.names([ASEL]))[ASEL] == "Мисс Одобрение"

    supervisor = desk.person(SUPERVISOR)
    await supervisor.send(f"/app {application.number}")
    assert "одобрена — Асель (ID 7101)" in supervisor.text
    assert "Мисс Одобрение" not in supervisor.text


async def test_a_removed_reviewer_is_still_named_in_history_notes_export_and_stats(
    desk: Desk,
) -> None:
    application, asel = await _approved_by_asel(desk)
    await asel.send(f"/note {application.number} Звонила, придёт в среду")
    await desk.db.staff.remove(ASEL)

    supervisor = desk.person(SUPERVISOR)
    await supervisor.send(f"/app {application.number}")
    assert "одобрена — Асель (ID 7101)" in supervisor.text
    assert "Асель (ID 7101): Звонила, придёт в среду" in supervisor.text
    assert "— ID 7101" not in supervisor.text

    await supervisor.send("/stats")
    assert "Асель (ID 7101)" in supervisor.text

    await supervisor.send("/export")
    await supervisor.press("Этот месяц")
    [request] = desk.session.sent("sendDocument")
    call: Any = request.call
    rows = list(load_workbook(io.BytesIO(call.document.data)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    reviewer = rows[0].index("Специалист")
    assert rows[1][reviewer] == "Асель (ID 7101)"


async def test_the_card_names_the_reviewer_as_she_was_when_she_took_it(desk: Desk) -> None:
    application, _asel = await desk.taken(ASEL)
    await desk.db.staff.remember(ASEL, "Кто-то другой", "ru")
    bolat = desk.person(BOLAT)
    await bolat.send(f"/app {application.number}")
    assert "Асель (ID 7101)" in bolat.text and "Кто-то другой" not in bolat.text


async def test_an_admin_without_a_staff_row_is_named_by_his_telegram_name(desk: Desk) -> None:
    application = await desk.announced()
    admin = desk.person(ADMIN, name="Ерлан")
    await admin.send(f"/app {application.number}")
    await admin.press("Взять")
    await admin.press("Отклонить")
    await admin.press("Не подходит по условиям")
    await admin.press("Да, отклонить")
    events = await desk.db.applications.events(application.id)
    assert [(e.to_status, e.actor_name) for e in events] == [
        (AppStatus.QUEUED, None),  # the citizen's name is never kept with an event
        (AppStatus.IN_REVIEW, "Ерлан"),
        (AppStatus.REJECTED, "Ерлан"),
    ]


async def test_staff_changes_in_telegram_are_recorded_with_the_admins_name(centre: Desk) -> None:
    desk = centre
    admin = desk.person(ADMIN, name="Ерлан")
    await admin.send("/staff")
    await admin.press("Асель")
    await admin.press("область Абай")  # a region more
    await admin.press("руководител")  # made a supervisor
    await admin.press("Убрать")
    await admin.press("Да, убрать")

    entries = [e for e in await desk.db.audit.entries() if e.actor.user_id == ADMIN]
    assert [(e.actor.name, e.action, e.subject_id, e.subject_name, e.detail) for e in entries] == [
        ("Ерлан", AuditAction.REGION_ADDED, ASEL, "Асель", {"region": "abai"}),
        ("Ерлан", AuditAction.ROLE, ASEL, "Асель", {"role": "supervisor"}),
        ("Ерлан", AuditAction.REMOVED, ASEL, "Асель", {}),
    ]


async def test_jumys_staff_changes_are_recorded_as_the_servers_and_listed(
    desk: Desk, capsys: Any
) -> None:
    path = str(desk.db.path)

    def jumys(*arguments: str) -> int:
        return main(["staff", "--db", path, *arguments])

    assert await asyncio.to_thread(jumys, "add", "9001", "--region", "abai", "--name", "Жанна") == 0
    assert await asyncio.to_thread(jumys, "remove", "9001") == 0
    added, removed = (await desk.db.audit.entries())[-2:]
    assert (added.actor, added.action, added.subject_id) == (Actor(), AuditAction.ADDED, 9001)
    assert added.detail == {"role": "reviewer", "regions": ["abai"]}
    assert (removed.action, removed.subject_name) == (AuditAction.REMOVED, "Жанна")

    capsys.readouterr()
    assert await asyncio.to_thread(jumys, "audit") == 0
    out = capsys.readouterr().out
    assert "server\tadded\t9001 Жанна\tregions=abai role=reviewer" in out
    assert "server\tremoved\t9001 Жанна" in out


async def test_an_export_in_telegram_is_recorded_with_its_reach_and_size(desk: Desk) -> None:
    await desk.announced()
    other = await desk.submit(5002, region="abai")
    await desk.db.applications.claim(other.id, BOLAT, timedelta(minutes=30))
    asel = desk.person(ASEL)
    await asel.send("/export")
    await asel.press("Этот месяц")
    [entry] = [e for e in await desk.db.audit.entries() if e.action is AuditAction.EXPORT]
    assert entry.actor == Actor(ASEL, "Асель")
    assert entry.detail == {
        "format": "xlsx",
        "from": "2026-03-01",
        "to": "2026-03-02",
        "regions": None,
        "rows": 2,
        "personal_data_regions": ["turkistan"],
    }


async def test_jumys_export_is_recorded_as_the_servers(desk: Desk, tmp_path: Path) -> None:
    await desk.announced()
    output = tmp_path / "out.csv"
    arguments = ["export", "--db", str(desk.db.path), "--format", "csv", "--output", str(output)]
    assert await asyncio.to_thread(main, arguments) == 0
    [entry] = [e for e in await desk.db.audit.entries() if e.action is AuditAction.EXPORT]
    assert (entry.actor, entry.detail["format"], entry.detail["rows"]) == (Actor(), "csv", 1)
    assert entry.detail["personal_data_regions"] is None  # everything, on the server
