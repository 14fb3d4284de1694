"""/stats with plan and actual, /plan, /export read back as XLSX, and the same from `jumys`."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from support.desk import ADMIN, ASEL, BOLAT, Desk

from bot.cli import main
from bot.storage.audit import Actor
from bot.storage.models import AppStatus
from bot.storage.outcomes import NewOutcome, OutcomeKind
from handlers.staff.plan import PlanPick

TTL_MINUTES = 30
FORMULA = '=HYPERLINK("http://example.com","click")'


async def _decided(desk: Desk, citizen: int, to: AppStatus, region: str = "turkistan") -> int:
    application = await desk.submit(citizen, region=region, comment=FORMULA)
    await desk.db.applications.claim(application.id, ASEL, timedelta(minutes=TTL_MINUTES))
    reason = None if to is AppStatus.APPROVED else "Нет мест"
    await desk.db.applications.decide(application.id, ASEL, to, reason)
    return application.id


async def _career_centre(desk: Desk) -> None:
    """Two approved in Turkistan, one of them placed (the plan's "actual"), one declined; one
    waiting in Abai."""
    placed = await _decided(desk, 5001, AppStatus.APPROVED)
    await _decided(desk, 5002, AppStatus.APPROVED)
    await desk.db.outcomes.record(
        placed, NewOutcome(OutcomeKind.PLACED, "ТОО «Ақ жол»", date(2026, 2, 16)), by=Actor(ASEL)
    )
    await _decided(desk, 5003, AppStatus.REJECTED)
    await desk.submit(5004, region="abai", comment=FORMULA)


async def test_an_admin_sets_the_plan_and_stats_show_plan_against_people_placed(desk: Desk) -> None:
    await _career_centre(desk)
    admin = desk.person(ADMIN)
    await admin.send("/plan")
    assert "выберите программу" in admin.text
    await admin.press("Серебряный возраст")
    assert "выберите регион" in admin.text
    await admin.tap(PlanPick(programme="kumis_jas", region="turkistan").pack())
    await admin.send("сто двадцать")
    assert "цифрами" in admin.text
    await admin.send("1²")  # a superscript passes str.isdigit() but is no number
    assert "цифрами" in admin.text
    await admin.send("120")
    assert "Сохранено" in admin.text and "120" in admin.text
    assert [(p.region, p.target) for p in await desk.db.plans.for_year(2026)] == [
        ("turkistan", 120)
    ]

    asel = desk.person(ASEL)
    await asel.send("/stats")
    report = asel.text
    assert "В этом месяце: 4. Всего: 4." in report
    assert "Туркестанская область: в этом месяце 3, всего 3 (одобрена 2, отклонена 1)" in report
    assert "Асель (ID 7101): одобрена 2/2, отклонена 1/1" in report
    assert "Туркестанская область: 1 из 120 (1%)" in report, "approved 2, placed 1"


async def test_jumys_stats_prints_the_report_in_kazakh(
    desk: Desk, tmp_path: Path, capsys: Any
) -> None:
    await _career_centre(desk)
    await desk.db.plans.set(2026, "kumis_jas", "turkistan", 120)
    path = str(desk.db.path)
    arguments = ["stats", "--db", path, "--lang", "kk", "--on", "2026-03-02"]
    assert await asyncio.to_thread(main, arguments) == 0
    printed = capsys.readouterr().out
    assert "Осы айда: 4. Барлығы: 4." in printed
    assert "Түркістан облысы: 120 ішінен 1 (1%)" in printed


async def test_jumys_stats_for_a_past_date_counts_nothing_submitted_later(
    desk: Desk, capsys: Any
) -> None:
    """The desk's clock says 2 March 2026: a report 'on' 1 January must not count them."""
    await _career_centre(desk)
    arguments = ["stats", "--db", str(desk.db.path), "--lang", "ru", "--on", "2026-01-01"]
    assert await asyncio.to_thread(main, arguments) == 0
    printed = capsys.readouterr().out
    assert "всего 3" not in printed and "Всего: 4" not in printed
    assert "Всего: 0" in printed


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content))
    return list(workbook.active.iter_rows(values_only=True))  # type: ignore[union-attr]


