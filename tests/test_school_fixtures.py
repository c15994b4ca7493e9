"""Each fixture school (tests/data/schools) from its own file to cited answers with one command: a fresh copy of the
project's data, `setup-school`, `ask`, then `eval` on the school's 20 questions (their answers given as verbatim
excerpts, looked up in the clauses the set-up made). The fake embedder keeps this quick; eval/schools.py runs the
same with the real model and records the figures (eval/results/schools.json)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import FakeEmbedder

from assistant.cli import cli
from assistant.corpus.load import load_corpus
from assistant.index import embedders as embedder_module
from assistant.settings import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("schools", PROJECT_ROOT / "eval" / "schools.py")
schools = importlib.util.module_from_spec(spec)
spec.loader.exec_module(schools)


@pytest.fixture
def school_env(tmp_path: Path, monkeypatch) -> Path:
    for part in ("corpus", "config"):
        shutil.copytree(PROJECT_ROOT / part, tmp_path / part)
    (tmp_path / "scenarios").mkdir()
    monkeypatch.setitem(embedder_module.EMBEDDERS, "fake", FakeEmbedder)
    for key, value in (("EMBEDDER", "fake"), ("CORPUS", tmp_path / "corpus"), ("INDEX", tmp_path / "index"),
                       ("SCHOOL", tmp_path / "config" / "school.yaml"), ("FAQ", tmp_path / "config" / "faq.yaml"),
                       ("SCENARIOS", tmp_path / "scenarios")):
        monkeypatch.setenv(f"POLICY_ASSISTANT_{key}", str(value))
    return tmp_path


HEADING_ONLY = re.compile(r"^[^.;:!?]{1,80}$")  # a short line with no sentence in it


@pytest.mark.integration  # end to end through the CLI: set-up, index builds, ask and eval, four times
@pytest.mark.parametrize("name", sorted(schools.SCHOOLS))
def test_a_school_goes_from_its_file_to_cited_answers_in_one_command(school_env: Path, name: str):
    file, school, title = schools.SCHOOLS[name]
    runner = CliRunner()
    setup = runner.invoke(cli, ["setup-school", "--policy", str(schools.FIXTURES / name / file), "--name", school])
    assert setup.exit_code == 0, setup.output
    corpus = load_corpus(school_env / "corpus")
    own = [c for c in corpus.clauses if c.doc == "policy"]
    assert len(own) >= 15
    assert corpus.document("policy").title == title  # found in the document: no --title given
    assert corpus.document("policy").next_review is None  # the shipped policy's dates are not carried over
    assert not [c.id for c in own if len(c.text) > 1200], "no clause over 1,200 characters"
    headings = [c.id for c in own if HEADING_ONLY.match(c.text.strip()) and not c.parent
                and not re.match(r"\d", c.clause)]  # a numbered document's own short paragraphs are its clauses
    assert not headings, f"heading-only clauses: {headings}"

    questions = yaml.safe_load((schools.FIXTURES / name / "questions.yaml").read_text(encoding="utf-8"))
    scenarios, missing = schools.scenarios_for(questions, corpus.clauses)
    assert not missing, f"excerpts no clause holds whole: {missing}"
    path = school_env / "scenarios" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(scenarios, sort_keys=False), encoding="utf-8")

    asked = runner.invoke(cli, ["ask", scenarios[0]["question"], "--json"])
    assert asked.exit_code == 0, asked.output
    answer = json.loads(asked.output)
    by_id = {c.id: c for c in corpus.clauses}
    assert answer["citations"] and all(c["id"] in by_id for c in answer["citations"])
    assert all(c["quote"].replace("...", "").strip()[:20] in " ".join(by_id[c["id"]].text.split())
               or c.get("related") for c in answer["citations"][:1])

    out = school_env / "result.json"
    ran = runner.invoke(cli, ["eval", "--scenarios", str(path), "--json-out", str(out)])
    assert ran.exit_code == 0, ran.output
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert len(results) == len(scenarios) == len(questions)
