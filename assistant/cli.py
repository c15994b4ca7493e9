"""Command line: index, search, ask. Heavy libraries load only inside the commands that need them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import AssistantError, IngestError
from .settings import Settings


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _fail(exc: AssistantError) -> None:
    """Print a domain error as one line and exit with the error's code (2 for bad input, 1 for anything else)."""
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


def _engine(ctx: click.Context):
    from .engine import Engine

    return Engine.load(ctx.obj["settings"], progress=_progress)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None,
              help="Corpus folder (default: ./corpus, or $POLICY_ASSISTANT_CORPUS).")
@click.option("--index-dir", type=click.Path(path_type=Path), default=None,
              help="Index folder (default: ./index, or $POLICY_ASSISTANT_INDEX).")
@click.version_option(package_name="policy-assistant")
@click.pass_context
def cli(ctx: click.Context, corpus_dir: Path | None, index_dir: Path | None) -> None:
    """Answer staff questions about the school's policies (corpus/manifest.yaml) and the statutory
    guidance (KCSIE), citing the exact clauses.

    \b
    Example:
        policy-assistant ask "Can I accept a friend request from a pupil?"
    """
    try:
        ctx.obj = {"settings": Settings.from_env(corpus_dir=corpus_dir, index_dir=index_dir)}
    except AssistantError as exc:
        _fail(exc)


@cli.command("index")
@click.option("--force", is_flag=True, help="Rebuild even if the index is current.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Embed every text again instead of reusing the vectors of the last build (and refresh them).")
@click.pass_context
def index_command(ctx: click.Context, force: bool, no_cache: bool) -> None:
    """Build the search index from the corpus (only when missing or stale, unless --force). Texts embedded
    by the last build are not embedded again, unless --no-cache.

    \b
    Example:
        policy-assistant index --force
    """
    from .corpus.load import load_corpus
    from .index.embedders import index_builder, make_embedder
    from .index.store import build_index, check_index, expected_identity

    settings: Settings = ctx.obj["settings"]
    try:
        corpus = load_corpus(settings.corpus_dir)
        embedder = make_embedder(settings.embedder)
        _progress(f"Corpus: {len(corpus.documents)} documents, {len(corpus.clauses)} clauses")
        if not force:
            try:
                manifest = check_index(settings.index_dir, expected_identity(corpus, embedder))
                click.echo(f"Index is up to date ({manifest['clauses']} clauses, built {manifest['built_at']}).")
                return
            except AssistantError as reason:
                _progress(f"Building the index: {reason}.")
        manifest = build_index(corpus, index_builder(embedder, settings.index_embedder), settings.index_dir,
                               _progress, cache=not no_cache)
        click.echo(f"Indexed {manifest['clauses']} clauses in {manifest['build_seconds']} s.")
    except AssistantError as exc:
        _fail(exc)


@cli.command("search")
@click.argument("question")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100), help="How many clauses.")
@click.option("--audience", type=click.Choice(["staff", "parent"]), default="staff", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
def search_command(ctx: click.Context, question: str, k: int, audience: str, as_json: bool) -> None:
    """Show the clauses that best match a question, with ids, labels and scores.

    \b
    Example:
        policy-assistant search "posting photos of pupils" -k 3
    """
    try:
        engine = _engine(ctx)
        hits = engine.search(question, audience=audience, k=k)
    except AssistantError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps([{"id": h.clause.id, "label": h.clause.label, "score": round(h.score, 5),
                                "dense": round(h.dense, 4), "dense_rank": h.dense_rank,
                                "lexical_rank": h.lexical_rank, "text": h.clause.text} for h in hits],
                              indent=2, ensure_ascii=False))
        return
    for rank, hit in enumerate(hits, start=1):
        text = " ".join(hit.clause.text.split())
        click.echo(f"{rank}. {hit.clause.label}  [{hit.clause.id}]  score {hit.score:.4f}  cosine {hit.dense:.3f}")
        click.echo(f"   {text[:200]}{'...' if len(text) > 200 else ''}")


@cli.command("ask")
@click.argument("question")
@click.option("--audience", type=click.Choice(["staff", "parent"]), default="staff", show_default=True,
              help="parent: answer only from documents whose audience is public.")
