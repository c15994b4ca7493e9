"""Hybrid retrieval: dense (FAISS) and BM25 scores fused by a convex combination (or by reciprocal rank)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np

from ..corpus.passages import expand, terms
from ..index.adapter import adapt
from ..index.embedders import Embedder
from ..index.store import LoadedIndex
from ..types import Clause, ConcernScore, Hit, Retrieval
from .facets import facet_score, message_facets


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


def convex(dense: dict[str, float], lexical: dict[str, float], weight: float) -> dict[str, float]:
    """score(d) = cosine(d) + weight * bm25(d) / max bm25, over the union of both candidate lists.

    Bruch, Gai and Ingber (2023) found a tuned convex combination beats RRF because it keeps the
    magnitudes RRF throws away. BM25 is scaled by its best score so the weight means the same for every
    question: with weight 0.25 the best lexical match adds 0.25, about the cosine gap between a clause
    that answers the question and one that merely shares its topic.
    """
    top = max(lexical.values(), default=0.0)
    scale = weight / top if top > 0 else 0.0
    return {key: dense.get(key, 0.0) + scale * lexical.get(key, 0.0) for key in dense.keys() | lexical.keys()}


FUSIONS = ("convex", "rrf")


def dense_scores(question_vector: np.ndarray, index: LoadedIndex, vectors=None, rows: int | None = None,
                 discount: float = 0.0) -> np.ndarray:
    """Cosine of the question to each clause (the best of its rows), from FAISS's top `rows` rows.

    Every clause among the top c by max-sim has its best row among the top c * max_rows rows, so asking
    FAISS for that many rows (not all of them) ranks the top c exactly; clauses with no row in the answer
    score -1. With rows=None every row is searched.
    """
    vectors = vectors if vectors is not None else index.vectors
    k = vectors.ntotal if rows is None else max(1, min(vectors.ntotal, rows))
    sims, order = vectors.search(question_vector.reshape(1, -1).astype(np.float32), k)
    out = np.full(len(index.clause_ids), -1.0, dtype=np.float32)
    found = order[0] >= 0
    np.maximum.at(out, index.owners[order[0][found]], _discounted(sims[0][found], order[0][found], index, discount))
    return out


def _discounted(sims: np.ndarray, rows: np.ndarray, index: LoadedIndex, discount: float) -> np.ndarray:
    """Hand-written example-question rows count `discount` less: a question is nearer another question than
    any clause text, so without it a document with many examples pulls every query towards itself, and a
    clause nobody wrote examples for cannot win. The questions made from every clause's own rule
    (corpus/questions.py) are not discounted: every document has them."""
    if not discount:
        return sims
    start, end = index.example_rows
    return sims - np.float32(discount) * ((rows >= start) & (rows < end))


def exact_scores(question_vector: np.ndarray, index: LoadedIndex, positions: np.ndarray, vectors=None,
                 discount: float = 0.0) -> np.ndarray:
    """Exact max-sim of the question to the clauses at `positions`, reading only their rows from FAISS."""
    vectors = vectors if vectors is not None else index.vectors
    if not len(positions):
        return np.zeros(0, dtype=np.float32)
    spans = [index.row_order[index.row_starts[p]:index.row_starts[p + 1]] for p in positions]
    rows = np.concatenate(spans)
    local = np.repeat(np.arange(len(positions)), [len(span) for span in spans])
    sims = vectors.reconstruct_batch(rows.astype(np.int64)) @ question_vector.astype(np.float32)
    sims = _discounted(sims, rows, index, discount)
    out = np.full(len(positions), -1.0, dtype=np.float32)
    np.maximum.at(out, local, sims)
    return out


def _top(scores: np.ndarray, mask: np.ndarray | None, count: int, positive: bool = False) -> np.ndarray:
    """Positions of the `count` best scores (allowed by mask), best first, without sorting everything."""
    scores = np.where(mask, scores, -np.inf) if mask is not None else scores
    if positive:
        scores = np.where(scores > 0, scores, -np.inf)
    count = min(count, int(np.isfinite(scores).sum()))
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    part = np.argpartition(-scores, count - 1)[:count]
    return part[np.argsort(-scores[part], kind="stable")]


def lexical_scores(question: str, index: LoadedIndex) -> np.ndarray:
    """BM25 score of every clause for the question's terms (unknown terms contribute nothing)."""
    vocab = index.bm25.vocab_dict
    query = [t for t in terms(question) if t in vocab]
    if not query:
        return np.zeros(len(index.clause_ids), dtype=np.float32)
    return np.asarray(index.bm25.get_scores(query), dtype=np.float32)


def off_topic(question_vector: np.ndarray, index: LoadedIndex) -> float:
    """Cosine of the question to the nearest out-of-scope example (-1 when the corpus lists none)."""
    if index.scope is None or not len(index.scope):
        return -1.0
    return float(np.max(index.scope @ question_vector))


def search(question: str, index: LoadedIndex, clauses: dict[str, Clause], embedder: Embedder,
           allowed_docs: Iterable[str] | None = None, candidates: int = 30, rrf_k: int = 60,
           vocabulary: dict[str, str] | None = None, lexical_weight: float = 1.0,
           fusion: str = "rrf") -> list[Hit]:
    """Rank clauses for a question; only clauses of allowed_docs (all when None) are considered."""
    return retrieve(question, index, clauses, embedder, allowed_docs, candidates, rrf_k, vocabulary,
                    lexical_weight, fusion).hits


