"""Yes, no and "I don't know" as people type them in Kazakh and Russian (and the Latin letters
a phone without a Kazakh keyboard gives): «да», «иә», «ия», «жоқ», «жок», «нет», «не знаю»,
«білмеймін», «да, согласен», «жоқ, рахмет»; and "none of these" at a question with ticks
(«нет», «ничего», «ешқайсысы»)."""

from __future__ import annotations

import re

from bot.rules.model import Answer

# Longer text is a sentence about something else, not an answer to a yes/no question.
_LONGEST = 60
_WORD = re.compile(r"[^\W\d_]+")

_YES = frozenset(
    {
        "да", "ага", "угу", "конечно", "согласен", "согласна", "согласны", "верно",
        "хорошо", "ок", "окей", "ok", "okay", "yes", "иә", "ия", "иа", "йә", "ие", "әрине",
        "келісемін", "келісем", "жарайды", "дұрыс", "болады",
    }
)  # fmt: skip
_NO = frozenset(
    {"нет", "неа", "жоқ", "жок", "келіспеймін", "келіспеймин", "no", "nope"}
)  # fmt: skip
# Words that turn a yes around («да, не согласен», «иә, келіспеймін емес»): then it is no answer.
_NEGATIONS = frozenset({"не", "емес", "нет", "жоқ", "жок"})
_DONT_KNOW = (
    ("не", "знаю"), ("незнаю",), ("не", "уверен"), ("не", "уверена"), ("не", "помню"),
    ("білмеймін",), ("білмеймин",), ("билмеймин",), ("білмедім",), ("білмим",),
    ("есімде", "жоқ"), ("есимде", "жок"),
)  # fmt: skip


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def _has(words: list[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1))


def read_answer(text: str) -> Answer | None:
    """Yes, no or "I don't know"; None when the text is none of them, or both yes and no."""
    if len(text) > _LONGEST:
        return None
    words = _words(text)
    if not words:
        return None
    if any(_has(words, phrase) for phrase in _DONT_KNOW):
        return Answer.DONT_KNOW
    first, rest = words[0], set(words[1:])
    if first in _YES and not rest & _NEGATIONS:
        return Answer.YES
    if first in _NO and not rest & _YES:
        return Answer.NO
    return None


# «Ничего», «никаких», «ешқайсысы»: none of the options, typed at a question with ticks.
_NONE = frozenset(
    {"ничего", "никаких", "никакие", "ешқайсысы", "ешкайсысы", "ешқандай", "ешкандай",
     "ештеңе", "ештене", "none"}
)  # fmt: skip


def read_none(text: str) -> bool:
    """Whether the text says "none of these": «нет», «жоқ», «ничего из этого», «ешқайсысы»."""
    if len(text) > _LONGEST:
        return False
    words = _words(text)
    if not words:
        return False
    return read_answer(text) is Answer.NO or (words[0] in _NONE and not set(words) & _YES)


def read_yes_no(text: str) -> bool | None:
    """True for yes, False for no; None for anything else, "I don't know" included."""
    answer = read_answer(text)
    return None if answer is None or answer is Answer.DONT_KNOW else answer is Answer.YES
