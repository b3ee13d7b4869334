"""Three document forms: the detachment-only social security agreement, the agreement (or
arrangement) between agencies, and the tripartite seasonal contract with the origin
Government's agent. Each example is drafted into DOCX and PDF, in English and in French."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from conftest import EXAMPLES
from docx_reading import open_docx
from library_drafts import (LEFTOVERS, all_text, check_clean, check_findings, draft_round,
                            draft_with, option_rounds)

DETACHMENT = EXAMPLES / "ssa-detachment-india-germany-style.yaml"
AGENCY = EXAMPLES / "agency-agreement-philippines-germany-triple-win-style.yaml"
TRIPARTITE = EXAMPLES / "contract-seasonal-tripartite-mexico-canada-style.yaml"

# the chapters and articles of a full social security agreement on benefits
BENEFIT_SLOTS = {"export-of-benefits", "non-overlapping", "aggregation", "pro-rata-calculation",
                 "sickness-maternity", "invalidity", "old-age-survivors", "employment-injury",
                 "unemployment", "family-benefits", "overpayments-recovery", "claims-and-appeals",
                 "currency-and-payment", "transitional-provisions"}


def variant(tmp_path, example, name: str, **changes):
    """A copy of an example parameter file with top-level keys changed."""
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def drafts_of(path):
    from agreement_kit.assemble.pipeline import build_drafts

    return build_drafts(path)


def own_text(draft) -> str:
    """The document's own words: frame, articles and slot annexes (not an annexed contract)."""
    paras = [*draft.opening, *draft.preamble, *draft.agreed, *draft.closing]
    paras += [p for a in draft.articles() for p in a.paragraphs]
    paras += [p for an in draft.annexes if an.document is None for p in an.paragraphs]
    return "\n".join([draft.title, *(p.text for p in paras)])


def article(draft, slot_id):
    return next(a for a in draft.articles() if a.slot.split("/", 1)[1] == slot_id)


def text_of(art) -> str:
    return " ".join(p.text for p in art.paragraphs)


def runs_text(runs) -> str:
    """A signature line as printed: its text, and its blanks as [label]."""
    from agreement_kit.model.draft import Paragraph

    return Paragraph(list(runs)).text


def check_clean_translated(draft) -> None:
    """check_clean for a draft in another language: nothing left unrendered, and every
    reference ends with the number of the article or annex it points at ("l'article 10")."""
    from agreement_kit.model.draft import Ref

    text = all_text(draft)
    bad = LEFTOVERS.search(text)
    assert bad is None, text[max(0, bad.start() - 80):bad.end() + 40]
    labels = {a.slot.split("/", 1)[1]: a.label for a in draft.articles()}
    labels.update({an.id: an.number for an in draft.annexes})
    for a in draft.articles():
        for p in a.paragraphs:
            for r in p.inlines:
                if isinstance(r, Ref):
                    assert r.target in labels, (r, p.text)
                    assert r.text.split()[-1] == labels[r.target].split()[-1], (r, p.text)


def formats(cli, tmp_path, path):
    """Draft `path` into DOCX and PDF; the text of each written file, by suffix and language."""
    out = tmp_path / f"out-{path.stem}"
    result = cli("draft", path, "-o", out, "-f", "docx,pdf", "--force")
    assert result.exit_code == 0, result.output
    found = {}
    for f in sorted(out.iterdir()):
        if f.suffix == ".pdf":
            pdf = PdfReader(io.BytesIO(f.read_bytes()))
            found[f.name] = (pdf.metadata.title, " ".join(
                " ".join((p.extract_text() or "").split()) for p in pdf.pages))
        elif f.suffix == ".docx":
            doc = open_docx(f.read_bytes())
            cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
            found[f.name] = (doc.core_properties.title,
                             " ".join([*(p.text for p in doc.paragraphs), *cells]))
    assert {n.rsplit(".", 1)[1] for n in found} == {"docx", "pdf"}
    return found


# --- the detachment agreement ----------------------------------------------------------------

