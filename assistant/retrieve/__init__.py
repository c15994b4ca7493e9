"""Stage 3, retrieve: dense and BM25 scores over the index, fused into ranked hits."""

from .hybrid import convex, retrieve, rrf, search

__all__ = ["convex", "retrieve", "rrf", "search"]
