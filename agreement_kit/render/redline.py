"""The redline: the new draft with the changes from the old one shown.

In Word the changes are real tracked changes: inserted text in ``w:ins``, deleted text in
``w:del`` with ``w:delText``, inserted and deleted paragraph marks for whole paragraphs and
articles, ``w:pPrChange`` where a paragraph gained or lost its number, and changed numbers of
cross-references inside the fields' results. Word's Accept All gives exactly the new draft,
Reject All exactly the old one; article numbers are Word's own, so they follow either way.
Every revision has the same author and the new draft's date, and ids are allocated in
document order, so the file is deterministic. Track Changes stays switched on.

In HTML and PDF the same changes are underlined in blue (inserted) and struck through in red
(deleted), after a table of the clauses that changed.
"""

from __future__ import annotations

import difflib
from html import escape

from ..model.protection import describe
from ..model.redline import Redline, RPara, Seg, Unit
from ..model.draft import Draft, Paragraph, Ref
from .docx import (TOC_FIELD, DocxWriter, _field_char, _qn, _w, build_docx, toc_entries,
                   version_line)
from .html import HtmlWriter, page, running_header, status_block

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class RedlineDocxWriter(DocxWriter):
    """Writes a Redline with Word revision marks."""

    def __init__(self, doc, author: str, date: str, old: "Draft | None" = None):
        super().__init__(doc)
        self.author = author
        self.date = f"{date}T00:00:00Z"
        self.revision = 0
        self.old = old

    def frame(self, doc, new: Draft) -> None:
        """The title block and the running header, old and new as tracked changes where they
        differ, so Reject All gives the old ones too; then every revision id in order."""
        old = self.old
        pairs = {"Status": (old.status, new.status), "Title": (old.title, new.title),
                 "Status Detail": (version_line(old), version_line(new))}
        from docx.text.paragraph import Paragraph

        body = [p for p in doc.paragraphs if p.style.name in pairs]
        # the header parts docxtpl rendered (python-docx's section.header still holds the
        # template's, cached before rendering)
        parts = [rel.target_part.element for rel in doc.part.rels.values()
                 if rel.reltype.endswith("/header")]
        headers = [Paragraph(p, None) for part in parts for p in part.iter(_qn("w:p"))]
        for p, (was, now) in [(p, pairs[p.style.name]) for p in body] + [
                (p, (running_header(old), running_header(new))) for p in headers]:
            if was != now and p.text == now:
                self.tracked_text(p, was, now)
        self.renumber([doc.element.body] + parts)

    def tracked_text(self, p, was: str, now: str) -> None:
        """The paragraph's text replaced by `was` deleted and `now` inserted."""
        for run in list(p._p.iter(_qn("w:r"))):
            run.getparent().remove(run)
        for text, kind in ((was, "del"), (now, "ins")):
            start = len(p._p)
            p.add_run(text)
            self.wrap(p, start, kind)

    @staticmethod
    def renumber(parts) -> None:
        """Revision ids 1, 2, 3 ... in reading order across `parts`."""
        tags = {_qn(t) for t in ("w:ins", "w:del", "w:pPrChange", "w:rPrChange")}
        n = 0
        for part in parts:
            for el in part.iter():
                if el.tag in tags:
                    n += 1
                    el.set(_qn("w:id"), str(n))

    def toc(self, container, draft, pages=None) -> None:
        """The contents of the new draft with the lines of the old one's that went or changed
        as tracked changes, so Reject All gives the old contents."""
        old, new = toc_entries(self.old) if self.old else [], toc_entries(draft)
        lines = []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op == "equal":
                lines += [(e, None) for e in new[j1:j2]]
                continue
            lines += [(e, "del") for e in old[i1:i2]] + [(e, "ins") for e in new[j1:j2]]
        for i, (entry, kind) in enumerate(lines):
            p = self.toc_entry(container, entry, None)
            if kind:
                self.mark_paragraph(p, kind)  # in the properties: revision ids in reading order
                self.wrap(p, 1, kind)
            if i == 0:
                self.field_start(p, TOC_FIELD, before=p._p.pPr)
            if i == len(lines) - 1:
                p._p.append(_field_char("end"))

    # --- revision marks -------------------------------------------------------------------
    def _mark(self, tag: str):
        self.revision += 1
        return _w(tag, id=str(self.revision), author=self.author, date=self.date)

    def wrap(self, p, start: int, kind: str) -> None:
        """Move the runs added to `p` since child `start` into a w:ins or w:del."""
        added = list(p._p)[start:]
        if not added:
            return
        wrapper = self._mark(f"w:{kind}")
        added[0].addprevious(wrapper)
        for child in added:
            wrapper.append(child)
        if kind == "del":
            for t in wrapper.iter(_qn("w:t")):
                t.tag = _qn("w:delText")
                t.set(XML_SPACE, "preserve")
            for t in wrapper.iter(_qn("w:instrText")):
                t.tag = _qn("w:delInstrText")

    def mark_paragraph(self, p, kind: str) -> None:
        """An inserted or deleted paragraph mark (the whole paragraph came or went)."""
        ppr = p._p.get_or_add_pPr()
        rpr = ppr.find(_qn("w:rPr"))
        if rpr is None:
            rpr = _w("w:rPr")
            ppr.append(rpr)
        rpr.append(self._mark(f"w:{kind}"))

    def numbering_change(self, p, old_style: str, old_num: tuple | None) -> None:
        """Record the paragraph's former style and numbering (w:pPrChange)."""
        ppr = p._p.get_or_add_pPr()
        change = self._mark("w:pPrChange")
        old = _w("w:pPr")
        old.append(_w("w:pStyle", val=self.style_id(old_style)))
        if old_num:
            numpr = _w("w:numPr")
            numpr.append(_w("w:ilvl", val=str(old_num[1])))
            numpr.append(_w("w:numId", val=str(old_num[0])))
            old.append(numpr)
        change.append(old)
        ppr.append(change)

    # --- runs -----------------------------------------------------------------------------
    def segments(self, p, segs: list[Seg], refs: dict[str, str]) -> None:
        for seg in segs:
            start = len(p._p)
            old = seg.old
            if seg.kind == "equal" and isinstance(seg.inline, Ref) and isinstance(old, Ref) \
                    and old.text != seg.inline.text and seg.inline.target in refs:
                self.changed_ref(p, refs[seg.inline.target], old.text, seg.inline.text)
                continue
            self.runs(p, [seg.inline], refs)
            if seg.kind != "equal":
                self.wrap(p, start, seg.kind)

    def changed_ref(self, p, anchor: str, old: str, new: str) -> None:
        """A REF field whose shown number changed: old result deleted, new one inserted."""
        name = self.bookmarks.get(anchor) or self.reserve(anchor)
        for kind in ("begin", "instr", "separate", "old", "new", "end"):
            start = len(p._p)
            run = p.add_run()
            if kind == "instr":
                instr = _w("w:instrText")
                instr.set(XML_SPACE, "preserve")
                instr.text = f" REF {name} \\r \\h "
                run._r.append(instr)
            elif kind in ("old", "new"):
                run.text = old if kind == "old" else new
                self.wrap(p, start, "del" if kind == "old" else "ins")
            else:
                run._r.append(_w("w:fldChar", fldCharType=kind))

    # --- paragraphs -----------------------------------------------------------------------
    def rpara(self, container, rp: RPara, style: str, num: tuple | None, refs: dict[str, str],
              *, anchor: str | None = None, lead_break: bool = False,
              old_style: str | None = None, old_num: tuple | None = None):
        p = self.add_paragraph(container, style)
        if num:
            self.set_num(p, num)
        if rp.status in ("inserted", "deleted"):
            self.mark_paragraph(p, "ins" if rp.status == "inserted" else "del")
        elif rp.status == "changed" and (old_style, old_num) != (style, num) and old_style:
            self.numbering_change(p, old_style, old_num)
        if lead_break:
            start = len(p._p)
            p.add_run().add_break()
            if rp.status in ("inserted", "deleted"):
                self.wrap(p, start, "ins" if rp.status == "inserted" else "del")
        self.segments(p, rp.segs, refs)
        if anchor:
            self.bookmark(p, anchor)
        return p

    def set_num(self, p, num: tuple) -> None:
        from .docx import _AFTER_NUMPR

        numpr = _w("w:numPr")
        numpr.append(_w("w:ilvl", val=str(num[1])))
        numpr.append(_w("w:numId", val=str(num[0])))
        p._p.get_or_add_pPr().insert_element_before(numpr, *_AFTER_NUMPR)

    @staticmethod
    def para_format(p: Paragraph | None, list_id: int) -> tuple[str, tuple | None]:
        if p is None:
            return "Article Paragraph", None
        if p.level:
            return "Article Item", (list_id, 2)
        return "Article Paragraph", ((list_id, 1) if p.number else None)

    def numbered_rparas(self, container, paras: list[RPara], list_id: int, refs) -> None:
        for rp in paras:
            style, num = self.para_format(rp.para, list_id)
            old_style, old_num = self.para_format(rp.old, list_id)
            self.rpara(container, rp, style, num, refs, old_style=old_style, old_num=old_num)

    def plain_rparas(self, container, paras: list[RPara], style: str, refs) -> None:
        for rp in paras:
            self.rpara(container, rp, style, None, refs)

    # --- documents ------------------------------------------------------------------------
    def refs_for(self, redline: Redline, prefix: str) -> dict[str, str]:
        return {**redline.old.anchors(prefix), **redline.new.anchors(prefix)}

    def redline_body(self, container, redline: Redline, prefix: str = "",
                     nested: bool = False) -> None:
        refs = self.refs_for(redline, prefix)
        if nested:
            for rp in redline.title:
                self.rpara(container, rp, "Subtitle", None, refs)
        list_id = self.new_list(self.abstract_for(redline.new.article_label, redline.new))
        heading = "Heading 2" if nested else "Heading 1"
        styles = {"opening": "Body Text", "preamble": "Recital", "agreed": "Body Text"}
        for unit in redline.units:
            if unit.kind in styles:
                self.plain_rparas(container, unit.paras, styles[unit.kind], refs)
            elif unit.kind == "part":
                for rp, style in zip(unit.heading, ("Part Heading", "Part Title")):
                    self.rpara(container, rp, style, None, refs)
            elif unit.kind == "article":
                art = unit.current
                self.rpara(container, unit.heading[0], heading, (list_id, 0), refs,
                           anchor=prefix + art.anchor)
                self.numbered_rparas(container, unit.paras, list_id, refs)

    def redline_closing(self, container, redline: Redline, prefix: str = "") -> None:
        refs = self.refs_for(redline, prefix)
        for unit in redline.units:
            if unit.kind == "closing":
                self.plain_rparas(container, unit.paras, "Body Text", refs)

    def redline_annexes(self, container, redline: Redline, prefix: str = "") -> None:
        annexes = [u for u in redline.units if u.kind == "annex"]
        if not annexes:
            return
        refs = self.refs_for(redline, prefix)
        annex_list = self.new_list(self._abstract["agreement-kit annexes"])
        for unit in annexes:
            annex = unit.current
            self.rpara(container, unit.heading[0], "Annex Heading", (annex_list, 0), refs,
                       anchor=prefix + annex.anchor, lead_break=True)
            self.numbered_rparas(container, unit.paras, annex_list, refs)
            if unit.document is not None:
                sub_prefix = f"{prefix}{annex.anchor}--"
                self.redline_body(container, unit.document, sub_prefix, nested=True)
                self.redline_closing(container, unit.document, sub_prefix)
                self.signature_table(container, unit.document.new.signatures)
                self.redline_annexes(container, unit.document, sub_prefix)


