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
  note: "4.1(2) bars accepting; 4.1(4) adds: decline and report it"
  source: "staff training, autumn term"
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


def _rate(buttons, which: str, page, saved: str, store) -> None:
    """Click a thumb (`which`: 'first' or 'last' of `buttons`) and wait for its confirmation. The chat re-renders
    its messages once an answer is complete, and a click on a button being replaced is lost (a person would click
    again): so click again, up to three times, but only while nothing has reached the feedback store."""
    stored = len(store.recent())
    for attempt in range(3):
        getattr(buttons, which).click()
        try:
            page.get_by_text(saved).wait_for(timeout=20_000)
            return
        except Exception:  # playwright's TimeoutError
            if len(store.recent()) > stored or attempt == 2:
                page.get_by_text(saved).wait_for()  # saved: only the confirmation is slow (or fail here)
                return


def test_anonymous_requests_to_the_staff_chat_and_its_api_are_refused(page, server):
    page.goto(server.url + "/staff")
    assert "/login?next=/staff" in page.url
    page.screenshot(path=str(SHOTS / "login.png"), full_page=True)
    for path in ("/staff/gradio_api/info", "/staff/config", "/workshop/gradio_api/info"):
        assert page.request.get(server.url + path).status == 401
    assert page.request.post(server.url + "/staff/gradio_api/queue/join", data={"data": ["x"]}).status == 401


def test_staff_sign_in_ask_see_badge_and_open_the_cited_clause(page, server):
    _sign_in(page, server, "/staff")
    page.get_by_role("button", name="Can I accept a friend request from a pupil?").wait_for()  # the examples
    _ask(page, "Can I accept a friend request from a pupil?")
    badge = page.locator("#staff-chat .pa-badge").first
    badge.wait_for()
    assert badge.inner_text().strip() == "No"  # the verdict in words, not colour alone
    page.locator('#staff-chat [data-verdict="prohibited"]').first.wait_for()  # the contract's marker survives
    link = page.locator("#staff-chat .pa-rule-link").first
    assert link.inner_text().strip() == "Read Policy 4.1(2)"
    page.screenshot(path=str(SHOTS / "staff-chat.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "staff-chat-phone.png"))
    href = link.get_attribute("href")
    _ask(page, "what about their parents?")  # a follow-up in the same conversation
    page.locator("#staff-chat .pa-badge").nth(1).wait_for()
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function("document.querySelectorAll('#staff-chat .pa-badge').length === 0", timeout=30_000)
    page.goto(server.url + href)
    target = page.locator(".clause.target")
    assert "must not accept pupils as friends" in target.inner_text()
    assert page.locator(".clause").count() > 1  # its neighbours around it
    page.screenshot(path=str(SHOTS / "clause.png"), full_page=True)


DISCLOSURE = "A Year 8 told me in a DM that someone at home locks her in her room. Can it wait till Monday?"


def _in_view(page, selector: str) -> dict:
    """The element's box, and whether it lies inside both the window and the chat's scrolling area."""
    return page.locator(selector).last.evaluate("""e => {
        const b = e.getBoundingClientRect();
        const wrap = e.closest('.bubble-wrap') || document.documentElement;
        const w = wrap.getBoundingClientRect();
        return {top: b.top, bottom: b.bottom, in_window: b.top >= 0 && b.bottom <= window.innerHeight,
                in_chat: b.top >= w.top && b.bottom <= w.bottom};
    }""")


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}],
                         ids=["laptop", "phone"])
