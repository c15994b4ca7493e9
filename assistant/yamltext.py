"""Reading YAML data files: always the safe loader, libyaml's when present.

The pure-Python loader takes over a second on corpus/annotations.yaml; libyaml about a tenth of that.
"""

from __future__ import annotations

from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class BadYaml(ValueError):
    """A data file that is not UTF-8 or not YAML; callers turn it into their own domain error."""

    def __init__(self, reason: str, line: int = 0):
        super().__init__(reason)
        self.line = line


def load_yaml(text: str):
    """Parse YAML text with the safe loader (raises yaml.YAMLError on malformed input)."""
    return yaml.load(text, Loader=SAFE_LOADER)


def read_yaml(path: Path):
    """Parse a YAML file; raise BadYaml with the reason and, when known, the 1-based line."""
    try:
        return load_yaml(Path(path).read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise BadYaml(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", -1) + 1
        raise BadYaml(f"not valid YAML: {exc}", line) from None
