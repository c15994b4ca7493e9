"""The web app attacked as a malicious signed-in user or another site would (fast tier: TestClient, fake engine).

Each test here failed on the code before the security fixes: file messages in the chat history, replayed
cookies, sign-in throttling, uploads, cross-site posts, headers, file modes and the loose ends."""

from __future__ import annotations

import json
import os
import stat
import threading
import time

import pytest
from fastapi.testclient import TestClient
from web_support import PASSWORD, csrf_of, fake_web, make_app, sign_in  # noqa: F401 - fake_web is a fixture

from assistant.web.security import RateLimit, client_address, same_origin
from assistant.web.users import BUSY, Attempt, Throttle, UserStore


@pytest.fixture(scope="module")
def app(fake_web):  # noqa: F811
    return fake_web[0]


def _signed_in(app, user: str = "s.staff", address: str = "testclient") -> TestClient:
    client = TestClient(app, client=(address, 50000))
    assert sign_in(client, user).status_code == 303
    return client


def _events(client: TestClient, api: str, data: list) -> str:
    """Call a Gradio event through its HTTP API and return the whole event stream it answers with."""
    started = client.post(f"{api}", json={"data": data})
    if started.status_code != 200:
        return f"HTTP {started.status_code} {started.text}"
    event = started.json()["event_id"]
    return client.get(f"{api}/{event}").text


# ---------------------------------------------------------------- 1. files through the chat history


def test_a_file_message_in_the_chat_history_reads_no_file(app):
    key = (app.state.services.settings.data_dir / "session.key").resolve()
    secret = key.read_text(encoding="utf-8").strip()
    exploit = [{"role": "user", "content": [{"type": "file", "file": {"path": str(key),
                                                                        "meta": {"_type": "gradio.FileData"}}}]}]
    with _signed_in(app) as client:
        for data in (["hi", exploit, []], ["hi", exploit], [exploit]):
            stream = _events(client, "/staff/gradio_api/call/respond", data)
            assert secret not in stream and "file=" not in stream and "session.key" not in stream, stream[:400]
        # the file route refuses our data folder whatever path is asked for
        assert client.get(f"/staff/gradio_api/file={key}").status_code == 403


def test_the_chat_still_answers_through_its_api_from_server_side_state(app):
    with _signed_in(app) as client:
        stream = _events(client, "/staff/gradio_api/call/respond", ["Can I accept a friend request from a pupil?"])
    assert "data-verdict=" in stream and "Policy 4.1(2)" in stream


def test_a_workshop_file_input_only_takes_files_that_were_uploaded(app):
    key = (app.state.services.settings.data_dir / "session.key").resolve()
    readme = (app.state.services.settings.corpus_dir / "README.md").resolve()
    with _signed_in(app, "t.trainer") as client:
        info = client.get("/workshop/gradio_api/info").json()
        names = [name for name in info["named_endpoints"] if name.startswith("/run")]
        assert names, info["named_endpoints"].keys()
        for path in (key, readme, "/etc/hostname"):
            fake = {"path": str(path), "meta": {"_type": "gradio.FileData"}, "orig_name": "x.yaml"}
            stream = _events(client, f"/workshop/gradio_api/call{names[0]}", [None, fake])
            assert "file=" not in stream and key.read_text().strip() not in stream


def test_workshop_reads_uploads_only_from_gradios_upload_folder(app, tmp_path):
    from assistant.errors import ScenarioError
    from assistant.web.workshop_ui import load_choice, upload_folder

    planted = tmp_path / "planted.yaml"
    planted.write_text("- id: x\n  question: q\n  db_password: hunter2-secret\n  expected_clauses: [\n",
                       encoding="utf-8")
    with pytest.raises(ScenarioError, match="upload box"):
        load_choice(tmp_path, None, str(planted), set())
    inside = upload_folder() / "test-upload" / "broken.yaml"
    inside.parent.mkdir(parents=True, exist_ok=True)
    inside.write_text(planted.read_text(encoding="utf-8"), encoding="utf-8")
    try:
        with pytest.raises(ScenarioError) as caught:
            load_choice(tmp_path, None, str(inside), set())
        message = str(caught.value)
        assert "line" in message and "hunter2" not in message and "db_password" not in message
    finally:
        inside.unlink()
        inside.parent.rmdir()


# ---------------------------------------------------------------- 2. sessions end


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app):
    client = _signed_in(app)
    copied = dict(client.cookies)
    assert client.get("/staff/gradio_api/info").status_code == 200
    client.post("/logout", data={"csrf": csrf_of(client, "/logout")})
    replay = TestClient(app, cookies=copied)
    assert replay.get("/staff/gradio_api/info").status_code == 401
    assert replay.get("/staff", follow_redirects=False).status_code == 303


