"""Reading notices.toml: dated facts told on the cards of the programmes they concern."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from bot.rules.model import Notice, NoticeCode, ProgrammeId
from bot.rules.programmes import read_citation
from bot.rules.schema import Node, RulesError


@dataclass(frozen=True, slots=True)
class DatedNotice:
    notice: Notice
    programmes: frozenset[ProgrammeId]
    key: str  # where it was written, for error messages

    def on(self, day: int) -> bool:
        end = self.notice.end
        return self.notice.start.toordinal() <= day and (end is None or day <= end.toordinal())


def _read_notice(node: Node) -> DatedNotice:
    code = node.member("code", NoticeCode, "notice")
    names = node.texts("programmes")
    if not names:
        raise node.error("programmes", "must list at least one programme")
    try:
        programmes = frozenset(ProgrammeId(name) for name in names)
    except ValueError as error:
        raise node.error("programmes", str(error)) from None
    start = node.day("from")
    end = node.optional("to", node.day, None)
    if end is not None and end < start:
        raise node.error("to", f"ends ({end}) before it starts ({start})")
    citation = read_citation(node)
    node.optional("note", node.text, "")
    node.done()
    return DatedNotice(Notice(code, start, end, citation), programmes, node.path)


def _last_day(notice: Notice) -> date:
    return notice.end if notice.end is not None else date.max


def read_notices(top: Node) -> tuple[DatedNotice, ...]:
    """Every notice; two of the same code in force on one day are an error naming the later."""

    def label(index: int, item: Mapping[str, object]) -> str:
        return f"{item.get('code', index)} {item.get('from', '')}".strip()

    notices = [_read_notice(node) for node in top.children("notice", label)]
    top.done()
    ordered = sorted(notices, key=lambda dated: (dated.notice.code, dated.notice.start))
    for earlier, later in pairwise(ordered):
        if earlier.notice.code is not later.notice.code:
            continue
        if later.notice.start <= _last_day(earlier.notice):
            raise RulesError(
                top.file,
                later.key,
                f"overlapping date ranges: in force on {later.notice.start} as {earlier.key}",
            )
    return tuple(notices)


def edges(notices: tuple[DatedNotice, ...]) -> set[int]:
    """The days on which some notice starts or stops."""
    found: set[int] = set()
    for dated in notices:
        found.add(dated.notice.start.toordinal())
        if dated.notice.end is not None:
            found.add((dated.notice.end + timedelta(days=1)).toordinal())
    return found
