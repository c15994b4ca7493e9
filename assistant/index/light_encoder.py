"""all-MiniLM-L6-v2 without torch: the `tokenizers` library plus a numpy BERT forward pass.

Measured on the 2-core CPU (benchmarks/RESULTS.md): importing sentence-transformers takes ~5 s, this module's
imports (tokenizers, safetensors.numpy) ~0.1 s and loading the weights ~0.05 s, so a fresh `ask` process answers
in well under 2 s. It reproduces sentence-transformers' pipeline for this model (modules.json: Transformer ->
mean Pooling -> Normalize) and gives the same vectors: tests/test_light_encoder.py checks cosine >= 0.9999
against sentence-transformers and identical rankings on the dev scenarios.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from ..errors import IndexStoreError
from .bundled import bundled_model_path

# The float32 mask value transformers adds to padded key positions: exp() of it is exactly 0.
MASKED = np.finfo(np.float32).min
# A few short texts (a question's sentences) are packed into one row; long batches (index builds) are not.
PACK_TEXTS = 8
PACK_TOKENS = 192
PACK_ROWS = 8  # packed rows embedded in one batch


def _pack(items: list[tuple[int, int]]) -> list[list[int]]:
    """(index, tokens) of short texts -> rows of indexes, each at most PACK_TEXTS texts and PACK_TOKENS tokens,
    filled in the given order (first fit would mix orders for no measurable gain)."""
    rows: list[list[int]] = []
    used = 0
    for index, tokens in items:
        if not rows or len(rows[-1]) == PACK_TEXTS or used + tokens > PACK_TOKENS:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += tokens
    return rows


def erf(x: np.ndarray) -> np.ndarray:
    """Error function, Abramowitz and Stegun 7.1.26 (max absolute error 1.5e-7, below float32 resolution).

    numpy has no erf. Measured on a (32, 128, 1536) float32 array: this in-place form 36 ms, scipy.special.erf
    93 ms (and importing scipy.special adds ~35 ms to a cold start).
    """
    a = np.abs(x)
    t = 0.3275911 * a
    t += 1.0
    np.reciprocal(t, out=t)
    poly = t * 1.061405429
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += c
        poly *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    poly *= a
    np.subtract(1.0, poly, out=poly)
    return np.copysign(poly, x, out=poly)


def gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2))."""
    out = erf(x * np.float32(1 / math.sqrt(2)))
    out += 1.0
    out *= x
    out *= 0.5
    return out


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + eps) * weight + bias


