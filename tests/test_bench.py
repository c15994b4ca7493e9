"""The benchmark harness runs end to end in quick mode and writes its report (no timings asserted)."""

from __future__ import annotations

import json

import pytest

from benchmarks import cold, run
from benchmarks.pipelines import chunk_clauses, covered_share


@pytest.mark.integration  # runs the llama-index baseline and the scale study: seconds
def test_quick_run_writes_the_report(fake_settings, tmp_path):
    out, raw = tmp_path / "RESULTS.md", tmp_path / "results.json"
    results = run.main(["--quick", "--sections", "pipelines,scale", "--baseline-embedder", "fake",
                        "--sizes", "500", "--queries", "5", "--out", str(out), "--json-out", str(raw)])
    names = [r["name"] for r in results["pipelines"]["rows"]]
    assert names == ["llama-index default (naive)", "dense only (clauses)", "BM25 only (clauses)", "this project"]
    for row in results["pipelines"]["rows"]:
        assert 0 <= row["hit@1"] <= row["hit@3"] <= 1 and row["p95_ms"] >= row["p50_ms"] > 0
    assert {r["index"] for r in results["scale"]["faiss"]} == {"flat", "HNSW", "IVF"}
    text = out.read_text(encoding="utf-8")
    for heading in ("# Benchmarks", "## Targets", "## This project against", "## Scale", "Switch-over", "Quick mode"):
        assert heading in text
    assert json.loads(raw.read_text(encoding="utf-8"))["quick"] is True


def test_unknown_section_is_refused():
    with pytest.raises(SystemExit):
        run.parse_args(["--sections", "pipelines,nope"])


def test_a_chunk_stands_for_the_clauses_mostly_inside_it(fake_settings):
    from assistant.corpus.load import load_corpus

    corpus = load_corpus(fake_settings.corpus_dir)
    clause = corpus.clause_by_id()["policy:4.1(2)"]
    text = " ".join(clause.text.split())
    assert covered_share(clause.text, f"before {text} after") == 1
    assert covered_share(clause.text, "start " + text[: len(text) * 3 // 4]) >= 0.7
    assert covered_share(clause.text, text[len(text) // 3:] + " end") >= 0.6
    assert covered_share(clause.text, "nothing of it") == 0
    assert "policy:4.1(2)" in chunk_clauses(corpus, "policy", f"x {text} y")
    assert "policy:4.1(2)" not in chunk_clauses(corpus, "kcsie", f"x {text} y")


def test_child_timing_reports_wall_and_peak_memory():
    import sys

    result = cold.repeat([sys.executable, "-c", "x = bytearray(50_000_000)"], cold.child_env(), 2)
    assert result["runs"] == 2 and result["min_s"] <= result["median_s"] <= result["max_s"]
    assert result["peak_mb"] >= 50


def test_switch_over_is_interpolated_between_measured_sizes():
    from benchmarks.report import switch_over

    rows = [{"n": n, "index": "flat", "setting": "exact", "p95_ms": ms, "recall@10": 1.0, "build_s": 0.0}
            for n, ms in ((100_000, 10.0), (300_000, 90.0))]
    rows.append({"n": 300_000, "index": "IVF", "setting": "nprobe=8", "p95_ms": 1.0, "recall@10": 0.99,
                 "build_s": 5.0})
    lines = switch_over(rows)
    assert "about 200,000 vectors" in lines[0]
    assert "IVF (nprobe=8)" in lines[-1]