def test_detachment_agreement_has_no_benefit_articles_and_its_refs_resolve():
    (d,) = drafts_of(DETACHMENT)
    slots = {a.slot.split("/", 1)[1] for a in d.articles()}
    assert not slots & BENEFIT_SLOTS
    assert {"applicable-legislation", "detached-workers", "certificates-of-coverage",
            "liaison-bodies", "final-provisions"} <= slots
    check_clean(d)  # every reference shows the number of an article of this draft
    assert check_findings(d) == []
    text = own_text(d)
    for word in ("aggregat", "pro rata", "export", "in payment", "of the Agreement"):
        assert word not in text, word
    # the certificate article cites this agreement's own detachment article
    detached = article(d, "detached-workers").label
    assert text_of(article(d, "certificates-of-coverage")).startswith(
        f"For the application of {detached},")
    assert "for the application of this Agreement" in text_of(article(d, "liaison-bodies"))
    # termination keeps the detached worker at home until the certificate ends
    final = text_of(article(d, "final-provisions"))
    assert f"under {detached} on the date" in final and "certificate of coverage" in final
    assert "Benefit" not in final
    scope = text_of(article(d, "material-scope"))
    assert "compulsory insurance" in scope and "old age" in scope
    assert "unemployment" not in scope  # only the branches the file lists


def test_detachment_agreement_every_option_drafts_cleanly(tmp_path):
    for clauses in option_rounds("social-security-detachment-agreement"):
        d = draft_round(tmp_path, "social-security-detachment-agreement", clauses)
        check_clean(d)
        slots = {a.slot.split("/", 1)[1] for a in d.articles()}
        assert not slots & BENEFIT_SLOTS
        assert "aggregat" not in all_text(d)


def test_detachment_optional_articles_only_when_chosen(tmp_path):
    plain = draft_with(tmp_path, "social-security-detachment-agreement")
    slots = {a.slot.split("/", 1)[1] for a in plain.articles()}
    assert "equality-of-treatment" not in slots and "earlier-agreements" not in slots
    chosen = draft_with(tmp_path, "social-security-detachment-agreement",
                        {"equality-of-treatment": "equal-treatment"})
    assert "equality-of-treatment" in {a.slot.split("/", 1)[1] for a in chosen.articles()}


def test_the_arrangement_keeps_citing_the_agreement(tmp_path):
    d = draft_with(tmp_path, "social-security-administrative-arrangement",
                   {"certificates-of-coverage": "with-verification",
                    "liaison-bodies": "with-help-desk"})
    cert = text_of(article(d, "certificates-of-coverage"))
    assert re.match(r"For the application of Article \d+ of the Agreement,", cert)
    assert "conditions of the Agreement" in cert
    liaison = text_of(article(d, "liaison-bodies"))
    assert "application of the Agreement" in liaison and "this Agreement" not in liaison


def test_detachment_agreement_docx_and_pdf(tmp_path, cli):
    title = ("Agreement on Social Security Contributions between the Government of the "
             "Republic of India and the Government of the Federal Republic of Germany")
    for name, (meta, text) in formats(cli, tmp_path, DETACHMENT).items():
        assert meta == title, name
        assert "Certificates of coverage for detached workers" in text
        assert "Aggregation" not in text


# --- the agreement between agencies ---------------------------------------------------------

def test_agency_agreement_binding_or_not(tmp_path):
    (bound,) = drafts_of(variant(tmp_path, AGENCY, "bound", binding=True))
    (loose,) = drafts_of(variant(tmp_path, AGENCY, "loose", binding=False))
    authorities = ("the Department of Migrant Workers and the Overseas Workers Welfare "
                   "Administration of the Republic of the Philippines and the Federal "
                   "Employment Agency of the Federal Republic of Germany")
    subject = "on the Recruitment and Placement of Workers"
    assert bound.title == f"Agreement between {authorities} {subject}"
    assert loose.title == f"Arrangement between {authorities} {subject}"
    assert bound.binding and not loose.binding
    b, nb = own_text(bound), own_text(loose)
    assert re.search(r"\bshall\b", b) and "the Parties" in b and "This Agreement" in b
    assert not re.search(r"\bshall\b", nb), re.search(r".{60}\bshall\b.{20}", nb)
    assert re.search(r"\bwill\b", nb) and "the Participants" in nb and "This Arrangement" in nb
    assert "the Participants" not in b and "Arrangement" not in b
    assert "Have agreed as follows:" in b and "understanding" in nb
    nature = text_of(article(bound, "legal-nature"))
    assert "It is not a treaty between the States concerned." in nature
    for d in (bound, loose):
        check_clean(d)
        assert check_findings(d) == []
        assert len(d.signatures) == 2


def test_agency_agreement_is_an_arrangement_unless_the_file_says_otherwise(tmp_path):
    data = yaml.safe_load(AGENCY.read_text(encoding="utf-8"))
    data.pop("binding")
    path = tmp_path / "default.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (d,) = drafts_of(path)
    assert d.title.startswith("Arrangement between") and not d.binding


