"""The annotated edition: commentary and sources as Word comments and boxed notes."""

import datetime as dt
import io
import re
import shutil
import subprocess
import types
import zipfile

import pytest
from pypdf import PdfReader

from agreement_kit.assemble.pipeline import build_drafts
from agreement_kit.render import renderer
from agreement_kit.assemble.placements import drafted

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS, FIXTURES
from contract_fixture import BLA_CONTRACT_PARAMS, contract_setup

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def annotated(draft, fmt="docx"):
    return renderer(fmt, "annotated")(draft)


def all_articles(draft):
    return [a for _, d in drafted(draft) for a in d.clauses()]


def comment_markup(data: bytes) -> dict:
    """Comment ids found in comments.xml and in the body, and the headings they anchor on."""
    from lxml import etree

    package = zipfile.ZipFile(io.BytesIO(data))
    comments = etree.fromstring(package.read("word/comments.xml"))
    body = etree.fromstring(package.read("word/document.xml"))
    ids = lambda tag: [e.get(W + "id") for e in body.iter(W + tag)]  # noqa: E731
    anchored = []
    for start in body.iter(W + "commentRangeStart"):
        p = start.getparent()
        style = p.find(f"{W}pPr/{W}pStyle").get(W + "val")
        anchored.append((style, "".join(t.text for t in p.iter(W + "t"))))
    return {"comments": comments.findall(W + "comment"), "start": ids("commentRangeStart"),
            "end": ids("commentRangeEnd"), "reference": ids("commentReference"),
            "anchored": anchored}


def test_one_word_comment_per_clause_anchored_on_its_heading(care_draft):
    found = comment_markup(annotated(care_draft))
    articles = list(care_draft.clauses())  # the articles, then Annex I drawn from a slot
    assert len(articles) == len(list(care_draft.articles())) + 1
    assert len(found["comments"]) == len(articles)
    ids = [c.get(W + "id") for c in found["comments"]]
    assert found["start"] == found["end"] == found["reference"] == ids
    assert found["anchored"] == [("Heading1", a.title) for a in care_draft.articles()] + \
        [("AnnexHeading", care_draft.annexes[0].title)]
    for comment, art in zip(found["comments"], articles):
        assert comment.get(W + "author") == "agreement-kit"
        assert comment.get(W + "initials") == "AK"
        assert comment.get(W + "date") == "2026-11-27T00:00:00Z"
        text = "\n".join("".join(t.text for t in p.iter(W + "t")) for p in comment)
        assert text == (f"Option {art.option} \u00b7 protection: {art.protection}\n"
                        f"Sources: {'; '.join(art.sources)}\n{art.commentary}")


def test_annotated_docx_is_byte_identical_whatever_the_clock(care_draft, monkeypatch):
    import docx.comments

    first = annotated(care_draft)

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(docx.comments, "dt", types.SimpleNamespace(datetime=Later,
                                                                   timezone=dt.timezone))
    assert annotated(care_draft) == first


def test_articles_of_an_annexed_contract_get_comments_too(tmp_path):
    library, blueprints = contract_setup(tmp_path)
    draft = build_drafts(BLA_CONTRACT_PARAMS, library, blueprints)[0]
    found = comment_markup(annotated(draft))
    articles = all_articles(draft)
    assert len(found["comments"]) == len(articles) == 8  # 7 articles and a slot annex
    assert found["anchored"][-2:] == [("Heading2", "Wages"), ("Heading2", "Hours of work")]


def test_clean_edition_has_no_comments_or_notes(care_draft):
    package = zipfile.ZipFile(io.BytesIO(renderer("docx")(care_draft)))
    assert "word/comments.xml" not in package.namelist()
    assert b"commentRangeStart" not in package.read("word/document.xml")
    assert b'class="note' not in renderer("html")(care_draft)
    assert b"> **Option" not in renderer("md")(care_draft)


