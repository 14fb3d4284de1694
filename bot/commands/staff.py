"""`jumys staff add|remove|list|refusals|audit|passwd`: the reviewers and supervisors, from the
server.

Admins are not managed here: they are JUMYS_ADMINS in the environment. `passwd` sets a desk
password for a member or an admin, read from standard input (never from the command line,
where `ps` and the shell's history would show it); it must be changed at the next sign-in.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from pathlib import Path
from typing import TextIO

from bot.commands.arguments import display_name, telegram_id
from bot.commands.paths import add_database_option, existing_database
from bot.desk.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    PasswordProblem,
    hash_password,
    password_problem,
)
from bot.i18n import LANGUAGES
from bot.rules import load_rules
from bot.settings import Settings
from bot.storage.audit import OPERATOR, AuditEntry
from bot.storage.database import Database
from bot.storage.desk_accounts import LoginTaken
from bot.storage.staff import StaffRole

LOGIN_CHARACTERS = 64


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
    passwd = actions.add_parser(
        "passwd",
        help="set a staff desk password (read from standard input), changed at the next sign-in",
    )
    passwd.add_argument("user_id", type=telegram_id, help="Telegram user id of a member or admin")
    passwd.add_argument(
        "--login", type=login_name, default=None, help="the login (default: the Telegram id)"
    )
    audit = actions.add_parser(
        "audit", help="changes of the staff and exports of applications: who, when, what"
    )
    for action in (add, remove, listed, refusals, audit, passwd):
        add_database_option(action, after_action=True)


async def _run(args: argparse.Namespace, path: Path, password: str | None = None) -> int:
    async with await Database.open(path) as db:
        if args.action == "passwd":
            assert password is not None
            return await _set_password(db, args.user_id, args.login, password)
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


async def _set_password(db: Database, user_id: int, login: str | None, password: str) -> int:
    if await db.staff.get(user_id) is None and user_id not in Settings().admins:
        print(f"{user_id} is neither on the staff nor in JUMYS_ADMINS (jumys staff add first).")
        return 1
    account = await db.desk_accounts.get(user_id)
    wanted = login or (account.login if account is not None else str(user_id))
    problem = password_problem(password, wanted)
    if problem is not None:
        print(_PROBLEMS[problem], file=sys.stderr)
        return 2
    try:
        account = await db.desk_accounts.set_password(
            user_id, hash_password(password), by=OPERATOR, login=login
        )
    except LoginTaken as taken:
        print(f"The login {taken.login!r} belongs to another member.", file=sys.stderr)
        return 2
    print(
        f"Password set for {user_id} (login {account.login}); it must be changed at the next"
        " sign-in."
    )
    return 0


_PROBLEMS = {
    PasswordProblem.TOO_SHORT: f"The password is too short: at least {MIN_LENGTH} characters.",
    PasswordProblem.TOO_LONG: f"The password is too long: at most {MAX_LENGTH} characters.",
    PasswordProblem.SAME_AS_LOGIN: "The password must not be the same as the login.",
}


def read_password(stdin: TextIO) -> str | None:
    """The password: typed twice at a terminal (not shown), else the first line of the input.
    None when the two typed differ or nothing came."""
    if stdin.isatty():
        first = getpass.getpass("New password: ")
        if getpass.getpass("Again: ") != first:
            return None
        return first or None
    line = stdin.readline()
    return line.removesuffix("\n").removesuffix("\r") or None


def login_name(text: str) -> str:
    login = text.strip()
    if not 1 <= len(login) <= LOGIN_CHARACTERS or any(c.isspace() for c in login):
        raise argparse.ArgumentTypeError(
            f"a login is 1 to {LOGIN_CHARACTERS} characters without spaces"
        )
    return login


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
    if args.action != "passwd":
        return asyncio.run(_run(args, path))
    password = read_password(sys.stdin)
    if password is None:
        print(
            "No password: give it on standard input (or type it twice at the prompt).",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_run(args, path, password))
