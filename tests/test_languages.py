"""Drafts in other languages: CLDR conventions, right to left, CJK, parallel editions, the
translation checks and the XLIFF round trip.

The fixture library (tests/fixtures/library) has Arabic and Chinese texts of the options this
file chooses in tests/fixtures/translations, laid over it with --translations as a ministry's
own language folder would be.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from agreement_kit.conventions import (direction, fmt_date, fmt_number, join_list,
                                       language_name, numbered, spaced, words)
from agreement_kit.library.translations import compare_placeholders

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

PARAMS = """\
document: bilateral-labour-agreement
languages: [en, ar, zh]
parties:
  origin: {country: Nepal, names: {ar: {country: نيبال}, zh: {country: 尼泊尔}}}
  destination: {country: Jordan, names: {ar: {country: الأردن}, zh: {country: 约旦}}}
draft: {date: 2026-12-01}
clauses:
  recruitment-channel: private-agencies
  recruitment-costs: {option: worker-pays-related-costs, worker_cost_cap_usd: 1500}
  joint-committee: ad-hoc-consultations
"""


def test_cldr_conventions():
    """Headings, dates, numbers and lists as each language writes them, from CLDR."""
    assert numbered("{label} {n:spellout-ordinal-masculine}", 1, "fr", label="Article") == \
        "Article premier"
    assert numbered("第{n:spellout-numbering}{label}", 17, "zh", label="条") == "第十七条"
    assert numbered("الملحق {n:spellout-ordinal-masculine}", 2, "ar") == "الملحق الثاني"
    assert numbered("Annex {roman}", 14, "en") == "Annex XIV"
    assert fmt_date(date(2026, 12, 1), "fr") == "1er décembre 2026"  # the French first
    assert fmt_date(date(2026, 12, 2), "fr") == "2 décembre 2026"
    assert fmt_date(date(2026, 12, 1), "es") == "1 de diciembre de 2026"
    assert fmt_date(date(2026, 12, 1), "zh") == "2026年12月1日"
    assert fmt_date(date(2026, 12, 1), "en") == "1 December 2026"
    assert fmt_number(1234567, "fr") == "1\u202f234\u202f567"
    assert fmt_number(1234.5, "es") == "1234,5" or fmt_number(1234.5, "es") == "1.234,5"
    assert fmt_number(1234567, "en") == "1,234,567"
    assert join_list(["a", "b", "c"], lang="ru") == "a, b и c"
    assert join_list(["a", "b"], "or", lang="es") == "a o b"
    assert join_list(["a", "b", "c"], lang="en") == "a, b and c"
    assert language_name("ar", "fr") == "arabe"
    assert words(3, "ru") == "три" and words(3, "en") == "three"
    assert direction("ar") == "rtl" and direction("zh") == "ltr"
    assert spaced("« texte » ; oui : non ?", ";:?»", "«") == \
        "«\u202ftexte\u202f»\u202f; oui\u00a0: non\u202f?"


def test_placeholders_compared_across_languages():
    """A translation prints the same values, references, terms and details; the words
    around them (a blank's label, a term's shown form, the form vocabulary) are its own."""
    en = ("No {{ term('Employer') }} {{ form.shall }} pay USD {{ cap|number }} under "
          "{{ ref('joint-committee') }} at {{ blank('place') }}.")
    fr = ("Aucun {{ term('Employer', 'employeur') }} ne paie {{ cap|number }} USD selon "
          "{{ ref('joint-committee') }} à {{ blank('lieu') }}.")
    assert compare_placeholders(en, fr) == []
    lost = compare_placeholders(en, fr.replace("{{ cap|number }}", "1 500"))
    assert lost == ["loses the value cap"]
    invented = compare_placeholders(en, fr + " {{ ref('taxation') }}")
    assert invented == ["adds the reference to taxation, which the English text does not have"]


@pytest.fixture
def drafted(tmp_path, cli):
    params = tmp_path / "nepal-jordan.yaml"
    params.write_text(PARAMS, encoding="utf-8")
    out = tmp_path / "out"

    def run(*extra: str):
        result = cli("--translations", str(FIXTURES / "translations"), "draft", str(params),
                     "--library", str(FIXTURES / "library"), "--blueprints",
                     str(FIXTURES / "blueprints"), "-o", str(out), "--force", *extra)
        assert result.exit_code == 0, result.output
        return out
    return run


def _paragraphs(docx: Path):
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return root.findall(f".//{W}body//{W}p")


def test_arabic_docx_reads_right_to_left(drafted):
    """Every paragraph of the Arabic DOCX is a bidi paragraph, its Arabic runs are
    right-to-left runs, a Latin stretch ("USD") is a run of its own without w:rtl, the
    tables read right to left, and the styles name Noto Naskh Arabic for Arabic text."""
    out = drafted("-f", "docx,md")
    docx = out / "nepal-jordan.ar.docx"
    paras = [p for p in _paragraphs(docx) if "".join(p.itertext()).strip()]
    assert paras and all(p.find(f"{W}pPr/{W}bidi") is not None for p in paras)
    runs = [r for p in paras for r in p.iter(f"{W}r") if r.find(f"{W}t") is not None]
    arabic = [r for r in runs if any("\u0600" <= c <= "\u06ff" for c in r.find(f"{W}t").text)]
    assert arabic and all(r.find(f"{W}rPr/{W}rtl") is not None for r in arabic)
    latin = [r for r in runs if "USD" in r.find(f"{W}t").text]
    assert latin and all(r.find(f"{W}rPr/{W}rtl") is None for r in latin)
    with zipfile.ZipFile(docx) as z:
        document = z.read("word/document.xml").decode()
        styles = z.read("word/styles.xml").decode()
        footer = z.read("word/footer1.xml").decode()
    assert "<w:bidiVisual/>" in document
    assert 'w:cs="Noto Naskh Arabic"' in styles
    assert "الصفحة" in footer and "Page " not in footer
    text = (out / "nepal-jordan.ar.md").read_text(encoding="utf-8")
    assert "### المادة 1: " in text and "الجزء الأول" in text
    assert "Article" not in text and "Part I" not in text


def test_arabic_html_and_pdf(drafted, tmp_path):
    """The HTML is dir="rtl" in an Arabic face; the PDF carries the Arabic text."""
    from pypdf import PdfReader

    out = drafted("-f", "html,pdf")
    html = (out / "nepal-jordan.ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "Noto Naskh Arabic" in html and '<bdi dir="ltr">USD)</bdi>' in html
    text = "".join(page.extract_text() for page in PdfReader(out / "nepal-jordan.ar.pdf").pages)
    assert "المادة" in text or "ةداملا" in text  # extraction order varies by tool


def test_chinese_numbering_and_setting(drafted):
    """第一条 in the Markdown and, through Word's Chinese counting, in the DOCX; Chinese
    paragraphs set flush (no justification gaps), Noto Serif CJK SC for East Asian text."""
    out = drafted("-f", "docx,md,html")
    text = (out / "nepal-jordan.zh.md").read_text(encoding="utf-8")
    assert "### 第一条\u3000" in text and "### 第三条\u3000" in text and "第一部分" in text
    with zipfile.ZipFile(out / "nepal-jordan.zh.docx") as z:
        numbering = z.read("word/numbering.xml").decode()
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
    assert 'w:val="第%1条"' in numbering and 'w:val="chineseCounting"' in numbering
    assert 'w:eastAsia="Noto Serif CJK SC"' in styles
    assert 'w:jc w:val="both"' not in document + styles
    html = (out / "nepal-jordan.zh.html").read_text(encoding="utf-8")
    assert "Noto Serif CJK SC" in html and "text-align: left" in html


def test_each_language_its_own_file_and_english_unchanged(drafted):
    """One file per authentic text; the English text is the English library's."""
    out = drafted("-f", "md")
    assert sorted(p.name for p in out.iterdir()) == [
        "nepal-jordan.ar.md", "nepal-jordan.en.md", "nepal-jordan.zh.md"]
    en = (out / "nepal-jordan.en.md").read_text(encoding="utf-8")
    assert "### Article 1:" in en and "Part I" in en


