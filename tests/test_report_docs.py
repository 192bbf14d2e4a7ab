"""docs/reports.md cannot drift: every variable, filter, option and the verdict rule are documented."""

from pathlib import Path

from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.report.filters import FILTERS
from toolkit.report.goals import DELVIS, EJ_BEDOMT, EJ_UPPFYLLT, PARTLY, UPPFYLLT
from toolkit.report.variables import TOP_LEVEL

DOC = (Path(__file__).parents[1] / "docs" / "reports.md").read_text(encoding="utf-8")


def test_every_top_level_variable_and_filter_is_documented():
    for name in TOP_LEVEL:
        assert f"`{name}`" in DOC, name
    for name in FILTERS:
        assert f"| `{name}` |" in DOC, name


def test_every_option_and_command_is_documented_and_has_help():
    for option in ("--output", "--mall", "--pdf", "--jamfor", "--utkast"):
        assert f"`{option}" in DOC or f"`-o`, `{option}" in DOC, option
    for command in (["report"], ["mall", "kontrollera"], ["mall", "exempel"]):
        assert "finsam " + " ".join(command) in DOC
        result = CliRunner().invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100


def test_the_verdict_rule_is_documented_as_coded():
    for word in (UPPFYLLT, DELVIS, EJ_UPPFYLLT, EJ_BEDOMT):
        assert f"**{word}**" in DOC
    assert f"{round(PARTLY * 100)} % of the target" in DOC