@click.option("--json", "as_json", is_flag=True, help="Print the answer object (docs/contracts.md section 4).")
@click.pass_context
def ask_command(ctx: click.Context, question: str, audience: str, as_json: bool) -> None:
    """Answer a question with a verdict and verified clause citations.

    \b
    Examples:
        policy-assistant ask "Can I accept a friend request from a pupil?"
        policy-assistant ask "Will staff post photos of my child?" --audience parent --json
    """
    from .answer.text import body, tag
    from .engine import clean_question

    settings: Settings = ctx.obj["settings"]
    try:
        clean_question(question, settings.max_question_chars)  # bad input fails before any loading
        answer = _engine(ctx).ask(question, audience=audience)
    except AssistantError as exc:
        _fail(exc)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
        return
    if answer.escalation:
        click.secho(f"!! {answer.escalation.reason}", fg="red", bold=True)
        click.secho(f"   {answer.escalation.contact}", fg="red")
        click.echo()
    click.secho(tag(answer.verdict), bold=True)
    click.echo(body(answer))
    if answer.mode == "generated":
        click.echo("(Wording by the configured language model; verdict, citations and quotes checked against the "
                   "clauses.)")
    if answer.citations:
        click.echo()
        click.echo("Related clauses (not an answer):" if answer.verdict == "not_covered" else "Sources:")
        for citation in answer.citations:
            click.echo(f"  - {citation.label} [{citation.id}]")


@cli.command("eval")
@click.option("--scenarios", "scenario_file", required=True, type=click.Path(path_type=Path),
              help="A scenario YAML file (docs/contracts.md section 5), e.g. eval/scenarios/dev.yaml.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Write summary and per-scenario results.")
@click.option("--html-out", type=click.Path(path_type=Path), help="Write an HTML report with charts.")
@click.option("--failures/--no-failures", default=True, show_default=True, help="List scenarios that failed.")
@click.option("--leave-out", "leave_out", metavar="DOC",
              help="Answer from an index without any per-clause example of document DOC (e.g. policy): the figure "
                   "for a school's own, unannotated document. Built once and reused while the corpus is unchanged.")
@click.pass_context
def eval_command(ctx: click.Context, scenario_file: Path, json_out: Path | None, html_out: Path | None,
                 failures: bool, leave_out: str | None) -> None:
    """Run a scenario file through the assistant and print the metrics.

    \b
    Examples:
        policy-assistant eval --scenarios eval/scenarios/test.yaml --html-out eval-report.html
        policy-assistant eval --scenarios eval/scenarios/test.yaml --leave-out policy
    """
    import shutil

    from .engine import Engine
    from .evaluate.leave_out import leave_out_settings
    from .evaluate.report import html_report
    from .evaluate.run import evaluate
    from .evaluate.scenarios import load_scenarios

    settings = ctx.obj["settings"]
    try:
        if leave_out:
            settings = leave_out_settings(settings, leave_out, _progress)
        try:
            engine = Engine.load(settings, progress=_progress)
            scenarios = load_scenarios(scenario_file, set(engine.clauses), engine.corpus.renames,
                                       lambda line: click.echo(line, err=True))
            with click.progressbar(length=len(scenarios), label="Scenarios", file=sys.stderr) as bar:
                run = evaluate(engine, scenarios, lambda done, total: bar.update(1))
        finally:
            if leave_out:
                shutil.rmtree(settings.corpus_dir.parent, ignore_errors=True)  # the filtered copy
    except AssistantError as exc:
        _fail(exc)
    summary = run["summary"]
    if leave_out:
        run["leave_out"] = leave_out
        click.echo(f"{'left out':>24}: the per-clause examples of {leave_out}")
    for key, value in summary.items():
        click.echo(f"{key:>24}: {'-' if value is None else value}")
    for doc, figures in run["by_document"].items():
        click.echo(f"{'only ' + doc + ' clauses':>24}: {figures['scenarios']} scenarios, hit@1 {figures['hit@1']}, "
                   f"hit@3 {figures['hit@3']}")
    if failures:
        failed = [r for r in run["results"] if not r["passed"]]
        click.echo(f"\n{len(failed)} of {len(run['results'])} scenarios did not pass:")
        for r in failed:
            expected = ", ".join(r["expected_clauses"]) or "(out of scope)"
            verdicts = "/".join(r["expected_verdict"] or ["-"])
            click.echo(f"- {r['id']}: {r['question'][:90]}")
            click.echo(f"    expected {expected} [{verdicts}]; got {', '.join(r['citations'][:3]) or '-'} "
                       f"[{r['verdict']}]{' +escalation' if r['escalation'] else ''}")
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(run, indent=2, ensure_ascii=False), encoding="utf-8")
        click.echo(f"Results written to {json_out}", err=True)
    if html_out:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(html_report(run, str(scenario_file)), encoding="utf-8")
        click.echo(f"Report written to {html_out}", err=True)


def _today(value: str | None):
    """--today YYYY-MM-DD, or the real date."""
    from datetime import date

    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-03-21", param_hint="--today") from None


