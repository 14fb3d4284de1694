"""A reviewer Telegram refuses (never pressed Start, or blocked the bot: the Bot API's 403) is
not left unnoticed: the admins are told once, the region's cards go to colleagues (or the
admins), the start-up check no longer counts them, and all is well again once they write."""

from __future__ import annotations

from support.desk import ADMIN, ASEL, BOLAT, DANA, Desk

from bot.outbox.relay import StaffRouting, routing_from, unserved_regions

# The admin has not written to the bot yet: the bot speaks Kazakh to them, as by default.
TOLD = (
    "Асель (ID 7101) Telegram-да менің хабарларымды алмайды: менімен жеке чатта «Бастау» "
    "батырмасы басылмаған немесе мен бұғатталғанмын."
)


async def test_the_admins_are_told_once_and_her_colleague_gets_the_cards(centre: Desk) -> None:
    centre.session.blocked.add(ASEL)  # she never pressed Start
    first = await centre.announced()
    await centre.pump()  # the admins' notice
    admin = centre.person(ADMIN)
    assert [text for text in admin.inbox() if TOLD in text] != []
    assert (await centre.db.staff.get(ASEL)).reachable is False  # type: ignore[union-attr]

    second = await centre.announced(5002)
    await centre.pump()
    assert len([text for text in admin.inbox() if TOLD in text]) == 1  # once
    bolat = centre.person(BOLAT)
    assert any(second.number in text for text in bolat.inbox())
    assert any(first.number in text for text in bolat.inbox())
    asel_tries = [r for r in centre.session.sent() if str(r.params.get("chat_id")) == str(ASEL)]
    assert asel_tries == []  # refused sends are not recorded; none was tried for the second


async def test_she_is_reachable_again_once_she_writes_to_the_bot(centre: Desk) -> None:
    centre.session.blocked.add(ASEL)
    await centre.announced()
    centre.session.blocked.discard(ASEL)
    await centre.person(ASEL).send("/queue")  # she pressed Start at last
    assert (await centre.db.staff.get(ASEL)).reachable is True  # type: ignore[union-attr]
    third = await centre.announced(5003)
    assert any(third.number in text for text in centre.person(ASEL).inbox())


async def test_a_region_whose_only_reviewer_is_unreachable_is_not_counted_as_served(
    centre: Desk,
) -> None:
    nobody_else = StaffRouting(staff_chat=None, staff_chat_language="ru", admins=())
    await centre.db.staff.remove(7104)  # the supervisor serves every region
    before = await unserved_regions(centre.db, nobody_else)
    assert "abai" not in before  # Дана serves it
    centre.session.blocked.add(DANA)
    await centre.announced(5004, region="abai")
    await centre.pump()
    assert "abai" in await unserved_regions(centre.db, nobody_else)
    # With admins set, the card of Abai went to them instead of nowhere.
    assert routing_from(centre.settings).admins == {ADMIN}
    assert any("A-000001" in text for text in centre.person(ADMIN).inbox())
