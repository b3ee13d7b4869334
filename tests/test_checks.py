"""The consistency checks (assemble/checks.py), one value per fact, and no silent choices.

Each contradiction issue 11 found in the shipped examples is asserted gone from the real
drafts, and each is forced back in (a parameter file, or a copy of the shipped library with one
text changed) to show that `check` reports it, with the place and both values.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from agreement_kit.assemble.checks import check_draft
from agreement_kit.assemble.pipeline import build_drafts
from agreement_kit.errors import UserError
from agreement_kit.library.clauses import load_library
from agreement_kit.model.draft import Ref

from conftest import EXAMPLES, ROOT, SHARED_EXAMPLES
from library_drafts import BASE, all_text, draft_with

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml")) + sorted(SHARED_EXAMPLES.glob("*.yaml"))
SSA = ("ssa-",)


def _draft(name: str):
    return build_drafts(EXAMPLES / name)[0]


def _own_text(d) -> str:
    parts = [d.title] + [p.text for p in d.opening + d.preamble + d.agreed + d.closing]
    parts += [a.title for a in d.articles()]
    parts += [p.text for a in d.articles() for p in a.paragraphs]
    parts += [p.text for an in d.annexes if an.slot for p in an.paragraphs]
    return "\n".join(parts)


def _para(d, slot: str, n: int) -> str:
    art = d.article(slot)
    return [p.text for p in art.paragraphs if p.level == 0][n - 1]


def _contract(d):
    return next(an.document for an in d.annexes if an.document)


# --- every shipped example checks clean ---------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_shipped_example_checks_clean(path):
    lib = load_library()
    for d in build_drafts(path):
        found = check_draft(d, lib)
        if path.name.startswith(SSA):  # SSA defined-term discipline is left to the SSA work
            found = [f for f in found if f.severity == "error"]
        assert found == [], [f.line(path.name) for f in found][:10]


def test_check_command_on_the_examples(cli):
    for path in EXAMPLE_FILES:
        r = cli("check", path)
        assert r.exit_code == 0, r.output
        assert r.output.strip().endswith(f"{path}: 0 error(s), 0 warning(s).") or \
            path.name.startswith(SSA), r.output


# --- the contradictions of issue 11 are gone ---------------------------------------------

def test_philippines_bla_states_each_fact_once():
    d = _draft("bla-philippines-germany-care.yaml")
    # stay: initial period within the longest stay
    assert "initial period of employment of up to 5 years" in _para(d, "scope", 4)
    assert "does not exceed 120 months" in _para(d, "duration-of-stay", 2)
    # one grace period after employment ends
    assert "for at least 90 days to find a new Employer" in _para(d, "change-of-employer", 3)
    assert "in Germany for 90 days" in _para(d, "loss-of-employment", 1)
    # the annexed contract's rest equals the agreement's floor, everywhere
    contract = "\n".join(p.text for p in _contract(d).all_paragraphs())
    assert "11 consecutive hours of rest in every period of 24 hours" in _para(d, "working-time", 2) \
        or any("11 consecutive hours of rest" in p.text for p in d.article("working-time").paragraphs)
    assert "10 consecutive hours" not in contract
    assert re.findall(r"(\d+) (?:consecutive )?hours of rest", contract) == ["11", "11"]
    # publication regulated once, from signature, in the transparency article
    assert "shall publish" not in " ".join(p.text for p in d.article("legal-nature").paragraphs)
    assert "published as Article 40 provides" in " ".join(
        p.text for p in d.article("legal-nature").paragraphs)
    text = _own_text(d)
    assert "entry into effect" not in text and "entry into force of this Agreement" in text
    # duties on employers are the Parties' duties
    assert not re.search(r"\b(?:The|No) Employers? shall\b", text)
    assert "The Parties shall ensure that the Employer bears the full cost of travel" in text
    assert "the Employer shall bear them" not in text.replace("The Parties shall ensure that the "
                                                              "Employer bears them", "")


def test_philippines_bla_terms_references_quotes_numbers():
    d = _draft("bla-philippines-germany-care.yaml")
    text = _own_text(d)
    assert "competent authorit" not in text  # only “Competent Authority” as defined
    assert "The Parties shall ensure that the Employer bears them." in text
    assert "Articles 24 and 27" in text and "Article 24 and Article 27" not in text
    assert '"' not in all_text(d) and "(hereinafter referred to as “the Parties”)" in text
    assert "five years" not in all_text(d) and "seven days" not in all_text(d)
    refs = [r for p in d.article("irregular-migration").paragraphs for r in p.inlines
            if isinstance(r, Ref)]
    assert [(r.text, r.bare) for r in refs] == [("24", True), ("27", True)]


def test_memorandum_says_will_and_uses_its_own_unit():
    d = _draft("mou-nepal-malaysia.yaml")
    text = _own_text(d)
    for phrase in ("in breach of this", "breaches of it are penalised", "make", "jointly liable",
                   "rights and protections provided under this Memorandum", "This Article", "this Article",
                   "Entry into force", "entry into force"):
        if phrase == "make":
            assert "an offence" not in text
            continue
        assert phrase not in text, phrase
    assert not re.search(r"\bshall\b", text)
    assert d.article("entry-into-force").title == "Coming into effect"
    assert "comes into effect" not in " ".join(p.text for p in d.closing)
    assert "jointly responsible" in text
    publish = [a.label for a in d.articles() for p in a.paragraphs
               if re.search(r"publish (this Memorandum|the full text)", p.text)]
    assert publish == [d.article("transparency").label]
    assert "ensure that this Section is complied with" in " ".join(
        p.text for p in d.article("employment-contract").paragraphs)


def test_domestic_contract_rules_each_matter_once():
    d = _draft("contract-domestic-worker-indonesia-malaysia.yaml")
    paid = [a.label for a in d.articles() for p in a.paragraphs if "replaced by payment" in p.text]
    assert paid == [d.article("domestic-weekly-rest").label]
    registers = [a.label for a in d.articles() for p in a.paragraphs
                 if re.search(r"register the Worker.*(employment injury|accidents at work)", p.text)
                 and "other than" not in p.text]
    assert registers == [d.article("medical-care").label]
    assert not any("daily and weekly rest set out in" in p.text
                   for p in d.article("rest-and-leave").paragraphs)


# --- one value, one place ------------------------------------------------------------------

def _params(tmp_path: Path, document: str, clauses: dict, **extra) -> Path:
    data = {**BASE, "document": document, "clauses": clauses, **extra}
    path = tmp_path / f"{document}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_one_quantity_given_once_is_printed_everywhere(tmp_path):
    d = draft_with(tmp_path, "bilateral-labour-agreement", {"loss-of-employment": {"grace_days": 120}})
    assert "at least 120 days to find a new Employer" in _para(d, "change-of-employer", 3)
    d = draft_with(tmp_path, "bilateral-labour-agreement", {"working-time": {"daily_rest_hours": 12}})
    contract = "\n".join(p.text for p in _contract(d).all_paragraphs())
    assert "at least 12 consecutive hours of rest" in contract  # inherited from the agreement


def test_one_quantity_two_values_is_refused_with_both_lines(tmp_path, cli):
    path = _params(tmp_path, "memorandum-of-understanding",
                   {"change-of-employer": {"option": "listed-grounds", "grace_days": 45},
                    "loss-of-employment": {"option": "grace-period", "grace_days": 60}})
    r = cli("draft", path, "-o", tmp_path / "out", "-f", "md")
    assert r.exit_code == 1
    lines = path.read_text().splitlines()
    line_45 = next(i for i, x in enumerate(lines, 1) if "grace_days: 45" in x)
    line_60 = next(i for i, x in enumerate(lines, 1) if "grace_days: 60" in x)
    assert f"{path}:{line_60}: clauses.loss-of-employment.grace_days: 60 here but 45 in " \
           f"clauses.change-of-employer.grace_days (line {line_45})" in r.stderr
    assert not (tmp_path / "out").exists()


def test_annexed_contract_may_not_go_below_the_agreement(tmp_path, cli):
    path = _params(tmp_path, "bilateral-labour-agreement",
                   {"working-time": {"daily_rest_hours": 11},
                    "working-hours": {"daily_rest_hours": 10}},
                   scope={"sectors": ["manufacturing"]})
    r = cli("validate", path)
    assert r.exit_code == 1
    line = next(i for i, x in enumerate(path.read_text().splitlines(), 1)
                if "daily_rest_hours: 10" in x)
    assert f"{path}:{line}: clauses.working-hours.daily_rest_hours: the annexed contract gives " \
           "10 for the daily rest, less favourable to the worker than the agreement's 11" in r.stderr
    # more favourable is allowed
    path = _params(tmp_path, "bilateral-labour-agreement",
                   {"working-hours": {"daily_rest_hours": 12}}, scope={"sectors": ["manufacturing"]})
    assert cli("validate", path).exit_code == 0


# --- no silent choices -----------------------------------------------------------------------

def test_chosen_slot_that_will_not_draft_says_why(tmp_path, cli):
    path = _params(tmp_path, "bilateral-labour-agreement",
                   {"seasonal-agriculture": "protected-seasonal"},
                   scope={"sectors": ["hospitality"]})
    r = cli("draft", path, "-o", tmp_path / "out", "-f", "md")
    assert r.exit_code == 1
    assert "clauses.seasonal-agriculture: slot 'seasonal-agriculture' is chosen (option " \
           "'protected-seasonal') but will not be drafted: its condition `'seasonal' in " \
           "scope.categories and 'agriculture' in scope.sectors`" in r.stderr
    assert "scope.categories is []; scope.sectors is ['hospitality']" in r.stderr
    assert "Traceback" not in r.output


def test_seasonal_annex_follows_the_worker_category(tmp_path):
    year_round = draft_with(tmp_path, "bilateral-labour-agreement",
                            scope={"sectors": ["agriculture"]})
    assert "annex-seasonal-agriculture" not in [a.id for a in year_round.annexes]
    assert _contract(year_round).document == "employment-contract"
    seasonal = draft_with(tmp_path, "bilateral-labour-agreement",
                          scope={"sectors": ["agriculture"], "categories": ["seasonal"]})
    assert "annex-seasonal-agriculture" in [a.id for a in seasonal.annexes]
    assert _contract(seasonal).document == "employment-contract-seasonal-agriculture"
    hospitality = draft_with(tmp_path, "bilateral-labour-agreement",
                             scope={"sectors": ["hospitality"], "categories": ["seasonal"]})
    assert "annex-seasonal-agriculture" not in [a.id for a in hospitality.annexes]


def test_seasonal_is_not_a_sector_and_categories_are_validated(tmp_path, cli):
    path = _params(tmp_path, "bilateral-labour-agreement", {},
                   scope={"sectors": ["seasonal-agriculture"]})
    r = cli("validate", path)
    assert r.exit_code == 1 and "scope.categories: [seasonal]" in r.stderr
    path = _params(tmp_path, "bilateral-labour-agreement", {}, scope={"categories": ["seasnal"]})
    r = cli("validate", path)
    assert r.exit_code == 1 and "scope.categories" in r.stderr and "seasonal" in r.stderr
    schema = yaml.safe_load(cli("schema").output)
    assert "categories" in schema["$defs"]["Scope"]["properties"]


# --- check reports each contradiction when it is forced back in ---------------------------

@pytest.fixture
def shipped_copy(tmp_path):
    """Writable copies of the shipped library and blueprints."""
    lib, bps = tmp_path / "lib", tmp_path / "bps"
    shutil.copytree(ROOT / "clause_library", lib)
    shutil.copytree(ROOT / "model_contracts", bps)
    return lib, bps


def _edit(path: Path, old: str, new: str, count: int = -1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _check(cli, params: Path, lib: Path, bps: Path):
    return cli("check", params, "--library", lib, "--blueprints", bps)


def test_check_reports_a_restated_value(shipped_copy, cli):
    lib, bps = shipped_copy
    _edit(lib / "employment" / "working-hours.yaml", "to at least {{ daily_rest_hours }} "
          "consecutive hours of rest", "to at least 10 consecutive hours of rest")
    r = _check(cli, EXAMPLES / "bla-philippines-germany-care.yaml", lib, bps)
    assert r.exit_code == 1
    assert "Annex II, Clause 10(2): error: states the daily rest as 10 hours, but " \
           "Annex II, Clause 11 states 11 hours: one fact, one value." in r.output
    assert "the annexed contract states the daily rest as 10 hours, less favourable than " \
           "the 11 hours of Article 18" in r.output


def test_check_reports_initial_stay_beyond_the_cap(tmp_path, cli):
    path = _params(tmp_path, "bilateral-labour-agreement", {"duration-of-stay": {
        "option": "renewable", "max_stay_months": 36}},
        scope={"sectors": ["health-care"], "duration_years": 5})
    r = cli("check", path)
    assert r.exit_code == 1
    assert re.search(r"Article 3\(\d\): error: the initial period of employment of 5 years is "
                     r"longer than the longest total stay .* of 36 months in Article \d+", r.output)


def test_check_reports_binding_words_in_a_memorandum(shipped_copy, cli):
    lib, bps = shipped_copy
    _edit(lib / "bla" / "transparency.yaml", "Each {{ form.party }} {{ form.shall }} publish",
          "Each {{ form.party }} shall publish")
    _edit(lib / "bla" / "recruitment-costs.yaml", "Where a worker has been charged such a fee "
          "or cost,", "Where a worker has been charged a fee or cost in breach of this Article,")
    r = _check(cli, EXAMPLES / "mou-nepal-malaysia.yaml", lib, bps)
    assert r.exit_code == 1
    assert re.search(r"Section 40\(1\): error: “.*shall publish.*”: 'shall' states an obligation "
                     r"\(non-binding memorandum\)", r.output)
    assert re.search(r"Section 9\(3\): error: “.*in breach of this Article.*”: 'breach'", r.output)
    assert "Section 9(3): error: “this Article” in a document numbered by Sections" in r.output


def test_check_reports_memorandum_words_in_a_treaty(shipped_copy, cli):
    lib, bps = shipped_copy
    _edit(lib / "bla" / "social-security.yaml", "{{ 'entry into force' if form.binding else "
          "'coming into effect' }} of {{ form.instrument }}", "entry into effect of this Agreement")
    r = _check(cli, EXAMPLES / "bla-philippines-germany-care.yaml", lib, bps)
    assert r.exit_code == 1
    assert re.search(r"Article 21\(3\): error: “.*entry into effect of this Agreement.*”: a treaty "
                     r"enters into force \(treaty\)", r.output)


def test_check_reports_ranges_terms_quotes_numbers_and_duties(shipped_copy, cli):
    lib, bps = shipped_copy
    slot = lib / "bla" / "recruitment-costs.yaml"
    _edit(slot, "{{ form.Parties }} {{ form.shall }} ensure that the {{ term('Employer') }} "
          "bears them.", "The employer {{ form.shall }} bear them, subject to \"exceptions\" "
          "under Article 7 to Article 10, for five years.")
    r = _check(cli, EXAMPLES / "bla-philippines-germany-care.yaml", lib, bps)
    assert r.exit_code == 1
    out = r.output
    assert "Article 9(1): error: “Article 7 to Article 10”: write “Articles 7 to 10”." in out
    assert "Article 9(1): warning: “employer” is a defined term: print it as “Employer”." in out
    assert "Article 9(1): warning: straight quotation mark" in out
    assert "Article 9(1): warning: “five years”: durations are written in figures (“5 years”)." \
        in out
    assert re.search(r"Article 9\(1\): error: “.*The employer shall bear them.*”: an "
                     r"intergovernmental text speaks to the States", out)


def test_check_reports_one_matter_in_two_articles(shipped_copy, cli):
    lib, bps = shipped_copy
    _edit(lib / "bla" / "legal-nature.yaml", "{{ form.Instrument }}, with its annexes, "
          "{{ form.shall }} be published as {{ ref('transparency') }} provides.",
          "Each {{ form.party }} {{ form.shall }} publish the full text of {{ form.instrument }}.")
    _edit(bps / "memorandum-of-understanding.yaml", "in the {{ languages|language_names|and_list }}"
          " language{{ 's' if languages|length > 1 }}", "in the {{ languages|language_names|and_list }}"
          " language{{ 's' if languages|length > 1 }}. This Memorandum of Understanding comes into "
          "effect on the date of its signature", count=1)
    r = _check(cli, EXAMPLES / "mou-nepal-malaysia.yaml", lib, bps)
    assert r.exit_code == 1
    assert "Section 40: error: regulates publication, which Section 5 already regulates" in r.output
    assert "closing formula: error: regulates entry into effect, which Section 46 already " \
           "regulates" in r.output
    # declared structurally: two slots with one `regulates:` matter
    _edit(lib / "bla" / "financing.yaml", "\noptions:\n", "\nregulates: [publication]\noptions:\n",
          count=1)
    r = _check(cli, EXAMPLES / "bla-philippines-germany-care.yaml", lib, bps)
    assert re.search(r"Article \d+: error: regulates publication, which Article \d+ already",
                     r.output)


def test_check_reports_contract_matters_twice(shipped_copy, cli):
    lib, bps = shipped_copy
    _edit(lib / "employment" / "rest-and-leave.yaml", "    text:\n      en: |\n",
          "    text:\n      en: |\n        The Worker is entitled to the daily and weekly rest set "
          "out in {{ ref('working-hours') }}.\n\n")
    r = _check(cli, EXAMPLES / "contract-domestic-worker-indonesia-malaysia.yaml", lib, bps)
    assert r.exit_code == 1
    assert "Clause 13: error: regulates daily and weekly rest, which Clause 10 already " \
           "regulates" in r.output


# --- the commands ----------------------------------------------------------------------------

def test_draft_refuses_a_contradictory_draft_unless_no_check(shipped_copy, cli, tmp_path):
    lib, bps = shipped_copy
    _edit(lib / "bla" / "transparency.yaml", "Each {{ form.party }} {{ form.shall }} publish",
          "Each {{ form.party }} shall publish")
    params = EXAMPLES / "mou-nepal-malaysia.yaml"
    out = tmp_path / "out"
    r = cli("draft", params, "-o", out, "-f", "md", "--library", lib, "--blueprints", bps)
    assert r.exit_code == 1 and "nothing was written" in r.stderr and "--no-check" in r.stderr
    assert not list(out.glob("*")) if out.exists() else True
    r = cli("draft", params, "-o", out, "-f", "md", "--no-check", "--library", lib,
            "--blueprints", bps)
    assert r.exit_code == 0 and (out / "mou-nepal-malaysia.md").is_file()
    assert "warning:" in r.stderr and "'shall' states an obligation" in r.stderr
    # a DOCX or PDF is handed to the early worker before the checks: still nothing written
    for fmt in ("docx", "docx,pdf"):
        r = cli("draft", params, "-o", tmp_path / fmt, "-f", fmt, "--library", lib,
                "--blueprints", bps)
        assert r.exit_code == 1 and "nothing was written" in r.stderr
        assert not (tmp_path / fmt).exists() or not list((tmp_path / fmt).iterdir())
    r = cli("brief", params, "-o", tmp_path / "brief", "-f", "html", "--library", lib,
            "--blueprints", bps)
    assert r.exit_code == 1 and "contradicts itself" in r.stderr
    # with a PDF, the checks run while the worker lays it out: still nothing is written
    r = cli("brief", params, "-o", tmp_path / "brief", "-f", "docx,pdf", "--library", lib,
            "--blueprints", bps)
    assert r.exit_code == 1 and "contradicts itself" in r.stderr
    assert not (tmp_path / "brief").exists() or not list((tmp_path / "brief").iterdir())
    r = cli("compare", params, params, "-o", tmp_path / "red", "-f", "html", "--library", lib,
            "--blueprints", bps)
    assert r.exit_code == 1 and "contradicts itself" in r.stderr
    r = cli("review", params, "--library", lib, "--blueprints", bps)
    assert r.exit_code == 0 and "'shall' states an obligation" in r.stderr


def test_docx_prints_grouped_references_as_bare_numbers(tmp_path):
    import zipfile

    from agreement_kit.render import renderer

    d = _draft("bla-philippines-germany-care.yaml")
    data = renderer("docx", "clean")(d)
    xml = zipfile.ZipFile(__import__("io").BytesIO(data)).read("word/document.xml").decode()
    assert "\\r \\t \\h" in xml  # "Articles 24 and 27": Word prints the numbers only


def test_lint_keeps_one_default_per_quantity(shipped_copy):
    from agreement_kit.library.lint import lint_library

    lib, bps = shipped_copy
    _edit(lib / "bla" / "change-of-employer.yaml", "quantity: grace-period-days\n    type: "
          "integer\n    default: 90", "quantity: grace-period-days\n    type: integer\n    default: 60")
    _edit(lib / "bla" / "working-time.yaml", "quantity: weekly-hours", "quantity: weekly-hour")
    problems, _ = lint_library(lib, bps)
    text = "\n".join(map(str, problems))
    assert "quantity 'grace-period-days' has default 60 here but 90" in text or \
        "quantity 'grace-period-days' has default 90 here but 60" in text
    assert "quantity 'weekly-hour' is not in quantities.yaml. Did you mean 'weekly-hours'?" in text
