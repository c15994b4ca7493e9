"""Models of the corpus folder's YAML files (pydantic): the manifest, the annotations, the retrieval aids and the
edition register and clause renames.

load.py and editions.py import this module only when they read the files, so commands that never load the corpus
do not pay for pydantic. Validation takes a context (see load.py; without one, these checks are skipped): `formats`
(the parsers' names), `doc_id` (the slug pattern), `seen` (an empty set: the ids met so far, to refuse one listed
twice) and `clause_ids` (the parsed corpus's clause ids, which annotations and escalation must use and a rename
must leave).
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
    Field,
    PlainValidator,
    RootModel,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..errors import CorpusError
from ..types import AUDIENCES, AUTHORITIES
from ..yamltext import Wording, once, one_of, refuse, scalar_text, without_empty
from .fields import CLAUSE_ID, parse_date

REQUIRED = ("id", "title", "file", "format", "authority", "audience", "edition", "label")
CONCERN_KINDS = ("child", "adult")


def _context(info: ValidationInfo, key: str, default=None):
    return (info.context or {}).get(key, default)


Text = Annotated[str, BeforeValidator(scalar_text)]


def _texts(value) -> tuple[str, ...]:
    """A list of text (numbers read as text), each stripped, the empty ones dropped; nothing is ()."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise refuse("must be a list of text")
    return tuple(str(v).strip() for v in value if str(v).strip())


Texts = Annotated[tuple[str, ...], BeforeValidator(_texts)]


def _date(value, info: ValidationInfo):
    """A YAML date or ISO text, via fields.parse_date (one date reader for the manifest and the register)."""
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
    authority: Annotated[Text, AfterValidator(one_of(AUTHORITIES))]
    audience: Annotated[Text, AfterValidator(one_of(AUDIENCES))]
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
        return without_empty(data, REQUIRED)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str, info: ValidationInfo) -> str:
        pattern = _context(info, "doc_id")
        if pattern is not None and not pattern.match(value):
            raise refuse(f"{value!r} must be a short lowercase slug")
        return once(value, info, f"document id {value!r} is listed twice")

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


def manifest_wording(data) -> Wording:
    """How a manifest mistake is worded: 'document 2 (kcsie): ...' for anything inside the second document."""
    documents = data.get("documents") if isinstance(data, dict) else None

    def place(loc: tuple) -> tuple[str, int]:
        if len(loc) < 2 or loc[0] != "documents" or not isinstance(loc[1], int):
            return "", 0
        entry = documents[loc[1]] if isinstance(documents, list) and loc[1] < len(documents) else None
        doc_id = entry.get("id") if isinstance(entry, dict) else None
        return f"document {loc[1] + 1}" + (f" ({doc_id})" if isinstance(doc_id, str) and doc_id else ""), 2

    def unknown(entry: tuple, keys: list[str]) -> str:
        if not entry:
            return f"unknown keys {', '.join(keys)}; the manifest takes only 'format' and 'documents'"
        return f"unknown keys {', '.join(keys)} (corpus/README.md lists the keys a document takes)"
    return Wording(place, unknown=unknown)


# --- annotations.yaml ---------------------------------------------------------------------------------------


def _known_clause(value: str, info: ValidationInfo) -> str:
    ids = _context(info, "clause_ids")
    if ids is not None and value not in ids:
        raise refuse(f"'{value}' is not a clause id in the corpus", keyed=False)
    return value


class AnnotationEntry(BaseModel):
    """How people ask about one clause: example questions and synonyms."""

    model_config = ConfigDict(extra="forbid")

    questions: Texts = ()
    terms: Texts = ()


class AnnotationsFile(RootModel[dict[Annotated[str, AfterValidator(_known_clause)], AnnotationEntry]]):
    """annotations.yaml: clause id -> {questions, terms}."""

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict):
            raise refuse("expected a mapping of clause id -> {questions, terms}", keyed=False)
        return data


def _annotation_place(loc: tuple) -> tuple[str, int]:
    """The clause id names the entry; a clause id that is not one says so itself."""
    if not loc or loc[1:2] == ("[key]",):
        return "", len(loc)
    return str(loc[0]), 1


ANNOTATIONS_WORDING = Wording(_annotation_place, unknown=lambda entry, keys: (
    f"unknown keys {', '.join(keys)}; each entry takes only 'questions' and 'terms' lists"))


