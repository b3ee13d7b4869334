"""Reading a DOCX back as Word would show it: list numbers, fields, bookmarks."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def fmt(n: int, kind: str) -> str:
    if kind == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[n - 1]
    if kind == "upperRoman":
        return ROMAN[n]
    return str(n)


def list_numbers(doc) -> list[tuple[str, str, str]]:
    """(style, computed list number, text) for every body paragraph, as Word numbers them."""
    numbering = doc.part.numbering_part.element
    abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
    num_to_abs = {n.get(qn("w:numId")): n.find(qn("w:abstractNumId")).get(qn("w:val"))
                  for n in numbering.findall(qn("w:num"))}
    counters: dict[str, list[int]] = {}
    out = []
    for p in doc.paragraphs:
        numpr = p._p.pPr.find(qn("w:numPr")) if p._p.pPr is not None else None
        label = ""
        if numpr is not None:
            num_id = numpr.find(qn("w:numId")).get(qn("w:val"))
            ilvl = int(numpr.find(qn("w:ilvl")).get(qn("w:val")))
            levels = abstract[num_to_abs[num_id]].findall(qn("w:lvl"))
            count = counters.setdefault(num_id, [0] * 9)
            count[ilvl] += 1
            for deeper in range(ilvl + 1, 9):
                count[deeper] = 0
            label = levels[ilvl].find(qn("w:lvlText")).get(qn("w:val"))
            for lvl in range(ilvl + 1):
                kind = levels[lvl].find(qn("w:numFmt")).get(qn("w:val"))
                label = label.replace(f"%{lvl + 1}", fmt(count[lvl], kind))
        out.append((p.style.name, label, p.text))
    return out


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def ref_fields(doc) -> list[tuple[str, str]]:
    """(bookmark name, result shown) of every REF field in the body. A REF inside a QUOTE
    field (a bare number: "Articles 24 and 27") shows the QUOTE's result."""
    out = []
    stack: list[dict] = []  # the open fields: instruction, result so far, past the separator
    for run in doc.element.body.iter(qn("w:r")):
        fc = run.find(qn("w:fldChar"))
        kind = fc.get(qn("w:fldCharType")) if fc is not None else None
        if kind == "begin":
            stack.append({"instr": "", "result": "", "shown": False})
        elif kind == "separate" and stack:
            stack[-1]["shown"] = True
        elif kind == "end" and stack:
            field = stack.pop()
            words = field["instr"].split()
            if words[:1] == ["REF"]:
                out.append([words[1], field["result"], field])
            elif words[:1] == ["QUOTE"]:
                for entry in out:
                    if entry[2].get("inside") is field:
                        entry[1] = field["result"]
        elif stack:
            instr = run.find(qn("w:instrText"))
            if instr is not None and not stack[-1]["shown"]:
                stack[-1]["instr"] += instr.text or ""
            t = run.find(qn("w:t"))
            if t is not None and stack[-1]["shown"]:
                stack[-1]["result"] += t.text or ""
        if kind == "begin" and len(stack) > 1:
            stack[-1]["inside"] = stack[-2]
    return [(name, result) for name, result, _ in out]


def bookmarks(doc) -> dict[str, str]:
    """Bookmark name -> text of the paragraph that holds it."""
    out = {}
    for p in doc.element.body.iter(qn("w:p")):
        for b in p.findall(qn("w:bookmarkStart")):
            out[b.get(qn("w:name"))] = "".join(t.text or "" for t in p.iter(qn("w:t")))
    return out


def apply_revisions(data: bytes, accept: bool):
    """The document Word shows after Accept All (accept=True) or Reject All."""
    doc = open_docx(data)
    body = doc.element.body
    keep, drop = ("w:ins", "w:del") if accept else ("w:del", "w:ins")
    for el in list(body.iter(qn(drop))):
        if el.getparent().tag != qn("w:rPr"):
            el.getparent().remove(el)
    for el in list(body.iter(qn(keep))):
        if el.getparent().tag == qn("w:rPr"):
            continue
        parent, index = el.getparent(), el.getparent().index(el)
        for child in list(el):
            parent.insert(index, child)
            index += 1
        parent.remove(el)
    if not accept:
        for t in body.iter(qn("w:delText")):
            t.tag = qn("w:t")
        for t in body.iter(qn("w:delInstrText")):
            t.tag = qn("w:instrText")
    for ppr in list(body.iter(qn("w:pPr"))):
        change = ppr.find(qn("w:pPrChange"))
        if change is not None:
            ppr.remove(change)
            if not accept:  # restore the former style and numbering
                old = change.find(qn("w:pPr"))
                for tag in ("w:pStyle", "w:numPr", "w:tabs", "w:ind"):
                    for el in ppr.findall(qn(tag)):
                        ppr.remove(el)
                for el in reversed(list(old)):
                    ppr.insert(0, el)
    # a paragraph whose mark is removed joins the next paragraph
    gone = qn("w:del") if accept else qn("w:ins")
    for p in list(body.iter(qn("w:p"))):
        ppr = p.find(qn("w:pPr"))
        rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
        if rpr is not None and rpr.find(gone) is not None:
            nxt = p.getnext()
            content = [c for c in p if c.tag != qn("w:pPr")]
            if nxt is not None and nxt.tag == qn("w:p"):
                anchor = nxt.find(qn("w:pPr"))
                pos = nxt.index(anchor) + 1 if anchor is not None else 0
                for c in content:
                    nxt.insert(pos, c)
                    pos += 1
            p.getparent().remove(p)
        elif rpr is not None:
            for mark in rpr.findall(qn("w:ins")) + rpr.findall(qn("w:del")):
                rpr.remove(mark)
    return doc


def visible_text(doc) -> list[str]:
    """Every body paragraph below the status lines as a reader sees it: its number (a list's
    or written out) and its text, field results as shown, white space as single spaces. The
    status and version lines describe the file, not the agreement."""
    return [" ".join(f"{num} {text}".split()) for style, num, text in list_numbers(doc)
            if style not in {"Status", "Status Detail"}]


def signature_tables(doc) -> list[list[str]]:
    """The signature tables in order, each as the text of its blocks: a block's heading
    (first row) and, below it in the same column, its lines, names and titles."""
    tables = []
    for table in doc.tables:
        rows = table.rows
        if len(rows) < 2 or not any(p.style.name == "Signature Heading"
                                    for c in rows[0].cells for p in c.paragraphs):
            continue
        tables.append([heading.text + "\n" + signing.text
                       for heading_row, signing_row in zip(rows[0::2], rows[1::2])
                       for heading, signing in zip(heading_row.cells, signing_row.cells)])
    return tables


def signature_blocks(doc) -> list[str]:
    """The text of every signature block of the document, in order."""
    return [block for table in signature_tables(doc) for block in table]
