"""What became of an approved application, recorded on the desk: referred, placed with the
employer and the contract's start, ended early with a reason; each a row with who and when, in
order only, by members of the application's region; "actual" counts people placed."""

from __future__ import annotations

from datetime import date

import pytest
from support.web_desk import ASEL, DANA, Visitor, WebDesk

from bot.storage.audit import Actor
from bot.storage.models import Application, AppStatus
from bot.storage.outcomes import NewOutcome, OutcomeKind, OutcomeRefused

EMPLOYER = "ТОО «Шымкент Жылу»"


async def _application(desk: WebDesk, user_id: int, *, approve: bool = True) -> Application:
    application, _ = await desk.db.applications.submit(
        user_id,
        "kumis_jas",
        "turkistan",
        {"region": "turkistan", "employment": "unemployed_registered"},
        {"status": "eligible"},
        "+77015550011",
        None,
        "kk",
        name="Айгерім Бекова",
    )
    if approve:
        await desk.db.applications.claim(application.id, ASEL)
        application = await desk.db.applications.decide(
            application.id, ASEL, AppStatus.APPROVED, None
        )
    return application


async def _record(asel: Visitor, app_id: int, fields: dict[str, str]) -> int:
    page = f"/applications/{app_id}"
    return (await asel.submit(page, f"{page}/outcome", fields)).status


async def test_a_reviewer_records_a_referral_then_a_placement_and_the_page_shows_both(
    desk: WebDesk,
) -> None:
    application = await _application(desk, 5001)
    asel = await desk.signed_in(ASEL)
    before = await asel.get(f"/applications/{application.id}")

    referred = await _record(asel, application.id, {"kind": "referred", "note": "Звонила"})
    placed = await _record(
        asel,
        application.id,
        {"kind": "placed", "employer": EMPLOYER, "contract_start": "2027-01-15"},
    )
    after = await asel.get(f"/applications/{application.id}")

    assert 'id="kind-placed"' in before.text and 'id="kind-completed"' not in before.text
    assert (referred, placed) == (303, 303)
    section = after.text.split('id="outcome"')[1].split("</section>")[0]
    assert "Направлен к работодателю" in section  # referred, in the reviewer's Russian
    assert "ТОО «Шымкент Жылу»" in section and "2027" in section
    assert "Асель" in section and "«Звонила»" in section
    assert 'id="kind-completed"' in section and 'id="kind-referred"' not in section
    kinds = [o.kind for o in await desk.db.outcomes.of(application.id)]
    assert kinds == [OutcomeKind.REFERRED, OutcomeKind.PLACED]
    assert await desk.db.outcomes.placed_in(2027) == {("kumis_jas", "turkistan"): 1}


async def test_a_placement_needs_an_employer_and_a_start_and_an_early_end_a_reason(
    desk: WebDesk,
) -> None:
    application = await _application(desk, 5001)
    asel = await desk.signed_in(ASEL)

    no_employer = await _record(
        asel, application.id, {"kind": "placed", "contract_start": "2027-01-15"}
    )
    bad_date = await _record(
        asel, application.id, {"kind": "placed", "employer": EMPLOYER, "contract_start": "завтра"}
    )
    problem = asel.last.text if asel.last else ""
    typed_date = await _record(
        asel,
        application.id,
        {"kind": "placed", "employer": EMPLOYER, "contract_start": "01.02.2027"},
    )
    no_reason = await _record(asel, application.id, {"kind": "terminated"})
    ended = await _record(asel, application.id, {"kind": "terminated", "reason": "employer_ended"})

    assert (no_employer, bad_date, typed_date, no_reason, ended) == (400, 400, 303, 400, 303)
    assert "15.01.2027" in problem, "the message shows how to write the date"
    [placed, terminated] = await desk.db.outcomes.of(application.id)
    assert placed.contract_start == date(2027, 2, 1)
    assert terminated.reason == "employer_ended"
    page = await asel.get(f"/applications/{application.id}")
    assert "Работодатель расторг договор" in page.text
    assert 'name="kind"' not in page.text, "nothing may follow an early end"


async def test_outcomes_only_in_order_only_once_approved_and_only_in_ones_region(
    desk: WebDesk,
) -> None:
    queued = await _application(desk, 5001, approve=False)
    approved = await _application(desk, 5002)
    asel, dana = await desk.signed_in(ASEL), await desk.signed_in(DANA)

    not_yet = await _record(asel, queued.id, {"kind": "referred"})
    completed_first = await _record(asel, approved.id, {"kind": "completed"})
    page = await dana.get("/queue")
    forged = await dana.post(
        f"/applications/{approved.id}/outcome", {"kind": "referred"}, csrf=page.csrf
    )
    no_token = await asel.post(f"/applications/{approved.id}/outcome", {"kind": "referred"})

    assert (not_yet, completed_first, forged.status) == (409, 409, 403)
    assert no_token.status == 403
    assert await desk.db.outcomes.of(approved.id) == []
    assert await desk.db.outcomes.of(queued.id) == []
    with pytest.raises(OutcomeRefused):
        await desk.db.outcomes.record(
            approved.id, NewOutcome(OutcomeKind.TERMINATED, reason="left"), by=Actor(ASEL, "Асель")
        )


async def test_forget_empties_an_outcomes_note_and_keeps_the_count(desk: WebDesk) -> None:
    application = await _application(desk, 5001)
    asel = await desk.signed_in(ASEL)
    await _record(
        asel,
        application.id,
        {
            "kind": "placed",
            "employer": EMPLOYER,
            "contract_start": "2027-01-15",
            "note": "Айгерім просила звонить после 18",
        },
    )

    await desk.db.users.forget(5001)

    [placed] = await desk.db.outcomes.of(application.id)
    assert placed.note is None and placed.employer == EMPLOYER
    assert await desk.db.outcomes.placed_in(2027) == {("kumis_jas", "turkistan"): 1}
