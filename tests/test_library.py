"""The shipped clause library: clean lint, every option drafts in both legal forms."""

import re

import pytest

from agreement_kit.library.lint import lint_library

from library_drafts import check_clean, check_findings, draft_round, draft_with, option_rounds


def test_shipped_library_lints_clean():
    problems, summary = lint_library()
    assert problems == [], [str(p) for p in problems][:20]
    slots = int(summary.split(" slots")[0])
    assert slots >= 120


def test_at_least_45_bla_slots(cli):
    r = cli("clauses", "list", "--family", "bla")
    assert r.exit_code == 0
    assert int(r.output.strip().splitlines()[-1].split()[0]) >= 45


@pytest.mark.parametrize("document", ["bilateral-labour-agreement", "memorandum-of-understanding"])
def test_every_option_of_every_slot_drafts(tmp_path, document):
    for clauses in option_rounds(document):
        draft = draft_round(tmp_path, document, clauses)
        check_clean(draft)
        assert check_findings(draft) == [], check_findings(draft)[:10]


def test_memorandum_has_no_binding_language(tmp_path):
    for clauses in option_rounds("memorandum-of-understanding"):
        d = draft_round(tmp_path, "memorandum-of-understanding", clauses)
        own = [d.title] + [p.text for p in d.opening + d.preamble + d.agreed + d.closing]
        own += [p.text for a in d.articles() for p in a.paragraphs]
        own += [p.text for an in d.annexes if an.slot for p in an.paragraphs]
        text = "\n".join(own)
        assert not re.search(r"\bshall\b", text), re.search(r".{60}\bshall\b.{20}", text)
        assert "Participants" in text and "this Agreement" not in text
        assert d.article_label == "Section" and not d.binding


def test_agreement_is_binding_and_says_shall(tmp_path):
    d = draft_with(tmp_path, "bilateral-labour-agreement")
    text = "\n".join(p.text for a in d.articles() for p in a.paragraphs)
    assert " shall " in text and "the Parties" in text


def test_definitions_are_used_alphabetical_and_unique(tmp_path):
    d = draft_with(tmp_path, "bilateral-labour-agreement")
    terms = [x.term for x in d.definitions]
    assert terms == sorted(terms, key=str.casefold) and len(terms) == len(set(terms))
    used = {r.key for a in d.articles() for p in a.paragraphs for r in p.inlines
            if type(r).__name__ == "Term" and a.slot != "common/definitions"}
    used |= {r.key for p in d.preamble for r in p.inlines if type(r).__name__ == "Term"}
    used |= {r.key for an in d.annexes for p in an.paragraphs for r in p.inlines
             if type(r).__name__ == "Term"}
    for definition in d.definitions:  # terms used inside definitions count too
        used |= {r.key for r in definition.inlines if type(r).__name__ == "Term"}
    assert set(terms) == used


def test_sector_annexes_follow_scope(tmp_path):
    d = draft_with(tmp_path, "bilateral-labour-agreement",
                   scope={"sectors": ["construction"], "occupations": []})
    ids = [a.id for a in d.annexes]
    assert "annex-construction" in ids and "annex-domestic-work" not in ids
    d = draft_with(tmp_path, "bilateral-labour-agreement", scope={"sectors": ["manufacturing"]})
    assert not [a for a in d.annexes if a.id.startswith("annex-")]


def test_below_floor_options_exist_and_are_never_default():
    from agreement_kit.library.clauses import load_library

    lib = load_library()
    below = [s for s in lib.slots.values() if any(o.protection == "below-floor" for o in s.options)]
    assert len(below) >= 20
    assert all(s.default_option.protection != "below-floor" for s in lib.slots.values())
