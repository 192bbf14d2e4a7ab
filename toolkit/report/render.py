"""Render a report: pick the template, build the context and charts, render in a sandbox, write atomically.

Templates are untrusted input (a förbund may bring its own), so they render in Jinja's
`SandboxedEnvironment` with autoescaping; a variable the toolkit does not provide is an error, never
an empty gap in a report that is sent on.
"""

from __future__ import annotations

import io
import re
import zipfile
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import TemplateError, TemplateSyntaxError, Undefined
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from ..catalog import REPORT_KINDS, REPORT_TYPES
from ..docx_swedish import set_properties
from ..errors import FinsamError
from ..findings import Finding
from ..paths import data_dir
from ..model import InsatsRapport
from ..textio import write_atomic
from . import charts, package
from .context import UTKAST_TEXT, build_context
from .filters import FILTERS
from .limited import Limited, no_lipsum

TEMPLATE_DIR = data_dir("word_templates")
#: Report type key -> template file name (catalog.REPORT_KINDS).
TEMPLATE_FILES: dict[str, str] = {key: t.template for key, t in REPORT_KINDS.items()}
#: The first line of the signature block at the end of every report.
SIGNATURE = "Underskrift"
#: Longest insats name in a report's file name, in characters.
NAME_CHARS = 80
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def template_path(rapporttyp: str) -> Path:
    """The toolkit's template for a report type."""
    if rapporttyp not in TEMPLATE_FILES:
        raise FinsamError(f"Okänd rapporttyp ”{rapporttyp}”. Ange rapporttyp på bladet Uppgifter.")
    return TEMPLATE_DIR / TEMPLATE_FILES[rapporttyp]


#: The list a render records the names it cannot resolve into (see `render_template`).
_MISSING: ContextVar[list[str] | None] = ContextVar("finsam_missing_names", default=None)


class _Recording(Undefined):
    """An unresolved name: recorded for the render in progress, so it is reported, never left as a gap."""

    def __init__(self, hint: Any = None, obj: Any = None, name: Any = None, exc: Any = None) -> None:
        super().__init__(hint, obj, name, exc)
        seen = _MISSING.get()
        if seen is not None and name is not None and str(name) not in seen:
            seen.append(str(name))


class _Environment(Limited):
    """The sandbox, compiling each template source once: a batch renders the same parts again and again."""

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        return self._compiled(source)

    @lru_cache(maxsize=64)
    def _compiled(self, source: str) -> Any:
        return super().from_string(source)


@lru_cache(maxsize=None)
def environment() -> SandboxedEnvironment:
    """The sandboxed Jinja environment with the report filters (one per process, templates cached)."""
    env = _Environment(undefined=_Recording, autoescape=True)
    env.filters.update(FILTERS)
    env.globals["lipsum"] = no_lipsum  # lipsum(n=10**8) builds a gigabyte of text; no report needs it
    return env


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime: float) -> bytes:
    """The template's bytes, checked as a bounded Office package (sizes, no DTDs); FinsamError if not."""
    from ..limits import TEMPLATE_FILE_BYTES, TEMPLATE_OUTPUT_BYTES
    from ..safe_zip import Package, TooLarge, read_file

    try:
        data = read_file(path, TEMPLATE_FILE_BYTES)
        if zipfile.is_zipfile(io.BytesIO(data)):
            Package(data, part_limit=TEMPLATE_OUTPUT_BYTES, total_limit=TEMPLATE_OUTPUT_BYTES).verify_xml_parts()
    except TooLarge as exc:
        raise FinsamError(f"Mallen {path.name} är för stor eller packar upp till för mycket data "
                          f"(gränsen är {exc.limit // 1024 // 1024} MB).") from None
    except (zipfile.BadZipFile, KeyError, ValueError):  # safe_zip.Damaged is a BadZipFile
        raise FinsamError(f"Mallen {path.name} går inte att öppna som Word-dokument (.docx); den är skadad eller "
                          "en annan sorts fil.") from None
    return data


#: A paragraph as docxtpl's `resolve_listing` finds them, and the characters it turns into Word's breaks.
_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING = re.compile("[\t\a\n\f]")


