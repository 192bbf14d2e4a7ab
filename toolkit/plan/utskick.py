"""Send-out: one pre-filled insats workbook per insats of the plan that reports for a period.

Each workbook carries from the plan what the insats need not type again: förbund, insats, huvudman,
målgrupp, rapporttyp and period, contact, inriktning and ESF, the aktiviteter and the budget. Whether
its figures count from 1 January (*ackumulerad*) the plan does not say: that cell is left for the insats.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import FinsamError
from ..filenames import workbook_name
from ..model import Aktivitet, Ekonomi, InsatsRapport
from ..periods import Period
from .model import Plan, PlanInsats


def due(plan: Plan, period: Period) -> list[PlanInsats]:
    """The insatser of the plan that report for `period` (their report type covers that kind of period)."""
    return [i for i in plan.insatser if i.namn and i.period_kind == period.kind]


def insats_report(plan: Plan, insats: PlanInsats, period: Period) -> InsatsRapport:
    """The pre-filled model of one insats's workbook for `period`."""
    return InsatsRapport(
        forbund=plan.forbund, insats=insats.namn, huvudman=insats.huvudman,
        malgrupp=insats.texter.get("malgrupp", ""), rapporttyp=insats.rapporttyp, period=period, ackumulerad=None,
        kontakt=insats.kontakt, inriktning=insats.inriktning, esf=insats.esf,
        aktiviteter=[Aktivitet(namn=name) for name in insats.aktiviteter],
        ekonomi=Ekonomi(budget_totalt=insats.budget),
    )


def file_names(insatser: list[PlanInsats], period: Period, suffix: str) -> list[str]:
    """Safe, distinct file names `<insats>_<period>.xlsx`; a clash gets `-2`, `-3` … on the insats part."""
    names: list[str] = []
    for insats in insatser:
        name = workbook_name(insats.namn, period, suffix)
        stem, n = name[: -len(suffix)], 2
        while name in names:
            base, code = stem.rsplit("_", 1)
            name, n = f"{base}-{n}_{code}{suffix}", n + 1
        names.append(name)
    return names


def send_out(plan: Plan, period: Period, directory: str | Path, macros: bool = False,
             replace: bool = False) -> list[Path]:
    """Write the workbooks of every insats due for `period` into `directory`; return their paths.

    Nothing is written when one of the files exists already (unless `replace`), so a send-out is
    never half done over an earlier one."""
    if period.kind == "slut":
        raise FinsamError("Utskick görs för en period (t.ex. 2025-Q2), inte för slutrapporter.")
    if plan.ar is not None and period.year != plan.ar:
        raise FinsamError(f"Planen gäller {plan.ar}, men perioden {period.code} gäller {period.year}.")
    insatser = due(plan, period)
    suffix = ".xlsm" if macros else ".xlsx"
    out = Path(directory)
    targets = [out / name for name in file_names(insatser, period, suffix)]
    existing = [p.name for p in targets if p.exists()]
    if existing and not replace:
        raise FinsamError(f"{len(existing)} arbetsböcker finns redan i {out} ({', '.join(existing[:3])}"
                          f"{' …' if len(existing) > 3 else ''}). Ange --skriv-over för att ersätta dem.")
    out.mkdir(parents=True, exist_ok=True)
    if macros:
        from ..xlsm import write_xlsm as write
    else:
        from ..workbook import write_workbook as write
    return [write(target, insats_report(plan, insats, period)) for insats, target in zip(insatser, targets)]
