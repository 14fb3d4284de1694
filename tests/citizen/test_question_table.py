"""The table of questions holds together: a question added to it is asked, shown and changed
without touching the handlers; what it still needs elsewhere, these tests name."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date

from bot.rules.model import Answer, Employment, Profile, Sex
from bot.words.answers import LINES
from handlers.citizen.question_kinds import Typed
from handlers.citizen.questions import (
    QUESTION_OF_NAME,
    QUESTIONS,
    SUMMARY,
    Ask,
    next_step,
    without_moot_answers,
)


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


def test_a_follow_up_answer_is_dropped_with_the_answer_it_followed() -> None:
    """Contributions follow "yes, I lost a job", which follows being out of work: a citizen who
    now works keeps neither answer, so the summary and the application show no stale one."""
    lost = Profile(
        employment=Employment.UNEMPLOYED_REGISTERED,
        lost_job_recently=Answer.YES,
        social_insurance_paid=Answer.YES,
    )
    assert without_moot_answers(lost) == lost
    assert without_moot_answers(replace(lost, lost_job_recently=Answer.DONT_KNOW)) == Profile(
        employment=Employment.UNEMPLOYED_REGISTERED, lost_job_recently=Answer.DONT_KNOW
    )
    assert without_moot_answers(replace(lost, employment=Employment.EMPLOYED)) == Profile(
        employment=Employment.EMPLOYED
    )


def test_a_follow_up_is_not_asked_before_the_answer_it_follows() -> None:
    everything = frozenset({"lost_job_recently", "social_insurance_paid"})
    asked_before = Profile(birth_date=date(1986, 1, 10), sex=Sex.MALE, region="almaty_city")
    at_work = replace(asked_before, employment=Employment.EMPLOYED)
    assert next_step(at_work, everything) is SUMMARY
    out_of_work = replace(asked_before, employment=Employment.UNEMPLOYED_UNREGISTERED)
    assert next_step(out_of_work, everything) is Ask.lost_job
    not_sure = replace(out_of_work, lost_job_recently=Answer.DONT_KNOW)
    assert next_step(not_sure, everything) is SUMMARY
    lost = replace(out_of_work, lost_job_recently=Answer.YES)
    assert next_step(lost, everything) is Ask.social_insurance
