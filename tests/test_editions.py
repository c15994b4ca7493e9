"""Editions as data: the register, the manifest's edition fields, clause renames, `scenarios migrate`."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.corpus import load_corpus
from assistant.corpus.editions import (
    Register,
    edition_table,
    load_register,
    load_renames,
    migrate_text,
    resolve_expected,
)
from assistant.errors import CorpusError, ScenarioError
from assistant.evaluate.scenarios import parse_scenarios

RENAMES = """renames:
  - from: "policy:9.8"
    to: "policy:9.9"
    reason: renumbered in version 2
  - from: "policy:9.9"
    to: "policy:4.1(8)"
    reason: renumbered in version 3
"""

OLD_FILE = """# A trainer's own file: comments and layout must survive.
- id: photos   # the classic
  question: "Can I post photos of pupils?"
  expected_clauses: ["policy:9.9", "policy:4.1(2)"]  # 9.9 is the photos rule
  expected_verdict: prohibited

- id: block
  question: "Can I?"
  expected_clauses:
    - policy:9.8
    # a comment inside the list
    - "policy:4.1(2)"
  note: "policy:9.9 mentioned in a note stays as written"
"""


def _rename_corpus(corpus_dir):
    (corpus_dir / "renames.yaml").write_text(RENAMES, encoding="utf-8")
    return corpus_dir


def test_renames_follow_chains_and_must_land_on_a_clause(corpus_copy):
    corpus = load_corpus(_rename_corpus(corpus_copy))
    assert corpus.renames["policy:9.8"].new == "policy:9.9"
    warnings: list[str] = []
    ids = set(corpus.clause_by_id())
    assert resolve_expected(["policy:9.8", "policy:4.1(2)"], ids, corpus.renames, "f.yaml: scenario 'a'",
                            warnings.append) == ("policy:4.1(8)", "policy:4.1(2)")
    assert len(warnings) == 1 and "f.yaml: scenario 'a'" in warnings[0] and "policy:4.1(8)" in warnings[0]
    (corpus_copy / "renames.yaml").write_text(RENAMES.replace('"policy:4.1(8)"', '"policy:77.7"'), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"renames\.yaml:6: 'policy:9\.9' is renamed to 'policy:77\.7', which is not"):
        load_corpus(corpus_copy)
    (corpus_copy / "renames.yaml").write_text(RENAMES.replace('"policy:9.8"', '"policy:4.1(2)"'), encoding="utf-8")
    with pytest.raises(CorpusError, match=r"renames\.yaml:2: rename 1 \(policy:4\.1\(2\)\): .* still a clause id"):
        load_corpus(corpus_copy)


def test_scenario_with_an_old_id_counts_as_the_new_id_with_one_warning_line(corpus_copy):
    corpus = load_corpus(_rename_corpus(corpus_copy))
    ids = set(corpus.clause_by_id())
    data = [{"id": "photos", "question": "q", "expected_clauses": ["policy:9.9"]},
            {"id": "ok", "question": "q", "expected_clauses": ["policy:4.1(2)"]}]
    warnings: list[str] = []
    a, b = parse_scenarios(data, "mine.yaml", ids, corpus.renames, warnings.append)
    assert a.expected_clauses == ("policy:4.1(8)",) and b.expected_clauses == ("policy:4.1(2)",)
    assert warnings == [w for w in warnings if "mine.yaml" in w and "'photos'" in w and "policy:4.1(8)" in w]
    assert len(warnings) == 1
    with pytest.raises(ScenarioError, match="policy:9.9"):  # without renames it is still an error
        parse_scenarios(data, "mine.yaml", ids)


def test_migrate_text_rewrites_only_expected_clauses_and_keeps_comments(corpus_copy):
    renames = load_renames(_rename_corpus(corpus_copy))
    new, changes = migrate_text(OLD_FILE, renames)
    assert [(old, n) for _, old, n in changes] == [("policy:9.9", "policy:4.1(8)"), ("policy:9.8", "policy:4.1(8)")]
    assert '["policy:4.1(8)", "policy:4.1(2)"]  # 9.9 is the photos rule' in new
    assert "    - policy:4.1(8)\n    # a comment inside the list\n" in new
    assert "# A trainer's own file" in new and "note: \"policy:9.9 mentioned in a note stays as written\"" in new
    assert migrate_text(new, renames)[1] == []


def test_cli_migrate_dry_run_changes_nothing_then_rewrites_in_place(fake_settings, tmp_path):
    _rename_corpus(fake_settings.corpus_dir)
    path = tmp_path / "mine.yaml"
    path.write_text(OLD_FILE, encoding="utf-8")
    runner = CliRunner()
    dry = runner.invoke(cli, ["scenarios", "migrate", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert path.read_text(encoding="utf-8") == OLD_FILE
    assert "policy:9.9 -> policy:4.1(8)" in dry.output and "2 clause ids would change" in dry.output
    done = runner.invoke(cli, ["scenarios", "migrate", str(path)])
    assert done.exit_code == 0 and "2 clause ids changed" in done.output
    text = path.read_text(encoding="utf-8")
    assert "policy:9.8" not in text.split("note:")[0] and "# a comment inside the list" in text
    again = runner.invoke(cli, ["scenarios", "migrate", str(path)])
    assert "0 clause ids changed" in again.output
    missing = runner.invoke(cli, ["scenarios", "migrate", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "not found" in missing.stderr


def test_eval_accepts_an_old_id_with_one_warning_naming_file_scenario_and_new_id(fake_settings, tmp_path):
    _rename_corpus(fake_settings.corpus_dir)
    path = tmp_path / "old.yaml"
    path.write_text("- id: photos\n  question: must not post or share photographs of pupils under any circumstances\n"
                    "  expected_clauses: ['policy:9.9']\n  expected_verdict: prohibited\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = CliRunner().invoke(cli, ["eval", "--scenarios", str(path), "--json-out", str(out)])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == 1 and str(path) in warned[0] and "'photos'" in warned[0] and "policy:4.1(8)" in warned[0]
    assert json.loads(out.read_text())["results"][0]["expected_clauses"] == ["policy:4.1(8)"]


REGISTER = """series:
  kcsie:
    title: Keeping Children Safe in Education
    editions:
      - {id: kcsie-2025, name: KCSIE 2025, year: 2025, in_force: 2025-09-01, superseded_by: kcsie-2026}
      - {id: kcsie-2026, name: KCSIE 2026, year: 2026, in_force: 2026-09-01}
