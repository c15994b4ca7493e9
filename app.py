"""Serve the web app: `python app.py` (or `make run`). HOST and PORT override 127.0.0.1:7860."""

from __future__ import annotations

import sys

from assistant.engine import Engine
from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.ui import build_app


def main() -> None:
    settings = Settings.from_env()
    try:
        engine = Engine.load(settings, progress=lambda s: print(s, file=sys.stderr))
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    app = build_app(engine)
    print(f"Policy assistant: http://{settings.host}:{settings.port}", flush=True)
    app.launch(server_name=settings.host, server_port=settings.port, show_error=True)


if __name__ == "__main__":
    main()