class LightMiniLMEmbedder:
    """The bundled all-MiniLM-L6-v2 in numpy: same name and dimension as SentenceTransformerEmbedder, so an
    index built by either is valid for both."""

    name = "sentence-transformers/all-MiniLM-L6-v2"
    dimension = 384

    def __init__(self, model_path: Path | None = None, batch_size: int = 32):
        self.model_path = model_path
        self.batch_size = batch_size
        self._loaded = False

    def _load(self) -> None:
        if self._loaded:
            return
        from safetensors.numpy import load_file
        from threadpoolctl import ThreadpoolController
        from tokenizers import Tokenizer

        path = Path(self.model_path or bundled_model_path())
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            st_config = json.loads((path / "sentence_bert_config.json").read_text(encoding="utf-8"))
            weights = load_file(str(path / "model.safetensors"))
            tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        except (OSError, ValueError) as exc:
            raise IndexStoreError(f"the embedding model in {path} could not be read ({exc})") from None
        if config.get("hidden_act") != "gelu" or config.get("position_embedding_type", "absolute") != "absolute":
            raise IndexStoreError(f"{path} is not a BERT model this encoder supports")
        # sentence-transformers tokenises with truncation='longest_first' at max_seq_length (256 here, not the
        # 128 in tokenizer.json) and pads to the longest text of the batch; lowercasing and accent stripping
        # come from tokenizer.json's BertNormalizer, as they do for sentence-transformers' fast tokenizer.
        tokenizer.enable_truncation(max_length=int(st_config["max_seq_length"]), strategy="longest_first")
        tokenizer.no_padding()
        self._tokenizer = tokenizer
        # One BLAS thread (measured on the shared 2-core machine, one question): 2 threads take 6.4 ms while the
        # other core is idle but ~330 ms while it is busy, as every matmul waits for a descheduled thread; one
        # thread takes 7.6-10 ms either way. Only this encoder's calls are limited, not the process.
        self._blas = ThreadpoolController().select(user_api="blas")
        self._heads = int(config["num_attention_heads"])
        self._eps = float(config["layer_norm_eps"])
        self._embeddings = (weights["embeddings.word_embeddings.weight"],
                            weights["embeddings.position_embeddings.weight"],
                            weights["embeddings.token_type_embeddings.weight"][0],
                            weights["embeddings.LayerNorm.weight"], weights["embeddings.LayerNorm.bias"])
        self._layers = []
        for n in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{n}."
            w = {k[len(p):]: v for k, v in weights.items() if k.startswith(p)}
            # One (384, 1152) matrix for query, key and value: one matmul instead of three.
            qkv = np.concatenate([w[f"attention.self.{m}.weight"] for m in ("query", "key", "value")]).T.copy()
            qkv_bias = np.concatenate([w[f"attention.self.{m}.bias"] for m in ("query", "key", "value")])
            self._layers.append((
                qkv, qkv_bias,
                w["attention.output.dense.weight"].T.copy(), w["attention.output.dense.bias"],
                w["attention.output.LayerNorm.weight"], w["attention.output.LayerNorm.bias"],
                w["intermediate.dense.weight"].T.copy(), w["intermediate.dense.bias"],
                w["output.dense.weight"].T.copy(), w["output.dense.bias"],
                w["output.LayerNorm.weight"], w["output.LayerNorm.bias"],
            ))
        self._loaded = True

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Token ids and attention mask (batch, length) -> mean-pooled, L2-normalised sentence vectors."""
        additive = np.where(mask[:, None, None, :] > 0, np.float32(0), MASKED).astype(np.float32)
        x = self._encode(ids, np.arange(ids.shape[1]), additive)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (x * weights).sum(1) / np.maximum(weights.sum(1), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _forward_packed(self, encodings) -> np.ndarray:
        """Several short texts in one row: positions restart for each text and a block-diagonal mask keeps
        attention inside it, so each text's vector is the one it gets alone (to float rounding). One row
        instead of a padded batch saves the per-sequence cost of attention, which dominates for short texts."""
        lengths = [len(e.ids) for e in encodings]
        ids = np.concatenate([e.ids for e in encodings]).astype(np.int64)[None, :]
        positions = np.concatenate([np.arange(n) for n in lengths])
        segment = np.repeat(np.arange(len(lengths)), lengths)
        additive = np.where(segment[:, None] == segment[None, :], np.float32(0), MASKED).astype(np.float32)
        x = self._encode(ids, positions, additive[None, None])[0]
        pooled = np.stack([x[segment == s].mean(0) for s in range(len(lengths))])
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _encode(self, ids: np.ndarray, positions: np.ndarray, additive: np.ndarray) -> np.ndarray:
        """Token ids (batch, length), position ids (length,) and an additive attention mask broadcastable to
        (batch, heads, length, length) -> the last layer's token states (batch, length, hidden)."""
        word, position, token_type, ln_w, ln_b = self._embeddings
        batch, length = ids.shape
        heads = self._heads
        x = layer_norm(word[ids] + position[positions] + token_type, ln_w, ln_b, self._eps)
        hidden = x.shape[-1]
        size = hidden // heads
        scale = np.float32(1 / math.sqrt(size))
        # Linear layers on (batch * length, hidden) and attention on contiguous arrays: numpy's matmul falls
        # back to a loop without BLAS for stacked or transposed operands (measured 14x and 34x slower).
        x = x.reshape(batch * length, hidden)
        for qkv, qkv_b, out_w, out_b, ln1_w, ln1_b, in_w, in_b, ff_w, ff_b, ln2_w, ln2_b in self._layers:
            parts = (x @ qkv + qkv_b).reshape(batch, length, 3, heads, size)
            q = np.ascontiguousarray(parts[:, :, 0].transpose(0, 2, 1, 3))
            k_t = np.ascontiguousarray(parts[:, :, 1].transpose(0, 2, 3, 1))
            v = np.ascontiguousarray(parts[:, :, 2].transpose(0, 2, 1, 3))
            scores = q @ k_t
            scores *= scale
            scores += additive
            scores -= scores.max(-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, hidden)
            x = layer_norm(context @ out_w + out_b + x, ln1_w, ln1_b, self._eps)
            x = layer_norm(gelu(x @ in_w + in_b) @ ff_w + ff_b + x, ln2_w, ln2_b, self._eps)
        return x.reshape(batch, length, hidden)

    def embed(self, texts: list[str]) -> np.ndarray:
        self._load()
        texts = list(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(texts)
        if 1 < len(texts) <= PACK_TEXTS and sum(len(e.ids) for e in encodings) <= PACK_TOKENS:
            with self._blas.limit(limits=1):
                out[:] = self._forward_packed(encodings)
            return out
        short = [i for i, e in enumerate(encodings) if len(e.ids) <= PACK_TOKENS // 4]
        if len(short) > PACK_TEXTS:
            # Many short texts (the sentences of a long message): packed into a few rows, batched together.
            # Padding each to the batch's longest text (a 2,000-character question, 256 tokens) cost 4.6 s
            # for 69 sentences; packed, the same vectors (to float rounding) take a small fraction of that.
            rows = _pack([(i, len(encodings[i].ids)) for i in short])
            with self._blas.limit(limits=1):
                for start in range(0, len(rows), PACK_ROWS):
                    batch = rows[start:start + PACK_ROWS]
                    vectors = self._forward_packed_rows([[encodings[i] for i in row] for row in batch])
                    out[[i for row in batch for i in row]] = vectors
            packed = set(short)
            rest = [i for i in range(len(texts)) if i not in packed]
        else:
            rest = list(range(len(texts)))
        # Like sentence-transformers: batches of similar length, so little work is spent on padding.
        order = sorted(rest, key=lambda i: -len(encodings[i].ids))
        with self._blas.limit(limits=1):
            self._embed_batches(encodings, order, out)
        return out

    def _forward_packed_rows(self, rows) -> np.ndarray:
        """Several rows of packed texts in one batch: each row as in _forward_packed, padded to the longest row.
        Returns the texts' vectors in row order."""
        length = max(sum(len(e.ids) for e in row) for row in rows)
        ids = np.zeros((len(rows), length), dtype=np.int64)
        positions = np.zeros((len(rows), length), dtype=np.int64)
        segment = np.full((len(rows), length), -1, dtype=np.int64)  # -1: padding, attends to and from nothing
        count = 0
        for r, row in enumerate(rows):
            at = 0
            for e in row:
                n = len(e.ids)
                ids[r, at:at + n] = e.ids
                positions[r, at:at + n] = np.arange(n)
                segment[r, at:at + n] = count
                at += n
                count += 1
        same = (segment[:, :, None] == segment[:, None, :]) & (segment[:, :, None] >= 0)
        # a padded position attends to itself only, so its softmax row is defined (it is never pooled)
        same |= np.eye(length, dtype=bool)[None] & (segment[:, :, None] < 0)
        additive = np.where(same, np.float32(0), MASKED).astype(np.float32)[:, None]
        x = self._encode(ids, positions, additive)
        flat, owner = x.reshape(-1, x.shape[-1]), segment.reshape(-1)
        pooled = np.stack([flat[owner == s].mean(0) for s in range(count)])
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def _embed_batches(self, encodings, order: list[int], out: np.ndarray) -> None:
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            length = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), length), dtype=np.int64)
            mask = np.zeros((len(rows), length), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            out[rows] = self._forward(ids, mask)
