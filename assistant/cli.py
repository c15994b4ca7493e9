"""Command line: index, search, ask. Heavy libraries load only inside the commands that need them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .errors import AssistantError, QuestionError, ScenarioError
from .settings import Settings

VERDICT_WORDS = {
    "prohibited": "NO", "discouraged": "ADVISED AGAINST", "conditional": "YES, IF", "permitted": "YES",
    "required": "YOU MUST", "info": "INFORMATION", "not_covered": "NOT COVERED",
}


def _progress(message: str) -> None:
    click.echo(message, err=True)


def _fail(exc: AssistantError) -> None:
    """Print a domain error as one line; bad input exits 2, anything else 1."""
    click.echo(f"Error: {exc}", err=True)
    sys.exit(2 if isinstance(exc, QuestionError | ScenarioError) else 1)


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
    """Answer staff questions about the school's Social Media and Networking Policy and KCSIE,
    citing the exact clauses.

    \b
    Example:
        policy-assistant ask "Can I accept a friend request from a pupil?"
    """
    ctx.obj = {"settings": Settings.from_env(corpus_dir=corpus_dir, index_dir=index_dir)}


@cli.command("index")
@click.option("--force", is_flag=True, help="Rebuild even if the index is current.")
@click.pass_context
def index_command(ctx: click.Context, force: bool) -> None:
    """Build the search index from the corpus (only when missing or stale, unless --force).

    \b
    Example:
        policy-assistant index --force
    """
    from .corpus import load_corpus
    from .embedder import index_builder, make_embedder
    from .index_store import build_index, check_index, expected_identity

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
                               _progress)
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
@click.option("--json", "as_json", is_flag=True, help="Print the answer object (CONTRACTS.md section 4).")
@click.pass_context
def ask_command(ctx: click.Context, question: str, audience: str, as_json: bool) -> None:
    """Answer a question with a verdict and verified clause citations.

    \b
    Examples:
        policy-assistant ask "Can I accept a friend request from a pupil?"
        policy-assistant ask "Will staff post photos of my child?" --audience parent --json
    """
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
    click.secho(f"[{VERDICT_WORDS[answer.verdict]}]", bold=True)
    click.echo(answer.answer)
    if answer.citations:
        click.echo()
        click.echo("Related clauses (not an answer):" if answer.verdict == "not_covered" else "Sources:")
        for citation in answer.citations:
            click.echo(f"  - {citation.label} [{citation.id}]")


@cli.command("eval")
@click.option("--scenarios", "scenario_file", required=True, type=click.Path(path_type=Path),
              help="A scenario YAML file (CONTRACTS.md section 5), e.g. eval/scenarios/dev.yaml.")
@click.option("--json-out", type=click.Path(path_type=Path), help="Write summary and per-scenario results.")
@click.option("--html-out", type=click.Path(path_type=Path), help="Write an HTML report with charts.")
@click.option("--failures/--no-failures", default=True, show_default=True, help="List scenarios that failed.")
@click.pass_context
def eval_command(ctx: click.Context, scenario_file: Path, json_out: Path | None, html_out: Path | None,
                 failures: bool) -> None:
    """Run a scenario file through the assistant and print the metrics.

    \b
    Example:
        policy-assistant eval --scenarios eval/scenarios/test.yaml --html-out eval-report.html
    """
    from .evaluate import evaluate
    from .report import html_report
    from .scenarios import load_scenarios

    try:
        engine = _engine(ctx)
        scenarios = load_scenarios(scenario_file, set(engine.clauses))
        with click.progressbar(length=len(scenarios), label="Scenarios", file=sys.stderr) as bar:
            run = evaluate(engine, scenarios, lambda done, total: bar.update(1))
    except AssistantError as exc:
        _fail(exc)
    summary = run["summary"]
    for key, value in summary.items():
        click.echo(f"{key:>24}: {'-' if value is None else value}")
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


def main() -> None:
    cli(prog_name="policy-assistant")


if __name__ == "__main__":
    main()
