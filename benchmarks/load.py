"""Mixed load on the real app over HTTP: anonymous FAQ clients and signed-in staff clients at once, while one
long (2,000-character) staff question runs. Measures what a staff member waits for an answer.

    python -m benchmarks.load --url http://127.0.0.1:7860 --user s.staff --password '...'   # a running app
    python -m benchmarks.load                                   # starts app.py on a free port itself

Loopback only: every request goes to the app it was given (127.0.0.1). Bounded in time and in clients."""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

FAQ_QUESTIONS = ["Will staff post photos of my child?", "Can my child's teacher follow them on Instagram?",
                 "Who do I talk to about a worry?", "Can staff message my child on WhatsApp?"]
STAFF_QUESTIONS = ["Can I accept a friend request from a pupil?", "Can I post photos from the school trip?",
                   "A parent has messaged me privately on Facebook. What should I do?",
                   "Can I follow a former pupil who is now 19 on Instagram?",
                   "Who do I tell if I am worried about a colleague's messages to a pupil?"]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def long_question() -> str:
    """About 2,000 characters in about 70 sentences: a story with the ask at the end."""
    lines = ["Year 9 had a good week.", "We did a lot of revision.", "The class was calm.", "Lunch was late.",
             "The hall was busy."]
    text = " ".join(lines[i % len(lines)] for i in range(90))
    return text[:text.rindex(".", 0, 1950) + 1] + " Can I accept a friend request from a pupil?"


def sign_in(client: httpx.Client, user: str, password: str) -> None:
    token = CSRF.search(client.get("/login").text).group(1)
    response = client.post("/login", data={"username": user, "password": password, "csrf": token, "next": "/staff"},
                           follow_redirects=False)
    if response.status_code != 303:
        raise RuntimeError(f"could not sign in as {user} (HTTP {response.status_code})")


def staff_ask(client: httpx.Client, question: str) -> str:
    """One staff question through the chat's HTTP API; returns the event stream's last data line."""
    started = client.post("/staff/gradio_api/call/respond", json={"data": [question]})
    started.raise_for_status()
    stream = client.get(f"/staff/gradio_api/call/respond/{started.json()['event_id']}", timeout=120)
    stream.raise_for_status()
    if "event: complete" not in stream.text:
        raise RuntimeError(f"no answer: {stream.text[:200]}")
    return stream.text


