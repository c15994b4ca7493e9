"""The `setup-school` command and the report it shares with `ingest --replace` (cli.py keeps only the options)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from .errors import AssistantError, ConfigError

LISTED = 12  # clause ids listed in a line of the report; the rest are counted


def check_faq(setup, faq_file: Path | None) -> None:
    """The FAQ as it will be written must load and cite only public clauses of the new corpus (web/faq.py)."""
    if setup.faq_text is None or faq_file is None:
        return
    from .web.faq import check_clauses, parse_faq
    from .yamltext import load_yaml

    try:
        data = load_yaml(setup.faq_text)
    except Exception as exc:  # yaml.YAMLError: the rewrite broke the file, which is our bug, not the user's
        raise ConfigError(f"{faq_file}: the updated FAQ is not valid YAML ({exc}); nothing was changed") from None
    corpus = setup.ingest.corpus
    topics = parse_faq(data, str(faq_file))
    check_clauses(topics, corpus.clause_by_id(), {d.id: d for d in corpus.documents}, str(faq_file))


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:LISTED])
    return shown + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")


def print_references(setup) -> None:
    """What followed the new ids, what was left out and what to do next."""
    plan = setup.ingest
    carried = setup.carried
    click.echo(f"Examples carried across: {len(carried)} annotated clause{'s' if len(carried) != 1 else ''} of the "
               f"old {plan.doc_id} passed their example questions and terms to the same rule in the new one "
               f"({sum(m.old != m.new for m in carried)} under a new id, "
               f"{sum(m.kind in ('reworded', 'aligned') for m in carried)} reworded).")
    if setup.unmatched:
        click.echo(f"Old clauses with no counterpart ({len(setup.unmatched)}): {_ids(setup.unmatched)}")
    if setup.unannotated:
        click.echo(f"New clauses with no examples ({len(setup.unannotated)}): {_ids(setup.unannotated)}. They are "
                   "still found by their own words; add questions staff ask about them in corpus/annotations.yaml "
                   "to help retrieval.")
    for note in plan.reference_notes + setup.notes + setup.scenario_notes:
        click.echo(f"  - {note}")


def setup_school_command(settings, policy: Path, name: str, contacts: Path | None, title: str | None,
                         scenarios_dir: Path | None, dry_run: bool, no_index: bool, today: date,
                         fail: Callable[[AssistantError], None]) -> None:
    from .health.report import summary_line
    from .index.embedders import make_embedder
    from .ingest.setup import commit_setup, plan_setup

    try:
        setup = plan_setup(policy, settings.corpus_dir, settings.school_file, settings.faq_file, scenarios_dir, name,
                           contacts, title, today=today, embed=make_embedder(settings.embedder).embed)
        check_faq(setup, settings.faq_file)
    except AssistantError as exc:
        fail(exc)
        return
    plan = setup.ingest
    click.echo(f"Read {policy.name}: numbering {plan.normalised.scheme_label}, {plan.clauses} clauses.")
    title_now = plan.corpus.document(plan.doc_id).title
    click.echo(f"School: {setup.school.name}; policy: {title_now}")
    n = plan.diff.counts()
    click.echo(f"Compared with the old {plan.doc_id}: {plan.diff.unchanged} clauses unchanged, {n['renumbered']} "
               f"renumbered, {n['reworded']} reworded in place, {n['removed']} gone, {n['added']} new "
               "(by id and exact text; the examples below follow the rules by their words, or else their meaning).")
    print_references(setup)
    for note in plan.annotation_notes:
        if not note.endswith("(the clause was renumbered)"):  # the plain moves are counted above
            click.echo(f"  - {note}")
    click.echo(f"Health of {plan.doc_id}: {summary_line(plan.findings)}")
    for f in plan.findings:
        click.echo(f"  [{f.severity}] {f.label}: {f.title}")
    from .contacts import missing_names

    missing = missing_names(setup.school)
    if missing:
        click.echo(f"Contacts without a name: {', '.join(missing)} (answers name only the role; give them in "
                   f"--contacts or {settings.school_file}).")
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    try:
        written = commit_setup(setup, settings.corpus_dir)
    except AssistantError as exc:
        fail(exc)
        return
    click.echo(f"Wrote {len(written)} files: {', '.join(str(p) for p in written)}")
    click.echo("The web app reads the FAQ, contacts and corpus when it starts: restart it (`make run`).")
    if no_index:
        click.echo("Index not rebuilt (--no-index); the next command that needs it rebuilds it.")
        return
    from .corpus.load import load_corpus
    from .index.embedders import make_embedder
    from .index.store import build_index

    try:
        manifest = build_index(load_corpus(settings.corpus_dir), make_embedder(settings.embedder),
                               settings.index_dir, lambda m: click.echo(m, err=True))
    except AssistantError as exc:
        fail(exc)
        return
    click.echo(f"Index rebuilt: {manifest['clauses']} clauses.")
