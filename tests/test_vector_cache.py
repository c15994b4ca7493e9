"""Vectors of earlier builds: a rebuild embeds only the texts that changed, and a bad cache is ignored."""

from __future__ import annotations

import numpy as np

from assistant.corpus.load import load_corpus
from assistant.index.cache import VectorCache
from assistant.index.store import build_index, expected_identity, load_index


class Counting:
    """Wraps an embedder and counts the texts it is asked for."""

    def __init__(self, inner):
        self.inner, self.name, self.dimension, self.texts = inner, inner.name, inner.dimension, 0

    def embed(self, texts):
        self.texts += len(texts)
        return self.inner.embed(texts)


def _rows(index_dir, corpus, embedder):
    loaded = load_index(index_dir, expected_identity(corpus, embedder))
    return loaded.vectors.reconstruct_n(0, loaded.vectors.ntotal)


def test_a_rebuild_embeds_nothing_and_gives_the_same_index(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    counting = Counting(fake_embedder)
    said = []
    first = build_index(corpus, counting, tmp_path / "ix", said.append)
    assert counting.texts > first["vectors"] and (tmp_path / "ix" / "cache").is_dir()
    before = _rows(tmp_path / "ix", corpus, fake_embedder)
    counting.texts = 0
    said.clear()
    second = build_index(corpus, counting, tmp_path / "ix", said.append)
    assert counting.texts == 0
    assert any(line.startswith("Embedded 0 texts;") for line in said)
    assert np.array_equal(before, _rows(tmp_path / "ix", corpus, fake_embedder))
    assert second["files"] == first["files"], "the same files, byte for byte"


def test_after_a_corpus_edit_only_the_changed_text_is_embedded(corpus_copy, tmp_path, fake_embedder):
    build_index(load_corpus(corpus_copy), fake_embedder, tmp_path / "ix")
    policy = corpus_copy / "policy.txt"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "6.1 Managers must not discriminate", "6.1 Managers and governors must not discriminate"), encoding="utf-8")
    counting = Counting(fake_embedder)
    build_index(load_corpus(corpus_copy), counting, tmp_path / "ix")
    assert counting.texts == 1


def test_a_corrupt_cache_is_ignored_with_a_message_and_written_afresh(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    build_index(corpus, fake_embedder, tmp_path / "ix")
    [cache] = (tmp_path / "ix" / "cache").glob("*.npz")
    cache.write_bytes(b"not a numpy file")
    said = []
    counting = Counting(fake_embedder)
    build_index(corpus, counting, tmp_path / "ix", said.append)
    assert any("Ignoring the cache of earlier vectors" in line for line in said)
    assert counting.texts > 0
    counting.texts = 0
    build_index(corpus, counting, tmp_path / "ix")
    assert counting.texts == 0, "the cache was written afresh"


def test_vectors_of_another_size_are_not_reused(tmp_path, fake_embedder):
    cache = VectorCache(fake_embedder, tmp_path)
    cache.embed(["a text"])
    cache.save()
    np.savez(cache.path, keys=np.array(["x" * 64]), vectors=np.zeros((1, 3), np.float32))
    said = []
    VectorCache(fake_embedder, tmp_path, said.append)
    assert said and "do not match" in said[0]


def test_without_the_cache_every_text_is_embedded(corpus_copy, tmp_path, fake_embedder):
    corpus = load_corpus(corpus_copy)
    manifest = build_index(corpus, fake_embedder, tmp_path / "ix")
    counting = Counting(fake_embedder)
    build_index(corpus, counting, tmp_path / "ix", cache=False)
    assert counting.texts >= manifest["vectors"]
    counting.texts = 0
    build_index(corpus, counting, tmp_path / "ix")
    assert counting.texts == 0, "the fresh vectors were kept for the next build"


def test_repeated_texts_in_one_call_are_embedded_once(tmp_path, fake_embedder):
    counting = Counting(fake_embedder)
    cache = VectorCache(counting, tmp_path)
    vectors = cache.embed(["same", "other", "same"])
    assert counting.texts == 2 and np.array_equal(vectors[0], vectors[2])
    assert np.allclose(vectors, fake_embedder.embed(["same", "other", "same"]))
    cache.save()
    again = VectorCache(counting, tmp_path)
    assert np.array_equal(again.embed(["other"]), vectors[1:2]) and counting.texts == 2
    assert again.embed([]).shape == (0, fake_embedder.dimension)
