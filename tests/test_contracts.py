"""Model employment contracts: every blueprint and option drafts; elements covered; annexed."""

import pytest

from agreement_kit.library.blueprints import load_blueprints
from agreement_kit.library.clauses import load_library

from library_drafts import check_findings, draft_round, all_text, check_clean, draft_with, option_rounds

CONTRACTS = ["employment-contract", "employment-contract-domestic-work",
             "employment-contract-seasonal-agriculture", "employment-contract-health-care",
             "employment-contract-construction"]


@pytest.mark.parametrize("document", CONTRACTS)
def test_each_contract_drafts_with_defaults_and_every_option(tmp_path, document):
    d = draft_with(tmp_path, document)
    check_clean(d)
    assert d.kind == "contract" and d.article_label == "Clause"
    assert check_findings(d) == []
    for clauses in option_rounds(document):
        draft = draft_round(tmp_path, document, clauses)
        check_clean(draft)
        assert check_findings(draft) == [], check_findings(draft)[:10]


@pytest.mark.parametrize("document", CONTRACTS)
def test_required_elements_covered_by_drafted_clauses(tmp_path, document):
    lib, bps = load_library(), load_blueprints()
    bp = bps.get(document)
    d = draft_with(tmp_path, document)
    covered = {el for a in d.articles() for el in lib.slots[a.slot].covers}
    assert bp.elements and set(bp.elements) <= covered, set(bp.elements) - covered


def test_domestic_contract_has_all_c189_article_7_elements(tmp_path):
    bp = load_blueprints().get("employment-contract-domestic-work")
    letters = "abcdefghijk"
    assert {f"c189-7{x}" for x in letters} | {"c189-8"} <= set(bp.elements)
    d = draft_with(tmp_path, "employment-contract-domestic-work")
    titles = [a.title.lower() for a in d.articles()]
    for needle in ("parties", "place of work", "duties", "wage", "hours", "rest", "probation",
                   "repatriation", "termination"):
        assert any(needle in t for t in titles), (needle, titles)


def test_individual_details_print_as_blanks_or_values(tmp_path):
    d = draft_with(tmp_path, "employment-contract-domestic-work")
    text = all_text(d)
    assert "[name of the worker: ____________]" in text
    d = draft_with(tmp_path, "employment-contract-domestic-work",
                   contract={"worker": {"name": "Ms A. Perera", "passport_number": "N1234567"},
                             "employer": {"name": "Mr B. Haddad"}})
    text = all_text(d)
    assert "Ms A. Perera" in text and "Mr B. Haddad" in text
    assert "[name of the worker" not in text


def test_money_prints_with_currency_code(tmp_path):
    d = draft_with(tmp_path, "employment-contract-domestic-work",
                   {"wages": {"option": "minimum-wage-or-agreed", "currency": "JOD",
                              "monthly_amount": 260}})
    assert "JOD 260.00" in all_text(d)


@pytest.mark.parametrize("sectors, expected", [
    (["domestic-work"], "Model Employment Contract for a Migrant Domestic Worker"),
    (["health-care"], "Model Employment Contract for a Migrant Health Worker"),
    (["construction"], "Model Employment Contract for a Migrant Construction Worker"),
    (["manufacturing"], "Model Employment Contract for a Migrant Worker"),
])
def test_agreement_annexes_the_contract_for_its_sector(tmp_path, sectors, expected):
    d = draft_with(tmp_path, "bilateral-labour-agreement", scope={"sectors": sectors})
    annex = next(a for a in d.annexes if a.id == "model-contract")
    assert annex.document.title == expected
    assert annex.number == f"Annex {['I', 'II', 'III', 'IV', 'V', 'VI'][d.annexes.index(annex)]}"
    art = d.article("employment-contract")
    refs = [r.text for p in art.paragraphs for r in p.inlines if type(r).__name__ == "Ref"]
    assert annex.number in refs  # the agreement cites the annex by its number
    check_clean(d)


def test_model_contract_parameter_overrides_sector(tmp_path):
    d = draft_with(tmp_path, "bilateral-labour-agreement", {"employment-contract": {
        "option": "standard-contract", "model_contract": "employment-contract-construction"}},
        scope={"sectors": ["domestic-work"]})
    annex = next(a for a in d.annexes if a.id == "model-contract")
    assert "Construction" in annex.document.title


def test_contract_annex_renders_into_docx_with_its_own_numbering(tmp_path):
    from agreement_kit.render.docx import render_docx
    from docx_reading import list_numbers, open_docx

    d = draft_with(tmp_path, "bilateral-labour-agreement", scope={"sectors": ["construction"]})
    rows = list_numbers(open_docx(render_docx(d)))
    clauses = [num for style, num, _ in rows if style == "Heading 2"]
    annexes = [num for style, num, _ in rows if style == "Annex Heading"]
    contract = next(a.document for a in d.annexes if a.document)
    assert clauses == [a.label for a in contract.articles()]
    assert annexes == [a.number for a in d.annexes]
