"""`jumys check`: a profile as JSON in, the programme verdicts as JSON out.

Bad input (JSON, profile, IIN, date) exits with code 2 and one clear line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from bot.commands.arguments import report_date
from bot.rules import ParameterNotInForce, RulesError, evaluate, load_rules
from bot.rules.profile_json import ProfileError, evaluation_to_json, profile_from_json

BAD_INPUT = 2
BAD_RULES = 3


MESSAGE_CHARACTERS = 300


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", type=Path, help="a JSON file with the profile (default: read stdin)"
    )
    parser.add_argument("--on", help="evaluate on this date, YYYY-MM-DD (default: today)")


def _fail(message: str, code: int = BAD_INPUT) -> int:
    # A message may quote the value it refuses: a huge one is not echoed back whole.
    if len(message) > MESSAGE_CHARACTERS:
        message = message[:MESSAGE_CHARACTERS] + "…"
    print(f"jumys check: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    on = date.today()
    if args.on is not None:
        try:
            on = report_date(args.on)
        except argparse.ArgumentTypeError as error:
            return _fail(f"--on {error}")
    try:
        text = sys.stdin.read() if args.profile is None else args.profile.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"cannot read the profile: {error}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return _fail(f"the profile is not valid JSON: {error}")
    except RecursionError:
        return _fail("the profile is nested too deeply to be a profile")
    try:
        rules = load_rules()
    except RulesError as error:
        return _fail(f"the programme rules are broken: {error}", BAD_RULES)
    try:
        profile = profile_from_json(data, rules)
    except ProfileError as error:
        return _fail(f"bad profile: {error}")
    if profile.birth_date is not None and profile.birth_date > on:
        return _fail(f"the birth date {profile.birth_date} is after the date checked ({on})")
    try:
        evaluation = evaluate(profile, on, rules)
    except ParameterNotInForce as error:
        return _fail(str(error))
    json.dump(evaluation_to_json(evaluation), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()  # here, where a reader that has gone is caught (bot.cli), not at exit
    return 0
