"""Reading Word documents and their PDF renderings back, for tests of what the reader of a document sees."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

from docx import Document

from conftest import require_tool

_WORD = re.compile(r"\w+")


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of the body, in order, NBSP as a space."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts).replace("\u00a0", " ")


def body_words(path: Path) -> Counter:
    """How often each word occurs in the document's body: paragraphs and table cells (merged cells once)."""
    doc = Document(str(path))
    words: Counter = Counter()
    for paragraph in doc.paragraphs:
        words.update(_WORD.findall(paragraph.text))
    for table in doc.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    words.update(_WORD.findall(cell.text))
    return words


def pdf_text(pdf: Path) -> str:
    """pdftotext -layout output, NBSP as a space."""
    done = subprocess.run([require_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=120)
    return done.stdout.replace("\u00a0", " ")


def broken_words(docx: Path, pdf: Path) -> list[str]:
    """Words of the document that its PDF shows fewer times than the body holds them: a word broken
    inside a table cell ("trädgårdsrehabilit / ering", "9 600 0 / 00") no longer appears whole."""
    shown = Counter(_WORD.findall(pdf_text(pdf)))
    return sorted(word for word, n in body_words(docx).items() if shown[word] < n)