"""


def test_register_says_which_edition_is_in_force(tmp_path):
    (tmp_path / "editions.yaml").write_text(REGISTER, encoding="utf-8")
    register = load_register(tmp_path)
    assert register.in_force("kcsie", date(2026, 8, 31)).name == "KCSIE 2025"
    assert register.in_force("kcsie", date(2026, 12, 1)).name == "KCSIE 2026"
    assert register.in_force("gswp", date(2026, 12, 1)) is None
    assert load_register(tmp_path / "none") == Register({}, {})


BLOCK_REGISTER = """format: 1
series:
  kcsie:
    title: Keeping Children Safe in Education
    editions:
      - id: kcsie-2026
        name: KCSIE 2026
        year: 2026
        in_force: 2026-09-01
        note: >-
          In force from
          1 September 2026.
      - id: kcsie-2025
        name: KCSIE 2025
        year: 2025
        in_force: 2025-09-01
        superseded_by: kcsie-2026
        sources: https://example.org/kcsie-2025
"""


def test_register_reads_block_entries_oldest_first_with_notes_folded(tmp_path):
    (tmp_path / "editions.yaml").write_text(BLOCK_REGISTER, encoding="utf-8")
    register = load_register(tmp_path)
    old, new = register.series["kcsie"]
    assert (old.id, new.id) == ("kcsie-2025", "kcsie-2026") and old.sources == ("https://example.org/kcsie-2025",)
    assert new.note == "In force from 1 September 2026." and new.superseded_by == "" and new.sources == ()
    assert register.titles == {"kcsie": "Keeping Children Safe in Education"}


@pytest.mark.parametrize("old,new,message", [
    ("in_force: 2025-09-01", "in_force: soon",
     r"editions\.yaml:16: series kcsie, edition 2 \(kcsie-2025\): in_force must be a date like "
     r"2026-09-01, not 'soon'$"),
    ("in_force: 2026-09-01", "in_force: '2026-13-01'",
     r"editions\.yaml:9: series kcsie, edition 1 \(kcsie-2026\): in_force"),
    ("        year: 2025\n", "        year: 2025\n        colour: red\n",
     r"editions\.yaml:16: series kcsie, edition 2 \(kcsie-2025\): unknown keys colour; an edition takes id, name"),
    ("      - id: kcsie-2025\n        name", "      - name",
     r"editions\.yaml:13: series kcsie, edition 2: missing id$"),
    ("year: 2026", "year: soon",
     r"editions\.yaml:8: series kcsie, edition 1 \(kcsie-2026\): year must be a whole number$"),
    ("id: kcsie-2025", "id: kcsie-2026",
     r"editions\.yaml:13: series kcsie, edition 2 \(kcsie-2026\): edition id 'kcsie-2026' is listed twice$"),
    ("superseded_by: kcsie-2026", "superseded_by: kcsie-2027",
     r"editions\.yaml:17: edition 'kcsie-2025' is superseded by unknown edition 'kcsie-2027'$"),
    ("    title: Keeping", "    shelf: 3\n    title: Keeping",
     r"editions\.yaml:4: series kcsie: unknown keys shelf; a series takes only 'title' and 'editions'$"),
    ("series:", "version: 2\nseries:", r"editions\.yaml:2: unknown keys version; the register takes only 'format'"),
    (BLOCK_REGISTER, "- kcsie\n", r"editions\.yaml:1: expected a mapping with a 'series' mapping"),
], ids=["date", "impossible-date", "unknown-key", "missing-id", "year", "twice", "unknown-successor",
        "series-key", "top-level-key", "not-a-mapping"])
def test_a_register_mistake_names_the_file_line_edition_and_key(tmp_path, old, new, message):
    assert old in BLOCK_REGISTER
    (tmp_path / "editions.yaml").write_text(BLOCK_REGISTER.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_register(tmp_path)


@pytest.mark.parametrize("old,new,message", [
    ("    reason: renumbered in version 3\n", "    reason: renumbered in version 3\n    why: x\n",
     r"renames\.yaml:8: rename 2 \(policy:9\.9\): unknown keys why; a rename takes from, to, reason and optionally"),
    ("    reason: renumbered in version 3\n", "", r"renames\.yaml:5: rename 2 \(policy:9\.9\): missing reason$"),
    ("reason: renumbered in version 2", "reason: '  '", r"renames\.yaml:4: rename 1 \(policy:9\.8\): missing reason$"),
    ('to: "policy:9.9"', 'to: "9.9"',
     r"renames\.yaml:3: rename 1 \(policy:9\.8\): to must be a clause id \(doc:clause\)$"),
    ('from: "policy:9.9"', 'from: "policy:9.8"',
     r"renames\.yaml:5: rename 2 \(policy:9\.8\): 'policy:9\.8' is renamed twice$"),
    ('to: "policy:4.1(8)"', 'to: "policy:9.8"', r"renames\.yaml:2: renames form a loop at 'policy:9\.8'$"),
    ("renames:", "rename:", r"renames\.yaml:1: unknown keys rename; the file takes only 'format' and 'renames'$"),
], ids=["unknown-key", "missing-reason", "blank-reason", "bad-clause-id", "twice", "loop", "top-level-key"])
def test_a_rename_mistake_names_the_file_line_rename_and_key(tmp_path, old, new, message):
    assert old in RENAMES
    (tmp_path / "renames.yaml").write_text(RENAMES.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_renames(tmp_path)


def test_renames_are_optional_and_fold_the_reason(tmp_path):
    assert load_renames(tmp_path) == {}
    (tmp_path / "renames.yaml").write_text("", encoding="utf-8")
    assert load_renames(tmp_path) == {}
    (tmp_path / "renames.yaml").write_text('renames:\n  - from: " a:1 "\n    to: a:2\n    reason: >\n      moved\n'
                                           "      again\n    edition: 2026\n", encoding="utf-8")
    rename = load_renames(tmp_path)["a:1"]
    assert (rename.new, rename.reason, rename.edition) == ("a:2", "moved again", "2026")


def test_edition_table_marks_a_superseded_document_stale(tmp_path):
    (tmp_path / "editions.yaml").write_text(REGISTER, encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - {id: kcsie, title: K, edition: '2025', edition_id: kcsie-2025, in_force: 2025-09-01}\n",
        encoding="utf-8")
    row = edition_table(tmp_path, date(2026, 12, 1))[0]
    assert row["status"] == "superseded"
    assert row["why"] == ("this document refers to KCSIE 2025; the edition in force since 1 September 2026 is "
                          "KCSIE 2026")
    assert edition_table(tmp_path, date(2026, 1, 1))[0]["status"] == "current"
    (tmp_path / "manifest.yaml").write_text("documents:\n  - {id: k, title: K, edition: x, edition_id: nope}\n",
                                            encoding="utf-8")
    with pytest.raises(CorpusError, match="edition_id 'nope'"):
        edition_table(tmp_path, date(2026, 1, 1))


# --- the shipped corpus speaks KCSIE 2026 ------------------------------------------------------------------


def test_no_kcsie_label_names_2025_and_every_numbered_kcsie_clause_is_high_confidence():
    from conftest import REAL_CORPUS

    corpus = load_corpus(REAL_CORPUS)
    kcsie = [c for c in corpus.clauses if c.doc == "kcsie"]
    assert kcsie and all(c.label.startswith("KCSIE 2026") for c in kcsie)
    assert not [c.label for c in corpus.clauses if "KCSIE" in c.label and "2025" in c.label]
    numbered = [c for c in kcsie if c.clause[:1].isdigit()]
    assert all(c.meta_value("confidence") == "H" and c.meta_value("verify") == "no" for c in numbered), numbered
    assert corpus.document("kcsie").edition.startswith("KCSIE 2026")


def test_every_renamed_kcsie_2025_id_lands_on_a_2026_clause():
    from conftest import REAL_CORPUS

    corpus = load_corpus(REAL_CORPUS)
    ids = set(corpus.clause_by_id())
    assert corpus.renames["kcsie:135"].new == "kcsie:part2-four-areas-of-risk"
    assert corpus.renames["kcsie:annex-c"].new == "kcsie:dsl-role"
    for old, rename in corpus.renames.items():
        assert old not in ids and rename.new in ids and rename.reason
    annotated = set(corpus.annotations)
    assert not annotated & set(corpus.renames), "annotations must use the current ids"


def test_an_old_kcsie_135_scenario_file_evaluates_with_the_warning_then_migrates(fake_settings, tmp_path):
    path = tmp_path / "trainer.yaml"
    path.write_text("# autumn workshop\n- id: four-cs\n  question: what are the four areas of online risk\n"
                    "  expected_clauses: [\"kcsie:135\"]   # the four Cs\n  expected_verdict: info\n",
                    encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "--scenarios", str(path)])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == 1 and "'four-cs'" in warned[0] and "kcsie:part2-four-areas-of-risk" in warned[0]
    assert runner.invoke(cli, ["scenarios", "migrate", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert 'expected_clauses: ["kcsie:part2-four-areas-of-risk"]   # the four Cs' in text and "# autumn" in text
    again = runner.invoke(cli, ["eval", "--scenarios", str(path)])
    assert again.exit_code == 0 and "warning:" not in again.stderr


def test_editions_command_shows_the_shipped_documents():
    from conftest import REAL_CORPUS

    rows = {r["doc"]: r for r in edition_table(REAL_CORPUS, date(2026, 12, 1))}
    assert rows["kcsie"]["status"] == "current" and rows["kcsie"]["edition_id"] == "kcsie-2026"
    assert rows["gswp"]["edition_id"] == "gswp-2022" and rows["ukcis"]["edition_id"] == "ukcis-nudes-2024"
    result = CliRunner().invoke(cli, ["--corpus", str(REAL_CORPUS), "editions", "--today", "2026-12-01"])
    assert result.exit_code == 0 and "kcsie: KCSIE 2026" in result.output


def test_workshop_accepts_an_old_id_and_collects_the_warning(corpus_copy, tmp_path):
    pytest.importorskip("gradio")
    from assistant.web.workshop_ui import load_choice

    corpus = load_corpus(_rename_corpus(corpus_copy))
    (tmp_path / "mine.yaml").write_text(OLD_FILE, encoding="utf-8")
    notes: list[str] = []
    name, scenarios = load_choice(tmp_path, "mine.yaml", None, set(corpus.clause_by_id()), corpus.renames, notes)
    assert scenarios[0].expected_clauses == ("policy:4.1(8)", "policy:4.1(2)")
    assert len(notes) == 2 and all("mine.yaml" in n for n in notes)