def test_parallel_edition_aligns_every_article(drafted):
    """--edition parallel: one row per unit in every language, articles side by side, the
    Arabic column right to left, in DOCX, PDF and HTML."""
    import docx as python_docx

    out = drafted("-f", "docx,pdf,html", "--edition", "parallel")
    assert sorted(p.name for p in out.iterdir()) == [
        "nepal-jordan.parallel.docx", "nepal-jordan.parallel.html", "nepal-jordan.parallel.pdf"]
    doc = python_docx.Document(str(out / "nepal-jordan.parallel.docx"))
    table = doc.tables[0]
    headings = [[c.text for c in row.cells] for row in table.rows
                if row.cells[0].text.startswith("Article")]
    assert [h[0].split("\n")[0] for h in headings] == ["Article 1", "Article 2", "Article 3"]
    assert [h[1].split("\n")[0] for h in headings] == ["المادة 1", "المادة 2", "المادة 3"]
    assert [h[2].split("\n")[0] for h in headings] == ["第一条", "第二条", "第三条"]
    arabic_cell = table.rows[0].cells[1]._tc
    assert arabic_cell.find(f".//{W}bidi") is not None
    html = (out / "nepal-jordan.parallel.html").read_text(encoding="utf-8")
    assert html.count('dir="rtl"') > 10 and 'lang="zh"' in html


