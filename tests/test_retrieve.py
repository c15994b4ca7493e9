"""Fusion is a pure function; hybrid search respects the audience filter."""

from __future__ import annotations

import pytest

from assistant.corpus.load import load_corpus
from assistant.index.store import ensure_index
from assistant.retrieve.hybrid import convex, rrf, search


def test_rrf_with_literal_rankings():
    scores = rrf([["a", "b", "c"], ["b", "c"]], k=60)
    assert scores["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert scores["a"] == pytest.approx(1 / 61)
    assert max(scores, key=scores.get) == "b", "agreement beats a single first place"


def test_rrf_weights():
    scores = rrf([["a"], ["b"]], k=0, weights=[1.0, 3.0])
    assert scores == {"a": 1.0, "b": 3.0}


def test_search_ranks_and_filters_by_document(plain_corpus, tmp_path, fake_embedder):
    corpus = load_corpus(plain_corpus)
    index = ensure_index(corpus, fake_embedder, tmp_path / "ix")
    clauses = corpus.clause_by_id()
    hits = search("must not post or share photographs of pupils under any circumstances", index, clauses, fake_embedder)
    assert hits[0].clause.id == "policy:4.1(8)"
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    only_policy = search("online safety", index, clauses, fake_embedder, allowed_docs=["policy"])
    assert only_policy and {h.clause.doc for h in only_policy} == {"policy"}
    assert search("zzzz qqqq", index, clauses, fake_embedder, allowed_docs=[]) == []


def test_convex_with_literal_scores():
    scores = convex({"a": 0.6, "b": 0.5}, {"b": 8.0, "c": 4.0}, weight=0.25)
    assert scores == pytest.approx({"a": 0.6, "b": 0.5 + 0.25, "c": 0.125})
    assert max(scores, key=scores.get) == "b", "a strong lexical match lifts a close dense runner-up"


def test_convex_without_lexical_matches_keeps_dense_order():
    assert convex({"a": 0.3, "b": 0.7}, {}, weight=0.25) == {"a": 0.3, "b": 0.7}


def test_unknown_fusion_is_an_error(plain_corpus, tmp_path, fake_embedder):
    corpus = load_corpus(plain_corpus)
    index = ensure_index(corpus, fake_embedder, tmp_path / "ix")
    with pytest.raises(ValueError, match="known: convex, rrf"):
        search("photos", index, corpus.clause_by_id(), fake_embedder, fusion="sum")


@pytest.mark.integration  # trains the adapter (torch)
def test_search_with_annotations_uses_the_adapter(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    index = ensure_index(corpus, fake_embedder, tmp_path / "ix")
    assert index.adapter is not None and index.adapted.ntotal == index.vectors.ntotal
    hits = search("must not post or share photographs of pupils", index, corpus.clause_by_id(), fake_embedder,
                  fusion="convex", lexical_weight=0.25)
    assert "policy:4.1(8)" in [h.clause.id for h in hits[:3]]  # the fake embedder is only bag-of-words
    assert -1.0 <= hits[0].dense <= 1.0


def test_a_long_message_is_embedded_as_its_ask_and_what_fits_before_it():
    from assistant.retrieve.hybrid import focus

    story = " ".join(f"Sentence {n} of the story has six words." for n in range(30))
    message = f"{story} Can I accept her friend request now?"
    focused = focus(message, 40)
    assert focused.endswith("Can I accept her friend request now?")
    assert len(focused.split()) <= 40 and focused.startswith("Sentence 0 ")
    assert focus("Can I accept a friend request?", 40) == "Can I accept a friend request?"
    assert len(focus("word " * 200, 40).split()) == 40


def test_the_schools_own_documents_can_be_preferred(plain_corpus, tmp_path, fake_embedder):
    from assistant.retrieve.hybrid import retrieve

    corpus = load_corpus(plain_corpus)
    index = ensure_index(corpus, fake_embedder, tmp_path / "ix")
    clauses = corpus.clause_by_id()
    question = "filtering and monitoring standards"
    plain = retrieve(question, index, clauses, fake_embedder, fusion="convex", lexical_weight=0.25).hits
    assert plain[0].clause.doc != "policy"
    boosted = retrieve(question, index, clauses, fake_embedder, fusion="convex", lexical_weight=0.25,
                       doc_boost={"policy": 1.0}).hits
    assert boosted[0].clause.doc == "policy"
    assert {h.clause.id for h in boosted} == {h.clause.id for h in plain}  # the same candidates, reordered
    by_id = {h.clause.id: h for h in plain}
    assert all(h.dense == by_id[h.clause.id].dense for h in boosted)  # the evidence is the model's own cosine