def test_html_and_markdown_notes(care_draft):
    html = annotated(care_draft, "html").decode()
    assert html.count('<aside class="note') == len(list(care_draft.clauses()))
    assert "aside.note {" in html
    assert ('<p class="note-head">Option standing-committee \u00b7 protection: good-practice</p>'
            '<p class="note-sources">Sources: UNN-BLMA:governance; R86:Annex-29</p>') in html
    md = annotated(care_draft, "md").decode()
    assert md.count("> **Option ") == len(list(care_draft.clauses()))
    assert "> Sources: C181:8(2); ILO-GPOG:P5; ILO-GPOG:P7" in md


def test_below_floor_note_is_marked():
    draft = build_drafts(FIXTURES / "params-below-floor.yaml", FIX_LIBRARY, FIX_BLUEPRINTS)[0]
    html = annotated(draft, "html").decode()
    assert html.count('<aside class="note below-floor">') == 1


def test_pdf_notes(care_draft):

    data = annotated(care_draft, "pdf")
    assert data == annotated(care_draft, "pdf")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Option employer-pays-cost-table · protection: best-practice" in text
    assert "Sources: UNN-BLMA:governance; R86:Annex-29" in text


def test_json_is_the_clean_json_marked_internal_with_the_commentary(care_draft):
    import json

    ours, clean = (json.loads(annotated(care_draft, "json")),
                   json.loads(renderer("json")(care_draft)))
    assert ours["status"].startswith("INTERNAL") and not clean["status"].startswith("INTERNAL")
    art = ours["parts"][0]["articles"][0]
    assert art["commentary"] and "commentary" not in clean["parts"][0]["articles"][0]
    art.pop("commentary")
    assert art == clean["parts"][0]["articles"][0]
    with pytest.raises(ValueError):
        renderer("odt", "annotated")


def test_cli_draft_annotated(cli, tmp_path, fixture_args):
    r = cli("draft", FIX_PARAMS, "-o", tmp_path, "-f", "docx,md", "--edition", "annotated",
            *fixture_args)
    assert r.exit_code == 0, r.output
    package = zipfile.ZipFile(tmp_path / "params-care-internal.docx")
    assert package.read("word/comments.xml").count(b"<w:comment ") == 6  # 5 articles, Annex I
    assert "> **Option" in (tmp_path / "params-care-internal.md").read_text()
    assert not (tmp_path / "params-care.docx").exists()


def test_annotated_says_internal_on_every_page_and_in_its_properties(care_draft):
    pages = PdfReader(io.BytesIO(annotated(care_draft, "pdf"))).pages
    assert all("INTERNAL" in p.extract_text() for p in pages)
    package = zipfile.ZipFile(io.BytesIO(annotated(care_draft)))
    header = b"".join(package.read(n) for n in package.namelist() if n.startswith("word/header"))
    assert b"INTERNAL \xc2\xb7 annotated edition" in header
    assert b"INTERNAL" in package.read("docProps/core.xml")
    doc = package.read("word/document.xml")
    assert b"INTERNAL" in doc.split(b"CONTENTS")[0] or b"INTERNAL" in doc[:20000]


def test_clean_edition_carries_nothing_internal(care_draft):
    from agreement_kit.render import render_all

    files = render_all(care_draft, ["docx", "pdf", "html", "md", "json"])
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages)
    package = zipfile.ZipFile(io.BytesIO(files["docx"]))
    assert "word/comments.xml" not in package.namelist()
    everything = [pdf_text.encode(), files["html"], files["md"], files["json"]] + [
        package.read(n) for n in package.namelist() if n.endswith(".xml")]
    arts = [a for a in care_draft.articles() if a.commentary]
    assert arts
    for blob in everything:
        assert b"INTERNAL" not in blob and b"protection: " not in blob
        for art in arts:  # no commentary for negotiators travels with the clean text
            assert art.commentary[:60].encode() not in blob


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_comments(care_draft, tmp_path):
    src = tmp_path / "annotated.docx"
    src.write_bytes(annotated(care_draft))
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(tmp_path / "annotated.odt").read("content.xml").decode()
    notes = re.findall(r"<office:annotation\b.*?</office:annotation>", content, re.S)
    assert len(notes) == len(list(care_draft.clauses()))
    assert all("<dc:creator>agreement-kit</dc:creator>" in n for n in notes)
    assert all("2026-11-27" in n for n in notes)
    assert any("Option standing-committee · protection: good-practice" in n for n in notes)
