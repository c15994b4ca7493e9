"""The model of a scenario file (docs/contracts.md section 5), in pydantic: scenarios.py imports it when it reads one.

Validation takes a context (scenarios.py): `seen` (an empty set: ids met so far), `source` (the file's name, for
warnings) and, to check the expected clauses, `clause_ids`, `renames` and `warn` (editions.resolve_expected).
Messages name the scenario and the key and never quote a value from the file, beyond the scenario's id and
clause ids (a workshop upload's error is shown to the trainer who uploaded it).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    RootModel,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..corpus.editions import resolve_expected
from ..types import VERDICTS
from ..yamltext import Wording, once, one_of, refuse, scalar_text

AUDIENCES = ("staff", "parent")


def _texts(value) -> tuple[str, ...]:
    """A list of text kept as written; nothing is ()."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise refuse("must be a list of text")
    return tuple(value)


Texts = Annotated[tuple[str, ...], BeforeValidator(_texts)]


def _question(value):
    if not isinstance(value, str) or not value.strip():
        raise refuse("must be non-empty text")
    return value


def _verdicts(value) -> tuple[str, ...] | None:
    """A verdict, a non-empty list of acceptable verdicts, or null (the verdict is not scored)."""
    verdicts = None if value is None else (value,) if isinstance(value, str) else value
    if verdicts is not None and (not isinstance(verdicts, list | tuple) or not verdicts
                                 or any(not isinstance(v, str) or v not in VERDICTS for v in verdicts)):
        raise refuse(f"must be one of {', '.join(VERDICTS)}, a list of them, or null")
    return None if verdicts is None else tuple(verdicts)


def _text_or_nothing(value):
    """note and source: text, or nothing at all ('')."""
    return value or ""


class ScenarioEntry(BaseModel):
    """One scenario: a question, the clauses that answer it ([] for out of scope) and the acceptable verdicts."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, BeforeValidator(scalar_text)]
    question: Annotated[str, PlainValidator(_question)]
    audience: Annotated[str, BeforeValidator(lambda v: v or "staff"), AfterValidator(one_of(AUDIENCES))] = "staff"
    history: Texts = ()  # earlier user turns, oldest first (follow-ups)
    expected_clauses: Texts
    expected_verdict: Annotated[tuple[str, ...] | None, PlainValidator(_verdicts)] = None
    tags: Texts = ()
    note: Annotated[str, BeforeValidator(_text_or_nothing), AfterValidator(str.strip)] = ""  # shown on reveal
    source: Annotated[str, BeforeValidator(_text_or_nothing), AfterValidator(str.strip)] = ""

    @model_validator(mode="before")
    @classmethod
    def _empty_id_is_missing(cls, data):
        if isinstance(data, dict) and "id" in data and not data["id"]:
            return {k: v for k, v in data.items() if k != "id"}
        return data

    @field_validator("id")
    @classmethod
    def _once(cls, value: str, info: ValidationInfo) -> str:
        return once(value, info, "used twice", keyed=True)

    @field_validator("expected_clauses")
    @classmethod
    def _in_the_corpus(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        """Every id is a clause of the corpus, or one that corpus/renames.yaml moved (counted as its new id, with
        a warning line naming the file and the scenario)."""
        context = info.context or {}
        clause_ids = context.get("clause_ids")
        if clause_ids is None:
            return value
        if context.get("renames"):
            where = f"{context.get('source', '')}: scenario '{info.data.get('id', '?')}'"
            value = resolve_expected(value, clause_ids, context["renames"], where, context["warn"])
        missing = [c for c in value if c not in clause_ids]
        if missing:
            raise refuse(f"clause ids not in the corpus: {', '.join(missing)}", keyed=False)
        return value


class ScenarioFile(RootModel[list[ScenarioEntry]]):
    """A scenario file: a YAML list of scenarios."""

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, list):
            raise refuse("a scenario file is a YAML list of mappings", keyed=False)
        return data


def scenario_wording(data) -> Wording:
    """'scenario 'friend-request'' (or ''#3'', the third, when it has no id) names the entry of a mistake."""
    def place(loc: tuple) -> tuple[str, int]:
        if not loc or not isinstance(loc[0], int) or not isinstance(data, list) or loc[0] >= len(data):
            return "", 0
        entry = data[loc[0]]
        sid = entry.get("id") if isinstance(entry, dict) else None
        return f"scenario '{sid or f'#{loc[0] + 1}'}'", 1

    def missing(entry: tuple, keys: list[str]) -> str:
        return f"missing {', '.join(keys)}" + (" (use [] for out of scope)" if "expected_clauses" in keys else "")
    return Wording(place, missing=missing)
