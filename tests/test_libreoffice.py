"""A real office suite opens the Word draft: LibreOffice converts it and shows Word's numbering."""

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from agreement_kit.render.docx import render_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def convert(docx_bytes: bytes, tmp_path) -> str:
    src = tmp_path / "draft.docx"
    src.write_bytes(docx_bytes)
    profile = tmp_path / "profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    reader = PdfReader(io.BytesIO((tmp_path / "draft.pdf").read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_libreoffice_shows_numbers_and_references(care_draft, tmp_path):
    text = convert(render_docx(care_draft), tmp_path)
    for art in care_draft.articles():
        assert f"{art.label} {art.title}" in text
    assert "established under Article 5" in text
    assert "1. The Parties shall establish a Joint Committee" in text
    assert "(a) monitor and review" in text
    assert "Annex I" in text
    assert "Page 2 of" in text and "Page 1 of" not in text  # the title page is unnumbered


def test_libreoffice_shows_the_contents_with_the_pdf_page_numbers(care_draft, tmp_path):
    """The DOCX of a run that also wrote the PDF lists each article on the PDF's page, and
    LibreOffice lays the DOCX out on those same pages."""
    from agreement_kit.render import render_all

    files = render_all(care_draft, ["docx", "pdf"])
    src = tmp_path / "draft.docx"
    src.write_bytes(files["docx"])
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    lo = PdfReader(io.BytesIO((tmp_path / "draft.pdf").read_bytes()))
    ours = PdfReader(io.BytesIO(files["pdf"]))
    contents = " ".join(lo.pages[1].extract_text().split())
    assert contents.startswith("Draft for negotiation") and "CONTENTS" in contents
    for art in care_draft.articles():
        found = re.search(re.escape(f"{art.label} {art.title}") + r"[ .]*(\d+)", contents)
        assert found, art.label
        page = int(found.group(1))
        assert art.title in " ".join(ours.pages[page - 1].extract_text().split())
        assert art.title in " ".join(lo.pages[page - 1].extract_text().split())
    assert abs(len(lo.pages) - len(ours.pages)) <= max(1, len(ours.pages) // 10)


def redline_in_libreoffice(tmp_path, *changes: tuple[str, str]):
    """The fixture agreement against a copy with `changes` made: (old draft, new draft, the
    text LibreOffice shows of their redline DOCX)."""
    from agreement_kit.negotiate.compare import compare_drafts
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render.redline import render_redline_docx
    from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS, write

    text = FIX_PARAMS.read_text()
    for before, after in changes:
        text = text.replace(before, after)
    o = build_drafts(FIX_PARAMS, FIX_LIBRARY, FIX_BLUEPRINTS)[0]
    n = build_drafts(write(tmp_path / "new.yaml", text), FIX_LIBRARY, FIX_BLUEPRINTS)[0]
    return o, n, convert(render_redline_docx(compare_drafts(o, n), "Reviewer"), tmp_path)


def test_libreoffice_opens_the_redline(tmp_path):
    _, _, text = redline_in_libreoffice(tmp_path, ("meetings_per_year: 2", "meetings_per_year: 4"),
                                        ("[health-care, elderly-care]", "[construction]"))
    # LibreOffice shows the changes: the removed article and both committee rhythms
    assert "Health and care workers" in text
    assert "twice" in text and "four times a year" in text


def test_libreoffice_shows_the_redline_with_both_drafts_numbers(tmp_path):
    """A renumbered article reads "Article 65" (old figure struck, new inserted), a dropped
    paragraph keeps its old number and the paragraphs after it their new ones: never the
    bracketed numbers LibreOffice counts for a list that holds tracked paragraphs."""
    o, n, text = redline_in_libreoffice(tmp_path, ("employer-pays-cost-table", "employer-pays"),
                                        ("[health-care, elderly-care]", "[construction]"))
    assert not re.search(r"\[\d+\.\]|\[\([a-z]\)\]|\[Article", text), "LibreOffice's own count"
    was = {art.slot: art.label for art in o.articles()}
    renumbered = 0
    for art in n.articles():
        before = was.get(art.slot, art.label)
        shown = art.label if before == art.label else f"{before}{art.label.split()[-1]}"
        renumbered += before != art.label
        assert f"{shown} {art.title}" in text, shown
        numbers = [p.number for p in art.paragraphs if p.number and not p.level]
        if numbers and before == art.label and art.slot != "bla/recruitment-costs":
            assert f"{art.label} {art.title} 1. " in text  # its first paragraph is 1.
    assert renumbered


def test_libreoffice_prints_grouped_references_once(tmp_path):
    """"Articles 24 and 27": the bare numbers of a grouped reference stay bare in LibreOffice,
    which does not know Word's \\t switch (it would print "Articles Article 24 and Article 27")."""
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.model.draft import Ref
    from conftest import EXAMPLES

    draft = build_drafts(EXAMPLES / "bla-philippines-germany-care.yaml")[0]
    grouped = [re.search(r"Articles \d+ and \d+", p.text).group(0) for p in draft.all_paragraphs()
               if any(isinstance(r, Ref) and r.bare for r in p.inlines)]
    assert grouped
    text = convert(render_docx(draft), tmp_path)
    assert "Articles Article" not in text
    for phrase in grouped:
        assert phrase in text


def example_in_both(example: str, tmp_path, lang: str | None = None):
    """An example drafted as DOCX and PDF in one run (in `lang`, else its first language),
    and the DOCX converted by LibreOffice to tmp_path/draft.pdf: (the files, LO's PDF)."""
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render import render_all
    from conftest import EXAMPLES

    drafts = build_drafts(EXAMPLES / f"{example}.yaml")
    draft = next(d for d in drafts if d.language == lang) if lang else drafts[0]
    files = render_all(draft, ["docx", "pdf"])
    convert(files["docx"], tmp_path)
    return files, (tmp_path / "draft.pdf").read_bytes()


@pytest.mark.parametrize("example, lang", [("bla-philippines-saudi-arabia-en-ar", "ar"),
                                           ("ssa-china-philippines-en-zh", "zh")])
def test_libreoffice_lays_out_arabic_and_chinese_on_as_many_pages(example, lang, tmp_path):
    """Naskh and CJK faces are taller than the 14 pt pitch set for Latin text: Word's 'at
    least' spacing grows to the face's own line, and the PDF does the same, so the two
    formats keep within a tenth of each other's page count."""
    files, lo_pdf = example_in_both(example, tmp_path, lang)
    lo = len(PdfReader(io.BytesIO(lo_pdf)).pages)
    ours = len(PdfReader(io.BytesIO(files["pdf"])).pages)
    assert abs(lo - ours) <= max(1, ours // 10), (lo, ours)


@pytest.mark.parametrize("example, lang", [("mou-uzbekistan-russia-ru", "ru"),
                                           ("contract-seasonal-agriculture-morocco-france-fr",
                                            "fr")])
def test_libreoffice_hyphenates_each_language_as_the_pdf(example, lang, tmp_path):
    """The DOCX names its language with its region (ru-RU), by which LibreOffice finds the
    hyphen-ru or hyphen-fr patterns: its justified lines break words as the PDF's do,
    rather than gaping. (A bare "ru" found no patterns: 5 broken words in 35 pages.)"""
    files, _ = example_in_both(example, tmp_path)
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as z:
        assert f'w:val="{lang}-{lang.upper()}"' in z.read("word/styles.xml").decode()

    def broken_words(pdf: Path) -> int:
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        return sum(1 for line in text.splitlines() if re.search(r"\w *[-\u2010\u00ad]$", line))

    (tmp_path / "ours.pdf").write_bytes(files["pdf"])
    ours, lo = broken_words(tmp_path / "ours.pdf"), broken_words(tmp_path / "draft.pdf")
    assert lo >= ours / 4 and lo >= 20, (lo, ours)


@pytest.mark.parametrize("example, lines", [("mou-korea-eps-style", 3),
                                             ("ssa-detachment-india-germany-style", 2)])
def test_signature_lines_stand_level_in_both_formats(example, lines, tmp_path):
    """Each block's first signature line stands at one height in LibreOffice and in the PDF,
    however its heading wraps: "For the Government of the Republic of India" takes one line
    and Germany's two, so the headings have a row of their own and the lines the next.
    Korea signs with two signatories, so its blocks are a written grid, whose columns span
    the text width as the PDF's do (python-docx's default 3-inch columns wrapped Nepal's
    heading a line sooner)."""
    from agreement_kit.render.docx import SIGNATURE_LINE

    files, lo_pdf = example_in_both(example, tmp_path)
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as z:
        document = z.read("word/document.xml").decode()
    grid = document[:document.index(SIGNATURE_LINE)].rsplit("<w:tblGrid>", 1)[1]
    assert re.findall(r'<w:gridCol w:w="(\d+)"/>', grid)[:2] == ["4621", "4621"]  # 9242 / 2
    for pdf in (lo_pdf, files["pdf"]):
        last = PdfReader(io.BytesIO(pdf)).pages[-1]
        heights = []
        last.extract_text(visitor_text=lambda text, cm, tm, *_: heights.append(round(tm[5]))
                          if SIGNATURE_LINE in text else None)
        # the two blocks' first lines share a height (the PDF's y may run either way)
        assert len(heights) == lines and max(map(heights.count, heights)) == 2, heights
