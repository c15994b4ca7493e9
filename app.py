"""Serve the web app: `python app.py` (or `make run`). HOST and PORT override 127.0.0.1:7860."""

from __future__ import annotations

import sys
import threading

from assistant.engine import Engine
from assistant.errors import AssistantError
from assistant.settings import Settings

PURGE_EVERY = 3600.0  # seconds between feedback retention purges while the app runs


def purge_on_schedule(feedback, stop: threading.Event) -> None:
    while not stop.wait(PURGE_EVERY):
        feedback.purge()


def main() -> None:
    try:
        settings = Settings.from_env()
        from assistant.web.users import UserStore

        password = UserStore(settings.data_dir / "users.json").ensure_admin()
        if password:  # printed at once, so a later start-up error cannot lose it
            print(f"First run: created user 'admin' (role admin) with password {password}\n"
                  "It is shown only this once. Add people with `policy-assistant users add`.", flush=True)
        engine = Engine.load(settings, progress=lambda s: print(s, file=sys.stderr))
        from assistant.web.webapp import build_web_app

        app = build_web_app(engine, settings)
        from assistant.contacts import missing_names

        missing = missing_names(engine.library.school)
        if missing:
            print(f"Warning: school contacts without a name: {', '.join(missing)}. Answers name only the role until "
                  f"you fill them in ({settings.school_file}).", flush=True)
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    stop = threading.Event()
    threading.Thread(target=purge_on_schedule, args=(app.state.services.feedback, stop), daemon=True).start()
    import uvicorn

    print(f"Policy assistant: http://{settings.host}:{settings.port}", flush=True)
    # The app reads X-Forwarded-For / -Proto itself, and only from settings.trusted_proxies (none by default);
    # uvicorn's own proxy handling would believe any client on 127.0.0.1.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning", proxy_headers=False,
                server_header=False)
    stop.set()


if __name__ == "__main__":
    main()
