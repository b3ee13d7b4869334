"""The redline: the new draft with the changes from the old one shown.

In Word the changes are real tracked changes: inserted text in ``w:ins``, deleted text in
``w:del`` with ``w:delText``, inserted and deleted paragraph marks for whole paragraphs and
articles, and ``w:pPrChange`` where a paragraph gained or lost its number. Accept All gives
the new draft's text, Reject All the old one's.

As comparison tools for lawyers do, the redline writes its numbers out as text: "Article 11",
"2.", "(b)" with the list's own indents and tab, and a changed number as the old one deleted
and the new one inserted. A list number of Word or LibreOffice would count the deleted
paragraphs shown beside the inserted ones (LibreOffice even loses an article heading that
follows an inserted paragraph), so the reader would see numbers neither draft has.
Cross-references are text too, their changed numbers tracked the same way. The drafts
themselves keep live lists and REF fields.

Every revision has the same author and the new draft's date, and ids are allocated in
document order, so the file is deterministic. Track Changes stays switched on.

In HTML and PDF the same changes are underlined in blue (inserted) and struck through in red
(deleted), after a table of the clauses that changed.
"""

from __future__ import annotations

import copy
import difflib
import re
from html import escape

from ..model.protection import describe
from ..model.redline import Redline, RPara, Seg, Unit
from ..model.draft import Draft, Paragraph, Ref
from ..model.pagination import Pagination
from .docx import (_AFTER_NUMPR, TOC_FIELD, DocxWriter, _field_char, _qn, _w, build_docx,
                   toc_entries, version_line)
from .html import HtmlWriter, page, running_header, status_block
from .wordml import XML_SPACE

WHOLE = {"inserted": "ins", "deleted": "del"}  # a paragraph that came or went: its mark


