"""Quiz mode for a room: score the group's guess against a scenario; export the session as CSV and HTML."""

from __future__ import annotations

import csv
import io
from html import escape

from ..evaluate import Scenario, confusion, html_report, summarise

CSV_COLUMNS = ("id", "question", "group_verdict", "group_clause", "expected_verdict", "expected_clauses",
               "group_points", "assistant_verdict", "assistant_citations", "assistant_passed")


def same_clause(guess: str, expected: str) -> bool:
    """'policy:3.3(k)' counts as citing 'policy:3.3' (docs/contracts.md section 2); spaces and case are forgiven."""
    guess = "".join(guess.split()).lower()
    expected = expected.lower()
    return guess == expected or (guess.startswith(expected + "(") and expected.count("(") == 0)


def score_guess(scenario: Scenario, verdict: str, clause: str) -> dict:
    """One point for an acceptable verdict (when the verdict is scored), one for an expected clause
    (or for leaving the clause empty on an out-of-scope scenario)."""
    verdict_ok = None if scenario.expected_verdicts is None else verdict in scenario.expected_verdicts
    if scenario.expected_clauses:
        clause_ok = any(same_clause(clause, e) for e in scenario.expected_clauses)
    else:
        clause_ok = not clause.strip()
    return {"verdict_ok": verdict_ok, "clause_ok": clause_ok, "points": int(bool(verdict_ok)) + int(clause_ok),
            "possible": (verdict_ok is not None) + 1}


def record(scenario: Scenario, verdict: str, clause: str, result: dict) -> dict:
    """One revealed scenario: the group's guess, its score and the assistant's result (evaluate.run_scenario)."""
    return {"scenario": scenario, "group_verdict": verdict, "group_clause": clause.strip(),
            **score_guess(scenario, verdict, clause), "result": result}


def totals(records: list[dict]) -> tuple[int, int]:
    return sum(r["points"] for r in records), sum(r["possible"] for r in records)


def records_csv(records: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in records:
        s, res = r["scenario"], r["result"]
        writer.writerow([s.id, s.question, r["group_verdict"], r["group_clause"],
                         "/".join(s.expected_verdicts or ()), " ".join(s.expected_clauses), r["points"],
                         res["verdict"], " ".join(res["citations"]), "yes" if res["passed"] else "no"])
    return out.getvalue()


def quiz_report(records: list[dict], source: str) -> str:
    """The evaluation report of the assistant on the revealed scenarios, with the group's answers first."""
    results = [r["result"] for r in records]
    run = {"summary": summarise(results), "confusion": confusion(results), "results": results}
    page = html_report(run, source, title="Workshop quiz")
    got, possible = totals(records)
    rows = "".join(
        f"<tr><td>{escape(r['scenario'].id)}</td><td>{escape(r['scenario'].question)}</td>"
        f"<td>{escape(r['group_verdict'] or '-')}<br><code>{escape(r['group_clause'] or '-')}</code></td>"
        f"<td>{escape(' / '.join(r['scenario'].expected_verdicts or ['-']))}<br>"
        f"<code>{escape(', '.join(r['scenario'].expected_clauses) or '(out of scope)')}</code></td>"
        f"<td class=\"num\">{r['points']} / {r['possible']}</td></tr>" for r in records)
    group = (f"<h2>The group: {got} of {possible} points</h2><table><tr><th>id</th><th>question</th>"
             f"<th>group answered</th><th>policy answer</th><th>points</th></tr>{rows}</table>"
             "<h2>The assistant on the same scenarios</h2>")
    return page.replace("<h2>Metrics</h2>", group + "<h2>Metrics</h2>", 1)
