"""Bring a school document into the corpus: extract, normalise, validate in a staging copy, then write.

Nothing in the corpus folder changes until the new file has been parsed by the real parser and the whole
corpus (manifest, annotations) loads from a staging copy; a failure at any step leaves the folder as it was.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from ..corpus.load import ANNOTATIONS, DOC_ID, PARSERS, load_corpus
from ..corpus.normalise import Normalised
from ..corpus.structure import convert, label_templates
from ..errors import CorpusError, IngestError
from ..health import Finding, check_corpus, load_rules
from ..types import AUDIENCES, AUTHORITIES
from .clause_diff import ClauseDiff, ScenarioImpact, affected_scenarios, diff_clauses


@dataclass
class IngestPlan:
    """Everything an ingest would do, worked out and validated, before anything is written."""

    doc_id: str
    source: Path
    normalised: Normalised
    file_name: str  # inside the corpus folder
    manifest_text: str
    clauses: int
    replacing: bool
    diff: ClauseDiff | None = None
    impacts: list[ScenarioImpact] = field(default_factory=list)
    scenario_problems: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    annotations_text: str | None = None  # annotations.yaml updated for renumbered / removed clauses
    annotation_notes: list[str] = field(default_factory=list)


def _label(title: str) -> str:
    return title.replace("{", "{{").replace("}", "}}") + " {clause}"


def _entry_block(entry: dict) -> str:
    dumped = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return "".join(f"  {line}\n" for line in dumped.splitlines())


def _manifest_with(text: str, data: dict, entry: dict, replacing: bool) -> str:
    """The manifest text with the entry appended or replaced, keeping the rest of the file as written."""
    if replacing:
        block = re.compile(rf"(?ms)^  - id: {re.escape(entry['id'])}[ \t]*\n.*?(?=^  - id: |\Z)")
        if block.search(text):
            return block.sub(lambda m: _entry_block(entry) + ("\n" if m.group(0).endswith("\n\n") else ""),
                             text, count=1)
        data = dict(data)
        data["documents"] = [entry if d.get("id") == entry["id"] else d for d in data["documents"]]
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return text.rstrip("\n") + "\n\n" + _entry_block(entry)


KEY_LINE = re.compile(r"^([^\s#'\"][^\s]*|'[^']+'|\"[^\"]+\"):[ \t]*$")


def update_annotations(text: str, diff: ClauseDiff, today: date) -> tuple[str, list[str]]:
    """Follow renumbered clauses (rename the key) and comment out entries of removed clauses, keeping the
    rest of annotations.yaml as written; return the new text and one note per change."""
    renamed = {f"{diff.doc}:{c.clause}": f"{diff.doc}:{c.new_clause}" for c in diff.of_kind("renumbered")}
    removed = {f"{diff.doc}:{c.clause}" for c in diff.of_kind("removed")}
    reworded = {f"{diff.doc}:{c.clause}" for c in diff.of_kind("reworded")}
    out, notes, dropping = [], [], False
    for line in text.splitlines(keepends=True):
        key = KEY_LINE.match(line.rstrip("\n"))
        if key or (line[:1].strip() and not line.startswith("#")):
            dropping = False
        name = key.group(1).strip("'\"") if key else ""
        if name in renamed:
            out.append(line.replace(key.group(1), renamed[name], 1))
            notes.append(f"annotations: {name} renamed to {renamed[name]} (the clause was renumbered)")
            continue
        if name in removed:
            dropping = True
            out.append(f"# {name} was removed from the document (ingest, {today.isoformat()}); kept for reference:\n")
            notes.append(f"annotations: {name} commented out (the clause was removed)")
        if name in reworded:
            notes.append(f"annotations: {name} kept; check its questions still fit the reworded clause")
        out.append(f"# {line}" if dropping else line)
    return "".join(out), notes


def plan_ingest(source: Path, corpus_dir: Path, scenarios_dir: Path | None, doc_id: str, title: str | None = None,
                audience: str | None = None, edition: str | None = None, authority: str | None = None,
                today: date | None = None) -> IngestPlan:
    """Read and convert the file, stage the new corpus in a temporary copy and load it; raise IngestError
    (nothing written) when any step fails."""
    today = today or date.today()
    corpus_dir = Path(corpus_dir)
    if not DOC_ID.match(doc_id or ""):
        raise IngestError(f"--doc-id {doc_id!r} must be a short lowercase slug (letters, digits, hyphens)")
    if audience is not None and audience not in AUDIENCES:
        raise IngestError(f"--audience must be one of {', '.join(AUDIENCES)}")
    if authority is not None and authority not in AUTHORITIES:
        raise IngestError(f"--authority must be one of {', '.join(AUTHORITIES)}")
    normalised = convert(source)
    by_section = normalised.scheme == "sections"  # labels name the section and point (structure.py)
    try:
        old = load_corpus(corpus_dir)
    except CorpusError as exc:
        raise IngestError(f"the current corpus does not load, so nothing was changed: {exc}") from None
    manifest_path = corpus_dir / "manifest.yaml"
    manifest_text = manifest_path.read_text(encoding="utf-8")
    data = yaml.safe_load(manifest_text)
    existing = next((d for d in data["documents"] if d.get("id") == doc_id), None)
    if existing is None:
        missing = [name for name, value in (("--title", title), ("--audience", audience)) if not value]
        if missing:
            raise IngestError(f"a new document needs {' and '.join(missing)}")
        file_name = f"{doc_id}.txt"
        taken = {d.file for d in old.documents}
        if file_name in taken or (corpus_dir / file_name).exists():
            raise IngestError(f"{corpus_dir / file_name} already exists; choose another --doc-id")
        entry = {"id": doc_id, "title": title, "file": file_name, "format": normalised.format,
                 "authority": authority or "school policy", "audience": audience,
                 "edition": edition or f"as ingested on {today.isoformat()} from {Path(source).name}",
                 "url": None, "label": _label(title),
                 "label_slug": label_templates(title)[1] if by_section else _label(title)}
    else:
        entry = dict(existing)
        file_name = str(entry["file"])
        entry["format"] = normalised.format
        if by_section and entry.get("label_slug", _label(str(entry["title"]))) == _label(str(entry["title"])):
            entry["label_slug"] = label_templates(str(title or entry["title"]))[1]  # the default label, for points
        for key, value in (("title", title), ("audience", audience), ("edition", edition), ("authority", authority)):
            if value:
                entry[key] = value
    new_manifest = _manifest_with(manifest_text, data, entry, existing is not None)

    with tempfile.TemporaryDirectory(prefix="policy-assistant-ingest-") as tmp:
        staging = Path(tmp) / "corpus"
        shutil.copytree(corpus_dir, staging)
        (staging / file_name).write_text(normalised.text, encoding="utf-8")
        (staging / "manifest.yaml").write_text(new_manifest, encoding="utf-8")
        try:
            parsed = PARSERS[normalised.format](normalised.text, str(corpus_dir / file_name))
            new_clauses = [(c.clause, c.text) for c in parsed.clauses]
            plan = IngestPlan(doc_id, Path(source), normalised, file_name, new_manifest, len(new_clauses),
                              existing is not None)
            if existing is not None:
                plan.diff = diff_clauses(doc_id, [(c.clause, c.text) for c in old.clauses if c.doc == doc_id],
                                         new_clauses)
                files = sorted(Path(scenarios_dir).glob("*.yaml")) if scenarios_dir and Path(scenarios_dir).is_dir() \
                    else []
                plan.impacts, plan.scenario_problems = affected_scenarios(plan.diff, files)
                annotations = corpus_dir / ANNOTATIONS
                if annotations.is_file():
                    text = annotations.read_text(encoding="utf-8")
                    updated, plan.annotation_notes = update_annotations(text, plan.diff, today)
                    if updated != text:
                        plan.annotations_text = updated
                        (staging / ANNOTATIONS).write_text(updated, encoding="utf-8")
            new = load_corpus(staging)
        except CorpusError as exc:
            message = str(exc).replace(str(staging), str(corpus_dir))
            raise IngestError(f"the converted document does not load, so nothing was changed: {message}") from None
        plan.findings = check_corpus(new, load_rules(), today, [doc_id])
    return plan


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.ingest-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def commit_ingest(plan: IngestPlan, corpus_dir: Path) -> Path:
    """Write the staged document and manifest into the corpus folder (each file replaced atomically)."""
    target = Path(corpus_dir) / plan.file_name
    _write_atomic(target, plan.normalised.text)
    if plan.annotations_text is not None:
        _write_atomic(Path(corpus_dir) / ANNOTATIONS, plan.annotations_text)
    _write_atomic(Path(corpus_dir) / "manifest.yaml", plan.manifest_text)
    return target
