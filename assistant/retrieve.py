"""Hybrid retrieval: dense (FAISS) and BM25 rankings fused with reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .embedder import Embedder
from .index_store import LoadedIndex
from .passages import expand, terms
from .types import Clause, Hit


def rrf(rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None) -> dict[str, float]:
    """Reciprocal rank fusion: score(d) = sum_i w_i / (k + rank_i(d)), ranks starting at 1.

    Cormack, Clarke and Buettcher (2009). With k=60 a first place is worth 1/61 = 0.0164 and a tenth
    place 1/70 = 0.0143, so agreement between retrievers matters more than either one's top spot.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return scores


def dense_scores(question_vector: np.ndarray, index: LoadedIndex) -> np.ndarray:
    """Cosine similarity of the question to every clause: the best of the clause's vector rows."""
    n = index.vectors.ntotal
    sims, order = index.vectors.search(question_vector.reshape(1, -1).astype(np.float32), n)
    out = np.full(len(index.clause_ids), -1.0, dtype=np.float32)
    np.maximum.at(out, index.owners[order[0]], sims[0])
    return out


def lexical_scores(question: str, index: LoadedIndex) -> np.ndarray:
    """BM25 score of every clause for the question's terms (unknown terms contribute nothing)."""
    vocab = index.bm25.vocab_dict
    query = [t for t in terms(question) if t in vocab]
    if not query:
        return np.zeros(len(index.clause_ids), dtype=np.float32)
    return np.asarray(index.bm25.get_scores(query), dtype=np.float32)


def search(question: str, index: LoadedIndex, clauses: dict[str, Clause], embedder: Embedder,
           allowed_docs: Iterable[str] | None = None, candidates: int = 30, rrf_k: int = 60,
           vocabulary: dict[str, str] | None = None, lexical_weight: float = 1.0) -> list[Hit]:
    """Rank clauses for a question; only clauses of allowed_docs (all when None) are considered."""
    ids = index.clause_ids
    query = expand(question, vocabulary or {})
    dense = dense_scores(embedder.embed([query])[0], index)
    lexical = lexical_scores(query, index)
    allowed = set(allowed_docs) if allowed_docs is not None else None
    keep = [i for i, cid in enumerate(ids) if allowed is None or cid.split(":", 1)[0] in allowed]
    dense_rank = sorted(keep, key=lambda i: -dense[i])[:candidates]
    lexical_rank = [i for i in sorted(keep, key=lambda i: -lexical[i]) if lexical[i] > 0][:candidates]
    fused = rrf([[ids[i] for i in dense_rank], [ids[i] for i in lexical_rank]], k=rrf_k,
                weights=[1.0, lexical_weight])
    dense_pos = {ids[i]: r for r, i in enumerate(dense_rank, start=1)}
    lexical_pos = {ids[i]: r for r, i in enumerate(lexical_rank, start=1)}
    position = {cid: i for i, cid in enumerate(ids)}
    hits = [Hit(clause=clauses[cid], score=score, dense=float(dense[position[cid]]),
                dense_rank=dense_pos.get(cid), lexical_rank=lexical_pos.get(cid))
            for cid, score in fused.items()]
    hits.sort(key=lambda h: (-h.score, -h.dense))
    return hits
