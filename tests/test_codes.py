"""The finding-code catalogue (`toolkit.codes`): complete without importing any check, every template's
parameters exactly the ones its producers pass, and a wrong parameter failing loudly instead of printing "{x}"."""

from __future__ import annotations

import ast
import json
import string
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

import toolkit
from conftest import DATA, EXAMPLE
from ledger_fixtures import quarters
from toolkit import TEMPLATE_VERSION
from toolkit.cells import parse_value
from toolkit.checks import FileCheck, check_model, cross_file_checks
from toolkit.codes import CATALOGUE, CODES, parameters
from toolkit.datafile import load_data
from toolkit.findings import CheckReport, Finding, finding
from toolkit.consolidate.select import select
from toolkit.layout import VERSION_NAME, layout
from toolkit.model import BudgetRad, InsatsRapport, Mal
from toolkit.periods import Period
from toolkit.plan.checks import check_plan
from toolkit.plan import read_plan
from toolkit.plan.datafile import load_plan_data
from toolkit.reader import read_workbook, unreadable
from toolkit.rollover import roll_forward
from toolkit.safe_zip import TooLarge

SOURCE = Path(toolkit.__file__).parent
PAIRS = {(c.code, v) for c in CATALOGUE for v in ("", *c.variants)}


def test_the_catalogue_is_complete_without_importing_a_check():
    probe = ("import json, sys; from toolkit.codes import CODES; "
             "print(json.dumps([sorted(CODES), sorted(m for m in sys.modules if m.startswith('toolkit.'))]))")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         cwd=SOURCE.parent).stdout
    codes, modules = json.loads(out)
    assert modules == ["toolkit.codes"]
    assert codes == sorted(CODES) == sorted(_produced_codes())


