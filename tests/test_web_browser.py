"""Browser tests: Debian's Chromium, driven by Playwright, against the real app started on 127.0.0.1.

They skip without /usr/bin/chromium; `apt-get install chromium chromium-driver` enables them (.ci/run does).
Screenshots of each screen go to test-output/screenshots/ for a reviewer to look at."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from web_support import Server

from assistant.settings import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = PROJECT_ROOT / "test-output" / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]
TIMEOUT = 90_000  # ms: two shared cores answer slowly while other work runs
SMALL = """\
- id: friend-request
  question: "Can I accept a friend request from a pupil?"
  expected_clauses: ["policy:4.1(2)"]
  expected_verdict: prohibited
- id: lunch-menu
  question: "What's on the lunch menu on Friday?"
  expected_clauses: []
  expected_verdict: not_covered
"""

pytestmark = [
    pytest.mark.browser, pytest.mark.integration,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="browser tests need Debian's Chromium at /usr/bin/chromium: "
                       "run `apt-get install -y chromium chromium-driver` (as .ci/run does) to enable them"),
]


@pytest.fixture(scope="module")
def server(real_engine, tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    (base / "eval" / "scenarios").mkdir(parents=True)
    (base / "eval" / "scenarios" / "small.yaml").write_text(SMALL, encoding="utf-8")
    srv = Server(base / "data", real_engine.settings.index_dir, base / "eval")
    printed = srv.start()
    match = re.search(r"created user 'admin' \(role admin\) with password (\S+)", printed)
    assert match, "the first start should print the generated admin password:\n" + printed
    srv.password = match.group(1)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (the dev extra)")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(TIMEOUT)
    yield context.new_page()
    context.close()


def _sign_in(page, server, target: str) -> None:
    page.goto(server.url + target)
    page.wait_for_url(re.compile(r"/login\?next="))
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(server.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(target) + "/?$"))


def _ask(page, question: str) -> None:
    page.get_by_label("Your question").fill(question)
    page.get_by_label("Your question").press("Enter")  # the keyboard path


def test_anonymous_requests_to_the_staff_chat_and_its_api_are_refused(page, server):
    page.goto(server.url + "/staff")
    assert "/login?next=/staff" in page.url
    page.screenshot(path=str(SHOTS / "login.png"), full_page=True)
    for path in ("/staff/gradio_api/info", "/staff/config", "/workshop/gradio_api/info"):
        assert page.request.get(server.url + path).status == 401
    assert page.request.post(server.url + "/staff/gradio_api/queue/join", data={"data": ["x"]}).status == 401


def test_staff_sign_in_ask_see_badge_and_open_the_cited_clause(page, server):
    _sign_in(page, server, "/staff")
    page.get_by_text("Can I accept a friend request from a pupil?").first.wait_for()  # the examples
    _ask(page, "Can I accept a friend request from a pupil?")
    badge = page.locator("#staff-chat .pa-badge").first
    badge.wait_for()
    assert badge.inner_text().strip() == "No"
    link = page.locator("#staff-chat .pa-cites a").first
    assert link.inner_text().strip() == "Policy 4.1(2)"
    page.screenshot(path=str(SHOTS / "staff-chat.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "staff-chat-phone.png"), full_page=True)
    href = link.get_attribute("href")
    _ask(page, "what about their parents?")  # a follow-up in the same conversation
    page.locator("#staff-chat .pa-badge").nth(1).wait_for()
    page.get_by_role("button", name="New conversation").click()
    # The example questions repeat the first question's text, so wait for the answers to go, not for the text.
    page.wait_for_function("document.querySelectorAll('#staff-chat .pa-badge').length === 0", timeout=30_000)
    page.get_by_text("Can I accept a friend request from a pupil?").first.wait_for()  # the examples are back
    page.goto(server.url + href)
    target = page.locator(".clause.target")
    assert "must not accept pupils as friends" in target.inner_text()
    assert page.locator(".clause").count() > 1  # its neighbours around it
    page.screenshot(path=str(SHOTS / "clause.png"), full_page=True)


def test_markdown_and_html_in_a_question_show_as_text_and_fetch_nothing(page, server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    _sign_in(page, server, "/staff")
    typed = "![x](http://127.0.0.2:9/p.png) <img src=http://127.0.0.2:9/q.png> can I friend a pupil?"
    _ask(page, typed)
    page.locator("#staff-chat .pa-badge").first.wait_for()
    assert page.locator("#staff-chat img[src*='127.0.0.2']").count() == 0
    assert "![x](http://127.0.0.2:9/p.png)" in page.locator("#staff-chat").inner_text()
    assert not [url for url in requested if "127.0.0.2" in url]


def test_faq_loads_without_sign_in_and_cites_only_public_documents(page, server, real_engine):
    page.goto(server.url + "/faq")
    page.get_by_role("heading", name="Parents' questions").wait_for()
    page.get_by_text("Will staff post photos of my child?").first.click()
    page.screenshot(path=str(SHOTS / "faq.png"), full_page=True)
    public = {d.id for d in real_engine.corpus.documents if d.audience == "public"}
    hrefs = page.locator(".pa-cites a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs
    assert {h.split("/clause/")[1].split(":")[0] for h in hrefs} <= public
    page.get_by_label("Search the questions below").fill("photos")
    assert page.locator(".faq-item:visible").count() < page.locator(".faq-item").count()


def test_trainer_runs_a_scenario_file_and_sees_the_table(page, server):
    _sign_in(page, server, "/workshop")
    page.locator("#ws-file input").click()
    page.get_by_role("option", name="scenarios/small.yaml").click()
    page.locator("#ws-run").click()
    page.locator("#ws-summary svg").wait_for()
    from playwright.sync_api import expect

    table = page.locator("#ws-table")
    expect(table).to_contain_text("friend-request", timeout=TIMEOUT)
    expect(table).to_contain_text("lunch-menu")
    page.screenshot(path=str(SHOTS / "workshop.png"), full_page=True)
    page.get_by_role("tab", name="Quiz").click()
    page.locator("#qz-file input").click()
    page.get_by_role("option", name="scenarios/small.yaml").click()
    page.locator("#qz-start").click()
    page.locator("#quiz-question").wait_for()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("The group's clause, e.g. policy:4.1(2)").fill("policy:4.1(2)")
    page.locator("#qz-reveal").click()
    page.locator("#qz-assistant .pa-badge").wait_for()
    page.get_by_text("Score: 2 of 2").wait_for()
    page.screenshot(path=str(SHOTS / "quiz.png"), full_page=True)


def test_feedback_is_stored_and_survives_a_restart(page, server):
    from assistant.web.feedback import FeedbackStore

    _sign_in(page, server, "/staff")
    _ask(page, "Can I post photos from the school trip on my Instagram?")
    page.locator("#staff-chat .pa-badge").first.wait_for()
    page.get_by_label("Optional comment for your next thumbs up or down").fill("Needs the photo consent rule")
    page.locator("#staff-chat").get_by_role("button", name="Dislike").first.click()
    page.get_by_text("thumbs down was saved").wait_for()
    page.screenshot(path=str(SHOTS / "staff-feedback.png"), full_page=True)
    server.stop()
    printed = server.start()
    assert "password" not in printed  # the admin exists: nothing new is printed
    rows = FeedbackStore(server.data / "feedback.sqlite3").recent()
    assert [(r["question"], r["rating"], r["comment"]) for r in rows] == [
        ("Can I post photos from the school trip on my Instagram?", -1, "Needs the photo consent rule")]
    assert rows[0]["user"] == "admin" and rows[0]["cited"]
    page.goto(server.url + "/staff")  # the session secret is kept, so the session survives the restart too
    page.wait_for_url(re.compile(r"/staff/$"))
    page.context.clear_cookies()
    _sign_in(page, server, "/staff")  # and the same password still works
