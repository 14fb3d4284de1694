"""aiogram's pydantic schemas built when a type is first used, not all ~650 at import.

`import aiogram` defines every Telegram type and method and then builds a pydantic-core validator
and serializer for each (`aiogram/types/__init__.py` calls `model_rebuild()` on all of them).
On the machine of bench/RESULTS.md that took 7 of the 8 seconds `jumys run` needed to start and
160 MB of its memory, for types such as giveaways and passport data that the bot never sees.
aiogram already declares its types `defer_build=True`; only that final loop forces the build.

`install()` (called from `bot/__init__.py`, before anything imports aiogram) adds an import hook
that, around the import of three aiogram modules only:

- `aiogram.types`: turns that loop into recording the names it would resolve forward references
  with, and gives them to each type, so pydantic's own deferred build resolves them on first use;
- `aiogram.methods.base`: makes the methods wait to be built too (`defer_build`, as the types);
- `aiogram.methods`: gives the same names to the methods, to be built on first use.

While those modules run, the strings of type hints are compiled once each (`typing.ForwardRef`
compiles them again for every class that uses one). Nothing else changes: the schemas are
pydantic's own, built from the same definitions and the same names, only later.
`build_update_models()` builds the few every update needs, in the order that lets each reuse the
one before (`jumys run` calls it at start). `build_all()` builds every one (what the import used to
do); the tests use it to check that each type and method still builds.
JUMYS_EAGER_SCHEMAS=1 switches the hook off.
"""

from __future__ import annotations

import builtins
import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import CodeType, ModuleType
from typing import Any

_TYPES = "aiogram.types"
_METHODS = "aiogram.methods"
_METHOD_BASE = "aiogram.methods.base"
# Forward references of aiogram's types and methods resolve in here (shared, filled once).
_NAMES: dict[str, Any] = {}


class _WrappedLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader, around: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._around = around

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._around(module)


class _Hook(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        run = _RUNS.get(fullname)
        if run is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        spec.loader = _WrappedLoader(loader, lambda module: run(loader, module))
        return spec


@contextmanager
def _forward_references_compiled_once() -> Iterator[None]:
    """`typing.ForwardRef` compiles its string when made: aiogram's ~630 classes make ~3,400 of
    them from ~450 different strings ("str | None" 363 times). A code object never changes, so
    one per string serves them all: ~0.1 s of the import (bench/RESULTS.md)."""
    compile_now = builtins.compile
    compiled: dict[str, CodeType] = {}

    def compile_once(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if filename != "<string>" or mode != "eval" or args or kwargs or type(source) is not str:
            return compile_now(source, filename, mode, *args, **kwargs)
        code = compiled.get(source)
        if code is None:
            code = compiled[source] = compile_now(source, filename, mode)
        return code

    builtins.compile = compile_once
    try:
        yield
    finally:
        builtins.compile = compile_now


def _run_types(loader: importlib.abc.Loader, module: ModuleType) -> None:
    from pydantic import BaseModel

    eager = BaseModel.__dict__["model_rebuild"]  # the classmethod itself, to put back as it was

    def record_names(cls: type[BaseModel], /, **options: Any) -> bool | None:
        names = options.get("_types_namespace")
        if names is None or not cls.__module__.startswith(_TYPES):
            return eager.__func__(cls, **options)  # type: ignore[no-any-return]
        _NAMES.update(names)
        cls.__pydantic_parent_namespace__ = _NAMES
        return None

    type.__setattr__(BaseModel, "model_rebuild", classmethod(record_names))
    try:
        with _forward_references_compiled_once():
            loader.exec_module(module)
    finally:
        type.__setattr__(BaseModel, "model_rebuild", eager)


def _run_methods(loader: importlib.abc.Loader, module: ModuleType) -> None:
    with _forward_references_compiled_once():
        loader.exec_module(module)
    for cls in _method_classes(module):
        cls.__pydantic_parent_namespace__ = _NAMES


def _run_method_base(loader: importlib.abc.Loader, module: ModuleType) -> None:
    loader.exec_module(module)
    # Every method inherits this config: it waits to be built like aiogram's types do, instead of
    # trying at definition (and, for most, failing on a type that waits) or succeeding for the
    # ~170 methods the bot never calls.
    module.TelegramMethod.model_config["defer_build"] = True


_RUNS: dict[str, Callable[[importlib.abc.Loader, ModuleType], None]] = {
    _TYPES: _run_types,
    _METHODS: _run_methods,
    _METHOD_BASE: _run_method_base,
}


def _method_classes(module: ModuleType) -> list[Any]:
    from pydantic import BaseModel

    found = (getattr(module, name) for name in getattr(module, "__all__", ()))
    return [cls for cls in found if isinstance(cls, type) and issubclass(cls, BaseModel)]


def install() -> None:
    """Add the hook, unless aiogram is already imported (then it is too late: nothing to do)."""
    if os.environ.get("JUMYS_EAGER_SCHEMAS") or _TYPES in sys.modules:
        return
    if not any(isinstance(finder, _Hook) for finder in sys.meta_path):
        sys.meta_path.insert(0, _Hook())


def build_update_models() -> None:
    """Build Message, then Update: what the first update and the first reply need.

    Built on first use instead, Message's schema (most of the ~170 types an update can hold) is
    generated three times: inside getUpdates' `Response[list[Update]]`, again for Update itself
    (the inbox stores it as JSON) and again inside sendMessage's `Response[Message]`. pydantic
    reuses a complete model's schema, so building Message first makes the others cheap: the first
    update's path took 0.74 s of CPU that way and takes 0.30 s this way (bench/RESULTS.md)."""
    from aiogram.types import Message, Update

    for model in (Message, Update):
        if not model.__pydantic_complete__:
            model.model_rebuild(_types_namespace=_NAMES or None)


def build_all() -> list[str]:
    """Build every aiogram type and method now; returns the names that could not be built."""
    import aiogram.methods
    import aiogram.types

    failed: list[str] = []
    for module in (aiogram.types, aiogram.methods):
        for cls in _method_classes(module):
            try:
                cls.model_rebuild(_types_namespace=_NAMES or None)
            except Exception:
                failed.append(cls.__name__)
                continue
            if not cls.__pydantic_complete__:
                failed.append(cls.__name__)
    return failed
