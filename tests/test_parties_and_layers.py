"""Who signs and who acts (issue 13): several authorities with their roles, several
signatories of one Party, third parties that clauses name and that sign; a document that binds
or not as its file says; and a ministry's own library laid over the shipped one.

Drafted with the real library and blueprints into DOCX, PDF and Markdown, and read back."""

from __future__ import annotations

from docx import Document
from pypdf import PdfReader

from conftest import FIXTURES, write
from docx_reading import signature_blocks

PARAMS = """\
document: bilateral-labour-agreement
languages: [en, fr]
parties:
  origin:
    country: Republic of the Philippines
    short: Philippines
    authorities:
      - {name: Department of Migrant Workers, role: recruitment and protection}
      - {name: Overseas Workers Welfare Administration, role: {en: welfare services, fr: services sociaux}}
    signatories:
      - {name: Maria Santos, title: {en: Secretary of Migrant Workers, fr: Secrétaire aux travailleurs migrants}}
      - {name: Jose Cruz, title: Ambassador}
  destination:
    country: Federal Republic of Germany
    short: Germany
    authority: Federal Employment Agency
    signatory: {name: Anna Schmidt, title: Director}
  others:
    - id: ver-di
      role: union
      name: {en: the United Services Union, fr: le Syndicat unifié des services}
      signs: true
      representative: {name: Frank Werneke, title: Chair}
    - {id: observer, role: other, name: the Observer Office}
scope: {sectors: [health-care]}
draft: {date: 2026-11-27}
"""


def _text(article) -> str:
    from agreement_kit.model.draft import plain
    return " ".join(plain(p.inlines) for p in article.paragraphs)


def _drafts(path, **kw):
    from agreement_kit.assemble.pipeline import build_drafts
    return build_drafts(path, **kw)


def test_authorities_signatories_and_a_signing_union(tmp_path):
    en, fr = _drafts(write(tmp_path / "p.yaml", PARAMS))
    text = "\n".join(_text(c) for c in en.clauses() if c.slot == "bla/competent-authorities")
    assert ("the Department of Migrant Workers (recruitment and protection) and the Overseas "
            "Workers Welfare Administration (welfare services)") in text
    heads = [s.heading[0].text for s in en.signatures]
    assert heads == ["For the Government of the Republic of the Philippines",
                     "For the Government of the Federal Republic of Germany",
                     "For the United Services Union"]  # the observer does not sign
    first = en.signatures[0]
    assert [(n[0].text, t[0].text) for n, t in first.signers()] == [
        ("Maria Santos", "Secretary of Migrant Workers"), ("Jose Cruz", "Ambassador")]
    assert fr.signatures[0].signers()[0][1][0].text == "Secrétaire aux travailleurs migrants"
    assert fr.signatures[2].heading[0].text == "Pour le Syndicat unifié des services"
    # the title names the first authority's Government form as before
    assert en.title.startswith("Agreement between the Government of the Republic of the Phil")


def test_signature_blocks_in_docx_and_pdf(tmp_path, cli):
    path = write(tmp_path / "p.yaml", PARAMS.replace("languages: [en, fr]", "languages: [en]"))
    result = cli("draft", str(path), "-o", str(tmp_path / "out"), "-f", "docx,pdf")
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "out" / "p.docx"))
    cells = signature_blocks(doc)
    block = next(c for c in cells if c.startswith("For the Government of the Republic"))
    assert block.index("Maria Santos") < block.index("Jose Cruz") < block.index("Ambassador")
    assert any(c.startswith("For the United Services Union") and "Frank Werneke" in c
               for c in cells)
    pdf = PdfReader(str(tmp_path / "out" / "p.pdf"))
    pages = [p.extract_text() for p in pdf.pages]
    signed = next(t for t in pages if "Maria Santos" in t)  # one page: the blocks stay together
    for name in ("Jose Cruz", "Anna Schmidt", "Frank Werneke", "For the United Services Union"):
        assert name in signed


def test_other_finds_a_third_party_by_id_or_role():
    from agreement_kit.library.templating import helpers
    others = [{"id": "ver-di", "role": "union", "name": "ver.di"},
              {"id": "agent", "role": "government-agent", "name": "the Liaison Service"}]
    other = helpers({}, str, others=others)["other"]
    assert other("ver-di")["name"] == "ver.di"
    assert other("government-agent")["name"] == "the Liaison Service"
    assert other("employers-body") is None


