"""`jumys staff add|remove|list|refusals|audit`: the reviewers and supervisors, from the server.

Admins are not managed here: they are JUMYS_ADMINS in the environment.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bot.commands.arguments import display_name, telegram_id
from bot.commands.paths import add_database_option, existing_database
from bot.i18n import LANGUAGES
from bot.rules import load_rules
from bot.storage.audit import AuditEntry
from bot.storage.database import Database
from bot.storage.staff import StaffRole


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a member, or change one (role and regions replaced)")
    add.add_argument("user_id", type=telegram_id, help="Telegram user id")
    add.add_argument("--role", choices=[r.value for r in StaffRole], default=StaffRole.REVIEWER)
    add.add_argument(
        "--region", action="append", default=[], help="a region slug they serve (repeat)"
    )
    add.add_argument("--name", type=display_name, default=None, help="the name colleagues see")
    add.add_argument(
        "--language",
        choices=LANGUAGES,
        default=None,
        help="the language of their cards until they choose one in the bot (default: kk)",
    )
    remove = actions.add_parser("remove", help="remove a member")
    remove.add_argument("user_id", type=telegram_id)
    listed = actions.add_parser("list", help="list the staff with their regions")
    refusals = actions.add_parser(
        "refusals", help="staff actions refused to people who are not staff"
    )
    audit = actions.add_parser(
        "audit", help="changes of the staff and exports of applications: who, when, what"
    )
    for action in (add, remove, listed, refusals, audit):
        add_database_option(action, after_action=True)


async def _run(args: argparse.Namespace, path: Path) -> int:
    async with await Database.open(path) as db:
        if args.action == "add":
            regions = {region.slug for region in load_rules().regions}
            # Slugs are lower case; "Akmola" or "ALMATY_CITY" is what an operator may type.
            args.region = [slug.strip().lower() for slug in args.region]
            unknown = sorted(set(args.region) - regions)
            if unknown:
                print(
                    f"Unknown region(s): {', '.join(unknown)}. Known: {', '.join(sorted(regions))}"
                )
                return 2
            role = StaffRole(args.role)
            if role is StaffRole.REVIEWER and not args.region:
                print("A reviewer needs at least one --region (a supervisor sees all regions).")
                return 2
            # Cards reach a new reviewer before they ever write to the bot, which is when the
            # bot would learn their language.
            member = await db.staff.add(
                args.user_id, role, args.region, name=args.name, language=args.language
            )
            print(_line(member.user_id, member.role, member.regions, member.name))
        elif args.action == "remove":
            if not await db.staff.remove(args.user_id):
                print(f"{args.user_id} is not on the staff.")
                return 1
            print(f"Removed {args.user_id}.")
        elif args.action == "list":
            members = await db.staff.members()
            for member in members:
                print(_line(member.user_id, member.role, member.regions, member.name))
            if not members:
                print("Nobody is on the staff yet.")
        elif args.action == "audit":
            entries = await db.audit.entries()
            for entry in entries:
                print(_audit_line(entry))
            if not entries:
                print("No staff change or export is recorded yet.")
        else:
            refusals = await db.staff.refusals()
            for refusal in refusals:
                when = f"{refusal.at:%Y-%m-%d %H:%M} UTC"
                target = f"\t{refusal.application_id}" if refusal.application_id else ""
                print(f"{when}\t{refusal.user_id}\t{refusal.action}{target}")
            if not refusals:
                print("No staff action was refused to anyone.")
    return 0


def _line(user_id: int, role: StaffRole, regions: frozenset[str], name: str | None) -> str:
    where = "all regions" if role is StaffRole.SUPERVISOR else ", ".join(sorted(regions)) or "-"
    return f"{user_id}\t{role}\t{where}\t{name or ''}"


def _audit_line(entry: AuditEntry) -> str:
    actor = "server" if entry.actor.user_id is None else _who(entry.actor.user_id, entry.actor.name)
    subject = "-" if entry.subject_id is None else _who(entry.subject_id, entry.subject_name)
    detail = " ".join(f"{key}={_shown(value)}" for key, value in entry.detail.items())
    return f"{entry.at:%Y-%m-%d %H:%M} UTC\t{actor}\t{entry.action}\t{subject}\t{detail}".rstrip()


def _who(user_id: int, name: str | None) -> str:
    return f"{user_id} {name}" if name else str(user_id)


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ",".join(str(item) for item in value) or "-"
    return str(value)


def run(args: argparse.Namespace) -> int:
    path = existing_database(args)
    return asyncio.run(_run(args, path))
