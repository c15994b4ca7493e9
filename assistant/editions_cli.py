"""The `scenarios migrate` and `editions` commands (cli.py keeps only their options)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import click

from .corpus.editions import edition_table, migrate_file
from .errors import AssistantError, ScenarioError


def migrate_command(settings, file: Path, dry_run: bool, fail: Callable[[AssistantError], None]) -> None:
    from .corpus import load_corpus

    try:
        if not Path(file).is_file():
            raise ScenarioError(f"scenario file not found: {file}")
        corpus = load_corpus(settings.corpus_dir)
        changes = migrate_file(file, corpus.renames, set(corpus.clause_by_id()), dry_run=dry_run)
    except AssistantError as exc:
        fail(exc)
        return
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        fail(ScenarioError(f"{file}: {exc}"))
        return
    for line, old, new in changes:
        reason = corpus.renames[old].reason
        click.echo(f"{file}:{line}: {old} -> {new} ({reason})")
    verb = "would change" if dry_run else "changed"
    click.echo(f"{len(changes)} clause id{'s' if len(changes) != 1 else ''} {verb} in {file}"
               f"{' (dry run: nothing written)' if dry_run else ''}.")


def editions_table_command(settings, as_json: bool, today: date, fail: Callable[[AssistantError], None]) -> None:
    try:
        rows = edition_table(settings.corpus_dir, today)
    except AssistantError as exc:
        fail(exc)
        return
    if as_json:
        click.echo(json.dumps({"today": today.isoformat(), "documents": rows}, indent=2, ensure_ascii=False))
        return
    click.echo(f"Editions as of {today.isoformat()}:")
    for r in rows:
        mark = {"current": "ok   ", "superseded": "STALE", "not tracked": "-    "}[r["status"]]
        since = f", in force {r['in_force']}" if r["in_force"] else ""
        click.echo(f"  {mark} {r['doc']}: {r['edition']}{since}: {r['why']}")
