"""Escalation wording rules, measured on example messages written for the purpose (not the eval splits)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.escalation import detect, wording

EXAMPLES = yaml.safe_load((Path(__file__).parent / "data" / "escalation_examples.yaml").read_text(encoding="utf-8"))


def _share(messages, flagged: bool) -> float:
    return sum((wording(m) is not None) == flagged for m in messages) / len(messages)


def test_disclosures_are_caught():
    assert _share(EXAMPLES["disclosure"], True) >= 0.9  # measured 0.95


def test_concerns_about_adults_are_caught():
    assert _share(EXAMPLES["allegation"], True) >= 0.9  # measured 0.97


def test_ordinary_questions_do_not_raise_alarms():
    assert _share(EXAMPLES["ordinary"], False) >= 0.97  # measured 1.0


@pytest.mark.parametrize("message,kind", [
    ("a Year 8 told me in a DM that someone at home locks her in her room", "child"),
    ("I'm uneasy about how a colleague talks to one particular pupil on Teams late at night", "adult"),
    ("IT flagged that a Year 9 searched how to kill myself on a school laptop", "child"),
    ("There's a nude of a Year 10 going round the year group chat", "child"),
])
def test_issue_examples(message, kind):
    assert detect(message).kind == kind


@pytest.mark.parametrize("message", [
    "What counts as the harm threshold for an allegation against staff?",
    "Can I accept a friend request from a pupil?",
    "Can we show a video about online grooming in a Year 9 PSHE lesson?",
    "Is it ever okay for staff to give pupils their personal phone number?",
    "What should I do if a pupil ever discloses abuse to me?",
    "Will staff post photos of my child?",
    "Can my child's teacher follow them on Instagram?",
    "What do I do if a member of staff messages my child privately?",
])
def test_procedure_and_teaching_questions_are_not_escalated(message):
    assert detect(message) is None


def test_a_follow_up_inherits_the_concern_from_the_conversation():
    history = ["A Year 7 told me her stepdad hits her"]
    assert detect("so what do I do now?", history).kind == "child"
    assert detect("so what do I do now?") is None
