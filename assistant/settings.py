"""The one settings object, built once at the edge (CLI or app) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "index"
    embedder: str = "minilm"
    # Builds the index when it makes the same vectors as `embedder` (embedder.index_builder): sentence-transformers
    # embeds the 707 index rows faster than the numpy encoder (benchmarks/RESULTS.md); queries never import it.
    index_embedder: str = "minilm-torch"
    # retrieval
    candidates: int = 30  # taken from each retriever before fusion
    rrf_k: int = 60  # reciprocal rank fusion constant (Cormack et al. 2009)
    lexical_weight: float = 0.5  # weight of the BM25 ranking in the fusion (dense has weight 1); tuned on dev
    max_citations: int = 3
    # Below this cosine similarity between the question and the best clause, the answer is not_covered.
    min_evidence: float = 0.44  # tuned on the dev split (eval/tune.py)
    # Further citations must come within this cosine of the first one to be shown at all.
    citation_margin: float = 0.25
    max_question_chars: int = 2000
    # web app
    host: str = "127.0.0.1"
    port: int = 7860

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Defaults, then POLICY_ASSISTANT_* / HOST / PORT environment variables, then explicit overrides."""
        env = os.environ
        values: dict = {}
        if env.get("POLICY_ASSISTANT_CORPUS"):
            values["corpus_dir"] = Path(env["POLICY_ASSISTANT_CORPUS"])
        if env.get("POLICY_ASSISTANT_INDEX"):
            values["index_dir"] = Path(env["POLICY_ASSISTANT_INDEX"])
        if env.get("POLICY_ASSISTANT_EMBEDDER"):
            values["embedder"] = env["POLICY_ASSISTANT_EMBEDDER"]
        if env.get("POLICY_ASSISTANT_INDEX_EMBEDDER"):
            values["index_embedder"] = env["POLICY_ASSISTANT_INDEX_EMBEDDER"]
        if env.get("HOST"):
            values["host"] = env["HOST"]
        if env.get("PORT"):
            values["port"] = int(env["PORT"])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
