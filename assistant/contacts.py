"""The school's contacts (config/school.yaml): who 'the DSL' or 'the LADO' is, and how to reach them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, create_model

from .errors import ConfigError
from .yamltext import validated

ROLES = ("headteacher", "dsl", "deputy_dsl", "chair_of_governors", "line_manager", "lado", "posh", "emergency")


@dataclass(frozen=True)
class Contact:
    role: str  # 'the Designated Safeguarding Lead (DSL)'
    name: str = ""
    how: str = ""  # phone, email, room or route

    def describe(self) -> str:
        """'the Designated Safeguarding Lead (DSL), Ms A. Khan, ext. 214', or the role alone."""
        return ", ".join(part for part in (self.role, self.name, self.how) if part)


@dataclass(frozen=True)
class School:
    name: str
    contacts: dict[str, Contact]
    no_guidance_rule: str = ""  # the school's own rule for when no guidance exists, e.g. 'Policy 3.3(i)'

    def contact(self, key: str) -> Contact:
        return self.contacts[key]


# Validated with pydantic (yamltext.validated names the file, line and key of a mistake). The cost, measured on the
# busy 2-core machine: importing pydantic 0.29 s and building these models 0.19 s, added once to a cold `ask`.
class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)

    role: str = Field(min_length=1, description="e.g. 'the Headteacher'")
    name: str | None = ""
    how: str | None = ""


# One field per role in ROLES: every role must be present.
_Contacts = create_model("_Contacts", __config__=ConfigDict(extra="forbid"), **{key: (_Entry, ...) for key in ROLES})


class _SchoolFile(BaseModel):
    """config/school.yaml."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)

    school: str = Field(min_length=1)
    no_guidance_rule: str | None = ""
    contacts: _Contacts


def load_school(path: Path) -> School:
    """Read and validate the contacts file (pydantic); every role in ROLES must be present with a 'role' text."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"the school contacts file {path} does not exist; copy config/school.yaml from the "
                          "repository and edit it")
    data = validated(_SchoolFile, path, ConfigError)
    contacts = {key: Contact(entry.role, entry.name or "", entry.how or "")
                for key, entry in ((k, getattr(data.contacts, k)) for k in ROLES)}
    return School(data.school, contacts, data.no_guidance_rule or "")


PEOPLE = ("headteacher", "dsl", "deputy_dsl", "chair_of_governors")  # the school's own people, named per school


def missing_names(school: School) -> tuple[str, ...]:
    """The school's own contacts still without a name, by role, e.g. ('the Headteacher', ...): answers can then
    say only the role, so first run, `health` and the admin pages flag them."""
    return tuple(school.contacts[key].role for key in PEOPLE if key in school.contacts
                 and not school.contacts[key].name)