def _literal(node: ast.AST | None) -> list[str] | None:
    """The strings an expression can be when it is a literal or a conditional of literals, else None."""
    if node is None:
        return [""]
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal(node.body), _literal(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _finding_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "finding":
                calls.append((f"{path.relative_to(SOURCE.parent)}:{node.lineno}", node))
    return calls


def _produced_codes() -> set[str]:
    return {call.args[0].value for _, call in _finding_calls() if isinstance(call.args[0], ast.Constant)}


def test_every_producer_names_a_catalogued_code_and_variant_with_its_parameters():
    calls = _finding_calls()
    assert len(calls) > 60
    for where, call in calls:
        assert isinstance(call.args[0], ast.Constant) and call.args[0].value in CODES, f"{where}: a literal code"
        code = CODES[call.args[0].value]
        keywords = {k.arg: k.value for k in call.keywords}
        variants = _literal(call.args[2] if len(call.args) > 2 else keywords.get("variant"))
        for variant in variants or []:
            assert variant == "" or variant in code.variants, f"{where}: {code.code} has no variant {variant!r}"
        params = call.args[1] if len(call.args) > 1 else None
        if variants and len(variants) == 1 and (params is None or (
                isinstance(params, ast.Dict) and all(isinstance(k, ast.Constant) for k in params.keys))):
            given = set() if params is None else {k.value for k in params.keys}  # type: ignore[union-attr]
            assert given == parameters(code.template(variants[0])), where


def test_templates_take_plain_named_parameters_only():
    for code, variant in PAIRS:
        template = CODES[code].template(variant)
        for _, name, spec, conversion in string.Formatter().parse(template):
            assert name is None or (name.isidentifier() and not spec and conversion is None), (code, variant, name)
        assert "{" not in template.format_map({name: "" for name in parameters(template)})


def test_a_wrong_parameter_fails_loudly():
    params = {"aktivitet": "Aktivitet 1", "rad": "inskrivna", "kvinnor": 26, "man": 15, "summa": 41, "antal": 40}
    assert finding("sum-kon", params).message.startswith("Aktivitet 1, inskrivna: kvinnor (26) + män (15) = 41")
    with pytest.raises(ValueError, match="sum-kon.*'summa'"):
        finding("sum-kon", {k: v for k, v in params.items() if k != "summa"})
    with pytest.raises(ValueError, match="sum-kon"):
        finding("sum-kon", {**params, "extra": 1})
    with pytest.raises(KeyError):
        finding("sum-kon", params, "ingen-sadan")
    with pytest.raises(KeyError):
        finding("ingen-sadan-kod")


def test_a_finding_keeps_its_parameters_for_another_wording():
    found = finding("budget-summa", {"budget": "2 500 000 kr", "summa": "2 400 000 kr"}, sheet="Ekonomi", cell="C20")
    assert found.message == ("Budget totalt enligt beslut är 2 500 000 kr, men budgetraderna summerar till "
                             "2 400 000 kr. Rätta raderna eller totalen.")
    reworded = "Budget {budget} ≠ rader {summa}".format_map(found.params)
    assert reworded == "Budget 2 500 000 kr ≠ rader 2 400 000 kr"
    (item,) = json.loads(CheckReport([found]).to_json())["findings"]
    assert item["params"] == {"budget": "2 500 000 kr", "summa": "2 400 000 kr"} and item["variant"] == ""
    assert item["message"] == found.message and item["code"] == "budget-summa" and item["cell"] == "C20"


# --- every template against its producer: the findings of faulty models, cells, files and plans ----------
def _set(path: str, value: Any) -> Callable[[InsatsRapport], None]:
    def change(report: Any) -> None:
        *steps, last = path.split(".")
        for step in steps:
            report = report[int(step)] if step.isdigit() else report[step] if isinstance(report, dict) else getattr(
                report, step)
        if isinstance(report, dict):
            report[last] = value
        else:
            setattr(report, last, value)
    return change


MODEL_CHANGES: list[Callable[[InsatsRapport], Any]] = [
    _set("forbund", ""), _set("texter.avvikelser", "å" * 40_000), _set("texter.sammanfattning", "x" * 32_767),
    _set("texter.sammanfattning", "Se 19121212-1212."), _set("texter.sammanfattning", "19121212-1212, 701063-2391"),
    _set("version", TEMPLATE_VERSION - 1), _set("version", 0), _set("version", TEMPLATE_VERSION + 1),
    _set("period", None), _set("rapporttyp", "kvartal"),
    _set("period_start", date(2016, 1, 1)), _set("period_start", date(2017, 5, 1)),
    _set("period_slut", date(2017, 8, 30)),
    lambda r: (_set("ackumulerad", False)(r), _set("period_start", date(2017, 1, 1))(r)),
    lambda r: (_set("rapporttyp", "slut")(r), _set("period", None)(r), _set("period_start", date(2017, 9, 1))(r)),
    lambda r: (_set("rapporttyp", "slut")(r), _set("period", None)(r), _set("period_start", None)(r),
               _set("period_slut", None)(r)),
    _set("aktiviteter.0.inskrivna.kvinnor", 26), _set("aktiviteter.0.inskrivna.kvinnor", None),
    _set("aktiviteter.0.inskrivna.under_30", 41), _set("aktiviteter.0.nya.antal", 41),
    _set("aktiviteter.0.avslutade.antal", 41), _set("aktiviteter.0.uppnatt_mal.antal", 31),
    _set("totalt_inskrivna", 41), _set("remittenter.egen", 3), _set("avslutsanledningar.ovrigt", 3),
    lambda r: (_set("aktiviteter.0.provotid.antal", 0)(r), _set("avslutsanledningar.ovrigt", 3)(r)),
    lambda r: r.texter.pop("avvikelser"),
    lambda r: r.mal.append(Mal("volymmal", "120 deltagare per år", 120, "antal_inskrivna")),
    lambda r: r.mal.append(Mal("volymmal", "100 deltagare under perioden", 100, "antal_inskrivna", avser="period")),
    _set("mal.0.utfall", 0.8), _set("mal.0.utfall", 80), _set("mal.0.aktiviteter", ["Arbetsträning"]),
    _set("mal.0.bedomning", "ej_uppfyllt"),
    _set("ekonomi.budget_totalt", 2_500_000), _set("ekonomi.finansiering.samordningsforbundet", 2_000_000),
    _set("ekonomi.rader.0.utfall_ackumulerat", 2_500_000), _set("ekonomi.rader.0.prognos", 1_400_000),
    lambda r: (r.ekonomi.rader.append(BudgetRad("Lokaler", None, 50_000, 200_000, 150_000)),
               _set("ekonomi.rader.0.prognos", 1_400_000)(r)),
    _set("ekonomi.rader.0.utfall_ackumulerat", 400_000),
]
CELLS = [("akt1_inskrivna_antal", raw) for raw in ("ca 5", "12 st", "5,0", "många", True, float("nan"), 2.5, -3,
                                                  "#REF!")]
CELLS += [("mal1_malvarde", "70 %"), ("mal1_malvarde", "ca 70"), ("period_slut", "2017-08-31"),
          ("period_slut", "2022123"), ("rapporttyp", "Kvartal")]
PLAN_CHANGES: list[Callable[[Any], Any]] = [
    _set("forbund", ""), _set("insatser.0.huvudman", ""), _set("insatser.1.namn", "aktivitetscenter"),
    _set("medlemmar.kommuner.", 10), _set("medlemmar.staten", 8_000_000),
    lambda p: (_set("eget_kapital", None)(p), _set("insatser.0.budget", 12_000_000)(p)),
    _set("insatser.0.budget", 12_000_000),
]
#: Produced only when a selection is held against a plan: tests/test_consolidate_plan.py renders them.
ELSEWHERE = {("inte-i-planen", ""), ("budget-skiljer-fran-planen", "")}


def _file_faults(tmp: Path) -> list[Finding | None]:
    (tmp / "tom.xlsx").write_bytes(b"")
    (tmp / "trasig.xlsx").write_bytes(b"\x00\x9f\x92\x96 skadad")
    (tmp / "text.xlsx").write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    (tmp / "gammal.xls").write_bytes(ole + b"\x00" * 64)
    (tmp / "krypterad.xlsx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le"))
    (tmp / "mapp.xlsx").mkdir()
    faults = [f for name in ("saknas.xlsx", "tom.xlsx", "trasig.xlsx", "text.xlsx", "gammal.xls", "krypterad.xlsx",
                             "mapp.xlsx", "x" * 300 + ".xlsx")  # a name too long to open
              for f in read_workbook(tmp / name).findings]
    where = {"file": str(tmp / "a.xlsx")}
    Workbook().save(tmp / "annan.xlsx")
    named = Workbook()
    named.defined_names[VERSION_NAME] = DefinedName(VERSION_NAME, attr_text="Sheet!$A$1")
    named.save(tmp / "namngiven.xlsx")
    faults += [*read_workbook(tmp / "annan.xlsx").findings, *read_plan(tmp / "annan.xlsx").findings,
               *read_workbook(tmp / "namngiven.xlsx").findings]
    causes = [TooLarge(None, 10**9, 10**8), TooLarge("xl/a.xml", 10**9, 10**8), ValueError("trasig")]
    return faults + [unreadable(cause, where) for cause in causes]


