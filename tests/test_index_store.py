"""The persisted index: build, reload, stale-corpus rebuild, corrupt-file detection (fake embedder)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.corpus.load import load_corpus
from assistant.errors import IndexStoreError
from assistant.index.store import build_index, check_index, ensure_index, expected_identity, load_index


def _built(fake_index_dir: Path, tmp_path: Path) -> Path:
    """An index folder as build_index leaves it for a copy of the shipped corpus: a copy of the session's
    (conftest.fake_index_dir, the same corpus, embedder and trainers), for tests of what follows a build."""
    shutil.copytree(fake_index_dir, tmp_path / "ix")
    return tmp_path / "ix"


def test_build_then_reload(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    manifest = build_index(corpus, fake_embedder, tmp_path / "ix")
    assert manifest["clauses"] == len(corpus.clauses)
    assert set(manifest["files"]) >= {"vectors.faiss", "clause_ids.json", "bm25/params.index.json"}
    loaded = load_index(tmp_path / "ix", expected_identity(corpus, fake_embedder))
    assert loaded.clause_ids == [c.id for c in corpus.clauses]
    annotated = sum(len(a.questions) for a in corpus.annotations.values())
    assert loaded.vectors.ntotal == len(corpus.clauses) + annotated == len(loaded.owners)
    assert not list((tmp_path / "ix").glob(".building-*")), "temporary build folders are cleaned up"
    assert loaded.concern is not None and loaded.concern.lexical.shape == (2, len(loaded.concern.vocabulary) + 1)
    assert "bruise" in loaded.concern.vocabulary, "the word classifier keeps the words of its examples"


def test_missing_index_is_built_and_says_so(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    said = []
    ensure_index(corpus, fake_embedder, tmp_path / "ix", said.append)
    assert said[0] == "Rebuilding the index: no index has been built yet."
    said.clear()
    calls = fake_embedder.calls
    ensure_index(corpus, fake_embedder, tmp_path / "ix", said.append)
    assert said == [] and fake_embedder.calls == calls, "a current index is loaded, not rebuilt"


def test_corpus_change_makes_the_index_stale_and_it_is_rebuilt(corpus_copy, tmp_path, fake_embedder, fake_index_dir):
    _built(fake_index_dir, tmp_path)
    check_index(tmp_path / "ix", expected_identity(load_corpus(corpus_copy), fake_embedder))  # current before the edit
    policy = corpus_copy / "policy.txt"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "6.1 Managers must not discriminate", "6.1 Managers and governors must not discriminate"),
        encoding="utf-8")
    corpus = load_corpus(corpus_copy)
    with pytest.raises(IndexStoreError, match="stale: the corpus has changed"):
        check_index(tmp_path / "ix", expected_identity(corpus, fake_embedder))
    said = []
    loaded = ensure_index(corpus, fake_embedder, tmp_path / "ix", said.append)
    assert "stale" in said[0]
    assert loaded.manifest["corpus_hash"] == corpus.content_hash


@pytest.mark.parametrize("victim", ["vectors.faiss", "clause_ids.json", "bm25/data.csc.index.npy",
                                    "concern_words.json"])
def test_truncated_file_is_detected_and_rebuilt(corpus_copy, tmp_path, fake_embedder, fake_index_dir, victim):
    corpus = load_corpus(corpus_copy)
    _built(fake_index_dir, tmp_path)
    load_index(tmp_path / "ix", expected_identity(corpus, fake_embedder))  # whole before the cut
    path = tmp_path / "ix" / "current" / victim
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(IndexStoreError, match=f"{victim} is corrupt"):
        load_index(tmp_path / "ix", expected_identity(corpus, fake_embedder))
    said = []
    loaded = ensure_index(corpus, fake_embedder, tmp_path / "ix", said.append)
    assert "corrupt" in said[0]
    assert loaded.clause_ids == [c.id for c in corpus.clauses]
    assert loaded.vectors.ntotal == len(loaded.owners)


def test_deleted_file_and_garbage_manifest_are_detected(corpus_copy, tmp_path, fake_embedder, fake_index_dir):
    corpus = load_corpus(corpus_copy)
    expected = expected_identity(corpus, fake_embedder)
    _built(fake_index_dir, tmp_path)
    load_index(tmp_path / "ix", expected)  # whole before the deletion
    (tmp_path / "ix" / "current" / "vectors.faiss").unlink()
    with pytest.raises(IndexStoreError, match="vectors.faiss is missing"):
        load_index(tmp_path / "ix", expected)
    (tmp_path / "ix" / "current" / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexStoreError, match="manifest is corrupt"):
        load_index(tmp_path / "ix", expected)


def test_other_embedder_makes_the_index_stale(corpus_copy, tmp_path, fake_embedder, fake_index_dir):
    corpus = load_corpus(corpus_copy)
    _built(fake_index_dir, tmp_path)
    check_index(tmp_path / "ix", expected_identity(corpus, fake_embedder))  # current for its own embedder
    expected = {**expected_identity(corpus, fake_embedder), "embedder": "another-model"}
    with pytest.raises(IndexStoreError, match="stale: its embedder differs"):
        check_index(tmp_path / "ix", expected)
    manifest = json.loads((tmp_path / "ix" / "current" / "manifest.json").read_text())
    assert manifest["embedder"] == "fake-hash-embedder"
