"""Fresh-process timings: index build, cold `ask`, app start to first answer; with each child's peak memory."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Can I accept a friend request from a pupil?"


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POLICY_ASSISTANT_")}
    # No network: the model ships in a package; Gradio's usage analytics are switched off.
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    env.update(extra)
    return env


# Linux carries a process's peak RSS across fork and exec, so a child forked from this (large) process would
# report this process's peak. A small launcher forks the command instead and reports its wall time and peak.
LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - started} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


def run_child(argv: list[str], env: dict[str, str]) -> dict:
    """Run a command to the end: wall seconds and its peak RSS (ru_maxrss, KiB on Linux)."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as report:
        subprocess.run([sys.executable, "-S", "-c", LAUNCHER, report.name, *argv], env=env, cwd=PROJECT_ROOT,
                       stdout=subprocess.DEVNULL, stderr=err, check=True)
        wall, peak_kib, code = report.read().split()
        if int(code) != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(argv)} exited {code}: {err.read().decode()[-2000:]}")
    return {"wall_s": float(wall), "peak_mb": int(peak_kib) / 1024}


def summarise(runs: list[dict]) -> dict:
    walls = [r["wall_s"] for r in runs]
    return {"median_s": statistics.median(walls), "min_s": min(walls), "max_s": max(walls), "runs": len(runs),
            "peak_mb": statistics.median(r["peak_mb"] for r in runs)}


def repeat(argv: list[str], env: dict[str, str], repeats: int) -> dict:
    return summarise([run_child(argv, env) for _ in range(repeats)])


def cli(index_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "assistant", "--index-dir", str(index_dir), *args]


def index_build(index_dir: Path, repeats: int, env: dict[str, str]) -> dict:
    """`policy-assistant index --force --no-cache` in a fresh process (imports, model load, embedding every
    text, writing)."""
    return repeat(cli(index_dir, "index", "--force", "--no-cache"), env, repeats)


def index_rebuild(index_dir: Path, repeats: int, env: dict[str, str]) -> dict:
    """`policy-assistant index --force` after a build: the texts' vectors come from the last build's cache,
    as after a corpus edit that changes a few clauses."""
    return repeat(cli(index_dir, "index", "--force"), env, repeats)


def cold_ask(index_dir: Path, repeats: int, env: dict[str, str]) -> dict:
    """`policy-assistant ask "..."` in a fresh process with a built index."""
    return repeat(cli(index_dir, "ask", QUESTION), env, repeats)


def naive_cold_ask(store_dir: Path, repeats: int, env: dict[str, str]) -> dict:
    """The naive llama-index pipeline answering one question in a fresh process from its persisted index."""
    module = [sys.executable, "-m", "benchmarks.naive_cold"]
    run_child([*module, "persist", str(store_dir)], env)
    return repeat([*module, "ask", str(store_dir), QUESTION], env, repeats)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def app_first_answer(index_dir: Path, env: dict[str, str], timeout: float = 180.0) -> dict:
    """Start app.py, wait until it serves HTTP, ask one question through the public FAQ form (the staff chat
    needs a signed-in session; both call the same engine); wall time from the start."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "POLICY_ASSISTANT_INDEX": str(index_dir)}
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "app.py"], env=env, cwd=PROJECT_ROOT, stdout=log, stderr=log)
        try:
            while True:
                if proc.poll() is not None or time.perf_counter() - started > timeout:
                    log.seek(0)
                    raise RuntimeError(f"app.py did not serve {url}: {log.read().decode()[-2000:]}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.05)
            ready = time.perf_counter() - started
            form = urllib.parse.urlencode({"q": QUESTION}).encode()
            with urllib.request.urlopen(urllib.request.Request(url + "faq", data=form), timeout=60) as response:
                reply = response.read().decode("utf-8")
            wall = time.perf_counter() - started
            if "4.1(2)" not in reply:
                raise RuntimeError(f"unexpected first answer: {reply[:300]}")
            peak = _peak_rss_mb(proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {"wall_s": wall, "ready_s": ready, "peak_mb": peak}


def app_start(index_dir: Path, repeats: int, env: dict[str, str]) -> dict:
    runs = [app_first_answer(index_dir, env) for _ in range(repeats)]
    return {**summarise(runs), "ready_median_s": statistics.median(r["ready_s"] for r in runs)}
