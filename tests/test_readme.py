"""The README stays honest: short, its relative links resolve, its command table names real commands,
and its two marked commands are what CI runs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from translate.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = sorted((ROOT / "docs").glob("*.md"))


def marked(name: str) -> str:
    block = README.split(f"<!-- {name} -->", 1)[1].split(f"<!-- /{name} -->", 1)[0]
    return block.strip().removeprefix("```").removesuffix("```").strip()


def test_readme_is_short_and_docs_have_pages() -> None:
    assert len(README.splitlines()) <= 250
    assert len(PAGES) >= 6


@pytest.mark.parametrize("page", [ROOT / "README.md", *PAGES], ids=lambda p: p.name)
def test_every_relative_link_resolves(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    links = [target for target in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:", target) and not target.startswith("#")]
    missing = [target for target in links if not (page.parent / target.split("#")[0]).exists()]
    assert missing == []


def test_every_command_in_the_table_exists() -> None:
    table = README.split("## The command line", 1)[1].split("\n## ", 1)[0]
    commands = set(re.findall(r"`translate ([a-z]+)(?: ([a-z]+))?", table))
    assert len(commands) >= 8
    for command, sub in commands:
        args = [command, sub, "--help"] if sub and sub[0].islower() and command in ("glossary", "model", "tm") else [command, "--help"]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (args, result.output)


def test_every_command_help_has_an_example() -> None:
    for args in (["run"], ["segment"], ["align"], ["export"], ["eval"], ["glossary", "check"], ["glossary", "lint"], ["glossary", "convert"], ["model", "fetch"], ["model", "info"], ["review"], ["serve"], ["tm", "import"], ["tm", "search"], ["tm", "export"], ["tm", "stats"]):
        result = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "200"})
        assert "Example" in result.output, args


def test_the_marked_commands_are_what_ci_runs() -> None:
    assert "translate run seeds/000_9881ad367b76134a.txt" in marked("main-command")
    test_command = marked("test-command")
    assert "pip install -q torch==2.13.0" in test_command and "pytest" in test_command
    extracted = subprocess.run(
        ["bash", "-c", "sed -n '/<!-- test-command -->/,/<!-- \\/test-command -->/p' README.md | sed -n '/^```/,/^```/p' | sed '1d;$d'"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert extracted == test_command
    assert "<!-- test-command -->" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_completion_is_offered() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert "--install-completion" in result.output
