"""Shared fixtures: a deterministic fake embedder, a copy of the real corpus, small documents; index builds that
train each model once per session."""

from __future__ import annotations

import copy
import gc
import hashlib
import shutil
from pathlib import Path

import numpy as np
import pytest
from web_support import cheap_hasher, make_app

from assistant import yamltext
from assistant.corpus.passages import terms
from assistant.index import embedders as embedder_module
from assistant.index import store as store_module
from assistant.settings import PROJECT_ROOT, Settings

REAL_CORPUS = PROJECT_ROOT / "corpus"


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave the session's objects to the operating system: Python's clean-up at exit walks all of them (some
    400,000 with gradio loaded) in full collections, about 2 s. Runs after pytest's own last collection, which
    reports what objects' finalizers raised."""
    gc.freeze()


class FakeEmbedder:
    """Bag of hashed terms: deterministic, instant, and similar texts get similar vectors."""

    name = "fake-hash-embedder"
    dimension = 64

    def __init__(self):
        self.calls = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls += 1
        rows = [_term_counts(text, self.dimension) for text in texts]
        out = np.vstack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-9)


_COUNTS: dict[tuple[str, int], np.ndarray] = {}


def _term_counts(text: str, dimension: int) -> np.ndarray:
    """The text's hashed term counts, worked out once per session: index builds embed the same few thousand
    concern examples and clauses again and again (about 1.5 s of the fast tier when counted afresh)."""
    key = (text, dimension)
    if key not in _COUNTS:
        row = np.zeros(dimension, dtype=np.float32)
        for term in terms(text) or ["_"]:
            row[int(hashlib.md5(term.encode()).hexdigest(), 16) % dimension] += 1.0
        row.flags.writeable = False  # shared between calls: vstack copies it
        _COUNTS[key] = row
    return _COUNTS[key]


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
    """Settings over a plain corpus copy, copies of the school file, FAQ and scenario files (a replacing ingest
    rewrites their clause ids) and a fresh index folder, using the fake embedder by name."""
    corpus_copy = plain_corpus
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    shutil.copytree(PROJECT_ROOT / "eval" / "scenarios", tmp_path / "scenarios")
    monkeypatch.setenv("POLICY_ASSISTANT_SCHOOL", str(config / "school.yaml"))
    monkeypatch.setenv("POLICY_ASSISTANT_FAQ", str(config / "faq.yaml"))
    monkeypatch.setenv("POLICY_ASSISTANT_SCENARIOS", str(tmp_path / "scenarios"))
    monkeypatch.setitem(embedder_module.EMBEDDERS, "fake", FakeEmbedder)
    monkeypatch.setenv("POLICY_ASSISTANT_EMBEDDER", "fake")
    monkeypatch.setenv("POLICY_ASSISTANT_CORPUS", str(corpus_copy))
    monkeypatch.setenv("POLICY_ASSISTANT_INDEX", str(tmp_path / "index"))
    return Settings.from_env()


@pytest.fixture(scope="session")
def fake_index_dir(tmp_path_factory) -> Path:
    """One index of the shipped corpus built with the fake embedder per session (no adapter: see below); copy it
    with shutil.copytree before changing it."""
    from assistant.corpus import load_corpus
    from assistant.index import build_index

    index_dir = tmp_path_factory.mktemp("fake-index")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_module, "train_adapter", lambda *a, **k: None)
        patch.setattr(store_module, "train_concern", _CONCERN)
        build_index(load_corpus(REAL_CORPUS), FakeEmbedder(), index_dir)
    return index_dir


@pytest.fixture(scope="session")
def fake_engine(fake_index_dir):
    """The whole pipeline over the shipped corpus with the fake embedder: for tests of plumbing, access and
    rendering that need real answers but not the real model's ranking."""
    from assistant.engine import Engine

    return Engine.load(Settings(corpus_dir=REAL_CORPUS, index_dir=fake_index_dir), embedder=FakeEmbedder())


