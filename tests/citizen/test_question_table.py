"""The table of questions holds together: a question added to it is asked, shown and changed
without touching the handlers; what it still needs elsewhere, these tests name."""

from __future__ import annotations

import dataclasses

from bot.rules.model import Profile
from bot.words.answers import LINES
from handlers.citizen.question_kinds import Typed
from handlers.citizen.questions import QUESTION_OF_NAME, QUESTIONS, SUMMARY, Ask


def test_every_state_of_ask_but_the_summary_is_one_question_in_the_same_order() -> None:
    assert [q.state for q in QUESTIONS] == [s for s in Ask.__states__ if s is not SUMMARY]
    assert len(QUESTION_OF_NAME) == len(QUESTIONS)


def test_every_question_answers_a_profile_field_whose_line_the_summary_shows() -> None:
    fields = {field.name for field in dataclasses.fields(Profile)}
    for question in QUESTIONS:
        assert question.field in fields, question.name
        assert question.field in LINES, question.name


def test_the_questions_one_leads_to_are_in_the_table() -> None:
    for question in QUESTIONS:
        led_to = [question.then]
        if isinstance(question.kind, Typed) and question.kind.other_way is not None:
            led_to.append(question.kind.other_way.ask)
        for state in led_to:
            assert state is None or state in {q.state for q in QUESTIONS}, question.name
