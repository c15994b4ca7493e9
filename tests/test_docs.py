"""Every CLI command is documented in the README, and every command's help has an example."""

from __future__ import annotations

import pytest
from conftest import REAL_CORPUS

from assistant.cli import cli

README = (REAL_CORPUS.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_is_in_readme_and_has_an_example(name):
    assert f"policy-assistant {name}" in README
    assert "Example" in (cli.commands[name].help or "")