def test_parallel_needs_two_languages(cli, tmp_path):
    params = tmp_path / "one.yaml"
    params.write_text(PARAMS.replace("[en, ar, zh]", "[en]"), encoding="utf-8")
    result = cli("draft", str(params), "--library", str(FIXTURES / "library"), "--blueprints",
                 str(FIXTURES / "blueprints"), "-o", str(tmp_path / "out"), "-f", "docx",
                 "--edition", "parallel")
    assert result.exit_code == 1
    assert "two or three languages" in result.output


def test_unreviewed_translation_is_said_in_the_properties(drafted):
    """A draft from texts no lawyer has reviewed says so in its Word properties."""
    out = drafted("-f", "docx")
    with zipfile.ZipFile(out / "nepal-jordan.ar.docx") as z:
        custom = z.read("docProps/custom.xml").decode()
    assert "agreement-kit translation" in custom and "لم يراجعها" in custom
    with zipfile.ZipFile(out / "nepal-jordan.en.docx") as z:
        assert "agreement-kit translation" not in z.read("docProps/custom.xml").decode()


def test_xliff_export_then_import_is_the_identity(cli, tmp_path):
    """The library's texts out as XLIFF 2.0 with the Arabic fixture texts as targets, then
    back: the same translation files; a target that loses a placeholder is refused."""
    import yaml

    xlf = tmp_path / "ar.xlf"
    args = ["--translations", str(FIXTURES / "translations")]
    lib = ["--library", str(FIXTURES / "library"), "--blueprints", str(FIXTURES / "blueprints")]
    result = cli(*args, "translations", "export", "--lang", "ar", "-o", str(xlf), *lib)
    assert result.exit_code == 0, result.output
    text = xlf.read_text(encoding="utf-8")
    assert 'xmlns="urn:oasis:names:tc:xliff:document:2.0"' in text and "<ph " in text
    result = cli(*args, "translations", "import", str(xlf), "-o", str(tmp_path / "back"), *lib)
    assert result.exit_code == 0, result.output
    source = FIXTURES / "translations" / "ar"
    for rel in ["bla/recruitment-costs.yaml", "bla/recruitment-channel.yaml",
                "bla/joint-committee.yaml", "common/definitions.yaml"]:
        assert yaml.safe_load((tmp_path / "back" / "ar" / rel).read_text(encoding="utf-8")) \
            == yaml.safe_load((source / rel).read_text(encoding="utf-8")), rel
    bad = tmp_path / "bad.xlf"
    # drop the placeholder of the cap from its Arabic target
    start = text.index('<unit id="options.worker-pays-related-costs.text">')
    target = text.index("<target>", start)
    end = text.index("</target>", target)
    segment = text[target:end]
    at = segment.index('disp="{{ worker_cost_cap_usd|number }}"')
    ph = segment[segment.rindex("<ph", 0, at):segment.index("/>", at) + 2]
    bad.write_text(text[:target] + segment.replace(ph, "", 1) + text[end:], encoding="utf-8")
    result = cli(*args, "translations", "import", str(bad), "-o", str(tmp_path / "bad"), *lib)
    assert result.exit_code == 1 and "loses" in result.output
    assert not (tmp_path / "bad").exists()


