"""A learned second signal for escalation: two logistic regressions, one on the model's question vectors
and one on the question's words.

Trained when the index is built, from corpus/concern_examples.yaml (child / adult concerns against ordinary
questions, plus the policy's own example questions and the single sentences of every ordinary message as
ordinary ones). The wording rules in escalation.py catch what they name; this catches concerns told in
other words ('he takes food out of the bin at lunch').

Queries are scored whole and sentence by sentence (a worry is often one clause of a practical question).
A score is 0.7 x the vector classifier's probability + 0.3 x the word classifier's (stemmed words and
word pairs): the two make different mistakes, and together they find more concerns at the same false
alarms than either at any threshold.

Measured on staff-style messages written apart from the examples and from each other
(tests/data/concern_messages_{a..f}.yaml), wording rules plus this detector, recall / false alarms:
    vectors alone (thresholds 0.65 / 0.75):  a .89/.03  b .94/.11  c .96/.11  d .91/.13  e .82/.05  f .89/.08
    vectors + words (thresholds 0.55 / 0.70): a .92/.02  b .99/.12  c .97/.12  d .95/.13  e .90/.07  f .95/.09
The share and thresholds were chosen on a and b, checked on c and d, then e; f was kept back until the
end. Lowering the vector-only thresholds to 0.55 / 0.70 gives f .95 recall too, but at .13 false alarms.

Whether a concern is about an adult's conduct or a child at risk (which block, which route: LADO or DSL) is
a second pair of classifiers, blended half and half. Of the escalated concerns, the vectors alone sent 16% of
those about a child down the adult route; with the words (and the learned kind deciding where the word
lists name both, escalation.detect) 89% of all are routed as labelled, against 84%: sets a-d (chosen on)
83% -> 89%, sets e and f 87% -> 90%.
Not kept: k-nearest-neighbour margins, an LR+kNN mix, other L2 strengths, character 4-grams instead of
words (about the same), letting the wording rules fire only when the learned score agrees (one more concern
lost for a few fewer alarms). Plain numpy gradient descent: the data are ~2,800 examples.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..corpus.passages import terms

LEXICAL_SHARE = 0.3  # weight of the word classifier in a score; the vector classifier has the rest
KIND_LEXICAL_SHARE = 0.5  # the same for the adult-or-child decision


@dataclass(frozen=True)
class ConcernModel:
    weights: np.ndarray  # (2, d + 1): row 0 concern vs ordinary, row 1 adult vs child; last column is the bias
    vocabulary: dict[str, int] = field(default_factory=dict)  # word or word pair -> column of `lexical`
    lexical: np.ndarray | None = None  # (2, len(vocabulary) + 1): the same two classifiers on words

    def probability(self, vector: np.ndarray, text: str | None = None) -> float:
        """How likely a question is a safeguarding concern: its vector's probability, blended with its
        words' when the text is given and the model has a word classifier."""
        dense = float(_sigmoid(self.weights[0, :-1] @ vector + self.weights[0, -1]))
        if text is None or self.lexical is None:
            return dense
        return (1 - LEXICAL_SHARE) * dense + LEXICAL_SHARE * self.lexical_probability(text)

    def lexical_probability(self, text: str) -> float:
        """The word classifier's probability that a text is a concern."""
        return self._words(text, 0)

    def kind(self, vector: np.ndarray, text: str | None = None) -> str:
        """'adult' or 'child': whether a concern is about an adult's conduct or about a child at risk, from the
        vector, blended with the words when the text is given."""
        adult = float(_sigmoid(self.weights[1, :-1] @ vector + self.weights[1, -1]))
        if text is not None and self.lexical is not None:
            adult = (1 - KIND_LEXICAL_SHARE) * adult + KIND_LEXICAL_SHARE * self._words(text, 1)
        return "adult" if adult > 0.5 else "child"

    def _words(self, text: str, row: int) -> float:
        if self.lexical is None:
            raise ValueError("this concern model has no word classifier")
        columns = [self.vocabulary[f] for f in features(text) if f in self.vocabulary]
        z = self.lexical[row, columns].sum() / np.sqrt(len(columns)) if columns else 0.0
        return float(_sigmoid(z + self.lexical[row, -1]))

    def strongest(self, vectors: np.ndarray, texts: Sequence[str] | None = None) -> tuple[float, str]:
        """The highest score among several pieces (a message's sentences) and that one's kind."""
        if not len(vectors):
            return 0.0, ""
        if texts is None or self.lexical is None:
            best = int(np.argmax(vectors @ self.weights[0, :-1]))  # the sigmoid keeps the order
            return self.probability(vectors[best]), self.kind(vectors[best])
        scores = [self.probability(v, t) for v, t in zip(vectors, texts, strict=True)]
        best = int(np.argmax(scores))
        return scores[best], self.kind(vectors[best], texts[best])


