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

from ..corpus.load import ANNOTATIONS, DOC_ID, ESCALATION, PARSERS, Corpus, load_corpus
from ..corpus.normalise import Normalised
from ..corpus.structure import convert, label_templates
from ..errors import CorpusError, IngestError
from ..health import Finding, check_corpus, load_rules
from ..types import AUDIENCES, AUTHORITIES
from .align import Match, align_clauses
from .clause_diff import ClauseDiff, ScenarioImpact, affected_scenarios, diff_clauses
from .references import rekey_annotations, update_escalation


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
    alignment: list[Match] = field(default_factory=list)  # old clause -> the new clause that is the same rule
    corpus_files: dict[str, str] = field(default_factory=dict)  # other corpus files to write (escalation.yaml)
    reference_notes: list[str] = field(default_factory=list)
    old_corpus: Corpus | None = None
    corpus: Corpus | None = None  # the new corpus, as loaded from the staging copy

    def writes(self, corpus_dir: Path) -> dict[Path, str]:
        """Every corpus file this ingest writes: path -> text (the manifest last)."""
        out = {Path(corpus_dir) / self.file_name: self.normalised.text}
        if self.annotations_text is not None:
            out[Path(corpus_dir) / ANNOTATIONS] = self.annotations_text
        out.update({Path(corpus_dir) / name: text for name, text in self.corpus_files.items()})
        out[Path(corpus_dir) / "manifest.yaml"] = self.manifest_text
        return out

    def id_map(self) -> dict[str, str]:
        """Old full id -> new full id, for every old clause of the document that has a counterpart."""
        return {f"{self.doc_id}:{m.old}": f"{self.doc_id}:{m.new}" for m in self.alignment}

    def old_ids(self) -> set[str]:
        return {c.id for c in self.old_corpus.clauses if c.doc == self.doc_id} if self.old_corpus else set()

    def moved(self) -> dict[str, str]:
        """Old full id -> how it moved, for the clauses whose words changed (their references need a look)."""
        return {f"{self.doc_id}:{m.old}": (f"reworded, {m.score:.0%} the same words" if m.kind == "reworded"
                                           else f"the same rule as {self.doc_id}:{m.new}, {m.score:.0%} the same words")
                for m in self.alignment if m.kind in ("reworded", "aligned")}


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


def update_annotations(text: str, diff: ClauseDiff, today: date) -> tuple[str, list[str]]:
    """Follow renumbered clauses (rename the key) and comment out entries of removed clauses, keeping the
    rest of annotations.yaml as written; return the new text and one note per change."""
    renamed = {f"{diff.doc}:{c.clause}": f"{diff.doc}:{c.new_clause}" for c in diff.of_kind("renumbered")}
    removed = {f"{diff.doc}:{c.clause}" for c in diff.of_kind("removed")}
    reworded = {f"{diff.doc}:{c.clause}": "reworded" for c in diff.of_kind("reworded")}
    return rekey_annotations(text, {**renamed, **{k: k for k in reworded}}, removed, reworded, today.isoformat())


def carry_annotations(text: str, plan: IngestPlan, today: date) -> tuple[str, list[str]]:
    """annotations.yaml with each old clause's examples under the id of its counterpart (align.py); the entries of
    old clauses with no counterpart commented out."""
    mapping, moved = plan.id_map(), plan.moved()
    return rekey_annotations(text, mapping, plan.old_ids() - set(mapping), moved, today.isoformat())


