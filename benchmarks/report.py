"""Machine description and the Markdown of benchmarks/RESULTS.md from the raw results."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

TARGET_P95_AT_SCALE_MS = 50.0
MIN_RECALL = 0.95


def load_average() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "-"


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    mem = next((int(line.split()[1]) / 1024 ** 2 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0.0) if Path("/proc/meminfo").exists() else 0.0
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "cpu": cpu, "cores": os.cpu_count(),
            "memory_gb": round(mem, 1), "python": platform.python_version(),
            "versions": {p: _version(p) for p in ("numpy", "faiss-cpu", "torch", "sentence-transformers",
                                                  "tokenizers", "llama-index-core", "bm25s", "gradio")},
            "load_before": load_average()}


def table(headers: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        if isinstance(v, float):
            return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _ms(v: float) -> str:
    return f"{v:.2f}" if v < 10 else f"{v:.1f}"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def targets(results: dict) -> list[list]:
    rows = []
    pipes = results.get("pipelines")
    if pipes:
        project = next(r for r in pipes["rows"] if r["name"] == "this project")
        rows.append(["warm `ask` p50 <= 15 ms, p95 <= 30 ms", f"{_ms(project['p50_ms'])} / {_ms(project['p95_ms'])} ms",
                     _met(project["p50_ms"] <= 15 and project["p95_ms"] <= 30)])
        floor = pipes["embedding"][pipes["project_embedder"]]
        rows.append(["(floor) query embedding p50 / p95", f"{_ms(floor['p50_ms'])} / {_ms(floor['p95_ms'])} ms", ""])
    c = results.get("cold")
    if c:
        rows.append(["cold `policy-assistant ask` <= 2 s", f"{c['cold_ask']['median_s']:.2f} s",
                     _met(c["cold_ask"]["median_s"] <= 2)])
        if "naive_cold_ask" in c:
            ratio = c["naive_cold_ask"]["median_s"] / c["cold_ask"]["median_s"]
            rows.append(["(vs) naive llama-index pipeline, cold, one question",
                         f"{c['naive_cold_ask']['median_s']:.2f} s ({ratio:.1f}x slower)", ""])
        rows.append(["app start to first answer <= 10 s", f"{c['app']['median_s']:.2f} s",
                     _met(c["app"]["median_s"] <= 10)])
        rows.append(["full index build <= 15 s", f"{c['index_build']['median_s']:.2f} s",
                     _met(c["index_build"]["median_s"] <= 15)])
        if "index_rebuild" in c:
            rows.append(["(and) rebuild reusing the last build's vectors", f"{c['index_rebuild']['median_s']:.2f} s",
                         ""])
        rows.append(["peak memory of the app process (reported)", f"{c['app']['peak_mb']:.0f} MB", ""])
    s = results.get("scale")
    if s:
        sizes = {r["n"] for r in s["faiss"]}
        n = 100_000 if 100_000 in sizes else max(sizes)
        flat = next(r for r in s["faiss"] if r["n"] == n and r["index"] == "flat")
        rows.append([f"FAISS flat query p95 <= 50 ms at {n:,} vectors", f"{_ms(flat['p95_ms'])} ms",
                     _met(flat["p95_ms"] <= TARGET_P95_AT_SCALE_MS)])
        project = next((r for r in s["project"] if r["n"] == n), None)
        if project:
            rows.append([f"this project's search() p95 at {n:,} clauses", f"{_ms(project['p95_ms'])} ms",
                         _met(project["p95_ms"] <= TARGET_P95_AT_SCALE_MS)])
    return rows


def pipelines_section(p: dict) -> str:
    naive = p["rows"][0]
    rows = []
    for r in p["rows"]:
        rows.append([r["name"], r["hit@1"], r["hit@3"], r["mrr"], f"{r['clauses_returned']:.1f}",
                     _ms(r["p50_ms"]), _ms(r["p95_ms"]),
                     f"{r['hit@1'] / naive['hit@1']:.2f}x" if naive["hit@1"] else "-",
                     f"{naive['p50_ms'] / r['p50_ms']:.1f}x" if r["p50_ms"] else "-", r["note"]])
    questions = p["rows"][0]["questions"]
    out = [f"Split: `{Path(p['scenarios']).name}`, {questions} in-scope questions. Dense baselines embed with "
           f"`{p['baseline_embedder']}`; this project answers with `{p['project_embedder']}` (index built with "
           f"`{p['index_embedder']}`). The naive index took {p['naive_build_s']:.1f} s to build.", "",
           table(["pipeline", "hit@1", "hit@3", "MRR@3", "clauses returned", "p50 ms", "p95 ms", "hit@1 vs naive",
                  "speed vs naive (p50)", "what"], rows), "",
           "How it is scored:",
           "- Every pipeline is scored on its first 3 retrieved units (this project shows at most 3 citations; "
           "llama-index's default retriever returns 2 chunks, so its hit@3 is a hit@2).",
           "- A llama-index chunk stands for every clause with at least half of its text inside the chunk (a clause "
           "cut by a chunk boundary counts for the part inside); the chunk hits when any of them is expected, at "
           "the chunk's rank. This is generous: the reader still has to find the clause among the "
           "\"clauses returned\".",
           "- A citation of a sub-clause counts for its paragraph (`policy:3.3(k)` cites `policy:3.3`), as in `eval`.",
           "- This project's latency is the whole `Engine.ask` (retrieval, verdict, quotes, escalation); the "
           "baselines' is retrieval only. Latency: p50/p95 over the questions of one pass, median over passes, "
           "after one warm-up question."]
    if p.get("torch_threads"):
        out.append("- torch runs with one thread here: with its default two, a query took ~480 ms whenever the "
                   "other core was busy (each op waits for a descheduled thread), ~10 ms with one. That is the "
                   "torch baselines' best case; this project's encoder limits itself to one BLAS thread likewise.")
    out.append("")
    floor = [[name, _ms(v["p50_ms"]), _ms(v["p95_ms"])] for name, v in p["embedding"].items()]
    out += ["Query embedding alone (the floor under every dense pipeline):", "",
            table(["encoder", "p50 ms", "p95 ms"], floor), ""]
    if p["batch"]:
        rows = [[name, f"{v:.2f}"] for name, v in p["batch"].items() if name != "rows"]
        out += [f"Embedding the {p['batch']['rows']} index rows in one call (an index build's embedding work; "
                "one run each):", "", table(["encoder", "seconds"], rows), ""]
    return "\n".join(out)


def cold_section(c: dict) -> str:
    names = {"index_build": "`policy-assistant index --force --no-cache` (full build, every text embedded)",
             "index_rebuild": "`policy-assistant index --force` (rebuild, vectors from the last build's cache)",
             "cold_ask": "`policy-assistant ask \"...\"`, built index",
             "cold_ask_torch": "the same with `POLICY_ASSISTANT_EMBEDDER=minilm-torch` (before)",
             "naive_cold_ask": "naive llama-index pipeline: load its persisted index, retrieve (`naive_cold.py`)",
             "app": "`python app.py` start to first answer via `/respond`"}
    rows = [[names[k], f"{v['median_s']:.2f}", f"{v['min_s']:.2f}", f"{v['max_s']:.2f}", v["runs"],
             f"{v['peak_mb']:.0f}"] for k, v in c.items()]
    return "\n".join([
        "Fresh processes; wall time from process start; peak RSS of that process (ru_maxrss of the command, "
        "forked from a small launcher; for the app VmHWM after the first answer). The app served HTTP after "
        f"{c['app']['ready_median_s']:.2f} s (median).",
        "", table(["measurement", "median s", "min s", "max s", "runs", "peak RSS MB"], rows), ""])


def throughput_section(t: dict) -> str:
    rows = [[r["workers"], f"{r['seconds']:.0f}", r["answers"], f"{r['per_second']:.0f}", _ms(r["p50_ms"]),
             _ms(r["p95_ms"])] for r in t["rows"]]
    return "\n".join([
        "Worker processes with their own engine ask the test questions back to back (a closed loop: the capacity, "
        "with no queueing), all starting together once loaded.", "",
        table(["workers", "seconds", "answers", "questions/s", "p50 ms", "p95 ms"], rows), ""])


def switch_over(rows: list[dict]) -> list[str]:
    flats = sorted((r for r in rows if r["index"] == "flat"), key=lambda r: r["n"])
    target = TARGET_P95_AT_SCALE_MS
    crossing = next(((a, b) for a, b in zip(flats, flats[1:], strict=False)
                     if a["p95_ms"] <= target < b["p95_ms"]), None)
    if crossing:
        a, b = crossing
        n = a["n"] + (target - a["p95_ms"]) * (b["n"] - a["n"]) / (b["p95_ms"] - a["p95_ms"])
        lines = [f"- FAISS flat crosses {target:.0f} ms p95 between {a['n']:,} ({_ms(a['p95_ms'])} ms) and "
                 f"{b['n']:,} vectors ({_ms(b['p95_ms'])} ms): about {n:,.0f} vectors, interpolated."]
    elif flats[-1]["p95_ms"] > target:
        lines = [f"- FAISS flat is over {target:.0f} ms p95 from the smallest size measured, {flats[0]['n']:,}."]
    else:
        last = flats[-1]
        lines = [f"- FAISS flat stays under {target:.0f} ms p95 up to the largest size measured ({last['n']:,}: "
                 f"{_ms(last['p95_ms'])} ms); its cost grows at least linearly with the vectors."]
    for flat in flats:
        good = [r for r in rows if r["n"] == flat["n"] and r["index"] != "flat" and r["recall@10"] >= MIN_RECALL]
        if good:
            best = min(good, key=lambda r: r["p95_ms"])
            lines.append(f"- {flat['n']:,}: flat p95 {_ms(flat['p95_ms'])} ms; fastest approximate index with "
                         f"recall@10 >= {MIN_RECALL}: {best['index']} ({best['setting']}) p95 "
                         f"{_ms(best['p95_ms'])} ms, recall {best['recall@10']:.3f}, build {best['build_s']:.1f} s.")
    return lines


def scale_section(s: dict) -> str:
    rows = [[f"{r['n']:,}", r["index"], r["setting"], f"{r['build_s']:.2f}", f"{r['memory_mb']:.0f}",
             _ms(r["p50_ms"]), _ms(r["p95_ms"]), f"{r['recall@10']:.3f}"] for r in s["faiss"]]
    project = [[f"{r['n']:,}", f"{r['build_s']:.1f}", _ms(r["p50_ms"]), _ms(r["p95_ms"]), _ms(r["faiss_all_p95_ms"]),
                _ms(r["faiss_top30_p95_ms"]), _ms(r["bm25_p95_ms"])] for r in s["project"]]
    return "\n".join([
        "Synthetic clause vectors (benchmarks/scale.py `TopicModel`: 384-d unit vectors with the cosine structure of "
        "the shipped index), single-query searches for 10 neighbours, recall@10 against flat. Memory is the "
        "serialised index size. FAISS uses its default threads.", "",
        table(["vectors", "index", "setting", "build s", "memory MB", "p50 ms", "p95 ms", "recall@10"], rows), "",
        "Switch-over:", "", *switch_over(s["faiss"]), "",
        "This project's `retrieve.search()` end to end over synthetic clauses (one vector per clause, synthetic BM25 "
        "text of 40 words), with its FAISS call on its own (`k = ntotal`, as `dense_scores` takes every row for the "
        "max over each clause's rows), a top-30 FAISS call, and BM25 scoring:", "",
        table(["clauses", "build s", "search p50 ms", "search p95 ms", "FAISS all rows p95", "FAISS top-30 p95",
               "BM25 p95"], project), ""])


def markdown(results: dict) -> str:
    m = results["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    out = ["# Benchmarks", "",
           "Written by `make bench` (`python -m benchmarks.run`); see the README's Benchmarks and Scale plan sections.",
           ""]
    if results.get("quick"):
        out += ["**Quick mode** (`--quick`): tiny sizes and one repeat, to check the harness runs. Not results.", ""]
    out += [f"- Date: {m['date']}",
            f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, Python {m['python']}",
            f"- Versions: {versions}",
            f"- Load average (1/5/15 min) before: {m['load_before']}; after: {m.get('load_after', '-')}. The cores are "
            "shared with other work, so every figure is a median over repeats "
            f"({results['repeats']} passes in process, {results['cold_repeats']} fresh processes).", ""]
    rows = targets(results)
    if rows:
        out += ["## Targets", "", table(["target", "measured (median)", "met"], rows), ""]
    if results.get("pipelines"):
        out += ["## This project against the pipelines people would otherwise use", "",
                pipelines_section(results["pipelines"])]
    if results.get("cold"):
        out += ["## Cold starts", "", cold_section(results["cold"])]
    if results.get("throughput"):
        out += ["## Throughput", "", throughput_section(results["throughput"])]
    if results.get("scale"):
        out += ["## Scale", "", scale_section(results["scale"])]
    from .load import RECORD, load_section  # the mixed-load runs are recorded apart (python -m benchmarks.load)

    if RECORD.is_file():
        out += [load_section(json.loads(RECORD.read_text(encoding="utf-8")))]
    return "\n".join(out).rstrip() + "\n"
