"""The numpy encoder's pieces, the choice of index builder, and row order of the built index (no model)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assistant.corpus.load import load_corpus
from assistant.corpus.passages import dense_rows
from assistant.index import embedders as embedder_module
from assistant.index.embedders import index_builder
from assistant.index.light_encoder import erf, gelu
from assistant.index.store import build_index, expected_identity, load_index


def test_erf_matches_math_erf():
    x = np.linspace(-6, 6, 4001, dtype=np.float32)
    expected = np.array([math.erf(float(v)) for v in x])
    assert np.abs(erf(x.copy()) - expected).max() < 5e-7


def test_gelu_is_the_exact_erf_form():
    x = np.array([-3.0, -1.0, 0.0, 0.5, 2.0], dtype=np.float32)
    expected = [0.5 * v * (1 + math.erf(v / math.sqrt(2))) for v in x.tolist()]
    assert gelu(x) == pytest.approx(expected, abs=1e-6)
    assert gelu(x).dtype == np.float32


class OtherModel:
    name = "another-model"
    dimension = 64

    def embed(self, texts):
        raise AssertionError("never used")


class SameVectors:
    name = "fake-hash-embedder"
    dimension = 64


def test_index_builder_only_when_it_makes_the_same_vectors(monkeypatch, fake_embedder):
    monkeypatch.setitem(embedder_module.EMBEDDERS, "other", OtherModel)
    monkeypatch.setitem(embedder_module.EMBEDDERS, "same", SameVectors)
    assert index_builder(fake_embedder, None) is fake_embedder
    assert index_builder(fake_embedder, "other") is fake_embedder
    assert isinstance(index_builder(fake_embedder, "same"), SameVectors)


def test_index_rows_stay_in_corpus_order_when_embedded_by_length(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    build_index(corpus, fake_embedder, tmp_path / "ix")
    loaded = load_index(tmp_path / "ix", expected_identity(corpus, fake_embedder))
    texts, owners = dense_rows(corpus.clauses, corpus.annotations)
    stored = loaded.vectors.reconstruct_n(0, loaded.vectors.ntotal)
    assert np.allclose(stored, fake_embedder.embed(texts), atol=1e-6)
    assert loaded.owners.tolist() == owners