@cli.command("health")
@click.option("--doc", "doc_ids", multiple=True, help="Check only this document id (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--html", "html_out", type=click.Path(path_type=Path), help="Also write an HTML report to this file.")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="Check as of this date (default: today).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(path_type=Path),
              help="Extra rules file (repeatable); a rule with a default rule's id replaces it.")
@click.option("--fail-on", type=click.Choice(["high", "medium", "low"]),
              help="Exit 3 if there is a finding of this severity or worse (for CI).")
@click.pass_context
def health_command(ctx: click.Context, doc_ids: tuple[str, ...], as_json: bool, html_out: Path | None,
                   today_text: str | None, rule_files: tuple[Path, ...], fail_on: str | None) -> None:
    """Check the school's own documents: review date, numbering, template text left in, outdated
    references, links and contact routes. Each finding gives the clause, the fact behind it with its
    source, and a fix. Exit code 0 even with findings, unless --fail-on.

    \b
    Examples:
        policy-assistant health
        policy-assistant health --json --today 2026-04-01
        policy-assistant health --rules my-rules.yaml --fail-on high
    """
    from .corpus.load import load_corpus
    from .health import SEVERITIES, check_corpus, load_rules, report_dict
    from .health.report import render_html, render_text

    today = _today(today_text)
    settings: Settings = ctx.obj["settings"]
    try:
        corpus = load_corpus(settings.corpus_dir)
        rules = load_rules(rule_files)
        findings = check_corpus(corpus, rules, today, doc_ids or None)
    except AssistantError as exc:
        _fail(exc)
    checked = [d for d in corpus.documents if (d.id in doc_ids if doc_ids else any(r.applies_to(d) for r in rules))]
    titles = {d.id: d.title for d in checked}
    if as_json:
        click.echo(json.dumps(report_dict(findings, today, list(titles)), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(findings, today, titles), nl=False)
        _warn_missing_contacts(settings)
    if html_out:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(render_html(findings, today, titles), encoding="utf-8")
        click.echo(f"Report written to {html_out}", err=True)
    if fail_on and any(SEVERITIES.index(f.severity) <= SEVERITIES.index(fail_on) for f in findings):
        sys.exit(3)


@cli.group("scenarios")
def scenarios_group() -> None:
    """Maintain scenario files (docs/contracts.md section 5).

    \b
    Example:
        policy-assistant scenarios migrate eval/scenarios/dev.yaml --dry-run
    """


@scenarios_group.command("migrate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print the changes; write nothing.")
@click.pass_context
def scenarios_migrate(ctx: click.Context, file: Path, dry_run: bool) -> None:
    """Rewrite the clause ids that corpus/renames.yaml moved (an edition renumbered them) to their new ids,
    in place; comments and layout are kept.

    \b
    Example:
        policy-assistant scenarios migrate my-scenarios.yaml --dry-run
    """
    from .editions_cli import migrate_command

    migrate_command(ctx.obj["settings"], file, dry_run, _fail)


@cli.command("editions")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="As of this date (default: today).")
@click.pass_context
def editions_command(ctx: click.Context, as_json: bool, today_text: str | None) -> None:
    """Each document's edition, in-force date and whether a later edition has superseded it
    (from corpus/manifest.yaml and corpus/editions.yaml).

    \b
    Example:
        policy-assistant editions
    """
    from .editions_cli import editions_table_command

    editions_table_command(ctx.obj["settings"], as_json, _today(today_text), _fail)


def _warn_missing_contacts(settings: Settings) -> None:
    """Answers name only the role for contacts without a name: say which, and where to fill them in."""
    from .contacts import load_school, missing_names

    try:
        missing = missing_names(load_school(settings.school_file))
    except AssistantError as exc:
        click.secho(f"School contacts: {exc}", fg="red", err=True)
        return
    if missing:
        click.secho(f"\nSchool contacts without a name: {', '.join(missing)}. Answers name only the role until "
                    f"you fill them in ({settings.school_file}).", fg="yellow")


