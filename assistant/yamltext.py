"""Reading YAML data files: always the safe loader, libyaml's when present.

The pure-Python loader takes over a second on corpus/annotations.yaml; libyaml about a tenth of that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
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
    except ValueError as exc:  # a value the loader cannot build, e.g. the date 2024-13-01
        raise BadYaml(f"not valid YAML: {exc}") from None


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


def line_of(lines: dict[tuple, int], loc) -> int:
    """The line of `loc` in key_lines' answer, or of the nearest enclosing key or item that is in the file."""
    loc = tuple(loc)
    return next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), 0)


def refuse(message: str, keyed: bool = True):
    """The error a pydantic validator raises for a mistake, in the project's words (explain() uses `message` as it
    is). `keyed`: the message says what is wrong with the key ('must be one of ...') and explain() puts the key's
    name before it; otherwise the message is a whole sentence, naming what it needs to."""
    from pydantic_core import PydanticCustomError

    return PydanticCustomError("phrase" if keyed else "sentence", "{message}", {"message": message})


def once(value, info, message: str, keyed: bool = False):
    """For a validator: refuse `value` with `message` when the file has used it before (the validation context's
    'seen' set, which the loader passes in; without one nothing is checked)."""
    seen = (info.context or {}).get("seen")
    if seen is not None:
        if value in seen:
            raise refuse(message, keyed)
        seen.add(value)
    return value


def without_empty(data, required: tuple[str, ...]):
    """For a before-validator: a required key that is empty (null, '', blanks, 0) counts as missing."""
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if k not in required or (v.strip() if isinstance(v, str) else v)}
    return data


def scalar_text(value):
    """For a before-validator: a YAML scalar read as text, as str() did (`edition: 2024` is '2024', `yes` is
    'True'); anything else is left for the field's type to refuse."""
    return str(value) if isinstance(value, bool | int | float | date) else value


def one_of(choices):
    """For an after-validator: the value must be one of `choices` ('must be one of public, staff')."""
    def check(value):
        if value not in choices:
            raise refuse(f"must be one of {', '.join(choices)}")
        return value
    return check


# pydantic's own error types in plain words; a type not listed keeps pydantic's message (it never quotes the input)
PHRASES = {"missing": "is missing", "extra_forbidden": "is not a known key", "model_type": "must be a mapping",
           "dict_type": "must be a mapping", "model_attributes_type": "must be a mapping",
           "list_type": "must be a list", "tuple_type": "must be a list", "string_type": "must be text",
           "bool_type": "must be true or false", "bool_parsing": "must be true or false",
           "int_type": "must be a whole number", "int_parsing": "must be a whole number",
           "union_tag_invalid": "is not a known kind", "union_tag_not_found": "needs its kind"}


def _dotted(loc) -> str:
    return ".".join(str(part) for part in loc)


def _whole_file(loc: tuple) -> tuple[str, int]:
    return "", 0


@dataclass(frozen=True)
class Wording:
    """How explain() names the entry a mistake is in and words missing and unknown keys, for one kind of file.

    - `place(loc)`: (words naming the entry, how many parts of `loc` they cover), e.g. for ('documents', 0,
      'format'): ("document 1 (policy)", 2); the rest of `loc` is the key. Default: no entry, the key is all of it.
    - `missing(entry loc, keys)`, `unknown(entry loc, keys)`: the words for keys missing from or not known in one
      entry; default 'missing a, b' and 'unknown keys a, b'.
    - `locate(loc)`: where `loc` is in the file, when pydantic's loc has parts the file does not (the tag of a
      discriminated union: ('rules', 0, 'pattern', 'id') is ('rules', 0, 'id') in the file)."""

    place: Callable[[tuple], tuple[str, int]] = _whole_file
    missing: Callable[[tuple, list[str]], str] | None = None
    unknown: Callable[[tuple, list[str]], str] | None = None
    locate: Callable[[tuple], tuple] | None = None


