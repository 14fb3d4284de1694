"""Gettext for the bot: Babel's translations of `locales/`, compiled by Babel when needed.

Every room uses `_`, `__` (lazy) and `ngettext` from here; the current language is a context
variable, set for each update by the runtime's language middleware (`bot.telegram.language`) and
anywhere else with `with use_locale("kk"): ...` (a notification to a citizen, a report). Nothing
here imports aiogram: the `jumys` commands that never talk to Telegram render texts too.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import LazyProxy, Translations

from locales import LOCALES_DIR

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "LANGUAGES",
    "Catalogues",
    "_",
    "__",
    "compile_catalogs",
    "current_locale",
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

_locale: ContextVar[str] = ContextVar("jumys_locale", default=DEFAULT_LANGUAGE)


class Catalogues:
    """The compiled catalogue of each language, read once."""

    def __init__(self, translations: dict[str, Translations]) -> None:
        self.translations = translations

    @property
    def current_locale(self) -> str:
        return _locale.get()

    def gettext(
        self, message: str, plural: str | None = None, n: int = 1, locale: str | None = None
    ) -> str:
        catalogue = self.translations[locale or _locale.get()]
        if plural is None:
            return catalogue.gettext(message)
        return catalogue.ngettext(message, plural, n)

    @contextmanager
    def use_locale(self, language: str) -> Iterator[None]:
        """Texts in `language` inside the block (the default language if it is not ours)."""
        token = _locale.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)
        try:
            yield
        finally:
            _locale.reset(token)


def _(message: str, plural: str | None = None, n: int = 1) -> str:
    """The text in the current language."""
    return get_i18n().gettext(message, plural, n)


def __(message: str) -> LazyProxy:
    """The text, translated when it is shown: for tables built before any language is known."""
    return LazyProxy(_, message, enable_cache=False)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware gettext in the current locale (kk has 2 forms, ru has 3)."""
    return _(singular, plural, n)


def current_locale() -> str:
    return _locale.get()


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


def _read(locales_dir: Path, domain: str) -> Catalogues:
    translations: dict[str, Translations] = {}
    for language in LANGUAGES:
        mo_path = locales_dir / language / "LC_MESSAGES" / f"{domain}.mo"
        with mo_path.open("rb") as mo_file:
            translations[language] = Translations(mo_file, domain=domain)
    return Catalogues(translations)


def load_catalogues(locales_dir: Path = LOCALES_DIR, domain: str = DOMAIN) -> Catalogues:
    """The catalogues, compiled first where needed. An install the bot may not write (or
    read the compiled files of: a package owned by root, the bot run as another user) still
    starts: its catalogues are compiled into a private temporary folder instead."""
    try:
        compile_catalogs(locales_dir, domain)
        return _read(locales_dir, domain)
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
        return _read(elsewhere, domain)


@lru_cache(maxsize=1)
def get_i18n() -> Catalogues:
    """The catalogues of the process, loaded (and compiled if needed) on first use."""
    return load_catalogues()


@contextmanager
def use_locale(language: str) -> Iterator[Catalogues]:
    """Render texts in `language` anywhere, e.g. for a notification to a citizen."""
    i18n = get_i18n()
    with i18n.use_locale(language):
        yield i18n


class _TelegramUser(Protocol):
    @property
    def language_code(self) -> str | None: ...


def language_from_telegram(user: _TelegramUser | None) -> str | None:
    """kk or ru from Telegram's language_code ("ru-RU", "kk"), else None (we will ask)."""
    if user is None or not user.language_code:
        return None
    code = user.language_code.split("-")[0].lower()
    return code if code in LANGUAGES else None
