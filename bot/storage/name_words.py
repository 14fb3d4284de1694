"""A citizen's name in its search form: the words of the name, case-folded, as the desk finds
them ("АЙГЕРІМ  Бекова-Әлиева" and "айгерім бекова" share the words a reviewer types)."""

from __future__ import annotations

import re

# Letters of any script; a hyphen, an apostrophe or a space separates words.
_WORD = re.compile(r"[^\W\d_]+")
# A name longer than this is not a name; the words kept stay few.
MAX_WORDS = 6
MAX_WORD_LENGTH = 40


def name_words(name: str | None) -> list[str]:
    """The distinct words of `name` in search form, in the order written."""
    if not name:
        return []
    words: list[str] = []
    for match in _WORD.finditer(name.casefold()):
        # Russian writes ё and е for the same letter; a reviewer types е.
        word = match.group().replace("ё", "е")[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
        if len(words) == MAX_WORDS:
            break
    return words
