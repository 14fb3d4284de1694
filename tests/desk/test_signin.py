"""Signing in: the right password opens the desk, a wrong one does not, failures slow down and
then lock the account, and a password someone else set is changed first."""

from __future__ import annotations

from datetime import timedelta

from storage.conftest import TestClock
from support.web_desk import ADMIN, ASEL, OWN, TEMPORARY, WebDesk

from bot.desk.signin import LOCK_AFTER, SLOW_AFTER


def problem_of(page: str) -> str:
    return page.split('class="problem"')[1].split("</p>")[0]


async def test_an_admin_with_the_right_password_is_signed_in_and_asked_to_choose_their_own(
    desk: WebDesk,
) -> None:
    await desk.give_password(ADMIN)
    browser = desk.visitor()

    signed_in = await browser.sign_in(str(ADMIN), TEMPORARY)

    assert (signed_in.status, signed_in.location) == (303, "/password")
    # Every page leads to the password change until it is done.
    assert (await browser.get("/team", follow=False)).location == "/password"
    changed = await browser.submit(
        "/password", "/password", {"current": TEMPORARY, "new": OWN, "repeat": OWN}
    )
    assert changed.location == "/"
    team = await browser.get("/")
    assert team.status == 200
    assert "Асель" in team.text and 'id="team"' in team.text


async def test_a_wrong_password_is_refused_and_opens_nothing(desk: WebDesk) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()

    refused = await browser.sign_in(str(ASEL), "not-the-password")

    assert refused.status == 401
    assert "Неверный логин или пароль" in refused.text or "Логин немесе құпиясөз" in refused.text
    assert (await browser.get("/", follow=False)).location == "/signin"


async def test_an_unknown_login_gets_the_same_answer_as_a_wrong_password(desk: WebDesk) -> None:
    await desk.give_password(ASEL)
    wrong_password = await desk.visitor().sign_in(str(ASEL), "not-the-password")
    unknown = await desk.visitor().sign_in("nobody-here", "not-the-password")

    assert unknown.status == wrong_password.status == 401
    assert problem_of(unknown.text) == problem_of(wrong_password.text)


async def test_after_repeated_failures_the_next_attempt_must_wait_even_with_the_right_password(
    desk: WebDesk, clock: TestClock
) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()
    for _ in range(SLOW_AFTER):
        await browser.sign_in(str(ASEL), "wrong-password")

    too_soon = await browser.sign_in(str(ASEL), TEMPORARY)
    clock.advance(timedelta(seconds=2))
    later = await browser.sign_in(str(ASEL), TEMPORARY)

    assert too_soon.status == 429
    assert later.location == "/password"


async def test_a_locked_account_stays_locked_until_an_admin_sets_a_new_password(
    desk: WebDesk, clock: TestClock
) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()
    for _ in range(LOCK_AFTER):
        clock.advance(timedelta(minutes=2))  # past every slow-down: each attempt is checked
        await browser.sign_in(str(ASEL), "wrong-password")

    clock.advance(timedelta(days=3))
    still_locked = await browser.sign_in(str(ASEL), TEMPORARY)
    admin = await desk.signed_in(ADMIN)
    await admin.submit(
        f"/team/{ASEL}",
        f"/team/{ASEL}/password",
        {"login": str(ASEL), "password": "new-one-from-admin"},
    )
    unlocked = await browser.sign_in(str(ASEL), "new-one-from-admin")

    assert still_locked.status == 403
    assert "тіркелгі бұғатталды" in still_locked.text
    account = await desk.db.desk_accounts.get(ASEL)
    assert account is not None and not account.locked and account.must_change
    assert unlocked.location == "/password"
    actions = [entry.action for entry in await desk.db.audit.entries(subject_id=ASEL)]
    assert actions == ["added", "password_set", "locked", "password_set", "signed_in"]


async def test_the_session_id_changes_at_sign_in_so_a_planted_one_is_worth_nothing(
    desk: WebDesk,
) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()
    form = await browser.get("/signin")
    planted = browser.cookie()
    assert planted is not None

    await browser.post("/signin", {"login": str(ASEL), "password": TEMPORARY}, csrf=form.csrf)
    after = browser.cookie()
    attacker = desk.visitor()
    attacker.set_cookie(planted)

    assert after is not None and after != planted
    assert (await browser.get("/password")).status == 200
    assert (await attacker.get("/password", follow=False)).location == "/signin?next=/password"


