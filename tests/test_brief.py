"""The delegation brief: every clause with our positions, and verdicts against the other side."""

import io

import pytest

from agreement_kit.assemble.assembler import assemble
from agreement_kit.negotiate.brief import (ABSENT, OTHER_VALUES, OUTSIDE, SAME, WITHIN, build_brief,
                                           describe_range, within, word_changes)
from agreement_kit.assemble.pipeline import open_negotiation
from agreement_kit.render.brief import (render_brief_docx, render_brief_html,
                                        render_brief_pdf)
from agreement_kit.assemble.placements import placements

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIXTURES, write

OURS = FIXTURES / "params-ours.yaml"
THEIRS = FIXTURES / "params-theirs.yaml"


def negotiation(path):
    return open_negotiation(path, FIX_LIBRARY, FIX_BLUEPRINTS)


def brief(theirs=None, full=True):
    ours, library, blueprints = negotiation(OURS)
    return build_brief(ours, library, blueprints, negotiation(theirs)[0] if theirs else None,
                       full=full)


def item(b, slot):
    return next(i for i in b.items if i.slot == "bla/" + slot)


def verdicts(b):
    return {i.slot.split("/")[1]: i.against.verdict for i in b.items}


def theirs_with(tmp_path, old, new):
    text = THEIRS.read_text()
    assert old in text
    return write(tmp_path / "theirs.yaml", text.replace(old, new))


def test_every_clause_of_the_document_in_order():
    ours, library, blueprints = negotiation(OURS)
    b = build_brief(ours, library, blueprints)
    draft = assemble(ours, library, blueprints)
    assert [i.slot for i in b.items] == [p.slot for p in placements(draft, blueprints, library)]
    assert [i.where for i in b.items] == [
        "Article 1", "Article 2", "Article 3, Annex I", "Article 4", "Article 5"]
    assert (b.ours_file, b.theirs_file) == ("params-ours.yaml", None)
    assert all(i.against is None for i in b.items)


def test_positions_and_options_table():
    costs = item(brief(), "recruitment-costs")
    assert costs.proposal.option == "employer-pays-cost-table"
    assert costs.proposal.parameters == {"refund_days": "30"}
    assert (costs.fallback, costs.walk_away) == (["employer-pays"], "employer-pays")
    assert costs.acceptable == {"refund_days": "from 14 to 45"}
    assert costs.commentary.startswith("Adds to the employer-pays rule")
    assert [(o.id, o.protection, o.roles) for o in costs.options] == [
        ("worker-pays-related-costs", "below-floor", []),
        ("employer-pays", "good-practice", ["fallback 1", "walk-away"]),
        ("employer-pays-cost-table", "best-practice", ["our proposal"])]
    assert costs.options[0].sources == ["ILO-GPOG, P7", "C181, Art. 7(1)"]
    assert costs.options[1].opening.startswith("No Recruitment Fees and Related Costs shall")
    care = item(brief(), "care-workers")
    assert not care.chosen and care.fallback == [] and care.walk_away is None


def test_verdicts_same_within_outside():
    b = brief(THEIRS)
    assert verdicts(b) == {"definitions": SAME, "recruitment-channel": SAME,
                           "recruitment-costs": OUTSIDE, "care-workers": SAME,
                           "joint-committee": WITHIN}
    costs = item(b, "recruitment-costs")
    assert costs.against.theirs.parameters == {"refund_days": "60"}
    assert costs.against.notes == [
        "their option is our fallback 1 (employer-pays)",
        "refund_days 60 (ours: 30) is outside what we accept (from 14 to 45)"]
    assert "their proposal" in costs.option("employer-pays").roles
    assert item(b, "joint-committee").against.notes == [
        "meetings_per_year 3 (ours: 2) is within what we accept (2, 3 or 4)"]


def test_fallback_with_acceptable_value_is_within(tmp_path):
    b = brief(theirs_with(tmp_path, "refund_days: 60", "refund_days: 45"))
    assert item(b, "recruitment-costs").against.verdict == WITHIN


def test_value_without_acceptable_range_is_outside(tmp_path):
    b = brief(theirs_with(tmp_path, "meetings_per_year: 3}",
                          "meetings_per_year: 3, members_per_party: 5}"))
    jc = item(b, "joint-committee").against
    assert jc.verdict == OUTSIDE
    assert "members_per_party 5 (ours: 3): we set no acceptable values" in jc.notes


def test_option_outside_the_ladder_and_walk_away(tmp_path):
    b = brief(theirs_with(tmp_path, "recruitment-channel: public-to-public",
                          "recruitment-channel: private-agencies"))
    ch = item(b, "recruitment-channel").against
    assert ch.verdict == OUTSIDE and "we set no walk-away" in ch.notes[0]
    b = brief(theirs_with(tmp_path, "{option: employer-pays, refund_days: 60}",
                          "{option: worker-pays-related-costs, refund_days: 30}"))
    costs = item(b, "recruitment-costs").against
    assert costs.verdict == OUTSIDE
    assert costs.notes == ["their option worker-pays-related-costs (below-floor) is weaker than "
                           "our walk-away employer-pays (good-practice)"]


def test_stronger_than_walk_away_is_within(tmp_path):
    ours_text = OURS.read_text().replace(
        "option: employer-pays-cost-table\n    fallback: [employer-pays]",
        "option: employer-pays\n    fallback: []")
    ours_file = write(tmp_path / "ours.yaml", ours_text)
    theirs_file = theirs_with(tmp_path, "{option: employer-pays, refund_days: 60}",
                              "{option: employer-pays-cost-table, refund_days: 30}")
    ours, library, blueprints = negotiation(ours_file)
    b = build_brief(ours, library, blueprints, negotiation(theirs_file)[0])
    costs = item(b, "recruitment-costs").against
    assert costs.verdict == WITHIN
    assert "is not weaker than our walk-away employer-pays" in costs.notes[0]