def run(url: str, user: str, password: str, faq_clients: int = 10, staff_clients: int = 10,
        seconds: float = 15.0, long_pause: float = 1.0, flood: bool = False) -> dict:
    """Both kinds of client ask in a closed loop for `seconds`; one more staff client asks the long question
    again `long_pause` seconds after each answer (0: back to back, as a script would). A FAQ client told to wait
    (429) waits as a browser's user would (Retry-After, at most 2 s), unless `flood`: then it asks again at once,
    as a script hammering the public page would."""
    stop = time.monotonic() + seconds
    staff_ms: list[float] = []
    faq_codes: dict[int, int] = {}
    errors: list[str] = []
    long_ms: list[float] = []
    lock = threading.Lock()

    def staff(n: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            sign_in(client, user, password)
            i = n
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    staff_ask(client, STAFF_QUESTIONS[i % len(STAFF_QUESTIONS)])
                except (httpx.HTTPError, RuntimeError) as exc:
                    with lock:
                        errors.append(str(exc))
                    continue
                with lock:
                    staff_ms.append((time.perf_counter() - started) * 1000)
                i += 1

    def faq(n: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            i = n
            while time.monotonic() < stop:
                try:
                    response = client.post("/faq", data={"q": FAQ_QUESTIONS[i % len(FAQ_QUESTIONS)]})
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(str(exc))
                    continue
                with lock:
                    faq_codes[response.status_code] = faq_codes.get(response.status_code, 0) + 1
                i += 1
                if response.status_code == 429 and not flood:
                    time.sleep(min(2.0, float(response.headers.get("retry-after", "1"))))

    def long_one() -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            sign_in(client, user, password)
            while time.monotonic() < stop:
                started = time.perf_counter()
                staff_ask(client, long_question())
                long_ms.append((time.perf_counter() - started) * 1000)
                time.sleep(long_pause)

    threads = ([threading.Thread(target=staff, args=(n,)) for n in range(staff_clients)]
               + [threading.Thread(target=faq, args=(n,)) for n in range(faq_clients)]
               + [threading.Thread(target=long_one)])
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 180)
    ordered = sorted(staff_ms)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("inf")
    return {"seconds": seconds, "faq_clients": faq_clients, "staff_clients": staff_clients,
            "staff_answers": len(staff_ms), "staff_per_second": round(len(staff_ms) / seconds, 1),
            "staff_p50_ms": round(statistics.median(ordered), 1) if ordered else None,
            "staff_p95_ms": round(p95, 1), "long_pause_s": long_pause, "flood": flood,
            "long_question_ms": [round(m) for m in long_ms],
            "faq_status_counts": faq_codes, "errors": errors[:5], "error_count": len(errors)}


RECORD = Path(__file__).resolve().parent / "load-results.json"
RESULTS_MD = Path(__file__).resolve().parent / "RESULTS.md"
SECTION = "## Mixed load (the web app over HTTP)"


def load_section(runs: list[dict]) -> str:
    """The RESULTS.md section for the recorded runs (benchmarks/load-results.json)."""
    rows = ["| FAQ + staff clients, seconds | workers | FAQ clients on 429 | long question | staff answers / s | "
            "staff p50 / p95 ms | long question ms (median) | FAQ 200 / 429 | errors |",
            "|---|---|---|---|---|---|---|---|---|"]
    for r in runs:
        longs = sorted(r["long_question_ms"])
        pause = r.get("long_pause_s", 0)
        rows.append(f"| {r['faq_clients']} + {r['staff_clients']}, {r['seconds']:g} | {r.get('workers', '-')} | "
                    f"{'ask again at once' if r.get('flood', True) else 'wait (Retry-After)'} | "
                    f"{'back to back' if not pause else f'every answer + {pause:g} s'} | {r['staff_per_second']} | "
                    f"{r['staff_p50_ms']} / {r['staff_p95_ms']} | {longs[len(longs) // 2] if longs else '-'} | "
                    f"{r['faq_status_counts'].get('200', 0)} / {r['faq_status_counts'].get('429', 0)} | "
                    f"{r['error_count']} |")
    return "\n".join([SECTION, "",
                      "Written by `python -m benchmarks.load --record` (app.py on a free loopback port, the real "
                      "index): "
                      "anonymous clients post to the public question box and signed-in staff ask through the chat's "
                      "HTTP API, each in a closed loop, while one more staff client asks a 1,933-character question of "
                      "73 sentences. Clients and server share the machine's two cores. Before the security and load "
                      "work (one answer at a time, no rate limit), 25 + 25 clients for 60 s gave staff 2.7 answers/s "
                      "with a median wait of 10.5 s, and the long question took 4.6 s.", "", *rows, ""])


def record(figures: dict) -> None:
    """Add a run to load-results.json and rewrite the section of RESULTS.md."""
    import datetime

    runs = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.is_file() else []
    from assistant.settings import Settings

    runs.append(json.loads(json.dumps({**figures, "workers": Settings.from_env().web_workers,  # str keys, as read
                                       "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")})))
    RECORD.write_text(json.dumps(runs, indent=2) + "\n", encoding="utf-8")
    text = RESULTS_MD.read_text(encoding="utf-8")
    head = text.split(SECTION, 1)[0].rstrip() + "\n\n"
    RESULTS_MD.write_text(head + load_section(runs), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n")[0])
    p.add_argument("--url", help="a running app on this machine; without it app.py is started on a free port")
    p.add_argument("--user", default="bench.staff")
    p.add_argument("--password", default="benchmark password")
    p.add_argument("--faq-clients", type=int, default=25)
    p.add_argument("--staff-clients", type=int, default=25)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--long-pause", type=float, default=1.0,
                   help="seconds the long-question client waits between its questions (0: back to back)")
    p.add_argument("--flood", action="store_true", help="FAQ clients ignore Retry-After and ask again at once")
    p.add_argument("--json-out", help="write the figures as JSON")
    p.add_argument("--record", action="store_true", help="add the run to benchmarks/load-results.json and RESULTS.md")
    args = p.parse_args(argv)
    server = None
    if not args.url:
        import tempfile

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from web_support import Server

        from assistant.settings import Settings
        from assistant.web.users import UserStore

        data = Path(tempfile.mkdtemp(prefix="load-"))
        UserStore(data / "users.json").add(args.user, "staff", args.password)
        settings = Settings.from_env()
        server = Server(data, settings.index_dir, settings.eval_dir)
        server.start()
        args.url = server.url
    if not re.match(r"^http://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?/?$", args.url):
        p.error("load runs only against an app on this machine (127.0.0.1, localhost or [::1])")
    try:
        figures = run(args.url, args.user, args.password, args.faq_clients, args.staff_clients, args.seconds,
                      args.long_pause, args.flood)
    finally:
        if server is not None:
            server.stop()
    print(json.dumps(figures, indent=2))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    if args.record:
        record(figures)


if __name__ == "__main__":
    main()
