"""Models of the corpus folder's YAML files (pydantic): the manifest.

load.py imports this module only when it reads the files, so commands that never load the corpus do not pay for
pydantic. Validation takes a context (see load.py; without one, these checks are skipped): `formats` (the parsers'
names), `doc_id` (the slug pattern) and `seen` (an empty set: the ids met so far, to refuse one listed twice).
Messages come out as yamltext.explain() words them: the file, the line, the entry and the key.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import CorpusError
from ..types import AUDIENCES, AUTHORITIES
from ..yamltext import refuse
from .editions import parse_date

REQUIRED = ("id", "title", "file", "format", "authority", "audience", "edition", "label")


def _context(info: ValidationInfo, key: str, default=None):
    return (info.context or {}).get(key, default)


def _text(value):
    """A YAML scalar read as text, as str() did: `edition: 2024` is '2024'; lists and mappings stay refused."""
    return str(value) if isinstance(value, bool | int | float | date) else value


Text = Annotated[str, BeforeValidator(_text)]


def one_of(choices):
    """An after-validator: the value must be one of `choices`, said with the choices listed."""
    def check(value):
        if value not in choices:
            raise refuse(f"must be one of {', '.join(choices)}")
        return value
    return AfterValidator(check)


def _date(value, info: ValidationInfo):
    """A YAML date or ISO text, via editions.parse_date (one date reader for the manifest and the register)."""
    try:
        return parse_date(value, info.field_name, "")
    except CorpusError as exc:
        raise refuse(str(exc), keyed=False) from None


Date = Annotated[date | None, PlainValidator(_date)]


# --- manifest.yaml ------------------------------------------------------------------------------------------


class DocumentEntry(BaseModel):
    """One document of manifest.yaml (corpus/README.md). The required keys come first, in REQUIRED's order."""

    model_config = ConfigDict(extra="forbid")

    id: Text
    title: Text
    file: Text
    format: Text
    authority: Annotated[Text, one_of(AUTHORITIES)]
    audience: Annotated[Text, one_of(AUDIENCES)]
    edition: Text
    label: str
    label_slug: str | None = None  # absent or empty: the label
    url: Text | None = None
    approved: Date = None
    next_review: Date = None
    # the edition fields: editions.manifest_editions checks them against the register
    edition_id: Text | None = None
    in_force: Date = None
    superseded_by: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _empty_is_missing(cls, data):
        """A required key that is empty (null, '') counts as missing, as it always has."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v or k not in REQUIRED}
        return data

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str, info: ValidationInfo) -> str:
        pattern = _context(info, "doc_id")
        if pattern is not None and not pattern.match(value):
            raise refuse(f"{value!r} must be a short lowercase slug")
        seen = _context(info, "seen")
        if seen is not None:
            if value in seen:
                raise refuse(f"document id {value!r} is listed twice", keyed=False)
            seen.add(value)
        return value

    @field_validator("format")
    @classmethod
    def _parser(cls, value: str, info: ValidationInfo) -> str:
        formats = _context(info, "formats")
        if formats is not None and value not in formats:
            raise refuse(f"must be one of {', '.join(formats)}")
        return value

    @field_validator("label")
    @classmethod
    def _template(cls, value: str) -> str:
        if "{clause}" not in value:
            raise refuse("must contain {clause}")
        return value


class ManifestFile(BaseModel):
    """manifest.yaml: `format: 1` and the documents, in the order answers list them."""

    model_config = ConfigDict(extra="forbid")

    format: int | None = None
    documents: list[DocumentEntry]

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
            raise refuse("expected a mapping with a 'documents' list", keyed=False)
        return data

    @field_validator("documents")
    @classmethod
    def _some(cls, value: list) -> list:
        if not value:
            raise refuse("the manifest lists no documents", keyed=False)
        return value


def manifest_place(data):
    """explain()'s `place` for the manifest: 'document 2 (kcsie)' for anything inside the second document."""
    documents = data.get("documents") if isinstance(data, dict) else None

    def place(loc: tuple) -> tuple[str, int]:
        if len(loc) < 2 or loc[0] != "documents" or not isinstance(loc[1], int):
            return "", 0
        entry = documents[loc[1]] if isinstance(documents, list) and loc[1] < len(documents) else None
        doc_id = entry.get("id") if isinstance(entry, dict) else None
        return f"document {loc[1] + 1}" + (f" ({doc_id})" if isinstance(doc_id, str) and doc_id else ""), 2
    return place


def manifest_unknown(entry: tuple, keys: list[str]) -> str:
    if not entry:
        return f"unknown keys {', '.join(keys)}; the manifest takes only 'format' and 'documents'"
    return f"unknown keys {', '.join(keys)} (corpus/README.md lists the keys a document takes)"
