"""Quiz scoring and export, and the workshop's scenario-file choice (no engine needed)."""

from __future__ import annotations

import csv
import io

import pytest

from assistant.errors import ScenarioError
from assistant.evaluate import Scenario
from assistant.web.quiz import quiz_report, record, records_csv, same_clause, score_guess, totals
from assistant.web.workshop_ui import load_choice, scenario_files

FRIEND = Scenario("friend", "Can I accept a friend request from a pupil?", ("policy:4.1(2)", "policy:3.3"),
                  ("prohibited",))
LUNCH = Scenario("lunch", "What's for lunch?", (), ("not_covered",))


@pytest.mark.parametrize(("guess", "expected", "ok"), [
    ("policy:4.1(2)", "policy:4.1(2)", True), (" Policy:4.1(2) ", "policy:4.1(2)", True),
    ("policy:3.3(k)", "policy:3.3", True), ("policy:4.1(3)", "policy:4.1(2)", False),
    ("policy:4.1", "policy:4.1(2)", False)], ids=["exact", "case-space", "lettered-bullet", "other", "parent"])
def test_same_clause(guess, expected, ok):
    assert same_clause(guess, expected) is ok


def test_score_guess_gives_a_point_for_verdict_and_clause():
    assert score_guess(FRIEND, "prohibited", "policy:4.1(2)")["points"] == 2
    assert score_guess(FRIEND, "permitted", "policy:3.3")["points"] == 1
    assert score_guess(LUNCH, "not_covered", "")["points"] == 2
    unscored = Scenario("x", "q", ("policy:4.1(2)",), None)
    assert score_guess(unscored, "", "policy:4.1(2)") == {"verdict_ok": None, "clause_ok": True, "points": 1,
                                                           "possible": 1}


def _result(scenario, verdict, cited):
    return {"id": scenario.id, "question": scenario.question, "in_scope": scenario.in_scope, "tags": [],
            "expected_clauses": list(scenario.expected_clauses), "expected_verdict": list(scenario.expected_verdicts),
            "verdict": verdict, "citations": cited, "escalation": False, "hit_rank": 1 if cited else None,
            "verdict_ok": True, "latency_ms": 5.0, "answer": "No.", "passed": True, "history": []}


def test_export_csv_and_printable_report():
    records = [record(FRIEND, "prohibited", "policy:4.1(2)", _result(FRIEND, "prohibited", ["policy:4.1(2)"])),
               record(LUNCH, "permitted", "policy:1.0", _result(LUNCH, "not_covered", []))]
    assert totals(records) == (2, 4)
    rows = list(csv.DictReader(io.StringIO(records_csv(records))))
    assert [r["id"] for r in rows] == ["friend", "lunch"]
    assert rows[0]["group_points"] == "2" and rows[0]["assistant_citations"] == "policy:4.1(2)"
    page = quiz_report(records, "room.yaml")
    assert "The group: 2 of 4 points" in page and "<svg" in page and "room.yaml" in page


def test_scenario_files_come_from_eval_and_nowhere_else(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "small.yaml").write_text(
        "- id: a\n  question: Can I friend a pupil?\n  expected_clauses: ['policy:4.1(2)']\n"
        "  expected_verdict: prohibited\n", encoding="utf-8")
    assert scenario_files(tmp_path) == ["scenarios/small.yaml"]
    name, scenarios = load_choice(tmp_path, "scenarios/small.yaml", None, {"policy:4.1(2)"})
    assert name == "scenarios/small.yaml" and scenarios[0].id == "a"
    with pytest.raises(ScenarioError, match="choose a file"):
        load_choice(tmp_path, "../../etc/passwd", None, set())
    with pytest.raises(ScenarioError, match="not in the corpus"):
        load_choice(tmp_path, "scenarios/small.yaml", None, set())
    with pytest.raises(ScenarioError, match="choose a scenario file"):
        load_choice(tmp_path, None, None, set())
