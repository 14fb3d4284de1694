"""Gettext catalogues (kk, ru). A package only so that the catalogues ship inside the wheel."""

from pathlib import Path

LOCALES_DIR = Path(__file__).resolve().parent
