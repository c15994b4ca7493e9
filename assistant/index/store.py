"""The persisted hybrid index: FAISS vectors and BM25 over the clauses, as a folder of plain files.

Layout of <index_dir>/current/:
    manifest.json      format version, embedder, dimension, corpus hash, sha256 of every file below
    clause_ids.json    clause ids in corpus order
    vector_owners.json for each row of vectors.faiss, the position of its clause in clause_ids
    vectors.faiss      FAISS IndexFlatIP over L2-normalised model vectors (inner product = cosine)
    adapter.npy        the linear adapter for ranking (absent without annotations); adapted rows are
                       computed when the index is loaded
    scope.npy          model vectors of the out-of-scope example questions (absent when there are none)
    concern.npy        the concern classifier's weights (assistant/concern_model.py; absent without examples)
    concern_words.json the word classifier's features (words and word pairs), in column order
    concern_words.npy  the word classifiers' weights (concern or not, adult or child), one per feature, bias last
    bm25/              bm25s arrays and vocabulary (JSON + .npy, no pickle)

Beside it, <index_dir>/cache/ keeps the vectors of the last build's texts (vector_cache.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ..corpus.load import Corpus
from ..corpus.passages import dense_rows, indexed, lexical_passage, terms
from ..errors import IndexStoreError
from ..safeguarding.concern_model import ConcernModel, train_concern
from ..safeguarding.detection import parts
from .adapter import adapt, train_adapter
from .cache import VectorCache
from .embedders import Embedder

FORMAT_VERSION = 7
# Bump when passages() or terms() change what is indexed, so existing indexes are rebuilt.
PASSAGE_VERSION = 4  # 4: questions from each clause's rule (corpus/questions.py)
Progress = Callable[[str], None]


@dataclass
class LoadedIndex:
    clause_ids: list[str]
    vectors: object  # faiss.Index, several rows per clause
    owners: np.ndarray  # row -> clause position
    bm25: object  # bm25s.BM25, one document per clause
    manifest: dict
    adapter: np.ndarray | None = None  # applied to each query vector before ranking
    adapted: object = None  # faiss.Index of the adapted rows (the model rows when there is no adapter)
    scope: np.ndarray | None = None  # out-of-scope example vectors, compared with the raw query vector
    concern: ConcernModel | None = None  # learned escalation signal, applied to the raw query vector

    def __post_init__(self) -> None:
        if self.adapted is None:
            self.adapted = self.vectors
        # Lookup tables so a query touches only its candidates (retrieve.py): rows grouped by clause, the
        # document of each clause as a small integer, and the most rows any one clause has.
        owners = np.asarray(self.owners, dtype=np.int64)
        self.row_order = np.argsort(owners, kind="stable")
        self.row_starts = np.searchsorted(owners[self.row_order], np.arange(len(self.clause_ids) + 1))
        docs = [cid.split(":", 1)[0] for cid in self.clause_ids]
        self.doc_names = sorted(set(docs))
        self.doc_codes = np.searchsorted(self.doc_names, docs) if docs else np.zeros(0, dtype=np.int64)
        self.max_rows = int(np.diff(self.row_starts).max()) if len(self.clause_ids) else 0
        # Rows of hand-written example questions (after the clauses' own passages, before the questions made
        # from each clause's rule): retrieve.hybrid ranks them a little below the rest.
        start, end = self.manifest.get("example_rows", (len(self.clause_ids), len(self.clause_ids)))
        self.example_rows = (int(start), int(end))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_identity(corpus: Corpus, embedder: Embedder) -> dict:
    """What the manifest must say for the index to match this corpus and embedder."""
    return {"format_version": FORMAT_VERSION, "passage_version": PASSAGE_VERSION,
            "embedder": embedder.name, "dimension": embedder.dimension,
            "corpus_hash": corpus.content_hash, "rule_questions": corpus.rule_questions}


ABANDONED_AFTER = 3600.0  # seconds; a build takes well under this (benchmarks/RESULTS.md)


def remove_abandoned_builds(index_dir: Path, now: float | None = None) -> list[Path]:
    """Delete the half-written folders of builds that were killed: `.building-<ms>-<pid>` whose process is gone,
    and any `.building-*` or `.old-*` older than an hour. Returns what was removed."""
    now = time.time() if now is None else now
    removed = []
    for folder in list(index_dir.glob(".building-*")) + list(index_dir.glob(".old-*")):
        parts = folder.name.split("-")
        pid = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else None
        try:
            age = now - folder.stat().st_mtime
        except OSError:
            continue
        if age > ABANDONED_AFTER or (pid is not None and pid != os.getpid() and not _alive(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_index(corpus: Corpus, embedder: Embedder, index_dir: Path, progress: Progress = lambda s: None,
                batch_size: int = 32, cache: bool = True) -> dict:
    """Embed and index every clause; write the folder atomically; return the manifest. With `cache`, texts
    embedded by an earlier build are not embedded again (vector_cache.py); without, every text is embedded
    and the cache written afresh."""
    import bm25s
    import faiss

    started = time.perf_counter()
    corpus = replace(corpus, clauses=indexed(corpus.clauses))  # forms to fill in are never retrieved
    index_dir = Path(index_dir)
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexStoreError(f"the index folder {index_dir} is a file; move it aside or set "
                              "POLICY_ASSISTANT_INDEX to a folder")
    index_dir.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(index_dir)
    tmp = index_dir / f".building-{int(time.time() * 1000)}-{os.getpid()}"
    tmp.mkdir()
    cached = VectorCache(embedder, index_dir / "cache", progress, reuse=cache)
    embedder = cached
    try:
        texts, owners = dense_rows(corpus.clauses, corpus.annotations, corpus.rule_questions)
        ids = [c.id for c in corpus.clauses]
        progress(f"Embedding {len(ids)} clauses and {len(texts) - len(ids)} example questions from "
                 f"{len(corpus.documents)} documents with {embedder.name}")
        # Batches of similar length: a batch is padded to its longest text (measured for the shipped corpus,
        # 707 rows with sentence-transformers in batches of 32: 3.9 s in corpus order, 2.5 s in order of length).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        chunks = []
        for start in range(0, len(texts), batch_size):
            chunks.append(embedder.embed([texts[i] for i in order[start:start + batch_size]]))
            done = min(start + batch_size, len(texts))
            progress(f"  embedded {done}/{len(texts)}")
        vectors = np.vstack(chunks).astype(np.float32)[np.argsort(order)]
        if vectors.shape != (len(texts), embedder.dimension):
            raise IndexStoreError(f"embedder returned shape {vectors.shape}, "
                                  f"expected ({len(texts)}, {embedder.dimension})")
        if len(texts) > len(ids):
            progress(f"Training the query adapter on {len(texts) - len(ids)} example questions")
        adapter = train_adapter(vectors, owners, len(ids))
        if adapter is not None:
            np.save(tmp / "adapter.npy", adapter, allow_pickle=False)
        concern = _train_concern(corpus, embedder, texts, vectors, owners, progress)
        if concern is not None:
            np.save(tmp / "concern.npy", concern.weights, allow_pickle=False)
            (tmp / "concern_words.json").write_text(json.dumps(list(concern.vocabulary)), encoding="utf-8")
            np.save(tmp / "concern_words.npy", concern.lexical, allow_pickle=False)
        if corpus.out_of_scope:
            np.save(tmp / "scope.npy", embedder.embed(list(corpus.out_of_scope)).astype(np.float32),
                    allow_pickle=False)

        # FAISS written directly: the rows' clause ids live in vector_owners.json, so llama-index's node and
        # vector-store types added nothing here but 1.3 s of import per build.
        vector_index = faiss.IndexFlatIP(embedder.dimension)
        vector_index.add(vectors)
        faiss.write_index(vector_index, str(tmp / "vectors.faiss"))

        progress("Building the BM25 index")
        bm25 = bm25s.BM25()
        lexical = [lexical_passage(c, corpus.annotations.get(c.id)) for c in corpus.clauses]
        bm25.index([terms(t) or ["_empty_"] for t in lexical], show_progress=False)
        bm25.save(str(tmp / "bm25"))
        (tmp / "clause_ids.json").write_text(json.dumps(ids, indent=0), encoding="utf-8")
        (tmp / "vector_owners.json").write_text(json.dumps(owners), encoding="utf-8")

        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        manifest = {
            **expected_identity(corpus, embedder),
            "clauses": len(ids),
            "vectors": len(texts),
            "example_rows": [len(ids), len(ids) + sum(len(a.questions) for cid, a in corpus.annotations.items()
                                                      if cid in set(ids))],
            "adapter": adapter is not None,
            "scope_topics": len(corpus.out_of_scope),
            "concern_model": concern is not None,
            "documents": [d.id for d in corpus.documents],
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "build_seconds": round(time.perf_counter() - started, 2),
            "files": {p.relative_to(tmp).as_posix(): _sha256(p) for p in files},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        cached.save()
        progress(f"Embedded {cached.embedded} texts; {cached.reused} came from the cache of earlier builds")
        current = index_dir / "current"
        old = index_dir / f".old-{int(time.time() * 1000)}"
        if current.exists():
            current.rename(old)
        tmp.rename(current)
        shutil.rmtree(old, ignore_errors=True)
        progress(f"Index written to {current} in {manifest['build_seconds']} s")
        return manifest
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _train_concern(corpus: Corpus, embedder: Embedder, texts: list[str], vectors: np.ndarray, owners: list[int],
                   progress: Progress) -> ConcernModel | None:
    """Train the concern classifiers (vectors and words). Example questions about the school's own policies
    (already embedded) count as ordinary, except those of the escalation procedure clauses
    (corpus/escalation.yaml) and their items. So do the single sentences of every ordinary message: queries
    score each sentence of a question as well as the whole, and a sentence lifted from an ordinary question
    must still read as ordinary."""
    examples = corpus.concern_examples
    if not examples or not all(examples.get(k) for k in ("child", "adult", "ordinary")):
        return None
    progress(f"Training the concern detector on {sum(len(v) for v in examples.values())} example messages")
    procedures = {cid for ids in corpus.procedures.values() for cid in ids}
    school_docs = {d.id for d in corpus.documents if d.authority == "school policy"}

    def ordinary(clause) -> bool:
        return clause.doc in school_docs and not any(clause.id == p or clause.id.startswith(p + "(")
                                                     for p in procedures)
    policy_rows = [row for row, owner in enumerate(owners)
                   if row >= len(corpus.clauses) and ordinary(corpus.clauses[owner])]
    policy = [texts[row] for row in policy_rows]
    pieces = [piece for text in [*examples["ordinary"], *policy] for piece in parts(text)]
    ordinary = np.vstack([embedder.embed(list(examples["ordinary"])), vectors[policy_rows],
                          *([embedder.embed(pieces)] if pieces else [])])
    return train_concern(embedder.embed(list(examples["child"])), embedder.embed(list(examples["adult"])), ordinary,
                         texts=(examples["child"], examples["adult"], [*examples["ordinary"], *policy, *pieces]))


def check_index(index_dir: Path, expected: dict) -> dict:
    """Return the manifest if the index is complete, intact and current; else raise with the reason."""
    current = Path(index_dir) / "current"
    path = current / "manifest.json"
    if not path.is_file():
        raise IndexStoreError("no index has been built yet")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise IndexStoreError("the index manifest is corrupt") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise IndexStoreError("the index manifest is corrupt")
    for key, value in expected.items():
        if manifest.get(key) != value:
            what = "the corpus has changed" if key == "corpus_hash" else f"its {key} differs"
            raise IndexStoreError(f"the index is stale: {what} since it was built")
    for name, digest in manifest["files"].items():
        file = current / name
        if not file.is_file():
            raise IndexStoreError(f"the index file {name} is missing")
        if _sha256(file) != digest:
            raise IndexStoreError(f"the index file {name} is corrupt (checksum mismatch)")
    return manifest


def load_index(index_dir: Path, expected: dict) -> LoadedIndex:
    """Load a checked index; raise IndexStoreError if it is missing, stale or corrupt."""
    import bm25s
    import faiss

    manifest = check_index(index_dir, expected)
    # A query searches a few thousand rows: one thread does it in well under a millisecond, and several staff
    # questions answered at once would otherwise fight over OpenMP's spinning threads (benchmarks/load.py).
    faiss.omp_set_num_threads(1)
    current = Path(index_dir) / "current"
    try:
        ids = json.loads((current / "clause_ids.json").read_text(encoding="utf-8"))
        owners = np.asarray(json.loads((current / "vector_owners.json").read_text(encoding="utf-8")),
                            dtype=np.int64)
        vectors = faiss.read_index(str(current / "vectors.faiss"))
        bm25 = bm25s.BM25.load(str(current / "bm25"))
        adapter = np.load(current / "adapter.npy", allow_pickle=False) if manifest.get("adapter") else None
        scope = np.load(current / "scope.npy", allow_pickle=False) if manifest.get("scope_topics") else None
        concern = _load_concern(current) if manifest.get("concern_model") else None
    except Exception as exc:  # noqa: BLE001 - any read failure means an unusable index
        raise IndexStoreError(f"the index could not be read ({exc})") from None
    if (vectors.ntotal != len(owners) or vectors.d != expected["dimension"] or len(ids) != manifest["clauses"]
            or (len(owners) and (owners.min() < 0 or owners.max() >= len(ids)))):
        raise IndexStoreError("the index is inconsistent (vector count or dimension)")
    if adapter is not None and adapter.shape != (vectors.d, vectors.d):
        raise IndexStoreError("the index is inconsistent (adapter shape)")
    if scope is not None and scope.shape != (manifest["scope_topics"], vectors.d):
        raise IndexStoreError("the index is inconsistent (out-of-scope vectors)")
    adapted = None
    if adapter is not None:
        # Adapting 707 rows takes about a millisecond; at 100k rows about a second, still once per load.
        adapted = faiss.IndexFlatIP(vectors.d)
        adapted.add(adapt(vectors.reconstruct_n(0, vectors.ntotal), adapter))
    if concern is not None and (concern.weights.shape != (2, vectors.d + 1)
                                or concern.lexical.shape != (2, len(concern.vocabulary) + 1)):
        raise IndexStoreError("the index is inconsistent (concern model shape)")
    return LoadedIndex(ids, vectors, owners, bm25, manifest, adapter, adapted, scope, concern)


def ensure_index(corpus: Corpus, embedder: Embedder, index_dir: Path,
                 progress: Progress = lambda s: None, builder: Embedder | None = None) -> LoadedIndex:
    """Load the index, rebuilding it first (and saying why) when it is missing, stale or corrupt.

    `builder` (default: `embedder`) embeds the rows of a rebuild; it must make the same vectors as `embedder`."""
    expected = expected_identity(corpus, embedder)
    try:
        return load_index(index_dir, expected)
    except IndexStoreError as reason:
        progress(f"Rebuilding the index: {reason}.")
    build_index(corpus, builder or embedder, index_dir, progress)
    return load_index(index_dir, expected)


def _load_concern(current: Path) -> ConcernModel:
    words = json.loads((current / "concern_words.json").read_text(encoding="utf-8"))
    return ConcernModel(np.load(current / "concern.npy", allow_pickle=False),
                        {word: column for column, word in enumerate(words)},
                        np.load(current / "concern_words.npy", allow_pickle=False))