def test_lint_reports_coverage_per_language(cli):
    result = cli("lint")
    assert result.exit_code == 0, result.output
    for lang in ("ar", "es", "fr", "ru", "zh"):
        assert f"{lang} " in result.output.splitlines()[-1]
    assert "languages: en (source)" in result.output


def test_unknown_language_on_options(cli):
    result = cli("options", "recruitment-costs", "--lang", "xx")
    assert result.exit_code == 2 and "no texts in 'xx'" in result.output


def test_missing_face_is_a_clear_error(monkeypatch):
    """No Arabic face installed: a message naming the font and its package, never a PDF of
    empty boxes."""
    from agreement_kit.errors import UserError
    from agreement_kit.render import pdf

    monkeypatch.setattr(pdf, "_FACES_FOUND", {"Noto Naskh Arabic": False})
    with pytest.raises(UserError, match="Noto Naskh Arabic.*fonts-noto-core"):
        pdf.require_faces(["ar"])
    pdf.require_faces(["en", "fr"])  # Latin and Cyrillic: the house faces, nothing to check


def test_prevailing_text_named_in_every_language(drafted, tmp_path):
    """draft.prevailing: the closing formula of each authentic text says which text prevails,
    naming it in that text's own language (and case)."""
    params = tmp_path / "nepal-jordan.yaml"
    params.write_text(PARAMS.replace("draft: {date: 2026-12-01}",
                                     "draft: {date: 2026-12-01, prevailing: en}"), encoding="utf-8")
    out = drafted("-f", "md")
    en = (out / "nepal-jordan.en.md").read_text(encoding="utf-8")
    ar = (out / "nepal-jordan.ar.md").read_text(encoding="utf-8")
    zh = (out / "nepal-jordan.zh.md").read_text(encoding="utf-8")
    assert "in two originals. In case of divergence of interpretation, the English text shall " \
           "prevail." in en
    assert "يُعتدّ بالنص الإنجليزي" in ar
    assert "以英文本为准。" in zh


def test_prevailing_must_be_an_authentic_text(cli, tmp_path):
    params = tmp_path / "p.yaml"
    params.write_text(PARAMS.replace("draft: {date: 2026-12-01}",
                                     "draft: {date: 2026-12-01, prevailing: fr}"), encoding="utf-8")
    result = cli("validate", str(params), "--library", str(FIXTURES / "library"),
                 "--blueprints", str(FIXTURES / "blueprints"))
    assert result.exit_code == 1 and "not one of the languages" in result.output


# --- the shipped library in every language ------------------------------------------------

NAMES = {
    "fr": ("la République des Philippines", "les Philippines",
           "la République fédérale d'Allemagne", "l'Allemagne"),
    "es": ("la República de Filipinas", "Filipinas", "la República Federal de Alemania",
           "Alemania"),
    "ar": ("جمهورية الفلبين", "الفلبين", "جمهورية ألمانيا الاتحادية", "ألمانيا"),
    "zh": ("菲律宾共和国", "菲律宾", "德意志联邦共和国", "德国"),
    "ru": ("Республика Филиппины", "Филиппины", "Федеративная Республика Германия", "Германия"),
}
THIRD = {"fr": "l'Espagne", "es": "España", "ar": "إسبانيا", "zh": "西班牙", "ru": "Испания"}
ENGLISH_WORDS = re.compile(r"\b(the|shall|and|of|with|worker|employer|agreement|contract|"
                           r"parties|party|article|annex|part|means|which|between)\b", re.I)
