"""Run scenarios through the same code path as `ask` and collect per-scenario results."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..answer.text import body
from ..engine import Engine
from .metrics import by_document, confusion, hit_rank, summarise
from .scenarios import Scenario


def run_scenario(engine: Engine, scenario: Scenario) -> dict:
    started = time.perf_counter()
    answer = engine.ask(scenario.question, audience=scenario.audience, history=scenario.history)
    latency = (time.perf_counter() - started) * 1000
    cited = [c.id for c in answer.citations if not c.related]
    expected = list(scenario.expected_clauses)
    return {
        "id": scenario.id,
        "question": scenario.question,
        "audience": scenario.audience,
        "history": list(scenario.history),
        "tags": list(scenario.tags),
        "in_scope": scenario.in_scope,
        "expected_clauses": expected,
        "expected_verdict": list(scenario.expected_verdicts) if scenario.expected_verdicts else None,
        "verdict": answer.verdict,
        "citations": cited,
        "related": [c.id for c in answer.citations if c.related],
        "escalation": answer.escalation is not None,
        "hit_rank": hit_rank(cited, expected) if expected else None,
        "verdict_ok": answer.verdict in scenario.expected_verdicts if scenario.expected_verdicts else None,
        "latency_ms": round(latency, 2),
        "answer": body(answer),
    }


def passed(result: dict) -> bool:
    """A scenario passes when its first citation is expected (or it abstains when out of scope),
    its verdict is acceptable, and an escalation-tagged question escalates."""
    ok_clause = result["hit_rank"] == 1 if result["in_scope"] else result["verdict"] == "not_covered"
    ok_verdict = result["verdict_ok"] is not False
    ok_escalation = result["escalation"] or "escalation" not in result["tags"]
    return ok_clause and ok_verdict and ok_escalation


def evaluate(engine: Engine, scenarios: list[Scenario],
             progress: Callable[[int, int], None] = lambda done, total: None) -> dict:
    """{'summary': metrics, 'confusion': verdict confusion, 'results': one dict per scenario, in order}."""
    if scenarios:
        engine.ask(scenarios[0].question)  # warm-up, so latency measures answering, not first-call setup
    results = []
    for n, scenario in enumerate(scenarios, start=1):
        result = run_scenario(engine, scenario)
        result["passed"] = passed(result)
        results.append(result)
        progress(n, len(scenarios))
    return {"summary": summarise(results), "by_document": by_document(results), "confusion": confusion(results),
            "results": results}
