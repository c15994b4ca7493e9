"""The four pipelines compared on the same scenarios, each answering `rank(query, scenario)` with clause ids.

- naive llama-index: what a school's IT person would assemble from llama-index's quick start:
  SimpleDirectoryReader over the corpus documents, `VectorStoreIndex.from_documents` (default SentenceSplitter,
  1024-token chunks, in-memory vector store) and `as_retriever(similarity_top_k=2)`, with the same model.
- dense-only and BM25-only over our clauses (plain clause text, library defaults);
- this project: `Engine.ask`, the code path behind `ask`, the app and `eval`.

The baselines get the same retrieval text as this project's retriever (a follow-up borrows the previous
question, engine.with_context) but no vocabulary expansion, annotations or audience filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.corpus.load import Corpus
from assistant.engine import Engine, with_context
from assistant.evaluate.scenarios import Scenario
from assistant.index.embedders import Embedder


@dataclass
class Pipeline:
    """A named way of answering: scenario -> clause ids, best first (a retrieved unit may stand for several)."""

    name: str
    rank: Callable[[Scenario], list[list[str]]]
    note: str = ""


def retrieval_text(scenario: Scenario) -> str:
    return with_context(" ".join(scenario.question.split()), scenario.history)


def this_project(engine: Engine, name: str = "this project") -> Pipeline:
    """Engine.ask: the shown citations (not the 'related' ones of a not_covered answer), best first."""

    def rank(s: Scenario) -> list[list[str]]:
        answer = engine.ask(s.question, audience=s.audience, history=s.history)
        return [[c.id] for c in answer.citations if not c.related]

    return Pipeline(name, rank, "full answer: retrieval, verdict, quotes, escalation")


def dense_only(corpus: Corpus, embedder: Embedder, k: int = 3) -> Pipeline:
    """FAISS inner product over the embedded text of each clause."""
    import faiss

    ids = [c.id for c in corpus.clauses]
    index = faiss.IndexFlatIP(embedder.dimension)
    index.add(np.asarray(embedder.embed([c.text for c in corpus.clauses]), dtype=np.float32))

    def rank(s: Scenario) -> list[list[str]]:
        _, rows = index.search(embedder.embed([retrieval_text(s)]).astype(np.float32), k)
        return [[ids[r]] for r in rows[0] if r >= 0]

    return Pipeline("dense only (clauses)", rank, f"FAISS flat, top {k}")


def bm25_only(corpus: Corpus, k: int = 3) -> Pipeline:
    """bm25s with its own tokenizer and English stopwords over the clause text."""
    import bm25s

    ids = [c.id for c in corpus.clauses]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([c.text for c in corpus.clauses], stopwords="en", show_progress=False),
                    show_progress=False)

    def rank(s: Scenario) -> list[list[str]]:
        tokens = bm25s.tokenize([retrieval_text(s)], stopwords="en", show_progress=False)
        if not tokens.vocab:
            return []
        docs, scores = retriever.retrieve(tokens, k=k, show_progress=False)
        return [[ids[d]] for d, sc in zip(docs[0], scores[0], strict=True) if sc > 0]

    return Pipeline("BM25 only (clauses)", rank, f"bm25s defaults, top {k}")


def _squash(text: str) -> str:
    return " ".join(text.split())


def covered_share(clause_text: str, chunk: str, anchor: int = 40) -> float:
    """Share of a clause's characters found in a chunk, line by line; a line cut by the chunk's start or end
    counts for the part inside (found by its first or last `anchor` characters)."""
    lines = [_squash(line) for line in clause_text.splitlines() if line.strip()]
    total = sum(len(line) for line in lines) or 1
    found = 0
    for line in lines:
        if line in chunk:
            found += len(line)
            continue
        head = chunk.rfind(line[:anchor])
        if head >= 0 and line.startswith(chunk[head:]):
            found += len(chunk) - head
            continue
        tail = chunk.find(line[-anchor:])
        if tail >= 0 and line.endswith(chunk[:tail + anchor]):
            found += tail + anchor
    return found / total


def chunk_clauses(corpus: Corpus, doc_id: str, chunk: str, min_share: float = 0.5) -> list[str]:
    """The clauses a retrieved chunk stands for: those of its document with at least half their text in it."""
    chunk = _squash(chunk)
    return [c.id for c in corpus.clauses if c.doc == doc_id and covered_share(c.text, chunk) >= min_share]


def llama_embedding(embedder: Embedder):
    """Our embedder as a llama-index BaseEmbedding, passed explicitly (llama-index's global default is a web API)."""
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class Wrapped(BaseEmbedding):
        _embedder: Embedder = PrivateAttr()

        def __init__(self, inner: Embedder):
            super().__init__(model_name=inner.name, embed_batch_size=32)
            self._embedder = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._embedder.embed([query])[0].tolist()

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._embedder.embed([text])[0].tolist()

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._embedder.embed(list(texts)).tolist()

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

    return Wrapped(embedder)


def naive_index(corpus: Corpus, corpus_dir: Path, embedder: Embedder):
    """llama-index's quick start over the corpus documents: (VectorStoreIndex, file path -> document id)."""
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter

    files = {str((Path(corpus_dir) / d.file).resolve()): d.id for d in corpus.documents}
    documents = SimpleDirectoryReader(input_files=list(files)).load_data()
    # SentenceSplitter() is llama-index's default node parser, named here so no global Settings are read.
    index = VectorStoreIndex.from_documents(documents, embed_model=llama_embedding(embedder),
                                            transformations=[SentenceSplitter()])
    return index, files


def llama_index_naive(corpus: Corpus, corpus_dir: Path, embedder: Embedder, top_k: int = 2) -> Pipeline:
    """llama-index's default pipeline with the same model; chunks are mapped to the clauses they contain."""
    index, files = naive_index(corpus, corpus_dir, embedder)
    retriever = index.as_retriever(similarity_top_k=top_k)
    stands_for: dict[str, list[str]] = {}
    for node_id, node in index.docstore.docs.items():
        doc_id = files[str(Path(node.metadata["file_path"]).resolve())]
        stands_for[node_id] = chunk_clauses(corpus, doc_id, node.get_content())

    def rank(s: Scenario) -> list[list[str]]:
        return [stands_for[n.node.node_id] for n in retriever.retrieve(retrieval_text(s))]

    chunks = len(stands_for)
    per_chunk = sum(len(v) for v in stands_for.values()) / max(chunks, 1)
    return Pipeline("llama-index default (naive)", rank,
                    f"{chunks} chunks of ~{per_chunk:.0f} clauses, top {top_k}")
