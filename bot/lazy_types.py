"""aiogram's Telegram types are built when first used, not all at import.

aiogram declares its ~300 types with pydantic's `defer_build=True`, then forces every one of
them to build at the end of `aiogram/types/__init__.py` (`model_rebuild` with the types'
namespace). On a small server that loop is most of the bot's start-up (about 7.5 s of CPU of
7.9 on the 2-core machine in bench/RESULTS.md) and most of its memory (about 100 MiB). A bot
uses a few dozen of those types. While aiogram is imported, `defer_aiogram_type_builds` turns
that loop's calls into "remember the namespace"; the names are then put into aiogram's modules
(which import them only for type checkers), and pydantic builds each type the first time it
validates or serialises one (the first update takes a few hundred milliseconds more). Other
`model_rebuild` calls are untouched. tests/conftest.py imports `bot` first, so the whole test
suite, the end-to-end tests included, runs this way.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel


def defer_aiogram_type_builds() -> None:
    """Import aiogram with its types' builds deferred (no-op when aiogram is already in)."""
    if "aiogram.types" in sys.modules:
        return
    original = BaseModel.__dict__["model_rebuild"]
    remembered: dict[str, Any] = {}

    def remember_namespace(cls: type[BaseModel], /, **kwargs: Any) -> bool | None:
        namespace = kwargs.get("_types_namespace")
        if namespace is None or set(kwargs) != {"_types_namespace"}:
            result: bool | None = original.__func__(cls, **kwargs)
            return result
        # What model_rebuild would have resolved the forward references with, kept for the
        # build that pydantic runs on first use.
        remembered.update(namespace)
        return None

    BaseModel.model_rebuild = classmethod(remember_namespace)  # type: ignore[assignment,method-assign]
    try:
        import aiogram  # noqa: F401  (types, methods, everything the dispatcher uses)
    finally:
        BaseModel.model_rebuild = original  # type: ignore[method-assign]
    # aiogram's modules name other types only under TYPE_CHECKING; pydantic resolves a model's
    # forward references in its module's globals, so each module gets the names it lacks.
    for name, module in list(sys.modules.items()):
        if name.startswith("aiogram.") and module is not None:
            for key, value in remembered.items():
                module.__dict__.setdefault(key, value)
