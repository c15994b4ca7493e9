"""The one web application: FastAPI routes and sign-in, with the Gradio staff chat and workshop mounted
behind role checks. Build it with build_web_app(); app.py launches it."""

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import PlainTextResponse

from ..errors import AssistantError
from ..settings import Settings
from . import pages
from .faq import answer_faq, load_faq
from .feedback import FeedbackStore
from .users import ROLES, Throttle, User, UserStore

# route prefix -> role needed; everything under it (pages, assets, Gradio API, queue) is checked
PROTECTED = {"/staff": "staff", "/workshop": "trainer", "/admin": "admin"}
PAGES = {"/staff", "/workshop", "/admin/feedback", "/admin/health"}  # anonymous visitors are sent to sign in


@dataclass
class Services:
    """What the routes share: the engine, the stores and the settings."""

    engine: object
    settings: Settings
    users: UserStore
    feedback: FeedbackStore
    throttle: Throttle


def session_secret(data_dir: Path) -> str:
    """A random secret made on first run and kept in the data folder (mode 0600)."""
    path = Path(data_dir) / "session.key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        os.chmod(path, 0o600)
    return path.read_text(encoding="utf-8").strip()


def make_services(engine, settings: Settings) -> Services:
    data = Path(settings.data_dir)
    feedback = FeedbackStore(data / "feedback.sqlite3", settings.feedback_days)
    feedback.purge()
    return Services(engine, settings, UserStore(data / "users.json"), feedback,
                    Throttle(settings.login_max_failures, settings.login_pause_seconds))


def session_user(scope_session: dict, users: UserStore) -> User | None:
    """The signed-in user, re-read from the users file so a removed user or changed role takes effect."""
    name = scope_session.get("user") if scope_session else None
    return users.get(name) if name else None


def _required_role(path: str) -> str | None:
    for prefix, role in PROTECTED.items():
        if path == prefix or path.startswith(prefix + "/"):
            return role
    return None


class AccessGuard:
    """ASGI middleware: anonymous requests under a protected prefix get a redirect to sign-in (a page) or
    401 (anything else: API, queue, assets); signed-in users without the role get 403."""

    def __init__(self, app, users: UserStore):
        self.app = app
        self.users = users

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        role = _required_role(scope["path"])
        if role is None:
            return await self.app(scope, receive, send)
        user = session_user(scope.get("session") or {}, self.users)
        if user is not None and user.can(role):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        is_page = scope["method"] == "GET" and scope["path"].rstrip("/") in PAGES
        if user is None and is_page:
            response = RedirectResponse(f"/login?next={quote(scope['path'])}", status_code=303)
        elif user is None:
            response = PlainTextResponse("Sign in first.", status_code=401)
        else:
            response = PlainTextResponse(f"This needs the {role} role.", status_code=403)
        await response(scope, receive, send)