@pytest.fixture(scope="session")
def fake_web_app(fake_engine, tmp_path_factory):
    """The web app over fake_engine, built once: use web_support.fake_web, which resets it for each module."""
    return make_app(fake_engine, tmp_path_factory.mktemp("web-data"))


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory):
    """The real pipeline: bundled all-MiniLM-L6-v2, a real FAISS index built from the shipped corpus."""
    from assistant.engine import Engine

    index_dir = tmp_path_factory.mktemp("real-index")
    cache = PROJECT_ROOT / "index" / "cache"
    if cache.is_dir():  # the project's vector cache (a checked, content-keyed store) spares re-embedding every row
        shutil.copytree(cache, index_dir / "cache")
    return Engine.load(Settings(corpus_dir=REAL_CORPUS, index_dir=index_dir))


def _digest(*parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(np.ascontiguousarray(part).tobytes() if isinstance(part, np.ndarray) else repr(part).encode())
    return h.hexdigest()


def _once(train):
    """The trainer, run once per distinct input: both trainers are deterministic (seeded), so a repeat returns what
    training would, without the seconds of torch and gradient steps every index build in the tests used to pay."""
    memo: dict[str, object] = {}

    def trained(*args, **kwargs):
        key = _digest(*args, *sorted(kwargs.items()))
        if key not in memo:
            memo[key] = train(*args, **kwargs)
        return memo[key]
    return trained


_ADAPTER = _once(store_module.train_adapter)
_CONCERN = _once(store_module.train_concern)


def _parsed_once(load):
    """The YAML loader, parsing each distinct text once per session and handing every caller its own deep copy:
    load_corpus parses the shipped annotations.yaml (about 25 ms with libyaml) in over a hundred tests. A text
    that does not parse is not kept, so it fails every time as before."""
    memo: dict[str, object] = {}

    def parsed(text: str):
        if text not in memo:
            memo[text] = load(text)
        return copy.deepcopy(memo[text])
    return parsed


@pytest.fixture(autouse=True, scope="session")
def yaml_parsed_once():
    """Data files read through yamltext.read_yaml are parsed once per distinct text (see _parsed_once)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamltext, "load_yaml", _parsed_once(yamltext.load_yaml))
        yield


class _MiniLMOnce(embedder_module.LightMiniLMEmbedder):
    """The bundled numpy encoder, answering a batch of texts it embedded earlier in the session with a copy of
    those vectors: it is deterministic for a given batch (a text's vector can differ in the last float bits with
    the batch around it, so whole batches are kept, not texts). setup-school and replacing ingests align clauses
    by meaning with the same few texts in several tests, about 0.5 s each with the model's loading."""

    answers: dict[tuple[str, ...], np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        key = tuple(texts)
        if key not in self.answers:
            self.answers[key] = super().embed(list(texts))
        return self.answers[key].copy()


@pytest.fixture(autouse=True)
def no_training_in_unit_tests(request, monkeypatch):
    """Index builds train the concern model once per distinct input and session. Unit tests build without the
    query adapter (training it imports torch: seconds per build); tests marked integration get it, and the
    trainers themselves are tested directly (test_adapter.py, test_concern_model.py)."""
    integration = request.node.get_closest_marker("integration") is not None
    monkeypatch.setattr(store_module, "train_adapter", _ADAPTER if integration else lambda *a, **k: None)
    monkeypatch.setattr(store_module, "train_concern", _CONCERN)


@pytest.fixture(autouse=True)
def minilm_batches_once(request, monkeypatch):
    """Unit tests that reach the real model by name ("minilm") embed each batch once per session (_MiniLMOnce);
    tests marked integration get the encoder as it is."""
    if request.node.get_closest_marker("integration") is None:
        monkeypatch.setitem(embedder_module.EMBEDDERS, "minilm", _MiniLMOnce)


@pytest.fixture(autouse=True)
def cheap_password_hashing(request, monkeypatch):
    """Unit tests hash and check passwords with argon2 at its lowest cost (about 1 ms instead of 50-150 ms);
    the hashes are still argon2, and every sign-in still runs a real check. Integration tests keep the cost
    the server uses."""
    if request.node.get_closest_marker("integration") is None:
        from assistant.web import users

        monkeypatch.setattr(users, "_hasher", cheap_hasher)
