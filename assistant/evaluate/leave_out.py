"""Leave one document out: an index without any per-clause training example of one document, to measure how
the assistant does on a school's own, unannotated document (`eval --leave-out DOC`).

What is removed: every entry of corpus/annotations.yaml keyed to one of DOC's clauses (its example questions
and terms). Everything else, including the other documents' examples, stays. The filtered corpus is written
afresh for each run, in <index>/leave-out/<doc>/corpus; its index lives beside it and is rebuilt only when the
filtered corpus's content changes (the index manifest's corpus hash), reusing the main index's vector cache."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import yaml

from ..corpus import load_corpus
from ..errors import ScenarioError
from ..settings import Settings
from ..yamltext import read_yaml

ANNOTATIONS = "annotations.yaml"


def without_examples(corpus_dir: Path, doc: str, target: Path) -> int:
    """Copy the corpus folder to `target` without DOC's annotations; returns how many entries went."""
    shutil.copytree(corpus_dir, target)
    path = target / ANNOTATIONS
    if not path.is_file():
        return 0
    entries = read_yaml(path) or {}
    kept = {key: value for key, value in entries.items() if not str(key).startswith(f"{doc}:")}
    path.write_text(yaml.safe_dump(kept, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return len(entries) - len(kept)


def leave_out_settings(settings: Settings, doc: str, progress=lambda message: None) -> Settings:
    """Settings whose corpus has no per-clause examples of `doc` and whose index is that corpus's own."""
    documents = [d.id for d in load_corpus(settings.corpus_dir).documents]
    if doc not in documents:
        raise ScenarioError(f"--leave-out {doc}: no such document; the corpus has {', '.join(documents)}")
    index_dir = Path(settings.index_dir) / "leave-out" / doc
    index_dir.mkdir(parents=True, exist_ok=True)
    # The filtered corpus is written afresh beside its index (not in a new temporary folder per run, which
    # nothing would remove).
    work = index_dir / "corpus"
    if work.exists():
        shutil.rmtree(work)
    removed = without_examples(Path(settings.corpus_dir), doc, work)
    progress(f"Leaving out {removed} annotated clauses of {doc} (their example questions and terms)")
    shared = Path(settings.index_dir) / "cache"
    cache = index_dir / "cache"
    if not cache.exists():  # vectors are cached by text, so the main index's cache serves this one too
        shared.mkdir(parents=True, exist_ok=True)
        cache.symlink_to(shared.resolve(), target_is_directory=True)
    return replace(settings, corpus_dir=work, index_dir=index_dir)
