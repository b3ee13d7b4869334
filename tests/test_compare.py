"""Redline: slot-by-slot changes as Word tracked changes; Accept All = NEW, Reject All = OLD."""

import io

import pytest
from docx.oxml.ns import qn
from pypdf import PdfReader

from agreement_kit.negotiate.compare import compare_drafts, summary
from agreement_kit.assemble.pipeline import build_drafts
from agreement_kit.render.docx import render_docx
from agreement_kit.render.redline import render_redline_docx, render_redline_html, render_redline_pdf

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS, write
from docx_reading import apply_revisions, open_docx, visible_text

OLD_TEXT = FIX_PARAMS.read_text()
NEW_TEXT = (OLD_TEXT.replace("employer-pays-cost-table", "employer-pays")
            .replace("public-to-public", "licensed-agencies")
            .replace("meetings_per_year: 2", "meetings_per_year: 4")
            .replace('version: "0.1"', 'version: "0.2"')
            .replace("[health-care, elderly-care]", "[construction]"))


def drafts(tmp_path, old=OLD_TEXT, new=NEW_TEXT):
    o = build_drafts(write(tmp_path / "old.yaml", old), FIX_LIBRARY, FIX_BLUEPRINTS)[0]
    n = build_drafts(write(tmp_path / "new.yaml", new), FIX_LIBRARY, FIX_BLUEPRINTS)[0]
    return o, n


def shown(draft_bytes):
    return visible_text(open_docx(draft_bytes))


@pytest.mark.parametrize("old, new", [
    (OLD_TEXT, NEW_TEXT),                       # options, parameters, a slot removed, renumbering
    (NEW_TEXT, OLD_TEXT),                       # the reverse: a slot added, annex added
    (OLD_TEXT, OLD_TEXT.replace("meetings_per_year: 2", "meetings_per_year: 1")),
])
def test_accept_all_gives_new_and_reject_all_gives_old(tmp_path, old, new):
    o, n = drafts(tmp_path, old, new)
    red = render_redline_docx(compare_drafts(o, n), "Reviewer")
    assert visible_text(apply_revisions(red, accept=True)) == shown(render_docx(n))
    assert visible_text(apply_revisions(red, accept=False)) == shown(render_docx(o))


def test_tracked_change_markup(tmp_path):
    o, n = drafts(tmp_path)
    red = render_redline_docx(compare_drafts(o, n), "German delegation")
    doc = open_docx(red)
    body = doc.element.body
    ins, dels = list(body.iter(qn("w:ins"))), list(body.iter(qn("w:del")))
    assert ins and dels
    for el in ins + dels:
        assert el.get(qn("w:author")) == "German delegation"
        assert el.get(qn("w:date")) == "2026-11-27T00:00:00Z"
    ids = [int(el.get(qn("w:id"))) for el in body.iter() if el.tag in
           (qn("w:ins"), qn("w:del"), qn("w:pPrChange"))]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)  # sequential, unique
    # deleted text uses w:delText, never w:t
    for d in dels:
        assert d.find(f".//{qn('w:t')}") is None
    assert any(d.find(f".//{qn('w:delText')}") is not None for d in dels)
    # the removed article: its heading paragraph mark is deleted
    marks = [p for p in body.iter(qn("w:p")) if p.find(f"{qn('w:pPr')}/{qn('w:rPr')}/{qn('w:del')}")
             is not None]
    assert any("Health and care workers" in "".join(t.text for t in p.iter(qn("w:delText")))
               for p in marks)
    # a renumbered cross-reference: old number deleted, new inserted inside the field result
    xml = body.xml
    assert "<w:delText xml:space=\"preserve\">Article 5</w:delText>" in xml or \
        "<w:delText>Article 5</w:delText>" in xml
    settings = doc.settings.element
    assert settings.find(qn("w:trackRevisions")) is not None


def test_deterministic(tmp_path):
    o, n = drafts(tmp_path)
    r = compare_drafts(o, n)
    assert render_redline_docx(r, "A") == render_redline_docx(r, "A")
    assert render_redline_pdf(r, "A", "B") == render_redline_pdf(r, "A", "B")


