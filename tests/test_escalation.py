"""Escalation wording rules, measured on example messages written for the purpose (not the eval splits)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.safeguarding.detection import detect, parts, wording
from assistant.types import ConcernScore
from assistant.yamltext import SAFE_LOADER

EXAMPLES = yaml.load((Path(__file__).parent / "data" / "escalation_examples.yaml").read_text(encoding="utf-8"),
                     Loader=SAFE_LOADER)  # libyaml's safe loader, read at collection: a tenth of the pure-Python time


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


@pytest.mark.parametrize("message", [
    "If a pupil sends me a Teams message that's just 'hi miss' late at night, should I reply?",
    "My daughter is in Y5 here and I'm a TA. Can I post photos of her birthday party with her classmates in them?",
    "A parent asked if I'll be their child's private tutor outside school. Is that allowed?",
    "We're planning a Y7 trip to France. Can staff use WhatsApp to message the pupils' group for meeting times?",
    "If a child tells me something worrying online, am I supposed to promise to keep it secret?",
    "Writing a Y9 quiz about sharing nudes: is it actually illegal for under-18s to share a picture of themselves?",
])
def test_the_writer_quoted_speech_and_general_rules_are_not_another_adults_conduct(message):
    """The adult a concern is about is a third party: not the writer ('I'm a TA'), not a form of address
    inside quotes ('hi miss'), and a question about what staff in general may do is not an allegation."""
    assert wording(message) is None


def test_a_message_is_split_into_the_parts_the_detector_scores():
    message = ("Can I reply to her on Insta? She said her mum's boyfriend hit her - she's 13. "
               "I don't want to make it worse")
    assert parts(message) == ["Can I reply to her on Insta?", "She said her mum's boyfriend hit her",
                              "I don't want to make it worse"]  # 'she's 13.' is too short to score alone
    assert parts("Can I accept a friend request from a pupil?") == []


def test_one_worrying_sentence_is_enough_for_the_learned_signal():
    story = "Can I message her back? One of my Year 9s says a man she met gaming keeps asking for pictures."
    weak_whole = ConcernScore(whole=0.3, whole_kind="child", part=0.9, part_kind="child")
    assert detect(story, (), weak_whole, threshold=0.65, part_threshold=0.75).why in ("wording", "learned")
    quiet = "Can I message her back? She's asking about the homework deadline for the history essay."
    assert detect(quiet, (), weak_whole, threshold=0.65, part_threshold=0.75).kind == "child"
    assert detect(quiet, (), ConcernScore(0.3, "child", 0.7, "child"), threshold=0.65, part_threshold=0.75) is None
    lesson = "Planning a PSHE lesson on sextortion. What should Year 10 know about reporting it?"
    assert detect(lesson, (), ConcernScore(0.95, "child", 0.95, "child"), 0.65, 0.75) is None


def test_when_the_words_name_both_routes_the_learned_kind_decides():
    both = "Coach here - one of the girls has bruises on her neck and said her stepdad grabbed her. Can I text her mum?"
    assert wording(both) == "adult", "the word lists alone read the coach as the adult concerned"
    assert detect(both, (), ConcernScore(0.2, "child")).kind == "child"
    assert detect(both, (), ConcernScore(0.2, "adult")).kind == "adult"
    assert detect(both).kind == "adult"  # without the learned signal the words stand
    conduct = "Our coach keeps messaging one of the Year 9 girls late at night on Snapchat"
    assert detect(conduct, (), ConcernScore(0.2, "child")).kind == "adult", "no child at risk named: words stand"


@pytest.mark.parametrize("message, kind", [
    ("When I was an NQT I added a few of my tutor group on Facebook. They are Year 10 now. How do I unfriend them?",
     None),
    ("A Year 4 boy told me his rabbit ran away and he's been sad all week. Do I need to report it?", None),
    ("A Year 8 girl told me she ran away from home last night and slept at a friend's.", "child"),
    ("My son's tutor keeps messaging him on Snapchat late at night.", "adult"),
])
def test_a_tutor_group_is_not_an_adult_and_a_pet_running_away_is_not_a_missing_child(message, kind):
    assert wording(message, ()) == kind


@pytest.mark.parametrize("message, kind", [
    ("The DSL is off today and a Year 6 just told me something really worrying. Who do I go to?", "child"),
    ("Is it a bad idea to post my holiday photos?", None),
])
def test_a_disclosure_reported_without_its_content_is_still_a_disclosure(message, kind):
    assert wording(message, ()) == kind
