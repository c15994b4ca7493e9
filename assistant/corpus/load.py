"""Load the corpus: validate the manifest, parse each document into clauses, hash the contents."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusError
from ..types import AUDIENCES, AUTHORITIES, Clause, Document
from ..yamltext import BadYaml, read_yaml
from .editions import load_register, load_renames, manifest_editions, parse_date
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
CONCERN_KINDS = ("child", "adult")
REQUIRED = ("id", "title", "file", "format", "authority", "audience", "edition", "label")


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
    """Read and validate manifest.yaml."""
    path = corpus_dir / "manifest.yaml"
    if not path.is_file():
        raise CorpusError("manifest.yaml not found; the corpus folder needs one (see corpus/README.md)",
                          str(path))
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise CorpusError("expected a mapping with a 'documents' list", str(path))
    docs: list[Document] = []
    for n, entry in enumerate(data["documents"], start=1):
        where = f"{path} (document {n})"
        if not isinstance(entry, dict):
            raise CorpusError("each document must be a mapping", where)
        missing = [k for k in REQUIRED if not entry.get(k)]
        if missing:
            raise CorpusError(f"missing {', '.join(missing)}", where)
        doc_id = str(entry["id"])
        if not DOC_ID.match(doc_id):
            raise CorpusError(f"id {doc_id!r} must be a short lowercase slug", where)
        if any(d.id == doc_id for d in docs):
            raise CorpusError(f"document id {doc_id!r} is listed twice", where)
        if entry["format"] not in PARSERS:
            raise CorpusError(f"format must be one of {', '.join(PARSERS)}", where)
        if entry["audience"] not in AUDIENCES:
            raise CorpusError(f"audience must be one of {', '.join(AUDIENCES)}", where)
        if entry["authority"] not in AUTHORITIES:
            raise CorpusError(f"authority must be one of {', '.join(AUTHORITIES)}", where)
        if "{clause}" not in entry["label"]:
            raise CorpusError("label must contain {clause}", where)
        docs.append(Document(
            id=doc_id, title=str(entry["title"]), file=str(entry["file"]), format=entry["format"],
            authority=entry["authority"], audience=entry["audience"], edition=str(entry["edition"]),
            label=entry["label"], label_slug=entry.get("label_slug") or entry["label"],
            url=entry.get("url"), approved=parse_date(entry.get("approved"), "approved", where),
            next_review=parse_date(entry.get("next_review"), "next_review", where),
        ))
    if not docs:
        raise CorpusError("the manifest lists no documents", str(path))
    return tuple(docs)


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


def _strings(value, what: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise CorpusError(f"{what} must be a list of text", where)
    return tuple(str(v).strip() for v in value if str(v).strip())


def load_annotations(path: Path, clause_ids: set[str]) -> dict[str, Annotation]:
    """Read annotations.yaml (optional); a key that is not a clause id is an error naming it."""
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    if not isinstance(data, dict):
        raise CorpusError("expected a mapping of clause id -> {questions, terms}", str(path))
    out = {}
    for key, entry in data.items():
        where = f"{path} ({key})"
        if key not in clause_ids:
            raise CorpusError(f"'{key}' is not a clause id in the corpus", str(path))
        if not isinstance(entry, dict) or set(entry) - {"questions", "terms"}:
            raise CorpusError("each entry takes only 'questions' and 'terms' lists", where)
        out[key] = Annotation(_strings(entry.get("questions"), "questions", where),
                              _strings(entry.get("terms"), "terms", where))
    return out


def load_vocabulary(path: Path) -> dict[str, str]:
    """Read vocabulary.yaml (optional): informal word or phrase -> document vocabulary."""
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise CorpusError("expected a mapping of word -> expansion text", str(path))
    return {str(k).lower().strip(): v.strip() for k, v in data.items() if str(k).strip() and v.strip()}


def load_out_of_scope(path: Path) -> tuple[str, ...]:
    """Read out_of_scope.yaml (optional): {topics: [example question, ...]} the sources do not cover."""
    if not path.is_file():
        return ()
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or set(data) - {"topics"}:
        raise CorpusError("expected a mapping with one key, 'topics': a list of example questions", str(path))
    return _strings(data.get("topics"), "topics", str(path))


def load_procedures(path: Path, clause_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """Read escalation.yaml (optional): concern kind ('child', 'adult') -> procedure clause ids."""
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or set(data) - set(CONCERN_KINDS):
        raise CorpusError(f"expected a mapping with the keys {', '.join(CONCERN_KINDS)}", str(path))
    out = {}
    for kind, value in data.items():
        ids = _strings(value, kind, str(path))
        unknown = [i for i in ids if i not in clause_ids]
        if unknown:
            raise CorpusError(f"'{unknown[0]}' ({kind}) is not a clause id in the corpus", str(path))
        out[kind] = ids
    return out


def load_concern_examples(path: Path) -> dict[str, tuple[str, ...]]:
    """Read concern_examples.yaml (optional): example messages under 'child', 'adult' and 'ordinary'."""
    if not path.is_file():
        return {}
    data = _read_yaml(path) or {}
    keys = (*CONCERN_KINDS, "ordinary")
    if not isinstance(data, dict) or set(data) - set(keys):
        raise CorpusError(f"expected a mapping with the keys {', '.join(keys)}", str(path))
    return {key: _strings(data.get(key), key, str(path)) for key in keys}