def test_slot_changes_and_summary(tmp_path):
    o, n = drafts(tmp_path)
    r = compare_drafts(o, n)
    kinds = {c.slot: c.kind for c in r.changes}
    assert kinds["bla/recruitment-costs"] == "option"
    assert kinds["bla/recruitment-channel"] == "option"
    assert kinds["bla/joint-committee"] == "parameters"
    assert kinds["bla/care-workers"] == "removed"
    text = summary(r)
    assert "bla/recruitment-costs: option: employer-pays-cost-table (best-practice) -> " \
           "employer-pays (good-practice)" in text
    assert "meetings_per_year: 2 -> 4" in text
    assert "2 now protect workers less" in text


def test_html_and_pdf_show_the_same_changes(tmp_path):
    o, n = drafts(tmp_path)
    r = compare_drafts(o, n)
    html = render_redline_html(r, "Philippine delegation", "German delegation")
    assert "<del>" in html and "<ins>" in html and "text-decoration: line-through" in html
    assert "Article <del>5</del><ins>4</ins>" in html and "Health and care workers" in html
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(render_redline_pdf(r, "Philippine delegation", "German delegation"))).pages).split())
    assert "Changes from Philippine delegation" in text and "meetings_per_year: 2 → 4" in text


def test_unchanged_drafts_have_no_revisions(tmp_path):
    o, n = drafts(tmp_path, OLD_TEXT, OLD_TEXT)
    r = compare_drafts(o, n)
    assert not r.changed and r.changes == []
    body = open_docx(render_redline_docx(r, "A")).element.body
    assert body.find(f".//{qn('w:ins')}") is None and body.find(f".//{qn('w:del')}") is None


def test_cli_compare(cli, tmp_path, fixture_args):
    old = write(tmp_path / "ours.yaml", OLD_TEXT)
    new = write(tmp_path / "theirs.yaml", NEW_TEXT)
    r = cli("compare", old, new, "-o", tmp_path / "out", "-f", "docx,html",
            "--author-old", "Philippines", "--author-new", "Germany", *fixture_args)
    assert r.exit_code == 0, r.output
    assert "bla/care-workers: removed" in r.output
    assert (tmp_path / "out" / "theirs-redline.docx").exists()
    r = cli("compare", old, new, "-o", tmp_path / "out", "-f", "docx", *fixture_args)
    assert r.exit_code == 1 and "exist already" in r.stderr


def test_real_agreement_with_annexed_contract_round_trips(tmp_path):
    """An added sector annex shifts the model contract from Annex II to III, and a clause of
    the annexed contract changes: Accept All and Reject All still give NEW and OLD exactly."""
    from library_drafts import draft_with

    o = draft_with(tmp_path, "bilateral-labour-agreement", {"recruitment-costs": "employer-pays"},
                   scope={"sectors": ["health-care"]})
    n = draft_with(tmp_path, "bilateral-labour-agreement",
                   {"recruitment-costs": "worker-pays-related-costs",
                    "wages": "equal-pay-protected"},
                   scope={"sectors": ["health-care", "construction"]})
    r = compare_drafts(o, n)
    kinds = {c.slot: c.kind for c in r.changes}
    assert kinds["bla/construction"] == "added"
    assert kinds["model-contract: employment/wages"] == "option"
    red = render_redline_docx(r, "Reviewer")
    assert visible_text(apply_revisions(red, accept=True)) == shown(render_docx(n))
    assert visible_text(apply_revisions(red, accept=False)) == shown(render_docx(o))
    assert "now protect workers less" in summary(r)


def test_reject_all_gives_the_old_title_block_and_running_header(tmp_path):
    """The status block and the running header changed (version 0.1 -> 0.2): both are
    tracked, so Reject All shows the old version line and header, Accept All the new."""
    o, n = drafts(tmp_path)
    red = render_redline_docx(compare_drafts(o, n), "Reviewer")

    def frame(doc):
        body = [p.text for p in doc.paragraphs if p.style.name in ("Status Detail", "Title")]
        return body

    old_doc, new_doc = open_docx(render_docx(o)), open_docx(render_docx(n))
    assert frame(apply_revisions(red, accept=False)) == frame(old_doc)
    assert frame(apply_revisions(red, accept=True)) == frame(new_doc)
    assert "Version 0.1" in frame(old_doc)[0] and "Version 0.2" in frame(new_doc)[0]
    header = open_docx(red).sections[0].header._element  # read back: the saved header part
    deleted = "".join(t.text for t in header.iter(qn("w:delText")))
    inserted = "".join(t.text for d in header.iter(qn("w:ins")) for t in d.iter(qn("w:t")))
    assert deleted == old_doc.sections[0].header.paragraphs[0].text
    assert inserted == new_doc.sections[0].header.paragraphs[0].text
    ids = [int(el.get(qn("w:id"))) for part in (open_docx(red).element.body, header)
           for el in part.iter() if el.tag in (qn("w:ins"), qn("w:del"), qn("w:pPrChange"))]
    assert ids == list(range(1, len(ids) + 1))  # one sequence, in reading order


