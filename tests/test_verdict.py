"""Verdicts per class, with real clause wording from the policy."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.corpus import load_corpus
from assistant.verdict import clause_modality, decide, question_intent

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
])
def test_question_intent(question, intent):
    assert question_intent(question) == intent


@pytest.mark.parametrize("question,clause,verdict", [
    ("Can I accept a friend request from a pupil?", "policy:4.1(2)", "prohibited"),
    ("Can I be friends with a pupil who left last year?", "policy:4.1(3)", "discouraged"),
    ("Am I allowed to use social media at all?", "policy:2.4", "permitted"),
    ("What do I have to do if my niece is a pupil here?", "policy:2.3", "required"),
    ("Can I share a photo of a colleague from the staff party?", "policy:4.1(8)", "conditional"),
    ("Can I share a photo of pupils from sports day?", "policy:4.1(8)", "prohibited"),
    ("What should I do if a pupil sends me a friend request?", "policy:4.1(4)", "required"),
    ("Who is the LADO?", "policy:2.7", "info"),
])
def test_decide(question, clause, verdict):
    assert decide(question, CLAUSES[clause].text) == verdict
