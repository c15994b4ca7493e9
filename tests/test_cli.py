"""The command line, in-process, over a corpus copy with the fake embedder."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli


@pytest.fixture
def run(fake_settings):
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), catch_exceptions=False)
    return invoke


def test_ask_json_has_the_contract_shape(run, fake_settings):
    from assistant.corpus import load_corpus

    clauses = load_corpus(fake_settings.corpus_dir).clause_by_id()
    result = run("ask", "Can I post or share photographs of pupils under any circumstances?", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The contract's keys, plus additive ones: what to do, notes, and how the wording was produced.
    assert set(data) == {"question", "audience", "verdict", "answer", "citations", "escalation", "steps", "notes",
                         "mode"}
    assert data["mode"] == "extractive"
    assert data["audience"] == "staff"
    assert data["verdict"] == "prohibited" and data["citations"][0]["id"] == "policy:4.1(8)"
    # "answer" is the headline; the further citations, steps and notes are in their own keys, not in its text
    assert data["answer"].startswith("No. ") and data["answer"].endswith("(Policy 4.1(8))")
    assert "What to do" not in data["answer"] and data["steps"][0].startswith("Do not do it.")
    for citation in data["citations"]:
        assert set(citation) == {"id", "label", "quote", "score"}
        clause = clauses[citation["id"]]
        assert citation["quote"] in clause.text and citation["label"] == clause.label


def test_index_is_built_on_first_use_and_says_so(run):
    result = run("ask", "photographs of pupils", "--json")
    assert "Rebuilding the index: no index has been built yet." in result.stderr
    again = run("ask", "photographs of pupils", "--json")
    assert "Rebuilding" not in again.stderr


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 2001])
def test_bad_questions_exit_2_with_one_line(run, question):
    result = run("ask", question)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: the question")


def test_odd_unicode_and_html_are_answered_as_text(run):
    result = run("ask", "Can I post <b>photos</b> of pupils? \u202e\u200b\U0001f4f8 caf\u00e9", "--json")
    assert result.exit_code == 0
    assert "<b>photos</b>" in json.loads(result.stdout)["question"]


def test_broken_corpus_exits_1_naming_the_file(run, fake_settings):
    (fake_settings.corpus_dir / "policy.txt").write_text("1.0 INTRO\n\n1. stray\n", encoding="utf-8")
    result = run("ask", "anything")
    assert result.exit_code == 1
    assert "policy.txt:3: numbered item '1.' is outside any paragraph" in result.stderr


def test_search_json_and_human(run):
    result = run("search", "must not post or share photographs of pupils under any circumstances", "-k", "2", "--json")
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and hits[0]["id"] == "policy:4.1(8)"
    human = run("search", "must not post or share photographs of pupils under any circumstances", "-k", "1")
    assert "1. Policy 4.1(8)  [policy:4.1(8)]" in human.stdout


def test_index_command_reports_up_to_date(run):
    first = run("index")
    assert first.exit_code == 0 and "Indexed" in first.stdout
    second = run("index")
    assert "Index is up to date" in second.stdout
    forced = run("index", "--force")
    assert "Indexed" in forced.stdout
    assert "Embedded 0 texts;" in forced.stderr, "a forced rebuild reuses the vectors of the last build"
    fresh = run("index", "--force", "--no-cache")
    assert "Indexed" in fresh.stdout and "; 0 came from the cache" in fresh.stderr


def test_help_does_not_import_torch():
    import subprocess
    import sys

    code = ("import sys; from assistant.cli import cli; from click.testing import CliRunner; "
            "CliRunner().invoke(cli, ['ask', '--help']); print('torch' in sys.modules, "
            "'sentence_transformers' in sys.modules, 'llama_index' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False False"


def test_the_session_fake_engine_answers_from_its_prebuilt_index(fake_engine):
    answer = fake_engine.ask("Can I post or share photographs of pupils under any circumstances?")
    assert answer.verdict == "prohibited" and "policy:4.1(8)" in [c.id for c in answer.citations]
    assert fake_engine.index.adapter is None and fake_engine.index.concern is not None


def test_exit_codes_live_on_the_error_classes():
    from assistant import errors

    bad_input = {errors.QuestionError, errors.ScenarioError, errors.HealthRuleError, errors.IngestError,
                 errors.UserError}
    for cls in vars(errors).values():
        if isinstance(cls, type) and issubclass(cls, errors.AssistantError):
            assert cls.exit_code == (2 if cls in bad_input else 1), cls.__name__
