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


def key_lines(text: str) -> dict[tuple, int]:
    """The 1-based line of every mapping value and list item, by its path: ('contacts', 'dsl', 'role') -> 12."""
    lines: dict[tuple, int] = {}

    def walk(node, path: tuple) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                lines[(*path, key.value)] = key.start_mark.line + 1
                walk(value, (*path, key.value))
                lines[(*path, key.value)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, i))

    root = yaml.compose(text, Loader=SAFE_LOADER)
    if root is not None:
        walk(root, ())
    return lines


def validated(model, path: Path, error: type[Exception]):
    """Read a YAML file into a pydantic model; a mistake becomes `error` naming the file, the line and the key."""
    from pydantic import ValidationError

    text = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
    try:
        data = read_yaml(path)
    except BadYaml as exc:
        raise error(f"{path}{f':{exc.line}' if exc.line else ''}: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = key_lines(text)
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), 0)
        where = ".".join(str(part) for part in loc) or "the file"
        message = {"missing": "is missing", "extra_forbidden": "is not a known key",
                   "model_type": "must be a mapping", "dict_type": "must be a mapping"}.get(first["type"], first["msg"])
        raise error(f"{path}:{line}: {where} {message}"
                    + (f" ({len(exc.errors()) - 1} more problems)" if len(exc.errors()) > 1 else "")) from None
