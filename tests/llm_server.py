"""A small OpenAI-compatible chat server on 127.0.0.1 for testing the generated-wording path.

Behaviours: 'good' (a correct reply built from the clauses it is sent), 'invented' (cites a clause it was
not shown), 'wrong-verdict', 'garbage', 'misquote' and 'slow' (answers after the client's timeout).
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FLIP = {"prohibited": "permitted", "permitted": "prohibited"}


def _reply(behaviour: str, user: str) -> str:
    verdict = re.search(r"^Verdict: (\S+)", user, re.MULTILINE).group(1)
    first = re.search(r"^\[([^\]]+)\] \((?:[^()]|\([^()]*\))*\) (.+)$", user, re.MULTILINE)
    clause_id, text = first.group(1), first.group(2)
    quote = " ".join(text.split()[:12])
    good = {"verdict": verdict, "answer": "Plainly put: the policy is clear on this.",
            "citations": [{"id": clause_id, "quote": quote}]}
    if behaviour == "good":
        return "Here you are:\n```json\n" + json.dumps(good) + "\n```"
    if behaviour == "invented":
        good["citations"].append({"id": "policy:99.9", "quote": "Staff may do anything."})
        return json.dumps(good)
    if behaviour == "wrong-verdict":
        return json.dumps({**good, "verdict": FLIP.get(verdict, "permitted")})
    if behaviour == "misquote":
        return json.dumps({**good, "citations": [{"id": clause_id, "quote": "Staff are welcome to do this."}]})
    return "I'm sorry, as an AI I think yes!!"  # garbage


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        if self.server.behaviour == "slow":
            time.sleep(self.server.delay)
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        content = _reply(self.server.behaviour, user)
        data = json.dumps({"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body["model"],
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": content}}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args):  # keep test output quiet
        pass


class ChatServer:
    def __init__(self, behaviour: str = "good", delay: float = 3.0):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.behaviour, self.httpd.delay, self.httpd.requests = behaviour, delay, []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    @property
    def requests(self) -> list:
        return self.httpd.requests

    def set(self, behaviour: str) -> None:
        self.httpd.behaviour = behaviour

    def __enter__(self) -> ChatServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