def features(text: str) -> set[str]:
    """What the word classifier sees: the stemmed words of a text (as BM25 has them) and adjacent pairs."""
    words = terms(text)
    return {*words, *(f"{a}_{b}" for a, b in zip(words, words[1:], strict=False))}


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def fit_logistic(x, y: np.ndarray, l2: float = 1e-3, epochs: int = 2000, learning_rate: float = 0.5) -> np.ndarray:
    """Class-balanced, L2-regularised logistic regression by full-batch gradient descent: [w..., b].
    `x` is an array or a scipy sparse matrix."""
    x = x if hasattr(x, "tocsr") else np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    positives = max(y.sum(), 1.0)
    negatives = max(len(y) - y.sum(), 1.0)
    sample_weight = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(epochs):
        gradient = (_sigmoid(x @ w + b) - y) * sample_weight
        w -= learning_rate * (x.T @ gradient / len(y) + l2 * w)
        b -= learning_rate * gradient.mean()
    return np.append(w, b)


def train_concern(child: np.ndarray, adult: np.ndarray, ordinary: np.ndarray,
                  texts: tuple[Sequence[str], Sequence[str]] | None = None) -> ConcernModel | None:
    """Fit the classifiers from vectors of example messages; None when any class has no examples. With
    `texts` (the child, adult and ordinary messages, in the order of the vectors) the word classifiers too."""
    if not len(child) or not len(adult) or not len(ordinary):
        return None
    concerns = np.vstack([child, adult])
    first = fit_logistic(np.vstack([concerns, ordinary]), np.r_[np.ones(len(concerns)), np.zeros(len(ordinary))])
    second = fit_logistic(concerns, np.r_[np.zeros(len(child)), np.ones(len(adult))])
    weights = np.vstack([first, second]).astype(np.float32)
    if texts is None:
        return ConcernModel(weights)
    vocabulary, lexical = train_lexical(*texts)
    return ConcernModel(weights, vocabulary, lexical)


def train_lexical(child: Sequence[str], adult: Sequence[str],
                  ordinary: Sequence[str]) -> tuple[dict[str, int], np.ndarray]:
    """The word classifiers: binary word and word-pair features scaled to unit length; row 0 concern vs
    ordinary, row 1 adult vs child."""
    from scipy.sparse import csr_matrix  # index build only; scipy comes with sentence-transformers

    texts = [*child, *adult, *ordinary]
    vocabulary: dict[str, int] = {}
    rows, columns = [], []
    for row, text in enumerate(texts):
        for feature in sorted(features(text)):
            rows.append(row)
            columns.append(vocabulary.setdefault(feature, len(vocabulary)))
    counts = np.bincount(rows, minlength=len(texts)).astype(np.float64)
    values = 1.0 / np.sqrt(counts[rows])
    x = csr_matrix((values, (rows, columns)), shape=(len(texts), len(vocabulary)))
    concerns = len(child) + len(adult)
    first = fit_logistic(x, np.r_[np.ones(concerns), np.zeros(len(ordinary))], l2=1e-4, epochs=1500,
                         learning_rate=2.0)
    second = fit_logistic(x[:concerns], np.r_[np.zeros(len(child)), np.ones(len(adult))], l2=1e-4, epochs=1500,
                          learning_rate=2.0)
    return vocabulary, np.vstack([first, second]).astype(np.float32)
