"""The parallel edition in HTML (and so PDF) and Word: the authentic texts in columns.

Each row of :class:`~agreement_kit.model.parallel.Parallel` is one table row; each column is
one language, set in its own direction and face (Arabic right to left in Noto Naskh Arabic,
Chinese in Noto Serif CJK SC), so article 7 in English stands beside المادة 7 and 第七条.
"""

from __future__ import annotations

from html import escape

from ..model.draft import Paragraph, Signature, plain
from ..model.parallel import Parallel, Row
from .html import SCRIPT_FACES, SIGNATURE_LINE, HtmlWriter, isolate_latin, running_header

PARALLEL_CSS = """
@page { size: A4; margin: 20mm 15mm 22mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 8.5pt "Liberation Sans", sans-serif; } }
html { font-family: "Liberation Serif", serif; font-size: 9.5pt; line-height: 12pt; color: #111; }
body { margin: 0; }
.running-header { font: 8.5pt "Liberation Sans", sans-serif; text-align: center; margin-bottom: 6mm; }
table.parallel { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.parallel td { vertical-align: top; padding: 2pt 4mm 2pt 0; overflow-wrap: break-word; }
div.cell[dir="rtl"] { text-align: right; }
table.parallel td p { margin: 0 0 4pt; text-align: justify; hyphens: auto; }
div.cell[dir="rtl"] p { text-align: right; }
table.parallel td:lang(zh) p { text-align: left; hyphens: manual; line-break: strict; }
tr.title td { font-weight: bold; font-size: 11.5pt; line-height: 14pt; text-align: center; padding-bottom: 10pt; }
tr.part td, tr.annex td { font-weight: bold; text-align: center; padding-top: 10pt; white-space: pre-line; }
tr.heading td { font-weight: bold; padding-top: 6pt; white-space: pre-line; break-after: avoid; }
tr { break-inside: auto; }
tr.heading, tr.title, tr.part, tr.annex { break-inside: avoid; }
.num { padding-inline-end: 2mm; }
p.sig-heading { font-weight: bold; margin-bottom: 24pt; }
.blank { background: #e8e8e8; }
"""


def _font_css(languages: list[str]) -> str:
    return "".join(f'table.parallel td:lang({lang}) {{ font-family: {face}; }}\n'
                   for lang, face in SCRIPT_FACES.items() if lang in languages)


def render_parallel_html(edition: Parallel) -> str:
    """The parallel edition as one self-contained HTML page."""
    writers = [HtmlWriter(d) for d in edition.drafts]
    for w in writers:
        w.anchors = {}  # references print as text: each column has its own numbering
    width = f"{100 / len(edition.drafts):.3f}%"
    cols = "".join(f'<col style="width:{width}">' for _ in edition.drafts)
    rows = []
    for row in edition.rows:
        cells = "".join(_cell(row, i, w) for i, w in enumerate(writers))
        anchor = f' id="{escape(row.anchor)}"' if row.anchor and row.kind in ("heading", "annex") \
            else ""
        rows.append(f'<tr class="{row.kind}"{anchor}>{cells}</tr>')
    first = edition.drafts[0]
    header = " | ".join(running_header(d) for d in edition.drafts)
    title = " / ".join(d.title for d in edition.drafts)
    return ('<!DOCTYPE html>\n<html lang="' + escape(first.language) + '">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f'<meta name="dcterms.created" content="{first.date}">\n'
            f"<style>{PARALLEL_CSS}{_font_css(edition.languages)}</style>\n</head>\n<body>\n"
            f'<div class="running-header">{escape(header)}</div>\n'
            f'<table class="parallel"><colgroup>{cols}</colgroup>\n'
            + "\n".join(rows) + "\n</table>\n</body>\n</html>\n")


def _cell(row: Row, i: int, writer: HtmlWriter) -> str:
    """One language's cell: its content in a block of its own direction (the table itself
    stays left to right, so the columns keep their order and widths)."""
    draft = writer.draft
    lang = escape(draft.language)
    value = row.cells[i]
    if value is None:
        inner = ""
    elif isinstance(value, str):
        inner = isolate_latin(value) if draft.direction == "rtl" else escape(value)
    elif value and isinstance(value[0], Signature):
        inner = "".join(
            f'<p class="sig-heading">{writer.runs(s.heading)}</p>' + "".join(
                f"<p>{SIGNATURE_LINE}</p><p>{writer.runs(name)}</p><p>{writer.runs(title)}</p>"
                for name, title in s.signers()) for s in value)
    else:
        inner = "".join(_paragraph(writer, p) for p in value)
    return (f'<td lang="{lang}"><div class="cell" lang="{lang}" dir="{draft.direction}">'
            f"{inner}</div></td>")


def _paragraph(writer: HtmlWriter, p: Paragraph) -> str:
    num = f'<span class="num">{escape(p.number)}</span>' if p.number else ""
    indent = ' style="padding-inline-start:6mm"' if p.level else ""
    return f"<p{indent}>{num}{writer.runs(p.inlines)}</p>"


# --- Word ---------------------------------------------------------------------------------

def render_parallel_docx(edition: Parallel) -> bytes:
    """The parallel edition as a Word table, one column per language, in the house style."""
    from docx.shared import Mm, Pt

    from .docx_language import FACES, LANG_TAGS, _split_rtl, q
    from .house import house_document, save_document

    header = " | ".join(running_header(d) for d in edition.drafts)
    doc = house_document(header)
    section = doc.sections[0]
    section.left_margin = section.right_margin = Mm(15)
    n = len(edition.drafts)
    table = doc.add_table(rows=0, cols=n)
    table.autofit = False
    width = Mm((210 - 30) / n)
    for row in edition.rows:
        cells = table.add_row().cells
        for i, draft in enumerate(edition.drafts):
            cell = cells[i]
            cell.width = width
            value = row.cells[i]
            texts = _texts(value)
            first = True
            for text, bold in texts:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                first = False
                run = p.add_run(text)
                run.bold = bold or row.kind in ("title", "part", "heading", "annex") or None
                run.font.size = Pt(9.5)
                p.paragraph_format.space_after = Pt(4)  # as the PDF's cells: 9.5/12 pt
                p.paragraph_format.line_spacing = Pt(12)
                rpr = run._r.get_or_add_rPr()
                rpr.append(rpr.makeelement(q("szCs"), {q("val"): "19"}))
                if run.bold:
                    rpr.append(rpr.makeelement(q("bCs"), {}))
                lang = draft.language.split("-")[0]
                fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
                if lang in FACES:
                    attr, face = FACES[lang]
                    fonts.set(q(attr), face)
                    if attr == "eastAsia":
                        fonts.set(q("ascii"), face)
                        fonts.set(q("hAnsi"), face)
                lang_el = run._r.get_or_add_rPr().makeelement(q("lang"), {q("val"): draft.language})
                if lang in LANG_TAGS:
                    lang_el.set(q(LANG_TAGS[lang][0]), LANG_TAGS[lang][1])
                run._r.get_or_add_rPr().append(lang_el)
                if row.kind in ("title", "part", "annex"):
                    p.alignment = 1
                if draft.direction == "rtl":
                    ppr = p._p.get_or_add_pPr()
                    ppr.insert(0, ppr.makeelement(q("bidi"), {}))
                    if row.kind not in ("title", "part", "annex"):
                        jc = ppr.makeelement(q("jc"), {q("val"): "right"})
                        ppr.append(jc)
                    _split_rtl(run._r)
            if not texts:
                cell.paragraphs[0].text = ""
    first = edition.drafts[0]
    return save_document(doc, title=" / ".join(d.title for d in edition.drafts),
                         subject=first.subject, date=first.date, language=first.language,
                         keywords=[first.document, "parallel edition", *edition.languages])


def _texts(value) -> list[tuple[str, bool]]:
    """(text, bold) paragraphs of one cell."""
    if value is None:
        return []
    if isinstance(value, str):
        return [(line, False) for line in value.split("\n")]
    out: list[tuple[str, bool]] = []
    for item in value:
        if isinstance(item, Signature):
            out.append((plain(item.heading), True))
            for name, title in item.signers():
                out += [("", False), (SIGNATURE_LINE, False), (plain(name), False),
                        (plain(title), False)]
        else:
            number = f"{item.number} " if item.number else ""
            out.append((number + plain(item.inlines), False))
    return out
