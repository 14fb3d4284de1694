"""`jumys plan set YEAR PROGRAMME REGION PEOPLE` and `jumys plan list [YEAR]` (also /plan)."""

from __future__ import annotations

import argparse
import asyncio
from datetime import date
from pathlib import Path

from bot.commands.arguments import whole_number
from bot.commands.paths import add_database_option, existing_database
from bot.rules import load_rules
from bot.storage.database import Database

# The Social Code's employment measures began in July 2023 (reference, section 0).
FIRST_PLAN_YEAR = 2023
YEAR = whole_number(1, 9999)
PEOPLE = whole_number(0, 10_000_000)  # more than the country's unemployed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    put = actions.add_parser("set", help="set how many people a programme should reach")
    put.add_argument("year", type=YEAR)
    put.add_argument("programme", help="programme id, e.g. kumis_jas")
    put.add_argument("region", help="region slug, e.g. turkistan")
    put.add_argument("people", type=PEOPLE)
    show = actions.add_parser("list", help="the plan of a year")
    show.add_argument("year", type=YEAR, nargs="?", default=date.today().year)
    for action in (put, show):
        add_database_option(action, after_action=True)


async def _run(args: argparse.Namespace, path: Path) -> int:
    async with await Database.open(path) as db:
        if args.action == "set":
            programmes = {str(programme) for programme in load_rules().programmes}
            regions = {region.slug for region in load_rules().regions}
            if args.programme not in programmes:
                print(f"Unknown programme. Known: {', '.join(sorted(programmes))}")
                return 2
            if args.region not in regions:
                print(f"Unknown region. Known: {', '.join(sorted(regions))}")
                return 2
            if not FIRST_PLAN_YEAR <= args.year <= date.today().year + 5:
                # "26" for 2026, or a slip of the keyboard, would make a plan nobody reports on.
                print(f"The year must be written in full, {FIRST_PLAN_YEAR} or later, like 2026.")
                return 2
            if args.people < 0:
                print("The plan cannot be negative.")
                return 2
            saved = await db.plans.set(args.year, args.programme, args.region, args.people)
            print(f"{saved.year}\t{saved.programme}\t{saved.region}\t{saved.target}")
        else:
            for plan in await db.plans.for_year(args.year):
                print(f"{plan.year}\t{plan.programme}\t{plan.region}\t{plan.target}")
    return 0


def run(args: argparse.Namespace) -> int:
    path = existing_database(args)
    return asyncio.run(_run(args, path))