async def test_signing_out_ends_the_session_on_the_server(desk: WebDesk) -> None:
    browser = await desk.signed_in(ADMIN)
    token = browser.cookie()
    assert token is not None
    team = await browser.get("/team")

    out = await browser.post("/signout", {}, csrf=team.csrf)
    copy = desk.visitor()
    copy.set_cookie(token)

    assert out.location == "/signin"
    assert (await copy.get("/team", follow=False)).location == "/signin?next=/team"
    assert await desk.db.desk_sessions.of_member(ADMIN) == []


async def test_a_session_idle_past_the_timeout_ends_and_a_used_one_lasts(
    desk: WebDesk, clock: TestClock
) -> None:
    browser = await desk.signed_in(ADMIN)
    idle = timedelta(minutes=desk.settings.desk_idle_minutes)

    clock.advance(idle - timedelta(minutes=1))
    used = await browser.get("/team", follow=False)
    clock.advance(idle - timedelta(minutes=1))
    used_again = await browser.get("/team", follow=False)
    clock.advance(idle)
    expired = await browser.get("/team", follow=False)

    assert (used.status, used_again.status) == (200, 200)
    assert expired.location == "/signin?next=/team"


async def test_a_session_ends_at_its_lifetime_however_busy(desk: WebDesk, clock: TestClock) -> None:
    browser = await desk.signed_in(ADMIN)
    step = timedelta(minutes=desk.settings.desk_idle_minutes - 1)
    lifetime = timedelta(hours=desk.settings.desk_session_hours)
    while lifetime > step:
        clock.advance(step)
        lifetime -= step
        assert (await browser.get("/team", follow=False)).status == 200
    clock.advance(lifetime)

    assert (await browser.get("/team", follow=False)).location == "/signin?next=/team"


async def test_a_member_removed_from_the_staff_is_signed_out(desk: WebDesk) -> None:
    browser = await desk.signed_in(ASEL)

    await desk.db.staff.remove(ASEL)

    assert (await browser.get("/", follow=False)).location == "/signin"
    assert await desk.db.desk_accounts.get(ASEL) is None


async def test_the_new_password_must_be_typed_twice_alike_and_long_enough(desk: WebDesk) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()
    await browser.sign_in(str(ASEL), TEMPORARY)

    differ = await browser.submit(
        "/password", "/password", {"current": TEMPORARY, "new": OWN, "repeat": OWN + "x"}
    )
    short = await browser.submit(
        "/password", "/password", {"current": TEMPORARY, "new": "short", "repeat": "short"}
    )
    wrong_current = await browser.submit(
        "/password", "/password", {"current": "guess-guess", "new": OWN, "repeat": OWN}
    )

    assert [differ.status, short.status, wrong_current.status] == [400, 400, 400]
    assert "10" in short.text
    account = await desk.db.desk_accounts.get(ASEL)
    assert account is not None and account.must_change


async def test_the_sign_in_page_speaks_the_language_chosen_with_the_switch(desk: WebDesk) -> None:
    browser = desk.visitor()
    kazakh = await browser.get("/signin")

    await browser.post("/language", {"language": "ru", "next": "/signin"}, csrf=kazakh.csrf)
    russian = await browser.get("/signin")

    assert "Кіру" in kazakh.text
    assert "Войти" in russian.text


async def test_a_link_opened_before_signing_in_is_where_the_sign_in_leads(desk: WebDesk) -> None:
    admin = await desk.signed_in(ADMIN)
    await admin.post("/signout", {}, csrf=(await admin.get("/team")).csrf)

    sent = await admin.get(f"/team/{ASEL}?search=ignored", follow=False)
    form = await admin.get(str(sent.location))
    back = await admin.post(
        "/signin",
        {"login": str(ADMIN), "password": OWN, "next": f"/team/{ASEL}"},
        csrf=form.csrf,
    )
    elsewhere = await desk.visitor().get("/signin?next=//evil.example/")

    assert sent.location == f"/signin?next=/team/{ASEL}"  # the path only, no query
    assert f'name="next" value="/team/{ASEL}"' in form.text
    assert back.location == f"/team/{ASEL}"
    assert 'name="next" value="/"' in elsewhere.text
