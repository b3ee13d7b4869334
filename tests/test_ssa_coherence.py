"""Social security agreement and its administrative arrangement read as one set of texts
(issue 11, item 3): legislation for every branch in scope, a chapter and an institution for it,
no list pointed at that does not exist, references across the two documents that follow the
agreement's numbering, one reimbursement rule, and a clean `agreement-kit check`."""

import re
from pathlib import Path

import pytest
import yaml

from agreement_kit.assemble.pipeline import build_drafts, draft_findings, drafts_and_library
from library_drafts import check_clean, draft_with

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(ROOT.glob("examples/ssa-*.yaml"))
SHARED = Path("/work/shared/examples/ssa-morocco-spain.yaml")
BRANCHES = ["old-age", "invalidity", "survivors", "employment-injury", "sickness", "maternity",
            "unemployment", "family-benefits"]
CHAPTER = {"old-age": "old-age-survivors", "survivors": "old-age-survivors",
           "invalidity": "invalidity", "employment-injury": "employment-injury",
           "sickness": "sickness-maternity", "maternity": "sickness-maternity",
           "unemployment": "unemployment", "family-benefits": "family-benefits"}
LABEL = {"old-age": "old-age pensions", "invalidity": "invalidity pensions",
         "survivors": "survivors' pensions",
         "employment-injury": "accidents at work and occupational diseases",
         "sickness": "sickness benefits", "maternity": "maternity and paternity benefits",
         "unemployment": "unemployment benefits", "family-benefits": "family benefits"}


def text_of(article):
    return "\n".join(p.text for p in article.paragraphs)


def slots(draft):
    return {a.slot.split("/", 1)[1]: a for a in draft.articles()}


def load(path):
    return build_drafts(path)[0]


def test_every_branch_in_scope_has_legislation_for_both_parties_and_a_chapter():
    d = load(ROOT / "examples/ssa-philippines-germany.yaml")
    params = yaml.safe_load((ROOT / "examples/ssa-philippines-germany.yaml").read_text())
    given = params["clauses"]["material-scope"]
    scope = slots(d)["material-scope"]
    paras = scope.paragraphs
    for party, short in (("origin", "For the Philippines"), ("destination", "For Germany")):
        lead = next(i for i, p in enumerate(paras) if p.text.startswith(short))
        items = []
        for p in paras[lead + 1:]:
            if p.level == 0:
                break
            items.append(p.text)
        assert len(items) == len(given["branches"])
        for branch, item in zip(given["branches"], items):
            law = given[f"{party}_law_{branch.replace('-', '_')}"]
            assert item.rstrip(";.").endswith(law), (branch, item)
    for branch in given["branches"]:
        assert CHAPTER[branch] in slots(d)


def test_legislation_not_given_prints_a_blank_for_each_party(tmp_path):
    d = draft_with(tmp_path, "social-security-agreement",
                   {"material-scope": {"option": "comprehensive", "branches": ["old-age", "unemployment"]}})
    text = text_of(slots(d)["material-scope"])
    for short in ("the Philippines", "Germany"):
        for label in ("old-age pensions", "unemployment benefits"):
            assert f"legislation of {short} on {label}" in text
    assert "unemployment" in slots(d) and "family-benefits" not in slots(d)


def test_every_branch_in_scope_has_an_institution_in_the_arrangement(tmp_path):
    for branches in (["old-age"], ["sickness", "family-benefits"], BRANCHES):
        d = draft_with(tmp_path, "social-security-administrative-arrangement",
                       {"material-scope": {"option": "comprehensive", "branches": branches}})
        text = text_of(slots(d)["competent-institutions"])
        for b in BRANCHES:
            assert (f"as regards {LABEL[b]}," in text) == (b in branches), (b, branches)
        assert text.count("institution of the Philippines for") == len(branches)
        assert text.count("institution of Germany for") == len(branches)
        check_clean(d)


def test_definitions_cover_territory_national_institutions():
    d = load(ROOT / "examples/ssa-philippines-germany.yaml")
    terms = {x.term for x in d.definitions}
    assert {"Territory", "National", "Institution", "Competent Institution", "Liaison Body",
            "Legislation", "Benefit"} <= terms


def test_the_list_article_5_points_to_is_in_the_arrangement():
    agreement = load(ROOT / "examples/ssa-philippines-germany.yaml")
    arrangement = load(ROOT / "examples/ssa-admin-philippines-germany.yaml")
    export = slots(agreement)["export-of-benefits"]
    assert "listed in the Administrative Arrangement" in text_of(export)
    listed = slots(arrangement)["residence-based-benefits"]
    assert f"referred to in {export.label} of the Agreement" in text_of(listed)


