"""Verdicts per class, with real clause wording from the policy."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.answer.roles import roles_in, rule_roles
from assistant.answer.verdict import clause_modality, decide, governing_span, question_intent, rule
from assistant.corpus.load import load_corpus

CLAUSES = load_corpus(REAL_CORPUS).clause_by_id()


@pytest.mark.parametrize("clause,modality", [
    ("policy:4.1(2)", "prohibited"),
    ("policy:4.1(5)", "prohibited"),
    ("policy:4.1(3)", "discouraged"),
    ("policy:2.4", "permitted"),
    ("policy:2.3", "required"),
    ("policy:4.1(12)", "required"),
    ("policy:5.1(6)", "conditional"),
])
def test_clause_modality(clause, modality):
    assert clause_modality(CLAUSES[clause].text) == modality


@pytest.mark.parametrize("question,intent", [
    ("Can I accept a friend request from a pupil?", "permission"),
    ("is it ok to follow a parent on Instagram", "permission"),
    ("What should I do if a pupil messages me on Facebook?", "obligation"),
    ("Who do I report a concern about a colleague to?", "obligation"),
    ("Which edition of KCSIE is current?", "info"),
    ("whats the number for the LADO?", "info"),
    ("She left ten years ago and she's 26 now, it's lovely she found me. Am I OK to follow her back?", "permission"),
    ("I'm allowed to have Facebook, everyone does. But what should I do about the kids who search for me?",
     "obligation"),
    ("My nephew joined Year 7. Do I seriously have to unfriend him?", "obligation"),
    ("A parent rang about something a supply teacher sent her son. Who deals with this?", "obligation"),
    ("My son uses his own 4G. Does the school's filtering cover that at all?", "info"),
    ("one of my year 9s keeps adding me on snap, can i just accept so she stops asking", "permission"),
    ("Scenario: a parent emails you abuse about a colleague. What should you do?", "obligation"),
    ("How would you respond if a pupil added you on TikTok?", "obligation"),
    ("a dad keeps posting about me on fb pls help", "obligation"),
    ("I raised it with SLT months ago. Is there anywhere outside school I can go?", "info"),
    ("The Head told me to take my post down. Can she actually make me?", "info"),
    ("The policy says read Annex C?? it's all about the DSL. where's the online safety bit gone", "info"),
    ("nspcc whistleblowing number", "info"),
    ("If the parents have all agreed, can I post the class photo on my Instagram?", "permission"),
])
def test_question_intent(question, intent):
    assert question_intent(question) == intent


def test_a_concern_told_without_a_question_asks_what_to_do():
    story = "a year 7 told me her stepdad hits her and made me promise not to tell"
    assert question_intent(story) == "permission"
    assert question_intent(story, situation=True) == "obligation"


@pytest.mark.parametrize("question,clause,verdict", [
    ("Can I accept a friend request from a pupil?", "policy:4.1(2)", "prohibited"),
    ("Can I be friends with a pupil who left last year?", "policy:4.1(3)", "discouraged"),
    ("Am I allowed to use social media at all?", "policy:2.4", "permitted"),
    ("What do I have to do if my niece is a pupil here?", "policy:2.3", "required"),
    ("Can I share a photo of a colleague from the staff party?", "policy:4.1(8)", "conditional"),
    ("Can I share a photo of pupils from sports day?", "policy:4.1(8)", "prohibited"),
    ("What should I do if a pupil sends me a friend request?", "policy:4.1(4)", "required"),
    ("Who is the LADO?", "policy:2.7", "info"),
    ("Can I mention in a newspaper interview that I teach here?", "policy:4.1(12)", "conditional"),
])
def test_decide(question, clause, verdict):
    assert decide(question, CLAUSES[clause].text) == verdict


@pytest.mark.parametrize("question,clause,verdict", [
    ("A Year 9 told me her uncle hurts her. Can it wait until Monday?", "kcsie:part1-concerns-about-a-child",
     "required"),
    ("There's a nude of a Year 10 going round. Can I screenshot it as evidence?", "ukcis:never-view-or-share",
     "prohibited"),
])
def test_a_safeguarding_concern_is_required_unless_it_asks_to_do_a_forbidden_thing(question, clause, verdict):
    assert decide(question, CLAUSES[clause].text, escalation=True) == verdict


def test_a_what_about_follow_up_carries_on_the_previous_question_s_intent():
    history = ("Can I put pics from the Year 9 trip on my Facebook?",)
    assert question_intent("what about just the staff ones?") == "info"
    assert question_intent("what about just the staff ones?", history=history) == "permission"
    assert question_intent("who do I tell?", history=history) == "obligation", "a full question keeps its own intent"


def test_staff_words_find_the_policy_s_sub_rule():
    # 'teachers' is the policy's 'colleagues': the photo of staff is governed by the express-permission rule.
    assert decide("can I post the selfie of us teachers on the coach?", CLAUSES["policy:4.1(8)"].text) == "conditional"
    assert question_intent("right, so who do I actually raise it with?") == "obligation"
    assert question_intent("do we have to write it up somewhere?") == "obligation"


def test_a_sentence_that_only_sets_the_scene_does_not_govern():
    # The question shares two words with the scene-setting first sentence and two with the rule; the rule decides.
    text = ("When teaching online, use only school-approved platforms. Avoid live one-to-one sessions unless they "
            "have been approved.\n- Choose a neutral background and never teach from a bedroom.")
    assert "bedroom" in governing_span(text, "can i teach online from my bedroom?")
    assert decide("Can I teach online from my bedroom?", text) == "prohibited"


def test_a_span_with_no_rule_of_its_own_carries_on_the_rule_before_it():
    text = ("Staff must never copy or save such images. That includes taking a screenshot as evidence. "
            "Only in exceptional cases may the DSL view an image.")
    span = governing_span(text, "can i take a screenshot for the dsl as evidence?")
    assert "screenshot" in span and "must never" in span
    assert decide("Can I take a screenshot for the DSL as evidence?", text) == "prohibited"


@pytest.mark.parametrize("question, intent", [
    ("What are the rules for staff who want to write about their work online?", "permission"),
    ("Does the policy stop me connecting with ex-students who are adults now?", "permission"),
    ("What is the procedure when staff learn that nude images of a pupil are being shared?", "obligation"),
    ("Is there a duty to report a colleague who messages pupils on WhatsApp?", "obligation"),
    ("What does the policy require if a member of staff is related to a pupil?", "obligation"),
    ("Where do I find the LADO's number?", "info"),
    ("How do I find a pupil's TikTok account?", "permission"),
])
def test_questions_about_the_rules_ask_for_the_rule_not_a_fact(question, intent):
    assert question_intent(question) == intent


@pytest.mark.parametrize("text, roles", [
    ("a friend request from a parent of a child in my class", {"parent"}),
    ("my son's teacher added me", {"colleague"}),
    ("photos of the children on the trip", {"pupil"}),
    ("one of my Y9s and her mum", {"pupil", "parent"}),
    ("can I follow a colleague on Instagram?", {"colleague"}),
    ("is my dog's page ok?", set()),
])
def test_roles_are_the_people_a_text_is_about_not_whose_they_are(text, roles):
    assert roles_in(text) == roles


def test_a_rule_s_roles_leave_out_its_drafting_subject_and_its_examples():
    # Policy 4.1(2) names parents only as an example of an indirect route to pupils.
    assert rule_roles(CLAUSES["policy:4.1(2)"].text) == {"pupil"}


@pytest.mark.parametrize("question, verdict", [
    ("Can I accept a friend request from a parent of a child in my class?", "permitted"),
    ("frnd request frm a parent, accept??", "permitted"),
    # A pupil named anywhere in the ask keeps the ban; a pronoun may stand for one, so it keeps it too.
    ("Can I accept friend requests from a parent and her son?", "prohibited"),
    ("My son's teacher sent him a friend request on Facebook. Is that allowed?", "prohibited"),
    # A colleague may be the actor the rule is written for, not the other person: the rule stands.
    ("My daughter's teacher accepted a friend request from my daughter. Should a teacher do that?", "prohibited"),
    ("Is it ok to be friends with a colleague on Facebook?", "prohibited"),
    ("A Year 8 writes to me through the Facebook account of the mum. Can I reply to the mum?", "prohibited"),
    ("Can I accept a friend request from a pupil?", "prohibited"),
])
def test_a_ban_about_other_people_than_the_message_names_is_no_ban(question, verdict):
    assert decide(question, CLAUSES["policy:4.1(2)"].text) == verdict


def test_the_story_s_people_choose_the_sub_rule_when_the_ask_only_says_them():
    # 'them' are the children's photos: the pupils' rule governs, not the one about parents' photos.
    question = ("I was a parent helper on the trip and took photos of the children. "
                "Can I share them in the class parents' group?")
    assert decide(question, CLAUSES["policy:4.1(8)"].text) == "prohibited"
    assert rule(question, CLAUSES["policy:4.1(8)"].text).restricts == frozenset()