def test_third_party_mistakes_are_reported(tmp_path, cli):
    bad = PARAMS.replace("role: union", "role: unoin").replace("id: observer", "id: ver-di")
    result = cli("validate", str(write(tmp_path / "bad.yaml", bad)))
    assert result.exit_code == 1
    assert "unoin" in result.output and "government-agent" in result.output
    both = PARAMS.replace("    signatory: {name: Anna Schmidt, title: Director}",
                          "    signatory: {name: Anna Schmidt, title: Director}\n"
                          "    signatories: [{name: B, title: C}]")
    result = cli("validate", str(write(tmp_path / "both.yaml", both)))
    assert result.exit_code == 1 and "signatories" in result.output


def test_binding_is_refused_for_a_document_of_one_form(tmp_path, cli):
    path = write(tmp_path / "b.yaml", PARAMS + "binding: false\n")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "always binding" in result.output and "binding:" in result.output


def test_a_file_without_the_new_keys_hashes_as_before(tmp_path):
    """Unset later keys are left out of the hash, so older files keep their bytes."""
    from agreement_kit.assemble.pipeline import open_negotiation
    plain = PARAMS.split("  others:")[0].replace("languages: [en, fr]", "languages: [en]")
    plain = plain.replace("    authorities:\n      - {name: Department of Migrant Workers, role: "
                          "recruitment and protection}\n      - {name: Overseas Workers Welfare "
                          "Administration, role: {en: welfare services, fr: services sociaux}}\n",
                          "")
    plain = plain.replace("""    signatories:
      - {name: Maria Santos, title: {en: Secretary of Migrant Workers, fr: Secrétaire aux travailleurs migrants}}
      - {name: Jose Cruz, title: Ambassador}
""", "") + "scope: {sectors: [health-care]}\ndraft: {date: 2026-11-27}\n"
    negotiation = open_negotiation(write(tmp_path / "plain.yaml", plain))[0]
    import json
    data = negotiation.params.model_dump(mode="json")
    from agreement_kit.assemble.negotiation import drop_unset
    drop_unset(data)
    blob = json.dumps(data)
    for key in ("authorities", "signatories", "others", "binding", "library", "quotas",
                "excluded"):
        assert f'"{key}"' not in blob


# --- a ministry's own library -------------------------------------------------------------

LAYERED = """\
document: bilateral-labour-agreement
library: {layer}
parties:
  origin: {{country: Federal Democratic Republic of Nepal, short: Nepal}}
  destination: {{country: Malaysia, short: Malaysia}}
clauses:
  recruitment-costs: free-visa-free-ticket
draft: {{date: 2026-11-27}}
"""


