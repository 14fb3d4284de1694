"""The conversation's states outside the questions (those are `Ask`, handlers/citizen/questions.py).

Their names are stored with each conversation (`Applying:phone` in the fsm table): renaming a
group or a state needs a migration of the stored states, or conversations would not resume.
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class Flow(StatesGroup):
    language = State()  # choosing a language before anything else
    consent = State()  # reading the consent text
    results = State()  # results shown, may apply


class Applying(StatesGroup):
    phone = State()
    confirm = State()  # checking the application; a text typed here is its comment


class Account(StatesGroup):
    answering = State()  # typing an answer to the career centre's question
