"""Strict reading of the rules' TOML: every key known, every value typed, every error located.

A typo in the rules must stop the bot at start-up with the file and the key, never be ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Generic, TypeVar

E = TypeVar("E", bound=StrEnum)

T = TypeVar("T")


class RulesError(Exception):
    """The rules data is wrong. The message names the file and the key."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


class Node:
    """One TOML table being read; `done()` rejects any key nobody asked for."""

    def __init__(self, file: str, path: str, data: object) -> None:
        if not isinstance(data, Mapping):
            raise RulesError(file, path or "(top)", "must be a table")
        self.file = file
        self.path = path
        self._data: Mapping[str, object] = data
        self._read: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def error(self, name: str, problem: str) -> RulesError:
        return RulesError(self.file, self.key(name), problem)

    def has(self, name: str) -> bool:
        return name in self._data

    def names(self) -> tuple[str, ...]:
        """The table's keys, for tables whose keys are the data (a list of named sources)."""
        return tuple(self._data)

    def raw(self, name: str) -> object:
        self._read.add(name)
        if name not in self._data:
            raise self.error(name, "missing")
        return self._data[name]

    def text(self, name: str) -> str:
        value = self.raw(name)
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "must be a non-empty string")
        return value

    def member(self, name: str, choices: type[E], what: str = "") -> E:
        """One of `choices` by its value; anything else named with the values known."""
        text = self.text(name)
        try:
            return choices(text)
        except ValueError:
            known = ", ".join(choices)
            unknown = f"unknown {what} {text!r}" if what else f"unknown {text!r}"
            raise self.error(name, f"{unknown}; known: {known}") from None

    def integer(self, name: str) -> int:
        value = self.raw(name)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be an integer")
        return value

    def boolean(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def day(self, name: str) -> date:
        value = self.raw(name)
        if type(value) is not date:
            raise self.error(name, "must be a date like 2026-01-01")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(name, "must be a list of strings")
        return tuple(value)

    def optional(self, name: str, read: Callable[[str], T], default: T) -> T:
        return read(name) if name in self._data else default

    def child(self, name: str) -> Node:
        return Node(self.file, self.key(name), self.raw(name))

    def children(self, name: str, label: Callable[[int, Mapping[str, object]], str]) -> list[Node]:
        value = self.raw(name)
        if not isinstance(value, list):
            raise self.error(name, "must be a list of tables")
        nodes = []
        for index, item in enumerate(value):
            tag = label(index, item) if isinstance(item, Mapping) else str(index)
            nodes.append(Node(self.file, f"{self.key(name)}[{tag}]", item))
        return nodes

    def done(self) -> None:
        for name in self._data:
            if name not in self._read:
                raise self.error(name, "unknown key")


def positive_value(node: Node) -> int:
    value = node.integer("value")
    if value <= 0:
        raise node.error("value", "must be positive")
    return value


@dataclass(frozen=True, slots=True)
class Dated(Generic[T]):
    """A value in force from `start` to `end` (inclusive; None: until further notice)."""

    start: date
    end: date | None
    value: T
    source: str
    verified: bool
    key: str  # where it was written, for error messages


def read_dated(node: Node, read_value: Callable[[Node], T]) -> Dated[T]:
    """One `{from = ..., to = ..., value = ..., source = ..., verified = ..., note = ...}` entry."""
    start = node.day("from")
    end = node.optional("to", node.day, None)
    if end is not None and end < start:
        raise node.error("to", f"ends ({end}) before it starts ({start})")
    value = read_value(node)
    source = node.text("source")
    verified = node.optional("verified", node.boolean, True)
    node.optional("note", node.text, "")
    node.done()
    return Dated(start, end, value, source, verified, node.path)


def check_no_overlap(file: str, entries: list[Dated[T]]) -> list[Dated[T]]:
    """Sort by start; two entries in force on the same day are an error naming the later one.

    An entry without `to` lasts until the next one starts, so only equal starts overlap then.
    """
    ordered = sorted(entries, key=lambda entry: entry.start)
    for earlier, later in pairwise(ordered):
        earlier_end = earlier.end if earlier.end is not None else later.start - timedelta(days=1)
        if later.start <= earlier_end or later.start == earlier.start:
            raise RulesError(
                file,
                later.key,
                f"overlapping date ranges: in force on {later.start} as {earlier.key}",
            )
    return ordered
