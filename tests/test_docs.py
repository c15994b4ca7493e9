"""Every CLI command is documented in the README, and every command's help has an example."""

from __future__ import annotations

import re

import pytest
from conftest import REAL_CORPUS

from assistant.cli import cli

README = (REAL_CORPUS.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_is_in_readme_and_has_an_example(name):
    assert f"policy-assistant {name}" in README
    assert "Example" in (cli.commands[name].help or "")


CONTRACTS = REAL_CORPUS.parent / "docs" / "contracts.md"
SHARED = REAL_CORPUS.parent.parent / "shared" / "CONTRACTS.md"  # the team's copy, outside the repository


def test_the_contract_is_in_the_repository_and_in_step_with_the_teams_copy():
    text = CONTRACTS.read_text(encoding="utf-8")
    assert text.startswith("# Contracts")
    if SHARED.is_file():
        assert text == SHARED.read_text(encoding="utf-8"), "copy ../shared/CONTRACTS.md to docs/contracts.md"


def test_the_verdict_table_is_the_contracts():
    from assistant.types import VERDICT_TABLE

    section = CONTRACTS.read_text(encoding="utf-8").split("## 3. Verdicts", 1)[1].split("## 4.", 1)[0]
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| ([^|]+?) \|", section, re.MULTILINE))
    assert rows == {verdict: info.meaning for verdict, info in VERDICT_TABLE.items()}


def test_nothing_cites_a_contract_file_that_is_not_there():
    for path in [REAL_CORPUS.parent / "README.md", *(REAL_CORPUS.parent / "assistant").rglob("*.py")]:
        assert "CONTRACTS.md" not in path.read_text(encoding="utf-8").replace("shared/CONTRACTS.md", "") or \
            path.name == "quiz.py", path


def test_the_readme_figures_come_from_the_results_files():
    from benchmarks import readme

    assert readme.render(README) == README, "run python -m benchmarks.readme"
    assert "<!-- generated: eval-table -->" in README and "<!-- generated: warm-latency -->" in README
