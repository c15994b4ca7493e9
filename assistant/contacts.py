"""The school's contacts (config/school.yaml): who 'the DSL' or 'the LADO' is, and how to reach them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .yamltext import BadYaml, read_yaml

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

    def contact(self, key: str) -> Contact:
        return self.contacts[key]


def load_school(path: Path) -> School:
    """Read and validate the contacts file; every role in ROLES must be present with a 'role' text."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"the school contacts file {path} does not exist; copy config/school.yaml from the "
                          "repository and edit it")
    try:
        data = read_yaml(path)
    except BadYaml as exc:
        raise ConfigError(f"{path} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("contacts"), dict) or not data.get("school"):
        raise ConfigError(f"{path} must have 'school' (the school's name) and a 'contacts' mapping")
    contacts = {}
    for key in ROLES:
        entry = data["contacts"].get(key)
        if not isinstance(entry, dict) or not str(entry.get("role") or "").strip():
            raise ConfigError(f"{path}: contacts.{key} needs at least a 'role', e.g. role: the Headteacher")
        unknown = set(entry) - {"role", "name", "how"}
        if unknown:
            raise ConfigError(f"{path}: contacts.{key} has unknown keys {', '.join(sorted(unknown))}; "
                              "use role, name and how")
        contacts[key] = Contact(*(str(entry.get(k) or "").strip() for k in ("role", "name", "how")))
    return School(str(data["school"]).strip(), contacts)


PEOPLE = ("headteacher", "dsl", "deputy_dsl", "chair_of_governors")  # the school's own people, named per school


def missing_names(school: School) -> tuple[str, ...]:
    """The school's own contacts still without a name, by role, e.g. ('the Headteacher', ...): answers can then
    say only the role, so first run, `health` and the admin pages flag them."""
    return tuple(school.contacts[key].role for key in PEOPLE if key in school.contacts
                 and not school.contacts[key].name)