def test_no_list_without_its_article(tmp_path):
    d = draft_with(tmp_path, "social-security-administrative-arrangement",
                   {"export-of-benefits": {"option": "full-export",
                                           "keep_non_contributory_residence_based": False}})
    assert "residence-based-benefits" not in slots(d)


def test_arrangement_cites_agreement_articles_by_number():
    agreement = load(ROOT / "examples/ssa-philippines-germany.yaml")
    arrangement = load(ROOT / "examples/ssa-admin-philippines-germany.yaml")
    text = "\n".join(p.text for p in arrangement.all_paragraphs())
    assert "provision of the Agreement" not in text and "provision on" not in text
    a = slots(agreement)
    assert f"For the application of {a['detached-workers'].label} of the Agreement" in \
        text_of(slots(arrangement)["certificates-of-coverage"])
    assert f"{a['administrative-cooperation'].label} of the Agreement" in \
        text_of(slots(arrangement)["claim-procedure"])
    opening = " ".join(p.text for p in arrangement.opening)
    assert f"acting under {a['administrative-cooperation'].label} of the Agreement" in opening


def test_arrangement_references_follow_the_agreements_renumbering(tmp_path):
    def numbers(branches):
        clauses = {"material-scope": {"option": "comprehensive", "branches": branches}}
        agreement = draft_with(tmp_path, "social-security-agreement", clauses)
        arrangement = draft_with(tmp_path, "social-security-administrative-arrangement", clauses)
        want = slots(agreement)["administrative-cooperation"].label
        got = re.findall(r"(Article \d+) of the Agreement",
                         text_of(slots(arrangement)["claim-procedure"]))
        assert got == [want]
        return want
    few, many = numbers(["old-age"]), numbers(BRANCHES)
    assert few != many  # the branch chapters come before administrative cooperation
    # a slot left out before detached-workers: the certificate article follows
    small = draft_with(tmp_path, "social-security-administrative-arrangement", {})
    assert "Article 8 of the Agreement" in text_of(slots(small)["certificates-of-coverage"])


@pytest.mark.parametrize("method,agreement_words,arrangement_words", [
    ("actual-cost", "at actual cost", "the actual cost as shown in the accounts"),
    ("lump-sum", "by means of lump sums", "monthly lump sum per person"),
    ("waived", "waive reimbursement", "waive reimbursement"),
])
def test_one_reimbursement_rule_in_both_texts(tmp_path, method, agreement_words,
                                              arrangement_words):
    clauses = {"sickness-maternity": {"reimbursement": method}}
    agreement = draft_with(tmp_path, "social-security-agreement", clauses)
    arrangement = draft_with(tmp_path, "social-security-administrative-arrangement", clauses)
    assert agreement_words in text_of(slots(agreement)["sickness-maternity"])
    text = text_of(slots(arrangement)["reimbursement"])
    assert arrangement_words in text
    for other in ("the actual cost as shown in the accounts", "monthly lump sum per person",
                  "waive reimbursement"):
        if other != arrangement_words:
            assert other not in text
    # the method given in the arrangement's own slot is the same value
    same = draft_with(tmp_path, "social-security-administrative-arrangement",
                      {"reimbursement": {"method": method}})
    assert arrangement_words in text_of(slots(same)["reimbursement"])


def test_two_reimbursement_methods_are_refused(tmp_path):
    from agreement_kit.errors import UserError
    with pytest.raises(UserError):
        draft_with(tmp_path, "social-security-administrative-arrangement",
                   {"sickness-maternity": {"reimbursement": "lump-sum"},
                    "reimbursement": {"method": "actual-cost"}})


def test_administrative_assistance_free_except_medical_examinations():
    agreement = load(ROOT / "examples/ssa-philippines-germany.yaml")
    arrangement = load(ROOT / "examples/ssa-admin-philippines-germany.yaml")
    assert "free of charge, except for the costs of medical examinations" in \
        text_of(slots(agreement)["administrative-cooperation"])
    text = "\n".join(p.text for p in arrangement.all_paragraphs())
    assert "administrative checks shall be reimbursed" not in text.lower()
    assert "Administrative checks shall be carried out free of charge" in \
        text_of(slots(arrangement)["medical-checks"])


@pytest.mark.parametrize("path", EXAMPLES + ([SHARED] if SHARED.exists() else []),
                         ids=lambda p: str(p))
def test_ssa_examples_check_clean(path):
    found = draft_findings(*drafts_and_library(path))
    assert found == [], [f.line(str(path)) for _, f in found]