def select_pieces(pieces: Sequence[str], model, limit: int) -> list[str]:
    """At most `limit` pieces, in their order: when a long message has more sentences than that, the ones whose
    words the concern model finds most worrying (a cheap score, no embedding). Embedding every sentence of a
    2,000-character message took seconds and held a worker that long; messages with `limit` sentences or fewer
    (all but the longest) are scored whole as before."""
    pieces = list(pieces)
    if len(pieces) <= limit:
        return pieces
    if model is None or getattr(model, "lexical", None) is None:
        return pieces[:limit]
    scores = [model.lexical_probability(p) for p in pieces]
    keep = sorted(sorted(range(len(pieces)), key=lambda i: -scores[i])[:limit])
    return [pieces[i] for i in keep]


SENTENCE = re.compile(r"(?<=[.!?])\s+")


def focus(query: str, max_words: int) -> str:
    """The text embedded for a long message: every sentence that asks (has a '?'), then the others in their
    order while the total stays within max_words; sentences keep their order. The model reads at most 256
    tokens, and attention costs grow with the square of the length: a 1,933-character story took 76 ms to
    embed whole. BM25 still reads every word."""
    if len(query.split()) <= max_words:
        return query
    sentences = [s for s in SENTENCE.split(query) if s.strip()]
    budget = max_words
    keep = set()
    for i in sorted(range(len(sentences)), key=lambda i: ("?" not in sentences[i], i)):
        words = len(sentences[i].split())
        if words <= budget:
            keep.add(i)
            budget -= words
    if not keep:  # one sentence longer than the budget: its last words, where the ask usually is
        return " ".join(query.split()[-max_words:])
    return " ".join(sentences[i] for i in sorted(keep))


def retrieve(question: str, index: LoadedIndex, clauses: dict[str, Clause], embedder: Embedder,
             allowed_docs: Iterable[str] | None = None, candidates: int = 30, rrf_k: int = 60,
             vocabulary: dict[str, str] | None = None, lexical_weight: float = 1.0,
             fusion: str = "rrf", concern_pieces: Sequence[str] = (), max_pieces: int = 16,
             example_discount: float = 0.0, max_query_words: int = 96,
             doc_boost: dict[str, float] | None = None, facet_weight: float = 0.0,
             facet_clauses: frozenset[str] | None = None) -> Retrieval:
    """Ranked hits for a question, how close it is to the topics the corpus says it does not cover, and what
    the concern detector makes of it and of `concern_pieces` (its sentences, embedded in the same call; at
    most `max_pieces` of them, see select_pieces). With convex fusion, a clause scores `doc_boost[its document]`
    more (the school's own policies, Engine.doc_boost) and, when it is one of `facet_clauses` (all when None),
    `facet_weight` times its facet score (facets.py)."""
    ids = index.clause_ids
    concern_pieces = select_pieces(concern_pieces, index.concern, max_pieces)
    query = expand(question, vocabulary or {})
    embedded = embedder.embed([focus(query, max_query_words), *concern_pieces])
    vector = embedded[:1]
    ranked_vector = adapt(vector, index.adapter)[0]
    mask = None
    rows = candidates * max(index.max_rows, 1)
    if allowed_docs is not None:
        codes = [index.doc_names.index(d) for d in set(allowed_docs) if d in index.doc_names]
        mask = np.isin(index.doc_codes, codes)
        # Rows of other documents may crowd the top rows: widen the search by the share they hold.
        rows = int(rows * len(ids) / max(int(mask.sum()), 1))
    # Ranking uses the adapted space; the evidence reported on each hit (and the abstention threshold)
    # stays the model's own cosine, whose calibration the adapter would otherwise shift.
    dense_top = _top(dense_scores(ranked_vector, index, index.adapted, rows, example_discount), mask, candidates)
    lexical = lexical_scores(query, index)
    lexical_top = _top(lexical, mask, candidates, positive=True)
    pool = np.unique(np.concatenate([dense_top, lexical_top])).astype(np.int64)
    dense = dict(zip(pool.tolist(), exact_scores(ranked_vector, index, pool, index.adapted, example_discount).tolist(),
                     strict=True))
    evidence = dict(zip(pool.tolist(), exact_scores(vector[0], index, pool).tolist(), strict=True))
    dense_rank = dense_top.tolist()
    lexical_rank = lexical_top.tolist()
    if fusion == "convex":
        fused = convex({ids[i]: dense[i] for i in pool.tolist()},
                       {ids[i]: float(lexical[i]) for i in lexical_rank}, lexical_weight)
        if doc_boost:
            fused = {cid: score + doc_boost.get(clauses[cid].doc, 0.0) for cid, score in fused.items()}
        if facet_weight:
            wanted = message_facets(question)
            fused = {cid: score + (facet_weight * facet_score(wanted, clauses[cid].text)
                                   if facet_clauses is None or cid in facet_clauses else 0.0)
                     for cid, score in fused.items()}
    elif fusion == "rrf":
        fused = rrf([[ids[i] for i in dense_rank], [ids[i] for i in lexical_rank]], k=rrf_k,
                    weights=[1.0, lexical_weight])
    else:
        raise ValueError(f"unknown fusion {fusion!r}; known: {', '.join(FUSIONS)}")
    dense_pos = {ids[i]: r for r, i in enumerate(dense_rank, start=1)}
    lexical_pos = {ids[i]: r for r, i in enumerate(lexical_rank, start=1)}
    position = {ids[i]: i for i in pool.tolist()}
    hits = [Hit(clause=clauses[cid], score=score, dense=float(evidence[position[cid]]),
                dense_rank=dense_pos.get(cid), lexical_rank=lexical_pos.get(cid))
            for cid, score in fused.items()]
    hits.sort(key=lambda h: (-h.score, -h.dense))
    model = index.concern
    concern = ConcernScore()
    if model is not None:
        concern = ConcernScore(model.probability(vector[0], query), model.kind(vector[0], query),
                               *model.strongest(embedded[1:], concern_pieces))
    return Retrieval(hits, off_topic(vector[0], index), concern)
