"""Composing answers from hits: abstention rules, citations verified, related clauses flagged."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.answer import compose
from assistant.corpus import load_corpus
from assistant.settings import Settings
from assistant.types import Hit

SETTINGS = Settings()


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(REAL_CORPUS)


def _hits(corpus, *pairs):
    clauses = corpus.clause_by_id()
    return [Hit(clauses[cid], score=1.0 - n / 10, dense=cosine) for n, (cid, cosine) in enumerate(pairs)]


def _compose(corpus, question, hits, off_topic=-1.0):
    return compose(question, "staff", hits, corpus.clause_by_id(), {d.id: d for d in corpus.documents},
                   SETTINGS, (), off_topic)


def test_strong_evidence_is_answered_with_the_first_hit_first(corpus):
    answer = _compose(corpus, "Can I accept a friend request from a pupil?",
                      _hits(corpus, ("policy:4.1(2)", 0.71), ("policy:4.1(4)", 0.62)))
    assert answer.verdict == "prohibited"
    assert [c.id for c in answer.citations] == ["policy:4.1(2)", "policy:4.1(4)"]
    assert not any(c.related for c in answer.citations)


def test_weak_evidence_is_not_covered_with_related_clauses_only(corpus):
    answer = _compose(corpus, "When is the staff Christmas party?", _hits(corpus, ("policy:4.1(7)", 0.31)))
    assert answer.verdict == "not_covered"
    assert all(c.related for c in answer.citations)
    assert "do not cover" in answer.answer


def test_a_question_nearer_an_out_of_scope_topic_is_not_covered(corpus):
    hits = _hits(corpus, ("kcsie:138", SETTINGS.min_evidence + 0.04))
    assert _compose(corpus, "Can Year 7s keep their phones in lockers?", hits).verdict != "not_covered"
    answer = _compose(corpus, "Can Year 7s keep their phones in lockers?", hits,
                      off_topic=SETTINGS.min_evidence + 0.2)
    assert answer.verdict == "not_covered"


def test_citations_below_the_margin_are_left_out(corpus):
    answer = _compose(corpus, "Can I accept a friend request from a pupil?",
                      _hits(corpus, ("policy:4.1(2)", 0.80), ("policy:2.1", 0.80 - SETTINGS.citation_margin - 0.01)))
    assert [c.id for c in answer.citations] == ["policy:4.1(2)"]
