"""The staff desk as Telegram mentions it: its address for one application, and the line that
sends staff there (Telegram carries no personal data unless JUMYS_STAFF_TELEGRAM=review)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import _


@dataclass(frozen=True, slots=True)
class StaffTelegram:
    """What staff chats in Telegram are for: the review itself, or notices that link the desk."""

    review: bool = False  # JUMYS_STAFF_TELEGRAM=review: full cards and decisions in Telegram
    desk_url: str | None = None  # JUMYS_DESK_URL, without a trailing slash

    def address(self, app_id: int | None = None) -> str | None:
        """The desk's page of one application (or its queue); None when the address is unset."""
        if self.desk_url is None:
            return None
        return self.desk_url if app_id is None else f"{self.desk_url}/applications/{app_id}"


# By default: no review in Telegram, and no address to link.
NOTIFY = StaffTelegram()


def open_in_desk(telegram: StaffTelegram, app_id: int | None = None) -> str:
    """The line that sends a staff member to the desk, with the link when it is known."""
    address = telegram.address(app_id)
    if address is None:
        return _("Open it in the staff desk (an admin knows its address).")
    return _("Open it in the staff desk: {address}").format(address=address)


def in_the_desk_now(telegram: StaffTelegram, app_id: int | None = None) -> str:
    """A staff command that would show citizens' personal data in Telegram, answered politely."""
    return "\n".join(
        (
            _(
                "Citizens' personal data is no longer shown in Telegram: this is in the staff "
                "desk now."
            ),
            open_in_desk(telegram, app_id),
        )
    )
