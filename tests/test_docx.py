"""The Word draft, read back with python-docx as a Word user would see it."""

import hashlib
import io
import zipfile
from io import BytesIO

from docx.oxml.ns import qn
from pypdf import PdfReader

from agreement_kit.render.docx import render_docx

from docx_reading import bookmarks, list_numbers, open_docx, ref_fields


def test_headings_are_word_headings_numbered_by_word(care_draft):
    doc = open_docx(render_docx(care_draft))
    rows = list_numbers(doc)
    headings = [(num, text) for style, num, text in rows if style == "Heading 1"]
    expected = [(a.label, a.title) for a in care_draft.articles()]
    assert headings == expected


def test_paragraph_and_item_numbers_match_the_draft(care_draft):
    doc = open_docx(render_docx(care_draft))
    numbered = [(num, text) for style, num, text in list_numbers(doc)
                if style in {"Article Paragraph", "Article Item"}]
    expected = [(p.number or "", p.text) for a in care_draft.articles() for p in a.paragraphs]
    expected += [(p.number or "", p.text) for an in care_draft.annexes for p in an.paragraphs]
    assert [n for n, _ in numbered] == [n.rstrip() for n, _ in expected]
    # texts match except that blanks and references print the same way
    assert [t for _, t in numbered] == [t for _, t in expected]


def test_cross_references_are_ref_fields_to_heading_bookmarks(care_draft):
    doc = open_docx(render_docx(care_draft))
    marks = bookmarks(doc)
    fields = ref_fields(doc)
    assert fields, "the draft has cross-references"
    for name, cached in fields:
        assert name in marks, f"REF {name} points at no bookmark"
    assert ("Article 5" in {c for _, c in fields})
    jc_mark = [n for n, text in marks.items() if text == "Joint Committee"]
    assert jc_mark and any(name == jc_mark[0] and cached == "Article 5" for name, cached in fields)


def test_title_header_footer_and_signatures(care_draft):
    doc = open_docx(render_docx(care_draft))
    texts = [p.text for p in doc.paragraphs]
    assert care_draft.title in texts
    assert "DRAFT FOR NEGOTIATION".lower() in (t.lower() for t in texts)
    header = doc.sections[0].header.paragraphs[0].text
    assert header == "Draft for negotiation · Version 0.1 · 27 November 2026"
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert any("For the Government of Republic of the Philippines" in c for c in cells)
    assert any("Secretary of Migrant Workers" in c for c in cells)
    assert any("[name: ____________]" in c for c in cells)  # no signatory given: a blank


def test_core_and_custom_properties(care_draft):
    data = render_docx(care_draft)
    doc = open_docx(data)
    props = doc.core_properties
    assert props.title == care_draft.title
    assert props.subject == "Bilateral labour migration agreement"
    # python-docx reads cp:keywords in the wrong namespace once docxcompose is imported (it
    # rebinds the 'cp' prefix globally), so the keywords are read from the XML itself
    core = zipfile.ZipFile(BytesIO(data)).read("docProps/core.xml").decode()
    assert "<cp:keywords>labour migration, bilateral-labour-agreement" in core
    assert props.created.date().isoformat() == "2026-11-27"
    assert props.modified.date().isoformat() == "2026-11-27"
    custom = zipfile.ZipFile(BytesIO(data)).read("docProps/custom.xml").decode()
    assert care_draft.provenance.parameters_hash in custom


def test_byte_identical_and_fixed_zip_dates(care_draft):
    a, b = render_docx(care_draft), render_docx(care_draft)
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()
    for info in zipfile.ZipFile(BytesIO(a)).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def test_template_looking_values_stay_literal_in_docx(care_draft):
    care_draft.title = "Agreement with the Republic of {{ 7*7 }} & <Friends>"
    doc = open_docx(render_docx(care_draft))
    assert "Agreement with the Republic of {{ 7*7 }} & <Friends>" in [p.text for p in doc.paragraphs]


def test_blank_style_marks_spaces_to_fill(care_draft):
    doc = open_docx(render_docx(care_draft))
    blank_runs = [r for p in doc.paragraphs for r in p.runs
                  if r.style is not None and r.style.name == "Blank"]
    assert any("date" in r.text for r in blank_runs)
    settings_ok = doc.element.body.find(qn("w:sectPr")) is not None
    assert settings_ok


