"""Pay rules: a multiple of MRP a month, a share of the wage under an MRP cap, or a lump sum."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.rules.model import Benefit, Citation, Pay, PayKind
from bot.rules.timeline import Timeline

_NOT_VERIFIED = Pay(PayKind.NOT_VERIFIED)


@dataclass(frozen=True, slots=True)
class TopUp:
    mrp: int
    verified: bool


@dataclass(frozen=True, slots=True)
class PayRule:
    kind: PayKind
    source: str
    citation: Citation
    benefit: Benefit | None  # DESCRIBED
    full_time_min_wage: bool  # AT_LEAST_MONTHLY: full time is owed at least the minimum wage
    amount_mrp: Timeline[int]  # FIXED_MONTHLY, LUMP_SUM
    shares_percent: Timeline[tuple[int, ...]]  # WAGE_SHARE
    cap_mrp: Timeline[int]  # WAGE_SHARE
    top_ups: Mapping[str, Timeline[TopUp]]  # by region slug
    unverified: tuple[str, ...]

    def on(self, day: int, mrp: int, region: str | None, min_wage: int = 0) -> Pay:
        """The pay on a day (`date.toordinal()`) for someone in `region`."""
        if self.kind is PayKind.DESCRIBED:
            entry = self.amount_mrp.entry_on(day)
            return Pay(
                PayKind.DESCRIBED,
                amount_kzt=None if entry is None else entry.value * mrp,
                mrp_multiple=None if entry is None else float(entry.value),
                benefit=self.benefit,
            )
        if self.kind is PayKind.AT_LEAST_MONTHLY:
            entry = self.amount_mrp.entry_on(day)
            if entry is None:
                return _NOT_VERIFIED
            floor = entry.value * mrp
            full_time = min_wage if self.full_time_min_wage and min_wage > floor else None
            return Pay(
                PayKind.AT_LEAST_MONTHLY,
                amount_kzt=floor,
                mrp_multiple=float(entry.value),
                full_time_min_kzt=full_time,
            )
        if self.kind is PayKind.WAGE_SHARE:
            shares = self.shares_percent.entry_on(day)
            if shares is None:
                return _NOT_VERIFIED
            cap = self.cap_mrp.entry_on(day)
            return Pay(
                PayKind.WAGE_SHARE,
                cap_kzt=None if cap is None else cap.value * mrp,
                shares_percent=shares.value,
                mrp_multiple=None if cap is None else float(cap.value),
                unverified=self.unverified,
            )
        if self.kind is PayKind.NOT_VERIFIED:
            return _NOT_VERIFIED
        amount = self.amount_mrp.entry_on(day)
        if amount is None:
            return _NOT_VERIFIED
        multiple = amount.value
        top_up_mrp = unverified_top_up_mrp = 0
        unverified = self.unverified
        timeline = self.top_ups.get(region) if region is not None else None
        top_up = None if timeline is None else timeline.entry_on(day)
        if top_up is not None:
            if top_up.value.verified:
                top_up_mrp = top_up.value.mrp
            else:
                unverified_top_up_mrp = top_up.value.mrp
                unverified = (*unverified, "regional_top_up")
        return Pay(
            self.kind,
            amount_kzt=(multiple + top_up_mrp) * mrp,
            mrp_multiple=float(multiple + top_up_mrp),
            regional_top_up_kzt=top_up_mrp * mrp,
            unverified=unverified,
            unverified_top_up_kzt=unverified_top_up_mrp * mrp,
        )
