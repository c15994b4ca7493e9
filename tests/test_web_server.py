"""The real app (app.py, the real engine and index) over real HTTP on 127.0.0.1: the file-message exploit,
forwarded addresses, and staff answers under mixed load while a 2,000-character question runs."""

from __future__ import annotations

import re

import httpx
import pytest
from web_support import PASSWORD, Server

from assistant.web.users import UserStore
from benchmarks.load import run, sign_in, staff_ask

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(real_engine, tmp_path_factory):
    base = tmp_path_factory.mktemp("server")
    UserStore(base / "data" / "users.json").add("s.staff", "staff", PASSWORD)
    (base / "eval").mkdir()
    srv = Server(base / "data", real_engine.settings.index_dir, base / "eval")
    srv.start()
    yield srv
    srv.stop()


def test_the_file_message_exploit_returns_no_file_over_http(server):
    key = (server.data / "session.key").resolve()
    secret = key.read_text(encoding="utf-8").strip()
    exploit = [{"role": "user", "content": [{"type": "file", "file": {"path": str(key),
                                                                        "meta": {"_type": "gradio.FileData"}}}]}]
    with httpx.Client(base_url=server.url, timeout=60) as client:
        sign_in(client, "s.staff", PASSWORD)
        started = client.post("/staff/gradio_api/call/respond", json={"data": ["hi", exploit, []]})
        stream = "" if started.status_code != 200 else client.get(
            f"/staff/gradio_api/call/respond/{started.json()['event_id']}").text
        assert "file=" not in stream and secret not in stream and "session.key" not in stream
        for path in (key, server.data / "users.json", "/etc/hostname"):
            assert client.get(f"/staff/gradio_api/file={path}").status_code == 403
        answer = staff_ask(client, "Can I accept a friend request from a pupil?")
        assert 'data-verdict=\\"prohibited\\"' in answer or 'data-verdict="prohibited"' in answer


def test_staff_answers_stay_quick_under_mixed_load_with_a_long_question_running(server):
    figures = run(server.url, "s.staff", PASSWORD, faq_clients=10, staff_clients=10, seconds=15)
    assert figures["error_count"] == 0, figures["errors"]
    assert figures["long_question_ms"], "the long question was answered"
    assert figures["staff_answers"] > 50
    assert figures["staff_p95_ms"] < 1000, figures
    assert figures["faq_status_counts"].get(429, 0) > 0  # the busy FAQ address was limited


def test_a_local_client_cannot_choose_its_address_with_forwarded_for(server):
    # last in this file: it pauses sign-in from 127.0.0.1 for the rest of the window
    with httpx.Client(base_url=server.url, timeout=60) as client:
        codes = []
        for n in range(6):
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
            codes.append(client.post("/login", headers={"X-Forwarded-For": f"192.0.2.{n}"}, data={
                "username": "s.staff", "password": "wrong guess!", "csrf": token}).status_code)
    assert codes == [401] * 5 + [429]
