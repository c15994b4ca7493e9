"""The build-time adapter: a pure function of vectors and owners, held-out questions rank their clause higher."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.index.adapter import AdapterConfig, adapt, train_adapter


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _hit_rate(rows: np.ndarray, owners: np.ndarray, clauses: int, queries: np.ndarray, labels, matrix) -> float:
    """Share of queries whose best clause (max-sim over that clause's rows) is their own."""
    stored, asked = adapt(rows, matrix), adapt(queries, matrix)
    hits = 0
    for query, label in zip(asked, labels, strict=True):
        best = np.full(clauses, -2.0)
        np.maximum.at(best, owners, stored @ query)
        hits += int(best.argmax() == label)
    return hits / len(labels)


def test_no_example_questions_means_no_adapter():
    vectors = _unit(np.random.default_rng(0).normal(size=(5, 8)))
    assert train_adapter(vectors, list(range(5)), 5) is None
    assert adapt(vectors, None) is vectors


def test_adapted_vectors_stay_unit_length():
    vectors = _unit(np.random.default_rng(1).normal(size=(4, 6)))
    matrix = np.random.default_rng(2).normal(size=(6, 6)).astype(np.float32)
    assert np.allclose(np.linalg.norm(adapt(vectors, matrix), axis=1), 1.0, atol=1e-5)


@pytest.mark.integration  # trains the adapter (torch)
def test_training_helps_questions_nobody_wrote_down():
    # Each clause's questions share a "slang" direction its passage lacks, plus a nuisance direction
    # common to all questions; fresh questions from the same distribution are asked after training.
    rng = np.random.default_rng(3)
    clauses, per_clause, dim = 8, 6, 32
    passages = rng.normal(size=(clauses, dim))
    slang = rng.normal(size=(clauses, dim))
    nuisance = rng.normal(size=dim) * 3

    def ask(c: int) -> np.ndarray:
        return 0.3 * passages[c] + 0.5 * slang[c] + nuisance + 1.5 * rng.normal(size=dim)

    examples = [ask(c) for c in range(clauses) for _ in range(per_clause)]
    rows = _unit(np.vstack([passages, np.array(examples)]))
    owners = np.array(list(range(clauses)) + [c for c in range(clauses) for _ in range(per_clause)])
    labels = [c for c in range(clauses) for _ in range(10)]
    fresh = _unit(np.array([ask(c) for c in labels]))
    config = AdapterConfig(epochs=30, learning_rate=1e-2, seed=0)
    matrix = train_adapter(rows, owners, clauses, config)
    before = _hit_rate(rows, owners, clauses, fresh, labels, None)
    after = _hit_rate(rows, owners, clauses, fresh, labels, matrix)
    assert matrix.shape == (dim, dim)
    assert after > before + 0.1, (before, after)  # measured: 0.30 -> 0.43
    assert np.allclose(matrix, train_adapter(rows, owners, clauses, config)), "deterministic for a seed"