def explain(errors: list[dict], text=None, wording: Wording | None = None) -> tuple[int, str]:
    """(line, what is wrong) for pydantic's errors (ValidationError.errors(include_input=False)), never quoting
    the file's values: only keys, and what the project's own validators say (refuse()).

    `text` is the file's YAML (or a callable giving it), composed for the line only now that something is wrong;
    without it the line is 0 (data that did not come from a file). With a `wording`, the problems of the first
    entry in file order are reported: its missing keys together ('missing title, file'), else its unknown keys
    together, else its first other problem ('document 1 (policy): format must be one of ...'). Without one, the
    first problem as 'key.path is missing' (the style of validated() for config/school.yaml)."""
    if wording is None:
        first = errors[0]
        loc = tuple(first["loc"])
        what = (_dotted(loc) or "the file") + " " + _message(first)
        return line_in(text, loc), what + _more(len(errors) - 1)
    entries: dict[tuple, list[tuple[dict, str, tuple]]] = {}
    for error in errors:
        loc = tuple(error["loc"])
        words, depth = wording.place(loc)
        entries.setdefault(loc[:depth], []).append((error, words, loc[depth:]))
    entry, found = next(iter(entries.items()))
    rank = {"missing": 0, "extra_forbidden": 1}
    found.sort(key=lambda item: rank.get(item[0]["type"], 2))
    error, words, key = found[0]
    kind = error["type"]
    if kind in rank:
        same = [k for e, _, k in found if e["type"] == kind]
        names = [_dotted(k) for k in same]
        if kind == "missing":
            what = wording.missing(entry, names) if wording.missing else f"missing {', '.join(names)}"
        else:
            names.sort()
            what = wording.unknown(entry, names) if wording.unknown else f"unknown keys {', '.join(names)}"
        used = len(same)
    else:
        what = error["ctx"]["message"] if kind == "sentence" else f"{_dotted(key)} {_message(error)}".strip()
        used = 1
    if words:  # 'document 1: format must be ...', but 'document 1 must be a mapping'
        what = f"{words}{' ' if kind not in ('sentence', *rank) and not key else ': '}{what}"
    loc = tuple(error["loc"])
    return line_in(text, wording.locate(loc) if wording.locate else loc), what + _more(len(errors) - used)


def _more(count: int) -> str:
    return f" ({count} more problem{'s' if count > 1 else ''})" if count else ""


def _message(error: dict) -> str:
    if error["type"] in ("phrase", "sentence"):
        return error["ctx"]["message"]
    return PHRASES.get(error["type"], error["msg"])


def line_in(text, loc) -> int:
    """The line of `loc` in YAML `text` (or a callable giving it); 0 without text or when it does not parse."""
    text = text() if callable(text) else text
    if not text:
        return 0
    try:
        return line_of(key_lines(text), loc)
    except yaml.YAMLError:
        return 0


def check(model, data, source: str, error: type[Exception], text=None, wording: Wording | None = None,
          context=None):
    """Validate already-read YAML data (a mapping, or a list at the top) into a pydantic model; a mistake becomes
    `error('{source}:{line}: {what is wrong}')` (explain() says what, and which key; `context` goes to the
    validators). The line needs `text`, composed only when validation fails: a valid file never pays for it."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        line, what = explain(exc.errors(include_url=False, include_input=False), text, wording)
        raise error(f"{source}{f':{line}' if line else ''}: {what}") from None


def validated(model, path: Path, error: type[Exception], wording: Wording | None = None, context=None):
    """Read a YAML file into a pydantic model; a mistake becomes `error` naming the file, the line and the key
    (see check(); an empty file is validated as an empty mapping only if the model says so: it is None here)."""
    path = Path(path)
    try:
        data = read_yaml(path)
    except BadYaml as exc:
        raise error(f"{path}{f':{exc.line}' if exc.line else ''}: {exc}") from None
    return check(model, data, str(path), error, lambda: path.read_text(encoding="utf-8"), wording, context)
