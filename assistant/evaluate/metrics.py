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


NO_VERDICTS = frozenset({"prohibited", "discouraged"})  # a "no" ...
YES_VERDICTS = frozenset({"permitted", "conditional"})  # ... answered with a "yes"


def unsafe(result: dict) -> bool:
    """A wrong "yes": every acceptable verdict is prohibited or discouraged, and the answer was permitted or
    conditional (docs/contracts.md section 5, the costliest error)."""
    expected = result.get("expected_verdict") or []
    return bool(expected) and set(expected) <= NO_VERDICTS and result["verdict"] in YES_VERDICTS


def doc_of(clause_id: str) -> str:
    return clause_id.split(":", 1)[0]


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
    groups = paraphrase_groups(results)
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
        "unsafe_answers": sum(unsafe(r) for r in results),
        "paraphrase_groups": len(groups) or None,
        "paraphrase_consistency": _share([consistent(g) for g in groups.values()]),
        # multi-turn scenarios (a non-empty history), reported apart so follow-up handling is visible
        "follow_ups": len(follow_ups),
        "follow_up_hit@3": _share([r["hit_rank"] is not None and r["hit_rank"] <= 3 for r in follow_ups]),
        "follow_up_verdict_accuracy": _share([r["verdict_ok"] for r in follow_scored]),
        "latency_p50_ms": round(percentile(latencies, 50), 1),
        "latency_p95_ms": round(percentile(latencies, 95), 1),
    }


def by_document(results: list[dict]) -> dict[str, dict]:
    """hit@1 and hit@3 over the in-scope scenarios whose expected clauses all come from one document, per
    document: e.g. the policy questions of a file, the figure `eval --leave-out policy` is judged on."""
    groups: dict[str, list[dict]] = {}
    for r in results:
        docs = {doc_of(c) for c in r["expected_clauses"]}
        if r["in_scope"] and len(docs) == 1:
            groups.setdefault(docs.pop(), []).append(r)
    return {doc: {"scenarios": len(rs), "hit@1": _share([r["hit_rank"] == 1 for r in rs]),
                  "hit@3": _share([r["hit_rank"] is not None and r["hit_rank"] <= 3 for r in rs])}
            for doc, rs in sorted(groups.items())}


def paraphrase_groups(results: list[dict]) -> dict[str, list[dict]]:
    """Results by their `group-<name>` tag: paraphrases of one question (eval/scenarios/paraphrases.yaml)."""
    groups: dict[str, list[dict]] = {}
    for r in results:
        for tag in r["tags"]:
            if tag.startswith("group-"):
                groups.setdefault(tag, []).append(r)
    return groups


def consistent(group: list[dict]) -> bool:
    """The same verdict and the same first clause for every paraphrase in a group."""
    return len({(r["verdict"], (r["citations"] or [None])[0]) for r in group}) == 1


def confusion(results: list[dict]) -> dict[str, dict[str, int]]:
    """expected verdict (first acceptable one) -> answered verdict -> count."""
    table: dict[str, dict[str, int]] = {}
    for r in results:
        if r.get("expected_verdict"):
            expected = r["expected_verdict"][0]
            row = table.setdefault(expected, {})
            row[r["verdict"]] = row.get(r["verdict"], 0) + 1
    return table