# English words that are words of the language too ("l'article", "les Parties", "employer")
ALSO_NATIVE = {"fr": {"article", "parties", "part", "employer"}}
DOCUMENTS = sorted(p.stem for p in (ROOT / "model_contracts").glob("*.yaml"))


def _shipped_params(tmp_path: Path, document: str, lang: str) -> Path:
    import yaml

    country, short, country2, short2 = NAMES[lang]
    data = {
        "document": document, "languages": [lang],
        "parties": {
            "origin": {"country": "Republic of the Philippines", "short": "the Philippines",
                       "names": {lang: {"country": country, "short": short}}},
            "destination": {"country": "Federal Republic of Germany", "short": "Germany",
                            "names": {lang: {"country": country2, "short": short2}}}},
        "draft": {"date": "2026-12-01"},
    }
    blueprint = yaml.safe_load((ROOT / "model_contracts" / f"{document}.yaml").read_text())
    if blueprint.get("multilateral"):  # three States, each named in the language too
        origin, destination = data["parties"]["origin"], data["parties"]["destination"]
        third = {"country": "Kingdom of Spain", "short": "Spain",
                 "names": {lang: {"country": THIRD[lang], "short": THIRD[lang]}}}
        data["parties"] = [origin, destination, third]
    path = tmp_path / f"{document}-{lang}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", sorted(NAMES))
def test_every_document_drafts_in_each_language_with_no_english_left(cli, tmp_path, lang):
    """Each of the nine documents drafts in French, Spanish, Arabic, Chinese and Russian from
    the shipped translations, and no English word is left in the text (the comment line aside)."""
    for document in DOCUMENTS:
        params = _shipped_params(tmp_path, document, lang)
        result = cli("draft", str(params), "-o", str(tmp_path / "out"), "-f", "md", "--force")
        assert result.exit_code == 0, (document, result.output)
        text = (tmp_path / "out" / f"{params.stem}.md").read_text(encoding="utf-8")
        body = text.split("\n", 1)[1]  # the comment line carries the file's own status
        left = sorted({m.group(0) for m in ENGLISH_WORDS.finditer(body)
                       if m.group(0).lower() not in ALSO_NATIVE.get(lang, set())})
        assert left == [], (document, lang, left)


def test_french_first_article_is_article_premier_in_docx_and_pdf(cli, tmp_path):
    """French numbers its first article apart: "Article premier" in the PDF and in the DOCX,
    where that heading is written out and Word's list starts the rest at 2."""
    import docx as python_docx
    from pypdf import PdfReader

    params = _shipped_params(tmp_path, "bilateral-labour-agreement", "fr")
    result = cli("draft", str(params), "-o", str(tmp_path / "out"), "-f", "docx,pdf")
    assert result.exit_code == 0, result.output
    doc = python_docx.Document(str(tmp_path / "out" / f"{params.stem}.docx"))
    headings = [p for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[0].text.startswith("Article premier\t")
    assert headings[0]._p.find(f".//{W}numPr") is None
    assert headings[1]._p.find(f".//{W}numPr") is not None
    with zipfile.ZipFile(tmp_path / "out" / f"{params.stem}.docx") as z:
        assert '<w:startOverride w:val="2"/>' in z.read("word/numbering.xml").decode()
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "out" / f"{params.stem}.pdf").pages)
    assert "Article premier" in text and "Article 2" in text