def render_redline_docx(redline: Redline, author: str) -> bytes:
    """The new draft with Word tracked changes from the old one."""

    def fill(writer: RedlineDocxWriter, body, closing, annexes) -> None:
        writer.redline_body(body, redline)
        writer.redline_closing(closing, redline)
        writer.redline_annexes(annexes, redline)

    writers = []

    def writer(doc) -> RedlineDocxWriter:
        writers.append(RedlineDocxWriter(doc, author, new.date, redline.old))
        return writers[0]

    def track_changes(doc) -> None:
        writers[0].frame(doc, new)
        settings = doc.settings.element
        if settings.find(_qn("w:trackRevisions")) is None:
            settings.append(_w("w:trackRevisions"))

    new = redline.new
    return build_docx(new, fill, finish=track_changes, writer=writer)


# --- HTML and PDF ---------------------------------------------------------------------------

REDLINE_CSS = """
ins { color: #1a4fb5; text-decoration: underline; }
del { color: #b3261e; text-decoration: line-through; }
section.rl-inserted, p.rl-inserted { border-left: 2pt solid #1a4fb5; padding-left: 3mm; }
section.rl-deleted, p.rl-deleted { border-left: 2pt solid #b3261e; padding-left: 3mm; }
.rl-legend { border: 0.6pt solid #888; padding: 3mm 4mm; margin: 6mm 0; font-size: 9.5pt; }
.rl-legend table { width: 100%; border-collapse: collapse; font-size: 9pt; }
.rl-legend td, .rl-legend th { border-bottom: 0.4pt solid #ccc; text-align: left; padding: 1pt 3pt; }
"""


