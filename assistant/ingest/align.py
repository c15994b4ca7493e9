"""Which clause of a new document is the same rule as a clause of the old one, by its text, not its number.

Schools adopt a model policy and edit it: sections move, rules are reworded, some are dropped. An id match alone
would pair 4.1(2) with whatever a renumbered copy now calls 4.1(2). Here each old clause is paired with at most one
new clause whose normalised words mostly agree (difflib's ratio over word sequences), best pairs first, so the
annotations and references of the old clause can follow the rule to its new id.

A school that rewrites a rule in its own words ("Colleagues must not accept pupils as friends" -> "Staff must not
accept or send friend requests ... to pupils") keeps few of its words. With sentence vectors (the index's model),
the clauses left unpaired are paired where each is the other's nearest clause and their cosine is at least
SEMANTIC_THRESHOLD. Measured on the adapted fixture policy (tests/data/schools/adapted): of its 87 clauses, words
alone paired 9 annotated ones; the vectors add 30, by hand all but about 3 the same rule.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

WORD = re.compile(r"[a-z0-9]+")
THRESHOLD = 0.6  # a pair below this ratio is two different rules
SAME_ID_THRESHOLD = 0.4  # ... unless it keeps its id: a rule reworded in place needs less agreement
PREFILTER = 0.25  # pairs sharing fewer than this share of distinct words are not compared word by word
SEMANTIC_THRESHOLD = 0.72  # mutual nearest clauses at least this close (all-MiniLM-L6-v2 cosine) are one rule


@dataclass(frozen=True)
class Match:
    old: str  # clause id in the old document, e.g. '4.1(2)'
    new: str  # clause id in the new document, e.g. '5.1(2)'
    score: float  # 1.0 for the same words
    kind: str  # unchanged | renumbered | reworded (same id, other words) | aligned (other id and words)


def words(text: str) -> list[str]:
    """Lower-case words and numbers, punctuation and layout dropped."""
    return WORD.findall(text.lower())


def similarity(a: list[str], b: list[str]) -> float:
    """difflib's ratio (2 * matching words / total words) over the two word sequences."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _kind(old: str, new: str, score: float) -> str:
    if score == 1.0:
        return "unchanged" if old == new else "renumbered"
    return "reworded" if old == new else "aligned"


def align_clauses(old: Iterable[tuple[str, str]], new: Iterable[tuple[str, str]], threshold: float = THRESHOLD,
                  same_id_threshold: float = SAME_ID_THRESHOLD, embed=None,
                  semantic_threshold: float = SEMANTIC_THRESHOLD) -> list[Match]:
    """Pair (id, text) clauses of the old and new document one to one, in old reading order. Greedy on the
    best score; ties go to the pair that keeps its id, then to the pair nearest in reading order (two list
    items with the same words, e.g. 'Data Protection Act 2018' in two lists, pair in order). With `embed`
    (texts -> L2-normalised vectors), clauses the words left unpaired are paired by meaning (see above)."""
    old, new = list(old), list(new)
    old_texts, new_texts = [t for _, t in old], [t for _, t in new]
    old = [(c, words(t)) for c, t in old]
    new = [(c, words(t)) for c, t in new]
    new_sets = [set(w) for _, w in new]
    new_at = {c: i for i, (c, _) in enumerate(new)}
    candidates = []
    for i, (old_id, old_words) in enumerate(old):
        old_set = set(old_words)
        for j, (new_id, new_words) in enumerate(new):
            union = old_set | new_sets[j]
            if union and len(old_set & new_sets[j]) / len(union) < PREFILTER and old_id != new_id:
                continue
            score = 1.0 if old_words == new_words else similarity(old_words, new_words)
            floor = same_id_threshold if old_id == new_id else threshold
            if score >= floor:
                distance = abs(i / max(len(old), 1) - j / max(len(new), 1))
                candidates.append((-score, old_id != new_id, distance, i, j))
    candidates.sort()
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    matches = []
    for neg_score, _, _, i, j in candidates:
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        matches.append(Match(old[i][0], new[j][0], -neg_score, _kind(old[i][0], new[j][0], -neg_score)))
    if embed is not None:
        matches += _by_meaning(old, new, old_texts, new_texts, taken_old, taken_new, embed, semantic_threshold)
    order = {c: n for n, (c, _) in enumerate(old)}
    matches.sort(key=lambda m: (order[m.old], new_at[m.new]))
    return matches


def _by_meaning(old, new, old_texts: list[str], new_texts: list[str], taken_old: set[int], taken_new: set[int],
                embed, threshold: float) -> list[Match]:
    """Mutual nearest pairs among the unpaired clauses whose cosine reaches threshold ('aligned')."""
    left_old = [i for i in range(len(old)) if i not in taken_old]
    left_new = [j for j in range(len(new)) if j not in taken_new]
    if not left_old or not left_new:
        return []
    import numpy as np

    vectors = np.asarray(embed([old_texts[i] for i in left_old] + [new_texts[j] for j in left_new]))
    sims = vectors[:len(left_old)] @ vectors[len(left_old):].T
    out = []
    for a, i in enumerate(left_old):
        b = int(np.argmax(sims[a]))
        if sims[a, b] >= threshold and int(np.argmax(sims[:, b])) == a:
            out.append(Match(old[i][0], new[left_new[b]][0], round(float(sims[a, b]), 3), "aligned"))
    return out
