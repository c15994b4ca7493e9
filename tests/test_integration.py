"""End to end with the real bundled all-MiniLM-L6-v2 and a real FAISS index built from the shipped corpus."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration

QUESTIONS = [
    "Can I accept a friend request from a pupil?",
    "Can I post photos of the school trip on my Instagram?",
    "A colleague keeps messaging a Year 9 girl on Snapchat late at night",
    "What are the four Cs of online risk?",
    "Who do I call about an allegation against a teacher?",
    "how do I contact the professionals online safety helpline",
    "Can I give a pupil my personal mobile number?",
    "What should staff do if they find nudes of a pupil on a phone?",
]


def test_friend_request_cites_policy_4_1_2_first(real_engine):
    answer = real_engine.ask("Can I accept a friend request from a pupil?")
    assert answer.citations[0].id == "policy:4.1(2)"
    assert answer.verdict == "prohibited"
    assert answer.headline.startswith("No.") and answer.headline.endswith("(Policy 4.1(2))")


@pytest.mark.parametrize("question", QUESTIONS)
def test_citations_exist_and_quotes_are_verbatim(real_engine, question):
    answer = real_engine.ask(question)
    if answer.verdict == "not_covered":
        assert answer.governing is None and all(c.related for c in answer.citations)
    else:  # the headline quotes the governing clause and names it
        assert answer.governing.quote in answer.headline and f"({answer.governing.label}" in answer.headline
    for citation in answer.citations:
        clause = real_engine.clauses[citation.id]
        assert citation.quote and citation.quote in clause.text
        assert citation.label == clause.label


@pytest.mark.parametrize("question", QUESTIONS)
def test_parent_audience_never_cites_a_staff_only_document(real_engine, question):
    staff_only = {d.id for d in real_engine.corpus.documents if d.audience == "staff"}
    assert staff_only, "the corpus should have staff-only documents for this test to mean anything"
    for hit in real_engine.search(question, audience="parent", k=20):
        assert hit.clause.doc not in staff_only
    answer = real_engine.ask(question, audience="parent")
    assert all(c.id.split(":")[0] not in staff_only for c in answer.citations)


def test_staff_audience_can_reach_staff_only_guidance(real_engine):
    hits = real_engine.search("Professionals Online Safety Helpline phone number", k=3)
    assert any(h.clause.doc == "posh" for h in hits)


@pytest.mark.parametrize("question", ["What's on the lunch menu on Friday?", "How many days of annual leave do I get?"])
def test_out_of_scope_is_not_covered_with_related_flags(real_engine, question):
    answer = real_engine.ask(question)
    assert answer.verdict == "not_covered"
    assert all(c.related for c in answer.citations)