class RedlineHtmlWriter(HtmlWriter):
    def __init__(self, redline: Redline, prefix: str = ""):
        super().__init__(redline.new, prefix)
        self.anchors = {**redline.old.anchors(prefix), **self.anchors}
        self.redline = redline

    def segs(self, segs: list[Seg]) -> str:
        out = []
        for s in segs:
            old = s.old
            if s.kind == "equal" and isinstance(s.inline, Ref) and isinstance(old, Ref) \
                    and old.text != s.inline.text:
                out.append(f"<del>{escape(old.text)}</del><ins>{self.runs([s.inline])}</ins>")
                continue
            html = self.runs([s.inline])
            out.append(f"<{s.kind}>{html}</{s.kind}>" if s.kind != "equal" else html)
        return "".join(out)

    def number(self, rp: RPara) -> str:
        old = rp.old.number if rp.old else None
        new = rp.new.number if rp.new else None
        if old == new or rp.status in ("inserted", "deleted"):
            n = new or old
            return f'<span class="num">{escape(n)}</span>' if n else ""
        parts = (f"<del>{escape(old)}</del>" if old else "") + (f"<ins>{escape(new)}</ins>" if new else "")
        return f'<span class="num">{parts}</span>'

    def rpara(self, rp: RPara, cls: str = "para") -> str:
        kind = "item" if rp.para.level else cls
        numbered = " numbered" if (rp.para.number) else ""
        status = f" rl-{rp.status}" if rp.status in ("inserted", "deleted") else ""
        return f'<p class="{kind}{numbered}{status}">{self.number(rp)}{self.segs(rp.segs)}</p>'

    def label(self, unit: Unit) -> str:
        old = getattr(unit.old, "label", None) or getattr(unit.old, "number", None)
        new = getattr(unit.new, "label", None) or getattr(unit.new, "number", None)
        if unit.status == "inserted":
            return f"<ins>{escape(new)}</ins>"
        if unit.status == "deleted":
            return f"<del>{escape(old)}</del>"
        if old != new:
            return f"<del>{escape(old)}</del> <ins>{escape(new)}</ins>"
        return escape(new)

    def unit(self, unit: Unit) -> str:
        status = f" rl-{unit.status}" if unit.status in ("inserted", "deleted") else ""
        heading = self.segs(unit.heading[-1].segs) if unit.heading else ""
        body = "\n".join(self.rpara(rp) for rp in unit.paras)
        if unit.kind == "article":
            return (f'<section class="article{status}" id="{self.prefix}{unit.current.anchor}">'
                    f'<h3 class="article-heading"><span class="article-number">{self.label(unit)}'
                    f'</span><span class="article-title">{heading}</span></h3>\n{body}</section>')
        if unit.kind == "part":
            number = self.segs(unit.heading[0].segs)
            return (f'<h2 class="part-heading{status}"><span class="part-number">{number}</span>'
                    f"{heading}</h2>")
        if unit.kind == "annex":
            inner = body
            if unit.document is not None:
                sub = RedlineHtmlWriter(unit.document, f"{self.prefix}{unit.current.anchor}--")
                inner += sub.body_html(title_level="h3")
            return (f'<section class="annex{status}" id="{self.prefix}{unit.current.anchor}">'
                    f'<h2 class="annex-heading"><span class="annex-number">{self.label(unit)}'
                    f'</span><span class="annex-title">{heading}</span></h2>\n{inner}</section>')
        cls = {"preamble": "recital", "closing": "closing"}.get(unit.kind, unit.kind)
        return "\n".join(self.rpara(rp, cls) for rp in unit.paras)

    def body_html(self, title_level: str = "h1") -> str:
        d = self.redline.new
        title = self.segs(self.redline.title[0].segs) if self.redline.title else escape(d.title)
        parts = [f'<{title_level} class="doc-title">{title}</{title_level}>']
        annexes = [u for u in self.redline.units if u.kind == "annex"]
        for u in self.redline.units:
            if u.kind != "annex":
                parts.append(self.unit(u))
        self.draft = d
        parts.append(self.signatures())
        parts += [self.unit(u) for u in annexes]
        return "\n".join(parts)


