"""Shared fixtures: a deterministic fake embedder, a copy of the real corpus, small documents."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.corpus.passages import terms
from assistant.index import embedders as embedder_module
from assistant.settings import PROJECT_ROOT, Settings

REAL_CORPUS = PROJECT_ROOT / "corpus"


class FakeEmbedder:
    """Bag of hashed terms: deterministic, instant, and similar texts get similar vectors."""

    name = "fake-hash-embedder"
    dimension = 64

    def __init__(self):
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in terms(text) or ["_"]:
                bucket = int(hashlib.md5(term.encode()).hexdigest(), 16) % self.dimension
                out[row, bucket] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(REAL_CORPUS, target)
    return target


@pytest.fixture
def plain_corpus(corpus_copy: Path) -> Path:
    """The corpus copy without retrieval annotations, for tests of plumbing rather than ranking."""
    for name in ("annotations.yaml", "vocabulary.yaml"):
        (corpus_copy / name).unlink(missing_ok=True)
    return corpus_copy


@pytest.fixture
def fake_settings(tmp_path: Path, plain_corpus: Path, monkeypatch) -> Settings:
    """Settings over a plain corpus copy and a fresh index folder, using the fake embedder by name."""
    corpus_copy = plain_corpus
    monkeypatch.setitem(embedder_module.EMBEDDERS, "fake", FakeEmbedder)
    monkeypatch.setenv("POLICY_ASSISTANT_EMBEDDER", "fake")
    monkeypatch.setenv("POLICY_ASSISTANT_CORPUS", str(corpus_copy))
    monkeypatch.setenv("POLICY_ASSISTANT_INDEX", str(tmp_path / "index"))
    return Settings.from_env()


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory):
    """The real pipeline: bundled all-MiniLM-L6-v2, a real FAISS index built from the shipped corpus."""
    from assistant.engine import Engine

    index_dir = tmp_path_factory.mktemp("real-index")
    return Engine.load(Settings(corpus_dir=REAL_CORPUS, index_dir=index_dir))
