"""A mistake in the rules data stops the load with the file and the key, never silently."""

import shutil
from pathlib import Path

import pytest

from bot.rules import RulesError, load_rules
from bot.rules.loader import DATA_DIRECTORY


def rules_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    shutil.copytree(DATA_DIRECTORY, tmp_path, dirs_exist_ok=True)
    path = tmp_path / file
    text = path.read_text("utf-8")
    assert old in text, f"the test's anchor {old!r} is not in {file}"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return tmp_path


def test_the_bundled_rules_load_and_a_copy_loads_the_same(tmp_path: Path) -> None:
    copy = load_rules(rules_with(tmp_path, "regions.toml", "", ""))
    assert list(copy.programmes) == list(load_rules().programmes)


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "programmes.toml",
            'id = "kumis_jas"\n',
            'id = "kumis_jas"\ncolour = "silver"\n',
            "programmes.toml: programme[kumis_jas].colour: unknown key",
        ),
        (
            "programmes.toml",
            'source = "https://otyrar.kz/',
            'note = "https://otyrar.kz/',
            "programmes.toml: programme[kumis_jas].criterion[1].source: missing",
        ),
        (
            "programmes.toml",
            'act = "Res. № 476, silver age: persons of pre-retirement age from 50"\n',
            "",
            "programmes.toml: programme[kumis_jas].criterion[1].act: missing",
        ),
        (
            "parameters.toml",
            "{ from = 2023-01-01, value = 3450,",
            "{ from = 2022-01-01, value = 3450,",
            "parameters.toml: mrp.values[2022-01-01]: overlapping date ranges",
        ),
        (
            "programmes.toml",
            'max_age = 35\nact = "Res. № 476, youth practice: «35 жастан аспаған»"\n',
            'max_age = 35\nto = 2026-12-31\nact = "x"\nsource = "x"\n\n[[programme.criterion]]\n'
            'code = "age_at_most"\nfield = "birth_date"\nmax_age = 30\nfrom = 2026-01-01\n'
            'act = "x"\n',
            "programmes.toml: programme[jastar_praktikasy].criterion[1]: overlapping date ranges",
        ),
        (
            "programmes.toml",
            'field = "has_work_experience"',
            'field = "work_experience"',
            "programme[first_job].criterion[2].field: names a field that does not exist",
        ),
        (
            "programmes.toml",
            'code = "no_work_experience"',
            'code = "no_experience"',
            "programme[first_job].criterion[2].code: unknown criterion code",
        ),
        (
            "programmes.toml",
            'allowed = ["tvet", "higher", "postgraduate"]',
            'allowed = ["tvet", "university"]',
            "programme[jastar_praktikasy].criterion[1].allowed: 'university' is not a valid",
        ),
        (
            "programmes.toml",
            'allowed = ["education", "health", "social_care", "culture", "sport", "agriculture"]',
            'allowed = ["education", "dont_know"]',
            "programme[diploma_to_village].criterion[0].allowed: dont_know cannot be allowed",
        ),
        (
            "programmes.toml",
            '{ region = "almaty_city",',
            '{ region = "almaty",',
            "regional_top_up[almaty 2022-01-01].region: unknown region 'almaty'",
        ),
        (
            "programmes.toml",
            'id = "public_works"',
            'id = "public_work"',
            "programme[public_work].id: unknown programme id",
        ),
        (
            "programmes.toml",
            "max_months = 36\n",
            'max_months = "36"\n',
            "programme[kumis_jas].max_months: must be an integer",
        ),
        (
            "parameters.toml",
            "value = 61.5,",
            "value = 61.25,",
            "retirement_age.female[2028-01-01].value: must be an age in years, whole or half",
        ),
        (
            "programmes.toml",
            "stops_at_retirement_source = ",
            "stops_at_retirement_note = ",
            "programme[kumis_jas].stops_at_retirement_source: missing",
        ),
        (
            "programmes.toml",
            "check_age = 35\n",
            "check_age = 34\n",
            "programme[first_job].criterion[1].check_age: must be more than max_age (34)",
        ),
        (
            "programmes.toml",
            "check_age_source = ",
            "check_age_note = ",
            "programme[first_job].criterion[1].check_age_source: missing",
        ),
        (
            "programmes.toml",
            'check = ["student"]\n',
            'check = ["pupil"]\n',
            "programme[public_works].criterion[1].check: 'pupil' is not a valid",
        ),
        (
            "programmes.toml",
            'benefit = "job_loss_share"',
            'benefit = "job_loss"',
            "programme[job_loss_payment].pay.benefit: unknown benefit 'job_loss'",
        ),
        (
            "programmes.toml",
            'how_to_apply = "enbek_egov_kaspi"\n',
            "",
            "programme[job_loss_payment].how_to_apply: missing",
        ),
        (
            "programmes.toml",
            'apply = false\nhow_to_apply = "enbek_egov_kaspi"\n',
            'apply = "no"\nhow_to_apply = "enbek_egov_kaspi"\n',
            "programme[job_loss_payment].apply: must be true or false",
        ),
        (
            "notices.toml",
            'code = "rules_suspended"',
            'code = "suspended"',
            "notices.toml: notice[suspended 2026-01-26].code: unknown notice 'suspended'",
        ),
        (
            "notices.toml",
            "from = 2026-01-26\nto = 2026-03-31\n",
            "from = 2026-01-26\nto = 2026-03-31\ncolour = 1\n",
            "notices.toml: notice[rules_suspended 2026-01-26].colour: unknown key",
        ),
        (
            "notices.toml",
            'source = "https://www.zakon.kz/pravo/6505899',
            'note = "https://www.zakon.kz/pravo/6505899',
            "notices.toml: notice[rules_suspended 2026-01-26].source: missing",
        ),
        (
            "notices.toml",
            'programmes = ["jastar_praktikasy"]',
            'programmes = ["youth"]',
            "notices.toml: notice[ecological_allowance 2023-07-01].programmes: 'youth' is not",
        ),
        (
            "notices.toml",
            '\n[[notice]]\ncode = "ecological_allowance"',
            '\n[[notice]]\ncode = "rules_suspended"\nprogrammes = ["social_jobs"]\n'
            'from = 2026-03-01\nact = "x"\nsource = "x"\n'
            '\n[[notice]]\ncode = "ecological_allowance"',
            "notices.toml: notice[rules_suspended 2026-03-01]: overlapping date ranges",
        ),
        (
            "programmes.toml",
            'code = "eds_on_portal"',
            'code = "eds"',
            "programme[business_grant].precondition[1].code: unknown precondition 'eds'",
        ),
        (
            "programmes.toml",
            'code = "eds_on_portal"',
            'code = "bastau_business_certificate"',
            "programme[business_grant].precondition[1].code: bastau_business_certificate is "
            "listed twice",
        ),
        ("regions.toml", 'slug = "ulytau"', 'slug = "turkistan"', "turkistan is listed twice"),
        ("regions.toml", "[[region]]", "[[region]", "regions.toml: (syntax)"),
        (
            "regions.toml",
            'aliases = ["Павлодар"',
            'aliases = ["Шымкент"',
            "regions.toml: region[pavlodar].aliases: 'Шымкент' also names shymkent_city",
        ),
    ],
)
def test_a_mistake_in_the_rules_names_the_file_and_the_key(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    with pytest.raises(RulesError) as raised:
        load_rules(rules_with(tmp_path, file, old, new))
    assert message in str(raised.value)


def test_a_missing_notices_file_is_named(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIRECTORY, tmp_path, dirs_exist_ok=True)
    (tmp_path / "notices.toml").unlink()
    with pytest.raises(RulesError, match=r"notices\.toml: \(file\): not found"):
        load_rules(tmp_path)


def test_a_missing_rules_file_is_named(tmp_path: Path) -> None:
    shutil.copytree(DATA_DIRECTORY, tmp_path, dirs_exist_ok=True)
    (tmp_path / "regions.toml").unlink()
    with pytest.raises(RulesError, match=r"regions\.toml: \(file\): not found"):
        load_rules(tmp_path)


def test_a_programme_left_out_of_the_rules_is_named(tmp_path: Path) -> None:
    path = rules_with(tmp_path, "programmes.toml", "", "")
    text = (path / "programmes.toml").read_text("utf-8")
    start = text.index('[[programme]]\nid = "business_grant"')
    (path / "programmes.toml").write_text(text[:start], "utf-8")
    with pytest.raises(RulesError, match="programme: not defined: business_grant"):
        load_rules(path)
