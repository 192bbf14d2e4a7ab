"""Render a docxtpl template straight into the .docx zip, a piece at a time.

docxtpl renders the whole body into one string, parses that into one tree, and python-docx keeps every
image in memory until the document is saved: for a board summary of thousands of insatser that is
hundreds of megabytes. Here the body's Jinja source (docxtpl's own `patch_xml`, so {%p %} and {%tr %} mean
what they mean to docxtpl) is rendered with Jinja's `generate` and written into the zip entry as it comes,
with docxtpl's finishing touches applied piece by piece. Each table is rendered twice: once to measure its
texts, once to write it with fitted column widths and font size (the reference, fitting a whole document
with python-docx, is `fit_tables` in tests/test_consolidate_docx_stream.py). Images go into the zip as
they are drawn; only their place in the body is kept.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from docx.shared import Length, Mm
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from ..report.templates import KEEP_TOGETHER_ROWS, _fitted

_BODY = re.compile(r"(?s)(.*?<w:body>)(.*)(</w:body>\s*</w:document>\s*)$")
_TABLE = re.compile(r"(?s)<w:tbl>.*?</w:tbl>")
#: Where a table goes in the rendered body: autoescaped values cannot hold "<", so no value can forge it.
_MARK = re.compile(r'<finsam:table n="(\d+)"/>')
_DECLARATION = re.compile(r"^(?:<\?xml[^?]*\?>\s*)?")
#: Pieces of text in a paragraph as python-docx reads them (`_Cell.text`).
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(tab|br|cr)(?: w:type=\"(\w+)\")?/>")
_PARAGRAPH = re.compile(r"(?s)<w:p(?:/>|[ >].*?</w:p>)")
_LAYOUT_BEFORE = ("<w:tblCellMar", "<w:tblLook", "<w:tblCaption", "<w:tblDescription", "</w:tblPr>")
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
#: Characters of rendered text held back before they are written.
_FLUSH = 1 << 16
#: docxtpl's own text work (`patch_xml`, `resolve_listing`), which needs no document.
_DOCXTPL = DocxTemplate(None)


class Picture:
    """An image already in the zip; rendered as `{{ picture }}` it becomes the inline drawing docxtpl's
    InlineImage writes (its drawing id numbered in document order, as docxtpl renumbers them)."""

    def __init__(self, doc: StreamedDocx, drawing: str) -> None:
        self.doc, self.drawing = doc, drawing

    def __html__(self) -> str:
        self.doc.drawings += 1
        drawing = re.sub(r'(<wp:docPr id=")\d+', rf"\g<1>{1000 + self.doc.drawings}", self.drawing, count=1)
        return f'</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r><w:r><w:t xml:space="preserve">'


class StreamedDocx:
    """The output zip of one rendering of `template`: add pictures first, then `render` the context."""

    def __init__(self, template: Path, target: Path) -> None:
        with zipfile.ZipFile(template) as src:
            self.parts = {info.filename: src.read(info) for info in src.infolist()}
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)
        self.rels: list[str] = []
        self.drawings = 0
        document = self.parts["word/document.xml"].decode("utf-8")
        used = [int(n) for n in re.findall(r' id="(\d+)"', document)]
        self._shape = max(used) + 1 if used else 1  # python-docx's next_id in the unrendered template
        self._rids = {int(n) for n in re.findall(rb'Id="rId(\d+)"', self.parts["word/_rels/document.xml.rels"])}

    def __enter__(self) -> StreamedDocx:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def picture(self, png: bytes, width: Length) -> Picture:
        """Write a PNG into the zip now and return its place for the context, `width` wide."""
        from docx.image.image import Image
        from docx.oxml.shape import CT_Inline

        image = Image.from_blob(png)
        cx, cy = image.scaled_dimensions(width, None)
        rid = next(n for n in range(1, len(self._rids) + 2) if n not in self._rids)
        self._rids.add(rid)
        self.rels.append(f'<Relationship Id="rId{rid}" Type="{_IMAGE_REL}" Target="media/image{len(self.rels) + 1}.png"/>')
        self.zip.writestr(f"word/media/image{len(self.rels)}.png", png, zipfile.ZIP_STORED)  # PNG is compressed
        inline = CT_Inline.new_pic_inline(self._shape, f"rId{rid}", image.filename, cx, cy)
        return Picture(self, inline.xml)

    def render(self, context: dict[str, Any]) -> None:
        """Write every part of the template: the body, headers and footers rendered with `context` in a
        sandboxed, autoescaping Jinja environment, the rest as it is."""
        env = SandboxedEnvironment(autoescape=True)
        patch = _DOCXTPL.patch_xml
        for name, data in self.parts.items():
            if name == "word/document.xml":
                head, body, tail = _BODY.match(data.decode("utf-8")).groups()
                tables: list[Any] = []

                def cut(m: re.Match[str]) -> str:
                    tables.append(env.from_string(m[0]))
                    return f'<finsam:table n="{len(tables) - 1}"/>'

                main = env.from_string(_TABLE.sub(cut, patch(body)))
                with self.zip.open(name, "w") as out:
                    out.write(head.encode("utf-8"))
                    for piece in _body(main.generate(context), tables, context):
                        out.write(piece.encode("utf-8"))
                    out.write(tail.encode("utf-8"))
                continue
            if re.fullmatch(r"word/(header|footer)\d*\.xml", name):
                text = data.decode("utf-8")
                declaration = _DECLARATION.match(text)[0]
                data = (declaration + _finish(env.from_string(patch(text[len(declaration):])).render(context))
                        ).encode("utf-8")
            elif name == "word/_rels/document.xml.rels" and self.rels:
                data = data.replace(b"</Relationships>", "".join(self.rels).encode("utf-8") + b"</Relationships>")
            elif name == "[Content_Types].xml" and self.rels and b'Extension="png"' not in data:
                data = re.sub(rb"<Types[^>]*>", lambda m: m[0] + b'<Default Extension="png" ContentType="image/png"/>',
                              data, count=1)
            self.zip.writestr(name, data)


def _body(pieces: Iterable[str], tables: list[Any], context: dict[str, Any]) -> Iterator[str]:
    """The rendered body in finished pieces, each table (at its mark) fitted and streamed in its place."""
    held: list[str] = []
    size, limit = 0, _FLUSH
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size > limit:
            text = "".join(held)
            end = text.rfind("</w:p>") + len("</w:p>")  # docxtpl's touches work paragraph by paragraph
            if end < len("</w:p>"):  # no paragraph ends yet: wait for twice as much
                held, limit = [text], 2 * size
                continue
            yield from _placed(text[:end], tables, context)
            held, size, limit = [text[end:]], len(text) - end, _FLUSH
    yield from _placed("".join(held), tables, context)


def _placed(text: str, tables: list[Any], context: dict[str, Any]) -> Iterator[str]:
    """`text` finished, with each table mark replaced by its table."""
    start = 0
    for mark in _MARK.finditer(text):
        yield _finish(text[start:mark.start()])
        yield from _table(tables[int(mark[1])], context)
        start = mark.end()
    yield _finish(text[start:])


def _finish(text: str) -> str:
    """docxtpl's touches after rendering: escaped braces restored, tabs and line breaks in text as Word's."""
    text = text.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if any(c in text for c in "\t\a\n\f"):
        text = _DOCXTPL.resolve_listing(text)
    return text


def _rows(template: Any, context: dict[str, Any]) -> Iterator[str]:
    """A rendered table in pieces: what comes before the first row, each row (finished), and the end."""
    held = ""
    first = True
    for piece in template.generate(context):
        held = "".join((held, piece))  # plain text: an escaped value is Markup, which would escape what follows
        if first:
            start = re.search(r"<w:tr[ >]", held)
            if start is None:
                continue
            yield held[:start.start()]
            held, first = held[start.start():], False
        while (end := held.find("</w:tr>")) >= 0:
            end += len("</w:tr>")
            yield _finish(held[:end])
            held = held[end:]
    yield held


def _cells(row: str) -> list[str]:
    """The text of each cell of a rendered row, as python-docx's `cell.text` reads it."""
    texts = []
    for cell in row.split("</w:tc>")[:-1]:
        paragraphs = []
        for paragraph in _PARAGRAPH.findall(cell):
            paragraphs.append("".join(html.unescape(m[1]) if m[2] is None else "\t" if m[2] == "tab" else
                                      "" if m[3] and m[3] != "textWrapping" else "\n"
                                      for m in _TEXT.finditer(paragraph)))
        texts.append("\n".join(paragraphs))
    return texts