def test_contents_is_a_toc_field_linked_to_the_headings(care_draft):
    from agreement_kit.render import render_all

    files = render_all(care_draft, ["docx", "pdf"])
    doc = open_docx(files["docx"])
    body = doc.element.body
    instr = " ".join(t.text for t in body.iter(qn("w:instrText")))
    assert 'TOC \\h \\z \\n "1-1" \\t "Part Title,1,Heading 1,2,Annex Heading,2"' in instr
    toc = [p for p in doc.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    arts = list(care_draft.articles())
    assert len([p for p in toc if p.style.name == "TOC 2"]) == len(arts) + len(care_draft.annexes)
    bookmarks = {b.get(qn("w:name")): b for b in body.iter(qn("w:bookmarkStart"))}
    headings = {p.text: p for p in doc.paragraphs if p.style.name == "Heading 1"}
    pages = PdfReader(io.BytesIO(files["pdf"])).pages
    for p, art in zip([p for p in toc if p.style.name == "TOC 2"], arts):
        link = p._p.find(qn("w:hyperlink"))
        target = link.get(qn("w:anchor"))
        assert target in bookmarks
        # the bookmark sits on the article's heading, and the cached page is the PDF's page
        heading = bookmarks[target].getparent()
        assert heading is headings[art.title]._p
        texts = "".join(t.text or "" for t in link.iter(qn("w:t")))
        assert texts.startswith(art.label + art.title)
        page = int(texts[len(art.label + art.title):])
        assert art.title in pages[page - 1].extract_text().replace("\n", " ")
        assert f"PAGEREF {target} \\h" in "".join(t.text for t in link.iter(qn("w:instrText")))


def test_contents_without_a_pdf_has_no_invented_page_numbers(care_draft):
    doc = open_docx(render_docx(care_draft))
    for p in doc.paragraphs:
        if p.style.name == "TOC 2":
            link = p._p.find(qn("w:hyperlink"))
            text = "".join(t.text or "" for t in link.iter(qn("w:t")))
            assert not text[-1].isdigit()


def test_title_page_contents_page_and_text_each_start_a_page(care_draft):
    doc = open_docx(render_docx(care_draft))
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert not section.first_page_footer.paragraphs[0].text.strip()
    assert "PAGE" in "".join(t.text for t in section.footer._element.iter(qn("w:instrText")))
    styles = [p.style for p in doc.paragraphs]
    heading = next(s for s in styles if s.name == "TOC Heading")
    assert heading.paragraph_format.page_break_before
    opening = next(p for p in doc.paragraphs if p.style.name == "Body Text")
    assert opening.paragraph_format.page_break_before
    assert opening.text.startswith("The Government")


def test_closing_formula_and_signatures_stay_together(care_draft):
    doc = open_docx(render_docx(care_draft))
    closing = [p for p in doc.paragraphs if p.text.startswith("Done at")]
    assert closing and all(p.paragraph_format.keep_with_next for p in closing)
    table = doc.tables[-1]
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    headings, signing = table.rows  # the headings keep with the lines below them
    for heading, cell in zip(headings.cells, signing.cells):
        *upper, last = heading.paragraphs + cell.paragraphs
        assert all(p.paragraph_format.keep_with_next or p.style.paragraph_format.keep_with_next
                   for p in upper)


def test_contents_page_of_an_annex_that_runs_over_many_pages_is_its_first():
    """An annexed model contract spans several pages: the DOCX contents cite the page it
    starts on, as the PDF's own contents do."""
    import re

    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render import render_all
    from conftest import EXAMPLES

    draft = build_drafts(EXAMPLES / "bla-philippines-germany-care.yaml")[0]
    files = render_all(draft, ["docx", "pdf"])
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(files["pdf"])).pages]
    doc = open_docx(files["docx"])
    annexed = next(a for a in draft.annexes if a.document is not None)
    entry = next(p for p in doc.paragraphs if p.style.name == "TOC 2"
                 and p._p.find(qn("w:hyperlink")) is not None
                 and annexed.title in "".join(t.text or "" for t in p._p.iter(qn("w:t"))))
    cached = int(re.findall(r"\d+", "".join(t.text or "" for t in entry._p.iter(qn("w:t"))))[-1])
    assert annexed.title in pages[cached - 1]  # the page the annex starts on
    assert annexed.title not in pages[cached - 2] or cached - 2 < 3  # not before it (bar contents)
    pdf_toc = re.search(re.escape(f"{annexed.number} {annexed.title}") + r"[ .]*(\d+)", pages[1]
                        + " " + pages[2])
    assert pdf_toc and int(pdf_toc.group(1)) == cached
