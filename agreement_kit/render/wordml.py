"""WordprocessingML elements built with plain lxml calls, for the writers' hot paths.

python-docx's generated methods (add_paragraph, add_run, the style and font setters) look
up each new child's place among the schema's possible siblings, and its text setter walks
the text a character at a time; python-docx's table rows and columns find their cells by
scanning the whole table. These helpers write the same XML directly, so a long draft or a
brief's tables build in a fraction of the time, byte for byte as before (tested by the
writers' determinism tests and compared by hand on every example).
"""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def sub(parent, tag: str, val: str | None = None):
    """A w: child appended to `parent` (with its w:val); callers append in schema order."""
    from lxml import etree
    el = etree.SubElement(parent, W + tag)
    if val is not None:
        el.set(W + "val", val)
    return el


def append_run(p, text: str, style_id: str | None = None):
    """A run of `text` at the end of paragraph element `p`, as python-docx's add_run(text)
    writes it: a tab as w:tab, a line break as w:br, the rest in w:t (space preserved
    where the text starts or ends with it)."""
    r = sub(p, "r")
    if style_id is not None:
        sub(sub(r, "rPr"), "rStyle", style_id)
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            sub(r, "tab")
        elif piece in ("\r", "\n"):
            sub(r, "br")
        elif piece:
            t = sub(r, "t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(XML_SPACE, "preserve")
    return r


def cells(table) -> list[list]:
    """The python-docx cells of `table`, row by row, read off its w:tr and w:tc elements
    (python-docx's row.cells and column.cells rescan the whole table each time)."""
    from docx.table import _Cell
    return [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
