"""The model of a health rules file (rules.yaml, or a school's own), in pydantic: rules.py imports it when it reads one.

One model per kind (a discriminated union on `kind`): the keys every rule has, then the settings of its kind, each
kind saying which template fields it fills in. Validation takes a context (rules.py): `seen` (an empty set: the
rule ids met so far in the file) and `severities` (rules.SEVERITIES).
"""

from __future__ import annotations

import re
import string
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..yamltext import Wording, once, one_of, refuse, scalar_text, without_empty

COMMON_FIELDS = frozenset({"match", "clause", "label", "excerpt"})  # template fields every kind fills in
REQUIRED = ("category", "severity", "title", "problem", "fact", "fix")  # empty counts as missing


def _texts(value) -> tuple[str, ...]:
    """One text or a list of them."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise refuse("must be a list of text")
    return tuple(value)


Texts = Annotated[tuple[str, ...], PlainValidator(_texts)]
Text = Annotated[str, BeforeValidator(scalar_text)]
OptionalText = Annotated[str, BeforeValidator(lambda v: scalar_text(v or ""))]


def _regex(value) -> re.Pattern:
    try:
        return re.compile(str(value), re.IGNORECASE)
    except re.error as exc:
        raise refuse(f"is not a valid regular expression ({exc})") from None


Regex = Annotated[re.Pattern, PlainValidator(_regex)]


def _slug(value, info: ValidationInfo) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
        raise refuse("must be a lowercase slug")
    return once(value, info, f"rule id '{value}' is used twice")


class RuleEntry(BaseModel):
    """The keys every rule has (the head of rules.yaml explains them); a kind adds its settings."""

    # defer_build: each kind's schema is built once, inside RulesFile's, not also as a validator of its own
    model_config = ConfigDict(extra="forbid")
    FILLS: ClassVar[frozenset[str]] = frozenset()  # template fields this kind fills in, beside COMMON_FIELDS

    id: Annotated[str, PlainValidator(_slug)]
    kind: str
    category: Text
    severity: Text
    title: Text
    problem: Text
    fact: Text
    fix: Text
    ref: OptionalText = ""
    confidence: OptionalText = ""
    sources: Texts = ()
    evidence: Texts = ()  # corpus clause ids that show the fact
    verify: Annotated[bool, PlainValidator(bool)] = False
    documents: Texts = ()
    authority: Annotated[tuple[str, ...] | None, PlainValidator(_texts)] = None  # absent: the file's defaults
    enabled: Any = True  # only `false` switches a rule off

    @model_validator(mode="before")
    @classmethod
    def _empty_is_missing(cls, data):
        return without_empty(data, REQUIRED)

    @field_validator("severity")
    @classmethod
    def _severity(cls, value: str, info: ValidationInfo) -> str:
        severities = (info.context or {}).get("severities")
        return one_of(severities)(value) if severities else value

    @field_validator("title", "problem", "fact", "fix")
    @classmethod
    def _template(cls, value: str, info: ValidationInfo) -> str:
        allowed = COMMON_FIELDS | cls.FILLS
        try:
            bad = {name for _, name, _, _ in string.Formatter().parse(value) if name} - allowed
        except ValueError as exc:
            raise refuse(f"is not a valid template ({exc})") from None
        if bad:
            raise refuse(f"uses {{{', '.join(sorted(bad))}}}; this kind fills in {', '.join(sorted(allowed))}")
        return value

    @classmethod
    def settings_names(cls) -> tuple[str, ...]:
        return tuple(name for name in cls.model_fields if name not in RuleEntry.model_fields)

    def settings(self) -> dict:
        """The kind's settings the file gives (regular expressions compiled), for checks.py."""
        return {name: getattr(self, name) for name in self.settings_names() if name in self.model_fields_set}


class PatternRule(RuleEntry):
    """One finding per clause matching `pattern` (unless `unless` matches; only if `mentions` does)."""

    kind: Literal["pattern"]
    pattern: Regex
    unless: Regex | None = None
    mentions: Regex | None = None


class KcsieClaimRule(PatternRule):
    """Like pattern; the clause must also mention KCSIE, and a person checks every finding."""

    kind: Literal["kcsie_claim"]


class EditionRule(RuleEntry):
    """A year older than the current edition's: `current` (a year) or `series` (from corpus/editions.yaml)."""

    FILLS = frozenset({"year", "current", "edition", "in_force"})
    kind: Literal["edition"]
    pattern: Regex
    unless: Regex | None = None
    current: Any = None
    series: Any = None

    @field_validator("pattern")
    @classmethod
    def _year_group(cls, value: re.Pattern) -> re.Pattern:
        if "year" not in value.groupindex:
            raise refuse("an edition pattern needs a (?P<year>...) group", keyed=False)
        return value

    @model_validator(mode="after")
    def _current_or_series(self):
        if not {"current", "series"} & self.model_fields_set:
            raise refuse("an edition rule needs current (a year) or series (from editions.yaml)", keyed=False)
        return self


