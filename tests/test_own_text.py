"""The Parties' own wording in a parameter file (issue 13): title, recitals, omit, own articles.

Drafted with the real library and blueprints, into every format, and through compare, review
and brief; the mistakes are reported with file, line and field."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from conftest import write
from docx_reading import bookmarks, list_numbers, open_docx, ref_fields

BASE = """\
document: bilateral-labour-agreement
languages: [en]
title: {{en: "Agreement on the Regulation and Management of Labour Flows"}}
recitals:
  - "Desiring to organise the flows of workers in an orderly manner,"
  - {{en: "Noting {{{{ 7*7 }}}} as data,"}}
parties:
  origin: {{country: Kingdom of Morocco, short: Morocco}}
  destination: {{country: Kingdom of Spain, short: Spain}}
scope: {{sectors: [agriculture]}}
clauses:
{clauses}
articles:
  - id: offers-of-employment
    title: Communication of offers of employment
    after: selection
    text: |
      Offers of employment are sent to the authority named in {{ref:competent-authorities}}.

      Each offer states:
      - the job and {{{{ 7*7 }}}};
      - the wage.
  - id: annual-report
    title: {{en: Annual report}}
    after: offers-of-employment
    text: {{en: "The Parties report each year on the offers under {{ref:offers-of-employment}}."}}
