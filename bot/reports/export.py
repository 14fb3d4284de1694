"""Applications as a table for the akimat and the career centre: XLSX or CSV.

Column titles are in the current language. Personal data (phone, IIN, date of birth, age, sex,
special situations such as a disability or a prison term, the citizen's comment, the reason or
question written to them) is filled in only for the regions in `personal_regions` (None: all): a
reviewer exporting the whole country sees counts everywhere but people only where they serve.

Text cells are always written as text: a comment that starts with "=" stays a comment and
never becomes a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from babel.support import LazyProxy

from bot.i18n import __
from bot.storage.audit import Actor, AuditAction
from bot.storage.database import Database
from bot.storage.exports import ExportedApplication
from bot.storage.stats import KAZAKHSTAN_UTC_OFFSET
from bot.words import labels, reasons
from bot.words import records as words
from bot.words.names import programme_name, region_name
from bot.words.phones import pretty_phone

Cell = str | int | datetime | None


@dataclass(frozen=True, slots=True)
class Column:
    title: LazyProxy
    value: Callable[[ExportedApplication], Cell]
    width: int = 16
    personal: bool = False


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets have no time zones: Kazakhstan wall-clock time, as staff read it.
    return None if moment is None else (moment + KAZAKHSTAN_UTC_OFFSET).replace(tzinfo=None)


def _profile_text(row: ExportedApplication, key: str) -> str | None:
    value = row.application.profile.get(key)
    return value if isinstance(value, str) else None


def _groups(row: ExportedApplication) -> str | None:
    groups = row.application.profile.get("groups")
    if not isinstance(groups, list):
        return None
    return ", ".join(labels.label(labels.GROUPS, str(group)) for group in groups)


def _age(row: ExportedApplication) -> int | None:
    on = words.local_date(row.application.created_at)
    return words.age(row.application.profile, on)


def _days_to_decision(row: ExportedApplication) -> int | None:
    if row.decision is None:
        return None
    return (row.decision.at - row.application.created_at).days


def _decider(row: ExportedApplication) -> str | None:
    # The name the decider had when they decided: the table says what the record says.
    decision = row.decision
    return None if decision is None else words.actor(decision.actor_id, decision.actor_name)


def _birth_date(row: ExportedApplication) -> str | None:
    born = words.birth_date(row.application.profile)
    return None if born is None else born.isoformat()


def _label(table: Mapping[object, LazyProxy], key: str) -> Callable[..., str | None]:
    def value(row: ExportedApplication) -> str | None:
        text = _profile_text(row, key)
        return None if text is None else labels.label(table, text)

    return value


COLUMNS: tuple[Column, ...] = (
    Column(__("Number"), lambda r: r.application.number, 11),
    Column(__("Submitted"), lambda r: _local(r.application.created_at), 17),
    Column(__("Programme"), lambda r: programme_name(r.application.programme), 30),
    Column(__("Region"), lambda r: region_name(r.application.region), 24),
    Column(__("Status"), lambda r: words.status(r.application.status), 16),
    Column(__("Bot's check"), lambda r: words.verdict(r.application.verdict), 18),
    Column(
        __("Reviewer"),
        lambda r: _decider(r),
        20,
    ),
    Column(__("Decided"), lambda r: None if r.decision is None else _local(r.decision.at), 17),
    Column(
        __("Reason or question"),
        lambda r: None if r.decision is None else reasons.readable(r.decision.reason) or None,
        40,
        personal=True,  # own words may name the person's circumstances
    ),
    Column(__("Days to decision"), _days_to_decision, 10),
    Column(__("Age"), _age, 7, personal=True),
    Column(__("Sex"), _label(labels.SEX, "sex"), 10, personal=True),  # type: ignore[arg-type]
    Column(__("Work"), _label(labels.EMPLOYMENT, "employment"), 28),  # type: ignore[arg-type]
    Column(__("Education"), _label(labels.EDUCATION, "education"), 22),  # type: ignore[arg-type]
    Column(__("Special situations"), _groups, 30, personal=True),
    Column(
        __("Phone"),
        lambda r: None if r.application.phone is None else pretty_phone(r.application.phone),
        18,
        personal=True,
    ),
    Column(__("IIN"), lambda r: _profile_text(r, "iin"), 14, personal=True),
    Column(__("Date of birth"), _birth_date, 12, personal=True),
    Column(__("Comment"), lambda r: r.application.comment, 40, personal=True),
)


def table(
    rows: Iterable[ExportedApplication], personal_regions: frozenset[str] | None
) -> tuple[list[str], list[list[Cell]]]:
    """Titles (current language) and values; personal cells empty outside `personal_regions`."""
    titles = [str(column.title) for column in COLUMNS]
    body: list[list[Cell]] = []
    for row in rows:
        shows_person = personal_regions is None or row.application.region in personal_regions
        body.append(
            [
                column.value(row) if shows_person or not column.personal else None
                for column in COLUMNS
            ]
        )
    return titles, body


async def record_export(
    db: Database,
    by: Actor,
    kind: str,
    period_from: date | None,
    period_to: date | None,
    regions: Collection[str] | None,
    rows: int,
    personal_regions: Collection[str] | None = None,
) -> None:
    """An export in the staff's audit trail: its period, reach and size, never its rows.
    `personal_regions`: where it holds people's data (None: everywhere it reaches)."""
    detail: dict[str, object] = {
        "format": kind,
        "from": None if period_from is None else period_from.isoformat(),
        "to": None if period_to is None else period_to.isoformat(),
        "regions": None if regions is None else sorted(regions),
        "rows": rows,
        "personal_data_regions": None if personal_regions is None else sorted(personal_regions),
    }
    await db.audit.record(by, AuditAction.EXPORT, detail=detail)


_DATE_FORMAT = "YYYY-MM-DD HH:MM"


def to_xlsx(titles: Sequence[str], body: Sequence[Sequence[Cell]], sheet: str) -> bytes:
    # Imported here: openpyxl is slow to import, and the bot starts without it.
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    header = []
    for title in titles:
        cell = WriteOnlyCell(worksheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    worksheet.append(header)
    for values in body:
        cells = []
        for value in values:
            cell = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime):
                cell.number_format = _DATE_FORMAT
            cells.append(cell)
        worksheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


# A cell a spreadsheet would run as a formula (OWASP "CSV injection"); phone numbers are fine.
_FORMULA = re.compile(r"^[=@\t\r]|^[+-](?![\d\s()-]*$)")


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = str(value)
    return "'" + text if isinstance(value, str) and _FORMULA.match(text) else text


def to_csv(titles: Sequence[str], body: Sequence[Sequence[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Cyrillic correctly."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(titles)
    for values in body:
        writer.writerow([_csv_cell(value) for value in values])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