def changed_parts(old: str, new: str) -> list[tuple[str, str]]:
    """A changed label or reference as (text, kind) pieces: the words and figures both
    share at the start and end kept ("equal"), the rest "del" then "ins". "Article 5" to
    "Article 4" keeps "Article "; "4." to "2." keeps the full stop."""
    a, b = re.findall(r"\d+|\w+|\W", old or ""), re.findall(r"\d+|\w+|\W", new or "")
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    pieces = [("".join(a[:head]), "equal"), ("".join(a[head:len(a) - tail]), "del"),
              ("".join(b[head:len(b) - tail]), "ins"), ("".join(a[len(a) - tail:]), "equal")]
    return [(text, kind) for text, kind in pieces if text]


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
            p = self.toc_entry(container, entry, pages)
            if kind:
                self.mark_paragraph(p, kind)  # in the properties: revision ids in reading order
                link = p._p.find(_qn("w:hyperlink"))  # runs may be tracked inside a link only
                self.wrap(*((link, 0) if link is not None else (p, 1)), kind)
            if i == 0:
                self.field_start(p, TOC_FIELD, before=p._p.pPr)
            if i == len(lines) - 1:
                p._p.append(_field_char("end"))

    # --- revision marks -------------------------------------------------------------------
    def _mark(self, tag: str):
        self.revision += 1
        return _w(tag, id=str(self.revision), author=self.author, date=self.date)

    def wrap(self, p, start: int, kind: str) -> None:
        """Move the runs added to `p` (a paragraph, or an element such as a hyperlink) since
        child `start` into a w:ins or w:del."""
        added = list(getattr(p, "_p", p))[start:]
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

    def numbering_change(self, p, old_style: str, old_level) -> None:
        """Record the paragraph's former style and indents (w:pPrChange)."""
        ppr = p._p.get_or_add_pPr()
        change = self._mark("w:pPrChange")
        old = _w("w:pPr")
        old.append(_w("w:pStyle", val=self.style_id(old_style)))
        for el in self.level_layout(old_level):
            old.append(el)
        change.append(old)
        ppr.append(change)

    # --- runs -----------------------------------------------------------------------------
    def segments(self, p, segs: list[Seg], refs: dict[str, str]) -> None:
        for seg in segs:
            start = len(p._p)
            old = seg.old
            if seg.kind == "equal" and isinstance(seg.inline, Ref) and isinstance(old, Ref) \
                    and old.text != seg.inline.text:
                self.changed_text(p, old.text, seg.inline.text)
                continue
            self.runs(p, [seg.inline], refs)
            if seg.kind != "equal":
                self.wrap(p, start, seg.kind)

    def ref_field(self, p, anchor: str, cached: str, bare: bool = False) -> None:
        """A cross-reference as the text it shows (the headings carry no list number)."""
        p.add_run(cached)

    def changed_text(self, p, old: str, new: str, rpr=None) -> None:
        """A changed number or reference in runs formatted by `rpr`: what the two share
        kept, the rest deleted and inserted ("Article ~~5~~4")."""
        for text, kind in changed_parts(old, new):
            start = len(p._p)
            self.add_run(p, text, rpr)
            if kind != "equal":
                self.wrap(p, start, kind)

    @staticmethod
    def add_run(p, text: str, rpr=None):
        run = p.add_run(text)
        if rpr is not None:
            run._r.insert(0, copy.deepcopy(rpr))
        return run

    # --- numbers written out --------------------------------------------------------------
    @staticmethod
    def after_number(level) -> str:
        """What follows a list level's number: "tab" (Word's default), "space" or "nothing"."""
        suff = level.find(_qn("w:suff"))
        return suff.get(_qn("w:val")) if suff is not None else "tab"

    def level_layout(self, level) -> list:
        """The indents (and the tab stop after the number) of a list level, as pPr children."""
        if level is None:
            return []
        ind = level.find(f"{_qn('w:pPr')}/{_qn('w:ind')}")
        out = []
        if ind is not None and self.after_number(level) == "tab":
            tabs = _w("w:tabs")
            tabs.append(_w("w:tab", val="left", pos=ind.get(_qn("w:left"))))
            out.append(tabs)
        if ind is not None:
            out.append(copy.deepcopy(ind))
        return out

    def number(self, p, level, old: str | None, new: str | None, status: str) -> None:
        """The paragraph's number as text in front of it, with its level's indents and the
        tab (or nothing) that follows a number; a changed number is deleted and inserted. A
        paragraph that lost its number (`new` None) keeps its new indents and shows the old
        number and its tab deleted."""
        if new is not None:
            ppr = p._p.get_or_add_pPr()
            for el in self.level_layout(level):
                tag = "w:" + el.tag.rpartition("}")[2]
                ppr.insert_element_before(el, *_AFTER_NUMPR[_AFTER_NUMPR.index(tag) + 1:])
        rpr = level.find(_qn("w:rPr"))
        after = self.after_number(level)
        whole = WHOLE.get(status)
        start = len(p._p)
        if whole or old == new:
            self.add_run(p, new or old, rpr)
        else:
            self.changed_text(p, old or "", new or "", rpr)
        gap = len(p._p)
        if after == "tab":
            p.add_run().add_tab()
        elif after == "space":
            p.add_run(" ")
        if whole:
            self.wrap(p, start, whole)
        elif new is None or old is None:  # the number came or went: so did its tab
            self.wrap(p, gap, "del" if new is None else "ins")

    # --- paragraphs -----------------------------------------------------------------------
    def rpara(self, container, rp: RPara, style: str, level, refs: dict[str, str],
              *, numbers: tuple = (None, None), anchor: str | None = None,
              lead_break: bool = False, old_style: str | None = None, old_level=None):
        """One paragraph; `level` the list level whose number `numbers` (old, new) it shows."""
        p = self.add_paragraph(container, style)
        whole = WHOLE.get(rp.status)
        if whole:
            self.mark_paragraph(p, whole)
        elif rp.status == "changed" and (old_style, old_level) != (style, level) and old_style:
            self.numbering_change(p, old_style, old_level)
        if level is not None and any(numbers):
            self.number(p, level, *numbers, rp.status)
        elif old_level is not None and numbers[0]:  # the paragraph lost its number
            self.number(p, old_level, numbers[0], None, rp.status)
        if lead_break:
            start = len(p._p)
            p.add_run().add_break()
            if whole:
                self.wrap(p, start, whole)
        self.segments(p, rp.segs, refs)
        if anchor:
            self.bookmark(p, anchor)
        return p

    @staticmethod
    def para_format(p: Paragraph | None, levels) -> tuple[str, object]:
        """A paragraph's style and the list level its number belongs to (None: unnumbered)."""
        if p is None:
            return "Article Paragraph", None
        if p.level:
            return "Article Item", levels[2]
        return "Article Paragraph", (levels[1] if p.number else None)

    def numbered_rparas(self, container, paras: list[RPara], abstract, refs) -> None:
        levels = abstract.findall(_qn("w:lvl"))
        for rp in paras:
            style, level = self.para_format(rp.para, levels)
            old_style, old_level = self.para_format(rp.old, levels)
            numbers = (rp.old.number if rp.old else None, rp.new.number if rp.new else None)
            self.rpara(container, rp, style, level, refs, numbers=numbers,
                       old_style=old_style, old_level=old_level)

    def plain_rparas(self, container, paras: list[RPara], style: str, refs) -> list:
        return [self.rpara(container, rp, style, None, refs) for rp in paras]

    @staticmethod
    def labels(unit: Unit, attr: str) -> tuple:
        return tuple(getattr(u, attr, None) if u is not None else None
                     for u in (unit.old, unit.new))

    # --- documents ------------------------------------------------------------------------
    def refs_for(self, redline: Redline, prefix: str) -> dict[str, str]:
        return {**redline.old.anchors(prefix), **redline.new.anchors(prefix)}

    def redline_body(self, container, redline: Redline, prefix: str = "",
                     nested: bool = False) -> None:
        refs = self.refs_for(redline, prefix)
        if nested:
            for rp in redline.title:
                self.rpara(container, rp, "Subtitle", None, refs)
        abstract = self.abstract_for(redline.new.article_label, redline.new)
        heading_level = abstract.find(_qn("w:lvl"))
        heading = "Heading 2" if nested else "Heading 1"
        styles = {"opening": "Body Text", "preamble": "Recital", "agreed": "Body Text"}
        for unit in redline.units:
            if unit.kind in styles:
                written = self.plain_rparas(container, unit.paras, styles[unit.kind], refs)
                if unit.kind == "opening" and written and not nested:  # after the contents
                    written[0].paragraph_format.page_break_before = True
            elif unit.kind == "part":
                for rp, style in zip(unit.heading, ("Part Heading", "Part Title")):
                    self.rpara(container, rp, style, None, refs)
            elif unit.kind == "article":
                art = unit.current
                self.rpara(container, unit.heading[0], heading, heading_level, refs,
                           numbers=self.labels(unit, "label"), anchor=prefix + art.anchor)
                self.numbered_rparas(container, unit.paras, abstract, refs)

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
        abstract = self.annex_list_for(redline.new)
        for unit in annexes:
            annex = unit.current
            self.rpara(container, unit.heading[0], "Annex Heading", abstract.find(_qn("w:lvl")),
                       refs, numbers=self.labels(unit, "number"), anchor=prefix + annex.anchor,
                       lead_break=True)
            self.numbered_rparas(container, unit.paras, abstract, refs)
            if unit.document is not None:
                sub_prefix = f"{prefix}{annex.anchor}--"
                self.redline_body(container, unit.document, sub_prefix, nested=True)
                self.redline_closing(container, unit.document, sub_prefix)
                self.signature_table(container, unit.document.new.signatures)
                self.redline_annexes(container, unit.document, sub_prefix)


