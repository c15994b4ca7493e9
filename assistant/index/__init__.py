"""Stage 2, index: embedders, the vector cache, the query adapter and the index folder on disk."""

from .embedders import Embedder, index_builder, make_embedder
from .store import LoadedIndex, Progress, build_index, check_index, ensure_index, expected_identity, load_index

__all__ = ["Embedder", "LoadedIndex", "Progress", "build_index", "check_index", "ensure_index", "expected_identity",
           "index_builder", "load_index", "make_embedder"]
