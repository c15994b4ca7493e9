"""Setting the assistant up for another school: its policy replaces the shipped one and every data file follows."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REAL_CORPUS

from assistant.cli import cli
from assistant.contacts import load_school
from assistant.corpus.load import load_corpus
from assistant.ingest.align import align_clauses, similarity, words
from assistant.ingest.references import rename_ids, update_escalation
from assistant.settings import PROJECT_ROOT
from assistant.web.faq import load_faq
from assistant.yamltext import SAFE_LOADER

PHOTOS = ("8. Colleagues at the school must not post or share photographs of pupils under any circumstances and must "
          "not post or share photographs of colleagues or parents without their express permission;\n")


def oakfield_policy(path: Path) -> Path:
    """The shipped policy as another school adapted it: a new section 4 (mobile phones) pushes 4-8 down to 5-9, the
    LADO paragraph 2.7 and the photos rule 4.1(8) are gone, 4.1(3) and 3.3(i) are reworded, the name changed."""
    text = (REAL_CORPUS / "policy.txt").read_text(encoding="utf-8").replace("Westhaven School", "Oakfield School")
    text = text[:text.index("2.7 Where any allegations")] + text[text.index("2.8 Where there are concerns"):]
    text = text.replace("3. Colleagues at the school are strongly advised not to be friends",
                        "3. Colleagues at the school must not be friends")
    text = text.replace("consult with their manager or the Headteacher if they are unsure",
                        "consult their line manager or the Headteacher whenever they are unsure")
    head, tail = text.split(PHOTOS)
    tail = re.sub(r"(?m)^(9|1[0-5])\. ", lambda m: f"{int(m.group(1)) - 1}. ", tail)
    text = head + tail
    for n in (8, 7, 6, 5, 4):
        text = re.sub(rf"(?m)^(- )?{n}\.(\d)", lambda m, n=n: f"{m.group(1) or ''}{n + 1}.{m.group(2)}", text)
    text = text.replace("5.0 USE OF SOCIAL NETWORKING SITES", "4.0 MOBILE PHONES\n\n4.1 Colleagues must keep "
                        "personal mobile phones out of sight of pupils during lessons.\n\n5.0 USE OF SOCIAL NETWORKING "
                        "SITES")
    path.write_text(text, encoding="utf-8")
    return path


def tree_hash(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                digest.update(p.as_posix().encode() + p.read_bytes())
    return digest.hexdigest()


@pytest.fixture
def school(tmp_path, corpus_copy, monkeypatch):
    """A copy of the deployment (corpus with annotations, config, one scenario file) the CLI points at."""
    shutil.copytree(PROJECT_ROOT / "config", tmp_path / "config")
    (tmp_path / "scenarios").mkdir()
    shutil.copy(PROJECT_ROOT / "eval" / "scenarios" / "test.yaml", tmp_path / "scenarios" / "test.yaml")
    for name, value in (("CORPUS", corpus_copy), ("INDEX", tmp_path / "index"),
                        ("SCHOOL", tmp_path / "config" / "school.yaml"), ("FAQ", tmp_path / "config" / "faq.yaml"),
                        ("SCENARIOS", tmp_path / "scenarios")):
        monkeypatch.setenv(f"POLICY_ASSISTANT_{name}", str(value))
    (tmp_path / "contacts.yaml").write_text("contacts:\n  headteacher:\n    role: the Headteacher\n"
                                            "    name: Mrs J. Oak\n  dsl:\n"
                                            "    role: the Designated Safeguarding Lead (DSL)\n"
                                            "    name: Mr K. Ash\n    how: ext. 214\n", encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def setup_args(root: Path, *extra: str) -> list[str]:
    return ["setup-school", "--policy", str(oakfield_policy(root / "oakfield.txt")), "--name", "Oakfield School",
            "--contacts", str(root / "contacts.yaml"), "--no-index", "--today", "2026-11-24", *extra]


def test_setup_school_follows_every_reference_and_reports_what_it_could_not(school):
    shipped = tree_hash(PROJECT_ROOT / "config", PROJECT_ROOT / "eval" / "scenarios")
    result = run(*setup_args(school))
    assert result.exit_code == 0, result.output
    out = result.stdout
    corpus = load_corpus(school / "corpus")  # it loads: every id in escalation and annotations exists
    ids = corpus.clause_by_id()
    assert "policy:9.1(l)" in ids and "policy:2.7" not in ids
    assert corpus.document("policy").title == "Social Media and Networking Policy"
    # escalation: 2.7 had no counterpart; the adult kind keeps the KCSIE procedure clause
    assert corpus.procedures["adult"] == ("kcsie:part1-concerns-about-staff",)
    assert "adult: policy:2.7 has no counterpart" in out
    # annotations: examples followed the rules (renumbered and reworded) to their new ids
    assert "friend request" in " ".join(corpus.annotations["policy:5.1(2)"].questions).lower()
    assert corpus.annotations["policy:5.1(3)"].questions  # 4.1(3), reworded and renumbered
    assert "policy:4.1" not in corpus.annotations  # the new mobile phones rule got nobody's examples
    assert re.search(r"Examples carried across: 8\d annotated clauses", out)
    assert "Old clauses with no counterpart (6): policy:2.7, policy:2.7(a)" in out and "policy:4.1(8)" in out
    assert re.search(r"New clauses with no examples \(\d+\): .*policy:4\.1\b", out)
    # school file: name, contacts, the no-guidance rule (3.3(i), reworded in place)
    loaded = load_school(school / "config" / "school.yaml")
    assert loaded.name == "Oakfield School" and loaded.no_guidance_rule == "Policy 3.3(i)"
    assert loaded.contact("dsl").describe() == "the Designated Safeguarding Lead (DSL), Mr K. Ash, ext. 214"
    assert loaded.contact("lado").how  # roles the contacts file left out keep their entries
    # FAQ: re-pointed, the photos question (only 4.1(8)) commented out and reported with the next step
    faq = {e.question: e for t in load_faq(school / "config" / "faq.yaml") for e in t.entries}
    assert faq["Can a teacher accept a friend request from my child?"].expected_clauses == (
        "policy:5.1(2)", "policy:5.1(4)")
    assert "Will staff post photos of my child?" not in faq
    assert "question 'Will staff post photos of my child?' cited Policy 4.1(8), which has no counterpart" in out
    assert "policy-assistant search \"Will staff post photos of my child?\"" in out
    # scenarios: mapped ids rewritten, the rest left as written and reported
    scenarios = (school / "scenarios" / "test.yaml").read_text(encoding="utf-8")
    assert "policy:5.1(2)" in scenarios and "policy:4.1(8)" in scenarios
    shipped_scenarios = (PROJECT_ROOT / "eval/scenarios/test.yaml").read_text(encoding="utf-8")
    assert len(yaml.load(scenarios, Loader=SAFE_LOADER)) == len(yaml.load(shipped_scenarios, Loader=SAFE_LOADER))
    assert "expected clauses with no counterpart, left as written" in out
    assert "Health of policy:" in out
    assert tree_hash(PROJECT_ROOT / "config", PROJECT_ROOT / "eval" / "scenarios") == shipped


def test_dry_run_writes_nothing(school):
    before = tree_hash(school / "corpus", school / "config", school / "scenarios")
    result = run(*setup_args(school, "--dry-run"))
    assert result.exit_code == 0 and "Dry run: nothing was written." in result.stdout
    assert tree_hash(school / "corpus", school / "config", school / "scenarios") == before


@pytest.mark.parametrize("contacts,message", [
    ("contacts:\n  dsl:\n    name: Mr K. Ash\n", "contacts.yaml:2: contacts.dsl.role is missing"),
    ("contacts:\n  caretaker:\n    role: the caretaker\n", "contacts.caretaker is not a known key"),
    ("contacts: [a\n", "not valid YAML"),
], ids=["no-role", "unknown-role", "not-yaml"])
def test_a_bad_contacts_file_changes_nothing(school, contacts, message):
    (school / "contacts.yaml").write_text(contacts, encoding="utf-8")
    before = tree_hash(school / "corpus", school / "config", school / "scenarios")
    result = run(*setup_args(school))
    assert result.exit_code != 0 and message in result.stderr
    assert tree_hash(school / "corpus", school / "config", school / "scenarios") == before


def test_ingest_replace_now_follows_the_escalation_clause(school, tmp_path):
    """The refusal this replaces: "corpus/escalation.yaml: 'policy:2.7' (adult) is not a clause id"."""
    result = run("ingest", str(oakfield_policy(tmp_path / "v2.txt")), "--doc-id", "policy", "--replace",
                 "--no-index")
    assert result.exit_code == 0, result.output
    assert load_corpus(school / "corpus").procedures["adult"] == ("kcsie:part1-concerns-about-staff",)
    assert "Will staff post photos" in result.stdout
    assert load_school(school / "config" / "school.yaml").name == "Westhaven School"  # ingest renames nothing


def test_alignment_pairs_rules_by_their_words_one_to_one():
    old = [("1", "Staff must not accept pupils as friends."), ("2", "Staff must not post photos of pupils."),
           ("3", "Staff are strongly advised not to be friends with recent pupils."), ("4", "Equality Act 2010"),
           ("5", "Equality Act 2010")]
    new = [("1", "Phones stay out of sight in lessons."), ("2", "Staff must not accept pupils as friends."),
           ("3", "Staff must not be friends with recent pupils."), ("4", "Equality Act 2010"),
           ("5", "Equality Act 2010"), ("6", "Staff must not accept pupils as friends.")]
    got = {(m.old, m.new, m.kind) for m in align_clauses(old, new)}
    # 1 moved to 2 (the nearer of the two copies in reading order), 3 reworded in place; photos has no counterpart;
    # the two identical list items pair with the same ids
    assert got == {("1", "2", "renumbered"), ("3", "3", "reworded"), ("4", "4", "unchanged"),
                   ("5", "5", "unchanged")}


def test_alignment_threshold_and_same_id_floor():
    old = [("a", "one two three four five six seven eight nine ten")]
    half = [("b", "one two three four five eleven twelve thirteen fourteen fifteen")]
    assert similarity(words(old[0][1]), words(half[0][1])) == pytest.approx(0.5)
    assert align_clauses(old, half) == []  # below 0.6 under another id: a different rule
    assert [m.kind for m in align_clauses(old, [("a", half[0][1])])] == ["reworded"]  # kept its id: 0.4 will do


def test_rename_ids_is_one_pass_and_keeps_unknown_text():
    text = 'ids: ["d:1", "d:2"]\nnote: see (d:2) and d:3, not dd:1\n'
    new, renamed, unmapped = rename_ids(text, "d", {"d:1": "d:2", "d:2": "d:1"}, {"d:1", "d:2", "d:3"})
    assert new == 'ids: ["d:2", "d:1"]\nnote: see (d:1) and d:3, not dd:1\n'
    assert len(renamed) == 3 and unmapped == [(2, "d:3")]


def test_escalation_kind_with_no_clause_left_gets_the_kcsie_procedure():
    text = "# head\nchild: [d:1]\nadult:   # about staff\n  - d:2\n  - kcsie:part1-concerns-about-staff\n"
    new, notes = update_escalation(text, "e.yaml", "d", {"d:2": "d:5"}, {"d:1", "d:2"},
                                   {"kcsie:part1-concerns-about-a-child", "kcsie:part1-concerns-about-staff", "d:5"})
    assert yaml.safe_load(new) == {"child": ["kcsie:part1-concerns-about-a-child"],
                                   "adult": ["d:5", "kcsie:part1-concerns-about-staff"]}
    assert new.startswith("# head\n") and "# about staff" in new and len(notes) == 3


def test_no_python_or_template_names_the_school_or_its_policy():
    files = [p for p in (PROJECT_ROOT / "assistant").rglob("*") if p.suffix in (".py", ".html")]
    files.append(PROJECT_ROOT / "app.py")
    named = [str(p) for p in files if re.search(r"Westhaven|Social Media and Networking",
                                                 p.read_text(encoding="utf-8"))]
    assert named == []


def test_pages_take_the_school_and_policy_from_config_and_manifest():
    from types import SimpleNamespace

    from assistant.web.pages import faq, landing, policy_title
    from assistant.web.staff_ui import header

    docs = {d.id: d for d in load_corpus(REAL_CORPUS).documents}
    assert policy_title(docs, "Westhaven School") == "Social Media and Networking Policy"
    oak = {"kcsie": docs["kcsie"], "phones": SimpleNamespace(id="phones", title="Phones Policy",
                                                           authority="school policy")}
    assert policy_title(oak, "Oakfield School") == "Phones Policy"  # no 'policy' document: the first school policy
    page = landing("j.smith", "Oakfield School", policy="Phones Policy")
    assert "Oakfield School's Phones Policy and" in page and "Oakfield School: policy assistant" in page
    assert "Oakfield School's Phones Policy and public guidance" in faq([], school_name="Oakfield School",
                                                                       policy="Phones Policy")
    engine = SimpleNamespace(documents=oak, library=SimpleNamespace(school=SimpleNamespace(name="Oakfield & Co")))
    assert "Ask what Oakfield &amp; Co's Phones Policy and KCSIE say" in header(engine)


def test_rules_reworded_past_their_words_are_paired_by_meaning_when_each_is_the_others_nearest():
    import numpy as np

    topics = {"friend": [1, 0, 0], "photo": [0, 1, 0], "phone": [0, 0, 1]}

    def embed(texts):  # a stand-in model: one axis per topic word
        rows = [sum((np.array(axis, float) for word, axis in topics.items() if word in t.lower()), np.full(3, 0.1))
                for t in texts]
        return np.array([r / np.linalg.norm(r) for r in rows])

    old = [("4.1(2)", "Colleagues must not accept pupils as friend contacts"),
           ("4.1(8)", "Colleagues must not post any photo of pupils")]
    new = [("5.2(8)", "A photo of a child is never to be put on a personal account"),
           ("5.2(2)", "Staff may not send or accept friend requests to or from pupils"),
           ("5.2(5)", "Staff must not give pupils their phone number")]
    assert align_clauses(old, new) == []  # too few words in common
    pairs = {(m.old, m.new, m.kind) for m in align_clauses(old, new, embed=embed)}
    assert pairs == {("4.1(2)", "5.2(2)", "aligned"), ("4.1(8)", "5.2(8)", "aligned")}
    assert align_clauses(old, new, embed=embed, semantic_threshold=1.01) == []


def test_the_title_is_the_first_line_that_names_a_policy_before_the_body():
    from assistant.ingest.setup import document_title

    assert document_title("Oak School\n\nVersion:\t3\nOnline Safety Policy\n1.0 AIMS\n") == "Online Safety Policy"
    assert document_title("Oak School\n1.0 AIMS\nThe policy applies\n") == "Oak School"
    assert document_title("1.0 AIMS\nSome policy text\n") == ""
