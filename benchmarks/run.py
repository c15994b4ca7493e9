"""`make bench`: compare pipelines, time cold starts, study scale; write benchmarks/RESULTS.md.

    python -m benchmarks.run                       # everything, medians over repeats (several minutes)
    python -m benchmarks.run --quick               # tiny sizes, one repeat: checks the harness runs
    python -m benchmarks.run --sections scale --sizes 10000,100000,300000   # sections: pipelines,cold,throughput,scale
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from . import cold, compare, pipelines, report, scale, throughput

SECTIONS = ("pipelines", "cold", "throughput", "scale")
PROJECT_SEARCH_MAX = 100_000  # retrieve.search() takes ~130 ms a question at 100k; more would take minutes
HERE = Path(__file__).resolve().parent


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="tiny sizes and one repeat (CI smoke of the harness)")
    p.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated subset of {', '.join(SECTIONS)}")
    p.add_argument("--scenarios", type=Path, default=HERE.parent / "eval/scenarios/test.yaml")
    p.add_argument("--repeats", type=int, help="passes over the scenarios / scale queries (default 5, quick 1)")
    p.add_argument("--cold-repeats", type=int, help="fresh processes per cold measurement (default 5, quick 1)")
    p.add_argument("--sizes", help="scale study sizes (default 10000,30000,100000,300000; quick 2000)")
    p.add_argument("--queries", type=int, help="scale study queries per size (default 200, quick 20)")
    p.add_argument("--baseline-embedder", default="minilm-torch",
                   help="embedder of the baseline pipelines (default: the model through sentence-transformers)")
    p.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    p.add_argument("--json-out", type=Path, help="also write the raw numbers as JSON")
    args = p.parse_args(argv)
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections {', '.join(sorted(unknown))}; known: {', '.join(SECTIONS)}")
    args.repeats = args.repeats or (1 if args.quick else 5)
    args.cold_repeats = args.cold_repeats or (1 if args.quick else 5)
    args.sizes = [int(s) for s in (args.sizes or ("2000" if args.quick else "10000,30000,100000,300000")).split(",")]
    args.queries = args.queries or (20 if args.quick else 200)
    return args


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_pipelines(args: argparse.Namespace) -> dict:
    from assistant.corpus.passages import dense_rows
    from assistant.engine import Engine
    from assistant.evaluate.scenarios import load_scenarios
    from assistant.index.embedders import make_embedder
    from assistant.settings import Settings

    settings = Settings.from_env()
    torch_threads = None
    if args.baseline_embedder == "minilm-torch":
        import torch

        # One thread: with its default two, a query took ~480 ms whenever the other core was busy (every op waits
        # for a descheduled thread) against ~10 ms with one, so this is the baselines' best case here.
        torch.set_num_threads(1)
        torch_threads = 1
    say("Loading this project's engine")
    engine = Engine.load(settings, progress=say)
    scenarios = load_scenarios(args.scenarios, set(engine.clauses), engine.corpus.renames)
    baseline = make_embedder(args.baseline_embedder)
    say("Building the baseline pipelines")
    started = time.perf_counter()
    naive = pipelines.llama_index_naive(engine.corpus, settings.corpus_dir, baseline)
    naive_build = time.perf_counter() - started
    candidates = [naive, pipelines.dense_only(engine.corpus, baseline), pipelines.bm25_only(engine.corpus),
                  pipelines.this_project(engine)]
    if (baseline.name, baseline.dimension) == (engine.embedder.name, engine.embedder.dimension) \
            and type(baseline) is not type(engine.embedder):
        twin = Engine(settings, engine.corpus, engine.index, baseline)
        candidates.append(pipelines.this_project(twin, f"this project, {args.baseline_embedder} query encoder"))
    rows = []
    for pipeline in candidates:
        say(f"Running {pipeline.name} ({args.repeats} passes)")
        rows.append(compare.run_pipeline(pipeline, scenarios, args.repeats))
    questions = [pipelines.retrieval_text(s) for s in scenarios]
    floor = {}
    for name, embedder in ((settings.embedder, engine.embedder), (args.baseline_embedder, baseline)):
        say(f"Timing query embedding with {name}")
        floor[name] = compare.time_embedder(embedder, questions, args.repeats)
    batch = {}
    if not args.quick:
        texts, _ = dense_rows(engine.corpus.clauses, engine.corpus.annotations)
        for name, embedder in ((settings.embedder, engine.embedder), (args.baseline_embedder, baseline)):
            say(f"Timing batch embedding of {len(texts)} index rows with {name}")
            batch[name] = compare.time_batch(embedder, texts, 1)
        batch["rows"] = len(texts)
    return {"scenarios": str(args.scenarios), "rows": rows, "embedding": floor, "batch": batch,
            "naive_build_s": naive_build, "project_embedder": settings.embedder, "torch_threads": torch_threads,
            "index_embedder": settings.index_embedder, "baseline_embedder": args.baseline_embedder}


def run_cold(args: argparse.Namespace) -> dict:
    env = cold.child_env()
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        index_dir = Path(tmp)
        say(f"Timing index builds ({args.cold_repeats})")
        out = {"index_build": cold.index_build(index_dir, args.cold_repeats, env)}
        out["index_rebuild"] = cold.index_rebuild(index_dir, args.cold_repeats, env)
        say(f"Timing cold asks ({args.cold_repeats} each encoder)")
        out["cold_ask"] = cold.cold_ask(index_dir, args.cold_repeats, env)
        out["cold_ask_torch"] = cold.cold_ask(index_dir, args.cold_repeats,
                                              cold.child_env(POLICY_ASSISTANT_EMBEDDER="minilm-torch"))
        say(f"Timing the naive pipeline's cold ask ({args.cold_repeats})")
        out["naive_cold_ask"] = cold.naive_cold_ask(index_dir / "naive", args.cold_repeats, env)
        app_repeats = max(1, min(args.cold_repeats, 3))
        say(f"Timing app start to first answer ({app_repeats})")
        out["app"] = cold.app_start(index_dir, app_repeats, env)
    return out


def run_throughput(args: argparse.Namespace) -> dict:
    from assistant.evaluate.scenarios import load_scenarios
    from assistant.settings import Settings

    questions = [s.question for s in load_scenarios(args.scenarios)]
    seconds = 1.0 if args.quick else 15.0
    rows = []
    for workers in (1, 2):
        say(f"Throughput: {workers} worker process(es), {seconds:.0f} s")
        rows.append(throughput.closed_loop(Settings.from_env(), questions, workers, seconds))
    return {"rows": rows}


def run_scale(args: argparse.Namespace) -> dict:
    ef = [16] if args.quick else [16, 32, 64, 128]
    nprobe = [4] if args.quick else [1, 4, 8, 16, 32]
    faiss_rows, project_rows = [], []
    for n in args.sizes:
        say(f"Scale: FAISS flat / HNSW / IVF at {n} vectors")
        faiss_rows += scale.faiss_study(n, args.queries, min(args.repeats, 3), ef, nprobe)
        if n <= PROJECT_SEARCH_MAX:
            say(f"Scale: this project's search() at {n} clauses")
            project_rows.append(scale.project_search_study(n, max(10, args.queries // 2), min(args.repeats, 3)))
    return {"faiss": faiss_rows, "project": project_rows}


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    results: dict = {"machine": report.machine(), "quick": args.quick, "repeats": args.repeats,
                     "cold_repeats": args.cold_repeats}
    runners = {"pipelines": run_pipelines, "cold": run_cold, "throughput": run_throughput, "scale": run_scale}
    for section in args.sections:
        results[section] = runners[section](args)
    results["machine"]["load_after"] = report.load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report.markdown(results), encoding="utf-8")
    say(f"Results written to {args.out}")
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