def test_clause_missing_from_their_draft(tmp_path):
    b = brief(theirs_with(tmp_path, "sectors: [health-care]", "sectors: [construction]"))
    care = item(b, "care-workers").against
    assert care.verdict == ABSENT and care.theirs is None


def test_within_and_describe_range():
    assert within(3, [2, 3, 4]) and not within(5, [2, 3, 4])
    assert within(14, {"min": 14, "max": 45}) and not within(46, {"min": 14, "max": 45})
    assert within(100, {"min": 14}) and not within("many", {"min": 1})
    assert within(["visa"], ["visa", "travel"]) and not within(["fee"], ["visa"])
    assert describe_range({"max": 5}) == "at most 5"
    assert describe_range(["USD", "EUR"]) == "USD or EUR"


# --- renderers -------------------------------------------------------------------------------

def test_docx_heading_per_clause_landscape_tables_deterministic():
    from docx import Document
    from docx.enum.section import WD_ORIENT

    b = brief(THEIRS)
    data = render_brief_docx(b)
    assert data == render_brief_docx(b)
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{i.where} \u00b7 {i.title}" for i in b.items] + ["Sources cited"]
    assert [s.orientation for s in doc.sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE]
    assert doc.sections[1].page_width > doc.sections[1].page_height
    summary, *options, legend = doc.tables
    assert len(options) == len(b.items)
    costs = item(b, "recruitment-costs")
    assert [c.text for c in summary.rows[3].cells] == [  # labels, not option ids
        "Article 3, Annex I", "Recruitment fees and related costs", costs.proposal.label,
        "best-practice", costs.option("employer-pays").label, OUTSIDE]
    assert "[fallback 1, walk-away, their proposal]" in options[2].rows[2].cells[0].text
    texts = [p.text for p in doc.paragraphs]
    assert "Verdict: Outside our range" in texts
    assert doc.core_properties.created.date().isoformat() == "2026-11-27"


def test_html_escapes_and_uses_landscape_pages():
    b = brief(THEIRS)
    b.items[0].options[0].commentary = "<script>alert(1)</script> & more"
    html = render_brief_html(b)
    assert "@page { size: A4 landscape" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html and "<script>" not in html
    assert html.count('<section class="clause"') == len(b.items)


def test_pdf_is_landscape_and_deterministic():
    from pypdf import PdfReader

    b = brief(THEIRS)
    data = render_brief_pdf(b)
    assert data.startswith(b"%PDF") and data == render_brief_pdf(b)
    reader = PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert box.width > box.height
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Delegation brief" in text and "Within our acceptable range" in text


@pytest.mark.parametrize("params", ["bla-philippines-germany-care", "mou-nepal-malaysia"])
def test_real_library_brief(params):
    from test_review import _real_library_problems

    from conftest import EXAMPLES

    if _real_library_problems():
        pytest.skip("`agreement-kit lint` reports problems in the shipped library")
    path = EXAMPLES / f"{params}.yaml"
    if not path.is_file():
        pytest.skip(f"{path.name} is not in examples/ yet")
    ours, library, blueprints = open_negotiation(path)
    b = build_brief(ours, library, blueprints, open_negotiation(path)[0])
    assert b.items and all(i.against.verdict == SAME for i in b.items)
    assert render_brief_docx(b).startswith(b"PK")


def test_other_values_in_the_same_option_are_a_difference(tmp_path):
    """Same option and parameters, but the text prints another quota: not 'same'."""
    from conftest import EXAMPLES

    path = EXAMPLES / "bla-philippines-germany-care.yaml"
    theirs = write(tmp_path / "theirs.yaml", path.read_text().replace(
        "annual_quota: 2000", "annual_quota: 1500"))
    assert "annual_quota: 1500" in theirs.read_text()
    ours, library, blueprints = open_negotiation(path)
    b = build_brief(ours, library, blueprints, open_negotiation(theirs)[0])
    changed = [i for i in b.items if i.against.verdict == OTHER_VALUES]
    assert changed, [(i.slot, i.against.verdict) for i in b.items]
    notes = " ".join(n for i in changed for n in i.against.notes)
    assert "[ours: 2,000 \u2192 theirs: 1,500]" in notes
    assert word_changes("up to 5 years in all", "up to 3 years in all") == [
        "\u2026 up to [ours: 5 \u2192 theirs: 3] years in all \u2026"]


def test_summary_by_labels_legend_and_clauses_not_at_stake_in_one_line():
    from docx import Document

    b = brief(THEIRS, full=False)
    settled = [i.slot for i in b.settled()]
    assert "common/definitions" in settled and "bla/recruitment-costs" not in settled
    assert all(not i.at_stake for i in b.settled()) and all(i.at_stake for i in b.entries())
    doc = Document(io.BytesIO(render_brief_docx(b)))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:len(b.entries())] == [f"{i.where} \u00b7 {i.title}" for i in b.entries()]
    assert headings[-2:] == ["Clauses at the library default, with nothing at stake",
                             "Sources cited"]
    summary, *_, settled_table, legend = doc.tables
    costs = item(b, "recruitment-costs")
    assert costs.proposal.label in [c.text for r in summary.rows for c in r.cells]
    assert costs.proposal.option not in [c.text for r in summary.rows for c in r.cells]
    assert len(settled_table.rows) == 1 + len(b.settled())
    legend_cells = {r.cells[0].text: r.cells[1].text for r in legend.rows[1:]}
    assert legend_cells["C181"] == "Private Employment Agencies Convention, 1997 (No. 181)"
    html = render_brief_html(b)
    assert html.count('<section class="clause"') == len(b.entries()) < len(b.items)
