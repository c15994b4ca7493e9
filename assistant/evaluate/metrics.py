"""Evaluation metrics (docs/contracts.md section 5) as pure functions over plain result dicts."""

from __future__ import annotations

import math


def cites(citation: str, expected: str) -> bool:
    """A citation of a sub-clause counts as citing its paragraph: 'policy:3.3(k)' cites 'policy:3.3'."""
    return citation == expected or citation.startswith(expected + "(")


def hit_rank(citations: list[str], expected: list[str] | tuple[str, ...]) -> int | None:
    """1-based rank of the first citation matching any expected clause, or None."""
    for rank, citation in enumerate(citations, start=1):
        if any(cites(citation, e) for e in expected):
            return rank
    return None


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile: p95 of 20 values is the 19th smallest (ceil(0.95 * 20) = 19)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def summarise(results: list[dict]) -> dict:
    """Summary metrics from per-scenario results (keys: in_scope, hit_rank, verdict_ok, verdict,
    escalation, tags, latency_ms)."""
    in_scope = [r for r in results if r["in_scope"]]
    out_scope = [r for r in results if not r["in_scope"]]
    scored = [r for r in results if r["verdict_ok"] is not None]
    tagged = [r for r in results if "escalation" in r["tags"]]
    untagged = [r for r in results if "escalation" not in r["tags"]]
    latencies = [r["latency_ms"] for r in results]
    follow_ups = [r for r in in_scope if r.get("history")]
    follow_scored = [r for r in follow_ups if r["verdict_ok"] is not None]
    return {
        "scenarios": len(results),
        "in_scope": len(in_scope),
        "out_of_scope": len(out_scope),
        "hit@1": _share([r["hit_rank"] == 1 for r in in_scope]),
        "hit@3": _share([r["hit_rank"] is not None and r["hit_rank"] <= 3 for r in in_scope]),
        "mrr": round(sum(1 / r["hit_rank"] for r in in_scope if r["hit_rank"]) / len(in_scope), 4)
        if in_scope else None,
        "verdict_accuracy": _share([r["verdict_ok"] for r in scored]),
        "abstention": _share([r["verdict"] == "not_covered" for r in out_scope]),
        "false_abstention": _share([r["verdict"] == "not_covered" for r in in_scope]),
        "escalation_recall": _share([r["escalation"] for r in tagged]),
        "escalation_false_alarms": _share([r["escalation"] for r in untagged]),
        # multi-turn scenarios (a non-empty history), reported apart so follow-up handling is visible
        "follow_ups": len(follow_ups),
        "follow_up_hit@3": _share([r["hit_rank"] is not None and r["hit_rank"] <= 3 for r in follow_ups]),
        "follow_up_verdict_accuracy": _share([r["verdict_ok"] for r in follow_scored]),
        "latency_p50_ms": round(percentile(latencies, 50), 1),
        "latency_p95_ms": round(percentile(latencies, 95), 1),
    }


def confusion(results: list[dict]) -> dict[str, dict[str, int]]:
    """expected verdict (first acceptable one) -> answered verdict -> count."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        if r.get("expected_verdict"):
            expected = r["expected_verdict"][0]
            row = table.setdefault(expected, {})
            row[r["verdict"]] = row.get(r["verdict"], 0) + 1
    return table