def legend(redline: Redline, author_old: str, author_new: str) -> str:
    rows = []
    for c in redline.changes:
        old = f"{c.old_option} ({describe(c.old_protection)})" if c.old_option else "\u2014"
        new = f"{c.new_option} ({describe(c.new_protection)})" if c.new_option else "\u2014"
        params = "; ".join(f"{k}: {a} \u2192 {b}" for k, (a, b) in c.parameters.items())
        rows.append(f"<tr><td>{escape(c.title)}</td><td>{escape(c.kind)}</td><td>{escape(old)}</td>"
                    f"<td>{escape(new)}</td><td>{escape(params)}</td></tr>")
    table = ("<table><tr><th>Clause</th><th>Change</th><th>Was</th><th>Now</th><th>Parameters</th>"
             "</tr>" + "".join(rows) + "</table>") if rows else "<p>No clause option changed.</p>"
    return (f'<div class="rl-legend"><p><strong>Redline.</strong> Changes from '
            f"{escape(author_old)} (version {escape(redline.old.version)}, "
            f"{escape(redline.old.date)}) to {escape(author_new)} (version "
            f"{escape(redline.new.version)}, {escape(redline.new.date)}): inserted text is "
            f"<ins>underlined in blue</ins>, deleted text <del>struck through in red</del>.</p>"
            f"{table}</div>")


def render_redline_html(redline: Redline, author_old: str, author_new: str) -> str:
    writer = RedlineHtmlWriter(redline)
    body = status_block(redline.new) + legend(redline, author_old, author_new) + writer.body_html()
    return page(redline.new, body, REDLINE_CSS)


def render_redline_pdf(redline: Redline, author_old: str, author_new: str) -> bytes:
    from .pdf import html_to_pdf
    return html_to_pdf(render_redline_html(redline, author_old, author_new))


__all__ = ["render_redline_docx", "render_redline_html", "render_redline_pdf"]
