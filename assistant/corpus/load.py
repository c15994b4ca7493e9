"""Load the corpus: validate the manifest, parse each document into clauses, hash the contents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusError
from ..types import Clause, Document
from ..yamltext import BadYaml, Wording, check, read_yaml
from .editions import load_register, load_renames, manifest_editions
from .parse_marked import parse_marked
from .parse_numbered import ParsedDocument, parse_numbered
from .parse_summary import parse_summary
from .structure import label_fields

PARSERS = {"numbered": parse_numbered, "summary": parse_summary, "marked": parse_marked}
DOC_ID = re.compile(r"^[a-z][a-z0-9-]{0,23}$")
ANNOTATIONS = "annotations.yaml"
VOCABULARY = "vocabulary.yaml"
OUT_OF_SCOPE = "out_of_scope.yaml"
ESCALATION = "escalation.yaml"
CONCERN_EXAMPLES = "concern_examples.yaml"


@dataclass(frozen=True)
class Annotation:
    """How people ask about a clause: example questions and synonyms (corpus/annotations.yaml)."""

    questions: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Corpus:
    """All documents and clauses, in manifest and reading order, with retrieval annotations."""

    documents: tuple[Document, ...]
    clauses: tuple[Clause, ...]
    parsed: dict[str, ParsedDocument]
    content_hash: str
    annotations: dict[str, Annotation] = field(default_factory=dict)
    vocabulary: dict[str, str] = field(default_factory=dict)
    out_of_scope: tuple[str, ...] = ()  # example questions on topics the sources do not cover
    procedures: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concern kind -> procedure clause ids
    concern_examples: dict[str, tuple[str, ...]] = field(default_factory=dict)  # child / adult / ordinary
    renames: dict = field(default_factory=dict)  # old clause id -> editions.Rename (renames.yaml)
    register: object = None  # editions.Register: known editions (editions.yaml)
    rule_questions: bool = False  # index questions made from each clause's rule too (Settings.rule_questions)

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def clause_by_id(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}


def content_hash(corpus_dir: Path) -> str:
    """sha256 over every file of the corpus folder (names and bytes), so any edit marks the index stale."""
    digest = hashlib.sha256()
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file() and p.name != "README.md"):
        digest.update(path.relative_to(corpus_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_manifest(corpus_dir: Path) -> tuple[Document, ...]:
    """Read and validate manifest.yaml (models.ManifestFile); a mistake names the file, the line, the document
    and the key."""
    from .models import ManifestFile, manifest_wording

    path = corpus_dir / "manifest.yaml"
    if not path.is_file():
        raise CorpusError("manifest.yaml not found; the corpus folder needs one (see corpus/README.md)",
                          str(path))
    data = _read_yaml(path)
    manifest = check(ManifestFile, data, str(path), CorpusError, lambda: path.read_text(encoding="utf-8"),
                     manifest_wording(data),
                     context={"formats": tuple(PARSERS), "doc_id": DOC_ID, "seen": set()})
    return tuple(Document(
        id=entry.id, title=entry.title, file=entry.file, format=entry.format, authority=entry.authority,
        audience=entry.audience, edition=entry.edition, label=entry.label, label_slug=entry.label_slug or entry.label,
        url=entry.url, approved=entry.approved, next_review=entry.next_review) for entry in manifest.documents)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Parse every document in the manifest into clauses."""
    corpus_dir = Path(corpus_dir)
    documents = load_manifest(corpus_dir)
    clauses: list[Clause] = []
    parsed: dict[str, ParsedDocument] = {}
    for doc in documents:
        path = corpus_dir / doc.file
        if not path.is_file():
            raise CorpusError(f"file listed for document '{doc.id}' does not exist", str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None
        result = PARSERS[doc.format](text, str(path))
        parsed[doc.id] = result
        fields = label_fields(result)  # {section} and {point} of label templates (structure.py)
        for pc in result.clauses:
            clauses.append(Clause(
                doc=doc.id, clause=pc.clause, text=pc.text, label=doc.clause_label(pc.clause, pc.title,
                                                                                   **fields[pc.clause]),
                title=pc.title, section=pc.section, parent=pc.parent, line=pc.line, meta=pc.meta,
            ))
    ids = {c.id for c in clauses}
    annotations = load_annotations(corpus_dir / ANNOTATIONS, ids)
    vocabulary = load_vocabulary(corpus_dir / VOCABULARY)
    out_of_scope = load_out_of_scope(corpus_dir / OUT_OF_SCOPE)
    procedures = load_procedures(corpus_dir / ESCALATION, ids)
    concern_examples = load_concern_examples(corpus_dir / CONCERN_EXAMPLES)
    register = load_register(corpus_dir)
    manifest_editions(corpus_dir, register)  # edition_id / superseded_by must name registered editions
    return Corpus(documents, tuple(clauses), parsed, content_hash(corpus_dir), annotations=annotations,
                  vocabulary=vocabulary, out_of_scope=out_of_scope, procedures=procedures,
                  concern_examples=concern_examples, renames=load_renames(corpus_dir, ids), register=register)


def _read_yaml(path: Path):
    try:
        return read_yaml(path)
    except BadYaml as exc:
        raise CorpusError(str(exc), str(path), exc.line) from None


def _checked(model, path: Path, wording: Wording | None = None, context=None):
    """An optional data file (empty counts as {}) validated by its model in models.py: a mistake names the file, the
    line and the key."""
    return check(model, _read_yaml(path) or {}, str(path), CorpusError, lambda: path.read_text(encoding="utf-8"),
                 wording or Wording(), context)


def load_annotations(path: Path, clause_ids: set[str]) -> dict[str, Annotation]:
    """Read annotations.yaml (optional); a key that is not a clause id is an error naming it."""
    from .models import ANNOTATIONS_WORDING, AnnotationsFile

    if not path.is_file():
        return {}
    data = _checked(AnnotationsFile, path, ANNOTATIONS_WORDING, {"clause_ids": clause_ids})
    return {key: Annotation(entry.questions, entry.terms) for key, entry in data.root.items()}


def load_vocabulary(path: Path) -> dict[str, str]:
    """Read vocabulary.yaml (optional): informal word or phrase -> document vocabulary."""
    from .models import VocabularyFile

    if not path.is_file():
        return {}
    data = _checked(VocabularyFile, path)
    return {k.lower().strip(): v.strip() for k, v in data.root.items() if k.strip() and v.strip()}


def load_out_of_scope(path: Path) -> tuple[str, ...]:
    """Read out_of_scope.yaml (optional): {topics: [example question, ...]} the sources do not cover."""
    from .models import OUT_OF_SCOPE_WORDING, OutOfScopeFile

    if not path.is_file():
        return ()
    return _checked(OutOfScopeFile, path, OUT_OF_SCOPE_WORDING).topics


def load_procedures(path: Path, clause_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """Read escalation.yaml (optional): concern kind ('child', 'adult') -> procedure clause ids."""
    from .models import CONCERN_KINDS, EscalationFile, keys_wording

    if not path.is_file():
        return {}
    data = _checked(EscalationFile, path, keys_wording(CONCERN_KINDS), {"clause_ids": clause_ids})
    return {kind: getattr(data, kind) for kind in CONCERN_KINDS if kind in data.model_fields_set}


def load_concern_examples(path: Path) -> dict[str, tuple[str, ...]]:
    """Read concern_examples.yaml (optional): example messages under 'child', 'adult' and 'ordinary'."""
    from .models import ConcernExamplesFile, keys_wording

    if not path.is_file():
        return {}
    data = _checked(ConcernExamplesFile, path, keys_wording(tuple(ConcernExamplesFile.model_fields)))
    return {key: getattr(data, key) for key in ConcernExamplesFile.model_fields}
