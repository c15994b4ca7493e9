"""Facets: the acts and people a clause rules on and a message asks about, from words of the field."""

from __future__ import annotations

import pytest

from assistant.corpus.load import Annotation
from assistant.retrieve.facets import facet_score, facets_of, message_facets


@pytest.mark.parametrize("text, facets", [
    ("Colleagues must not share any personal information with any pupil (including personal contact details)",
     {"contact details", "pupils"}),
    ("can I give my Y9s my mobile number?", {"contact details", "pupils"}),
    ("must not post or share photographs of pupils", {"photos", "pupils"}),
    ("A mum keeps messaging me on WhatsApp", {"message", "parents"}),
    ("Colleagues at the school must not use school equipment for personal use", {"equipment"}),
])
def test_facets_are_read_from_the_words(text, facets):
    assert facets_of(text) == facets


def test_the_ask_counts_fully_and_the_story_half():
    wanted = message_facets("We were at a party and took photos. Can I text her?")
    assert wanted["message"] == 1.0 and wanted["photos"] == 0.5


def test_a_clause_on_the_one_act_asked_about_beats_a_broad_one():
    wanted = message_facets("Can I give a pupil my phone number?")
    narrow = "must not share personal contact details with any pupil"
    broad = ("must not post photographs of pupils, message pupils, criticise colleagues or parents, search "
             "online for pupils or run groups for pupils")
    assert facet_score(wanted, narrow) > facet_score(wanted, broad) > 0
    assert facet_score(wanted, "The Governing Body reviews this policy every year.") == 0.0


def test_only_unannotated_clauses_get_facets_and_an_unannotated_policy_gets_the_larger_lift(plain_corpus):
    from dataclasses import replace

    from assistant.corpus.load import load_corpus
    from assistant.engine import own_document_boost, unannotated_clauses
    from assistant.settings import Settings
    corpus = load_corpus(plain_corpus)
    settings = Settings(own_boost=0.1, unannotated_boost=0.4)
    policy = [c.id for c in corpus.clauses if c.doc == "policy"]
    every = replace(corpus, annotations={cid: Annotation(questions=("Can I?",)) for cid in policy})
    half = replace(corpus, annotations={cid: Annotation(questions=("Can I?",)) for cid in policy[::2]})
    assert own_document_boost(every, settings, unannotated_clauses(every)) == {"policy": pytest.approx(0.1)}
    none = replace(corpus, annotations={})
    assert own_document_boost(none, settings, unannotated_clauses(none)) == {"policy": pytest.approx(0.4)}
    share = (len(policy) - len(policy[::2])) / len(policy)
    assert own_document_boost(half, settings, unannotated_clauses(half)) == {"policy": pytest.approx(0.1 + 0.3 * share)}