def test_redline_writes_its_numbers_out_in_schema_order(tmp_path):
    """No list numbers in the redline: each number is text with its level's indents and tab,
    a changed one deleted and inserted, so Word and LibreOffice show the drafts' numbers."""
    from lxml import etree
    from test_docx_package import PPR_ORDER

    o, n = drafts(tmp_path)
    doc = open_docx(render_redline_docx(compare_drafts(o, n), "Reviewer"))
    body = doc.element.body
    assert body.find(f".//{qn('w:numPr')}") is None
    for ppr in body.iter(qn("w:pPr")):
        kids = [etree.QName(k).localname for k in ppr]
        assert [PPR_ORDER.index(k) for k in kids] == sorted(PPR_ORDER.index(k) for k in kids)
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    was = {a.slot: a.label for a in o.articles()}
    moved = [a for a in n.articles() if was.get(a.slot, a.label) != a.label]
    assert moved
    for art in moved:
        p = next(h for h in headings if art.title in h.text)
        def number(side: str) -> str:  # the heading's number as Reject (old) or Accept shows it
            skip = qn("w:ins") if side == "old" else qn("w:del")
            out = ""
            for el in p._p.iter(qn("w:t"), qn("w:delText"), qn("w:tab")):
                if any(a.tag in (skip, qn("w:pPr")) for a in el.iterancestors()):
                    continue  # the other draft's text, or the tab stop of the properties
                if el.tag == qn("w:tab"):
                    return out
                out += el.text
            return out
        assert (number("old"), number("new")) == (was[art.slot], art.label)
        assert p._p.find(f"{qn('w:del')}//{qn('w:delText')}").text.isdigit()  # the figure only
    item = next(p for p in doc.paragraphs if p.style.name == "Article Paragraph"
                and p.text.startswith("1.\t"))
    ind = item._p.pPr.find(qn("w:ind"))
    tab = item._p.pPr.find(f"{qn('w:tabs')}/{qn('w:tab')}")
    assert ind.get(qn("w:hanging")) == ind.get(qn("w:left")) == tab.get(qn("w:pos")) == "567"


def test_redline_docx_contents_show_the_redline_pdfs_pages(tmp_path):
    """Drafted together, the redline DOCX lists each heading on the page the redline PDF put it
    (built beside the PDF and filled in after: the bytes of building it after the PDF)."""
    from agreement_kit.render.redline import render_redline_all, render_redline_pdf_pages

    o, n = drafts(tmp_path)
    r = compare_drafts(o, n)
    both = render_redline_all(r, ["docx", "pdf"], "A", "B")
    pdf, pages = render_redline_pdf_pages(r, "A", "B")
    assert both["pdf"] == pdf and both["docx"] == render_redline_docx(r, "B", pages)
    reader = PdfReader(io.BytesIO(pdf))
    entries = [p.text.split("\t") for p in apply_revisions(both["docx"], accept=True).paragraphs
               if p.style.name == "TOC 2"]
    assert len(entries) == len(list(n.articles())) + len(n.annexes)
    for number, title, page in entries:
        shown = " ".join(reader.pages[int(page) - 1].extract_text().split())
        assert title in shown, (title, page)


def test_a_paragraph_that_loses_or_gains_its_number(tmp_path):
    """An article cut to one paragraph loses that paragraph's number ("1."), as a single
    paragraph is unnumbered; the redline shows the old number deleted with its tab, so
    Reject All gives "1." back and Accept All the plain paragraph (and the reverse)."""
    import copy as copy_module

    o, _ = drafts(tmp_path)
    n = copy_module.deepcopy(o)
    art = next(a for a in n.articles()
               if sum(1 for p in a.paragraphs if p.number and not p.level) >= 2)
    first = next(p for p in art.paragraphs if p.number and not p.level)
    first.number = None
    art.paragraphs = [first]
    for old, new in ((o, n), (n, o)):
        red = render_redline_docx(compare_drafts(old, new), "Reviewer")
        assert visible_text(apply_revisions(red, accept=True)) == shown(render_docx(new))
        assert visible_text(apply_revisions(red, accept=False)) == shown(render_docx(old))
