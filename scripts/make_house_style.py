"""Build agreement_kit/templates/house-style.docx, the Word house style of every draft.

Run it after changing the house style in code: ``python scripts/make_house_style.py``.
With options it writes a variant for a ministry instead (the worked example of
docs/house-style.md): ``--font``, ``--heading-colour``, ``--header-prefix`` and ``-o``.
A ministry restyles the result in Word instead (styles, header, footer, signature table) and
points agreement-kit at its copy; the placeholders in curly braces must stay.

What the template holds:
- styles: Title, Heading 1 (article headings, so Word's navigation pane and a table of
  contents work), Heading 2 (clauses of an annexed contract), Part Heading, Annex Heading,
  Part Title, Body Text, Article Paragraph, Article Item, Recital, Signature text, Blank (a character style
  for spaces to fill in by hand);
- multilevel list definitions named "agreement-kit articles", "agreement-kit clauses" and
  "agreement-kit annexes" ("Article %1", "%2.", "(%3)"), each level with its indents;
- a running header ({{ running_header }}) and a footer "Page X of Y" made of PAGE and NUMPAGES
  fields, both left off the title page; the title page (status block and title); the
  contents page ({{ contents_heading }} and {{p toc }}, a TOC field); the body ({{p body }}),
  closing ({{p closing }}), a two-column signature table kept on one page with the closing
  formula, and the annexes ({{p annexes }});
- the same faces, sizes and line pitch (at least 14 pt) as templates/draft.css, so the DOCX
  and the PDF break lines and pages alike; automatic hyphenation on.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from agreement_kit.render.docx_package import deterministic_zip  # noqa: E402

OUT = ROOT / "agreement_kit" / "templates" / "house-style.docx"
BODY_FONT = "Times New Roman"
SANS_FONT = "Arial"

LISTS = {
    # name: (abstractNumId, nsid, [(lvlText, numFmt, left_mm, hanging_mm, suffix)])
    "agreement-kit articles": (90, "4147A701", [("Article %1", "decimal", 28, 28, "tab"),
                                                ("%2.", "decimal", 10, 10, "tab"),
                                                ("(%3)", "lowerLetter", 20, 10, "tab")]),
    "agreement-kit clauses": (91, "4147A702", [("Clause %1", "decimal", 25, 25, "tab"),
                                               ("%2.", "decimal", 10, 10, "tab"),
                                               ("(%3)", "lowerLetter", 20, 10, "tab")]),
    "agreement-kit sections": (92, "4147A703", [("Section %1", "decimal", 28, 28, "tab"),
                                                ("%2.", "decimal", 10, 10, "tab"),
                                                ("(%3)", "lowerLetter", 20, 10, "tab")]),
    "agreement-kit annexes": (93, "4147A704", [("Annex %1", "upperRoman", 0, 0, "nothing"),
                                               ("%2.", "decimal", 10, 10, "tab"),
                                               ("(%3)", "lowerLetter", 20, 10, "tab")]),
}


def twips(mm: float) -> str:
    return str(int(round(mm * 56.6929)))


def paragraph_style(doc, name, base="Normal", size=11, bold=False, align=None, before=0,
                    after=6, keep_next=False, font=None, left=None, first=None,
                    outline=None, page_break=False, caps=False, colour=None):
    font = font or BODY_FONT
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    if base and style.name != base:
        style.base_style = styles[base]
    style.font.name = font
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.all_caps = caps
    style.font.color.rgb = RGBColor.from_string(colour or "111111")
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)  # theme fonts would override the named font
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.keep_with_next = keep_next
    pf.page_break_before = page_break
    if align is not None:
        pf.alignment = align
    if left is not None:
        pf.left_indent = Mm(left)
    if first is not None:
        pf.first_line_indent = Mm(first)
    if outline is not None:
        ppr = style.element.get_or_add_pPr()
        for old in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(old)  # python-docx's default Heading styles carry one already
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline))
        ppr.append(lvl)
    return style


def line_pitch(style, points):
    """Lines at least `points` apart: the CSS gives the same line-height."""
    spacing = style.element.get_or_add_pPr().get_or_add_spacing()
    spacing.set(qn("w:line"), str(int(points * 20)))
    spacing.set(qn("w:lineRule"), "atLeast")


def no_hyphenation(style):
    ppr = style.element.get_or_add_pPr()
    ppr.insert_element_before(OxmlElement("w:suppressAutoHyphens"), *PPR_AFTER_HYPHENS)


PPR_AFTER_HYPHENS = ("w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
                     "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
                     "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                     "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                     "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                     "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def character_style(doc, name, shade="E8E8E8"):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
    rpr = style.element.get_or_add_rPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), shade)
    rpr.append(shd)
    return style


def add_lists(doc):
    numbering = doc.part.numbering_part.element
    for name, (abstract_id, nsid, levels) in LISTS.items():
        lvls = []
        for ilvl, (text, fmt, left, hanging, suffix) in enumerate(levels):
            bold = '<w:rPr><w:b/><w:bCs/></w:rPr>' if ilvl == 0 else ""
            lvls.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{twips(left)}" w:hanging="{twips(hanging)}"/></w:pPr>'
                f"{bold}</w:lvl>")
        xml = (f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
               f'<w:nsid w:val="{nsid}"/><w:multiLevelType w:val="multilevel"/>'
               f'<w:name w:val="{name}"/>' + "".join(lvls) + "</w:abstractNum>")
        first_num = numbering.find(qn("w:num"))
        element = parse_xml(xml)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)


def field_run(paragraph, instruction):
    """A complex field (PAGE, NUMPAGES) with a cached result of 1."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("text", "1"), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
            run._r.append(el)
        elif kind == "text":
            run.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)


