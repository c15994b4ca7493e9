"""Vectors from earlier index builds, so that a rebuild after a corpus edit embeds only the texts that changed.

A build embeds every clause, every example question and every concern example (about 4,000 texts, most of a
build's time, and the reason it loads torch at all). Between two builds almost all of them are the same, and
the model gives a text the same vector every time. The cache is one file per embedder under
<index_dir>/cache/, holding the sha256 of each text and its vector. It keeps only the texts the last build
used, so it never grows past one corpus. A cache that cannot be read is ignored and written afresh.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .embedders import Embedder


class VectorCache:
    """An Embedder that answers from the cache and asks `inner` only for texts it has not seen; with
    `reuse=False` it embeds everything and only writes the cache."""

    def __init__(self, inner: Embedder, folder: Path, progress: Callable[[str], None] = lambda s: None,
                 reuse: bool = True):
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        slug = re.sub(r"[^A-Za-z0-9.-]+", "-", inner.name).strip("-")
        self.path = Path(folder) / f"{slug}-{inner.dimension}.npz"
        self.known: dict[str, np.ndarray] = {}
        self.used: dict[str, np.ndarray] = {}
        self.embedded = 0  # texts the inner embedder was asked for
        self.reused = 0  # texts answered from the cache
        if reuse and self.path.exists():
            try:
                self.known = _read(self.path, self.dimension)
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
                progress(f"Ignoring the cache of earlier vectors ({exc}); it will be written afresh.")

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = list(dict.fromkeys(k for k in keys if k not in self.known and k not in self.used))
        if missing:
            first = {k: t for k, t in zip(keys, texts, strict=True)}
            vectors = np.asarray(self.inner.embed([first[k] for k in missing]), dtype=np.float32)
            if vectors.shape != (len(missing), self.dimension):
                return vectors  # the caller reports the wrong shape
            self.used.update(zip(missing, vectors, strict=True))
            self.embedded += len(missing)
        out = []
        for key in keys:
            if key not in self.used:
                self.used[key] = self.known[key]
                self.reused += 1
            out.append(self.used[key])
        return np.vstack(out) if out else np.zeros((0, self.dimension), dtype=np.float32)

    def save(self) -> None:
        """Write the vectors this build used (atomically: a half-written cache is never read)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        keys = sorted(self.used)
        vectors = np.vstack([self.used[k] for k in keys]) if keys else np.zeros((0, self.dimension), np.float32)
        np.savez(tmp, keys=np.array(keys, dtype="<U64"), vectors=vectors.astype(np.float32))
        tmp.replace(self.path)


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read(path: Path, dimension: int) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        keys, vectors = data["keys"], data["vectors"]
    if vectors.ndim != 2 or vectors.shape != (len(keys), dimension) or not np.isfinite(vectors).all():
        raise ValueError("its vectors do not match the embedder")
    return dict(zip(keys.tolist(), vectors.astype(np.float32), strict=True))
