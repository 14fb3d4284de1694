import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.rules import make_iin
from bot.rules.model import Sex


def run_check(
    args: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_check_prints_one_verdict_per_programme_for_the_given_day(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = {"iin": make_iin(date(1976, 3, 1), Sex.MALE), "employment": "unemployed_registered"}
    code, out, err = run_check(["--on", "2026-03-01"], json.dumps(profile), monkeypatch, capsys)
    assert (code, err) == (0, "")
    verdicts = json.loads(out)
    assert verdicts["on"] == "2026-03-01"
    statuses = {p["id"]: p["status"] for p in verdicts["programmes"]}
    assert statuses["kumis_jas"] == "eligible"
    assert statuses["jastar_praktikasy"] == "ineligible"
    assert len(statuses) == 13  # 7 programmes and the 6 measures of corrections 2026-12 §3
    youth = next(p for p in verdicts["programmes"] if p["id"] == "jastar_praktikasy")
    assert youth["criteria"][0]["citation"]["act"].startswith("Res. № 476")
    assert "rules_suspended" in [notice["code"] for notice in youth["notices"]]
    payment = next(p for p in verdicts["programmes"] if p["id"] == "job_loss_payment")
    assert (payment["apply"], payment["how_to_apply"]) == (False, "enbek_egov_kaspi")


def test_check_gives_check_never_no_for_i_do_not_know(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = {
        "employment": "unemployed_unregistered",
        "lost_job_recently": "yes",
        "social_insurance_paid": "dont_know",
        "profession_sector": "dont_know",
    }
    code, out, _ = run_check(["--on", "2026-03-01"], json.dumps(profile), monkeypatch, capsys)
    assert code == 0
    statuses = {p["id"]: p["status"] for p in json.loads(out)["programmes"]}
    assert statuses["job_loss_payment"] == statuses["diploma_to_village"] == "unknown"


def test_check_reads_the_profile_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "profile.json"
    path.write_text('{"region": "almaty_city"}', "utf-8")
    code, out, _ = run_check(
        ["--profile", str(path), "--on", "2025-12-31"], "", monkeypatch, capsys
    )
    assert code == 0
    assert json.loads(out)["parameters"]["mrp"] == 3932


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        ([], "{not json", "the profile is not valid JSON"),
        ([], '{"sex": "m"}', "bad profile: sex: 'm' is not one of: male, female"),
        (
            [],
            '{"iin": "870412300018"}',
            "bad profile: iin: the last digit of the IIN does not match",
        ),
        ([], '{"iin": "87041230001"}', "bad profile: iin: an IIN has 12 digits, this one has 11"),
        (
            [],
            '{"lost_job_recently": "maybe"}',
            "bad profile: lost_job_recently: 'maybe' is not one of: yes, no, dont_know",
        ),
        ([], '{"profession_sector": true}', "bad profile: profession_sector: must be a string"),
        (["--on", "2026-02-30"], "{}", "--on '2026-02-30' is not a date like 2026-03-01"),
        (["--on", "2019-06-01"], "{}", "no mrp value is known for 2019-06-01"),
        (["--profile", "/nonexistent/profile.json"], "", "cannot read the profile"),
        # Was evaluated with "age": -4.
        (
            ["--on", "2026-03-02"],
            '{"birth_date": "2030-01-01"}',
            "the birth date 2030-01-01 is after the date checked (2026-03-02)",
        ),
    ],
)
def test_bad_input_exits_with_2_and_one_clear_line(
    args: list[str],
    stdin: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_check(args, stdin, monkeypatch, capsys)
    assert code == 2
    assert out == ""
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_python_m_bot_check_runs_as_a_real_process() -> None:
    good = subprocess.run(
        [sys.executable, "-m", "bot", "check", "--on", "2026-03-01"],
        input='{"birth_date": "2000-01-01", "employment": "employed"}',
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert {p["status"] for p in json.loads(good.stdout)["programmes"]} <= {"ineligible", "unknown"}
    bad = subprocess.run(
        [sys.executable, "-m", "bot", "check"],
        input='{"iin": "870412300018"}',
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("jumys check: bad profile: iin:")
    assert "Traceback" not in bad.stderr


def test_check_read_by_a_pager_that_stops_early_ends_quietly() -> None:
    """`jumys check | head -2` ended in a BrokenPipeError traceback."""
    done = subprocess.run(
        f"{sys.executable} -m bot check --on 2026-03-01 | head -2",
        shell=True,
        input='{"birth_date": "2000-01-01"}',
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.splitlines() == ["{", '  "on": "2026-03-01",']
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr
