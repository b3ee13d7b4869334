"""DOCX: the house-style template filled by docxtpl, the body built with python-docx.

What a Word user finds in the file:
- article headings in the style Heading 1, numbered by a Word multilevel list ("Article 12"),
  so inserting an article in Word renumbers the rest; numbered paragraphs ("1.") and lettered
  items ("(a)") on the lower levels of the same list;
- cross-references as REF fields to bookmarks on the headings, with the number already shown,
  so the text is right before and after Word updates fields (the bare numbers of "Articles
  24 and 27" in a QUOTE field, which LibreOffice leaves as shown);
- blanks to fill in by hand in the character style "Blank";
- running header with status and version, "Page X of Y" footer, title, core properties
  (title, subject, keywords, dates from the draft date) and the parameters hash as a custom
  property.

The same Draft gives the same bytes: list and bookmark ids are allocated in document order,
dates come from the draft, and the zip is repacked with fixed timestamps.
"""

from __future__ import annotations

import copy
from io import BytesIO
from pathlib import Path
from typing import Callable

from ..model.pagination import Pagination
from ..model.draft import Annex, Article, Blank, Draft, Inline, Paragraph, Ref, Signature, plain
from ..resources import template_path
from .docx_package import PackageProperties, deterministic_zip, properties_parts
from .docx_language import apply_language, header_footer_parts
from .html import SIGNATURE_LINE, running_header, version_words
from .wordml import W, XML_SPACE, append_run, sub

LIST_NAMES = {"Article": "agreement-kit articles", "Clause": "agreement-kit clauses",
              "Section": "agreement-kit sections"}
ANNEX_LIST = "agreement-kit annexes"

# Editions may add to each drafted clause, an article or an annex drawn from one slot
# (the annotated edition adds Word comments).
ArticleHook = Callable[["DocxWriter", object, Article], None]


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn
    return qn(tag)


def _w(tag: str, **attrs: str):
    """A w: element with w: attributes: _w('w:fldChar', fldCharType='begin')."""
    from docx.oxml import OxmlElement
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn(f"w:{key}"), value)
    return el


class DocxWriter:
    """Writes Drafts into a python-docx document that shares the template's parts."""

    def __init__(self, doc, after_article: ArticleHook | None = None):
        self.doc = doc
        self.numbering = doc.part.numbering_part.element
        self.after_article = after_article
        self.bookmark_id = 0
        self.bookmarks: dict[str, str] = {}  # anchor -> bookmark name
        self._style_ids: dict[str, str] = {}
        self._abstract = {el.find(_qn("w:name")).get(_qn("w:val")): el
                          for el in self.numbering.findall(_qn("w:abstractNum"))
                          if el.find(_qn("w:name")) is not None}

    # --- lists -------------------------------------------------------------------------
    def abstract_for(self, label: str, draft: Draft | None = None):
        """The multilevel list of a document's articles, numbered as its language numbers
        them ("Article %1", "Artículo %1", "第%1条" in Chinese counting; items "(a)", "а)",
        "(أ)", "（一）")."""
        heading = word_numbering(draft, "article_heading", label) if draft else None
        heading = heading or (f"{label} %1", "decimal")
        items = word_items(draft)
        if heading == (f"{label} %1", "decimal") and items == ENGLISH_ITEMS:
            name = LIST_NAMES.get(label, f"agreement-kit {label.lower()}")
        else:
            name = f"agreement-kit {label.lower()} ({draft.language})"
        return self._clone_list(LIST_NAMES["Article"], name, heading, items)

    def annex_list_for(self, draft: Draft):
        """The annexes' list: "Annex %1" in Roman figures, or the language's own form."""
        heading = word_numbering(draft, "annex_heading", "") or ("Annex %1", "upperRoman")
        items = word_items(draft)
        if heading == ("Annex %1", "upperRoman") and items == ENGLISH_ITEMS:
            return self._abstract[ANNEX_LIST]
        return self._clone_list(ANNEX_LIST, f"{ANNEX_LIST} ({draft.language})", heading, items)

    def _clone_list(self, base_name: str, name: str, heading: tuple[str, str],
                    items: tuple[str, str]):
        if name not in self._abstract:  # another language's label: clone the base list
            base = self._abstract[base_name]
            clone = copy.deepcopy(base)
            new_id = max(int(a.get(_qn("w:abstractNumId"))) for a in self._abstract.values()) + 1
            clone.set(_qn("w:abstractNumId"), str(new_id))
            clone.find(_qn("w:nsid")).set(_qn("w:val"), f"4147B{new_id:03X}")
            clone.find(_qn("w:name")).set(_qn("w:val"), name)
            levels = clone.findall(_qn("w:lvl"))
            for level, (text, fmt) in ((levels[0], heading),
                                       *([(levels[2], items)] if len(levels) > 2 else [])):
                level.find(_qn("w:lvlText")).set(_qn("w:val"), text)
                level.find(_qn("w:numFmt")).set(_qn("w:val"), fmt)
            if len(levels) > 2 and items[1] == "chineseCounting":  # （一） is 3 ems wide
                ind = levels[2].find(f"{_qn('w:pPr')}/{_qn('w:ind')}")
                if ind is not None:  # 13 mm for the label, as the PDF's column
                    ind.set(_qn("w:left"), "1304")
                    ind.set(_qn("w:hanging"), "737")
            base.addnext(clone)
            self._abstract[name] = clone
        return self._abstract[name]

    def new_list(self, abstract) -> int:
        nums = self.numbering.findall(_qn("w:num"))
        num_id = max([int(n.get(_qn("w:numId"))) for n in nums] + [0]) + 1
        num = _w("w:num", numId=str(num_id))
        num.append(_w("w:abstractNumId", val=abstract.get(_qn("w:abstractNumId"))))
        self.numbering.append(num)
        return num_id

    # --- paragraphs and runs -----------------------------------------------------------
    def style_id(self, name: str) -> str:
        """The id of a template style (looked up once: python-docx scans every style)."""
        if name not in self._style_ids:
            self._style_ids[name] = self.doc.styles[name].style_id
        return self._style_ids[name]

    def add_paragraph(self, container, style: str, num: tuple | None = None):
        """A paragraph in `style` at the end of `container` (on list `num`: (list, level)),
        built in lxml: python-docx's add_paragraph and style setter scan the body and the
        paragraph properties for their place on every call."""
        from docx.text.paragraph import Paragraph

        parent = getattr(container, "_body", container)  # a Document writes in its body
        element = parent._element
        sect = element.find(W + "sectPr") if element.tag == W + "body" else None
        p = sub(element, "p")
        if sect is not None:  # the body's section properties stay last
            sect.addprevious(p)
        ppr = sub(p, "pPr")
        sub(ppr, "pStyle", self.style_id(style))
        if num:
            numpr = sub(ppr, "numPr")
            sub(numpr, "ilvl", str(num[1]))
            sub(numpr, "numId", str(num[0]))
        return Paragraph(p, parent)

    def paragraph(self, container, style: str, runs: list[Inline], *, num: tuple | None = None,
                  anchor: str | None = None, refs: dict[str, str] | None = None,
                  lead_break: bool = False):
        p = self.add_paragraph(container, style, num)
        if lead_break:
            p.add_run().add_break()
        self.runs(p, runs, refs or {})
        if anchor:
            self.bookmark(p, anchor)
        return p

    def bookmark(self, p, anchor: str) -> None:
        """Wrap the whole paragraph in a bookmark that REF fields can point at."""
        self.bookmark_id += 1
        name = self.bookmarks.setdefault(anchor, f"_Ref{100000000 + self.bookmark_id}")
        start = _w("w:bookmarkStart", id=str(self.bookmark_id), name=name)
        ppr = p._p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            p._p.insert(0, start)
        p._p.append(_w("w:bookmarkEnd", id=str(self.bookmark_id)))

    def runs(self, p, runs: list[Inline], refs: dict[str, str]) -> None:
        for r in runs:
            if isinstance(r, Ref) and r.target in refs:
                self.ref_field(p, refs[r.target], r.text, r.bare)
            elif isinstance(r, Blank):
                append_run(p._p, plain([r]), self.style_id("Blank"))
            else:
                append_run(p._p, plain([r]))

    def ref_field(self, p, anchor: str, cached: str, bare: bool = False) -> None:
        """REF field to the bookmark at `anchor`, showing the number already.

        A `bare` reference is the number without the unit word, as in "Articles 24 and 27"
        (Word's \\t switch). LibreOffice ignores that switch and would print "Articles
        Article 24 and Article 27", so the REF sits inside a QUOTE field: Word updates the
        REF and quotes it, LibreOffice keeps the number shown."""
        name = self.bookmarks.get(anchor) or self.reserve(anchor)
        if not bare:
            self.field(p._p, f"REF {name} \\r \\h", cached)
            return
        p._p.append(_field_char("begin"))  # the REF's own result stays empty: one "24" shown
        p._p.append(_instr_run("QUOTE"))
        self.field(p._p, f"REF {name} \\r \\t \\h", "")
        p._p.append(_field_char("separate"))
        p._p.append(_text_run(cached))
        p._p.append(_field_char("end"))

    def reserve(self, anchor: str) -> str:
        """A bookmark name for a heading written later (forward references)."""
        return self.bookmarks.setdefault(anchor, f"_Ref{200000000 + len(self.bookmarks)}")

    # --- contents ----------------------------------------------------------------------
    def toc(self, container, draft: Draft, pages: Pagination | None = None) -> None:
        """A TOC field with its entries already filled in: part titles, then each article and
        annex with a PAGEREF to its heading (the page from `pages`, the PDF of the same run,
        or empty). Word and LibreOffice rebuild it from the heading styles on update."""
        entries = toc_entries(draft)
        for i, entry in enumerate(entries):
            p = self.toc_entry(container, entry, pages)
            if i == 0:
                self.field_start(p, TOC_FIELD, before=p._p.pPr)
            if i == len(entries) - 1:
                p._p.append(_field_char("end"))

    def toc_entry(self, container, entry: "TocEntry", pages: Pagination | None):
        """One line of the contents: 'Article 4<tab>Title<tab>page', linked to the heading."""
        style, text, anchor = entry
        p = self.add_paragraph(container, style)
        target = p._p
        if anchor:
            target = _w("w:hyperlink", anchor=self.reserve(anchor), history="1")
            p._p.append(target)
        for k, piece in enumerate(text.split("\t")):
            if k:
                target.append(_tab_run())
            target.append(_text_run(piece))
        if anchor:
            target.append(_tab_run())
            page = pages.page_of(anchor) if pages else None
            self.field(target, f"PAGEREF {self.reserve(anchor)} \\h", str(page or ""))
        return p

    def field_start(self, p, instruction: str, before=None) -> None:
        """The begin, code and separator of a field whose result follows in later runs,
        placed first in the paragraph (after its properties `before`)."""
        runs = [_field_char("begin"), _instr_run(instruction), _field_char("separate")]
        for run in reversed(runs):
            if before is not None:
                before.addnext(run)
            else:
                p._p.insert(0, run)

    def field(self, parent, instruction: str, cached: str) -> None:
        """A whole complex field inside `parent` (a paragraph or hyperlink element)."""
        parent.append(_field_char("begin"))
        parent.append(_instr_run(instruction))
        parent.append(_field_char("separate"))
        if cached:
            parent.append(_text_run(cached))
        parent.append(_field_char("end"))

    # --- documents ---------------------------------------------------------------------
    def body(self, container, draft: Draft, *, prefix: str = "", nested: bool = False) -> None:
        """Opening words, recitals and articles of `draft`; a main document's text starts on
        the page after its contents."""
        refs = draft.anchors(prefix)
        if nested:
            self.paragraph(container, "Subtitle", _text(draft.title))
        for i, p in enumerate(draft.opening):
            para = self.paragraph(container, "Body Text", p.inlines, refs=refs)
            if i == 0 and not nested:
                para.paragraph_format.page_break_before = True
        for p in draft.preamble:
            self.paragraph(container, "Recital", p.inlines, refs=refs)
        for p in draft.agreed:
            self.paragraph(container, "Body Text", p.inlines, refs=refs)
        abstract = self.abstract_for(draft.article_label, draft)
        self.static_first = first_apart(draft)
        list_id = self.new_list(abstract)
        if self.static_first:  # "Article premier" is written out; the list counts from 2
            num = next(n for n in self.numbering.findall(_qn("w:num"))
                       if n.get(_qn("w:numId")) == str(list_id))
            override = _w("w:lvlOverride", ilvl="0")
            override.append(_w("w:startOverride", val="2"))
            num.append(override)
        self.article_abstract = abstract
        heading = "Heading 2" if nested else "Heading 1"
        for part in draft.parts:
            if part.title:
                self.paragraph(container, "Part Heading", _text(part.number or ""))
                self.paragraph(container, "Part Title", _text(part.title))
            for art in part.articles:
                self.article(container, art, list_id, heading, prefix, refs)

    def article(self, container, art: Article, list_id: int, heading: str, prefix: str,
                refs: dict[str, str]) -> None:
        if art.number == 1 and getattr(self, "static_first", False):
            p = self.paragraph(container, heading, _text(art.label), anchor=prefix + art.anchor)
            ppr = p._p.get_or_add_pPr()
            ppr.append(_w("w:ind", left="1587", hanging="1587"))  # as the list's level 0
            p.add_run().add_tab()
            p.add_run(art.title)
            # its paragraphs in a list of their own, so the articles' list has counted
            # nothing before "Article 2" (LibreOffice counts a level above a first item)
            self.numbered(container, art.paragraphs, self.new_list(self.article_abstract), refs)
        else:
            self.paragraph(container, heading, _text(art.title), num=(list_id, 0),
                           anchor=prefix + art.anchor)
            self.numbered(container, art.paragraphs, list_id, refs)
        if self.after_article:
            self.after_article(self, container, art)

    def numbered(self, container, paras: list[Paragraph], list_id: int,
                 refs: dict[str, str]) -> None:
        for p in paras:
            if p.level:
                self.paragraph(container, "Article Item", p.inlines, num=(list_id, 2), refs=refs)
            elif p.number:
                self.paragraph(container, "Article Paragraph", p.inlines, num=(list_id, 1),
                               refs=refs)
            else:
                self.paragraph(container, "Article Paragraph", p.inlines, refs=refs)

    def closing(self, container, draft: Draft, prefix: str = "") -> None:
        """The closing formula, kept on the page of the signature blocks that follow it."""
        refs = draft.anchors(prefix)
        for p in draft.closing:
            para = self.paragraph(container, "Body Text", p.inlines, refs=refs)
            para.paragraph_format.keep_with_next = True

    def signature_table(self, container, signatures: list[Signature]) -> None:
        """Signature blocks side by side: the headings in one row, the lines, names and
        titles in the next, so the lines stand level however the headings wrap."""
        if not signatures:
            return
        table = self.signature_rows(container, len(signatures))
        for column, sig in zip(zip(*(row.cells for row in table.rows)), signatures):
            self.signature_block(*column, sig)

    def signature_rows(self, container, cols: int):
        """A heading row and a signing row of `cols` equal columns across the text width,
        as the template's own signature table and the PDF's (python-docx's default of 3
        inches a column made headings wrap a line sooner than in the PDF); neither row
        splits across pages, and the headings keep with the lines."""
        section = self.doc.sections[0]
        width = (section.page_width - section.left_margin - section.right_margin) // cols
        table = container.add_table(rows=2, cols=cols)
        for row in table.rows:
            row._tr.get_or_add_trPr().append(_w("w:cantSplit"))
        for column in table.columns:
            column.width = width
            for cell in column.cells:
                cell.width = width
        return table

    def signature_block(self, heading_cell, signing_cell, sig: Signature) -> None:
        """A block: its heading above, then a line, the name and the title for each
        signatory."""
        heading = heading_cell.paragraphs[0]
        heading.style = self.doc.styles["Signature Heading"]
        heading.paragraph_format.keep_with_next = True
        if not sig.heading:  # the empty half of a grid's last row
            return
        heading.add_run(plain(sig.heading))
        empty = signing_cell.paragraphs[0]  # the one a new cell has, replaced by the lines
        signers = sig.signers()
        for i, (name, title) in enumerate(signers):
            if i:  # room to sign between two signatories of one Party
                signing_cell.add_paragraph("", style="Signature").paragraph_format \
                    .keep_with_next = True
            lines = (SIGNATURE_LINE, plain(name), plain(title))
            for j, text in enumerate(lines):
                para = signing_cell.add_paragraph(text, style="Signature")
                para.paragraph_format.keep_with_next = not (j == 2 and i == len(signers) - 1)
        empty._p.getparent().remove(empty._p)

    def signature_grid(self, container, signatures: list[Signature]) -> None:
        """The blocks of a multilateral instrument, two to a row in the order of the Parties;
        no block splits across pages. (Two Parties sign in the template's own table.)"""
        for start in range(0, len(signatures), 2):
            row = signatures[start:start + 2]
            row += [Signature([], [], [])] * (2 - len(row))
            self.signature_table(container, row)
            if start + 2 < len(signatures):  # a line between rows
                self.add_paragraph(container, "Signature")

    def annexes(self, container, draft: Draft, prefix: str = "") -> None:
        if not draft.annexes:
            return
        refs = draft.anchors(prefix)
        annex_list = self.new_list(self.annex_list_for(draft))
        for annex in draft.annexes:
            self.annex(container, annex, annex_list, prefix, refs)

    def annex(self, container, annex: Annex, annex_list: int, prefix: str,
              refs: dict[str, str]) -> None:
        self.paragraph(container, "Annex Heading", _text(annex.title), num=(annex_list, 0),
                       anchor=prefix + annex.anchor, lead_break=True)
        self.numbered(container, annex.paragraphs, annex_list, refs)
        if annex.slot and self.after_article:
            self.after_article(self, container, annex)
        if annex.document is not None:
            sub = annex.document
            sub_prefix = f"{prefix}{annex.anchor}--"
            self.body(container, sub, prefix=sub_prefix, nested=True)
            self.closing(container, sub, sub_prefix)
            self.signature_table(container, sub.signatures)
            self.annexes(container, sub, sub_prefix)


_AFTER_NUMPR = ("w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
                "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
                "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing",
                "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


TocEntry = tuple[str, str, "str | None"]  # style, text with tabs, anchor (None: no page)


def toc_entries(draft: Draft) -> list[TocEntry]:
    """The lines of a draft's contents, in order."""
    entries: list[TocEntry] = []
    for part in draft.parts:
        if part.title:
            entries.append(("TOC 1", part.title, None))
        entries += [("TOC 2", f"{art.label}\t{art.title}", art.anchor) for art in part.articles]
    entries += [("TOC 2", f"{annex.number}\t{annex.title}", annex.anchor)
                for annex in draft.annexes]
    return entries


TOC_FIELD = 'TOC \\h \\z \\n "1-1" \\t "Part Title,1,Heading 1,2,Annex Heading,2"'


def _field_char(kind: str):
    run = _w("w:r")
    run.append(_w("w:fldChar", fldCharType=kind))
    return run


# Word's number formats for the numbering patterns of the vocabulary
_WORD_FORMATS = {"{n}": "decimal", "{roman}": "upperRoman",
                 "{n:spellout-numbering}": "chineseCounting"}


ENGLISH_ITEMS = ("(%3)", "lowerLetter")


def first_apart(draft: Draft) -> bool:
    """Whether the language numbers its first article apart ("Article premier"), which a
    Word list cannot: that heading is then written out."""
    first, other = draft.word("article_heading_first"), draft.word("article_heading")
    return bool(first) and first != other


def word_items(draft: Draft | None) -> tuple[str, str]:
    """(lvlText, numFmt) of the item level: "(%3)" lowerLetter, or the language's."""
    if draft is None:
        return ENGLISH_ITEMS
    pattern = draft.word("item_label", "({letter})")
    for field in ("{letter}", "{n:spellout-numbering}", "{n}"):
        pattern = pattern.replace(field, "%3")
    return pattern, draft.word("word_item_format", "lowerLetter")


def word_numbering(draft: Draft, key: str, label: str) -> tuple[str, str] | None:
    """(lvlText, numFmt) of a Word list numbering as the draft's vocabulary pattern `key`
    does, or None when Word cannot ("Article premier", Arabic ordinal words): the list then
    counts in figures."""
    pattern = draft.word(key)
    if not pattern:
        return None
    pattern = pattern.replace("{label}", label).replace("{lower}", label.lower())
    found = [f for f in _WORD_FORMATS if f in pattern]
    if len(found) != 1 or "{" in pattern.replace(found[0], ""):
        return None
    fmt = _WORD_FORMATS[found[0]]
    if fmt == "chineseCounting" and not draft.language.startswith("zh"):
        return None
    return pattern.replace(found[0], "%1"), fmt


def _instr_run(instruction: str):
    run = _w("w:r")
    instr = _w("w:instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    return run


def _text_run(text: str):
    run = _w("w:r")
    t = _w("w:t")
    t.set(XML_SPACE, "preserve")
    t.text = text
    run.append(t)
    return run


def _tab_run():
    run = _w("w:r")
    run.append(_w("w:tab"))
    return run


def _text(s: str) -> list[Inline]:
    from ..model.draft import Text
    return [Text(s)]


def render_docx(draft: Draft, template: str | Path | None = None,
                after_article: ArticleHook | None = None, finish: Callable | None = None,
                pages: Pagination | None = None) -> bytes:
    """The Draft as a Word document in the house style; `pages` (anchor -> page, from the
    PDF of the same run) fills in the page numbers of the contents."""

    def fill(writer: DocxWriter, body, closing, annexes) -> None:
        writer.body(body, draft)
        writer.closing(closing, draft)
        writer.annexes(annexes, draft)

    return build_docx(draft, fill, template=template, finish=finish,
                      writer=lambda doc: DocxWriter(doc, after_article), pages=pages)


def build_docx(draft: Draft, fill: Callable, *, template: str | Path | None = None,
               finish: Callable | None = None, writer: Callable = DocxWriter,
               pages: Pagination | None = None) -> bytes:
    """Fill the house-style template: `fill(writer, body, closing, annexes)` writes the
    three subdocuments; title, contents, header and signature table come from `draft`."""
    from jinja2.sandbox import SandboxedEnvironment

    path = str(template or template_path("house-style.docx"))
    tpl, subdocs = _OPENED.pop(path, None) or _open(path)
    w = writer(tpl.get_docx())
    w.toc(subdocs[3].subdocx, draft, pages)
    fill(w, *(s.subdocx for s in subdocs[:3]))
    # one block (an exchange of notes), more than two (several States, a third party signing)
    # or several signatories of one Party: the blocks are written after the closing, not in
    # the template's own two-block table
    several = len(draft.signatures) not in (0, 2) or any(s.more for s in draft.signatures)
    if several:
        w.signature_grid(subdocs[1].subdocx, draft.signatures)
    sigs = [{"heading": plain(s.heading), "name": plain(s.name), "title": plain(s.title)}
            for s in ([] if several else draft.signatures)]
    sigs += [{"heading": SIGNATURES_MOVED if several else "", "name": "", "title": ""}] * (
        2 - len(sigs))
    context = {
        "title": draft.title, "status": draft.status,
        "version_line": version_line(draft),
        "running_header": running_header(draft),
        "body": subdocs[0], "closing": subdocs[1], "annexes": subdocs[2], "signatures": sigs,
        "toc": subdocs[3], "contents_heading": draft.word("contents", "Contents"),
    }
    tpl.render(context, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    doc = tpl.docx  # not get_docx(): after render() it would reload the template
    if several:
        _drop_template_signatures(doc)
    _properties(doc, draft)
    apply_language(doc, draft)
    if finish:
        finish(doc)
    buf = BytesIO()
    tpl.save(buf)
    parts = properties_parts(package_properties(draft, pages))
    parts.update(header_footer_parts(buf.getvalue(), draft))
    return deterministic_zip(buf.getvalue(), parts)


SIGNATURES_MOVED = "agreement-kit: signature blocks written after the closing formula"


# template path -> (DocxTemplate, its four empty subdocuments), opened ahead of a build
_OPENED: dict[str, tuple] = {}


def _open(path: str) -> tuple:
    from docxtpl import DocxTemplate

    tpl = DocxTemplate(path)
    tpl.init_docx()
    return tpl, empty_subdocs(tpl, 4)


def open_ahead(template: str | Path | None = None) -> None:
    """Import python-docx and docxtpl and open the house template (and its subdocuments)
    now, for the next build: an early worker does it while the command reads its
    parameters. Each build takes the template opened for it or opens it afresh."""
    import importlib

    for module in ("jinja2.sandbox", "docxcompose.properties"):  # what the build imports
        importlib.import_module(module)
    path = str(template or template_path("house-style.docx"))
    _OPENED[path] = _open(path)


def empty_subdocs(tpl, n: int) -> list:
    """`n` empty docxtpl subdocuments of `tpl`: the first as docxtpl makes it (python-docx's
    default document, opened and parsed), the others copies of its empty body, which is
    what each would have been (opening the default document is most of a subdocument's
    cost)."""
    from docx.document import Document
    from docxtpl.subdoc import Subdoc

    first = tpl.new_subdoc()
    subdocs = [first]
    for _ in range(n - 1):
        sub = Subdoc.__new__(Subdoc)
        sub.tpl, sub.docx = tpl, first.docx
        sub.subdocx = Document(copy.deepcopy(first.subdocx.element), first.docx.part)
        subdocs.append(sub)
    return subdocs


def _drop_template_signatures(doc) -> None:
    """Remove the template's two-block signature table (marked SIGNATURES_MOVED) once the
    blocks of every Party have been written after the closing formula."""
    for table in doc.element.body.iter(_qn("w:tbl")):
        if SIGNATURES_MOVED in "".join(t.text or "" for t in table.iter(_qn("w:t"))):
            table.getparent().remove(table)
            return


def version_line(draft: Draft) -> str:
    """The status block's second line: 'Version 0.2 · 4 December 2026'."""
    return version_words(draft)


def _properties(doc, draft: Draft) -> None:
    """The parameters hash and library as custom properties (core.xml and app.xml are
    written by :func:`package_properties`)."""
    from docxcompose.properties import CustomProperties

    prov = draft.provenance
    if prov:
        custom = CustomProperties(doc)
        for key, value in (("agreement-kit parameters hash", prov.parameters_hash),
                           ("agreement-kit library", f"{prov.library_version} {prov.library_digest}"),
                           ("agreement-kit document", prov.blueprint),
                           *([("agreement-kit translation", draft.translation)]
                             if draft.translation else [])):
            if key in custom.keys():
                custom.update(key, value)
            else:
                custom.add(key, value)


def package_properties(draft: Draft, pages: Pagination | None) -> PackageProperties:
    """Title, subject, keywords and dates from the draft; words counted in its text."""
    texts = [draft.title] + [p.text for p in draft.all_paragraphs()] + [
        a.title for a in draft.articles()]
    return PackageProperties(
        title=draft.title, subject=draft.subject,
        keywords=", ".join(draft.keywords + [draft.document, draft.status]),
        description=f"{draft.status}, version {draft.version}", date=draft.date,
        language=draft.language, words=sum(len(t.split()) for t in texts),
        pages=pages.count if pages else None)
