"""The PDF: text read back with pypdf, metadata, determinism, and a closed network."""

import io
import os
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from agreement_kit.errors import UserError
from agreement_kit.render.html import render_html
from agreement_kit.render.pdf import fetcher_class, html_to_pdf, render_pdf
from agreement_kit.resources import template_path


@pytest.fixture(scope="module")
def care_pdf():
    from agreement_kit.assemble.pipeline import build_drafts
    from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS

    draft = build_drafts(FIX_PARAMS, FIX_LIBRARY, FIX_BLUEPRINTS)[0]
    return draft, render_pdf(draft)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_every_article_and_reference_in_the_pdf(care_pdf):
    draft, data = care_pdf
    text = " ".join(pdf_text(data).split())
    for art in draft.articles():
        assert art.label in text and art.title in text
    assert "established under Article 5" in text
    assert "Annex I" in text


def test_page_numbers_and_running_header(care_pdf):
    _, data = care_pdf
    reader = PdfReader(io.BytesIO(data))
    n = len(reader.pages)
    assert n >= 3
    last = reader.pages[-1].extract_text()
    assert f"Page {n} of {n}" in last
    assert "Draft for negotiation · Version 0.1" in reader.pages[1].extract_text()


def test_title_page_then_contents_with_page_numbers(care_pdf):
    draft, data = care_pdf
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages]
    assert draft.title in pages[0] and "Page" not in pages[0] and "CONTENTS" not in pages[0]
    assert "CONTENTS" in pages[1] and "Page 2 of" in pages[1]
    found = re.search(r"Article 5\s+Joint Committee[ .]*(\d+)", pages[1])
    assert found and "Joint Committee" in pages[int(found.group(1)) - 1]
    assert "Article 1" not in pages[1].split("CONTENTS")[0]  # the text starts after it


def test_metadata(care_pdf):
    draft, data = care_pdf
    meta = PdfReader(io.BytesIO(data)).metadata
    assert meta.title == draft.title
    assert meta.subject == "Bilateral labour migration agreement"
    assert "labour migration" in meta["/Keywords"]


def test_byte_identical(care_pdf):
    draft, data = care_pdf
    assert render_pdf(draft) == data


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x.css", "https://example.org/a.png",
                                 "file:///etc/passwd", "ftp://example.org/f"])
def test_fetcher_refuses_outside_urls(url):
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        fetcher_class()().fetch(url)


def test_fetcher_allows_package_resources():
    css = template_path("draft.css").resolve().as_uri()
    response = fetcher_class()().fetch(css)
    assert b"@page" in response.read()


@pytest.mark.parametrize("snippet", [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">',
    '<style>@import url("file:///etc/hostname");</style>',
    '<style>@font-face { font-family: x; src: url("https://example.org/f.woff"); }</style>',
])
def test_rendering_with_outside_resources_stops(care_pdf, snippet):
    draft, _ = care_pdf
    html = render_html(draft).replace("<body>", "<body>" + snippet, 1)
    with pytest.raises(UserError, match="refused to fetch"):
        html_to_pdf(html)


def test_a_long_unbroken_value_wraps_inside_the_page(tmp_path):
    """A 500-character value without a space (the longest a text may be) is broken over lines
    within the page's width, not run off its right edge."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext measures the words")
    from agreement_kit.assemble.pipeline import build_drafts
    from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS

    value = "Q" * 500
    params = tmp_path / "long.yaml"
    params.write_text(FIX_PARAMS.read_text().replace("country: Federal Republic of Germany",
                                                     f"country: {value}"))
    data = render_pdf(build_drafts(params, FIX_LIBRARY, FIX_BLUEPRINTS)[0])
    lines = [len(run) for run in re.findall("Q+", pdf_text(data))]
    assert sum(lines) >= 500 and max(lines) < 120, f"runs of the value: {lines[:10]}"
    # poppler's word boxes: every word ends inside the page
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(data)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    width = float(PdfReader(io.BytesIO(data)).pages[0].mediabox.width)
    ends = [float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes)]
    assert ends and max(ends) <= width - 50, f"a word ends at {max(ends):.0f} pt of {width:.0f}"


def test_no_justified_line_gapes(tmp_path):
    """No line of the detachment agreement stretches a few words across the measure. A
    defined term set apart in its own inline box at a line's start made WeasyPrint (70)
    measure the rest of that line with its trailing space, find it 0.3 px too wide, and
    hyphenate the first long word: "territory      of      the      oth-" in every SSA.
    Defined terms are now plain text in the HTML (they had no style of their own)."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext lays out the words")
    from agreement_kit.assemble.pipeline import build_drafts
    from conftest import EXAMPLES

    pdf = tmp_path / "ssa.pdf"
    pdf.write_bytes(render_pdf(build_drafts(EXAMPLES / "ssa-detachment-india-germany-style.yaml")[0]))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    gaping = [line for line in text.splitlines() if re.search(r"\S {6,}\S+ {6,}\S", line)
              and "...." not in line and "Page " not in line and "____" not in line]
    assert not gaping, gaping