def _across_files() -> list[Finding]:
    """Two files of one period, a cumulative figure that falls, a broken ledger, and the consolidation's bounds."""
    example, earlier = load_data(EXAMPLE), load_data(EXAMPLE)
    earlier.period = Period.parse("2017-T1")
    earlier.aktiviteter[0].avslutade.antal = 31
    checked = [FileCheck(Path(name), report) for name, report in (("t2.xlsx", example), ("kopia.xlsx", example),
                                                                   ("t1.xlsx", earlier))]
    steps = quarters()
    steps[1].aktiviteter[0].nya.antal += 1  # Q2 begins with one less than Q1 ended
    checked += [FileCheck(Path(f"steg_{r.period.code}.xlsx"), r) for r in steps]
    found = cross_file_checks(checked)
    for reports in (quarters(with_nya=False), quarters()[::2], quarters(with_nya=False)[::2]):
        found += select([FileCheck(Path(f"{r.period.code}.xlsx"), r) for r in reports], year=2025).warnings
    return found


def test_every_template_renders_for_what_its_producers_pass(tmp_path):
    produced: list[Finding] = []
    for change in MODEL_CHANGES:
        report = load_data(EXAMPLE)
        change(report)
        produced += check_model(report)
    produced += check_model(roll_forward(load_data(EXAMPLE), Period.parse("2017-T3")))
    for name, raw in CELLS:
        produced.append(parse_value(layout().field(name), raw, {})[1])
    produced += _file_faults(tmp_path) + _across_files()
    for change in PLAN_CHANGES:
        plan = load_plan_data(DATA / "forbundsplan_2019.yaml")
        change(plan)
        produced += check_plan(plan)
    seen = {(f.code, f.variant) for f in produced if f is not None}
    assert PAIRS - ELSEWHERE <= seen, "a template no test renders"
    assert not seen & ELSEWHERE
    for f in produced:
        if f is not None:  # the message is the template filled with the finding's own parameters
            assert f.message == CODES[f.code].template(f.variant).format_map(f.params) and "{" not in f.message