def test_a_get_to_logout_does_not_sign_anyone_out(app):
    client = _signed_in(app)
    assert "Sign out" in client.get("/logout").text
    assert client.get("/staff/gradio_api/info").status_code == 200


@pytest.mark.parametrize("change", ["password", "role", "reset"])
def test_changing_a_password_or_role_ends_existing_sessions(app, change):
    users: UserStore = app.state.services.users
    users.add("c.change", "staff", PASSWORD, replace=True)
    client = _signed_in(app, "c.change")
    assert client.get("/staff/gradio_api/info").status_code == 200
    if change == "password":
        users.add("c.change", "staff", "a different password", replace=True)
    elif change == "role":
        users.add("c.change", "trainer", PASSWORD, replace=True)
    else:
        users.set_password("c.change", "another new password")
    assert client.get("/staff/gradio_api/info").status_code == 401


def test_a_cookie_without_an_epoch_is_refused(app):
    import base64

    from itsdangerous import TimestampSigner

    from assistant.web.webapp import session_secret

    secret = session_secret(app.state.services.settings.data_dir)
    payload = base64.b64encode(json.dumps({"user": "a.admin"}).encode())
    forged = TimestampSigner(secret).sign(payload).decode()
    client = TestClient(app, cookies={"pa_session": forged})
    assert client.get("/admin/feedback", follow_redirects=False).status_code == 303


# ---------------------------------------------------------------- 3. sign-in throttling


def test_the_right_password_from_another_address_signs_in_after_a_name_was_hammered(app):
    attacker = TestClient(app, client=("10.9.9.9", 1))
    codes = [sign_in(attacker, "s.staff", "wrong guess!").status_code for _ in range(8)]
    assert codes.count(401) == 5 and codes.count(429) == 3
    pauses = app.state.services.pause  # web_support.RecordedPauses: the delay is recorded, not slept
    pauses.delays.clear()
    started = time.monotonic()
    assert sign_in(TestClient(app, client=("10.0.0.7", 1)), "s.staff").status_code == 303
    assert time.monotonic() - started < 10 and pauses.delays == [0.5]  # slowed down, never locked out
    app.state.services.throttle.failures.clear()


def test_a_success_does_not_reset_the_address_counter(app):
    client = TestClient(app, client=("10.4.4.4", 1))
    for _ in range(4):
        assert sign_in(client, "s.staff", "wrong guess!").status_code == 401
    assert sign_in(client, "t.trainer").status_code == 303
    assert sign_in(client, "s.staff", "wrong guess!").status_code == 401
    assert sign_in(client, "s.staff", "wrong guess!").status_code == 429
    app.state.services.throttle.failures.clear()


def test_concurrent_guesses_are_counted_before_they_are_checked():
    throttle = Throttle(max_failures=5, window=300)
    results: list = []
    barrier = threading.Barrier(40)

    def guess():
        barrier.wait()
        results.append(throttle.begin("10.0.0.1", "victim"))

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    attempts = [r for r in results if isinstance(r, Attempt)]
    assert len(attempts) == 5 and results.count(BUSY) == 35
    for attempt in attempts:
        throttle.finish(attempt, signed_in=False)
    assert throttle.begin("10.0.0.1", "victim") > 0  # the other 35 are refused, never checked