@lru_cache(maxsize=None)
def _template_class() -> type:
    """DocxTemplate, with the same results for less work in a batch: a light template's body comes from
    the cache (`toolkit.report.package`); docxtpl's clean-up of a part's XML for Jinja (`patch_xml`, a
    score of regular expressions over the whole part) is done once per distinct part; and its search for
    tabs and line breaks in rendered text (`resolve_listing`) only looks into the paragraphs that hold
    one (a few in a thousand)."""
    from docxtpl import DocxTemplate

    class Template(DocxTemplate):
        shared: package.Shared | None = None

        def get_xml(self) -> str:
            return self.shared.body if self.shared else super().get_xml()

        def patch_xml(self, src_xml: str) -> str:
            return _patched(src_xml)

        def resolve_listing(self, xml: str) -> str:
            resolve = super().resolve_listing
            return _PARAGRAPH.sub(lambda m: resolve(m[0]) if _LISTING.search(m[0]) else m[0], xml)

    return Template


@lru_cache(maxsize=32)
def _patched(src_xml: str) -> str:
    """docxtpl's `patch_xml` of a part (a pure function of its text; the recent parts are kept)."""
    from docxtpl import DocxTemplate

    return DocxTemplate.patch_xml(None, src_xml)


def load_template(path: Path, light: bool = False) -> Any:
    """A fresh DocxTemplate for `path` (bytes cached: a batch reads each template once); `light`: with
    the parts every report shares as stand-ins (`toolkit.report.package`), to be saved by `save`."""
    path = Path(path)
    if not path.is_file():
        raise FinsamError(f"Mallen {path} finns inte.")
    data = _template_bytes(path.resolve(), path.stat().st_mtime)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FinsamError(f"Mallen {path} är ingen Word-fil (.docx).")
    try:
        shared = package.shared(data) if light else None
        tpl = _template_class()(io.BytesIO(shared.light if shared else data))
        tpl.shared = shared
        tpl.init_docx()
    except (KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:  # python-docx: ValueErrors; lxml: SyntaxError
        raise FinsamError(f"Mallen {path} går inte att öppna som Word-dokument (.docx); den är skadad eller "
                          "en annan sorts fil.") from exc
    return tpl


def add_charts(tpl: Any, report: InsatsRapport, context: dict[str, Any]) -> None:
    """Put the chart images into the context (None where a chart has no figures)."""
    from docx.shared import Mm
    from docxtpl import InlineImage

    for name, make in (("diagram_deltagare", charts.participants_chart), ("diagram_ekonomi", charts.budget_chart)):
        png = make(report)
        context[name] = InlineImage(tpl, io.BytesIO(png), width=Mm(charts.WIDTH_MM)) if png else None


def render_template(tpl: Any, context: dict[str, Any], name: str, limited: bool = False) -> list[str]:
    """Render `tpl` in the sandbox; return the names it used that the context lacks.

    A broken tag or a forbidden operation raises FinsamError naming the template. `limited` (for own
    templates) renders within limits of time, memory and output size (`toolkit.report.limited`).
    """
    if limited:
        from .limited import render_limited

        return render_limited(tpl, lambda: render_template(tpl, context, name), name)
    missing: list[str] = []
    token = _MISSING.set(missing)
    try:
        tpl.render(context, jinja_env=environment(), autoescape=True)
    except TemplateSyntaxError as exc:
        raise FinsamError(f"Mallen {name} har ett fel i en malltagg: {exc.message}.") from exc
    except SecurityError as exc:
        raise FinsamError(f"Mallen {name} försöker göra något som inte är tillåtet i en mall: {exc}.") from exc
    except TemplateError as exc:
        raise FinsamError(f"Mallen {name} kunde inte fyllas i: {exc.message or exc}.") from exc
    except RecursionError as exc:
        raise FinsamError(f"Mallen {name} anropar sig själv utan slut (rekursion).") from exc
    except (ArithmeticError, TypeError, ValueError, LookupError, AttributeError) as exc:
        # An own template may compute anything (1/0, a filter on the wrong type): report, never crash.
        raise FinsamError(f"Mallen {name} kunde inte fyllas i: {exc}.") from exc
    finally:
        _MISSING.reset(token)
    return missing


def default_output(report: InsatsRapport, source: Path | None = None, draft: bool = False) -> Path:
    """"Tertialrapport Aktivitetscenter 2017-T2.docx" next to the workbook (else the current folder)."""
    title = REPORT_TYPES.get(report.rapporttyp, ("Rapport", ""))[0]
    insats = report.insats or "insats"
    if len(insats) > NAME_CHARS:  # file names have a limit (255 bytes); the title keeps the whole name
        insats = insats[:NAME_CHARS].rsplit(" ", 1)[0].rstrip(" ,.-–") + "…"
    parts = [("Utkast " + title.lower()) if draft else title, insats]
    if report.period is not None:
        parts.append(report.period.code)
    name = _UNSAFE.sub("-", " ".join(parts)).strip(" .") + ".docx"
    return (Path(source).parent if source else Path.cwd()) / name


def create_report(report: InsatsRapport, out: Path | None = None, *, findings: list[Finding] | None = None,
                  draft: bool = False, template: Path | None = None, previous: InsatsRapport | None = None,
                  source: Path | None = None) -> Path:
    """Render one report to a .docx file and return its path."""
    if previous is not None:
        check_previous(report, previous)
    own = template is not None
    template = Path(template) if template else template_path(report.rapporttyp)
    tpl = load_template(template, light=not own)
    context = build_context(report, findings=findings, draft=draft, previous=previous)
    add_charts(tpl, report, context)
    missing = render_template(tpl, context, template.name, limited=own)
    if missing:
        raise FinsamError(f"Mallen {template.name} använder variabler som verktyget inte har: {', '.join(missing)}. "
                          "Kör ”finsam mall kontrollera” för att se alla.")
    if draft:
        _ensure_stamp(tpl.docx)
    keep_signature_with_content(tpl.docx)
    target = Path(out) if out else default_output(report, source, draft)
    set_properties(tpl.docx, target.stem)
    return write_atomic(target, lambda tmp: save(tpl, tmp))


def save(tpl: Any, path: Path) -> None:
    """Write the rendered document to `path` (the shared parts put back into a light one)."""
    if tpl.shared is None:
        tpl.save(path)
    else:
        package.save(tpl.docx, path, tpl.shared)


def keep_signature_with_content(document: Any) -> None:
    """The signature block never stands alone on the last page: the content just before it (the last
    non-empty paragraph, or the last row of a table) is kept with it."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = list(document.element.body.iterchildren())
    text = qn("w:t")
    # A paragraph reading SIGNATURE holds a piece of it in a w:t: that cheap test spares reading every text.
    start = next((i for i, el in enumerate(body) if el.tag == qn("w:p")
                  and any(t.text and t.text in SIGNATURE for t in el.iter(text))
                  and Paragraph(el, document).text == SIGNATURE), None)
    for el in reversed(body[:start] if start is not None else []):
        if el.tag == qn("w:tbl"):
            for cell in Table(el, document).rows[-1].cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
            return
        if el.tag == qn("w:p"):
            paragraph = Paragraph(el, document)
            paragraph.paragraph_format.keep_with_next = True
            if paragraph.text.strip() or el.find(f".//{qn('w:drawing')}") is not None:
                return


def _ensure_stamp(document: Any) -> None:
    """Stamp every page of a draft, also when an own template forgot `{{ utkast_text }}` in its header."""
    from docx.shared import Pt, RGBColor

    for section in document.sections:
        header = section.header
        if any(UTKAST_TEXT in p.text for p in header.paragraphs):
            continue
        run = header.add_paragraph().add_run(UTKAST_TEXT)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(16), RGBColor(0xC0, 0x00, 0x00)


def check_previous(report: InsatsRapport, previous: InsatsRapport) -> None:
    """The comparison must be the same insats, the same period a year earlier."""
    if report.period is None or previous.period is None:
        raise FinsamError("Jämförelsen kräver att både rapporten och jämförelsefilen har en period.")
    expected = report.period.previous_year()
    if previous.period != expected:
        raise FinsamError(f"Jämförelsefilen gäller {previous.period.label}, men samma period föregående år är "
                          f"{expected.label}.")
    if previous.insats and report.insats and previous.insats != report.insats:
        raise FinsamError(f"Jämförelsefilen gäller insatsen ”{previous.insats}”, inte ”{report.insats}”.")