def _table(template: Any, context: dict[str, Any]) -> Iterator[str]:
    """A table rendered twice: first its texts are measured (the longest word and text of each column),
    then it is written with fitted widths and font size (the test's `fit_tables` is the reference)."""
    count, words, longest = 0, [""] * 99, [""] * 99
    for row in _rows(template, context):
        if row.endswith("</w:tr>"):  # not the table's head or end
            count += 1
            for k, text in enumerate(_cells(row)):
                word = max(text.split(" "), key=len)
                words[k], longest[k] = max(words[k], word, key=len), max(longest[k], text, key=len)
    pieces = _rows(template, context)
    head = next(pieces)
    columns = len(re.findall(r"<w:gridCol ", head))
    widths, size = _fitted([words[:columns], longest[:columns]])
    twips = [str(Mm(w).twips) for w in widths]
    half_points = str(int(size.pt * 2))
    grid = iter(twips)
    head = re.sub(r'<w:gridCol w:w="\d+"/>', lambda m: f'<w:gridCol w:w="{next(grid)}"/>', head)
    if "<w:tblLayout " in head:
        head = re.sub(r'<w:tblLayout w:type="\w+"/>', '<w:tblLayout w:type="fixed"/>', head)
    else:
        at = min(i for i in (head.find(tag) for tag in _LAYOUT_BEFORE) if i >= 0)
        head = head[:at] + '<w:tblLayout w:type="fixed"/>' + head[at:]
    yield head
    long = count > KEEP_TOGETHER_ROWS
    for n, row in enumerate(pieces):
        if not row.endswith("</w:tr>"):
            yield row
            continue
        cell_widths = iter(twips)
        row = re.sub(r"<w:tcW [^>]*/>", lambda m: f'<w:tcW w:type="dxa" w:w="{next(cell_widths)}"/>', row)
        row = re.sub(r'<w:sz w:val="\d+"/>', f'<w:sz w:val="{half_points}"/>', row)
        row = re.sub(r"<w:r>(?!<w:rPr>)", f'<w:r><w:rPr><w:sz w:val="{half_points}"/></w:rPr>', row)  # a page break
        if long and 0 < n < count - 2:
            row = _loose(row)
        yield row


def _loose(row: str) -> str:
    """Every paragraph of the row free to end a page (keep-with-next off), as python-docx writes it."""
    row = row.replace("<w:keepNext/>", '<w:keepNext w:val="0"/>')
    row = row.replace("<w:p/>", '<w:p><w:pPr><w:keepNext w:val="0"/></w:pPr></w:p>')
    return re.sub(r"<w:p>(?!<w:pPr>)", '<w:p><w:pPr><w:keepNext w:val="0"/></w:pPr>', row)
