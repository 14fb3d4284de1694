"""Bar charts drawn on the server as SVG geometry for the report templates: no script, nothing
from elsewhere (the desk's Content-Security-Policy allows neither). Every bar carries its figure
as text too, so a chart is read without telling colours apart."""

from __future__ import annotations

from dataclasses import dataclass

PLAN_WIDTH = 320  # px: a full bar of the plan-against-placed chart
MONTH_WIDTH, MONTH_HEIGHT = 28, 120  # px: one month's bar, at most


@dataclass(frozen=True, slots=True)
class PlanBar:
    """One line of plan against placed: the plan's bar and the placed bar over it, in px."""

    plan_width: int
    placed_width: int
    over: bool  # more placed than planned (or placed with no plan)


def plan_bar(target: int, placed: int) -> PlanBar:
    """The plan fills the width; the placed bar is its share of it, never wider than the chart
    (placed over plan is shown full and marked)."""
    largest = max(target, placed, 1)
    return PlanBar(
        plan_width=round(PLAN_WIDTH * target / largest),
        placed_width=round(PLAN_WIDTH * placed / largest),
        over=placed > target,
    )


@dataclass(frozen=True, slots=True)
class MonthBar:
    month: int  # 1..12
    count: int
    x: int
    y: int  # the bar's top; the baseline is MONTH_HEIGHT
    height: int


def month_bars(counts: dict[int, int]) -> list[MonthBar]:
    """Twelve bars, one per month, scaled to the largest month (an empty month is a bar of 0)."""
    largest = max(counts.values(), default=0) or 1
    bars = []
    for month in range(1, 13):
        count = counts.get(month, 0)
        height = round(MONTH_HEIGHT * count / largest)
        bars.append(
            MonthBar(
                month=month,
                count=count,
                x=(month - 1) * (MONTH_WIDTH + 8),
                y=MONTH_HEIGHT - height,
                height=height,
            )
        )
    return bars
