"""Policy health: every default rule on small documents, rule-file validation, the real policy, the CLI."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from click.testing import CliRunner
from conftest import REAL_CORPUS

from assistant.cli import cli
from assistant.corpus.load import load_corpus
from assistant.corpus.parse_numbered import parse_numbered
from assistant.errors import HealthRuleError
from assistant.health import Finding, check_corpus, counts, load_rules
from assistant.health.checks import check_document
from assistant.health.report import render_html, render_text
from assistant.health.rules import parse_rules
from assistant.types import Document

RULES = load_rules()
TODAY = date(2026, 11, 24)
# The required-content rules fire on any small document that lacks the text; this keeps them quiet.
QUIET = "Staff can call the Professionals Online Safety Helpline or the NSPCC. The DSL leads on filtering."


def _doc(**kw) -> Document:
    values = dict(id="t", title="Test Policy", file="t.txt", format="numbered", authority="school policy",
                  audience="staff", edition="1", label="Test {clause}", label_slug="Test {clause}")
    values.update(kw)
    return Document(**values)


def run(text: str, today: date = TODAY, **doc) -> list[Finding]:
    parsed = parse_numbered(text, "t.txt")
    return check_document(_doc(**doc), parsed, RULES, today, {})


def policy(*paragraphs: str, front: str = "") -> str:
    body = "\n".join(f"1.{n} {p}" for n, p in enumerate(paragraphs, start=1))
    return f"Test Policy\n{front}\n1.0 INTRODUCTION\n\n{body}\n1.{len(paragraphs) + 1} {QUIET}\n"


def fired(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in findings:
        out.setdefault(f.rule, []).append(f)
    return out


# rule id, text that makes it fire, similar text that must not
PATTERN_CASES = [
    ("kcsie-annex-c-online-safety", "Follow the on-line safety guidance in Annex C of Keeping Children Safe in "
     "Education.", "The role of the DSL is set out in Annex C of KCSIE."),
    ("kcsie-missing-from-education", "Duties under KCSIE include children missing from education.",
     "Duties under KCSIE include children absent from education."),
    ("kcsie-old-edition", "Staff must read Keeping Children Safe in Education 2025.", "Staff must read KCSIE 2026."),
    ("msn", "This covers Facebook, MSN and blogs.", "This covers Facebook, Skype and blogs."),
    ("twitter", "This covers Twitter and blogs.", "This covers X (formerly Twitter) and blogs."),
    ("gdpr", "Personal data is protected by the GDPR.", "Personal data is protected by the UK GDPR."),
    ("gswp-old-edition", "See the Guidance for Safer Working Practice (revised in 2015).",
     "See the Guidance for Safer Working Practice (February 2022)."),
    ("gswp-old-title", "See the Guidance for Safer Working Practice for Adults who work with Children and Young "
     "People.", "See the Guidance for Safer Working Practice for those working with children."),
    ("sexting", "Report any sexting incident to the DSL.", "Report any sharing of nudes and semi-nudes to the DSL."),
    ("peer-on-peer", "Peer on peer abuse is never banter.", "Child-on-child abuse is never banter."),
    ("three-cs", "Online risk is content, contact and conduct.",
     "Online risk is content, contact, conduct and commerce."),
    ("working-together-old", "Follow Working Together to Safeguard Children 2018.",
     "Follow Working Together to Safeguard Children 2023."),
    ("http-link", "See http://www.example.org/page.", "See https://www.example.org/page."),
    ("childnet-guide-not-found", "See https://www.childnet.com/resources/social-networking-a-guide-for-teachers-"
     "and-professionals for more.", "See https://www.childnet.com/resources for more."),
    ("swgfl-staying-safe-not-found", "See https://www.swgfl.org.uk/Staying-Safe for more.",
     "See https://swgfl.org.uk/resources/ for more."),
    ("posh-old-number", "Call POSH on 0844 381 4772.", "Call POSH on 0344 381 4772."),
    ("phone-unverified", "Call the LADO on 01275 888808.", "Approved 21/03/2024; call POSH on 0344 381 4772."),
    ("template-instruction", "Use the school's systems [delete this paragraph if not relevant].",
     "Use the school's systems (see the ICT Policy [section 2])."),
]


@pytest.mark.parametrize("rule,bad,good", PATTERN_CASES, ids=[c[0] for c in PATTERN_CASES])
def test_text_rule_fires_on_bad_text_only(rule, bad, good):
    hits = fired(run(policy("Intro.", bad)))[rule]
    assert len(hits) == 1 and hits[0].clause == "1.2"
    assert hits[0].title and hits[0].problem and hits[0].fact and hits[0].fix
    assert rule not in fired(run(policy("Intro.", good)))


@pytest.mark.parametrize("rule,present", [
    ("posh-missing", "Staff can call POSH on 0344 381 4772."),
    ("nspcc-whistleblowing-missing", "Staff can call the NSPCC Whistleblowing Advice Line."),
    ("filtering-monitoring-missing", "The DSL leads on filtering and monitoring."),
])
def test_required_rule_fires_once_for_the_document_when_missing(rule, present):
    text = "Test Policy\n\n1.0 INTRODUCTION\n\n1.1 Nothing relevant here.\n"
    hits = fired(run(text))[rule]
    assert len(hits) == 1 and hits[0].clause == "" and hits[0].clause_id == "t"
    assert rule not in fired(run(text + f"1.2 {present}\n"))


def test_template_instruction_in_a_section_heading_is_found():
    text = policy("Intro.").replace("1.0 INTRODUCTION", "1.0 INTRODUCTION [include this Section only if relevant]")
    hits = fired(run(text))["template-instruction"]
    assert [h.clause for h in hits] == ["1.0"]


def test_kcsie_claim_needs_a_kcsie_mention_and_is_flagged_for_a_person():
    assert "kcsie-missing-from-education" not in fired(run(policy("Children missing from education are a risk.")))
    hit = fired(run(policy("KCSIE duties include children missing from education.")))["kcsie-missing-from-education"]
    assert hit[0].verify and hit[0].confidence == "H"


def test_low_confidence_findings_must_be_verified():
    hit = fired(run(policy("See http://www.swgfl.org.uk/Staying-Safe")))["swgfl-staying-safe-not-found"][0]
    assert hit.confidence == "L" and hit.verify


def test_review_date_passed_lists_what_changed_since_approval():
    findings = fired(run(policy("Intro."), approved=date(2024, 3, 21), next_review=date(2026, 3, 21)))
    hit = findings["review-date-passed"][0]
    assert hit.severity == "high" and "248 days" in hit.problem and "2026-03-21" in hit.problem
    assert "KCSIE 2025 came into force (2025-09-01)" in hit.fact
    assert "KCSIE 2023" not in hit.fact  # in force before the approval date
    assert any("irwinmitchell" in s for s in hit.sources)


def test_review_date_soon_missing_and_from_front_matter():
    soon = fired(run(policy("Intro."), today=date(2026, 3, 1), next_review=date(2026, 3, 21)))
    assert soon["review-date-passed"][0].severity == "low" and "in 20 days" in soon["review-date-passed"][0].problem
    assert "review-date-passed" not in fired(run(policy("Intro."), today=date(2025, 1, 1),
                                                 next_review=date(2026, 3, 21)))
    missing = fired(run(policy("Intro.")))["review-date-passed"][0]
    assert missing.severity == "medium" and missing.title == "No review date"
    front = policy("Intro.", front="Approved on:\t21/03/2024\nDate of next review\t21/03/2026\n")
    assert "248 days" in fired(run(front))["review-date-passed"][0].problem


@pytest.mark.parametrize("body,rule,clause,words", [
    ("1.0 A\n\n1.1 One.\n1.1 Two.\n", "numbering-duplicate", "1.1#2", "used on line 4 and again on line 5"),
    ("1.0 A\n\n1.1 One.\n1.3 Three.\n", "numbering-gap", "1.3", "1.2 is missing"),
    ("1.0 A\n\n1.1 One.\n1.5 Five.\n", "numbering-gap", "1.5", "1.2 to 1.4 is missing"),
    ("1.0 A\n\n1.1 One.\n\n3.0 C\n\n3.1 x.\n", "numbering-gap", "3.0", "2.0 is missing"),
    ("1.0 A\n\n1.1 One:\n1. a\n2. b\n4. d\n", "numbering-gap", "1.1(4)", "1.1(3) is missing"),
    ("1.0 A\n\n1.1 One.\n1.2 Two.\n1.4 Four.\n1.3 Three.\n", "numbering-order", "1.3", "1.3 comes after 1.4"),
    ("1.0 A\n\n2.1 One.\n", "numbering-order", "2.1", "2.1 comes after the heading 1.0"),
])
def test_numbering_rules(body, rule, clause, words):
    hits = fired(run(f"T\n{body}"))[rule]
    assert [h.clause for h in hits] == [clause]
    assert words in hits[0].problem


def test_clean_numbering_has_no_numbering_findings():
    text = "T\n1.0 A\n\n1.1 One:\n1. a\n2. b\n\n1.2 Two\n- x\n- y\n\n2.0 B\n\n2.1 Three.\n"
    assert not [f for f in run(text) if f.category == "numbering"]


REAL_EXPECTED = {
    ("review-date-passed", "policy"), ("policy-predates-kcsie", "policy"), ("numbering-duplicate", "policy:2.3#2"),
    ("template-instruction", "policy:5.0"),
    ("kcsie-annex-c-online-safety", "policy:3.3(e)"), ("msn", "policy:2.2"), ("twitter", "policy:2.2"),
    ("gdpr", "policy:4.1(7)"), ("gdpr", "policy:8.1(g)"), ("gswp-old-edition", "policy:7.0(b)"),
    ("gswp-old-title", "policy:3.3(c)"), ("kcsie-missing-from-education", "policy:4.1(15)"),
    ("http-link", "policy:4.3"), ("http-link", "policy:4.6"), ("childnet-guide-not-found", "policy:4.6"),
    ("swgfl-staying-safe-not-found", "policy:4.3"), ("phone-unverified", "policy:2.7"), ("posh-missing", "policy"),
    ("nspcc-whistleblowing-missing", "policy"), ("filtering-monitoring-missing", "policy"),
}


def test_the_shipped_policy_gets_the_known_findings():
    corpus = load_corpus(REAL_CORPUS)
    findings = check_corpus(corpus, RULES, TODAY)
    assert {(f.rule, f.clause_id) for f in findings} == REAL_EXPECTED
    assert counts(findings) == {"high": 2, "medium": 9, "low": 9}
    assert {f.doc for f in findings} == {"policy"}, "KCSIE and guidance summaries are not school policies"
    annex = next(f for f in findings if f.rule == "kcsie-annex-c-online-safety")
    assert annex.severity == "high" and annex.evidence == ("kcsie:online-safety-location", "kcsie:dsl-role")


def test_every_evidence_id_in_the_default_rules_is_in_the_corpus():
    ids = set(load_corpus(REAL_CORPUS).clause_by_id())
    for rule in RULES:
        assert set(rule.evidence) <= ids, rule.id


def test_every_default_rule_with_a_fact_from_the_digest_names_its_row_and_confidence():
    structural = {"numbering", "http_link", "phone_numbers"}
    for rule in RULES:
        if rule.kind not in structural and rule.id != "template-instruction":
            assert rule.ref and rule.confidence, rule.id


def _rules_file(tmp_path, rules: list[dict]):
    import yaml

    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    return path


GOOD = dict(id="my-rule", kind="pattern", category="local", severity="low", title="T", problem="P {match}",
            fact="F", fix="X", pattern="\\bfoo\\b")


@pytest.mark.parametrize("change,message", [
    ({"kind": "magic"}, "kind must be one of"),
    ({"severity": "urgent"}, "severity must be one of high, medium, low"),
    ({"pattern": "(unclosed"}, "pattern is not a valid regular expression"),
    ({"problem": "P {nonsense}"}, "problem uses {nonsense}"),
    ({"colour": "red"}, "unknown keys colour for kind pattern"),
    ({"fix": ""}, "missing fix"),
    ({"kind": "edition", "current": 2025}, "needs a (?P<year>...) group"),
    ({"id": "Not A Slug"}, "must be a lowercase slug"),
])
def test_bad_rules_are_rejected_naming_the_rule(change, message):
    with pytest.raises(HealthRuleError) as err:
        parse_rules({"rules": [{**GOOD, **change}]}, "rules.yaml")
    assert message in str(err.value) and "rules.yaml: rule 1" in str(err.value)


def test_the_packaged_rules_load_to_what_their_yaml_says():
    """The pydantic models read rules.yaml as the hand-written checks did: settings beside the base keys, the
    regular expressions compiled, one text or a list for the list keys, the default authority."""
    import re

    import yaml

    from assistant.health.rules import DEFAULT_RULES, Rule

    base = {"id", "kind", "category", "severity", "title", "problem", "fact", "fix", "ref", "confidence", "sources",
            "evidence", "verify", "documents", "authority", "enabled"}

    def texts(value):
        return (value,) if isinstance(value, str) else tuple(value)

    data = yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))
    expected = [Rule(e["id"], e["kind"], str(e["category"]), e["severity"], str(e["title"]), str(e["problem"]).strip(),
                     str(e["fact"]).strip(), str(e["fix"]).strip(), str(e.get("ref") or ""),
                     str(e.get("confidence") or ""), texts(e.get("sources", ())), texts(e.get("evidence", ())),
                     bool(e.get("verify", False)), texts(e.get("documents", ())),
                     texts(e.get("authority", data["defaults"]["authority"])))
                for e in data["rules"] if e.get("enabled", True) is not False]
    assert list(RULES) == expected and len(RULES) >= 20
    for rule, entry in zip(RULES, (e for e in data["rules"] if e.get("enabled", True) is not False), strict=True):
        settings = {k: v for k, v in entry.items() if k not in base}
        assert rule.settings.keys() == settings.keys(), rule.id
        for key, value in settings.items():
            if key in ("pattern", "unless", "mentions"):
                assert rule.settings[key] == re.compile(str(value), re.IGNORECASE), rule.id
            else:
                assert rule.settings[key] == value, rule.id


@pytest.mark.parametrize("change,message", [
    ({"colour": "red"}, r"rules\.yaml:12: rule 1 'my-rule': unknown keys colour for kind pattern$"),
    ({"severity": "urgent"}, r"rules\.yaml:6: rule 1 'my-rule': severity must be one of high, medium, low$"),
    ({"pattern": "(unclosed"}, r"rules\.yaml:7: rule 1 'my-rule': pattern is not a valid regular expression"),
    ({"problem": "P {nonsense}"}, r"rules\.yaml:8: rule 1 'my-rule': problem uses \{nonsense\}"),
    ({"fix": ""}, r"rules\.yaml:5: rule 1 'my-rule': missing fix$"),
    ({"kind": "magic"}, r"rules\.yaml:2: rule 1 'my-rule': kind must be one of pattern, kcsie_claim, "),
    ({"sources": [1]}, r"rules\.yaml:9: rule 1 'my-rule': sources must be a list of text$"),
], ids=["unknown-key", "severity", "regex", "template", "missing", "kind", "sources"])
def test_a_rules_file_mistake_names_the_file_line_rule_and_key(tmp_path, change, message):
    import yaml

    path = tmp_path / "rules.yaml"
    rule = {"id": "my-rule", "kind": "pattern", "category": "local", "fix": "X", "severity": "low",
            "pattern": "\\bfoo\\b", "problem": "P {match}", "sources": [], "title": "T", "fact": "F"}
    path.write_text(yaml.safe_dump({"rules": [{**rule, **change}]}, sort_keys=False, width=200), encoding="utf-8")
    with pytest.raises(HealthRuleError) as err:
        load_rules([path], include_default=False)
    assert re.search(message, str(err.value).replace(str(path), "rules.yaml")), str(err.value)


def test_a_local_rules_file_adds_replaces_and_disables(tmp_path):
    path = _rules_file(tmp_path, [GOOD, {**GOOD, "id": "msn", "pattern": "MSN",
                                         "severity": "high"}, {**GOOD, "id": "twitter", "enabled": False}])
    rules = {r.id: r for r in load_rules([path])}
    assert "my-rule" in rules and rules["msn"].severity == "high" and "twitter" not in rules
    findings = fired(check_document(_doc(), parse_numbered(policy("foo and MSN and Twitter"), "t"),
                                    tuple(rules.values()), TODAY, {}))
    assert findings["my-rule"][0].problem == "P foo" and findings["msn"][0].severity == "high"
    assert "twitter" not in findings


def test_html_report_is_escaped_and_self_contained():
    bad = Finding(rule="r", category="c", severity="high", doc="t", clause="1.1", label="Test 1.1", line=3,
                  title="<script>alert(1)</script>", problem="a & b", fact="f", fix="x", sources=("https://e/?a=<b>",))
    page = render_html([bad], TODAY, {"t": "Test <Policy>"})
    assert "<script>" not in page and "&lt;script&gt;" in page and "Test &lt;Policy&gt;" in page
    assert "<link" not in page and "src=" not in page and page.startswith("<!DOCTYPE html>")
    assert "1 finding (1 high, 0 medium, 0 low)" in page


def test_text_report_groups_by_severity():
    findings = check_corpus(load_corpus(REAL_CORPUS), RULES, TODAY)
    text = render_text(findings, TODAY, {"policy": "Policy"})
    assert text.index("HIGH (2)") < text.index("MEDIUM (9)") < text.index("LOW (9)")
    assert "Policy 2.3#2 [policy:2.3#2], line 27" in text


@pytest.fixture
def invoke(fake_settings):
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_cli_health_human_json_and_exit_codes(invoke, tmp_path):
    human = invoke("health", "--today", "2026-11-24")
    assert human.exit_code == 0 and "20 findings (2 high, 9 medium, 9 low)" in human.stdout
    data = json.loads(invoke("health", "--json", "--today", "2026-11-24").stdout)
    assert data["counts"] == {"high": 2, "medium": 9, "low": 9} and data["documents"] == ["policy"]
    assert {"clause_id", "severity", "problem", "fact", "sources", "fix", "verify"} <= set(data["findings"][0])
    assert invoke("health", "--fail-on", "high", "--today", "2026-11-24").exit_code == 3
    early = invoke("health", "--fail-on", "high", "--today", "2025-01-01")
    assert early.exit_code == 3  # Annex C is high whatever the date
    out = tmp_path / "h.html"
    assert invoke("health", "--html", str(out)).exit_code == 0 and "<h1>Policy health" in out.read_text()


@pytest.mark.parametrize("args,message", [
    (["--today", "tomorrow"], "is not a date like 2026-03-21"),
    (["--doc", "nope"], "no document with id nope"),
    (["--rules", "missing.yaml"], "rules file not found: missing.yaml"),
])
def test_cli_health_bad_input_exits_2(invoke, args, message):
    result = invoke("health", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_stale_references_in_the_shipped_policy_name_their_current_counterpart():
    corpus = load_corpus(REAL_CORPUS)
    found = {f.rule: f for f in check_corpus(corpus, RULES, date(2026, 12, 1))}
    annex = found["kcsie-annex-c-online-safety"]
    assert "Part two" in annex.fix and "KCSIE 2026" in annex.fix
    assert 'X (formerly Twitter)' in found["twitter"].fix
    assert "Skype" in found["msn"].fix and "2013" in found["msn"].fact
    assert "2015" in found["gswp-old-edition"].problem and "February 2022" in found["gswp-old-edition"].fix
    predates = found["policy-predates-kcsie"]
    assert predates.problem == ("The document was approved on 2024-03-21, when KCSIE 2023 applied; KCSIE 2026 has "
                                "been in force since 1 September 2026.")


def test_an_old_kcsie_year_is_flagged_with_the_edition_in_force_from_the_register():
    corpus = load_corpus(REAL_CORPUS)
    parsed = parse_numbered(policy("Staff must read KCSIE 2025 and Keeping Children Safe in Education 2026."), "t.txt")
    hits = [f for f in check_document(_doc(), parsed, RULES, date(2026, 12, 1), {}, corpus.register)
            if f.rule == "kcsie-old-edition"]
    assert len(hits) == 1
    assert hits[0].fact == ("This document refers to KCSIE 2025; the edition in force since 1 September 2026 is "
                            "KCSIE 2026.")
    before = [f for f in check_document(_doc(), parsed, RULES, date(2026, 8, 1), {}, corpus.register)
              if f.rule == "kcsie-old-edition"]
    assert before == []  # in August 2026 KCSIE 2025 was still the edition in force


def test_a_policy_approved_after_the_edition_in_force_does_not_predate_it():
    corpus = load_corpus(REAL_CORPUS)
    parsed = parse_numbered(policy("Intro."), "t.txt")
    fresh = check_document(_doc(approved=date(2026, 10, 1)), parsed, RULES, date(2026, 12, 1), {}, corpus.register)
    assert "policy-predates-kcsie" not in fired(fresh)
    old = check_document(_doc(approved=date(2025, 10, 1)), parsed, RULES, date(2026, 12, 1), {}, corpus.register)
    assert "when KCSIE 2025 applied" in fired(old)["policy-predates-kcsie"][0].problem


def test_a_review_month_and_year_in_the_front_matter_is_read():
    later = policy("Intro.", front="Review date:\tJuly 2027\n")
    assert "review-date-passed" not in fired(run(later, today=date(2026, 12, 2)))
    passed = fired(run(later, today=date(2027, 9, 1)))["review-date-passed"][0]
    assert passed.title == "The review date has passed" and "2027-07-01" in passed.problem


def test_a_rules_own_front_matter_key_is_a_pattern():
    import dataclasses

    rule = next(r for r in RULES if r.id == "review-date-passed")
    custom = dataclasses.replace(rule, settings={**rule.settings, "front_matter_key": "revisit on"})
    text = policy("Intro.", front="Revisit on:\t01/01/2026\n")
    found = check_document(_doc(), parse_numbered(text, "t.txt"), [custom], date(2026, 12, 2), {})
    assert found and found[0].title == "The review date has passed"