def test_redline_annotated_brief_review_in_arabic(cli, tmp_path):
    """compare, the annotated edition, brief and review on Arabic drafts: the redline's
    tracked changes are in Arabic and right to left, the annotated edition is marked
    internal, the review and the brief list the clauses by their Arabic titles."""
    import docx as python_docx

    common = ["--library", str(FIXTURES / "library"), "--blueprints", str(FIXTURES / "blueprints")]
    tr = ["--translations", str(FIXTURES / "translations")]
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    arabic = PARAMS.replace("[en, ar, zh]", "[ar]")
    old.write_text(arabic, encoding="utf-8")
    new.write_text(arabic.replace("worker_cost_cap_usd: 1500", "worker_cost_cap_usd: 900"),
                   encoding="utf-8")
    result = cli(*tr, "compare", str(old), str(new), "-o", str(tmp_path / "cmp"), "-f", "docx",
                 *common)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "cmp" / "new-redline.docx") as z:
        document = z.read("word/document.xml").decode()
    deleted = re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", document)
    inserted = re.findall(r"<w:ins [^>]*>.*?<w:t[^>]*>([^<]*)</w:t>", document, re.S)
    assert any("1,500" in t for t in deleted) and any("900" in t for t in inserted)
    assert "<w:bidi/>" in document
    result = cli(*tr, "draft", str(old), "-o", str(tmp_path / "ann"), "-f", "docx",
                 "--edition", "annotated", *common)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ann" / "old-internal.docx").exists()
    result = cli(*tr, "review", str(old), "-f", "md", *common)
    assert result.exit_code == 0, result.output
    assert "قنوات الاستقدام وتنظيم جهات الاستقدام" in result.output
    result = cli(*tr, "brief", str(old), "--against", str(new), "-o", str(tmp_path / "brief"),
                 "-f", "docx", *common)
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in python_docx.Document(
        str(tmp_path / "brief" / "old-brief.docx")).paragraphs)
    assert "رسوم الاستقدام والتكاليف المتصلة بها" in text


def test_chinese_pdf_never_starts_a_line_with_closing_punctuation(cli, tmp_path):
    """Chinese lines break between characters, never before ，。；：）、” (the item labels
    （一） keep together in their column)."""
    from pypdf import PdfReader

    params = _shipped_params(tmp_path, "employment-contract-domestic-work", "zh")
    result = cli("draft", str(params), "-o", str(tmp_path / "out"), "-f", "pdf")
    assert result.exit_code == 0, result.output
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "out" / f"{params.stem}.pdf").pages)
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) > 200 and "（一）" in text
    assert [line for line in lines if line[0] in "，。；：）、”"] == []


def test_per_party_annex_range_in_each_language(cli, tmp_path):
    """ref('party-annex') in a four-State agreement: "annexes I à IV" in French, a phrase of
    its own in each language, never "annexe I à annexe IV"."""
    import yaml

    source = yaml.safe_load((ROOT / "examples" / "regional-labour-mobility-west-africa.yaml")
                            .read_text(encoding="utf-8"))
    want = {"fr": "annexes I à IV", "es": "anexos I a IV", "ru": "приложения I–IV",
            "ar": "الملاحق من الأول إلى الرابع", "zh": "附件一至四"}
    for lang, phrase in want.items():
        source["languages"] = [lang]
        params = tmp_path / f"regional-{lang}.yaml"
        params.write_text(yaml.safe_dump(source, allow_unicode=True), encoding="utf-8")
        result = cli("draft", str(params), "-o", str(tmp_path / "out"), "-f", "md")
        assert result.exit_code == 0, result.output
        text = (tmp_path / "out" / f"regional-{lang}.md").read_text(encoding="utf-8")
        assert phrase in text, lang


