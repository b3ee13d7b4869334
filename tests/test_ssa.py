"""Social security agreement: branch chapters follow the chosen branches; references hold."""

import pytest

from agreement_kit.library.clauses import load_library

from library_drafts import check_findings, draft_round, all_text, branch_subsets, check_clean, draft_with, option_rounds

BRANCHES = ["old-age", "invalidity", "survivors", "employment-injury", "sickness", "maternity",
            "unemployment", "family-benefits"]
CHAPTER = {"sickness-maternity": {"sickness", "maternity"}, "invalidity": {"invalidity"},
           "old-age-survivors": {"old-age", "survivors"},
           "employment-injury": {"employment-injury"}, "unemployment": {"unemployment"},
           "family-benefits": {"family-benefits"}}


def chapters(draft):
    slots = {a.slot.split("/", 1)[1] for a in draft.articles()}
    return {name for name in CHAPTER if name in slots}


def test_every_branch_combination_drafts_with_the_right_chapters(tmp_path):
    count = 0
    for subset in branch_subsets(BRANCHES):
        d = draft_with(tmp_path, "social-security-agreement",
                       {"material-scope": {"option": "comprehensive", "branches": list(subset)}})
        expected = {name for name, needs in CHAPTER.items() if needs & set(subset)}
        assert chapters(d) == expected, subset
        check_clean(d)  # includes: every cross-reference shows its target's current number
        count += 1
    assert count == 255


def test_options_limit_branches(tmp_path):
    d = draft_with(tmp_path, "social-security-agreement",
                   {"material-scope": {"option": "pensions-only", "branches": BRANCHES}})
    assert chapters(d) == {"invalidity", "old-age-survivors"}


def test_aggregation_reference_follows_renumbering(tmp_path):
    small = draft_with(tmp_path, "social-security-agreement",
                       {"material-scope": {"option": "comprehensive", "branches": ["old-age"]}})
    label = small.article("applicable-legislation").label
    text = all_text(small)
    assert label in text
    check_clean(small)


def test_detached_worker_months_print_from_parameters(tmp_path):
    d = draft_with(tmp_path, "social-security-agreement",
                   {"detached-workers": {"option": "detachment", "max_months": 36,
                                         "extension_months": 18}})
    text = "\n".join(p.text for p in d.article("detached-workers").paragraphs)
    assert "36 months" in text and "18 months" in text
    d = draft_with(tmp_path, "social-security-agreement",
                   {"detached-workers": {"option": "detachment", "max_months": 24,
                                         "extension_months": 0}})
    text = "\n".join(p.text for p in d.article("detached-workers").paragraphs)
    assert "24 months" in text and "further period" not in text


@pytest.mark.parametrize("document", ["social-security-agreement",
                                      "social-security-administrative-arrangement"])
def test_every_option_drafts(tmp_path, document):
    for clauses in option_rounds(document):
        draft = draft_round(tmp_path, document, clauses)
        check_clean(draft)
        # zero findings, warnings included, for every option above below-floor
        assert check_findings(draft) == [], check_findings(draft)[:10]


def test_portability_options_in_the_agreement(tmp_path):
    lib = load_library()
    slot = lib.slots["bla/social-security"]
    for opt in slot.options:
        d = draft_with(tmp_path, "bilateral-labour-agreement", {"social-security": opt.id})
        check_clean(d)
    d = draft_with(tmp_path, "bilateral-labour-agreement",
                   {"social-security": "origin-welfare-fund"})
    text = "\n".join(p.text for p in d.article("social-security").paragraphs).lower()
    assert "welfare fund" in text