def _print_diff(plan) -> None:
    diff = plan.diff
    n = diff.counts()
    click.echo(f"Changes to {plan.doc_id}: {n['added']} added, {n['removed']} removed, {n['reworded']} reworded, "
               f"{n['renumbered']} renumbered, {diff.unchanged} unchanged")
    marks = {"added": "+", "removed": "-", "reworded": "~", "renumbered": ">"}
    for c in diff.changes:
        text = c.new_text or c.old_text
        extra = (f" ({c.similarity:.0%} similar)" if c.kind == "reworded"
                 else f" -> {plan.doc_id}:{c.new_clause}" if c.kind == "renumbered" else "")
        click.echo(f"  {marks[c.kind]} {plan.doc_id}:{c.clause}{extra}  {text[:90]}{'...' if len(text) > 90 else ''}")
    if plan.impacts:
        click.echo(f"Scenarios whose expected clauses changed ({len(plan.impacts)}): update them before the next eval")
        for i in plan.impacts:
            click.echo(f"  - {i.file}: {i.scenario} expects {i.clause} ({i.change})")
    else:
        click.echo("No scenario expects a removed, reworded or renumbered clause.")
    for problem in plan.scenario_problems:
        click.echo(f"  (not checked: {problem})")
    for note in plan.annotation_notes:
        click.echo(f"  {note}")


@cli.command("ingest")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--doc-id", required=True, help="Short lowercase id, the <doc> part of every clause id.")
@click.option("--title", help="Document title (required for a new document).")
@click.option("--audience", type=click.Choice(["public", "staff"]),
              help="public: parents may see it (required for a new document).")
@click.option("--edition", help='Edition or version, e.g. "Version 2, approved 2026-09-01".')
@click.option("--authority", type=click.Choice(["school policy", "statutory guidance", "non-statutory guidance",
                                                "support service"]), help="Default for a new document: school policy.")
@click.option("--replace", is_flag=True, help="Overwrite an existing document with this id.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--no-index", is_flag=True, help="Do not rebuild the index afterwards.")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="Date for the health checks (default: today).")
@click.pass_context
def ingest_command(ctx: click.Context, file: Path, doc_id: str, title: str | None, audience: str | None,
                   edition: str | None, authority: str | None, replace: bool, dry_run: bool, no_index: bool,
                   today_text: str | None) -> None:
    """Bring a school document (.md, .txt, .docx, .pdf, .html) into the corpus: detect its numbering (1.0 / 1.1,
    1., (a), i., or none: points by section, e.g. roles-and-responsibilities(3)), write the corpus file and
    manifest entry, run the health
    checks on it and rebuild the index. For an existing id, show the clause diff and the scenarios it
    affects; --replace writes it. A file that cannot be used changes nothing (exit 2).

    \b
    Examples:
        policy-assistant ingest bullying.docx --doc-id bullying --title "Anti-bullying Policy" --audience public
        policy-assistant ingest policy-v2.pdf --doc-id policy --dry-run
    """
    from .health.report import summary_line
    from .ingest.plan import commit_ingest, plan_ingest
    from .ingest.setup import commit_setup, plan_config
    from .setup_cli import check_faq, print_references

    settings: Settings = ctx.obj["settings"]
    today = _today(today_text)
    setup = None
    try:
        from .index.embedders import make_embedder

        plan = plan_ingest(file, settings.corpus_dir, settings.scenarios_dir, doc_id, title, audience, edition,
                           authority, today, embed=make_embedder(settings.embedder).embed)
        if plan.replacing:  # the school file, FAQ and scenarios follow the clause ids too (ingest/setup.py)
            setup = plan_config(plan, settings.school_file, settings.faq_file, settings.scenarios_dir)
            check_faq(setup, settings.faq_file)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"Read {file.name}: numbering {plan.normalised.scheme_label}, {plan.clauses} clauses "
               f"(corpus format: {plan.normalised.format}).")
    if plan.diff is not None:
        _print_diff(plan)
    if setup is not None:
        print_references(setup)
    click.echo(f"Health of {doc_id}: {summary_line(plan.findings)}")
    for f in plan.findings:
        click.echo(f"  [{f.severity}] {f.label}: {f.title}")
    if plan.replacing and not replace and not dry_run:
        _fail(IngestError(f"document '{doc_id}' is already in the corpus; nothing was changed. "
                          "Rerun with --replace to overwrite it, or use another --doc-id"))
    if dry_run:
        click.echo("Dry run: nothing was written.")
        return
    try:
        target = commit_setup(setup, settings.corpus_dir)[0] if setup else commit_ingest(plan, settings.corpus_dir)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"Wrote {target} and its manifest entry" + (f", and updated {len(setup.files)} config and scenario "
                                                          "files" if setup and setup.files else "") + ".")
    if no_index:
        click.echo("Index not rebuilt (--no-index); the next command that needs it rebuilds it.")
        return
    from .corpus.load import load_corpus
    from .index.embedders import make_embedder
    from .index.store import build_index

    try:
        manifest = build_index(load_corpus(settings.corpus_dir), make_embedder(settings.embedder),
                               settings.index_dir, _progress)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"Index rebuilt: {manifest['clauses']} clauses.")


