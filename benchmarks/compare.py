"""Score pipelines on a scenario split (hit@1, hit@3, MRR over the first 3 units) and time them warm."""

from __future__ import annotations

import statistics
import time

from assistant.evaluate.metrics import cites, percentile
from assistant.evaluate.scenarios import Scenario

from .pipelines import Pipeline

CUTOFF = 3  # this project shows at most 3 citations; every pipeline is scored on its first 3 retrieved units


def unit_rank(units: list[list[str]], expected: tuple[str, ...]) -> int | None:
    """1-based rank of the first retrieved unit that stands for an expected clause (within CUTOFF), or None."""
    for rank, clause_ids in enumerate(units[:CUTOFF], start=1):
        if any(cites(c, e) for c in clause_ids for e in expected):
            return rank
    return None


def quality(ranks: list[int | None]) -> dict:
    n = len(ranks) or 1
    return {"hit@1": sum(r == 1 for r in ranks) / n,
            "hit@3": sum(r is not None and r <= 3 for r in ranks) / n,
            "mrr": sum(1 / r for r in ranks if r) / n}


def run_pipeline(pipeline: Pipeline, scenarios: list[Scenario], repeats: int) -> dict:
    """Quality from the first pass; latency p50/p95 of each pass, median over `repeats` passes (after a warm-up)."""
    in_scope = [s for s in scenarios if s.in_scope]
    pipeline.rank(in_scope[0])  # warm-up: first-call setup is not per-question latency
    ranks: list[int | None] = []
    units_shown: list[int] = []
    passes = []
    for n in range(repeats):
        latencies = []
        for s in in_scope:
            started = time.perf_counter()
            units = pipeline.rank(s)
            latencies.append((time.perf_counter() - started) * 1000)
            if n == 0:
                ranks.append(unit_rank(units, s.expected_clauses))
                units_shown.append(sum(len(u) for u in units[:CUTOFF]))
        passes.append((percentile(latencies, 50), percentile(latencies, 95)))
    return {"name": pipeline.name, "note": pipeline.note, "questions": len(in_scope), **quality(ranks),
            "clauses_returned": statistics.mean(units_shown) if units_shown else 0.0,
            "p50_ms": statistics.median(p[0] for p in passes), "p95_ms": statistics.median(p[1] for p in passes),
            "passes": len(passes)}


def time_embedder(embedder, texts: list[str], repeats: int) -> dict:
    """Per-question query embedding time: the floor under any dense pipeline's latency."""
    embedder.embed(texts[:1])
    passes = []
    for _ in range(repeats):
        latencies = []
        for text in texts:
            started = time.perf_counter()
            embedder.embed([text])
            latencies.append((time.perf_counter() - started) * 1000)
        passes.append((percentile(latencies, 50), percentile(latencies, 95)))
    return {"p50_ms": statistics.median(p[0] for p in passes), "p95_ms": statistics.median(p[1] for p in passes)}


def time_batch(embedder, texts: list[str], repeats: int) -> float:
    """Seconds to embed all texts in one call (median over repeats): an index build's embedding work."""
    embedder.embed(texts[:2])
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        embedder.embed(texts)
        times.append(time.perf_counter() - started)
    return statistics.median(times)