def build(heading_colour: str | None = None, header_prefix: str = "") -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(25)
    section.left_margin, section.right_margin = Mm(25), Mm(22)
    section.header_distance = section.footer_distance = Mm(12)

    normal = paragraph_style(doc, "Normal", base=None, size=11, after=6)
    line_pitch(normal, 14)
    title = paragraph_style(doc, "Title", size=16, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                            before=24, after=18, colour=heading_colour)
    line_pitch(title, 20)
    paragraph_style(doc, "Subtitle", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=6, after=12)
    h1 = paragraph_style(doc, "Heading 1", size=11, bold=True, before=12, after=6,
                         keep_next=True, outline=0, colour=heading_colour)
    h1.paragraph_format.tab_stops.add_tab_stop(Mm(28), WD_TAB_ALIGNMENT.LEFT)
    paragraph_style(doc, "Heading 2", size=11, bold=True, before=10, after=6, keep_next=True,
                    outline=1)
    paragraph_style(doc, "Part Heading", size=11.5, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=18, after=0, keep_next=True, caps=True)
    paragraph_style(doc, "Part Title", size=11.5, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=0, after=6, keep_next=True, caps=True, colour=heading_colour)
    paragraph_style(doc, "Annex Heading", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=0, after=12, keep_next=True, outline=0, page_break=True,
                    colour=heading_colour)
    paragraph_style(doc, "TOC Heading", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                    before=0, after=12, caps=True, page_break=True)
    paragraph_style(doc, "TOC 1", size=11, bold=True, before=8, after=3, keep_next=True)
    toc2 = paragraph_style(doc, "TOC 2", size=11, before=0, after=2, left=28, first=-28)
    toc2.paragraph_format.tab_stops.add_tab_stop(Mm(28), WD_TAB_ALIGNMENT.LEFT)
    toc2.paragraph_format.tab_stops.add_tab_stop(Mm(163), WD_TAB_ALIGNMENT.RIGHT,
                                                 WD_TAB_LEADER.DOTS)
    paragraph_style(doc, "Body Text", size=11, after=6, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style(doc, "Article Paragraph", base="Body Text", size=11, after=6,
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style(doc, "Article Item", base="Body Text", size=11, after=3,
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style(doc, "Recital", base="Body Text", size=11, after=6,
                    align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph_style(doc, "Status", size=9, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0,
                    font=SANS_FONT, caps=True)
    paragraph_style(doc, "Status Detail", size=9, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0,
                    font=SANS_FONT)
    paragraph_style(doc, "Signature Heading", size=11, bold=True, after=30, keep_next=True)
    paragraph_style(doc, "Signature", size=11, after=0)
    for name in ("Header", "Footer"):
        paragraph_style(doc, name, size=8.5, align=WD_ALIGN_PARAGRAPH.CENTER, after=0,
                        font=SANS_FONT)
    character_style(doc, "Blank")
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Part Heading", "Part Title",
                 "Annex Heading", "TOC Heading", "TOC 1", "TOC 2", "Status", "Status Detail",
                 "Signature Heading", "Signature", "Header", "Footer"):
        no_hyphenation(doc.styles[name])  # only running text is hyphenated, as in the CSS
    add_lists(doc)

    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.add_run(header_prefix + "{{ running_header }}")
    # the title page carries no header and no page number; it counts as page 1
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].style = doc.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    section.first_page_footer.paragraphs[0].style = doc.styles["Footer"]
    footer.add_run("Page ")
    field_run(footer, "PAGE")
    footer.add_run(" of ")
    field_run(footer, "NUMPAGES")
    settings = doc.settings.element
    hyphenate = OxmlElement("w:autoHyphenation")
    settings.append(hyphenate)

    doc.add_paragraph("{{ status }}", style="Status")
    doc.add_paragraph("{{ version_line }}", style="Status Detail")
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{{ contents_heading }}", style="TOC Heading")  # starts page 2
    doc.add_paragraph("{{p toc }}")
    doc.add_paragraph("{{p body }}")  # its first paragraph starts a new page
    doc.add_paragraph("{{p closing }}")
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cant_split = OxmlElement("w:cantSplit")
    table.rows[0]._tr.get_or_add_trPr().append(cant_split)
    for i, cell in enumerate(table.rows[0].cells):
        cell.width = Mm(80)
        cell.paragraphs[0].text = f"{{{{ signatures[{i}].heading }}}}"
        cell.paragraphs[0].style = doc.styles["Signature Heading"]
        for key in ("line", "name", "title"):
            text = "_" * 30 if key == "line" else f"{{{{ signatures[{i}].{key} }}}}"
            cell.add_paragraph(text, style="Signature").paragraph_format.keep_with_next = (
                key != "title")
    doc.add_paragraph("{{p annexes }}")

    props = doc.core_properties
    props.title, props.author, props.last_modified_by = "agreement-kit house style", "agreement-kit", "agreement-kit"
    props.revision = 1
    from datetime import datetime
    props.created = props.modified = datetime(2026, 1, 1)
    from io import BytesIO
    buf = BytesIO()
    doc.save(buf)
    return deterministic_zip(buf.getvalue())


def main() -> None:
    import argparse

    global BODY_FONT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    parser.add_argument("--font", help=f"the text face (default {BODY_FONT})")
    parser.add_argument("--heading-colour", help="hex RGB of titles and headings, e.g. 1F3864")
    parser.add_argument("--header-prefix", default="", help="text before the running header")
    args = parser.parse_args()
    BODY_FONT = args.font or BODY_FONT
    args.output.write_bytes(build(args.heading_colour, args.header_prefix))
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
