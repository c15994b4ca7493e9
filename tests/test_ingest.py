"""Bringing documents in: extraction, numbering detection, the marked format, clause diffs, the ingest command."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REAL_CORPUS

from assistant.cli import cli
from assistant.corpus.extract import extract_text
from assistant.corpus.load import load_corpus
from assistant.corpus.normalise import detect_scheme, normalise
from assistant.corpus.parse_marked import parse_marked
from assistant.corpus.parse_numbered import parse_numbered
from assistant.errors import CorpusError, IngestError
from assistant.ingest.clause_diff import affected_scenarios, diff_clauses
from assistant.ingest.plan import plan_ingest, update_annotations

TODAY = date(2026, 11, 24)


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a text layer (Helvetica), written by hand so the test needs no PDF generator."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               "/Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def make_docx(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Mobile Phones Policy", 0)
    document.add_paragraph("Staff must keep personal phones out of sight in lessons.", style="List Number")
    document.add_paragraph("Pupils hand phones in at registration, including on Twitter days.", style="List Number")
    document.add_paragraph("unless a teacher allows it", style="List Bullet")
    document.save(str(path))
    return path


def tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            digest.update(p.relative_to(folder).as_posix().encode() + p.read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize("text,scheme", [
    ("1.0 INTRO\n\n1.1 One.\n1.2 Two.\n", "decimal"),
    ("1 Intro\n1.1 One.\n1.2 Two.\n", "decimal"),
    ("Title\n\n1. One.\n2. Two.\n", "number"),
    ("Title\n\n(a) One.\n(b) Two.\n", "letter"),
    ("Title\n\ni. One.\nii. Two.\n", "roman"),
    ("Title\n\nJust a paragraph.\n\nAnother one.\n", "none"),
])
def test_detects_the_numbering_scheme(text, scheme):
    assert detect_scheme(text.splitlines()) == scheme


def test_the_shipped_policy_normalises_to_the_same_clauses():
    text = (REAL_CORPUS / "policy.txt").read_text(encoding="utf-8")
    normalised = normalise(text)
    assert normalised.format == "numbered"
    before, after = parse_numbered(text), parse_numbered(normalised.text)
    assert [(c.clause, c.text) for c in before.clauses] == [(c.clause, c.text) for c in after.clauses]
    assert after.front_matter["Date of next review"] == "21/03/2026"


def test_title_case_sections_and_letter_points_become_the_numbered_format():
    text = "Anti-bullying\nApproved on: 01/09/2025\n\n1 Scope\n1.1 Applies to:\n(a) pupils\n(b) staff\n1.2 Also.\n"
    parsed = parse_numbered(normalise(text).text)
    assert [c.clause for c in parsed.clauses] == ["1.1", "1.1(a)", "1.1(b)", "1.2"]
    assert parsed.sections[0].title == "SCOPE" and parsed.front_matter == {"Approved on": "01/09/2025"}


def test_nested_lists_get_nested_ids_and_paragraphs_get_p_ids():
    nested = normalise("# Rules\n\nWhy we have rules.\n\n## Scope\n1. Pupils must not bully.\n(a) online\n"
                       "(b) offline\n   i. in school\n   ii. outside\n(c) anywhere\n2. Staff report it.\nmore of 2\n")
    parsed = parse_marked(nested.text)
    assert [c.clause for c in parsed.clauses] == ["intro", "1", "1(a)", "1(b)", "1(b)(i)", "1(b)(ii)", "1(c)", "2"]
    assert parsed.title == "Rules" and parsed.clauses[-1].text == "Staff report it. more of 2"
    assert parsed.clauses[2].parent == "Pupils must not bully."
    plain = normalise("Visitors Policy\n\nVisitors sign in\nat reception.\n\n- with ID\n- and a badge\n\n"
                      "They wear it.\n")
    clauses = parse_marked(plain.text).clauses
    assert [(c.clause, c.text) for c in clauses] == [("p1", "Visitors sign in at reception.\n- with ID\n- and a badge"),
                                                     ("p2", "They wear it.")]


@pytest.mark.parametrize("text,message", [
    ("[1] a\n[1] b\n", "clause id [1] is used twice"),
    ("[no spaces allowed] a\n", "expected '[id] text'"),
    ("[p1]\n", "clause [p1] has no text"),
    ("# Title only\n", "no clauses"),
])
def test_marked_format_errors_name_the_line(text, message):
    with pytest.raises(CorpusError) as err:
        parse_marked(text, "x.txt")
    assert message in str(err.value) and "x.txt" in str(err.value)


def test_docx_numbering_and_headings_are_read_as_displayed(tmp_path):
    text = extract_text(make_docx(tmp_path / "phones.docx"))
    assert text.splitlines()[0] == "# Mobile Phones Policy"
    assert "1. Staff must keep" in text and "2. Pupils hand phones" in text and "- unless a teacher" in text
    parsed = parse_marked(normalise(text).text)
    assert [c.clause for c in parsed.clauses] == ["1", "2"] and "- unless a teacher allows it" in parsed.clauses[1].text


def test_pdf_text_is_extracted(tmp_path):
    path = tmp_path / "p.pdf"
    path.write_bytes(make_pdf(["Data Policy", "1.0 SCOPE", "1.1 Staff protect data under the GDPR.",
                               "1.2 Breaches go to the DPO."]))
    parsed = parse_numbered(normalise(extract_text(path)).text)
    assert [c.clause for c in parsed.clauses] == ["1.1", "1.2"]


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    from pypdf import PdfWriter

    files = {}
    files["empty"] = tmp_path / "empty.txt"
    files["empty"].write_bytes(b"")
    files["blank-text"] = tmp_path / "blank.md"
    files["blank-text"].write_text("  \n\n ", encoding="utf-8")
    files["extension"] = tmp_path / "policy.rtf"
    files["extension"].write_text("{\\rtf1 hello}", encoding="utf-8")
    files["text-as-docx"] = tmp_path / "fake.docx"
    files["text-as-docx"].write_text("1.0 INTRO\n1.1 hello\n", encoding="utf-8")
    files["text-as-pdf"] = tmp_path / "fake.pdf"
    files["text-as-pdf"].write_text("1.0 INTRO\n1.1 hello\n", encoding="utf-8")
    files["pdf-as-txt"] = tmp_path / "real.txt"
    files["pdf-as-txt"].write_bytes(make_pdf(["1. hello", "2. there"]))
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    files["scanned"] = tmp_path / "scan.pdf"
    writer.write(str(files["scanned"]))
    writer.encrypt("pw")
    files["encrypted"] = tmp_path / "locked.pdf"
    writer.write(str(files["encrypted"]))
    return files


BAD = {"empty": "the file is empty", "blank-text": "the file has no text",
       "extension": "unsupported file type '.rtf'", "text-as-docx": "not a Word .docx file",
       "text-as-pdf": "not a PDF file", "pdf-as-txt": "binary file, not text",
       "scanned": "no text layer", "encrypted": "password-protected"}


@pytest.fixture
def invoke(fake_settings):
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_files_exit_2_with_one_line_and_change_nothing(kind, invoke, fake_settings, tmp_path):
    path = _bad_files(tmp_path)[kind]
    before = tree_hash(fake_settings.corpus_dir)
    result = invoke("ingest", str(path), "--doc-id", "new-doc", "--title", "New", "--audience", "staff")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and BAD[kind] in result.stderr
    assert tree_hash(fake_settings.corpus_dir) == before
    assert not (fake_settings.index_dir / "current").exists()


def test_ingest_a_new_docx_writes_the_corpus_runs_health_and_rebuilds_the_index(invoke, fake_settings, tmp_path):
    path = make_docx(tmp_path / "phones.docx")
    result = invoke("ingest", str(path), "--doc-id", "phones", "--title", "Mobile Phones Policy", "--audience",
                    "staff", "--today", "2026-11-24")
    assert result.exit_code == 0, result.output
    assert "numbering 1., 2 clauses" in result.stdout and "Twitter is now X" in result.stdout
    corpus = load_corpus(fake_settings.corpus_dir)
    phones = corpus.document("phones")
    assert phones.format == "marked" and phones.authority == "school policy" and phones.audience == "staff"
    assert corpus.clause_by_id()["phones:2"].label == "Mobile Phones Policy 2"
    index = json.loads((fake_settings.index_dir / "current" / "manifest.json").read_text())
    assert "phones" in index["documents"] and index["corpus_hash"] == corpus.content_hash
    again = invoke("ingest", str(path), "--doc-id", "phones", "--no-index")
    assert again.exit_code == 2 and "already in the corpus" in again.stderr


def test_a_new_document_needs_title_and_audience(invoke, tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Some text.\n", encoding="utf-8")
    result = invoke("ingest", str(path), "--doc-id", "visitors")
    assert result.exit_code == 2 and "a new document needs --title and --audience" in result.stderr


def _policy_v2(tmp_path: Path) -> Path:
    text = (REAL_CORPUS / "policy.txt").read_text(encoding="utf-8")
    text = text.replace("- 2.3 This Policy will be part", "- 2.4 This Policy will be part")  # fix the duplicate
    text = text.replace("3. Colleagues at the school are strongly advised not to be friends",
                        "3. Colleagues at the school must not be friends")
    text = text.replace("8. Colleagues at the school must not post or share photographs of pupils under any "
                        "circumstances and must not post or share photographs of colleagues or parents without "
                        "their express permission;\n", "")
    path = tmp_path / "policy-v2.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_changed_policy_shows_the_diff_and_affected_scenarios_and_needs_replace(invoke, fake_settings, tmp_path):
    path = _policy_v2(tmp_path)
    before = tree_hash(fake_settings.corpus_dir)
    refused = invoke("ingest", str(path), "--doc-id", "policy", "--no-index")
    assert refused.exit_code == 2 and "--replace" in refused.stderr
    assert tree_hash(fake_settings.corpus_dir) == before
    out = refused.stdout
    assert "1 removed, 1 reworded, 2 renumbered" in out
    assert "> policy:2.3#2 -> policy:2.4" in out and "- policy:4.1(8)" in out and "~ policy:4.1(3)" in out
    assert "test-policy-in-induction expects policy:2.3#2 (renumbered to policy:2.4)" in out
    assert "expects policy:4.1(8) (removed)" in out
    done = invoke("ingest", str(path), "--doc-id", "policy", "--replace", "--no-index")
    assert done.exit_code == 0, done.output
    corpus = load_corpus(fake_settings.corpus_dir)
    assert "policy:2.3#2" not in corpus.clause_by_id()
    # the old text's dates no longer describe the document: the health checks read its own front matter instead
    replaced = corpus.document("policy")
    assert replaced.next_review is None and replaced.approved is None and "policy-v2.txt" in replaced.edition


def test_dry_run_writes_nothing(invoke, fake_settings, tmp_path):
    before = tree_hash(fake_settings.corpus_dir)
    result = invoke("ingest", str(_policy_v2(tmp_path)), "--doc-id", "policy", "--dry-run")
    assert result.exit_code == 0 and "Dry run: nothing was written." in result.stdout
    assert tree_hash(fake_settings.corpus_dir) == before


def test_annotations_follow_renumbered_clauses_and_removed_ones_are_commented_out(corpus_copy, tmp_path):
    plan = plan_ingest(_policy_v2(tmp_path), corpus_copy, None, "policy", today=TODAY)
    text = plan.annotations_text
    assert "\npolicy:2.4:\n" in text and "\npolicy:2.4#2:\n" in text and "\npolicy:2.3#2:" not in text
    assert "# policy:4.1(8) was removed from the document" in text and "\n# policy:4.1(8):\n" in text
    assert any("policy:4.1(3) kept; check" in n for n in plan.annotation_notes)


def test_update_annotations_keeps_everything_else():
    diff = diff_clauses("d", [("1", "a"), ("2", "b")], [("2", "a")])
    text = "# head\nd:1:\n  terms: [x]\nd:2:\n  terms: [y]\nother:3:\n  terms: [z]\n"
    new, notes = update_annotations(text, diff, TODAY)
    assert new.startswith("# head\nd:2:\n  terms: [x]\n# d:2 was removed")
    assert "# d:2:\n#   terms: [y]\nother:3:\n  terms: [z]\n" in new and len(notes) == 2


def test_diff_reads_a_shift_as_renumbering():
    old = [("2.3", "A"), ("2.3#2", "B"), ("2.4", "C"), ("2.5", "D")]
    new = [("2.3", "A"), ("2.4", "B"), ("2.5", "C"), ("2.6", "D changed"), ("2.7", "E")]
    diff = diff_clauses("policy", old, new)
    assert diff.unchanged == 1
    assert diff.counts() == {"added": 2, "removed": 1, "reworded": 0, "renumbered": 2}
    assert [(c.kind, c.clause, c.new_clause) for c in diff.changes if c.kind == "renumbered"] == [
        ("renumbered", "2.3#2", "2.4"), ("renumbered", "2.4", "2.5")]


def test_diff_reworded_and_scenario_impact(tmp_path):
    diff = diff_clauses("policy", [("4.1(3)", "advised not to"), ("4.1(8)", "photos")],
                        [("4.1(3)", "must not"), ("4.1(9)", "other")])
    assert diff.counts() == {"added": 1, "removed": 1, "reworded": 1, "renumbered": 0}
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text("- id: a\n  question: q?\n  expected_clauses: ['policy:4.1(8)']\n  expected_verdict: null\n"
                         "- id: b\n  question: q?\n  expected_clauses: ['policy:2.1']\n  expected_verdict: null\n",
                         encoding="utf-8")
    impacts, problems = affected_scenarios(diff, [scenarios])
    assert [(i.scenario, i.clause, i.change) for i in impacts] == [("a", "policy:4.1(8)", "removed")] and not problems


def test_ingest_errors_are_domain_errors(corpus_copy, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Hello.\n", encoding="utf-8")
    with pytest.raises(IngestError, match="must be a short lowercase slug"):
        plan_ingest(path, corpus_copy, None, "Bad Id", "T", "staff")
