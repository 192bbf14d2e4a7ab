"""The CLI speaks Swedish around its own help texts too: help frames and usage errors, exit code 2."""

import pytest

from conftest import run_cli as _run




def test_help_page_frame_is_swedish(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, "consolidate", "--help")
    assert code == 0
    assert out.startswith("Användning: finsam consolidate [FLAGGOR]")
    assert "Flaggor:" in out and "Argument:" in out and "[krävs]" in out and "[standard: " in out
    assert "Visa den här hjälpen och avsluta." in out
    assert "finsam consolidate [FLAGGOR] SÖKVÄG..." in out and "--ar ÅR" in out
    for english in ("Usage:", "Options:", "Show this message", "[required]", "[default:", "<path>", "<list[Path]>",
                    "<str>", "<int>", "{"):
        assert english not in out


@pytest.mark.parametrize("args, message", [
    (["check", "--bogus", "x"], "Fel: Okänd flagga --bogus. Se ”finsam check --help”."),
    (["check", "--onlyerrors", "x"], "Fel: Okänd flagga --onlyerrors. Menade du --only-errors? Se ”finsam check --help”."),
    (["consolidate", "x", "--ar", "abc"], "Fel: Ogiltigt värde för --ar: ange ett heltal. Se ”finsam consolidate --help”."),
    (["nosuch"], "Fel: Okänt kommando ”nosuch”. Se ”finsam --help”."),
    (["report", "x.xlsx", "--jamfor"], "Fel: Flaggan --jamfor behöver ett värde."),
    (["check"], "Fel: Argumentet SÖKVÄG saknas. Se ”finsam check --help”."),
    (["export", "x.xlsx", "--format", "xml"],
     "Fel: Ogiltigt värde för --format/-f: ”xml” är inte ett av valen json, yaml. Se ”finsam export --help”."),
    (["check", "x", "--json=ja"], "Fel: Flaggan --json tar inget värde."),
])
def test_usage_errors_are_one_swedish_line_with_exit_2(monkeypatch, capsys, args, message):
    code, _, err = _run(monkeypatch, capsys, *args)
    assert code == 2
    assert err.strip() == message


def test_no_arguments_shows_the_help(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys)
    assert code == 2 and "Kommandon:" in out and "consolidate" in out


def test_exit_codes_of_commands_pass_through(monkeypatch, capsys, tmp_path):
    code, _, err = _run(monkeypatch, capsys, "check", str(tmp_path / "saknas"))
    assert code == 2 and err.startswith("Fel: ")


def test_version(monkeypatch, capsys):
    from toolkit import TEMPLATE_VERSION, __version__

    code, out, _ = _run(monkeypatch, capsys, "--version")
    assert code == 0 and out.strip() == f"finsam-toolkit {__version__} (mallversion {TEMPLATE_VERSION})"


def test_operating_system_errors_are_swedish(monkeypatch, capsys, tmp_path):
    (tmp_path / "fil").write_text("x")
    code, _, err = _run(monkeypatch, capsys, "demo", str(tmp_path / "fil"))
    assert code == 2 and "det finns redan en fil med det namnet" in err and "File exists" not in err


@pytest.mark.parametrize("args", [["-h"], ["check", "-h"], ["consolidate", "-h"], ["report", "-h"], ["mall", "-h"],
                                  ["mall", "exempel", "-h"]])
def test_h_is_help_everywhere(monkeypatch, capsys, args):
    code, out, _ = _run(monkeypatch, capsys, *args)
    assert code == 0 and out.startswith("Användning: finsam")