def test_compare_redlines_each_authentic_text(cli, tmp_path):
    """Files drafted in English and Arabic give a redline of each text, NAME-redline.en.docx
    and NAME-redline.ar.docx; the Arabic one tracks the Arabic text and reads right to left."""
    common = ["--library", str(FIXTURES / "library"), "--blueprints", str(FIXTURES / "blueprints")]
    tr = ["--translations", str(FIXTURES / "translations")]
    both = PARAMS.replace("[en, ar, zh]", "[en, ar]")
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(both, encoding="utf-8")
    new.write_text(both.replace("worker_cost_cap_usd: 1500", "worker_cost_cap_usd: 900"),
                   encoding="utf-8")
    result = cli(*tr, "compare", str(old), str(new), "-o", str(tmp_path / "cmp"), "-f", "docx",
                 *common)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "cmp").iterdir()) == [
        "new-redline.ar.docx", "new-redline.en.docx"]
    for lang in ("en", "ar"):
        with zipfile.ZipFile(tmp_path / "cmp" / f"new-redline.{lang}.docx") as z:
            document = z.read("word/document.xml").decode()
        deleted = "".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", document))
        assert "1,500" in deleted or "1500" in deleted
        assert ("<w:bidi/>" in document) == (lang == "ar")
        assert ("المادة" in document) == (lang == "ar")
    english = tmp_path / "en.yaml"
    english.write_text(PARAMS.replace("[en, ar, zh]", "[en]"), encoding="utf-8")
    result = cli(*tr, "compare", str(english), str(new), "-o", str(tmp_path / "one"), "-f",
                 "docx", *common)
    assert result.exit_code == 0, result.output  # English in both: its redline alone
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["new-redline.docx"]
    arabic = tmp_path / "ar.yaml"
    arabic.write_text(PARAMS.replace("[en, ar, zh]", "[zh]"), encoding="utf-8")
    result = cli(*tr, "compare", str(arabic), str(english), "-o", str(tmp_path / "none"),
                 *common)
    assert result.exit_code != 0 and "one language" in result.output


def test_arabic_pdf_hangs_numbers_as_word_does(drafted):
    """Right to left, a paragraph's number stands at the margin and every line of its text
    10 mm in (an item's 20 mm); an article's number at the margin, its title 28 mm in.
    (WeasyPrint sets text-indent at the left end of a right-to-left line: the column is made
    without it.)"""
    from weasyprint import HTML

    html = (drafted("-f", "html") / "nepal-jordan.ar.html").read_text(encoding="utf-8")
    pages = [page._page_box for page in HTML(string=html).render().pages]
    mm = 96 / 25.4

    def boxes(box, cls):
        """The boxes of elements of class `cls` under `box` (not their own anonymous parts)."""
        for child in getattr(box, "children", []):
            element = getattr(child, "element", None)
            if element is not None and cls in (element.get("class") or "").split() \
                    and element is not getattr(box, "element", None):
                yield child
            else:
                yield from boxes(child, cls)

    def text_ends(p):
        """The right end of the text of each line of `p`, its number left out."""
        for line in (b for b in p.descendants() if type(b).__name__ == "LineBox"):
            texts = [t for t in line.descendants() if type(t).__name__ == "TextBox"
                     and "num" not in (t.element.get("class") or "").split()]
            if texts:
                yield max(t.position_x + t.width for t in texts)

    checked = 0
    for kind, text_in in (("numbered", 10), ("item", 20)):
        for p in (p for page in pages for p in boxes(page, kind)):
            right = p.border_box_x() + p.border_width()
            for num in boxes(p, "num"):  # (not on the page a paragraph runs on to)
                num_right = num.border_box_x() + num.border_width()
                assert abs(num_right - (right - (text_in - 10) * mm)) < 1
            ends = list(text_ends(p))
            for end in ends:  # each line's text ends at the same edge: the text column
                assert abs(end - (right - text_in * mm)) < 1.5, (kind, end, right)
            checked += len(ends) > 1
    assert checked >= 2
    for heading in (h for page in pages for h in boxes(page, "article-heading")):
        right = heading.border_box_x() + heading.border_width()
        for number in boxes(heading, "article-number"):
            assert abs(number.border_box_x() + number.border_width() - right) < 1
            checked += 1
    assert checked >= 4
