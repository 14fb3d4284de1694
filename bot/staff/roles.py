"""Who may do what in the staff area. Decided on the server from our own tables and settings,
never from anything inside a button."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.storage.staff import Staff, StaffRecord, StaffRole


@dataclass(frozen=True, slots=True)
class StaffMember:
    user_id: int
    is_admin: bool  # from JUMYS_ADMINS: manages staff and plans, sees every region
    role: StaffRole | None  # None: an admin who is not also in the staff table
    regions: frozenset[str]

    @property
    def sees_all(self) -> bool:
        return self.is_admin or self.role is StaffRole.SUPERVISOR

    @property
    def scope(self) -> frozenset[str] | None:
        """Regions this member works on; None means every region."""
        return None if self.sees_all else self.regions

    def serves(self, region: str | None) -> bool:
        return self.sees_all or (region is not None and region in self.regions)


def member_from(
    record: StaffRecord | None, user_id: int, admins: Collection[int]
) -> StaffMember | None:
    is_admin = user_id in admins
    if record is None:
        if not is_admin:
            return None
        return StaffMember(user_id, True, None, frozenset())
    return StaffMember(user_id, is_admin, record.role, record.regions)


async def find_member(staff: Staff, user_id: int, admins: Collection[int]) -> StaffMember | None:
    return member_from(await staff.get(user_id), user_id, admins)