class PredatesEditionRule(RuleEntry):
    """Once per document approved before the edition of `series` now in force."""

    FILLS = frozenset({"approved", "edition", "in_force", "written_against"})
    kind: Literal["predates_edition"]
    series: Any


class HttpLinkRule(RuleEntry):
    FILLS = frozenset({"links"})
    kind: Literal["http_link"]
    pattern: Regex | None = None


class PhoneNumbersRule(RuleEntry):
    FILLS = frozenset({"number"})
    kind: Literal["phone_numbers"]
    pattern: Regex | None = None
    known: Any = None


class RequiredRule(RuleEntry):
    FILLS = frozenset({"doc_title"})
    kind: Literal["required"]
    pattern: Regex


class ReviewDateRule(RuleEntry):
    FILLS = frozenset({"due", "today", "days", "approved", "changes"})
    kind: Literal["review_date"]
    changes: Any = None
    soon: Any = None
    missing: Any = None
    front_matter_key: Any = None


def _check(value):
    if value not in ("duplicate", "gap", "order"):
        raise refuse("must be duplicate, gap or order")
    return value


class NumberingRule(RuleEntry):
    FILLS = frozenset({"number", "first_line", "lines", "missing", "previous"})
    kind: Literal["numbering"]
    check: Annotated[Any, PlainValidator(_check)]


KINDS = {"pattern": PatternRule, "kcsie_claim": KcsieClaimRule, "edition": EditionRule,
         "predates_edition": PredatesEditionRule, "http_link": HttpLinkRule, "phone_numbers": PhoneNumbersRule,
         "required": RequiredRule, "review_date": ReviewDateRule, "numbering": NumberingRule}


def _known_kind(value):
    """Before the union picks the kind's model: a mapping with a kind it knows (pydantic's own message would
    quote the unknown kind)."""
    if not isinstance(value, dict):
        raise refuse("must be a mapping")
    if value.get("kind") not in KINDS:
        raise refuse(f"kind must be one of {', '.join(KINDS)}", keyed=False)
    return value


AnyRule = Annotated[PatternRule | KcsieClaimRule | EditionRule | PredatesEditionRule | HttpLinkRule
                    | PhoneNumbersRule | RequiredRule | ReviewDateRule | NumberingRule,
                    Field(discriminator="kind"), BeforeValidator(_known_kind)]


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    authority: Texts = ("school policy",)  # which documents a rule without `documents` applies to


class RulesFile(BaseModel):
    """A rules file: `format: 1`, optional `defaults` and the `rules` list."""

    model_config = ConfigDict(extra="forbid")

    format: int | None = None
    defaults: Annotated[Defaults, BeforeValidator(lambda v: v or {})] = Defaults()
    rules: list[AnyRule]

    @model_validator(mode="before")
    @classmethod
    def _shape(cls, data):
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
            raise refuse("expected a mapping with a 'rules' list", keyed=False)
        return data


def rules_wording(data) -> Wording:
    """'rule 3 'review-date-passed'' names the entry of a mistake; 'for kind pattern' the settings it may have."""
    rules = data.get("rules") if isinstance(data, dict) else None

    def entry(loc: tuple) -> dict | None:
        if len(loc) < 2 or loc[0] != "rules" or not isinstance(loc[1], int) or not isinstance(rules, list) \
                or loc[1] >= len(rules) or not isinstance(rules[loc[1]], dict):
            return None
        return rules[loc[1]]

    def tagged(loc: tuple) -> bool:  # pydantic's loc inside a rule has its kind: ('rules', 0, 'pattern', 'id')
        rule = entry(loc)
        return rule is not None and len(loc) > 2 and loc[2] == rule.get("kind")

    def place(loc: tuple) -> tuple[str, int]:
        rule = entry(loc)
        if rule is None:
            return (f"rule {loc[1] + 1}", 2) if len(loc) > 1 and loc[0] == "rules" else ("", 0)
        rid = rule.get("id")
        return f"rule {loc[1] + 1}" + (f" '{rid}'" if isinstance(rid, str) else ""), 3 if tagged(loc) else 2

    def unknown(entry: tuple, keys: list[str]) -> str:
        if len(entry) == 3:
            return f"unknown keys {', '.join(keys)} for kind {entry[2]}"
        return f"unknown keys {', '.join(keys)}"
    return Wording(place, unknown=unknown, locate=lambda loc: loc[:2] + loc[3:] if tagged(loc) else loc)
