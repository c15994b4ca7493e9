"""The workshop's views in plain words: summary, the results table with why a row failed, presenting mode."""

from __future__ import annotations

import pytest

from assistant.evaluate import parse_scenarios
from assistant.web.workshop_view import present_reveal, present_slide, results_table, split_extras, summary_html


def _result(**kw):
    base = {"id": "s1", "question": "Can I friend a pupil?", "in_scope": True, "expected_clauses": ["policy:4.1(2)"],
            "expected_verdict": ["prohibited"], "verdict": "prohibited", "citations": ["policy:4.1(2)"],
            "hit_rank": 1, "verdict_ok": True, "escalation": False, "tags": [], "passed": True, "latency_ms": 120.0}
    return {**base, **kw}


RUN = {"summary": {"latency_p50_ms": 1234.0}, "results": [
    _result(),
    _result(id="s2", question="Can I follow a pupil?", verdict="discouraged", citations=["policy:4.1(3)",
            "policy:4.1(2)"], hit_rank=2, verdict_ok=False, passed=False),
    _result(id="s3", question="Lunch menu?", in_scope=False, expected_clauses=[], expected_verdict=["not_covered"],
            verdict="not_covered", citations=[], hit_rank=None)]}


def test_the_summary_speaks_plain_words():
    html = summary_html(RUN, "small.yaml")
    assert "Right clause first: 1 of 2" in html and "Right verdict: 2 of 3" in html
    assert "Passed: 2 of 3" in html and "1.2 s" in html
    for jargon in ("hit@1", "mrr", "abstention"):
        assert jargon not in html


def test_every_row_is_shown_with_why_it_failed_first():
    html = results_table(RUN["results"])
    assert html.count("<tr class=") == 3 and html.index("s2") < html.index("s1")
    assert "Wrong clause first: policy:4.1(3)" in html and "it came 2nd" in html
    assert "Wrong verdict: said &quot;Advised against&quot;, the policy says &quot;No&quot;" in html


def test_notes_and_sources_are_shown_on_reveal_and_kept_out_of_validation():
    data = [{"id": "s1", "question": "Can I friend a pupil?", "expected_clauses": ["policy:4.1(2)"],
             "expected_verdict": "prohibited", "note": "4.1(2) bars <it>", "source": "autumn training"}]
    stripped, extras = split_extras(data)
    [scenario] = parse_scenarios(stripped, "x.yaml", {"policy:4.1(2)"})
    assert extras == {"s1": {"note": "4.1(2) bars <it>", "source": "autumn training"}}
    slide = present_slide({"i": 0, "scenarios": [scenario]})
    assert "Scenario 1 of 1" in slide and "Can I friend a pupil?" in slide
    from types import SimpleNamespace

    clauses = {"policy:4.1(2)": SimpleNamespace(label="Policy 4.1(2)", text="must not accept pupils as friends")}
    shown = present_reveal(scenario, extras["s1"], clauses, "prohibited")
    assert 'data-verdict="prohibited"' in shown and "must not accept pupils as friends" in shown
    assert "4.1(2) bars &lt;it&gt;" in shown and "autumn training" in shown and "right" in shown


def test_a_workshop_file_mistake_names_line_and_key_but_never_the_file_s_text(tmp_path):
    """The trainer sees where and what (line, scenario, key), never a value from the file: pydantic's own
    messages would quote the input, the project's do not."""
    pytest.importorskip("gradio")
    from assistant.errors import ScenarioError
    from assistant.web.workshop_ui import load_with_extras

    good = "- id: a\n  question: Can I?\n  expected_clauses: ['policy:4.1(2)']\n  note: fine\n"
    for body, where in [
        (good + "- id: b\n  question: q\n  expected_clauses: []\n  db_password: hunter2-secret\n",
         "x.yaml:8: scenario 'b': unknown keys db_password"),
        (good + "- id: b\n  question: {token: hunter2-secret}\n  expected_clauses: []\n",
         "x.yaml:6: scenario 'b': question must be non-empty text"),
        (good + "- id: b\n  question: q\n  expected_clauses: []\n  expected_verdict: hunter2-secret\n",
         "x.yaml:8: scenario 'b': expected_verdict must be one of"),
        (good + "- id: b\n  question: q\n  expected_clauses: []\n  tags: [{hunter2-secret: 1}]\n",
         "x.yaml:8: scenario 'b': tags must be a list of text"),
        (good + "- id: b\n  question: q\n  expected_clauses: []\n  audience: hunter2-secret\n",
         "x.yaml:8: scenario 'b': audience must be one of staff, parent"),
    ]:
        (tmp_path / "x.yaml").write_text(body, encoding="utf-8")
        with pytest.raises(ScenarioError) as caught:
            load_with_extras(tmp_path, "x.yaml", None, {"policy:4.1(2)"})
        assert str(caught.value).startswith(where) and "hunter2" not in str(caught.value), str(caught.value)
    (tmp_path / "x.yaml").write_text(good, encoding="utf-8")
    name, [scenario], extras = load_with_extras(tmp_path, "x.yaml", None, {"policy:4.1(2)"})
    assert (name, scenario.id, extras) == ("x.yaml", "a", {"a": {"note": "fine"}})
