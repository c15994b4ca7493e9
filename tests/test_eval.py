"""Scenario validation, metric arithmetic and the eval command (fake embedder)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.errors import ScenarioError
from assistant.evaluate.metrics import cites, hit_rank, percentile, summarise
from assistant.evaluate.scenarios import parse_scenarios

IDS = {"policy:4.1(2)", "policy:3.3", "policy:3.3(l)"}


def test_sub_clause_citation_counts_for_its_paragraph():
    assert cites("policy:3.3(k)", "policy:3.3")
    assert not cites("policy:3.3", "policy:3.3(k)")
    assert not cites("policy:4.1(12)", "policy:4.1(1)")
    assert hit_rank(["a:1", "policy:3.3(l)", "x"], ["policy:3.3"]) == 2
    assert hit_rank(["a:1"], ["policy:3.3"]) is None


def test_percentile_nearest_rank():
    values = list(range(1, 21))
    assert percentile(values, 50) == 10
    assert percentile(values, 95) == 19
    assert percentile([], 95) == 0.0


def _result(in_scope=True, rank=1, verdict="prohibited", ok=True, escalation=False, tags=(), ms=10.0):
    return {"in_scope": in_scope, "hit_rank": rank, "verdict": verdict, "verdict_ok": ok,
            "escalation": escalation, "tags": list(tags), "latency_ms": ms}


def test_summary_arithmetic():
    results = [
        _result(rank=1), _result(rank=2), _result(rank=None, verdict="not_covered", ok=False),
        _result(rank=4, ok=None, tags=["escalation"], escalation=True),
        _result(in_scope=False, rank=None, verdict="not_covered"),
        _result(in_scope=False, rank=None, verdict="info", ok=False, escalation=True),
    ]
    s = summarise(results)
    assert (s["scenarios"], s["in_scope"], s["out_of_scope"]) == (6, 4, 2)
    assert s["hit@1"] == 0.25 and s["hit@3"] == 0.5
    assert s["mrr"] == pytest.approx(round((1 + 1 / 2 + 1 / 4) / 4, 4))
    assert s["verdict_accuracy"] == pytest.approx(3 / 5, abs=1e-4)
    assert s["abstention"] == 0.5 and s["false_abstention"] == 0.25
    assert s["escalation_recall"] == 1.0 and s["escalation_false_alarms"] == 0.2
    assert s["follow_ups"] == 0 and s["follow_up_hit@3"] is None


def test_valid_scenarios_parse():
    data = [{"id": "a", "question": "Can I?", "expected_clauses": ["policy:4.1(2)"],
             "expected_verdict": ["prohibited", "required"], "tags": ["x"], "history": ["earlier"]},
            {"id": "b", "question": "Lunch menu?", "expected_clauses": [], "expected_verdict": "not_covered",
             "audience": "parent"},
            {"id": "c", "question": "Who?", "expected_clauses": ["policy:3.3"], "expected_verdict": None}]
    a, b, c = parse_scenarios(data, "f.yaml", IDS)
    assert a.expected_verdicts == ("prohibited", "required") and a.history == ("earlier",)
    assert not b.in_scope and b.audience == "parent"
    assert c.expected_verdicts is None


@pytest.mark.parametrize("data,message", [
    ({"id": "a"}, "a scenario file is a YAML list"),
    ([{"id": "a", "question": "q", "expected_clauses": ["policy:9.9"]}],
     "scenario 'a': clause ids not in the corpus: policy:9.9"),
    ([{"id": "a", "question": "q", "expected_clauses": [], "expected_verdict": "maybe"}],
     "scenario 'a': expected_verdict must be one of"),
    ([{"id": "a", "question": "", "expected_clauses": []}], "scenario 'a': question must be non-empty"),
    ([{"id": "a", "question": "q"}], "scenario 'a': missing expected_clauses"),
    ([{"id": "a", "question": "q", "expected_clauses": []}, {"id": "a", "question": "q", "expected_clauses": []}],
     "scenario 'a': id used twice"),
    ([{"id": "a", "question": "q", "expected_clauses": [], "audience": "pupil"}], "audience must be one of"),
    ([{"id": "a", "question": "q", "expected_clauses": [], "colour": 1}], "unknown keys colour"),
    ([{"question": "q", "expected_clauses": []}], r"scenario '#1': missing id"),
])
def test_malformed_scenarios_name_the_scenario(data, message):
    with pytest.raises(ScenarioError, match=message):
        parse_scenarios(data, "f.yaml", IDS)


def test_every_shipped_scenario_file_loads_to_what_its_yaml_says():
    """The pydantic model reads eval/scenarios/*.yaml as the hand-written checks did."""
    import yaml
    from conftest import REAL_CORPUS

    from assistant.corpus.load import load_corpus
    from assistant.evaluate.scenarios import Scenario, load_scenarios
    from assistant.yamltext import SAFE_LOADER

    corpus = load_corpus(REAL_CORPUS)
    files = sorted((REAL_CORPUS.parent / "eval" / "scenarios").glob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # libyaml: 1/10 of the time
        verdicts = [None if (v := e.get("expected_verdict")) is None else (v,) if isinstance(v, str) else tuple(v)
                    for e in raw]
        expected = [Scenario(str(e["id"]), e["question"], tuple(e["expected_clauses"] or ()), verdict,
                             e.get("audience") or "staff", tuple(e.get("history") or ()), tuple(e.get("tags") or ()),
                             (e.get("note") or "").strip(), (e.get("source") or "").strip())
                    for e, verdict in zip(raw, verdicts, strict=True)]
        assert load_scenarios(path) == expected, path.name
        assert len(load_scenarios(path, set(corpus.clause_by_id()), corpus.renames, lambda line: None)) == len(raw)


GOOD = "- id: a\n  question: Can I?\n  expected_clauses: ['policy:4.1(2)']\n  expected_verdict: prohibited\n"


@pytest.mark.parametrize("body,message", [
    (GOOD + "- id: b\n  question: q\n  expected_clauses: []\n  colour: red\n",
     r"s\.yaml:8: scenario 'b': unknown keys colour$"),
    (GOOD + "- question: q\n  expected_clauses: []\n", r"s\.yaml:5: scenario '#2': missing id$"),
    (GOOD + GOOD, r"s\.yaml:5: scenario 'a': id used twice$"),
    (GOOD + "- id: b\n  question: q\n  expected_clauses: [policy:9.9]\n",
     r"s\.yaml:7: scenario 'b': clause ids not in the corpus: policy:9\.9$"),
    (GOOD + "- id: b\n  question: q\n  expected_clauses: []\n  expected_verdict: maybe\n",
     r"s\.yaml:8: scenario 'b': expected_verdict must be one of prohibited, .*, a list of them, or null$"),
    (GOOD + "- id: b\n  question: q\n  expected_clauses: []\n  history: earlier\n",
     r"s\.yaml:8: scenario 'b': history must be a list of text$"),
    (GOOD + "- id: b\n  question: q\n",
     r"s\.yaml:5: scenario 'b': missing expected_clauses \(use \[\] for out of scope\)$"),
    (GOOD + "- just text\n", r"s\.yaml:5: scenario '#2' must be a mapping$"),
], ids=["unknown-key", "missing-id", "twice", "unknown-clause", "verdict", "history", "missing-expected",
        "not-a-mapping"])
def test_a_scenario_file_mistake_names_the_file_line_scenario_and_key(tmp_path, body, message):
    from assistant.evaluate.scenarios import load_scenarios

    path = tmp_path / "s.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenarios(path, IDS)
    assert re.search(message, str(caught.value).replace(str(path), "s.yaml")), str(caught.value)


def test_eval_command_writes_json_and_html(fake_settings, tmp_path):
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        "- id: photos\n  question: must not post or share photographs of pupils under any circumstances\n"
        "  expected_clauses: ['policy:4.1(8)']\n"
        "  expected_verdict: prohibited\n"
        "- id: lunch\n  question: what is for lunch on <b>Friday</b>\n  expected_clauses: []\n"
        "  expected_verdict: not_covered\n", encoding="utf-8")
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["eval", "--scenarios", str(scenarios), "--json-out", str(out_json),
                                      "--html-out", str(out_html)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "hit@1" in result.stdout
    run = json.loads(out_json.read_text())
    assert [r["id"] for r in run["results"]] == ["photos", "lunch"]
    first = run["results"][0]
    assert {"id", "question", "verdict", "citations", "escalation", "hit_rank", "latency_ms"} <= set(first)
    assert first["citations"][0] == "policy:4.1(8)" and first["hit_rank"] == 1
    page = out_html.read_text()
    assert "<svg" in page and "&lt;b&gt;Friday&lt;/b&gt;" in page and "<b>Friday</b>" not in page


def test_eval_command_rejects_unknown_clause_with_scenario_id(fake_settings, tmp_path):
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text("- id: ghost\n  question: q\n  expected_clauses: ['policy:99.1']\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--scenarios", str(scenarios)])
    assert result.exit_code == 2
    assert "scenario 'ghost': clause ids not in the corpus: policy:99.1" in result.stderr


def _outcome(verdict, citations, expected_verdict=None, tags=(), expected=("policy:4.1(2)",)):
    return {"in_scope": bool(expected), "hit_rank": 1 if citations and citations[0] in expected else None,
            "verdict_ok": None if expected_verdict is None else verdict in expected_verdict, "verdict": verdict,
            "citations": list(citations), "expected_clauses": list(expected), "expected_verdict": expected_verdict,
            "escalation": False, "tags": list(tags), "latency_ms": 1.0}


def test_unsafe_answers_count_only_a_yes_to_a_no():
    from assistant.evaluate.metrics import summarise

    results = [_outcome("permitted", ["policy:4.1(2)"], ["prohibited"]),
               _outcome("conditional", ["policy:4.1(2)"], ["prohibited", "discouraged"]),
               _outcome("permitted", ["policy:4.1(2)"], ["prohibited", "permitted"]),  # a yes was acceptable
               _outcome("required", ["policy:4.1(2)"], ["prohibited"]),  # wrong, but not a yes
               _outcome("permitted", ["policy:4.1(2)"], None)]
    assert summarise(results)["unsafe_answers"] == 2


def test_paraphrase_consistency_needs_the_same_verdict_and_first_clause():
    from assistant.evaluate.metrics import summarise

    same = [_outcome("prohibited", ["policy:4.1(2)", "x"], tags=["group-a"]),
            _outcome("prohibited", ["policy:4.1(2)"], tags=["group-a"])]
    split = [_outcome("prohibited", ["policy:4.1(2)"], tags=["group-b"]),
             _outcome("discouraged", ["policy:4.1(2)"], tags=["group-b"])]
    moved = [_outcome("prohibited", ["policy:4.1(2)"], tags=["group-c"]),
             _outcome("prohibited", ["policy:4.1(3)"], tags=["group-c"])]
    summary = summarise(same + split + moved)
    assert summary["paraphrase_groups"] == 3 and summary["paraphrase_consistency"] == round(1 / 3, 4)
    assert summarise(same)["paraphrase_consistency"] == 1.0 and summarise([])["paraphrase_groups"] is None


def test_by_document_counts_scenarios_whose_clauses_are_all_one_documents():
    from assistant.evaluate.metrics import by_document

    results = [_outcome("prohibited", ["policy:4.1(2)"]),
               _outcome("prohibited", ["kcsie:14"], expected=("policy:4.1(2)",)),
               _outcome("info", ["kcsie:14"], expected=("kcsie:14", "policy:4.1(2)")),  # two documents: left out
               _outcome("info", ["kcsie:14"], expected=("kcsie:14",))]
    assert by_document(results) == {"kcsie": {"scenarios": 1, "hit@1": 1.0, "hit@3": 1.0},
                                    "policy": {"scenarios": 2, "hit@1": 0.5, "hit@3": 0.5}}


def test_leave_out_removes_only_that_documents_examples(tmp_path):
    from assistant.evaluate.leave_out import without_examples
    from assistant.settings import PROJECT_ROOT
    from assistant.yamltext import read_yaml

    removed = without_examples(PROJECT_ROOT / "corpus", "policy", tmp_path / "corpus")
    kept = read_yaml(tmp_path / "corpus" / "annotations.yaml")
    original = read_yaml(PROJECT_ROOT / "corpus" / "annotations.yaml")
    assert removed > 30 and not [k for k in kept if k.startswith("policy:")]
    assert {k: v for k, v in original.items() if not k.startswith("policy:")} == kept
    assert (tmp_path / "corpus" / "policy.txt").read_bytes() == (PROJECT_ROOT / "corpus" / "policy.txt").read_bytes()


def test_leave_out_of_an_unknown_document_names_the_known_ones(fake_settings):
    from assistant.errors import ScenarioError
    from assistant.evaluate.leave_out import leave_out_settings

    with pytest.raises(ScenarioError, match="no such document; the corpus has policy, kcsie"):
        leave_out_settings(fake_settings, "nonsense")


def test_note_and_source_are_optional_scenario_keys():
    data = [{"id": "a", "question": "Can I?", "expected_clauses": ["policy:4.1(2)"], "note": "why",
             "source": "staff training"}]
    assert parse_scenarios(data, "f.yaml", IDS)[0].id == "a"