def test_forty_concurrent_wrong_guesses_over_http_check_five_passwords(app):
    import asyncio

    import httpx

    checked = []
    users = app.state.services.users
    original = users.verify

    def counting(name, password):
        checked.append(name)
        return original(name, password)

    async def attack():
        transport = httpx.ASGITransport(app=app, client=("10.6.6.6", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            page = await client.get("/login")
            token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            return await asyncio.gather(*[client.post("/login", data={
                "username": "s.staff", "password": f"guess {n}", "csrf": token}) for n in range(40)])

    users.verify = counting
    try:
        responses = asyncio.run(attack())
    finally:
        users.verify = original
        app.state.services.throttle.failures.clear()
    assert len(checked) == 5
    assert sorted(r.status_code for r in responses) == [401] * 5 + [429] * 35


def test_colleagues_signing_in_at_once_from_one_address_all_get_in(app):
    import asyncio

    import httpx

    async def colleagues():
        transport = httpx.ASGITransport(app=app, client=("10.7.7.7", 1))
        clients = [httpx.AsyncClient(transport=transport, base_url="http://testserver") for _ in range(8)]
        tokens = []
        for client in clients:
            page = await client.get("/login")
            tokens.append(page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0])
        posts = [client.post("/login", data={"username": "s.staff", "password": PASSWORD, "csrf": token})
                 for client, token in zip(clients, tokens, strict=True)]
        responses = await asyncio.gather(*posts)
        for client in clients:
            await client.aclose()
        return responses

    assert [r.status_code for r in asyncio.run(colleagues())] == [303] * 8


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(app, tmp_path, fake_web):  # noqa: F811
    scope = {"client": ("127.0.0.1", 5), "headers": [(b"x-forwarded-for", b"203.0.113.9, 198.51.100.1")]}
    assert client_address(scope) == "127.0.0.1"
    assert client_address(scope, ("127.0.0.1",)) == "198.51.100.1"
    assert client_address(scope, ("127.0.0.1", "198.51.100.1")) == "203.0.113.9"
    local = TestClient(app, client=("127.0.0.1", 1))
    for n in range(5):
        local.headers["X-Forwarded-For"] = f"192.0.2.{n}"
        assert sign_in(local, "s.staff", "wrong guess!").status_code == 401
    local.headers["X-Forwarded-For"] = "192.0.2.200"
    assert sign_in(local, "s.staff", "wrong guess!").status_code == 429  # rotating the header does not help
    app.state.services.throttle.failures.clear()


# ---------------------------------------------------------------- 4. public rate limit


def test_the_public_faq_is_rate_limited_per_address(fake_web, tmp_path):  # noqa: F811
    limited = make_app(fake_web[1], tmp_path / "data", mount_ui=False, public_rate_limit=3, public_rate_seconds=60)
    one, other = TestClient(limited, client=("10.2.2.2", 1)), TestClient(limited, client=("10.3.3.3", 1))
    codes = [one.post("/faq", data={"q": "Will staff post photos of my child?"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert other.post("/faq", data={"q": "Will staff post photos of my child?"}).status_code == 200
    assert one.get("/faq").status_code == 200  # the page itself, without a question, is never limited


def test_rate_limit_window_slides():
    now = [0.0]
    limit = RateLimit(limit=2, per=10, clock=lambda: now[0])
    assert [limit.allow("a"), limit.allow("a")] == [0, 0] and limit.allow("a") > 0
    now[0] = 10.5
    assert limit.allow("a") == 0


# ---------------------------------------------------------------- 5. uploads


def test_the_staff_chat_takes_no_uploads_and_the_workshop_caps_them(app):
    staff = _signed_in(app)
    files = {"files": ("x.yaml", b"- id: x\n", "application/x-yaml")}
    assert staff.post("/staff/gradio_api/upload", files=files).status_code == 403
    trainer = _signed_in(app, "t.trainer")
    assert trainer.post("/workshop/gradio_api/upload", files=files).status_code == 200
    big = {"files": ("big.yaml", b"#" * (2 << 20), "application/x-yaml")}
    assert trainer.post("/workshop/gradio_api/upload", files=big).status_code == 413


def test_old_workshop_exports_are_pruned(tmp_path):
    from assistant.web.workshop_ui import prune_exports

    old, new = tmp_path / "export-a" / "r.html", tmp_path / "export-b" / "r.html"
    for path in (old, new):
        path.parent.mkdir()
        path.write_text("x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert prune_exports(tmp_path) == 1
    assert not old.exists() and new.exists()


# ---------------------------------------------------------------- 9-10. cross-site requests and headers


def test_sign_in_needs_the_forms_token(app):
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"username": "s.staff", "password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 400
    assert client.get("/staff/gradio_api/info").status_code == 401


@pytest.mark.parametrize("path", ["/login", "/logout", "/staff/gradio_api/queue/join", "/faq"])
def test_posts_from_another_site_are_refused(app, path):
    client = _signed_in(app)
    response = client.post(path, data={"q": "x"}, headers={"Origin": "http://evil.example"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/staff/gradio_api/info").status_code == 200  # still signed in


def test_no_cross_origin_read_is_granted(app):
    client = _signed_in(app)
    response = client.get("/staff/gradio_api/info", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/staff/gradio_api/queue/join", headers={
        "Origin": "http://evil.example", "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 403 and "access-control-allow-origin" not in preflight.headers


def test_same_origin_posts_pass():
    from starlette.datastructures import Headers

    assert same_origin(Headers({"origin": "http://127.0.0.1:7860", "host": "127.0.0.1:7860"})) is True
    assert same_origin(Headers({"origin": "http://evil.example", "host": "127.0.0.1:7860"})) is False
    assert same_origin(Headers({"host": "127.0.0.1:7860"})) is None
    assert same_origin(Headers({"origin": "https://pa.school.example", "host": "127.0.0.1:7860"}),
                       ("https://pa.school.example",)) is True


@pytest.mark.parametrize("path", ["/", "/faq", "/login", "/staff/"])
def test_every_page_carries_the_security_headers(app, path):
    response = _signed_in(app).get(path)
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "img-src 'self' data: blob:" in csp


def test_the_session_cookie_is_secure_behind_an_https_proxy(fake_web, tmp_path):  # noqa: F811
    proxied = make_app(fake_web[1], tmp_path / "data", mount_ui=False, trusted_proxies=("127.0.0.1",))
    client = TestClient(proxied, client=("127.0.0.1", 1), headers={"X-Forwarded-Proto": "https"})
    response = sign_in(client, "s.staff")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("pa_session=") and "secure" in cookie.lower()
    plain = TestClient(proxied, client=("10.8.8.8", 1), headers={"X-Forwarded-Proto": "https"})
    assert "secure" not in sign_in(plain, "s.staff").headers["set-cookie"].lower()  # untrusted: not believed


def test_redirects_stay_on_https_behind_an_https_proxy(fake_web, tmp_path):  # noqa: F811
    """Behind Caddy, /staff redirects to /staff/: an http:// address there is another origin, which the
    browser refuses after the sign-in form (CSP form-action 'self')."""
    proxied = make_app(fake_web[1], tmp_path / "data", trusted_proxies=("127.0.0.1",))
    client = TestClient(proxied, base_url="http://policy.school.internal", client=("127.0.0.1", 1),
                        headers={"X-Forwarded-Proto": "https"})
    form = client.get("/login")
    token = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    # the cookie is Secure, so the client would not send it back over the test's plain transport: send it by hand
    cookie = {"Cookie": form.headers["set-cookie"].split(";", 1)[0]}
    signed = client.post("/login", data={"username": "s.staff", "password": PASSWORD, "csrf": token},
                         headers=cookie, follow_redirects=False)
    assert signed.status_code == 303
    cookie = {"Cookie": signed.headers["set-cookie"].split(";", 1)[0]}
    location = client.get("/staff", headers=cookie, follow_redirects=False).headers["location"]
    assert location.startswith(("https://policy.school.internal/staff/", "/staff/")), location


def test_gradio_errors_do_not_reach_clients(app):
    from gradio.routes import App

    mounted = [r.app for r in app.routes if isinstance(getattr(r, "app", None), App)]
    assert mounted and all(not m.get_blocks().show_error for m in mounted)


# ---------------------------------------------------------------- 11-12. files and loose ends


def test_the_data_folder_and_its_files_are_private(app):
    data = app.state.services.settings.data_dir
    app.state.services.feedback.add("s.staff", "q", "info", [], 1)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    for name in ("session.key", "users.json", "feedback.sqlite3", "feedback.sqlite3-wal", "feedback.sqlite3-shm"):
        path = data / name
        assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600, name


@pytest.mark.parametrize(("name", "value"), [("PORT", "eighty"), ("POLICY_ASSISTANT_FEEDBACK_DAYS", "a month"),
                                             ("PORT", "99999")])
def test_bad_numbers_in_the_environment_are_a_clear_error(monkeypatch, name, value):
    from click.testing import CliRunner

    from assistant.cli import cli
    from assistant.errors import ConfigError
    from assistant.settings import Settings

    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        Settings.from_env()
    result = CliRunner().invoke(cli, ["users", "list"])
    assert result.exit_code == 1 and name in result.output and "Traceback" not in result.output


def test_an_index_path_that_is_a_file_is_a_clear_error(tmp_path, fake_embedder, fake_settings):
    from assistant.corpus import load_corpus
    from assistant.errors import IndexStoreError
    from assistant.index.store import ensure_index

    blocker = tmp_path / "index-file"
    blocker.write_text("not a folder")
    with pytest.raises(IndexStoreError, match="is a file"):
        ensure_index(load_corpus(fake_settings.corpus_dir), fake_embedder, blocker)


def test_abandoned_builds_are_removed(tmp_path):
    from assistant.index.store import remove_abandoned_builds

    dead = tmp_path / ".building-1700000000000-999999999"  # no such process
    old = tmp_path / ".building-1700000000000"
    live = tmp_path / f".building-1700000000000-{os.getpid()}"
    for folder in (dead, old, live):
        folder.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    removed = remove_abandoned_builds(tmp_path)
    assert set(removed) == {dead, old} and live.exists()