def test_the_newest_answer_opens_at_its_top(browser, server, viewport):
    """Escalation, verdict and rule in view without scrolling when an answer arrives, after an earlier answer."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(TIMEOUT)
    page = context.new_page()
    try:
        _sign_in(page, server, "/staff")
        _ask(page, "Can I post photos from the school trip on my Instagram?")
        page.locator("#staff-chat .pa-badge").first.wait_for()
        _ask(page, DISCLOSURE)
        page.locator("#staff-chat [data-escalation]").first.wait_for()
        page.locator("#staff-chat .pa-badge").nth(1).wait_for()
        page.wait_for_timeout(2000)  # the scroll settles
        name = "laptop" if viewport["width"] > 600 else "phone"
        page.screenshot(path=str(SHOTS / f"staff-answer-top-{name}.png"))
        for part in ("#staff-chat [data-escalation]", "#staff-chat .pa-badge", "#staff-chat .pa-headline"):
            box = _in_view(page, part)
            if part.endswith("headline"):  # the rule starts in view (a long one may run on)
                assert box["top"] >= 0 and box["top"] < viewport["height"] - 40, (part, box)
            else:
                assert box["in_window"] and box["in_chat"], (part, box)
    finally:
        context.close()


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


STAFF_ONLY = ["review date", "days later", "so the policy can be corrected", "harm threshold", "LADO",
              "Local Authority Designated Officer", "statutory guidance (schools must follow it)"]


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


def test_every_faq_entry_shows_its_reviewed_verdict_and_clauses(page, server):
    from urllib.parse import unquote

    from assistant.settings import Settings
    from assistant.web.faq import load_faq

    entries = [e for t in load_faq(Settings().faq_file) for e in t.entries]
    page.goto(server.url + "/faq")
    page.locator("details.faq-item").evaluate_all("items => items.forEach(d => { d.open = true; })")
    for entry in entries:
        item = page.locator(f'[data-faq="{entry.id}"]')
        assert item.locator("summary").inner_text().strip() == entry.question
        assert item.locator("[data-verdict]").first.get_attribute("data-verdict") == entry.expected_verdict
        hrefs = item.locator(".pa-cites a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert [unquote(h.split("/clause/")[1].split("#")[0]) for h in hrefs] == list(entry.expected_clauses)
        assert "Who to contact" in item.inner_text()
    first = page.locator("details.faq-item").first
    assert "must not accept pupils as friends" in first.inner_text() and "Advised against" not in first.inner_text()
    page.screenshot(path=str(SHOTS / "faq-all-open.png"), full_page=True)


def test_parents_see_no_staff_or_policy_owner_text(page, server):
    page.goto(server.url + "/faq")
    page.locator("details.faq-item").evaluate_all("items => items.forEach(d => { d.open = true; })")
    text = page.locator("main").inner_text()
    page.get_by_label("Ask your own question").fill("Can a teacher accept a friend request from my child?")
    page.get_by_role("button", name="Ask").click()
    page.locator("#faq-answer [data-verdict]").wait_for()
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#faq-answer").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "faq-question-phone.png"))
    text += page.locator("#faq-answer").inner_text()
    for phrase in STAFF_ONLY:
        assert phrase.lower() not in text.lower(), phrase


def test_faq_questions_open_by_keyboard(page, server):
    page.goto(server.url + "/faq")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.parentElement.open") is True


def _pick_file(page, elem: str) -> None:
    page.locator(f"#{elem} input").click()
    page.get_by_role("option", name="scenarios/small.yaml").click()


def test_trainer_runs_a_scenario_file_and_sees_the_table(page, server):
    _sign_in(page, server, "/workshop")
    _pick_file(page, "ws-file")
    page.locator("#ws-run").click()
    from playwright.sync_api import expect

    summary = page.locator("#ws-summary")
    expect(summary).to_contain_text("Right clause first: 1 of 1", timeout=TIMEOUT)
    for jargon in ("hit@1", "mrr", "abstention"):
        assert jargon not in summary.inner_text()
    table = page.locator("#ws-table")
    expect(table).to_contain_text("friend-request")
    expect(table).to_contain_text("lunch-menu")
    assert table.locator("tbody tr").count() == 2 and "Why it did not pass" in table.inner_text()
    page.screenshot(path=str(SHOTS / "workshop.png"), full_page=True)
    page.get_by_role("tab", name="Quiz").click()
    _pick_file(page, "qz-file")
    page.locator("#qz-start").click()
    page.locator("#quiz-question").wait_for()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("The group's clause, e.g. policy:4.1(2)").fill("policy:4.1(2)")
    page.locator("#qz-reveal").click()
    page.locator("#qz-assistant .pa-badge").wait_for()
    page.get_by_text("Score: 2 of 2").wait_for()
    assert "decline and report it" in page.locator("#qz-policy").inner_text()  # the scenario's note
    page.screenshot(path=str(SHOTS / "quiz.png"), full_page=True)


def test_trainer_presents_one_scenario_at_a_time(page, server):
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector
    _sign_in(page, server, "/workshop")
    page.get_by_role("tab", name="Present to a room").click()
    _pick_file(page, "pr-file")
    page.locator("#pr-start").click()
    page.locator("#pr-question").wait_for()
    assert page.locator("#pr-question").inner_text() == "Can I accept a friend request from a pupil?"
    assert "Scenario 1 of 2" in page.locator("#pr-slide").inner_text()
    page.locator("#pr-full").click()  # full screen where the browser allows it (headless may not)
    page.screenshot(path=str(SHOTS / "present-question.png"))
    page.locator("#pr-vote").get_by_label("No", exact=True).check()
    page.locator("#pr-reveal").click()
    answer = page.locator("#pr-answer")
    answer.wait_for()
    text = answer.inner_text()
    assert "must not accept pupils as friends" in text and "decline and report it" in text
    assert "staff training, autumn term" in text and "right" in text
    assert answer.locator('[data-verdict="prohibited"]').count() >= 1
    page.screenshot(path=str(SHOTS / "present-reveal.png"))
    page.locator("#pr-next").click()
    page.get_by_text("Scenario 2 of 2").wait_for()
    assert page.locator("#pr-answer").count() == 0  # the next scenario starts unrevealed


AXE_PAGES = ["/", "/faq", "/login", "/clause/policy:4.1(2)", "/staff", "/workshop", "/admin/health"]


@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_or_critical_accessibility_violations(page, server, path):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install the dev extra")
    if path in ("/staff", "/workshop", "/admin/health"):
        _sign_in(page, server, path)
    else:
        page.goto(server.url + path)
    if path == "/staff":
        _ask(page, DISCLOSURE)  # an answer with its alert, badge, links and folded sources
        page.locator("#staff-chat [data-escalation]").first.wait_for()
    if path == "/workshop":
        page.locator("#ws-run").wait_for()
    page.wait_for_timeout(1000)
    found = axe_module.Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in found
           if v["impact"] in ("serious", "critical")]
    assert not bad, bad


def test_health_page_has_navigation_and_flags_missing_contacts(page, server):
    _sign_in(page, server, "/admin/health")
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Home", "Staff chat", "Parents' FAQ", "Feedback", "Policy health"):
        assert nav.get_by_role("link", name=name).count() == 1, name
    assert "Not filled in" in page.locator("#contacts").inner_text()
    assert "Parents' FAQ check" in page.locator("#faq-check").inner_text()
    page.screenshot(path=str(SHOTS / "health.png"), full_page=True)


def test_thumb_then_comment_stores_the_comment_on_that_answer(page, server):
    """The natural order, thumb first and comment after, keeps the comment on the rated answer, also across a
    new conversation; a follow-up's rating keeps the question before it. Survives a restart."""
    from assistant.web.feedback import FeedbackStore

    _sign_in(page, server, "/staff")
    _ask(page, "Can I accept a friend request from a pupil?")
    page.locator("#staff-chat .pa-badge").first.wait_for()
    _ask(page, "what about their parents?")
    page.locator("#staff-chat .pa-badge").nth(1).wait_for()
    store = FeedbackStore(server.data / "feedback.sqlite3")
    _rate(page.locator("#staff-chat").get_by_role("button", name="Dislike"), "last", page, "thumbs down was saved",
          store)
    page.get_by_label("Comment on the answer you rated (optional)").fill("Needs the parents rule")
    page.get_by_role("button", name="Save comment").click()
    page.get_by_text("Comment saved on the answer").wait_for()
    page.screenshot(path=str(SHOTS / "staff-feedback.png"), full_page=True)
    page.get_by_role("button", name="New conversation").click()
    page.wait_for_function("document.querySelectorAll('#staff-chat .pa-badge').length === 0", timeout=30_000)
    _ask(page, "Can I post photos from the school trip on my Instagram?")
    page.locator("#staff-chat .pa-badge").first.wait_for()
    _rate(page.locator("#staff-chat").get_by_role("button", name="Like", exact=True), "first", page,
          "thumbs up was saved", store)
    rows = {r["question"]: r for r in FeedbackStore(server.data / "feedback.sqlite3").recent()}
    rated = rows["what about their parents?"]
    assert (rated["rating"], rated["comment"], rated["context"]) == (
        -1, "Needs the parents rule", ["Can I accept a friend request from a pupil?"])
    assert rows["Can I post photos from the school trip on my Instagram?"]["comment"] == ""
    page.goto(server.url + "/admin/feedback")
    table = page.locator("table").inner_text()
    assert "Not helpful" in table and "Helpful" in table and "Needs the parents rule" in table
    page.screenshot(path=str(SHOTS / "admin-feedback.png"), full_page=True)


def test_feedback_is_stored_and_survives_a_restart(page, server):
    from assistant.web.feedback import FeedbackStore

    before = FeedbackStore(server.data / "feedback.sqlite3").recent()
    assert before, "the feedback test above stores ratings first"
    server.stop()
    printed = server.start()
    assert "password" not in printed  # the admin exists: nothing new is printed
    assert FeedbackStore(server.data / "feedback.sqlite3").recent() == before
    _sign_in(page, server, "/staff")  # the same password still works