# --- vocabulary.yaml, out_of_scope.yaml, escalation.yaml, concern_examples.yaml -------------------------------


class VocabularyFile(RootModel[dict[Text, str]]):
    """vocabulary.yaml: informal word or phrase -> document words."""

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict):
            raise refuse("expected a mapping of word -> expansion text", keyed=False)
        return data


class OutOfScopeFile(BaseModel):
    """out_of_scope.yaml: `topics`, example questions on matters the sources do not cover."""

    model_config = ConfigDict(extra="forbid")

    topics: Texts = ()

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict):
            raise refuse("expected a mapping with one key, 'topics': a list of example questions", keyed=False)
        return data


OUT_OF_SCOPE_WORDING = Wording(unknown=lambda entry, keys: (
    f"unknown keys {', '.join(keys)}; expected a mapping with one key, 'topics': a list of example questions"))


def _known_clauses(value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    ids = _context(info, "clause_ids")
    unknown = [i for i in value if ids is not None and i not in ids]
    if unknown:
        raise refuse(f"'{unknown[0]}' ({info.field_name}) is not a clause id in the corpus", keyed=False)
    return value


ClauseIds = Annotated[Texts, AfterValidator(_known_clauses)]


class EscalationFile(BaseModel):
    """escalation.yaml: concern kind -> the procedure clauses an escalated answer cites."""

    model_config = ConfigDict(extra="forbid")

    child: ClauseIds = Field(default=(), description="a disclosure, or a child who may be at risk")
    adult: ClauseIds = Field(default=(), description="a concern or allegation about an adult's conduct")

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict):
            raise refuse(f"expected a mapping with the keys {', '.join(CONCERN_KINDS)}", keyed=False)
        return data


def keys_wording(allowed: tuple[str, ...]) -> Wording:
    return Wording(unknown=lambda entry, keys: (
        f"unknown keys {', '.join(keys)}; expected a mapping with the keys {', '.join(allowed)}"))


class ConcernExamplesFile(BaseModel):
    """concern_examples.yaml: example messages of each kind, for the concern detector."""

    model_config = ConfigDict(extra="forbid")

    child: Texts = ()
    adult: Texts = ()
    ordinary: Texts = ()

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict):
            raise refuse(f"expected a mapping with the keys {', '.join((*CONCERN_KINDS, 'ordinary'))}", keyed=False)
        return data


# --- editions.yaml ------------------------------------------------------------------------------------------

EDITION_REQUIRED = ("id", "name", "year")


def _text_or_texts(value) -> tuple[str, ...]:
    """`sources: https://...` is one source; a list is several."""
    return _texts([value] if isinstance(value, str) else value)


TextOrTexts = Annotated[tuple[str, ...], BeforeValidator(_text_or_texts)]


def _folded(value: str) -> str:
    """Runs of whitespace as one space: a folded or wrapped note reads as one line."""
    return " ".join(value.split())


class EditionEntry(BaseModel):
    """One edition of a series in editions.yaml (corpus/README.md)."""

    model_config = ConfigDict(extra="forbid")

    id: Text
    name: Text
    year: int
    in_force: Date = None
    superseded_by: Text | None = None  # an edition id in the same file (editions.load_register checks it)
    confidence: Text | None = None
    note: Annotated[Text, AfterValidator(_folded)] | None = None
    sources: TextOrTexts = ()

    @model_validator(mode="before")
    @classmethod
    def _empty_is_missing(cls, data):
        """An empty id, name or year counts as missing, as it always has."""
        return without_empty(data, EDITION_REQUIRED)

    @field_validator("id")
    @classmethod
    def _once(cls, value: str, info: ValidationInfo) -> str:
        return once(value, info, f"edition id '{value}' is listed twice")


