"""The desk's reports: the year's plan against people placed with bars and placed by month;
this month's work of each reviewer and the time to decision in hours; each over what the
reader serves; and the figures against a hand count on generated data."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from storage.conftest import TestClock
from support.web_desk import ASEL, DANA, SUPERVISOR, WebDesk

from bot.storage.audit import Actor
from bot.storage.database import Database
from bot.storage.models import Application, AppStatus
from bot.storage.outcomes import NewOutcome, OutcomeKind

BY = Actor(ASEL, "Асель")


async def _decided(
    db: Database, clock: TestClock, user_id: int, region: str, to: AppStatus, hours: int
) -> Application:
    application, _ = await db.applications.submit(
        user_id,
        "kumis_jas",
        region,
        {"region": region},
        {"status": "eligible"},
        "+77015550011",
        None,
        "ru",
    )
    reviewer = ASEL if region == "turkistan" else DANA
    await db.applications.claim(application.id, reviewer, timedelta(days=30))
    clock.advance(timedelta(hours=hours))
    reason = None if to is AppStatus.APPROVED else "Нет мест"
    return await db.applications.decide(application.id, reviewer, to, reason)


async def _centre(desk: WebDesk, clock: TestClock) -> None:
    """Turkistan: plan 120, three approved (one placed in February) and one declined; Abai:
    plan 10, one approved and placed in January."""
    db = desk.db
    await db.plans.set(2026, "kumis_jas", "turkistan", 120)
    await db.plans.set(2026, "kumis_jas", "abai", 10)
    placed = await _decided(db, clock, 5001, "turkistan", AppStatus.APPROVED, 2)
    await _decided(db, clock, 5002, "turkistan", AppStatus.APPROVED, 30)
    await _decided(db, clock, 5003, "turkistan", AppStatus.APPROVED, 50)
    await _decided(db, clock, 5004, "turkistan", AppStatus.REJECTED, 4)
    abai = await _decided(db, clock, 5005, "abai", AppStatus.APPROVED, 1)
    start = date(2026, 2, 16)
    await db.outcomes.record(
        placed.id, NewOutcome(OutcomeKind.PLACED, "ТОО «Ақ жол»", start), by=BY
    )
    await db.outcomes.record(
        abai.id, NewOutcome(OutcomeKind.PLACED, "ИП Омаров", date(2026, 1, 20)), by=BY
    )


def _row(page: str, table: str, first_cell: str) -> str:
    body = page.split(f'id="{table}"')[1].split("</table>")[0]
    return next(row for row in body.split("<tr>") if first_cell in row)


async def test_a_reviewer_reads_plan_against_placed_and_their_work_for_their_region_only(
    desk: WebDesk, clock: TestClock
) -> None:
    await _centre(desk, clock)
    asel = await desk.signed_in(ASEL)

    page = (await asel.get("/reports")).text

    plan = page.split('id="plan"')[1].split("</table>")[0]
    assert "Туркестанская область" in plan and "Абай" not in plan
    turkistan = _row(page, "plan", "Туркестанская область")
    assert "<td>120</td><td>1</td><td>1 %</td>" in turkistan, "approved 3, placed 1"
    assert 'width="3"' in turkistan, "1 of 120 is a sliver of the plan's 320 px bar"
    months = page.split('id="months"')[1].split("</svg>")[0]
    assert ">1</text>" in months and months.count(">0</text>") == 11, "February only"
    work = (await asel.get("/reports/work")).text
    assert "<td>Асель</td><td>0</td><td>3</td><td>1</td><td>0</td>" in _row(
        work, "workload", "Асель"
    )
    assert "Дана" not in work.split('id="workload"')[1].split("</table>")[0]
    assert "март 2026" in work.split("<h1>")[1], "this month's work"
    times = work.split('id="times"')[1].split("</dl>")[0]
    # Decided 2, 4, 30 and 50 hours after they came: half within 4, nine in ten within 50.
    assert "<dd>4</dd>" in times and "4 ч" in times and "50 ч" in times


async def test_a_supervisor_reads_every_region(desk: WebDesk, clock: TestClock) -> None:
    await _centre(desk, clock)
    supervisor = await desk.signed_in(SUPERVISOR)

    page = (await supervisor.get("/reports?year=2026")).text

    assert "все регионы" in page.split('id="scope"')[1].split("</p>")[0]
    assert "<td>10</td><td>1</td><td>10 %</td>" in _row(page, "plan", "Абай")
    total = page.split('class="total"')[1].split("</tr>")[0]
    assert "<td>130</td><td>2</td><td>2 %</td>" in total


async def test_a_year_not_offered_falls_back_to_this_one(desk: WebDesk, clock: TestClock) -> None:
    asel = await desk.signed_in(ASEL)
    for asked in ("1999", "2027", "abc", "2026 OR 1=1"):
        page = await asel.get(f"/reports?year={asked}")
        assert page.status == 200 and "2026" in page.text.split("<h1>")[1].split("</h1>")[0]


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(0, 40))
def test_every_placed_application_is_counted_once_in_one_region_and_month(
    seed: int, size: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Generated applications, some placed (a few placed, then ended or completed), some with
    two outcomes: the report's figures equal a count by hand."""
    folder = tmp_path_factory.mktemp("reports")

    async def check() -> None:
        clock = TestClock()
        db = await Database.open(folder / "jumys.sqlite3", clock=clock)
        try:
            picks = random.Random(seed)
            by_region: Counter[str] = Counter()
            by_month: Counter[int] = Counter()
            until = date(2026, picks.randint(1, 12), picks.randint(1, 28))
            until_region: Counter[str] = Counter()
            for user_id in range(size):
                region = picks.choice(["turkistan", "abai", "zhetisu"])
                app = await _decided(db, clock, 6000 + user_id, region, AppStatus.APPROVED, 1)
                if picks.random() < 0.6:
                    start = date(2026, picks.randint(1, 12), picks.randint(1, 28))
                    placed = NewOutcome(OutcomeKind.PLACED, "ТОО", start)
                    await db.outcomes.record(app.id, placed, by=BY)
                    by_region[region] += 1
                    by_month[start.month] += 1
                    if start <= until:
                        until_region[region] += 1
                    if picks.random() < 0.5:
                        ended = NewOutcome(OutcomeKind.TERMINATED, reason="left")
                        await db.outcomes.record(app.id, ended, by=BY)
            lines = await db.desk_reports.plan_against_placed(2026, None)
            months = await db.outcomes.placed_by_month(2026)
            turkistan = await db.desk_reports.plan_against_placed(2026, {"turkistan"})
            up_to = await db.outcomes.placed_in(2026, until=until)
        finally:
            await db.close()
        assert {line.region: line.placed for line in lines} == dict(by_region)
        assert months == dict(by_month)
        assert sum(months.values()) == sum(by_region.values())
        assert {region: n for (_p, region), n in up_to.items()} == dict(until_region)
        assert [line.placed for line in turkistan] == (
            [by_region["turkistan"]] if by_region["turkistan"] else []
        )

    asyncio.run(check())
