"""Regional and multilateral instruments (issue 15): parties as a list of States, per-Party
annexes and values, the treaty machinery, and the two-party form left as it was.

The drafts are read back as a reader sees them: the DOCX with python-docx (paragraphs, the
signature tables, REF fields and bookmarks), the PDF with pypdf."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
import yaml
from pypdf import PdfReader

from agreement_kit.errors import UserError
from agreement_kit.inputs.params import Parties, load_params
from agreement_kit.model.draft import Ref
from agreement_kit.render.docx import render_docx
from agreement_kit.render.pdf import render_pdf

from conftest import EXAMPLES, write
from docx_reading import bookmarks, open_docx, ref_fields, signature_blocks
from library_drafts import BASE, all_text, check_clean, check_findings, draft_round, draft_with, \
    option_rounds

FOUR = [
    {"country": "Republic of Ghana", "short": "Ghana", "id": "gh",
     "authority": "Ministry of Employment and Labour Relations",
     "signatory": {"name": "Ama Mensah", "title": "Minister for Employment"}},
    {"country": "Federal Republic of Nigeria", "short": "Nigeria", "id": "ng",
     "authority": "Federal Ministry of Labour and Employment",
     "signatory": {"name": "Chidi Okafor", "title": "Minister of Labour"}},
    {"country": "Republic of Senegal", "short": "Senegal",
     "authority": "Ministry of Labour", "signatory": {"name": "Awa Diop", "title": "Minister"}},
    {"country": "Republic of Côte d'Ivoire", "short": "Côte d'Ivoire",
     "authority": "Ministry of Employment",
     "signatory": {"name": "Kouadio Yao", "title": "Minister of Employment"}},
]
COUNTRIES = [p["country"] for p in FOUR]
RLMA = "regional-labour-mobility-agreement"
MSSA = "multilateral-social-security-agreement"
ARRANGEMENT = "multilateral-social-security-arrangement"


def regional(tmp_path, clauses=None, parties=FOUR, document=RLMA):
    return draft_with(tmp_path, document, clauses or {}, parties=parties)


def text_before_agreed(draft) -> str:
    """The opening words and the recitals: what stands before "Have agreed as follows"."""
    return " ".join(p.text for p in draft.opening + draft.preamble)


def pdf_pages(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


# --- a four-Party agreement, every Party where a treaty section looks for it --------------------

@pytest.fixture(scope="module")
def four_party(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("four")
    draft = regional(tmp, {"entry-into-force-ratifications": {"ratifications_required": 4},
                           "party-annex": {"contact_point": {"gh": "Ghana Desk",
                                                             "ng": "Nigeria Desk"}}})
    return draft, render_docx(draft), render_pdf(draft)


def test_every_party_in_the_title_preamble_annexes_and_signatures(four_party):
    draft, _, _ = four_party
    for country in COUNTRIES:
        assert country in draft.title
        assert country in text_before_agreed(draft)
    assert [a.title for a in draft.annexes] == [f"Schedule of the {c}" for c in COUNTRIES]
    assert [a.number for a in draft.annexes] == ["Annex I", "Annex II", "Annex III", "Annex IV"]
    headings = [s.heading[0].text for s in draft.signatures]
    assert headings == [f"For the Government of the {c}" for c in COUNTRIES]
    assert [s.name[0].text for s in draft.signatures] == [p["signatory"]["name"] for p in FOUR]
    check_clean(draft)


def test_docx_shows_every_party_and_a_signature_block_each(four_party):
    draft, data, _ = four_party
    doc = open_docx(data)
    paras = [p.text.strip() for p in doc.paragraphs]
    assert doc.core_properties.title == draft.title
    assert any(all(c in t for c in COUNTRIES) for t in paras)  # the opening words
    for country in COUNTRIES:
        assert f"Schedule of the {country}" in paras
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    blocks = signature_blocks(doc)
    for p in FOUR:
        block = next(c for c in blocks if f"For the Government of the {p['country']}" in c)
        assert p["signatory"]["name"] in block and p["signatory"]["title"] in block
    # two blocks to a row, no row split across pages; the template's two-block table is gone
    sig_tables = [t for t in doc.tables if "For the Government" in t.rows[0].cells[0].text]
    assert len(sig_tables) == 2 and all(len(t.columns) == 2 for t in sig_tables)
    assert not any("agreement-kit: signature blocks" in c for c in cells)


def test_pdf_shows_every_party_on_title_page_annexes_and_signature_page(four_party):
    draft, _, data = four_party
    pages = pdf_pages(data)
    for country in COUNTRIES:
        assert country in pages[0]  # the title page
        assert any(f"Schedule of the {country}" in p for p in pages[2:])
    signature_page = next(p for p in pages if "In witness whereof" in p)
    for p in FOUR:
        assert f"For the Government of the {p['country']}" in " ".join(pages)
        assert p["signatory"]["name"] in " ".join(pages)
    assert "For the Government of the Republic of Ghana" in signature_page


def test_entry_into_force_follows_the_ratification_count(tmp_path):
    def eif(clauses):
        d = regional(tmp_path, {"entry-into-force-ratifications": clauses})
        return " ".join(p.text for p in d.article("entry-into-force-ratifications").paragraphs)

    text = eif({"ratifications_required": 4})
    assert "on the thirtieth day after the date of deposit of the fourth instrument of " \
           "ratification, acceptance, approval or accession" in text
    assert "after the deposit of the fourth instrument" in text
    assert "of its own instrument" in text  # each later State
    assert "seventh instrument" in eif({"ratifications_required": 7})
    assert "25th instrument" in eif({"ratifications_required": 25, "days_after_deposit": 60})
    assert "sixtieth day" in eif({"ratifications_required": 25, "days_after_deposit": 60})
    month = eif({"option": "first-day-of-month", "ratifications_required": 5,
                 "months_after_deposit": 3})
    assert "first day of the third month following the month in which the fifth instrument" \
        in month


def test_references_to_per_party_annexes_resolve_to_the_right_numbers(four_party, tmp_path):
    draft, data, _ = four_party
    scope = draft.article("scope-and-categories")
    refs = [r for p in scope.paragraphs for r in p.inlines if isinstance(r, Ref)]
    assert [(r.target, r.text) for r in refs] == [("party-annex@gh", "I"), ("party-annex@cote-d-ivoire", "IV")]
    assert "(Annexes I to IV)" in " ".join(p.text for p in scope.paragraphs)
    # one Party's annex, from the Parties' own text: the number its annex has
    own = {"id": "nigeria-desk", "title": "Nigerian desk", "after": "national-contact-points",
           "text": "The contact point in {ref:party-annex@ng} and that in {ref:party-annex@cote-d-ivoire}."}
    d = draft_with(tmp_path, RLMA, {}, parties=FOUR, articles=[own])
    text = " ".join(p.text for p in d.article("own/nigeria-desk").paragraphs)
    assert "in Annex II and that in Annex IV" in text
    # the order of parties: is the order of the annexes
    d = regional(tmp_path, parties=[FOUR[1], FOUR[0], FOUR[2], FOUR[3]])
    assert d.annexes[0].id == "party-annex@ng" and d.annexes[0].title.endswith("Nigeria")
    # in the DOCX, each REF field points at the bookmark on that annex's heading
    doc = open_docx(data)
    marks = bookmarks(doc)
    annex_refs = [(name, cached) for name, cached in ref_fields(doc) if cached in ("I", "IV")]
    assert annex_refs
    for name, cached in annex_refs:
        assert marks[name].startswith("Schedule of the Republic of Ghana" if cached == "I"
                                      else "Schedule of the Republic of Côte d'Ivoire")


def test_per_party_values_print_in_each_partys_annex(tmp_path):
    d = regional(tmp_path, {"party-annex": {
        "residence_from": {"gh": date(2027, 7, 1), "ng": date(2028, 1, 1)},
        "transitional_quota": {"ng": 25000}, "quota_until": {"ng": date(2030, 12, 31)},
        "contact_point": "Regional desk"}})
    annex = {a.id.split("@")[1]: " ".join(p.text for p in a.paragraphs) for a in d.annexes}
    assert "from 1 July 2027" in annex["gh"] and "from 1 January 2028" in annex["ng"]
    assert "Nigeria may limit to 25,000 a year" in annex["ng"]
    assert "31 December 2030" in annex["ng"]
    assert "Ghana applies no transitional quota" in annex["gh"]
    assert all("Regional desk" in t for t in annex.values())  # one value for every Party
    assert "[date: ____________]" in annex["senegal"]  # not given: a blank to fill in


def test_review_and_brief_show_each_partys_position(tmp_path):
    from agreement_kit.assemble.pipeline import open_negotiation
    from agreement_kit.negotiate.brief import build_brief
    from agreement_kit.negotiate.review import review

    data = {**BASE, "document": RLMA, "parties": FOUR, "clauses": {"party-annex": {
        "transitional_quota": {"ng": 25000, "cote-d-ivoire": 8000}, "contact_point": "Desk"}}}
    path = write(tmp_path / "ours.yaml", yaml.safe_dump(data, sort_keys=False))
    negotiation, library, blueprints = open_negotiation(path)
    row = next(r for r in review(negotiation, library, blueprints).rows
               if r.slot == "regional/party-annex")
    assert row.where == "Annex I, Annex II, Annex III, Annex IV"
    assert row.title == "Schedule of a Party"
    assert row.parameters["transitional_quota"] == \
        "Ghana: 0; Nigeria: 25,000; Senegal: 0; Côte d'Ivoire: 8,000"
    assert row.parameters["contact_point"] == "Desk"  # the same for every Party: shown once

    theirs = dict(data, clauses={"party-annex": {"transitional_quota": {"ng": 40000, "cote-d-ivoire": 8000},
                                                 "contact_point": "Desk"}})
    their_path = write(tmp_path / "theirs.yaml", yaml.safe_dump(theirs, sort_keys=False))
    data["clauses"]["party-annex"]["acceptable"] = {"transitional_quota": {"max": 30000}}
    write(path, yaml.safe_dump(data, sort_keys=False))
    ours, library, blueprints = open_negotiation(path)
    their_negotiation, _, _ = open_negotiation(their_path)
    brief = build_brief(ours, library, blueprints, their_negotiation)
    item = next(i for i in brief.items if i.slot == "regional/party-annex")
    assert item.proposal.parameters["transitional_quota"].startswith("Ghana: 0; Nigeria: 25,000")
    assert item.against.verdict == "outside our range"
    assert any("Nigeria: 40,000" in n and "at most 30,000" in n for n in item.against.notes)
    assert "negotiating with" not in brief.origin  # the renderer's sentence lists every State
    assert brief.destination == "Republic of Côte d'Ivoire"
    assert brief.origin.count(",") == 2


def test_compare_lists_a_change_of_one_partys_value(tmp_path):
    from agreement_kit.negotiate.compare import compare_drafts, summary

    old = regional(tmp_path, {"party-annex": {"transitional_quota": {"ng": 25000}}})
    new = regional(tmp_path, {"party-annex": {"transitional_quota": {"ng": 40000}}})
    text = summary(compare_drafts(old, new))
    assert "regional/party-annex: parameters" in text
    assert "transitional_quota[ng]: 25000 -> 40000" in text


def test_every_option_of_every_slot_drafts(tmp_path):
    for document, parties in ((RLMA, FOUR), (MSSA, FOUR[:3]), (ARRANGEMENT, FOUR)):
        for clauses in option_rounds(document):
            path = tmp_path / "p.yaml"
            data = {**BASE, "document": document, "parties": parties, "clauses": clauses}
            path.write_text(yaml.safe_dump(data, sort_keys=False))
            d = _draft_dropping_off(tmp_path, document, clauses, parties)
            check_clean(d)
            assert not check_findings(d, errors_only=True), (document, clauses)


def _draft_dropping_off(tmp_path, document, clauses, parties):
    clauses = dict(clauses)
    while True:
        try:
            return draft_with(tmp_path, document, clauses, parties=parties)
        except UserError as exc:
            off = [p.field.split(".", 1)[1] for p in exc.problems
                   if p.field and "will not be drafted" in p.message]
            if not off:
                raise
            for name in off:
                clauses.pop(name, None)


def test_multilateral_social_security_agreement_and_arrangement(tmp_path):
    d = regional(tmp_path, {"party-annex": {
        "legislation": {"gh": ["National Pensions Act"]},
        "liaison_body": {"ng": "Pension Commission"}}}, document=MSSA)
    assert [a.title for a in d.annexes] == [
        f"Legislation, authorities, institutions and liaison body of the {c}" for c in COUNTRIES]
    ghana = " ".join(p.text for p in d.annexes[0].paragraphs)
    assert "National Pensions Act" in ghana and "Ministry of Employment and Labour" in ghana
    assert "Pension Commission" in " ".join(p.text for p in d.annexes[1].paragraphs)
    text = all_text(d)
    assert "under the Legislation of every other Contracting Party, whatever their number" in text
    assert "total periods completed under the Legislation of all the Contracting Parties " \
           "concerned" in text  # pro-rata from each
    assert "resides or stays in the territory of another Contracting Party" in text  # export
    material = " ".join(p.text for p in d.article("material-scope").paragraphs)
    assert "listed for it in its annex (Annexes I to IV)" in material
    check_clean(d)
    a = regional(tmp_path, document=ARRANGEMENT)
    general = " ".join(p.text for p in a.article("arrangement-general").paragraphs)
    assert "(Annexes I to IV of the Agreement)" in general
    assert "acting under Article" in " ".join(p.text for p in a.opening)
    assert len(a.signatures) == 4


def test_the_examples_check_clean_and_name_four_or_more_parties():
    from agreement_kit.assemble.pipeline import build_drafts

    for name in ("regional-labour-mobility-west-africa", "multilateral-ssa-caribbean",
                 "multilateral-ssa-admin-caribbean"):
        path = EXAMPLES / f"{name}.yaml"
        params, _ = load_params(path)
        assert params.multilateral and len(params.parties) >= 4
        for d in build_drafts(path):
            assert check_findings(d) == [], name
            assert len(d.signatures) == len(params.parties)


# --- the two-party form, as it was -----------------------------------------------------------

def test_two_party_form_keeps_its_model_and_texts(tmp_path):
    path = EXAMPLES / "ssa-philippines-germany.yaml"
    params, _ = load_params(path)
    assert isinstance(params.parties, Parties) and not params.multilateral
    ctx = params.common_context()
    assert ctx["origin"]["short"] == "the Philippines" and ctx["destination"]["short"] == "Germany"
    assert [p["id"] for p in ctx["parties"]] == ["origin", "destination"]
    from agreement_kit.assemble.pipeline import build_drafts

    text = all_text(build_drafts(path)[0])
    # the texts that branch for several Parties print their two-party words
    for words in ("between the two countries", "the Legislation of one or both Contracting "
                  "Parties", "territory of the other Contracting Party", "of either Contracting "
                  "Party"):
        assert words in text, words
    for words in ("another Contracting Party", "among their", "one or more Contracting"):
        assert words not in text, words
    bla = all_text(build_drafts(EXAMPLES / "bla-philippines-germany-care.yaml")[0])
    assert "“Migrant Worker” means a national of the Sending State who is recruited" in bla
    assert "“Competent Authority” means the authority of each Party responsible for applying " \
           "this Agreement, namely the Department of Migrant Workers" in bla


# --- bad input, with file, line, field and a way out -------------------------------------------

def _problems(tmp_path, data) -> list[str]:
    from agreement_kit.assemble.pipeline import open_negotiation

    path = write(tmp_path / "bad.yaml", yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(UserError) as exc:
        open_negotiation(path)
    return [str(p) for p in exc.value.problems]


def test_a_list_of_two_states_is_refused_with_the_mapping_form(tmp_path):
    (msg,) = _problems(tmp_path, {**BASE, "document": RLMA, "parties": FOUR[:2]})
    assert "bad.yaml:3: parties: lists 2 States" in msg
    assert "3 or more States" in msg and "parties: {origin: {country: ...}" in msg


def test_a_multilateral_document_refuses_origin_and_destination(tmp_path):
    (msg,) = _problems(tmp_path, {**BASE, "document": RLMA})
    assert msg.startswith(f"{tmp_path / 'bad.yaml'}:3: parties: document '{RLMA}' is a regional "
                          "or multilateral instrument: give parties as a list of three or more "
                          "States")
    assert "Did you mean 'bilateral-labour-agreement'?" in msg


def test_a_two_party_document_refuses_a_list(tmp_path):
    (msg,) = _problems(tmp_path, {**BASE, "document": "social-security-agreement",
                                  "parties": FOUR})
    assert ":3: parties: document 'social-security-agreement' has two Parties: give parties as " \
           "origin: and destination:, not a list of 4 States." in msg
    assert "Did you mean 'multilateral-social-security-agreement'?" in msg


def test_bad_states_and_per_party_values_are_named(tmp_path):
    dup = [FOUR[0], {**FOUR[1], "id": "gh"}, FOUR[2]]
    (msg,) = _problems(tmp_path, {**BASE, "document": RLMA, "parties": dup})
    assert "parties[0] and parties[1] both have the id 'gh'" in msg
    twice = [FOUR[0], FOUR[1], {**FOUR[0], "id": "gh2"}]
    (msg,) = _problems(tmp_path, {**BASE, "document": RLMA, "parties": twice})
    assert "are both 'Republic of Ghana'" in msg
    typo = [FOUR[0], {**FOUR[1], "contry": "x"}, FOUR[2]]
    (msg,) = _problems(tmp_path, {**BASE, "document": RLMA, "parties": typo})
    assert "parties[1].contry: unknown key 'contry'. Did you mean 'country'?" in msg
    msgs = _problems(tmp_path, {**BASE, "document": RLMA, "parties": FOUR, "clauses": {
        "party-annex": {"transitional_quota": {"ngr": 5, "gh": -1}},
        "reservations": {"reservable": ["disputes-among-partys"]}}})
    assert any("clauses.party-annex.transitional_quota.ngr: 'ngr' is not the id of a Party of "
               "this document. Did you mean 'ng'? The Parties' ids: gh, ng, senegal, "
               "cote-d-ivoire" in m for m in msgs)
    assert any("clauses.party-annex.transitional_quota.gh: must be at least 0" in m for m in msgs)
    assert any("clauses.reservations.reservable[0]: 'disputes-among-partys' is not a slot of "
               "this document. Did you mean 'disputes-among-parties'?" in m for m in msgs)


def test_schema_covers_the_list_form(tmp_path):
    import jsonschema

    from agreement_kit.library.schema import parameter_schema

    schema = parameter_schema()
    validator = jsonschema.Draft202012Validator(schema)
    good = json.loads(json.dumps({**BASE, "document": RLMA, "parties": FOUR, "clauses": {
        "party-annex": {"residence_from": {"gh": "2027-07-01"}, "transitional_quota": 100}}}))
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors({**good, "parties": FOUR[:2]}))  # fewer than three
    assert list(validator.iter_errors({**good, "parties": BASE["parties"]}))  # the pair form
    assert list(validator.iter_errors({**good, "document": "social-security-agreement",
                                       "clauses": {}}))  # a two-party document, a list
    bad_value = json.loads(json.dumps(good))
    bad_value["clauses"]["party-annex"]["transitional_quota"] = {"gh": -5}
    assert list(validator.iter_errors(bad_value))


def test_pdf_embeds_the_list_form_and_drafts_the_same_bytes_again(tmp_path, cli):
    src = EXAMPLES / "regional-labour-mobility-west-africa.yaml"
    assert cli("draft", src, "-o", tmp_path / "a", "-f", "pdf").exit_code == 0
    pdf = tmp_path / "a" / "regional-labour-mobility-west-africa.pdf"
    back = tmp_path / "back.yaml"
    assert cli("params-from", pdf, "-o", back).exit_code == 0
    assert cli("draft", back, "-o", tmp_path / "b", "-f", "pdf").exit_code == 0
    assert (tmp_path / "b" / "back.pdf").read_bytes() == pdf.read_bytes()