def _document(desk: Desk, chat_id: int) -> bytes:
    [request] = [
        r for r in desk.session.sent("sendDocument") if str(r.params.get("chat_id")) == str(chat_id)
    ]
    call: Any = request.call
    data: bytes = call.document.data
    return data


async def test_export_is_an_xlsx_in_my_language_with_people_only_from_my_regions(
    desk: Desk,
) -> None:
    await _career_centre(desk)
    # Someone in Abai, where Asel does not serve: declined in words that tell their story.
    private = await desk.submit(5005, region="abai", groups=("released_from_prison",))
    await desk.db.applications.claim(private.id, BOLAT, timedelta(minutes=TTL_MINUTES))
    await desk.db.applications.decide(
        private.id, BOLAT, AppStatus.REJECTED, "Судимость не погашена"
    )
    asel = desk.person(ASEL)
    await asel.send("/export")
    await asel.press("Этот месяц")
    rows = _sheet(_document(desk, ASEL))
    titles, body = rows[0], rows[1:]
    assert titles[:5] == ("Номер", "Подана", "Программа", "Регион", "Статус")
    column = {title: index for index, title in enumerate(titles)}
    assert len(body) == 5
    mine = [row for row in body if row[column["Регион"]] == "Туркестанская область"]
    others = [row for row in body if row[column["Регион"]] == "область Абай"]
    assert len(mine) == 3 and len(others) == 2
    assert mine[0][column["Телефон"]] == "+7 701 123 45 67"
    assert mine[0][column["Дата рождения"]] == "1971-05-10"
    assert mine[0][column["Комментарий"]] == FORMULA  # text, never a formula
    assert mine[0][column["Возраст"]] == 54 and mine[0][column["Пол"]] == "Женщина"
    assert any(row[column["Причина или вопрос"]] == "Нет мест" for row in mine)
    personal = ["Телефон", "ИИН", "Дата рождения", "Комментарий", "Возраст", "Пол"]
    personal += ["Особые обстоятельства", "Причина или вопрос"]
    for other in others:  # people of a region she does not serve: counts only
        assert [other[column[title]] for title in personal] == [None] * len(personal)
    assert sorted(row[column["Программа"]] is not None for row in others) == [True, True]
    statuses = sorted(row[column["Статус"]] for row in body)
    assert statuses == ["одобрена", "одобрена", "ожидает", "отклонена", "отклонена"]

    bolat = desk.person(BOLAT)  # reads Kazakh
    await bolat.send("/export")
    await bolat.press("Осы ай")
    assert _sheet(_document(desk, BOLAT))[0][:3] == ("Нөмірі", "Берілген уақыты", "Бағдарлама")


async def test_jumys_export_writes_a_csv_for_one_region_and_period(
    desk: Desk, tmp_path: Path
) -> None:
    await _career_centre(desk)
    output = tmp_path / "abai.csv"
    arguments = [
        "export",
        "--db",
        str(desk.db.path),
        "--format",
        "csv",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--region",
        "abai",
        "--output",
        str(output),
    ]
    assert await asyncio.to_thread(main, arguments) == 0
    text = output.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["Номер", "Подана", "Программа", "Регион"]
    [row] = rows[1:]
    assert row[3] == "область Абай" and "+7 701 123 45 67" in row
    formula = [cell for cell in row if "HYPERLINK" in cell]
    assert formula == ["'" + FORMULA]  # a spreadsheet shows it, never runs it

    april = [*arguments[:5], "--from", "2026-04-01", "--to", "2026-04-30", *arguments[-4:]]
    april.append("--overwrite")  # the same file again: replaced only when asked
    assert await asyncio.to_thread(main, april) == 0
    assert len(list(csv.reader(io.StringIO(output.read_text("utf-8-sig"))))) == 1