def render_redline_docx(redline: Redline, author: str, pages: "Pagination | None" = None) -> bytes:
    """The new draft with Word tracked changes from the old one; `pages`, the redline PDF's
    layout, gives its contents their page numbers."""

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
    return build_docx(new, fill, finish=track_changes, writer=writer, pages=pages)


# --- HTML and PDF ---------------------------------------------------------------------------

REDLINE_CSS = """
ins { color: #1a4fb5; text-decoration: underline; }
del { color: #b3261e; text-decoration: line-through; }
.rl-inserted { border-left: 2pt solid #1a4fb5; }
.rl-deleted { border-left: 2pt solid #b3261e; }
/* the bar stands in the margin, 4 mm before the text: numbers and indents stay in place */
section.rl-inserted, section.rl-deleted, p.rl-inserted, p.rl-deleted { margin-left: -4mm; padding-left: 4mm; }
p.numbered.rl-inserted, p.numbered.rl-deleted { padding-left: 14mm; }
p.item.rl-inserted, p.item.rl-deleted { padding-left: 24mm; }
[dir=rtl] .rl-inserted, [dir=rtl] .rl-deleted { border-left: none; margin-left: 0; padding-left: 0; }
[dir=rtl] .rl-inserted { border-right: 2pt solid #1a4fb5; }
[dir=rtl] .rl-deleted { border-right: 2pt solid #b3261e; }
[dir=rtl] section.rl-inserted, [dir=rtl] section.rl-deleted, [dir=rtl] p.rl-inserted, [dir=rtl] p.rl-deleted { margin-right: -4mm; padding-right: 4mm; }
[dir=rtl] p.numbered.rl-inserted, [dir=rtl] p.numbered.rl-deleted { padding-right: 14mm; }
[dir=rtl] p.item.rl-inserted, [dir=rtl] p.item.rl-deleted { padding-right: 24mm; }
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
                out.append(changed_html(old.text, s.inline.text))
                continue
            html = self.runs([s.inline])
            out.append(f"<{s.kind}>{html}</{s.kind}>" if s.kind != "equal" else html)
        return "".join(out)

    def number(self, rp: RPara) -> str:
        old = rp.old.number if rp.old else None
        new = rp.new.number if rp.new else None
        if old == new or rp.status in WHOLE:
            n = new or old
            return f'<span class="num">{escape(n)}</span>' if n else ""
        return f'<span class="num">{changed_html(old, new)}</span>'

    def rpara(self, rp: RPara, cls: str = "para", marked: bool = True) -> str:
        """One paragraph; `marked`: its own bar when it came or went (not inside an article
        that came or went as a whole, which has the bar)."""
        kind = "item" if rp.para.level else cls
        numbered = " numbered" if (rp.para.number) else ""
        status = f" rl-{rp.status}" if marked and rp.status in WHOLE else ""
        return f'<p class="{kind}{numbered}{status}">{self.number(rp)}{self.segs(rp.segs)}</p>'

    def label(self, unit: Unit) -> str:
        old = getattr(unit.old, "label", None) or getattr(unit.old, "number", None)
        new = getattr(unit.new, "label", None) or getattr(unit.new, "number", None)
        if unit.status == "inserted":
            return f"<ins>{escape(new)}</ins>"
        if unit.status == "deleted":
            return f"<del>{escape(old)}</del>"
        if old != new:
            return changed_html(old, new)
        return escape(new)

    def unit(self, unit: Unit) -> str:
        whole = unit.status in WHOLE
        status = f" rl-{unit.status}" if whole else ""
        heading = self.segs(unit.heading[-1].segs) if unit.heading else ""
        body = "\n".join(self.rpara(rp, marked=not whole) for rp in unit.paras)
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

    def body_html(self, title_level: str | None = "h1") -> str:
        """The compared document from its title (`title_level`; None: on the title page) to
        its last annex, the closing formula kept with the signature blocks."""
        d = self.redline.new
        parts = []
        if title_level:
            title = self.segs(self.redline.title[0].segs) if self.redline.title else escape(d.title)
            parts.append(f'<{title_level} class="doc-title">{title}</{title_level}>')
        closing = [self.unit(u) for u in self.redline.units if u.kind == "closing"]
        parts += [self.unit(u) for u in self.redline.units if u.kind not in ("annex", "closing")]
        self.draft = d
        parts.append('<div class="closing-and-signatures"><div class="closing">'
                     + "\n".join(closing) + "</div>" + self.signatures() + "</div>")
        parts += [self.unit(u) for u in self.redline.units if u.kind == "annex"]
        return "\n".join(parts)


def changed_html(old: str | None, new: str | None) -> str:
    """A changed label or reference in HTML: shared words kept, the rest struck and inserted."""
    return "".join(escape(text) if kind == "equal" else f"<{kind}>{escape(text)}</{kind}>"
                   for text, kind in changed_parts(old or "", new or ""))


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
    """The redline as the drafts are laid out: a title page (status, title, the table of
    changed clauses), the new draft's contents, then the text with its changes marked."""
    writer = RedlineHtmlWriter(redline)
    old, new = redline.old, redline.new
    title = escape(new.title) if old.title == new.title else \
        f"<del>{escape(old.title)}</del> <ins>{escape(new.title)}</ins>"
    front = (f'<div class="title-page">{status_block(new)}<h1 class="doc-title">{title}</h1>'
             f"{legend(redline, author_old, author_new)}</div>\n")
    return page(new, front + writer.toc() + writer.body_html(title_level=None), REDLINE_CSS)