def test_layer_adds_a_slot_and_an_option_without_copying(tmp_path, cli):
    path = write(tmp_path / "l.yaml", LAYERED.format(layer=FIXTURES / "layer"))
    (d,) = _drafts(path)
    arts = {c.slot: c for c in d.clauses()}
    assert "visa fee and the air ticket" in _text(arts["bla/recruitment-costs"])
    placed = [a.slot for p in d.parts for a in p.articles]
    at = placed.index("bla/labour-inspection")
    assert placed[at + 1] == "bla/welfare-officer"
    result = cli("review", str(path), "-f", "json")
    assert result.exit_code == 0, result.output
    import json
    rows = {r["slot"]: r for r in json.loads(result.output)["rows"]}
    assert rows["bla/recruitment-costs"]["layer"] == "Ministry of Labour and Employment of Nepal"
    assert rows["bla/welfare-officer"]["layer"] == "Ministry of Labour and Employment of Nepal"
    assert rows["bla/selection"]["layer"] is None
    result = cli("brief", str(path), "-o", str(tmp_path / "brief"), "-f", "html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "brief" / "l-brief.html").read_text(encoding="utf-8")
    assert "Free visa, free ticket: the employer pays visa and air ticket [Ministry of Labour " \
           "and Employment of Nepal]" in html
    # the same layer from the command line, and the shipped library untouched without it
    plain = write(tmp_path / "n.yaml", LAYERED.format(layer="x").replace("library: x\n", ""))
    result = cli("validate", str(plain))
    assert result.exit_code == 1 and "free-visa-free-ticket" in result.output
    result = cli("validate", str(plain), "--library", str(FIXTURES / "layer"))
    assert result.exit_code == 0, result.output


def test_lint_checks_the_layered_whole(cli, tmp_path):
    """The layer's own slot is linted with the shipped library: a ref() to a slot neither has
    is a problem of the layer's file."""
    import shutil
    layer = tmp_path / "layer"
    shutil.copytree(FIXTURES / "layer", layer)
    officer = layer / "bla" / "welfare-officer.yaml"
    officer.write_text(officer.read_text().replace(
        "after reasonable notice", "as {{ ref('labour-inspecton') }} provides, after notice"))
    result = cli("lint", str(layer))
    assert "welfare-officer.yaml" in result.output and "labour-inspecton" in result.output
    assert "did you mean 'labour-inspection'" in result.output.lower()


def test_layer_mistakes_are_reported_with_file_and_line(tmp_path, cli):
    import shutil
    layer = tmp_path / "layer"
    shutil.copytree(FIXTURES / "layer", layer)
    costs = layer / "bla" / "recruitment-costs.yaml"
    costs.write_text(costs.read_text().replace("id: free-visa-free-ticket", "id: employer-pays"))
    path = write(tmp_path / "l.yaml", LAYERED.format(layer=layer))
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "recruitment-costs.yaml:3" in result.output and "shipped library" in result.output
    missing = write(tmp_path / "m.yaml", LAYERED.format(layer=tmp_path / "nowhere"))
    result = cli("validate", str(missing))
    assert result.exit_code == 1 and "m.yaml:2" in result.output and "not a folder" in result.output


def test_compare_and_review_follow_the_new_constructs(tmp_path, cli):
    """Adding a category with its terms, quotas and a signing union between two versions:
    compare reports the new article and the changed option, the redline DOCX carries the
    categories article as a tracked insertion, and review lists it with its level."""
    old = write(tmp_path / "old.yaml", PARAMS.replace("languages: [en, fr]", "languages: [en]"))
    new_text = PARAMS.replace("languages: [en, fr]", "languages: [en]").replace(
        "scope: {sectors: [health-care]}",
        "scope:\n  sectors: [health-care]\n  categories:\n"
        "    - {category: long-term, max_months: 36, min_age: 21}\n"
        "  quotas: [{sector: health-care, range: [300, 500]}]\n"
        "clauses: {numbers-and-quotas: quotas-as-listed, savings-scheme: voluntary-savings}")
    new = write(tmp_path / "new.yaml", new_text)
    result = cli("compare", str(old), str(new), "-o", str(tmp_path / "cmp"), "-f", "docx")
    assert result.exit_code == 0, result.output
    assert "+ bla/worker-categories: added" in result.output
    assert "+ bla/savings-scheme: added" in result.output
    assert "~ bla/numbers-and-quotas" in result.output
    import zipfile
    (redline,) = (tmp_path / "cmp").glob("*.docx")
    xml = zipfile.ZipFile(redline).read("word/document.xml").decode("utf-8")
    import re
    inserted = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", " ".join(
        re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml, flags=re.S))))
    assert "Categories of workers" in inserted and "between 300 and 500" in inserted
    result = cli("review", str(new), "-f", "json")
    assert result.exit_code == 0, result.output
    import json
    rows = {r["slot"]: r for r in json.loads(result.output)["rows"]}
    assert rows["bla/worker-categories"]["protection"] == "good-practice"
    assert rows["bla/savings-scheme"]["option"] == "voluntary-savings"


def test_starter_leaves_optional_slots_out_until_chosen(tmp_path, cli):
    """`init` lists an optional slot with its options but commented out, so the starter
    drafts without it; uncommented, the draft holds it."""
    path = tmp_path / "start.yaml"
    result = cli("init", "bilateral-labour-agreement", "-o", str(path))
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "  # savings-scheme: voluntary-with-guarantees" in text
    assert "optional: drafted only when chosen here" in text
    (d,) = _drafts(path)
    assert "bla/savings-scheme" not in {c.slot for c in d.clauses()}
    path.write_text(text.replace("  # savings-scheme: voluntary-with-guarantees",
                                 "  savings-scheme: voluntary-with-guarantees"), encoding="utf-8")
    (d,) = _drafts(path)
    assert "bla/savings-scheme" in {c.slot for c in d.clauses()}
