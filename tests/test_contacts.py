"""The school contacts file: validated at load, described in plain words."""

from __future__ import annotations

import pytest

from assistant.contacts import ROLES, Contact, load_school
from assistant.errors import ConfigError
from assistant.settings import PROJECT_ROOT

SHIPPED = PROJECT_ROOT / "config" / "school.yaml"


def test_shipped_file_has_every_role_and_the_policy_s_lado_number():
    school = load_school(SHIPPED)
    assert school.name == "Westhaven School" and set(school.contacts) == set(ROLES)
    assert "01275 888808" in school.contact("lado").describe()
    assert "0344 381 4772" in school.contact("posh").describe()


def test_describe_uses_what_is_filled_in():
    assert Contact("the Headteacher").describe() == "the Headteacher"
    assert Contact("the DSL", "Ms Khan", "ext. 214").describe() == "the DSL, Ms Khan, ext. 214"


@pytest.mark.parametrize("body,message", [
    ("school: X\n", r"school.yaml:1: contacts is missing"),
    ("- a list\n", r"school.yaml:1: the file must be a mapping"),
    ("school: X\ncontacts: {}\n", r"school.yaml:2: contacts.headteacher is missing"),
    ("school: X\ncontacts:\n  headteacher: {role: the Head, phone: 1}\n",
     r"school.yaml:3: contacts.headteacher.phone is not a known key"),
    ("school: X\ncontacts:\n  headteacher:\n    role: ''\n", r"school.yaml:4: contacts.headteacher.role String should"),
    ("school: [unclosed\n", "school.yaml:2: not valid YAML"),
])
def test_bad_files_say_what_to_fix(tmp_path, body, message):
    path = tmp_path / "school.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_school(path)


def test_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(ConfigError, match="copy config/school.yaml"):
        load_school(tmp_path / "nope.yaml")
