"""Every text the bot can show exists in Kazakh and Russian, complete and with the same names."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, compile_catalogs, load_catalogues, use_locale
from locales import LOCALES_DIR

PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*\}")
KAZAKH_LETTERS = set("әғқңөұүі")


def _catalogue(language: str) -> Path:
    return LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"


def _template_ids() -> set[str]:
    with (LOCALES_DIR / "messages.pot").open("rb") as pot:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_translates_every_text_fully_without_fuzzy_or_placeholder_drift(
    language: str,
) -> None:
    with _catalogue(language).open("rb") as po:
        catalogue = read_po(po, locale=language)
    problems: list[str] = []
    seen: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = [str(i) for i in message.id] if isinstance(message.id, tuple) else [str(message.id)]
        strings = (
            [str(s) for s in message.string]
            if isinstance(message.string, tuple)
            else [str(message.string or "")]
        )
        seen.add(ids[0])
        wanted = set(PLACEHOLDER.findall("".join(ids)))
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"missing: {ids[0]!r}")
        elif any(set(PLACEHOLDER.findall(s)) != wanted for s in strings):
            problems.append(f"placeholders differ: {ids[0]!r}")
    problems += [f"not in catalogue: {msgid!r}" for msgid in _template_ids() - seen]
    assert problems == []


def test_plural_forms_are_two_in_kazakh_and_three_in_russian() -> None:
    with _catalogue("kk").open("rb") as po:
        assert read_po(po, locale="kk").num_plurals == 2
    with _catalogue("ru").open("rb") as po:
        assert read_po(po, locale="ru").num_plurals == 3


def test_russian_months_agree_with_the_number() -> None:
    from bot.words.formatting import months

    compile_catalogs()
    with use_locale("ru"):
        assert [months(n) for n in (1, 3, 12, 21, 36)] == [
            "до 1 месяца",
            "до 3 месяцев",
            "до 12 месяцев",
            "до 21 месяца",
            "до 36 месяцев",
        ]


def test_kazakh_texts_use_kazakh_letters() -> None:
    with _catalogue("kk").open("rb") as po:
        text = "".join(str(m.string) for m in read_po(po, locale="kk") if m.id)
    assert set(text) >= KAZAKH_LETTERS


def test_every_text_in_the_code_is_in_the_catalogues(tmp_path: Path) -> None:
    """A text added with _() but never extracted would reach citizens in English."""
    extracted = tmp_path / "messages.pot"
    project = LOCALES_DIR.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(project / "babel.cfg"),
            *("-k", "_", "-k", "__", "-k", "lazy_gettext", "-k", "ngettext:1,2"),
            "-o",
            str(extracted),
            ".",
        ],
        check=True,
        cwd=project,
        capture_output=True,
    )
    with extracted.open("rb") as pot:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(pot) if m.id}
    assert sorted(in_code - _template_ids()) == []


def _po_only_copy(target: Path) -> Path:
    for language in LANGUAGES:
        folder = target / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(_catalogue(language), folder / "messages.po")
    return target


def test_an_install_the_bot_cannot_write_to_still_speaks_both_languages(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A package owned by root with the bot run as another user: the .mo files cannot be
    written (here a folder stands where each should go). The bot starts all the same."""
    locales = _po_only_copy(tmp_path / "locales")
    for language in LANGUAGES:
        (locales / language / "LC_MESSAGES" / "messages.mo").mkdir()
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        i18n = load_catalogues(locales)
    assert i18n.gettext("Help", locale="kk") == "Көмек"
    assert i18n.gettext("Help", locale="ru") == "Помощь"
    assert "compiled into" in caplog.text


def test_a_catalogue_newer_than_its_compiled_copy_is_read_from_the_new_one(tmp_path: Path) -> None:
    """An upgrade that brought new .po files but left old .mo files: the new texts are shown."""
    locales = _po_only_copy(tmp_path / "locales")
    compile_catalogs(locales)
    po_path = locales / "ru" / "LC_MESSAGES" / "messages.po"
    po_path.write_text(
        po_path.read_text().replace('msgstr "Помощь"', 'msgstr "Справка"'), encoding="utf-8"
    )
    mo_path = po_path.with_suffix(".mo")
    os.utime(mo_path, (po_path.stat().st_mtime - 60,) * 2)
    assert load_catalogues(locales).gettext("Help", locale="ru") == "Справка"


def test_compiled_catalogues_are_readable_by_any_user_whatever_the_umask(tmp_path: Path) -> None:
    """`jumys` commands make their files private (umask 077); the compiled texts must still be
    readable by the user the bot runs as, if another user's command compiled them."""
    locales = _po_only_copy(tmp_path / "locales")
    before = os.umask(0o077)
    try:
        compile_catalogs(locales)
    finally:
        os.umask(before)
    compiled = sorted(locales.glob("*/LC_MESSAGES/messages.mo"))
    assert len(compiled) == 2
    assert all(path.stat().st_mode & 0o777 == 0o644 for path in compiled)
