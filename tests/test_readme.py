"""The README's console examples run on the demo förbund and print what the README shows."""

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import require_tool
from toolkit.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLES = re.findall(r"```console\n\$ finsam (.+?)\n(.*?)```", README.read_text(encoding="utf-8"), re.S)


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip().splitlines()]


@pytest.fixture
def demo(demo_made):
    """The demo's folders (workbooks and plan), written once per session; each example runs on a copy."""
    return demo_made.directory.parent


@pytest.mark.parametrize("command, expected", EXAMPLES, ids=[c.split()[0] for c, _ in EXAMPLES])
def test_console_example(command, expected, demo, tmp_path, monkeypatch):
    if "--pdf" in command:
        require_tool("soffice")
    for folder in demo.iterdir():
        shutil.copytree(folder, tmp_path / folder.name)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, command.split())
    assert _lines(result.output) == _lines(expected)


def test_every_command_is_in_the_readme_and_has_help():
    text = README.read_text(encoding="utf-8")
    assert len(EXAMPLES) >= 3
    for command in app.registered_commands + app.registered_groups:
        name = command.name
        assert f"finsam {name}" in text, name
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0 and len(result.output.splitlines()) > 3, name
