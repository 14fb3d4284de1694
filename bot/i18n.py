"""Gettext for the bot: aiogram's I18n over `locales/`, compiled by Babel when needed.

Handlers use `_`, `__` (lazy) and `ngettext` from here. Code outside a handler (staff review,
notifications) renders a text for a given citizen with `with use_locale("kk"): ...`.
"""

from __future__ import annotations

import logging
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


def compile_catalogs(locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> list[Path]:
    """Compile every `.po` whose `.mo` is missing or older; returns the files written.

    So that `pip install` + `jumys` works without `make`.
    """
    written: list[Path] = []
    for po_path in sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name, domain=domain)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalog, use_fuzzy=False)
        written.append(mo_path)
        log.info("compiled %s", mo_path)
    return written


@lru_cache(maxsize=1)
def get_i18n() -> I18n:
    """The one I18n of the process (catalogues compiled first if needed)."""
    compile_catalogs()
    i18n = I18n(path=LOCALES_DIR, default_locale=DEFAULT_LANGUAGE, domain=DOMAIN)
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
