"""Assembly: options, conditions, numbering, cross-references, definitions, provenance."""

import pytest

from agreement_kit.model.draft import Ref, Term
from agreement_kit.errors import UserError
from agreement_kit.assemble.pipeline import build_drafts

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS, write

GOOD = FIX_PARAMS.read_text()


def draft_of(tmp_path, text):
    return build_drafts(write(tmp_path / "p.yaml", text), FIX_LIBRARY, FIX_BLUEPRINTS)[0]


def test_articles_numbered_in_order_across_parts(care_draft):
    labels = [(a.label, a.slot) for a in care_draft.articles()]
    assert labels == [("Article 1", "common/definitions"),
                      ("Article 2", "bla/recruitment-channel"),
                      ("Article 3", "bla/recruitment-costs"),
                      ("Article 4", "bla/care-workers"),
                      ("Article 5", "bla/joint-committee")]
    assert [p.number for p in care_draft.parts] == ["Part I", "Part II", "Part III"]


def test_paragraphs_and_items_numbered(care_draft):
    costs = care_draft.article("recruitment-costs")
    numbers = [p.number for p in costs.paragraphs]
    assert numbers == ["1.", "2.", "(a)", "(b)", "(c)", "(d)", "(e)", "3."]
    single = care_draft.article("care-workers")
    assert [p.number for p in single.paragraphs] == [None]  # one paragraph: no number


def test_cross_references_resolve_to_numbers(care_draft):
    refs = [r for a in care_draft.articles() for p in a.paragraphs for r in p.inlines
            if isinstance(r, Ref)]
    by_target = {r.target: r.text for r in refs}
    assert by_target["joint-committee"] == "Article 5"
    assert by_target["recruitment-channel"] == "Article 2"
    assert "established under Article 5" in care_draft.article("recruitment-costs").paragraphs[1].text


def test_references_follow_renumbering(tmp_path):
    # without the care sector the sector article drops out and the committee becomes Article 4
    d = draft_of(tmp_path, GOOD.replace("[health-care, elderly-care]", "[construction]"))
    assert d.article("care-workers") is None
    assert d.article("joint-committee").label == "Article 4"
    assert "established under Article 4" in d.article("recruitment-costs").paragraphs[1].text


def test_definitions_only_used_terms_alphabetical(care_draft, tmp_path):
    assert [d.term for d in care_draft.definitions] == ["Joint Committee",
                                                        "Recruitment Fees and Related Costs"]
    items = care_draft.article("definitions").paragraphs
    assert items[1].text.startswith("\u201cJoint Committee\u201d means the joint committee")
    assert items[-1].text.endswith(".") and items[1].text.endswith(";")
    # an option that uses no defined term drops that definition
    d = draft_of(tmp_path, GOOD.replace("employer-pays-cost-table", "worker-pays-related-costs")
                 .replace("option: standing-committee", "option: ad-hoc-consultations"))
    assert d.article("definitions") is None
    assert d.articles().__next__().label == "Article 1"


def test_annex_condition_and_reference(care_draft, tmp_path):
    assert [a.number for a in care_draft.annexes] == ["Annex I"]
    d = draft_of(tmp_path, GOOD.replace("employer-pays-cost-table", "employer-pays"))
    assert d.annexes == []


def test_template_looking_values_print_literally(tmp_path):
    d = draft_of(tmp_path, GOOD.replace("country: Federal Republic of Germany",
                                        'country: "Republic of {{ 7*7 }} {% raw %}"'))
    assert d.title.endswith("Republic of {{ 7*7 }} {% raw %} on Labour Migration")
    assert "49" not in d.title


def test_values_cannot_open_paragraphs(tmp_path):
    d = draft_of(tmp_path, GOOD.replace("registered nurse", '"nurse\\n\\n- injected item"'))
    text = d.article("care-workers").paragraphs
    assert len(text) == 1 and "nurse - injected item" in text[0].text


def test_parameters_reach_text(care_draft):
    jc = care_draft.article("joint-committee")
    assert "three representatives" in jc.paragraphs[0].text
    assert "meet twice a year" in jc.paragraphs[-1].text


def test_terms_marked_in_text(care_draft):
    runs = care_draft.article("joint-committee").paragraphs[0].inlines
    assert any(isinstance(r, Term) and r.key == "Joint Committee" for r in runs)


def test_provenance(care_draft):
    p = care_draft.provenance
    assert p.library_version and len(p.parameters_hash) == 64
    assert p.choices["bla/joint-committee"]["option"] == "standing-committee"
    assert p.choices["bla/joint-committee"]["parameters"]["meetings_per_year"] == 2


def test_same_input_same_draft():
    a = build_drafts(FIX_PARAMS, FIX_LIBRARY, FIX_BLUEPRINTS)[0].to_dict()
    b = build_drafts(FIX_PARAMS, FIX_LIBRARY, FIX_BLUEPRINTS)[0].to_dict()
    assert a == b


def test_sandbox_refuses_python_internals(library_copy, tmp_path):
    slot = library_copy / "bla" / "care-workers.yaml"
    slot.write_text(slot.read_text().replace(
        "{{ form.Parties }}", "{{ form.__class__.__mro__[1].__subclasses__() }}"))
    with pytest.raises(UserError) as err:
        build_drafts(FIX_PARAMS, library_copy, FIX_BLUEPRINTS)
    assert "sandbox" in str(err.value) or "unsafe" in str(err.value)
    assert "care-workers.yaml" in str(err.value)


def test_sandbox_bounds_repetition(library_copy):
    slot = library_copy / "bla" / "care-workers.yaml"
    slot.write_text(slot.read_text().replace("{{ form.Parties }}", "{{ 'x' * 100000000 }}"))
    with pytest.raises(UserError, match="sandbox"):
        build_drafts(FIX_PARAMS, library_copy, FIX_BLUEPRINTS)
