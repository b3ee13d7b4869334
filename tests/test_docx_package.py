"""The Word package itself: properties that are true, and XML in the order the schema requires."""

import io
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from agreement_kit import __version__
from agreement_kit.render import render_all
from agreement_kit.render.docx import render_docx

CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# CT_PPrBase + CT_PPr (ECMA-376 Part 1, 17.3.1.26): the order pPr children must come in.
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange"]


def part(data: bytes, name: str):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(name))


@pytest.fixture(scope="module")
def both(care_draft_module):
    return render_all(care_draft_module, ["docx", "pdf"])


@pytest.fixture(scope="module")
def care_draft_module():
    from agreement_kit.assemble.pipeline import build_drafts
    from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS
    return build_drafts(FIX_PARAMS, FIX_LIBRARY, FIX_BLUEPRINTS)[0]


def test_core_properties_once_each_in_their_own_namespace(both, care_draft_module):
    core = part(both["docx"], "docProps/core.xml")
    tags = [etree.QName(el) for el in core]
    names = [(t.namespace, t.localname) for t in tags]
    assert len(names) == len(set(names))  # no element twice
    assert all(t.namespace in (CP, DC, DCTERMS) for t in tags)
    assert core.findtext(f"{{{DC}}}title") == care_draft_module.title
    assert "bilateral-labour-agreement" in core.findtext(f"{{{CP}}}keywords")
    assert core.findtext(f"{{{DCTERMS}}}created") == f"{care_draft_module.date}T00:00:00Z"
    assert core.findtext(f"{{{CP}}}lastModifiedBy") == "agreement-kit"


def test_app_properties_name_us_and_count_truly(both, care_draft_module):
    app = part(both["docx"], "docProps/app.xml")
    assert app.findtext(f"{{{EP}}}Application") == f"agreement-kit {__version__}"
    assert int(app.findtext(f"{{{EP}}}Pages")) == len(PdfReader(io.BytesIO(both["pdf"])).pages)
    words = int(app.findtext(f"{{{EP}}}Words"))
    text = " ".join(p.text for p in care_draft_module.all_paragraphs())
    assert words >= len(text.split()) > 500
    alone = part(render_docx(care_draft_module), "docProps/app.xml")
    assert alone.find(f"{{{EP}}}Pages") is None  # no PDF laid out: no page count invented


@pytest.mark.parametrize("name", ["word/document.xml", "word/styles.xml"])
def test_paragraph_properties_in_schema_order_without_repeats(both, name):
    root = part(both["docx"], name)
    checked = 0
    for ppr in root.iter(f"{{{W}}}pPr"):
        kids = [etree.QName(k).localname for k in ppr]
        assert len(kids) == len(set(kids)), kids
        positions = [PPR_ORDER.index(k) for k in kids]
        assert positions == sorted(positions), kids
        checked += 1
    assert checked > 20


def test_complex_script_sizes_are_the_latin_sizes(both):
    """Arabic text (Word's complex-script size, szCs) is set at the size of the style, as the
    PDF sets it: the template's headings and title had Word's 14, 13 and 26 pt."""
    styles = part(both["docx"], "word/styles.xml")
    checked = 0
    for style in styles.iter(f"{{{W}}}style"):
        sz, cs = style.find(f".//{{{W}}}sz"), style.find(f".//{{{W}}}szCs")
        if sz is not None and cs is not None:
            assert cs.get(f"{{{W}}}val") == sz.get(f"{{{W}}}val"), style.get(f"{{{W}}}styleId")
            checked += 1
    assert checked >= 3
