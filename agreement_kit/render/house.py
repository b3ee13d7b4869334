"""Word documents in the house style that are not drafts: the standards review, the brief.

They take the styles, page setup and "Page X of Y" footer of ``templates/house-style.docx``
without the draft's frame (status block, title placeholders, signature table), carry their own
running header, and come out byte for byte the same for the same input.
"""

from __future__ import annotations

from io import BytesIO
from typing import Sequence

from ..resources import template_path
from .docx_package import PackageProperties, deterministic_zip, properties_parts
from .wordml import W, append_run, cells, sub

TABLE_PT = 9


def house_document(header: str):
    """An empty python-docx document in the house style with `header` as running header."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(template_path("house-style.docx")))
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for section in doc.sections:
        for p in section.header.paragraphs:
            if "{{" in p.text:
                p.text = header
    return doc


def add_table(container, headers: Sequence[str], rows: Sequence[Sequence[str]],
              widths_mm: Sequence[float] | None = None):
    """A grid table with a bold header row that repeats on every page; rows never split."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table = container.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for _ in rows:
        table.add_row()._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    grid = cells(table)
    for row_cells, values, bold in zip(grid, [headers, *rows], [True] + [False] * len(rows)):
        for cell, text in zip(row_cells, values):
            _fill(cell, text, bold)
    if widths_mm:
        for i, (col, width) in enumerate(zip(table.columns, widths_mm)):
            col.width = Mm(width)
            for row_cells in grid:
                row_cells[i].width = Mm(width)
    return table


def _fill(cell, text: str, bold: bool = False) -> None:
    """Cell text in the table size, bold in the header row; a line break in `text` starts a
    new paragraph."""
    from lxml import etree

    for i, line in enumerate(str(text).split("\n")):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        r = append_run(p._p, line)
        rpr = etree.Element(W + "rPr")
        r.insert(0, rpr)
        if bold:
            sub(rpr, "b")
        sub(rpr, "sz", str(TABLE_PT * 2))


def save_document(doc, *, title: str, subject: str, date: str, language: str = "en",
                  keywords: Sequence[str] = ()) -> bytes:
    """The document's bytes, with properties dated `date` (ISO) and fixed zip stamps."""
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    words = sum(len(t.split()) for t in [p.text for p in doc.paragraphs] + cells)
    props = PackageProperties(title=title, subject=subject, keywords=", ".join(keywords),
                              description="", date=date, language=language, words=words)
    buf = BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue(), properties_parts(props))