def plan_ingest(source: Path, corpus_dir: Path, scenarios_dir: Path | None, doc_id: str, title: str | None = None,
                audience: str | None = None, edition: str | None = None, authority: str | None = None,
                today: date | None = None, embed=None, normalised: Normalised | None = None) -> IngestPlan:
    """Read and convert the file, stage the new corpus in a temporary copy and load it; raise IngestError
    (nothing written) when any step fails. `embed` (texts -> vectors, the index's model) lets a replaced
    document's reworded rules be paired with the old ones by meaning (align.py); `normalised` is the file
    already converted (structure.convert), when the caller has it."""
    today = today or date.today()
    corpus_dir = Path(corpus_dir)
    if not DOC_ID.match(doc_id or ""):
        raise IngestError(f"--doc-id {doc_id!r} must be a short lowercase slug (letters, digits, hyphens)")
    if audience is not None and audience not in AUDIENCES:
        raise IngestError(f"--audience must be one of {', '.join(AUDIENCES)}")
    if authority is not None and authority not in AUTHORITIES:
        raise IngestError(f"--authority must be one of {', '.join(AUTHORITIES)}")
    normalised = normalised or convert(source)
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
        # The dates and edition described the old text: a replaced document is dated by its own front matter
        # (the health checks read 'Next review: ...' there) until someone writes new dates into the manifest.
        stale = [key for key in ("approved", "next_review", "in_force") if entry.pop(key, None) is not None]
        if stale or not edition:
            entry["edition"] = f"as ingested on {today.isoformat()} from {Path(source).name}"
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
                old_pairs = [(c.clause, c.text) for c in old.clauses if c.doc == doc_id]
                plan.diff = diff_clauses(doc_id, old_pairs, new_clauses)
                plan.alignment = align_clauses(old_pairs, new_clauses, embed=embed)
                plan.old_corpus = old
                files = sorted(Path(scenarios_dir).glob("*.yaml")) if scenarios_dir and Path(scenarios_dir).is_dir() \
                    else []
                plan.impacts, plan.scenario_problems = affected_scenarios(plan.diff, files)
                _stage_references(plan, corpus_dir, staging, old, {f"{doc_id}:{c}" for c, _ in new_clauses}, today)
            new = load_corpus(staging)
        except CorpusError as exc:
            message = str(exc).replace(str(staging), str(corpus_dir))
            raise IngestError(f"the converted document does not load, so nothing was changed: {message}") from None
        plan.findings = check_corpus(new, load_rules(), today, [doc_id])
        plan.corpus = new
    return plan


def _stage_references(plan: IngestPlan, corpus_dir: Path, staging: Path, old: Corpus, new_doc_ids: set[str],
                      today: date) -> None:
    """Carry annotations and follow the escalation procedure clauses to the new ids, in the staging copy."""
    annotations = corpus_dir / ANNOTATIONS
    if annotations.is_file():
        text = annotations.read_text(encoding="utf-8")
        updated, plan.annotation_notes = carry_annotations(text, plan, today)
        if updated != text:
            plan.annotations_text = updated
            (staging / ANNOTATIONS).write_text(updated, encoding="utf-8")
    escalation = corpus_dir / ESCALATION
    if escalation.is_file():
        text = escalation.read_text(encoding="utf-8")
        ids = {c.id for c in old.clauses if c.doc != plan.doc_id} | new_doc_ids
        updated, notes = update_escalation(text, str(escalation), plan.doc_id, plan.id_map(), plan.old_ids(), ids)
        plan.reference_notes += notes
        if updated != text:
            plan.corpus_files[ESCALATION] = updated
            (staging / ESCALATION).write_text(updated, encoding="utf-8")


def write_all(files: dict[Path, str]) -> None:
    """Write each text beside its target, then move every one into place (os.replace, atomic per file): a failure
    while writing leaves all targets as they were."""
    staged = []
    try:
        for path, text in files.items():
            tmp = Path(path).with_name(f".{Path(path).name}.ingest-tmp")
            tmp.write_text(text, encoding="utf-8")
            staged.append((tmp, Path(path)))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise IngestError(f"could not write {exc.filename}: {exc.strerror}; nothing was changed") from None
    for tmp, path in staged:
        os.replace(tmp, path)


def commit_ingest(plan: IngestPlan, corpus_dir: Path) -> Path:
    """Write the staged document, manifest and updated corpus files into the corpus folder."""
    write_all(plan.writes(corpus_dir))
    return Path(corpus_dir) / plan.file_name