def build_web_app(engine, settings: Settings, services: Services | None = None, mount_ui: bool = True):
    """The FastAPI application with every route; nothing is served until app.py (or a test) runs it."""
    svc = services or make_services(engine, settings)
    answered = answer_faq(engine, load_faq(settings.faq_file))
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.services = svc

    def current(request: Request) -> User | None:
        return session_user(request.session, svc.users)

    def name_of(request: Request) -> str | None:
        user = current(request)
        return user.name if user else None

    @app.get("/", response_class=HTMLResponse)
    def landing(request: Request):
        return pages.landing(name_of(request))

    @app.get("/login", response_class=HTMLResponse)
    def login_form(next: str = "/staff"):
        return pages.login(_safe_next(next))

    @app.post("/login")
    def login(request: Request, username: str = Form(...), password: str = Form(...), next: str = Form("/staff")):
        name = username.strip().lower()
        keys = (f"user:{name}", f"addr:{request.client.host if request.client else '-'}")
        wait = svc.throttle.blocked(*keys)
        if wait > 0:
            return HTMLResponse(pages.login(_safe_next(next), f"Too many failed sign-ins. Try again in "
                                            f"{int(wait) // 60 + 1} minutes."), status_code=429)
        user = svc.users.verify(name, password)
        if user is None:
            svc.throttle.fail(*keys)
            return HTMLResponse(pages.login(_safe_next(next), "Wrong user name or password."), status_code=401)
        svc.throttle.succeed(*keys)
        request.session.clear()
        request.session["user"] = user.name
        return RedirectResponse(_safe_next(next), status_code=303)

    @app.get("/logout")
    def logout(request: Request):
        request.session.clear()
        return RedirectResponse("/", status_code=303)

    @app.post("/faq", response_class=HTMLResponse)
    def faq_ask(q: str = Form("")):  # the form posts, so a question (it may name a child) stays out of URLs
        return faq(q)

    @app.get("/faq", response_class=HTMLResponse)
    def faq(q: str = ""):
        if not q.strip():
            return pages.faq(answered)
        try:  # public route: only ever the parent audience, i.e. public documents
            answer = engine.ask(q, audience="parent").to_dict()
        except AssistantError as exc:
            return pages.faq(answered, q, error=str(exc))
        return pages.faq(answered, q, answer)

    @app.get("/clause/{clause_id:path}", response_class=HTMLResponse)
    def clause(request: Request, clause_id: str, whole: bool = False):
        clause_id = unquote(clause_id)
        found = engine.clauses.get(clause_id)
        if found is None:
            return HTMLResponse(pages.message("Clause not found", f"There is no clause {clause_id}."), 404)
        doc = engine.documents[found.doc]
        user = current(request)
        if doc.audience != "public" and user is None:
            return HTMLResponse(pages.message("Sign in to read this", "This document is for staff only."), 401)
        clauses = [c for c in engine.corpus.clauses if c.doc == found.doc]
        return pages.clause_page(doc, clauses, clause_id, user.name if user else None,
                                 context=len(clauses) if whole else 3)

    @app.get("/admin/feedback", response_class=HTMLResponse)
    def feedback(request: Request):  # the guard lets only admins this far
        svc.feedback.purge()
        return pages.feedback_page(svc.feedback.recent(500), svc.settings.feedback_days, name_of(request))

    @app.get("/admin/health", response_class=HTMLResponse)
    def health():
        from datetime import date

        from ..health import check_corpus, load_rules, render_html

        corpus = engine.corpus
        rules = load_rules()
        titles = {d.id: d.title for d in corpus.documents if any(r.applies_to(d) for r in rules)}
        return render_html(check_corpus(corpus, rules, date.today()), date.today(), titles)

    if mount_ui:
        import gradio as gr

        from .render import CSS
        from .staff_ui import build_staff_ui
        from .workshop_ui import build_workshop_ui

        def role_dependency(role: str):
            def dependency(request: Request) -> str | None:
                user = current(request)
                return user.name if user and user.can(role) else None
            return dependency

        gr.mount_gradio_app(app, build_staff_ui(svc), path="/staff", auth_dependency=role_dependency("staff"),
                            css=CSS, footer_links=[], show_error=True)
        gr.mount_gradio_app(app, build_workshop_ui(svc), path="/workshop",
                            auth_dependency=role_dependency("trainer"), css=CSS, footer_links=[], show_error=True)

    # Starlette runs the last added middleware first: the session is decoded before the guard looks at it.
    app.add_middleware(AccessGuard, users=svc.users)
    app.add_middleware(SessionMiddleware, secret_key=session_secret(settings.data_dir), same_site="lax",
                       https_only=False, max_age=12 * 3600, session_cookie="pa_session")
    return app


def _safe_next(target: str) -> str:
    """Only local paths, so the sign-in form cannot send anyone to another site."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/staff"


__all__ = ["ROLES", "Services", "build_web_app", "make_services"]