def test_agency_agreement_every_option_drafts_cleanly(tmp_path):
    for binding in (True, False):
        for clauses in option_rounds("agency-agreement"):
            check_clean(draft_round(tmp_path, "agency-agreement", clauses, binding=binding))


def test_agency_agreement_docx_and_pdf(tmp_path, cli):
    for name, (meta, text) in formats(cli, tmp_path, AGENCY).items():
        assert meta.startswith("Agreement between the Department of Migrant Workers"), name
        # the signature blocks, two to a row: each heading names one agency
        assert "For the Department of Migrant Workers" in text
        assert "Secretary of Migrant Workers" in text
        assert "For the Federal Employment Agency" in text


# --- the tripartite seasonal contract --------------------------------------------------------

def test_tripartite_contract_names_the_agent_and_has_three_signature_blocks():
    (d,) = drafts_of(TRIPARTITE)
    check_clean(d)
    assert check_findings(d) == []
    assert len(d.signatures) == 3
    headings = [runs_text(s.heading) for s in d.signatures]
    assert headings == ["The Employer", "The Worker", "For the Consulate of Mexico in [city]"]
    agent = d.signatures[2]
    assert runs_text(agent.title) == "Consul"
    opening = " ".join(p.text for p in d.opening)
    assert ("and the Consulate of Mexico in [city], acting on behalf of the Government of the "
            "United Mexican States (“the Government Agent”)") in opening
    assert "the Government Agent agree as follows" in " ".join(p.text for p in d.agreed)
    clause = text_of(article(d, "government-agent"))
    assert clause.startswith("The Government Agent, the Consulate of Mexico in [city], is a party")
    assert "until 5 days have passed" in clause and "mediation" in clause
    assert article(d, "government-agent").number == 2  # right after the parties


def test_tripartite_contract_without_a_named_agent_prints_blanks(tmp_path):
    d = draft_with(tmp_path, "employment-contract-seasonal-tripartite",
                   {"government-agent": "access-and-monitoring"},
                   scope={"sectors": ["agriculture"], "categories": ["seasonal"]})
    check_clean(d)
    assert len(d.signatures) == 3
    heading = runs_text(d.signatures[2].heading)
    assert heading.startswith("For the [government agent")
    clause = text_of(article(d, "government-agent"))
    assert "[name of the government agent" in clause and "hours' notice" in clause


def test_tripartite_contract_every_option_drafts_cleanly(tmp_path):
    for clauses in option_rounds("employment-contract-seasonal-tripartite"):
        d = draft_round(tmp_path, "employment-contract-seasonal-tripartite", clauses)
        check_clean(d)
        assert len(d.signatures) == 3


def test_tripartite_contract_docx_and_pdf(tmp_path, cli):
    for name, (meta, text) in formats(cli, tmp_path, TRIPARTITE).items():
        assert meta == ("Model Tripartite Contract for the Seasonal Employment of a Migrant "
                        "Agricultural Worker"), name
        assert "The Government Agent" in text and "For the Consulate of Mexico" in text


# --- French drafts ----------------------------------------------------------------------------

FRENCH = [
    (DETACHMENT, {}, "Accord relatif aux cotisations de sécurité sociale entre le Gouvernement "
                     "de la République de l'Inde"),
    (AGENCY, {"binding": True}, "Accord entre le Département des travailleurs migrants"),
    (AGENCY, {"binding": False}, "Arrangement entre le Département des travailleurs migrants"),
    (TRIPARTITE, {}, "Contrat tripartite type pour l'emploi saisonnier d'un travailleur agricole"),
]


@pytest.mark.parametrize("example,changes,title", FRENCH,
                         ids=["detachment", "agency-binding", "agency-arrangement", "tripartite"])
def test_french_drafts(tmp_path, cli, example, changes, title):
    path = variant(tmp_path, example, f"{example.stem}-fr", languages=["fr"], **changes)
    (d,) = drafts_of(path)
    assert d.language == "fr" and d.title.startswith(title)
    check_clean_translated(d)
    text = own_text(d)
    if example is DETACHMENT:
        assert "certificat d'assujettissement" in text and "totalis" not in text
    if example is AGENCY:
        assert ("les Participants" in text) is (not changes["binding"])
    if example is TRIPARTITE:
        assert len(d.signatures) == 3 and "Agent du gouvernement" in text
    for name, (meta, body) in formats(cli, tmp_path, path).items():
        assert meta.startswith(title), name
