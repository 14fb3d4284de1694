"""The team page, for admins: who is on the staff with their roles and regions, who never
signed in or never pressed Start in Telegram; passwords set, members added and changed, each an
event that keeps the names as they were."""

from __future__ import annotations

from support.web_desk import ADMIN, ASEL, BOLAT, DANA, OWN, TEMPORARY, WebDesk

from bot.storage.staff import StaffRole


def row_of(page: str, user_id: int) -> str:
    return page.split(f'href="/team/{user_id}"')[1].split("</tr>")[0]


async def test_the_team_shows_roles_regions_and_who_never_signed_in_or_pressed_start(
    desk: WebDesk,
) -> None:
    await desk.db.staff.seen_in_telegram(BOLAT)
    await desk.give_password(BOLAT)
    admin = await desk.signed_in(ADMIN)

    team = await admin.get("/team")

    asel, bolat = row_of(team.text, ASEL), row_of(team.text, BOLAT)
    assert "Түркістан облысы" in asel
    assert "маман" in asel
    assert "құпиясөз әлі жоқ" in asel  # no password: cannot sign in yet
    assert "Start әлі басылмаған" in asel  # the bot cannot write to her
    assert "әлі кірмеген" in bolat  # a password, never used
    assert "Start әлі басылмаған" not in bolat
    assert "жетекші, барлық өңірлер" in row_of(team.text, 7104)


async def test_an_admin_sets_a_temporary_password_that_the_member_must_change(
    desk: WebDesk,
) -> None:
    admin = await desk.signed_in(ADMIN)

    done = await admin.submit(
        f"/team/{DANA}", f"/team/{DANA}/password", {"login": "dana", "password": TEMPORARY}
    )
    dana = desk.visitor()
    first = await dana.sign_in("dana", TEMPORARY)
    await dana.submit("/password", "/password", {"current": TEMPORARY, "new": OWN, "repeat": OWN})
    old_refused = await desk.visitor().sign_in("dana", TEMPORARY)
    own_accepted = await desk.visitor().sign_in("DANA", OWN)

    assert done.location == f"/team/{DANA}"
    assert first.location == "/password"
    assert old_refused.status == 401
    assert own_accepted.location == "/"


async def test_a_password_too_short_or_a_login_taken_is_refused_with_a_reason(
    desk: WebDesk,
) -> None:
    await desk.give_password(ASEL, login="asel")
    admin = await desk.signed_in(ADMIN)

    short = await admin.submit(
        f"/team/{DANA}", f"/team/{DANA}/password", {"login": "", "password": "short"}
    )
    taken = await admin.submit(
        f"/team/{DANA}", f"/team/{DANA}/password", {"login": "Asel", "password": TEMPORARY}
    )

    assert short.status == 400 and "10" in short.text
    assert taken.status == 409
    assert await desk.db.desk_accounts.get(DANA) is None


async def test_an_admin_adds_a_reviewer_and_changes_a_role(desk: WebDesk) -> None:
    admin = await desk.signed_in(ADMIN)

    added = await admin.submit(
        "/team",
        "/team/add",
        {"user_id": "7200", "name": "Ерлан", "role": "reviewer", "region": ["abai", "turkistan"]},
    )
    changed = await admin.submit(f"/team/{DANA}", f"/team/{DANA}/role", {"role": "supervisor"})
    no_region = await admin.submit(
        "/team", "/team/add", {"user_id": "7201", "name": "Ж", "role": "reviewer"}
    )

    assert (added.location, changed.location) == ("/team/7200", f"/team/{DANA}")
    erlan = await desk.db.staff.get(7200)
    assert erlan is not None and erlan.regions == {"abai", "turkistan"} and erlan.name == "Ерлан"
    dana = await desk.db.staff.get(DANA)
    assert dana is not None and dana.role == "supervisor" and dana.regions == frozenset()
    assert no_region.status == 400
    assert await desk.db.staff.get(7201) is None


async def test_changes_made_on_the_desk_keep_the_names_as_they_were(desk: WebDesk) -> None:
    await desk.db.staff.add(ADMIN, StaffRole.SUPERVISOR, name="Директор")
    admin = await desk.signed_in(ADMIN)
    await admin.submit(
        f"/team/{DANA}", f"/team/{DANA}/role", {"role": "reviewer", "region": ["abai", "zhetisu"]}
    )
    await admin.submit(
        f"/team/{DANA}", f"/team/{DANA}/password", {"login": "", "password": TEMPORARY}
    )

    await desk.db.staff.remember(ADMIN, "Переименованный", "ru")
    await desk.db.staff.remember(DANA, "Дана Переименованная", "ru")
    entries = await desk.db.audit.entries(subject_id=DANA)

    assert [(e.action, e.actor.name, e.subject_name, e.detail) for e in entries] == [
        ("added", None, "Дана", {"role": "reviewer", "regions": ["abai"]}),
        ("region_added", "Директор", "Дана", {"region": "zhetisu"}),
        ("password_set", "Директор", "Дана", {"login": str(DANA)}),
    ]


async def test_a_members_page_shows_their_history(desk: WebDesk) -> None:
    await desk.db.staff.add(ADMIN, StaffRole.SUPERVISOR, name="Директор")
    admin = await desk.signed_in(ADMIN)
    await admin.submit(
        f"/team/{ASEL}", f"/team/{ASEL}/password", {"login": "", "password": TEMPORARY}
    )

    page = await admin.get(f"/team/{ASEL}")

    assert "уақытша құпиясөз орнатылды — Директор (ID 7001)" in page.text or (
        "задан временный пароль — Директор (ID 7001)" in page.text
    )


async def test_an_admin_removes_a_member_only_after_ticking_that_they_understand(
    desk: WebDesk,
) -> None:
    await desk.db.staff.add(ADMIN, StaffRole.SUPERVISOR, name="Директор")
    dana = await desk.signed_in(DANA)
    admin = await desk.signed_in(ADMIN)

    unticked = await admin.submit(f"/team/{DANA}", f"/team/{DANA}/remove", {})
    kept = await desk.db.staff.get(DANA)
    removed = await admin.submit(f"/team/{DANA}", f"/team/{DANA}/remove", {"understood": "yes"})
    team = await admin.get("/team")
    signs_in = await desk.visitor().sign_in(str(DANA), OWN)
    her_queue = await dana.get("/queue", follow=False)
    [entry] = [e for e in await desk.db.audit.entries(subject_id=DANA) if e.action == "removed"]

    assert unticked.status == 400 and kept is not None, "nothing happens without the tick"
    assert removed.location == "/team"
    assert await desk.db.staff.get(DANA) is None
    assert f'href="/team/{DANA}"' not in team.text
    assert signs_in.status == 401, "a removed member's password no longer opens the desk"
    assert (her_queue.location or "").startswith("/signin"), "and her open session ends"
    assert (entry.actor.name, entry.subject_name) == ("Директор", "Дана")
