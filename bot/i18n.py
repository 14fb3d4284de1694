"""Gettext for the bot: aiogram's I18n over `locales/`, compiled by Babel when needed.

Handlers use `_`, `__` (lazy) and `ngettext` from here. Code outside a handler (staff review,
notifications) renders a text for a given citizen with `with use_locale("kk"): ...`.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from aiogram.types import TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from locales import LOCALES_DIR

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "UserLanguageMiddleware",
    "_",
    "__",
    "compile_catalogs",
    "get_i18n",
    "language_from_telegram",
    "load_catalogues",
    "ngettext",
    "use_locale",
]

log = logging.getLogger(__name__)

DOMAIN = "messages"
LANGUAGES: tuple[str, ...] = ("kk", "ru")
# Kazakh is the state language; it is used only until the citizen picks a language.
DEFAULT_LANGUAGE = "kk"


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware gettext in the current locale (kk has 2 forms, ru has 3)."""
    return _(singular, plural, n)


def _is_fresh(mo_path: Path, po_path: Path) -> bool:
    return mo_path.is_file() and mo_path.stat().st_mtime >= po_path.stat().st_mtime


def _compiled(po_path: Path, domain: str) -> bytes:
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=po_path.parent.parent.name, domain=domain)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    return compiled.getvalue()


def compile_catalogs(locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> list[Path]:
    """Compile every `.po` whose `.mo` is missing or older; returns the files written.

    So that `pip install` + `jumys` works without `make`.
    """
    written: list[Path] = []
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        mo_path = po_path.with_suffix(".mo")
        if _is_fresh(mo_path, po_path):
            continue
        # Renamed into place: another `jumys` process may be reading it, and a half-written
        # file newer than its .po would pass for a fresh one at the next start.
        partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.tmp")
        partial.write_bytes(_compiled(po_path, domain))
        # Texts, not personal data: readable by whichever user runs the bot, whatever the
        # umask of the command that compiled them (`bot.cli` makes files private).
        partial.chmod(0o644)
        partial.replace(mo_path)
        written.append(mo_path)
        log.info("compiled %s", mo_path)
    return written


def load_catalogues(locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> I18n:
    """The catalogues, compiled first where needed. An install the bot may not write (or
    read the compiled files of: a package owned by root, the bot run as another user) still
    starts: its catalogues are compiled into a private temporary folder instead."""
    try:
        compile_catalogs(locales_dir, domain)
        return I18n(path=locales_dir, default_locale=DEFAULT_LANGUAGE, domain=domain)
    except OSError as error:
        elsewhere = Path(tempfile.mkdtemp(prefix="jumys-locales-"))
        for po_path in locales_dir.glob(f"*/LC_MESSAGES/{domain}.po"):
            copy = elsewhere / po_path.relative_to(locales_dir)
            copy.parent.mkdir(parents=True)
            copy.with_suffix(".mo").write_bytes(_compiled(po_path, domain))
        log.warning(
            "could not use the compiled catalogues in %s (%s): compiled into %s instead;"
            " run `pybabel compile -d %s -D %s` there as their owner to save the time",
            locales_dir,
            type(error).__name__,
            elsewhere,
            locales_dir,
            domain,
        )
        return I18n(path=elsewhere, default_locale=DEFAULT_LANGUAGE, domain=domain)


@lru_cache(maxsize=1)
def get_i18n() -> I18n:
    """The one I18n of the process (catalogues compiled first if needed)."""
    i18n = load_catalogues()
    # Outside handlers (console, notifications, tests) the default context is this instance.
    I18n.set_current(i18n)
    return i18n


@contextmanager
def use_locale(language: str) -> Iterator[I18n]:
    """Render texts in `language` anywhere, e.g. for a notification to a citizen."""
    i18n = get_i18n()
    with i18n.context(), i18n.use_locale(language if language in LANGUAGES else DEFAULT_LANGUAGE):
        yield i18n


def language_from_telegram(user: User | None) -> str | None:
    """kk or ru from Telegram's language_code ("ru-RU", "kk"), else None (we will ask)."""
    if user is None or not user.language_code:
        return None
    code = user.language_code.split("-")[0].lower()
    return code if code in LANGUAGES else None


class UserLanguageMiddleware(I18nMiddleware):
    """Locale = the language stored for the user, else Telegram's, else the default.

    Needs `db` in the handler data (the outer update middleware puts it there). The user's row is
    left in `data["account"]` so handlers do not read it again.
    """

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        user: User | None = data.get("event_from_user")
        if user is None:
            return DEFAULT_LANGUAGE
        db = data.get("db")
        if db is not None:
            account = await db.users.get(user.id)
            data["account"] = account
            stored = getattr(account, "language", None)
            if stored in LANGUAGES:
                return str(stored)
        return language_from_telegram(user) or DEFAULT_LANGUAGE
