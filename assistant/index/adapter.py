"""A linear query/passage adapter trained at index-build time on the corpus's own example questions.

The bundled MiniLM model places "my Year 9 keeps adding me on Snap" far from "must not accept pupils as
friends". The annotations say which clause each example question belongs to, so a 384x384 matrix W is
fitted so that each example question, with its own row held out, scores its clause above all others
(softmax over max-sim clause scores, cross-entropy, W pulled towards the identity). W is applied to
every stored row and to each query, then vectors are renormalised; cosine stays the similarity.

Measured on the dev split (3 seeds): hit@1 0.73 -> 0.80, MRR 0.78 -> 0.82 with convex fusion.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class AdapterConfig:
    epochs: int = 5
    batch_size: int = 64
    learning_rate: float = 1e-3
    temperature: float = 0.05  # softmax temperature over cosine scores
    identity_weight: float = 0.03  # L2 pull of W towards the identity, against overfitting 531 questions
    seed: int = 0


def adapt(vectors: np.ndarray, matrix: np.ndarray | None) -> np.ndarray:
    """Apply the adapter and renormalise (rows of vectors are L2-normalised embeddings)."""
    if matrix is None:
        return vectors
    out = np.asarray(vectors, dtype=np.float32) @ matrix
    norms = np.linalg.norm(out, axis=-1, keepdims=True)
    return (out / np.maximum(norms, 1e-12)).astype(np.float32)


def train_adapter(vectors: np.ndarray, owners: list[int] | np.ndarray, clause_count: int,
                  config: AdapterConfig = AdapterConfig()) -> np.ndarray | None:
    """Fit W on the example-question rows (rows at positions >= clause_count); None when there are none.

    Rows 0..clause_count-1 are the clause passages; every later row is an example question owned by the
    clause at owners[row]. Each question is trained with its own row masked, so it must reach its clause
    through the passage or the clause's other questions: the situation of a question nobody wrote down.
    """
    question_rows = np.arange(clause_count, len(vectors))
    if len(question_rows) == 0:
        return None
    import torch

    generator = torch.Generator().manual_seed(config.seed)
    rows = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))
    owner_index = torch.as_tensor(np.asarray(owners), dtype=torch.int64)
    labels = owner_index[torch.from_numpy(question_rows)]
    dim = rows.shape[1]
    identity = torch.eye(dim)
    weights = torch.nn.Parameter(identity.clone())
    optimiser = torch.optim.Adam([weights], lr=config.learning_rate)
    for _ in range(config.epochs):
        order = torch.randperm(len(question_rows), generator=generator)
        for start in range(0, len(order), config.batch_size):
            batch = order[start:start + config.batch_size]
            own = torch.from_numpy(question_rows)[batch]
            stored = torch.nn.functional.normalize(rows @ weights, dim=1)
            sims = stored[own] @ stored.T  # questions are themselves rows
            sims[torch.arange(len(own)), own] = -1.0  # hold the question's own row out
            scores = torch.full((len(own), clause_count), -1.0)
            scores = scores.scatter_reduce(1, owner_index.expand(len(own), -1), sims, reduce="amax")
            loss = torch.nn.functional.cross_entropy(scores / config.temperature, labels[batch])
            loss = loss + config.identity_weight * ((weights - identity) ** 2).sum()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return weights.detach().numpy().astype(np.float32)
