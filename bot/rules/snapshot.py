"""Everything about a day that does not depend on the citizen, computed once per stretch of days.

All dated things (parameters, programme validity, criteria ranges, pay rules) change only on a few
boundary days. Between two boundaries the MRP, the active criteria and the pay are the same, so an
evaluation finds its stretch with one bisection and then only looks things up.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from bot.rules.criteria import Criterion, Test
from bot.rules.model import (
    Citation,
    CriterionResult,
    Notice,
    Pay,
    Precondition,
    ProgrammeId,
    Result,
    Status,
)
from bot.rules.notices import DatedNotice
from bot.rules.notices import edges as notice_edges
from bot.rules.programmes import Programme
from bot.rules.schema import Dated
from bot.rules.timeline import Timeline


@dataclass(slots=True)
class ProgrammeOnDay:
    programme: Programme
    id: ProgrammeId
    max_months: int | None
    source: str
    out_of_force: CriterionResult | None  # set when the encoded rules do not apply that day
    out_of_force_status: Status
    criteria: tuple[Criterion, ...]
    tests: tuple[Test, ...]
    day: int  # any day of the stretch, to compute the pay
    mrp: int
    min_wage: int
    preconditions: tuple[Precondition, ...]
    citations: tuple[Citation, ...]  # of the active criteria, in order
    notices: tuple[Notice, ...]  # in force on the stretch's days
    pay_by_region: dict[str | None, Pay] = field(default_factory=dict)

    def pay(self, region: str | None) -> Pay:
        pay = self.pay_by_region.get(region)
        if pay is None:
            pay = self.programme.pay_rule.on(self.day, self.mrp, region, self.min_wage)
            self.pay_by_region[region] = pay
        return pay


@dataclass(frozen=True, slots=True)
class Snapshot:
    mrp: int | None
    min_wage: int | None
    programmes: tuple[ProgrammeOnDay, ...]


def _timeline_edges(timeline: Timeline[object]) -> Iterable[int]:
    for entry in timeline.entries:
        yield entry.start.toordinal()
        if entry.end is not None:
            yield entry.end.toordinal() + 1


class Snapshots:
    """Snapshots by stretch of days, built on first use."""

    def __init__(
        self,
        programmes: Mapping[ProgrammeId, Programme],
        parameters: Mapping[str, Timeline[int]],
        notices: tuple[DatedNotice, ...] = (),
    ) -> None:
        self._programmes = programmes
        self._parameters = parameters
        self._notices = notices
        edges: set[int] = notice_edges(notices)
        timelines: list[Timeline[object]] = list(parameters.values())  # type: ignore[arg-type]
        for programme in programmes.values():
            edges.add(programme.valid_from.toordinal())
            if programme.valid_to is not None:
                edges.add(programme.valid_to.toordinal() + 1)
            for criterion in programme.criteria:
                edges.update((criterion.start, criterion.end + 1))
            rule = programme.pay_rule
            timelines += [rule.amount_mrp, rule.shares_percent, rule.cap_mrp]  # type: ignore[list-item]
            timelines += rule.top_ups.values()  # type: ignore[arg-type]
        for timeline in timelines:
            edges.update(_timeline_edges(timeline))
        self._edges = sorted(edges)
        self._built: dict[int, Snapshot] = {}

    def on(self, day: int) -> Snapshot:
        stretch = bisect_right(self._edges, day)
        snapshot = self._built.get(stretch)
        if snapshot is None:
            snapshot = self._build(day)
            self._built[stretch] = snapshot
        return snapshot

    def _value(self, name: str, day: int) -> int | None:
        entry: Dated[int] | None = self._parameters[name].entry_on(day)
        return None if entry is None else entry.value

    def _build(self, day: int) -> Snapshot:
        mrp = self._value("mrp", day)
        min_wage = self._value("min_wage", day)
        in_force = [dated for dated in self._notices if dated.on(day)]
        programmes = []
        for programme in self._programmes.values():
            out_of_force = programme.out_of_force(day)
            active = programme.active(day)
            status = Status.UNKNOWN
            if out_of_force is not None and out_of_force.result is Result.UNMET:
                status = Status.INELIGIBLE
            programmes.append(
                ProgrammeOnDay(
                    programme,
                    programme.id,
                    programme.max_months,
                    programme.source,
                    out_of_force,
                    status,
                    active,
                    tuple(criterion.test for criterion in active),
                    day,
                    mrp or 0,
                    min_wage or 0,
                    programme.preconditions,
                    tuple(criterion.citation for criterion in active),
                    tuple(d.notice for d in in_force if programme.id in d.programmes),
                )
            )
        return Snapshot(mrp, min_wage, tuple(programmes))