@cli.command("setup-school")
@click.option("--policy", "policy", required=True, type=click.Path(path_type=Path),
              help="The school's own policy (.docx, .pdf, .html, .md, .txt); it replaces the shipped one.")
@click.option("--name", required=True, help='The school\'s name, e.g. "Oakfield Primary School".')
@click.option("--contacts", type=click.Path(path_type=Path),
              help="A YAML file with a 'contacts:' section like config/school.yaml's; roles left out keep theirs.")
@click.option("--title", help="The policy's title (default: the document's first line).")
@click.option("--scenarios-dir", type=click.Path(path_type=Path), default=None,
              help="Scenario files whose clause ids follow the new numbering (default: eval/scenarios).")
@click.option("--dry-run", is_flag=True, help="Show the report; write nothing.")
@click.option("--no-index", is_flag=True, help="Do not rebuild the index afterwards.")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", help="Date for the health checks (default: today).")
@click.pass_context
def setup_school(ctx: click.Context, policy: Path, name: str, contacts: Path | None, title: str | None,
                 scenarios_dir: Path | None, dry_run: bool, no_index: bool, today_text: str | None) -> None:
    """Set the assistant up for your school in one step: replace the shipped policy with yours, write the
    school's name (and contacts) to config/school.yaml, and follow every clause id the old policy's data files
    name (escalation, FAQ, annotations, scenarios) to the same rule in yours. The report says what was carried
    across, what has no counterpart and what to do next. Any failure changes nothing.

    \b
    Example:
        policy-assistant setup-school --policy our-policy.docx --name "Oakfield Primary School" --contacts contacts.yaml
    """
    from .setup_cli import setup_school_command

    setup_school_command(ctx.obj["settings"], policy, name, contacts, title,
                         scenarios_dir or ctx.obj["settings"].scenarios_dir, dry_run, no_index, _today(today_text),
                         _fail)


@cli.group("users")
def users_group() -> None:
    """Manage who may sign in to the web app (roles: staff, trainer, admin). The users file is
    data/users.json (or $POLICY_ASSISTANT_DATA/users.json); passwords are stored as argon2 hashes.

    \b
    Example:
        policy-assistant users add j.smith --role trainer
    """


def _user_store(ctx: click.Context):
    from .web.users import UserStore

    return UserStore(ctx.obj["settings"].data_dir / "users.json")


@users_group.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["staff", "trainer", "admin"]), default="staff", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="At least 10 characters; prompted for (hidden) when not given.")
@click.option("--replace", is_flag=True, help="Change an existing user's role or password.")
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str, password: str, replace: bool) -> None:
    """Add a user (or, with --replace, change one).

    \b
    Example:
        policy-assistant users add j.smith --role staff
    """
    try:
        user = _user_store(ctx).add(name, role, password, replace=replace)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"{'Updated' if replace else 'Added'} {user.name} ({user.role}).")


@users_group.command("reset-password")
@click.argument("name")
@click.option("--password", default=None, help="The new password (at least 10 characters); without it a random "
              "one is made and printed once.")
@click.pass_context
def users_reset_password(ctx: click.Context, name: str, password: str | None) -> None:
    """Give a user a new password (e.g. a lost admin password); every session they have ends.

    \b
    Example:
        policy-assistant users reset-password admin
    """
    from .web.users import generate_password

    chosen = password or generate_password()
    try:
        user = _user_store(ctx).set_password(name, chosen)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"New password for {user.name} ({user.role}): {chosen}" if password is None
               else f"Password changed for {user.name} ({user.role}).")
    click.echo("Their existing sessions have ended; they sign in again with the new password.")


@users_group.command("remove")
@click.argument("name")
@click.pass_context
def users_remove(ctx: click.Context, name: str) -> None:
    """Remove a user; they are signed out at their next request.

    \b
    Example:
        policy-assistant users remove j.smith
    """
    try:
        _user_store(ctx).remove(name)
    except AssistantError as exc:
        _fail(exc)
    click.echo(f"Removed {name}.")


@users_group.command("list")
@click.pass_context
def users_list(ctx: click.Context) -> None:
    """List users and their roles.

    \b
    Example:
        policy-assistant users list
    """
    try:
        users = _user_store(ctx).list()
    except AssistantError as exc:
        _fail(exc)
    if not users:
        click.echo("No users yet: `make run` creates 'admin' on first start, or use `policy-assistant users add`.")
    for user in users:
        click.echo(f"{user.name}\t{user.role}")


def main() -> None:
    cli(prog_name="policy-assistant")


if __name__ == "__main__":
    main()