def test_lean_user_agent_sheet_lays_out_the_same_pdf(care_pdf, monkeypatch):
    """The narrowed user-agent stylesheet (no ::marker, ::footnote-call or ::note-call style
    for every element) is in use with this WeasyPrint, and the draft's PDF, lists and all,
    is byte for byte the one WeasyPrint's own stylesheet gives."""
    import weasyprint

    from agreement_kit.render import pdf

    draft, lean_bytes = care_pdf
    assert pdf.lean_html_class() is not weasyprint.HTML  # the rules were found and narrowed
    assert "<li" in render_html(draft)
    monkeypatch.setattr(pdf, "lean_html_class", lambda: weasyprint.HTML)
    assert render_pdf(draft) == lean_bytes


def test_a_page_with_footnotes_keeps_the_whole_user_agent_sheet():
    """A house style that floats an element to the foot of the page still gets its
    footnote call (the number in the text) and marker: such a page is laid out with
    WeasyPrint's whole stylesheet."""
    import weasyprint

    from agreement_kit.render.pdf import html_class

    html = ("<html><head><style>.fn { float: footnote }</style></head><body>"
            "<p>Wages are paid monthly<span class='fn'>Gross wages.</span>.</p></body></html>")
    assert html_class(html) is weasyprint.HTML
    text = pdf_text(html_to_pdf(html))
    assert re.search(r"monthly\s*1", text), text  # the call
    assert re.search(r"1\.\s*Gross wages", text), text  # the marker, at the foot


WEASYPRINT_IMPORT = """
import ctypes.util, json, subprocess, sys
started = []
real_popen = subprocess.Popen.__init__
def recording(self, args, *a, **k):
    started.append(args[0] if isinstance(args, (list, tuple)) else args)
    real_popen(self, args, *a, **k)
subprocess.Popen.__init__ = recording
before = ctypes.util.find_library
from agreement_kit.render.pdf import import_weasyprint
ffi = import_weasyprint().text.ffi
print(json.dumps({"started": [str(s) for s in started],
                  "restored": ctypes.util.find_library is before,
                  "pango": ffi.pango.pango_units_from_double(1) == 1024,
                  "sonames": sorted({line.split()[-1].rsplit("/", 1)[-1] for line in
                                     open("/proc/self/maps") if "libpango" in line})}))
"""


@pytest.mark.skipif(not os.path.exists("/sbin/ldconfig"),
                    reason="no loader cache to read (not glibc Linux)")
def test_weasyprint_finds_its_libraries_without_running_a_compiler():
    """WeasyPrint's Windows and macOS library names are looked up in ldconfig's listing only:
    no gcc, no ld; ctypes is as it was afterwards, and Pango is loaded."""
    import json
    import sys

    out = subprocess.run([sys.executable, "-c", WEASYPRINT_IMPORT], capture_output=True,
                         text=True, timeout=120, check=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    compilers = [s for s in seen["started"] if s.rsplit("/", 1)[-1] in {"gcc", "cc", "ld"}]
    assert not compilers, seen["started"]
    assert seen["restored"] and seen["pango"]
    assert "libpango-1.0.so.0" in seen["sonames"] or any(
        s.startswith("libpango-1.0.so") for s in seen["sonames"])


def test_page_references_are_built_once_per_page_not_once_per_tag(monkeypatch):
    """WeasyPrint asks pydyf for the page references once per tagged element; pydyf builds
    them from every page on each ask. While our PDF is written they are built once per page
    added, and pydyf's own property is back afterwards."""
    import pydyf

    from agreement_kit.render.pdf import layout_pdf

    original = pydyf.PDF.__dict__["page_references"]
    builds = []

    def counting(pdf):
        builds.append(len(pdf.pages["Kids"]) // 3)
        return original.fget(pdf)

    monkeypatch.setattr(pydyf.PDF, "page_references", property(counting))
    counted = pydyf.PDF.__dict__["page_references"]
    paragraphs = "".join(f"<p>Paragraph {i} of the agreement's text.</p>" for i in range(600))
    pdf, pages = layout_pdf(f"<html lang='en'><body>{paragraphs}</body></html>")
    assert pages.count >= 5
    assert builds and len(builds) <= pages.count + 1, (len(builds), pages.count)
    assert sorted(set(builds)) == sorted(builds), "each page count built once"
    assert pydyf.PDF.__dict__["page_references"] is counted
    assert len(PdfReader(io.BytesIO(pdf)).pages) == pages.count
