"""Synthetic scale study: FAISS flat against HNSW and IVF at 10k-300k clause vectors, and this project's
search() over a synthetic corpus of the same size. The vectors are not from the model: clustered unit vectors
(see TopicModel), questions drawn from the same model."""

from __future__ import annotations

import statistics
import time

import numpy as np

from assistant.evaluate.metrics import percentile

DIM = 384
K = 10


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


class TopicModel:
    """Clause vectors shaped like the model's: a direction every text shares, a topic (1 per 1,000 clauses), a
    cluster of near-duplicates (1 per 50: a trust's schools keep near-identical policies) and noise.

    Shares of the squared norm 0.20 / 0.20 / 0.25 / 0.35 give cosines of about 0.2 between unrelated clauses and
    0.65 within a cluster; the shipped index measures 0.22 between random rows and 0.70 to the nearest row.
    """

    def __init__(self, n: int, dim: int = DIM, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.dim = dim
        self.shared = _unit(rng.standard_normal(dim))
        topics = _unit(rng.standard_normal((max(1, n // 1000), dim)))
        clusters = max(1, n // 50)
        self.centres = (np.sqrt(0.20) * self.shared + np.sqrt(0.20) * topics[rng.integers(0, len(topics), clusters)]
                        + np.sqrt(0.25) * _unit(rng.standard_normal((clusters, dim)))).astype(np.float32)

    def draw(self, count: int, seed: int) -> np.ndarray:
        """`count` new vectors (clauses, or questions about them), each near a random cluster."""
        rng = np.random.default_rng(seed)
        noise = _unit(rng.standard_normal((count, self.dim), dtype=np.float32))
        return _unit(self.centres[rng.integers(0, len(self.centres), count)] + np.float32(np.sqrt(0.35)) * noise)


def synthetic(n: int, queries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n clause vectors and `queries` question vectors from the same topic model."""
    model = TopicModel(n, seed=seed)
    return model.draw(n, seed + 1), model.draw(queries, seed + 2)


def _latencies(search, queries, repeats: int) -> tuple[float, float]:
    """p50 and p95 of single-query searches (one query per call, as a question arrives), median over repeats."""
    passes = []
    for _ in range(repeats):
        times = []
        for q in queries:
            started = time.perf_counter()
            search(q)
            times.append((time.perf_counter() - started) * 1000)
        passes.append((percentile(times, 50), percentile(times, 95)))
    return statistics.median(p[0] for p in passes), statistics.median(p[1] for p in passes)


def _memory_mb(index) -> float:
    import faiss

    return faiss.serialize_index(index).nbytes / 1e6


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)]))


def faiss_study(n: int, queries: int, repeats: int, ef_values: list[int], nprobe_values: list[int],
                hnsw_m: int = 32) -> list[dict]:
    """Build time, memory, single-query p50/p95 and recall@10 against flat, for each index and setting."""
    import faiss

    data, xq = synthetic(n, queries)
    rows = []

    def record(kind: str, setting: str, index, build_s: float, truth=None) -> np.ndarray:
        _, found = index.search(xq, K)
        p50, p95 = _latencies(lambda q: index.search(q.reshape(1, -1), K), xq, repeats)
        rows.append({"n": n, "index": kind, "setting": setting, "build_s": build_s, "memory_mb": _memory_mb(index),
                     "p50_ms": p50, "p95_ms": p95,
                     "recall@10": 1.0 if truth is None else _recall(found, truth)})
        return found

    started = time.perf_counter()
    flat = faiss.IndexFlatIP(DIM)
    flat.add(data)
    truth = record("flat", "exact", flat, time.perf_counter() - started)

    started = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(DIM, hnsw_m, faiss.METRIC_INNER_PRODUCT)
    hnsw.add(data)
    build = time.perf_counter() - started
    for ef in ef_values:
        hnsw.hnsw.efSearch = ef
        record("HNSW", f"M={hnsw_m}, efSearch={ef}", hnsw, build, truth)

    nlist = max(1, int(round(np.sqrt(n))))
    started = time.perf_counter()
    ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(DIM), DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    ivf.train(data)
    ivf.add(data)
    build = time.perf_counter() - started
    for nprobe in nprobe_values:
        ivf.nprobe = nprobe
        record("IVF", f"nlist={nlist}, nprobe={nprobe}", ivf, build, truth)
    return rows


class _Lookup:
    """An embedder for synthetic queries: the text is the key of a precomputed vector."""

    name = "synthetic"
    dimension = DIM

    def __init__(self, vectors: dict[str, np.ndarray]):
        self.vectors = vectors

    def embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.vectors[t] for t in texts])


def project_search_study(n: int, queries: int, repeats: int, words: int = 5000, length: int = 40) -> dict:
    """This project's retrieve.search() over n synthetic clauses: FAISS flat + BM25 + fusion, end to end,
    and the FAISS call it makes (every row, k = ntotal, for the max over each clause's rows) on its own."""
    import bm25s
    import faiss

    from assistant.index.store import LoadedIndex
    from assistant.retrieve.hybrid import search
    from assistant.types import Clause

    rng = np.random.default_rng(2)
    data, xq = synthetic(n, queries)
    # Zipf-like word frequencies over a synthetic vocabulary, like the long tail of policy wording.
    weights = 1.0 / np.arange(1, words + 1)
    tokens = rng.choice(words, size=(n, length), p=weights / weights.sum())
    started = time.perf_counter()
    flat = faiss.IndexFlatIP(DIM)
    flat.add(data)
    bm25 = bm25s.BM25()
    bm25.index([[f"w{t}" for t in row] for row in tokens], show_progress=False)
    build = time.perf_counter() - started
    ids = [f"syn:{i}" for i in range(n)]
    index = LoadedIndex(ids, flat, np.arange(n, dtype=np.int64), bm25, {})
    clauses = {cid: Clause(doc="syn", clause=cid[4:], text="", label=cid) for cid in ids}
    picks = rng.integers(0, n, queries)
    texts = [" ".join(f"w{t}" for t in tokens[p][:6]) + f" q{i}" for i, p in enumerate(picks)]
    embedder = _Lookup(dict(zip(texts, xq, strict=True)))
    search(texts[0], index, clauses, embedder)
    p50, p95 = _latencies(lambda text: search(text, index, clauses, embedder), texts, repeats)
    vectors = embedder.embed(texts)
    f50, f95 = _latencies(lambda q: flat.search(q.reshape(1, -1), n), vectors, repeats)
    k50, k95 = _latencies(lambda q: flat.search(q.reshape(1, -1), 30), vectors, repeats)
    b50, b95 = _latencies(lambda text: bm25.get_scores(text.split()[:6]), texts, repeats)
    return {"n": n, "build_s": build, "p50_ms": p50, "p95_ms": p95, "faiss_all_p50_ms": f50,
            "faiss_all_p95_ms": f95, "faiss_top30_p50_ms": k50, "faiss_top30_p95_ms": k95,
            "bm25_p50_ms": b50, "bm25_p95_ms": b95}
