"""What every page and form of the desk must hold to: forms without their CSRF token change
nothing, the headers that forbid framing and scripts from elsewhere, text from people rendered
inert, pages for admins refused to the rest, and a Secure cookie behind HTTPS."""

from __future__ import annotations

from pathlib import Path

import pytest
from storage.conftest import TestClock
from support.web_desk import ADMIN, ASEL, DANA, TEMPORARY, WebDesk

from bot.desk.headers import SECURITY_HEADERS


@pytest.mark.parametrize("token", [None, "", "forged-token"])
async def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(
    desk: WebDesk, token: str | None
) -> None:
    admin = await desk.signed_in(ADMIN)
    before = await desk.db.desk_accounts.get(ASEL)

    set_password = await admin.post(
        f"/team/{ASEL}/password", {"login": str(ASEL), "password": "chosen-by-attacker"}, csrf=token
    )
    add = await admin.post(
        "/team/add",
        {"user_id": "9999", "name": "Кто-то", "role": "supervisor"},
        csrf=token,
    )

    assert (set_password.status, add.status) == (403, 403)
    assert await desk.db.desk_accounts.get(ASEL) == before
    assert await desk.db.staff.get(9999) is None


async def test_the_csrf_token_of_another_session_is_refused(desk: WebDesk) -> None:
    admin = await desk.signed_in(ADMIN)
    other = await desk.signed_in(ASEL)
    others_token = (await other.get("/")).csrf

    refused = await admin.post(f"/team/{DANA}/role", {"role": "supervisor"}, csrf=others_token)

    assert refused.status == 403
    record = await desk.db.staff.get(DANA)
    assert record is not None and record.role == "reviewer"


async def test_a_sign_in_without_the_forms_token_is_refused_even_with_the_right_password(
    desk: WebDesk,
) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()
    await browser.get("/signin")

    refused = await browser.post("/signin", {"login": str(ASEL), "password": TEMPORARY})

    assert refused.status == 403
    assert (await browser.get("/", follow=False)).location == "/signin"


@pytest.mark.parametrize("path", ["/signin", "/team", "/team/7101", "/nowhere", "/password"])
async def test_every_page_forbids_framing_sniffing_referrers_and_storing(
    desk: WebDesk, path: str
) -> None:
    admin = await desk.signed_in(ADMIN)

    response = await admin.response(path)

    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


async def test_the_style_sheet_is_served_from_the_desk_itself_with_the_same_headers(
    desk: WebDesk,
) -> None:
    response = await desk.visitor().response("/static/desk.css")

    assert response.status == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" not in response.headers
    assert 'href="/static/desk.css"' in (await desk.visitor().get("/signin")).text


async def test_a_staff_name_with_markup_is_shown_as_text(desk: WebDesk) -> None:
    await desk.db.staff.remember(ASEL, '<script>alert("x")</script> Асель', "ru")
    admin = await desk.signed_in(ADMIN)

    team = await admin.get("/team")
    member = await admin.get(f"/team/{ASEL}")

    for page in (team, member):
        assert "<script>" not in page.text
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Асель" in page.text


async def test_a_reviewer_is_refused_the_team_page_and_the_attempt_recorded(
    desk: WebDesk,
) -> None:
    reviewer = await desk.signed_in(ASEL)

    page = await reviewer.get("/team")
    member_page = await reviewer.get(f"/team/{DANA}")
    home = await reviewer.get("/")
    token = home.csrf
    forged = await reviewer.post(f"/team/{DANA}/role", {"role": "supervisor"}, csrf=token)

    assert (page.status, member_page.status, forged.status) == (403, 403, 403)
    assert "Асель" in home.text and "Туркестанская область" in home.text  # in her language
    record = await desk.db.staff.get(DANA)
    assert record is not None and record.role == "reviewer"
    refusals = await desk.db.staff.refusals(ASEL)
    assert [refusal.action for refusal in refusals] == ["desk:admin"] * 3


async def test_behind_https_the_session_cookie_is_secure_httponly_and_strict(
    desk: WebDesk,
) -> None:
    browser = desk.visitor()
    page = await browser.get("/signin")
    await desk.give_password(ASEL)

    async with browser.session.post(
        browser.base.join(browser.base.with_path("/signin")),
        data={"login": str(ASEL), "password": TEMPORARY, "csrf": page.csrf},
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
    ) as response:
        cookie = response.headers["Set-Cookie"]

    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


async def test_over_plain_http_the_cookie_is_httponly_and_strict_but_not_secure(
    desk: WebDesk,
) -> None:
    response = await desk.visitor().response("/signin")

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie


async def test_no_password_or_login_appears_in_any_address(desk: WebDesk) -> None:
    await desk.give_password(ASEL)
    browser = desk.visitor()

    page = await browser.sign_in(str(ASEL), TEMPORARY)

    assert page.location == "/password"
    assert all('method="post"' in form for form in page.text.split("<form")[1:])


async def test_a_page_that_fails_says_so_briefly_with_the_same_headers(desk: WebDesk) -> None:
    admin = await desk.signed_in(ADMIN)
    await desk.db.close()  # every query now fails

    response = await admin.response("/team")

    assert response.status == 500
    assert (
        response.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    )
    assert response.headers["Cache-Control"] == "no-store"


async def test_with_an_https_desk_address_the_cookie_is_secure_even_if_the_proxy_says_nothing(
    tmp_path: Path, clock: TestClock
) -> None:
    path = tmp_path / "https.sqlite3"
    async with await WebDesk.open(path, clock, desk_url="https://desk.example.kz") as desk:
        response = await desk.visitor().response("/signin")

        assert "Secure" in response.headers["Set-Cookie"]
