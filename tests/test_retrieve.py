"""Fusion is a pure function; hybrid search respects the audience filter."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.index_store import ensure_index
from assistant.retrieve import rrf, search


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