def render_redline_pdf(redline: Redline, author_old: str, author_new: str) -> bytes:
    return render_redline_pdf_pages(redline, author_old, author_new)[0]


def render_redline_pdf_pages(redline: Redline, author_old: str,
                             author_new: str) -> "tuple[bytes, Pagination]":
    """The redline PDF and the page each heading landed on (for the DOCX's contents)."""
    from .pdf import layout_pdf, require_faces
    require_faces([redline.new.language])
    return layout_pdf(render_redline_html(redline, author_old, author_new))


def render_redline_all(redline: Redline, fmts: list[str], author_old: str,
                       author_new: str, pdf_worker=None) -> dict[str, bytes]:
    """Every asked-for format of the redline. With the PDF, the DOCX's contents carry its
    page numbers, the two made side by side (`pdf_worker`, a process started early, or a
    forked one: :func:`.concurrent.pdf_and_docx`), with the bytes of making them in turn."""
    from . import CONCURRENT
    from .concurrent import PLACEHOLDER_PAGES, pdf_and_docx
    from .pdf import layout_pdf, require_faces

    out: dict[str, bytes] = {}
    pages = None
    html = render_redline_html(redline, author_old, author_new)
    if "html" in fmts:
        out["html"] = html.encode("utf-8")
    if "pdf" in fmts:
        require_faces([redline.new.language])
        placeholder = (lambda: render_redline_docx(redline, author_new, PLACEHOLDER_PAGES)) \
            if "docx" in fmts else None
        out["pdf"], pages, docx = pdf_and_docx(lambda: layout_pdf(html), placeholder,
                                               worker=pdf_worker, job=("html", html),
                                               fork=CONCURRENT)
        if docx is not None:
            out["docx"] = docx
    if "docx" in fmts and "docx" not in out:
        out["docx"] = render_redline_docx(redline, author_new, pages)
    return out


__all__ = ["render_redline_all", "render_redline_docx", "render_redline_html",
           "render_redline_pdf"]
