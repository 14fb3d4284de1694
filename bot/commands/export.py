"""`jumys export --format xlsx|csv [--from DATE] [--to DATE] [--region SLUG] [--lang kk|ru]`.

Run on the server by its operator: every column, personal data included. Dates are days in
Kazakhstan time, both ends included.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.commands.arguments import report_date
from bot.commands.output import write_private
from bot.commands.paths import add_database_option, existing_database
from bot.i18n import LANGUAGES, _, use_locale
from bot.reports.export import Cell, record_export, table, to_csv, to_xlsx
from bot.rules import load_rules
from bot.storage.audit import OPERATOR
from bot.storage.database import Database
from bot.storage.exports import applications_between


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_database_option(parser)
    parser.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    parser.add_argument("--from", dest="period_from", type=report_date, default=None)
    parser.add_argument("--to", dest="period_to", type=report_date, default=None)
    parser.add_argument("--region", action="append", default=None, help="region slug (repeat)")
    parser.add_argument("--lang", choices=LANGUAGES, default="ru", help="language of the titles")
    parser.add_argument(
        "--output",
        default=None,
        help="file to write (default: applications-FROM-TO.FORMAT; - for stdout, csv only)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace the file if it exists")


async def _rows(args: argparse.Namespace, path: Path) -> tuple[list[str], list[list[Cell]]]:
    async with await Database.open(path) as db:
        rows = await applications_between(
            db.connector, args.period_from, args.period_to, args.region
        )
        # Personal data leaves the database: who, when and how much is in the staff's audit.
        await record_export(
            db, OPERATOR, args.format, args.period_from, args.period_to, args.region, len(rows)
        )
    with use_locale(args.lang):
        titles, body = table(rows, None)
    return titles, body


def run(args: argparse.Namespace) -> int:
    if args.region:
        known = {region.slug for region in load_rules().regions}
        unknown = sorted(set(args.region) - known)
        if unknown:
            print(f"Unknown region(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
    if args.period_from and args.period_to and args.period_from > args.period_to:
        print(f"--from {args.period_from} is after --to {args.period_to}.", file=sys.stderr)
        return 2
    if args.output == "-" and args.format == "xlsx":
        print("XLSX cannot go to stdout; give --output FILE.", file=sys.stderr)
        return 2
    path = existing_database(args)
    titles, body = asyncio.run(_rows(args, path))
    if args.format == "xlsx":
        with use_locale(args.lang):
            content = to_xlsx(titles, body, _("Applications"))
    else:
        content = to_csv(titles, body)
    if args.output == "-":
        sys.stdout.buffer.write(content)
        return 0
    output = Path(
        args.output
        or f"applications-{args.period_from or 'all'}-{args.period_to or 'now'}.{args.format}"
    )
    write_private(output, content, database=path, overwrite=args.overwrite)
    print(f"{len(body)} applications written to {output}", file=sys.stderr)
    return 0