class SeriesEntry(BaseModel):
    """One guidance series: its title (the series key when absent) and its editions, in any order."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = None
    editions: list[EditionEntry]


class EditionsFile(BaseModel):
    """editions.yaml: `format: 1` and the series, by key ('kcsie', 'gswp', ...)."""

    model_config = ConfigDict(extra="forbid")

    format: int | None = None
    series: dict[Text, SeriesEntry]

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict) or not isinstance(data.get("series"), dict):
            raise refuse("expected a mapping with a 'series' mapping (see corpus/README.md)", keyed=False)
        return data


def editions_wording(data) -> Wording:
    """'series kcsie, edition 2 (kcsie-2024): ...' for anything inside an edition; 'series kcsie: ...' above it."""
    series = data.get("series") if isinstance(data, dict) else None

    def edition_id(name, n: int):
        entry = series.get(name) if isinstance(series, dict) else None
        editions = entry.get("editions") if isinstance(entry, dict) else None
        item = editions[n] if isinstance(editions, list) and n < len(editions) else None
        return item.get("id") if isinstance(item, dict) else None

    def place(loc: tuple) -> tuple[str, int]:
        if len(loc) < 2 or loc[0] != "series" or loc[2:3] == ("[key]",):
            return "", 0
        if len(loc) < 4 or loc[2] != "editions" or not isinstance(loc[3], int):
            return f"series {loc[1]}", 2
        eid = edition_id(loc[1], loc[3])
        return f"series {loc[1]}, edition {loc[3] + 1}" + (f" ({eid})" if isinstance(eid, str) and eid else ""), 4

    def unknown(entry: tuple, keys: list[str]) -> str:
        if not entry:
            return f"unknown keys {', '.join(keys)}; the register takes only 'format' and 'series'"
        if len(entry) == 2:
            return f"unknown keys {', '.join(keys)}; a series takes only 'title' and 'editions'"
        return (f"unknown keys {', '.join(keys)}; an edition takes id, name, year, in_force, superseded_by, "
                "confidence, note and sources")
    return Wording(place, unknown=unknown)


# --- renames.yaml -------------------------------------------------------------------------------------------

RENAME_REQUIRED = ("from", "to", "reason")


def _clause_id(value: str) -> str:
    """A clause id as the corpus writes them ('kcsie:135'), blanks around it dropped."""
    value = value.strip()
    if not CLAUSE_ID.match(value):
        raise refuse("must be a clause id (doc:clause)")
    return value


ClauseId = Annotated[Text, AfterValidator(_clause_id)]


class RenameEntry(BaseModel):
    """One clause id that moved: `from` (no longer a clause) -> `to`, with the reason and the edition."""

    model_config = ConfigDict(extra="forbid")

    old: ClauseId = Field(alias="from")
    new: ClauseId = Field(alias="to")
    reason: Annotated[Text, AfterValidator(_folded)]
    edition: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _empty_is_missing(cls, data):
        """An empty from, to or reason (null, '', blanks) counts as missing."""
        return without_empty(data, RENAME_REQUIRED)

    @field_validator("old")
    @classmethod
    def _gone_once(cls, value: str, info: ValidationInfo) -> str:
        ids = _context(info, "clause_ids")
        if ids is not None and value in ids:
            raise refuse(f"'{value}' is renamed but is still a clause id in the corpus", keyed=False)
        return once(value, info, f"'{value}' is renamed twice")


class RenamesFile(BaseModel):
    """renames.yaml: `renames`, a list of {from, to, reason, edition} (none when the key is absent)."""

    model_config = ConfigDict(extra="forbid")

    format: int | None = None
    renames: list[RenameEntry] = []

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict):
            raise refuse("expected a mapping with a 'renames' list of {from, to, reason}", keyed=False)
        return data


def renames_wording(data) -> Wording:
    """'rename 3 (kcsie:135): ...' for anything inside the third rename."""
    renames = data.get("renames") if isinstance(data, dict) else None

    def place(loc: tuple) -> tuple[str, int]:
        if len(loc) < 2 or loc[0] != "renames" or not isinstance(loc[1], int):
            return "", 0
        entry = renames[loc[1]] if isinstance(renames, list) and loc[1] < len(renames) else None
        old = entry.get("from") if isinstance(entry, dict) else None
        return f"rename {loc[1] + 1}" + (f" ({old.strip()})" if isinstance(old, str) and old.strip() else ""), 2

    def unknown(entry: tuple, keys: list[str]) -> str:
        if not entry:
            return f"unknown keys {', '.join(keys)}; the file takes only 'format' and 'renames'"
        return f"unknown keys {', '.join(keys)}; a rename takes from, to, reason and optionally edition"
    return Wording(place, unknown=unknown)
