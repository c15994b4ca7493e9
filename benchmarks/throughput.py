"""Questions per second one machine answers: W worker processes, each with its own Engine, asking in a closed loop."""

from __future__ import annotations

import multiprocessing
import queue
import time

from assistant.evaluate.metrics import percentile
from assistant.settings import Settings


def _worker(settings: Settings, questions: list[str], seconds: float, ready, results) -> None:
    from assistant.engine import Engine

    engine = Engine.load(settings)
    engine.ask(questions[0])
    ready.wait()  # every worker has loaded its engine: the window opens for all at once
    latencies = []
    ends = time.perf_counter() + seconds
    while time.perf_counter() < ends:
        started = time.perf_counter()
        engine.ask(questions[len(latencies) % len(questions)])
        latencies.append((time.perf_counter() - started) * 1000)
    results.put(latencies)


def closed_loop(settings: Settings, questions: list[str], workers: int, seconds: float) -> dict:
    """Every worker asks back to back for `seconds`; throughput is all answers over the window."""
    context = multiprocessing.get_context("spawn")  # fresh workers, not copies of this (large) process
    ready, results = context.Barrier(workers), context.Queue()
    procs = [context.Process(target=_worker, args=(settings, questions, seconds, ready, results))
             for _ in range(workers)]
    for p in procs:
        p.start()
    latencies: list[float] = []
    collected = 0
    while collected < workers:
        try:
            latencies += results.get(timeout=1)
            collected += 1
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                for p in procs:
                    p.kill()
                raise RuntimeError("a throughput worker failed (its traceback is above)") from None
    for p in procs:
        p.join()
    return {"workers": workers, "seconds": seconds, "answers": len(latencies),
            "per_second": len(latencies) / seconds, "p50_ms": percentile(latencies, 50),
            "p95_ms": percentile(latencies, 95)}
