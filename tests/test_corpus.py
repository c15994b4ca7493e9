"""Manifest validation and corpus loading."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.corpus.load import content_hash, load_corpus
from assistant.errors import CorpusError


def test_shipped_corpus_loads_with_labels():
    corpus = load_corpus(REAL_CORPUS)
    by_id = corpus.clause_by_id()
    assert by_id["policy:4.1(3)"].label == "Policy 4.1(3)"
    assert by_id["policy:2.3#2"].label == "Policy 2.3#2"
    assert len(by_id) == len(corpus.clauses), "clause ids must be unique across the corpus"
    assert corpus.document("policy").audience == "public"


def test_policy_file_is_the_customers_text_unchanged():
    seed = REAL_CORPUS.parent.parent / "shared" / "seed" / "000_d0b767b1a0f05ab3.txt"
    if not seed.is_file():
        pytest.skip("shared/ seed not present beside this checkout")
    assert (REAL_CORPUS / "policy.txt").read_bytes() == seed.read_bytes()


def test_every_document_has_an_audience_and_some_are_staff_only():
    corpus = load_corpus(REAL_CORPUS)
    audiences = {d.audience for d in corpus.documents}
    assert audiences <= {"public", "staff"}


def _write_manifest(corpus_dir, body: str) -> None:
    (corpus_dir / "manifest.yaml").write_text(body, encoding="utf-8")


@pytest.mark.parametrize("body,message", [
    ("documents: [", "not valid YAML"),
    ("something: else\n", "expected a mapping with a 'documents' list"),
    ("documents:\n  - id: policy\n    title: T\n", "missing file, format, authority, audience, edition, label"),
    ("documents:\n  - {id: Policy, title: T, file: policy.txt, format: numbered, authority: school policy,"
     " audience: public, edition: '1', label: 'P {clause}'}\n", "short lowercase slug"),
    ("documents:\n  - {id: policy, title: T, file: policy.txt, format: pdf, authority: school policy,"
     " audience: public, edition: '1', label: 'P {clause}'}\n", "format must be one of"),
    ("documents:\n  - {id: policy, title: T, file: policy.txt, format: numbered, authority: school policy,"
     " audience: everyone, edition: '1', label: 'P {clause}'}\n", "audience must be one of public, staff"),
    ("documents:\n  - {id: policy, title: T, file: missing.txt, format: numbered, authority: school policy,"
     " audience: public, edition: '1', label: 'P {clause}'}\n", "does not exist"),
    ("documents:\n  - {id: policy, title: T, file: policy.txt, format: numbered, authority: school policy,"
     " audience: public, edition: '1', label: 'P {clause}', next_review: 'soon'}\n", "must be a date"),
])
def test_bad_manifests_say_what_is_wrong(corpus_copy, body, message):
    _write_manifest(corpus_copy, body)
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus_copy)


def test_the_shipped_manifest_loads_to_the_documents_its_yaml_says():
    """The pydantic model reads every document as the hand-written checks did: text as written, label_slug
    falling back to label, dates as dates."""
    import yaml

    from assistant.corpus.load import load_manifest
    from assistant.types import Document

    raw = yaml.safe_load((REAL_CORPUS / "manifest.yaml").read_text(encoding="utf-8"))["documents"]
    expected = tuple(Document(
        id=e["id"], title=e["title"], file=e["file"], format=e["format"], authority=e["authority"],
        audience=e["audience"], edition=str(e["edition"]), label=e["label"],
        label_slug=e.get("label_slug") or e["label"], url=e.get("url"), approved=e.get("approved"),
        next_review=e.get("next_review")) for e in raw)
    assert load_manifest(REAL_CORPUS) == expected
    assert len(expected) == 9 and expected[0].approved.isoformat() == "2024-03-21"


def _policy_entry(corpus_dir, old: str, new: str) -> None:
    """Edit the first document of the copied manifest (the policy, lines 4-16)."""
    path = corpus_dir / "manifest.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("old,new,message", [
    ("format: numbered", "format: pdf",
     r"manifest\.yaml:7: document 1 \(policy\): format must be one of numbered, summary, marked$"),
    ("    title: Social Media and Networking Policy (Westhaven School)\n", "",
     r"manifest\.yaml:4: document 1 \(policy\): missing title$"),
    ("edition: \"Version 1\"", "edition: ''", r"manifest\.yaml:10: document 1 \(policy\): missing edition$"),
    ("url: null\n", "url: null\n    colour: red\n", r"manifest\.yaml:16: document 1 \(policy\): unknown keys colour"),
    ("label: \"Policy {clause}\"", "label: \"Policy\"",
     r"manifest\.yaml:16: document 1 \(policy\): label must contain \{clause\}"),
    ("next_review: 2026-03-21", "next_review: soon",
     r"manifest\.yaml:12: document 1 \(policy\): next_review must be a date like 2026-09-01, not 'soon'"),
    ("audience: public", "audience: [public]", r"manifest\.yaml:9: document 1 \(policy\): audience must be text"),
    ("id: policy\n", "id: kcsie\n", r"manifest\.yaml:18: document 2 \(kcsie\): document id 'kcsie' is listed twice"),
    ("format: 1\n", "format: 1\nversion: 2\n",
     r"manifest\.yaml:3: unknown keys version; the manifest takes only 'format' and 'documents'"),
    ("next_review: 2026-03-21", "next_review: 2026-13-21", r"manifest\.yaml: not valid YAML: month must be in 1\.\.12"),
], ids=["format", "missing-title", "empty-edition", "unknown-key", "label", "date", "not-text", "twice",
        "top-level-key", "impossible-date"])
def test_a_manifest_mistake_names_the_file_line_document_and_key(corpus_copy, old, new, message):
    _policy_entry(corpus_copy, old, new)
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus_copy)


def test_malformed_document_error_names_the_file(corpus_copy):
    (corpus_copy / "policy.txt").write_text("Title\n\n1.0 INTRO\n\n1. stray item\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"policy\.txt:5: numbered item"):
        load_corpus(corpus_copy)


def test_non_utf8_document_is_reported(corpus_copy):
    (corpus_copy / "policy.txt").write_bytes(b"1.0 INTRO\n1.1 caf\xe9\n")
    with pytest.raises(CorpusError, match="not UTF-8"):
        load_corpus(corpus_copy)


def test_content_hash_changes_with_any_edit_but_not_with_the_readme(corpus_copy):
    before = content_hash(corpus_copy)
    (corpus_copy / "README.md").write_text("edited docs", encoding="utf-8")
    assert content_hash(corpus_copy) == before
    path = corpus_copy / "policy.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert content_hash(corpus_copy) != before


def test_annotations_and_vocabulary_load():
    corpus = load_corpus(REAL_CORPUS)
    assert corpus.annotations["policy:4.1(2)"].questions
    assert all(key in corpus.clause_by_id() for key in corpus.annotations)
    assert corpus.vocabulary and all(k == k.lower() for k in corpus.vocabulary)


@pytest.mark.parametrize("body,message", [
    ("policy:99.9:\n  questions: [a]\n", "'policy:99.9' is not a clause id"),
    ("policy:4.1(2):\n  examples: [a]\n", "only 'questions' and 'terms'"),
    ("policy:4.1(2):\n  questions: a single string\n", "questions must be a list of text"),
    ("- just a list\n", "expected a mapping of clause id"),
])
def test_bad_annotations_are_reported(corpus_copy, body, message):
    (corpus_copy / "annotations.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus_copy)


def test_the_shipped_annotations_and_aids_load_to_what_their_yaml_says():
    """The pydantic models read the committed files as the hand-written checks did: lists of text stripped, the
    empty entries dropped, vocabulary keys lowercased."""
    import yaml

    from assistant.corpus.load import Annotation
    from assistant.yamltext import SAFE_LOADER

    def raw(name):  # libyaml's safe loader: the pure-Python one takes 0.25 s on annotations.yaml
        return yaml.load((REAL_CORPUS / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)

    def texts(values):
        return tuple(str(v).strip() for v in values or () if str(v).strip())

    corpus = load_corpus(REAL_CORPUS)
    annotations = raw("annotations.yaml")
    assert corpus.annotations == {k: Annotation(texts(v.get("questions")), texts(v.get("terms")))
                                  for k, v in annotations.items()}
    assert len(corpus.annotations) > 100 and list(corpus.annotations) == list(annotations)
    assert corpus.vocabulary == {str(k).lower().strip(): v.strip() for k, v in raw("vocabulary.yaml").items()
                                 if str(k).strip() and v.strip()}
    assert corpus.out_of_scope == texts(raw("out_of_scope.yaml")["topics"])
    assert corpus.procedures == {k: texts(v) for k, v in raw("escalation.yaml").items()}
    assert corpus.concern_examples == {k: texts(v) for k, v in raw("concern_examples.yaml").items()}


@pytest.mark.parametrize("name,body,message", [
    ("annotations.yaml", "policy:4.1(2):\n  questions: [a]\npolicy:99.9:\n  questions: [a]\n",
     r"annotations\.yaml:3: 'policy:99\.9' is not a clause id in the corpus$"),
    ("annotations.yaml", "policy:4.1(2):\n  questions: [a]\n  examples: [b]\n",
     r"annotations\.yaml:3: policy:4\.1\(2\): unknown keys examples; each entry takes only 'questions' and 'terms'"),
    ("annotations.yaml", "policy:4.1(2):\n  terms: [a]\n  questions: [a, {b: c}]\n",
     r"annotations\.yaml:3: policy:4\.1\(2\): questions must be a list of text$"),
    ("vocabulary.yaml", "snap: snapchat\ninsta: [instagram]\n", r"vocabulary\.yaml:2: insta must be text$"),
    ("out_of_scope.yaml", "topics:\n  - When is half term?\nmore: [b]\n",
     r"out_of_scope\.yaml:3: unknown keys more; expected a mapping with one key, 'topics'"),
    ("escalation.yaml", "child: [policy:2.7]\nadult: [policy:99.9]\n",
     r"escalation\.yaml:2: 'policy:99\.9' \(adult\) is not a clause id in the corpus$"),
    ("concern_examples.yaml", "child: [a]\nadult: 5\n", r"concern_examples\.yaml:2: adult must be a list of text$"),
], ids=["annotation-id", "annotation-key", "annotation-question", "vocabulary", "out-of-scope", "escalation",
        "concern-examples"])
def test_a_mistake_in_an_aid_file_names_the_file_line_and_key(corpus_copy, name, body, message):
    (corpus_copy / name).write_text(body, encoding="utf-8")
    with pytest.raises(CorpusError, match=message):
        load_corpus(corpus_copy)


def test_out_of_scope_topics_load_and_bad_files_are_reported(corpus_copy):
    assert len(load_corpus(REAL_CORPUS).out_of_scope) >= 20
    (corpus_copy / "out_of_scope.yaml").write_text("topics:\n  - When is half term?\n  - ''\n", encoding="utf-8")
    assert load_corpus(corpus_copy).out_of_scope == ("When is half term?",)
    (corpus_copy / "out_of_scope.yaml").write_text("- When is half term?\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="one key, 'topics'"):
        load_corpus(corpus_copy)
    (corpus_copy / "out_of_scope.yaml").write_text("topics: When is half term?\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="topics must be a list"):
        load_corpus(corpus_copy)


def test_escalation_procedures_load_and_unknown_ids_are_reported(corpus_copy):
    assert load_corpus(REAL_CORPUS).procedures["child"][0] == "kcsie:part1-concerns-about-a-child"
    (corpus_copy / "escalation.yaml").write_text("child: [policy:99.9]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="'policy:99.9' \\(child\\) is not a clause id"):
        load_corpus(corpus_copy)
    (corpus_copy / "escalation.yaml").write_text("pupil: [policy:2.7]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="keys child, adult"):
        load_corpus(corpus_copy)


def test_concern_examples_load_and_bad_keys_are_reported(corpus_copy):
    examples = load_corpus(REAL_CORPUS).concern_examples
    assert all(len(examples[k]) >= 100 for k in ("child", "adult", "ordinary"))
    (corpus_copy / "concern_examples.yaml").write_text("pupils: [a]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="keys child, adult, ordinary"):
        load_corpus(corpus_copy)


def test_a_data_file_that_is_not_utf8_is_reported_with_its_path(corpus_copy):
    (corpus_copy / "vocabulary.yaml").write_bytes(b"snap: \xff\xfe\n")
    with pytest.raises(CorpusError, match=r"vocabulary.yaml: not UTF-8 text"):
        load_corpus(corpus_copy)


def test_query_expansion_keeps_the_question_and_adds_document_words():
    from assistant.corpus.passages import expand

    vocab = {"snap": "snapchat personal message", "year 10": "pupil"}
    assert expand("Can I Snap a Year 10?", vocab) == "Can I Snap a Year 10? (snapchat personal message; pupil)"
    assert expand("snapshot of year 100", vocab) == "snapshot of year 100"
