"""The naive llama-index pipeline as a fresh process, for the cold comparison with `policy-assistant ask`.

    python -m benchmarks.naive_cold persist DIR     # build and persist its index (llama-index's own format)
    python -m benchmarks.naive_cold ask DIR "QUESTION"   # load it, retrieve the top 2 chunks, print them
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.corpus.load import load_corpus
from assistant.index.embedders import make_embedder
from assistant.settings import Settings

from .pipelines import llama_embedding, naive_index

EMBEDDER = "minilm-torch"  # what such a pipeline embeds with: the model through sentence-transformers


def persist(out_dir: Path) -> None:
    settings = Settings.from_env()
    index, _ = naive_index(load_corpus(settings.corpus_dir), settings.corpus_dir, make_embedder(EMBEDDER))
    index.storage_context.persist(persist_dir=str(out_dir))


def ask(out_dir: Path, question: str) -> None:
    from llama_index.core import StorageContext, load_index_from_storage

    index = load_index_from_storage(StorageContext.from_defaults(persist_dir=str(out_dir)),
                                    embed_model=llama_embedding(make_embedder(EMBEDDER)))
    for hit in index.as_retriever(similarity_top_k=2).retrieve(question):
        print(f"{hit.score:.3f} {hit.node.get_content()[:200]!r}")


if __name__ == "__main__":
    command, folder, *rest = sys.argv[1:]
    if command == "persist":
        persist(Path(folder))
    else:
        ask(Path(folder), *rest)