draft: {{date: 2026-11-27}}
"""
CLAUSES = "  taxation: omit\n  reintegration: omit\n"


def params(tmp_path, clauses: str = CLAUSES, name: str = "own.yaml", text: str = BASE):
    return write(tmp_path / name, text.format(clauses=clauses or "  {}"))


def draft_of(path):
    from agreement_kit.assemble.pipeline import build_drafts

    return build_drafts(path)[0]


def test_every_construct_in_the_draft_model(tmp_path):
    d = draft_of(params(tmp_path))
    assert d.title == "Agreement on the Regulation and Management of Labour Flows"
    recitals = [p.text for p in d.preamble]
    assert recitals[-2:] == ["Desiring to organise the flows of workers in an orderly manner,",
                             "Noting {{ 7*7 }} as data,"]
    assert len(recitals) > 2  # after the library's recitals
    slots = [a.slot for a in d.articles()]
    assert "bla/taxation" not in slots and "bla/reintegration" not in slots
    i = slots.index("bla/selection")
    assert slots[i + 1:i + 3] == ["own/offers-of-employment", "own/annual-report"]
    own = d.article("offers-of-employment")
    assert own.option == "own" and own.protection is None and own.number == i + 2
    assert [p.number for p in own.paragraphs] == ["1.", "2.", "(a)", "(b)"]
    assert own.paragraphs[0].text.endswith(f"{d.article('competent-authorities').label}.")
    assert "{{ 7*7 }}" in own.paragraphs[2].text  # data: never evaluated
    report = d.article("annual-report")
    assert report.paragraphs[0].text.endswith(f"under {own.label}.")
    numbers = [a.number for a in d.articles()]
    assert numbers == list(range(1, len(numbers) + 1))  # the omitted slots leave no gap


def test_every_format(tmp_path, cli):
    path = params(tmp_path)
    out = tmp_path / "out"
    result = cli("draft", path, "-o", out, "-f", "docx,pdf,html,md,json")
    assert result.exit_code == 0, result.output
    d = draft_of(path)
    own = d.article("offers-of-employment")
    title = "Agreement on the Regulation and Management of Labour Flows"

    md = (out / "own.md").read_text()
    assert f"\n# {title}\n" in md
    assert f"## {own.label}: Communication of offers of employment" in md
    assert "{{ 7\\*7 }}" in md and "Desiring to organise the flows" in md
    assert "Taxation" not in md

    data = json.loads((out / "own.json").read_text())
    assert data["title"] == title
    arts = [a for p in data["parts"] for a in p["articles"]]
    found = next(a for a in arts if a["slot"] == "own/offers-of-employment")
    assert found["option"] == "own" and found["protection"] is None
    assert found["label"] == own.label

    html = (out / "own.html").read_text()
    assert f"<title>{title}</title>" in html and 'id="art-own-offers-of-employment"' in html
    assert "{{ 7*7 }}" in html

    pdf = PdfReader(io.BytesIO((out / "own.pdf").read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert title in text.replace("\n", " ")
    assert "Communication of offers of employment" in text and "{{ 7*7 }}" in text
    assert pdf.metadata.title == title

    doc = open_docx((out / "own.docx").read_bytes())
    assert doc.core_properties.title == title
    rows = list_numbers(doc)
    heading = next(r for r in rows if r[2] == "Communication of offers of employment")
    assert heading[1] == own.label  # Word's own numbering gives the Draft's number
    labels = [r[1] for r in rows[rows.index(heading) + 1:rows.index(heading) + 5]]
    assert labels == ["1.", "2.", "(a)", "(b)"]
    marks = bookmarks(doc)
    mark = next(k for k, text in marks.items() if text == "Communication of offers of employment")
    assert (mark, own.label) in ref_fields(doc)  # the own article cited is a REF field


def test_omitting_an_article_before_renumbers_references(tmp_path):
    before = draft_of(params(tmp_path, "  taxation: omit\n", "a.yaml"))
    after = draft_of(params(tmp_path, "  taxation: omit\n  objectives: omit\n", "b.yaml"))
    old, new = before.article("offers-of-employment"), after.article("offers-of-employment")
    assert new.number == old.number - 1
    cite = after.article("annual-report").paragraphs[0].text
    assert cite.endswith(f"under {new.label}.")


def test_compare_shows_own_article_added_and_changed(tmp_path, cli):
    old = params(tmp_path, name="old.yaml",
                 text=BASE.replace("  - id: annual-report", "  - id: zzz-unused-marker")
                 .split("  - id: zzz-unused-marker")[0] + "draft: {{date: 2026-11-27}}\n")
    new = params(tmp_path, name="new.yaml",
                 text=BASE.replace("Offers of employment are sent", "Offers are sent"))
    result = cli("compare", old, new, "-o", tmp_path / "cmp", "-f", "html")
    assert result.exit_code == 0, result.output
    assert "+ own/annual-report: added, own (not from the library)" in result.output
    assert ("~ own/offers-of-employment: wording: own (not from the library) -> own "
            "(not from the library)") in result.output


def test_review_and_brief_list_own_articles(tmp_path, cli):
    path = params(tmp_path)
    result = cli("review", path, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["rows"]
    own = next(r for r in rows if r["slot"] == "own/offers-of-employment")
    assert own["protection"] == "not from the library" and own["option"] == "own"
    assert not any(r["slot"] == "bla/taxation" for r in rows)

    from agreement_kit.assemble.pipeline import open_negotiation
    from agreement_kit.negotiate.brief import build_brief

    negotiation, library, blueprints = open_negotiation(path)
    brief = build_brief(negotiation, library, blueprints, negotiation)
    item = next(i for i in brief.items if i.slot == "own/annual-report")
    assert item.proposal.protection == "not from the library" and item.against.verdict == "same"
    assert not any(i.slot == "bla/taxation" for i in brief.items)
    result = cli("brief", path, "-o", tmp_path / "brief", "-f", "html")
    assert result.exit_code == 0, result.output
    assert "not from the library" in (tmp_path / "brief" / "own-brief.html").read_text()


def test_annotated_edition_and_checks(tmp_path, cli):
    path = params(tmp_path)
    assert cli("check", path).exit_code == 0
    result = cli("draft", path, "-o", tmp_path / "a", "-f", "html", "--edition", "annotated")
    assert result.exit_code == 0, result.output
    assert "not from the library" in next((tmp_path / "a").glob("*.html")).read_text()


def _error(cli, path, *args):
    result = cli("validate", path, *args)
    assert result.exit_code == 1, result.output
    return result.output


def test_unknown_after(tmp_path, cli):
    path = write(tmp_path / "p.yaml", BASE.format(clauses="  {}").replace("after: selection",
                                                                            "after: selecton"))
    out = _error(cli, path)
    assert f"{path}:16: articles[0].after:" in out and "Did you mean 'selection'?" in out
    assert "Allowed:" in out


def test_duplicate_own_ids(tmp_path, cli):
    path = write(tmp_path / "p.yaml", BASE.format(clauses="  {}").replace("id: annual-report",
                                                                            "id: offers-of-employment"))
    out = _error(cli, path)
    assert f"{path}:23: articles[1].id: own article id 'offers-of-employment' is given twice" in out


def test_omitting_a_required_slot(tmp_path, cli):
    path = params(tmp_path, "  entry-into-force: omit\n")
    out = _error(cli, path)
    assert f"{path}:12: clauses.entry-into-force: slot 'entry-into-force' cannot be left out" in out
    assert "document 'bilateral-labour-agreement' requires it" in out


def test_dangling_reference_to_an_omitted_slot(tmp_path, cli):
    # from an own article: found by validate, at the line of the omit
    path = params(tmp_path, "  competent-authorities: {option: designated-ministries}\n"
                  "  selection: omit\n")
    text = path.read_text().replace("{ref:competent-authorities}", "{ref:selection}")
    path.write_text(text)
    out = _error(cli, path)
    assert f"{path}:13: clauses.selection: own article 'offers-of-employment'" in out
    assert "{ref:selection}" in out


def test_dangling_library_reference_to_an_omitted_slot(tmp_path, cli):
    # a library text that cites the omitted slot: the referring clause and its option are named
    from agreement_kit.library.clauses import load_library
    lib = load_library()
    from agreement_kit.library.templating import analyse
    citing = None
    for slot in lib.slots.values():
        if slot.family != "bla":
            continue
        for opt in slot.options:
            if slot.default_option is not opt:
                continue
            _, calls = analyse(opt.text.get("en", ""))
            targets = [a[0] for n, a, _ in calls if n == "ref" and a and a[0]]
            if "joint-committee" in targets:
                citing = (slot, opt)
    if citing is None:
        pytest.skip("no default bla text cites joint-committee")
    path = params(tmp_path, "  joint-committee: omit\n")
    result = cli("draft", path, "-o", tmp_path / "x", "-f", "md")
    assert result.exit_code == 1
    assert f"{path}:12: clauses.joint-committee:" in result.output
    assert f"(option '{citing[1].id}') refers to 'joint-committee'" in result.output


def test_schema_knows_the_new_keys(cli):
    result = cli("schema")
    schema = json.loads(result.output)
    assert {"title", "recitals", "articles"} <= set(schema["properties"])
    case = next(c for c in schema["allOf"]
                if c["if"]["properties"]["document"]["const"] == "bilateral-labour-agreement")
    props = case["then"]["properties"]["clauses"]["properties"]
    assert {"const": "omit"} .items() <= props["taxation"]["anyOf"][1].items()
    assert "anyOf" not in props["entry-into-force"] or \
        all(s.get("const") != "omit" for s in props["entry-into-force"].get("anyOf", []))
