"""Two document forms: an agreement constituted by an exchange of notes, and a protocol amending
an agreement. Drafted from the examples into the draft model, DOCX and PDF, in English and in
French: the proposing Note reads as one (heading, salutation, numbered arrangements, the proposal
that the Notes constitute the agreement, one signature), the reply Note confirms the provisions
by their numbers as the draft gives them; the protocol's first article names the agreement and
lists the articles amended, and the Parties' own amending articles follow it."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from conftest import EXAMPLES, write
from docx_reading import bookmarks, list_numbers, open_docx, ref_fields, signature_tables
from library_drafts import check_clean, check_findings, draft_round, option_rounds

NOTES = EXAMPLES / "exchange-of-notes-mexico-united-states-1942-style.yaml"
PROTOCOL = EXAMPLES / "protocol-amending-spain-ukraine-style.yaml"
SIGNATURE_LINE = "______________________________"


def draft_of(path):
    from agreement_kit.assemble.pipeline import build_drafts

    return build_drafts(path)[0]


def pdf_text(data: bytes) -> str:
    """The PDF's words in reading order, words broken at line ends joined again."""
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"[\u00ad\u2010-]\n", "", text)
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def drafted(cli, path, out):
    result = cli("draft", path, "-o", out, "-f", "docx,pdf")
    assert result.exit_code == 0, result.output
    return (open_docx((out / f"{path.stem}.docx").read_bytes()),
            pdf_text((out / f"{path.stem}.pdf").read_bytes()))


def plain(text: str) -> str:
    """A draft's text with the no-break spaces of French typography as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def leftovers(draft) -> None:
    """No template code or token left in a draft of another language than English (whose
    references check_clean compares with the English labels)."""
    from library_drafts import LEFTOVERS, all_text

    text = all_text(draft)
    assert LEFTOVERS.search(text) is None, text[:200]


def docx_body(doc) -> str:
    return plain(" ".join(" ".join(text.split()) for _style, _num, text in list_numbers(doc)))


def in_french(example, tmp_path, changes) -> object:
    """The example as a French draft: the same file with `languages: [fr]` and the French names."""
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["languages"] = ["fr"]
    data["draft"].pop("status", None)
    changes(data)
    return write(tmp_path / f"{example.stem}-fr.yaml", yaml.safe_dump(data, allow_unicode=True,
                                                                        sort_keys=False))


# --- the exchange of notes ------------------------------------------------------------------

def test_notes_draft_model():
    d = draft_of(NOTES)
    assert d.document == "exchange-of-notes" and d.binding
    arts = list(d.articles())
    first, last = d.article("scope"), d.article("dispute-settlement")
    assert arts[0] is first and arts[-1] is last
    slots = [a.slot for a in arts]
    # the Notes settle entry into force: no treaty final clauses among the arrangements
    assert not {"bla/entry-into-force", "bla/amendment-and-termination", "bla/suspension"} & set(slots)
    # optional slots: drafted when the file chooses them, not otherwise
    assert {"bla/military-service", "bla/savings-scheme", "bla/freedom-to-buy"} <= set(slots)
    assert "bla/worker-obligations" not in slots
    opening = [p.text for p in d.opening]
    assert opening[1] == "From: Ambassador of the United States of America to Mexico"
    assert opening[2] == "To: Minister of Foreign Affairs of the United Mexican States"
    assert opening[3] == "Excellency,"
    assert "propose, on behalf of the Government of the United States of America" in d.agreed[0].text
    closing = " ".join(p.text for p in d.closing)
    assert ("this Note and Your Excellency's reply to that effect shall constitute an agreement "
            "between our two Governments, which shall enter into force on the date of Your "
            "Excellency's reply") in closing
    assert d.closing[-1].text == "Accept, Excellency, the assurance of my highest consideration."
    assert len(d.signatures) == 1  # the proposing side signs the Note; the other replies
    assert "".join(r.text for r in d.signatures[0].heading) == \
        "For the Government of the United States of America"
    reply = d.annexes[-1]
    assert reply.id == "reply-note" and reply.title == "Reply Note"
    # a note, not an article: place and date, salutation, text, courtesy formula, signatory,
    # each a paragraph of its own and none numbered
    paras = [p.text for p in reply.paragraphs]
    assert all(p.number is None for p in reply.paragraphs) and len(paras) == 7
    assert paras[0].startswith("Mexico City, ") and paras[1] == "Excellency,"
    assert f"in Articles {first.number} to {last.number} of that Note" in paras[2]
    assert (first.number, last.number) == (1, len(arts))
    assert "Your Excellency's Note of 4 August 2026" in paras[2]
    assert "shall constitute an agreement between our two Governments" in paras[3]
    assert paras[4].startswith("Accept, Excellency")
    assert paras[5:] == ["[name]", "Minister of Foreign Affairs of the United Mexican States"]
    check_clean(d)
    assert check_findings(d) == []


def test_notes_docx_and_pdf(tmp_path, cli):
    doc, pdf = drafted(cli, NOTES, tmp_path / "out")
    d = draft_of(NOTES)
    first, last = d.article("scope"), d.article("dispute-settlement")
    rows = list_numbers(doc)
    body = [text for style, _n, text in rows if style == "Body Text"]
    assert body[:4] == ["Mexico City, [date: ____________]",
                        "From: Ambassador of the United States of America to Mexico",
                        "To: Minister of Foreign Affairs of the United Mexican States",
                        "Excellency,"]
    annexes = [text.strip() for style, _n, text in rows if style == "Annex Heading"]
    assert annexes[-1] == "Reply Note"
    # the reply names the Note's provisions through Word cross-references to their headings
    marks = bookmarks(doc)
    scope_mark = next(k for k, t in marks.items() if t == "Scope")
    last_mark = next(k for k, t in marks.items() if t == last.title)
    refs = ref_fields(doc)
    assert (scope_mark, str(first.number)) in refs and (last_mark, str(last.number)) in refs
    reply = next(text for style, _n, text in reversed(rows) if "of that Note" in text)
    assert f"in Articles {first.number} to {last.number} of that Note" in reply
    # unnumbered in Word too: no paragraph of the reply carries a list number
    at = next(i for i, (style, _n, text) in enumerate(rows) if text.strip() == "Reply Note")
    assert all(n in (None, "") for _s, n, _t in rows[at + 1:])
    # one signature block before the reply: the proposing Government's
    blocks = [b for b in signature_tables(doc)[0] if b.strip("_\n ")]
    assert len(blocks) == 1 and blocks[0].startswith(
        "For the Government of the United States of America")

    assert "Exchange of Notes constituting an Agreement between the Government of the United " \
        "Mexican States and the Government of the United States of America" in pdf
    closing = pdf.index("If the foregoing proposals are acceptable to the Government of the United "
                        "Mexican States, I have the honour to propose that this Note and Your "
                        "Excellency's reply to that effect shall constitute an agreement")
    courtesy = pdf.index("Accept, Excellency, the assurance of my highest consideration.")
    signer = pdf.index("For the Government of the United States of America", courtesy)
    first_annex = pdf.index("Annex I Seasonal work in agriculture", signer)
    assert closing < courtesy < signer < first_annex
    assert pdf[courtesy:first_annex].count(SIGNATURE_LINE) == 1
    reply_at = pdf.rindex("Reply Note")
    assert pdf.index(f"in Articles {first.number} to {last.number} of that Note") > reply_at
    assert pdf.index("I have the honour to confirm, on behalf of the Government of the United "
                     "Mexican States") > reply_at


def test_notes_cannot_leave_out_the_reply_or_its_range(tmp_path, cli):
    for slot in ("reply-note", "dispute-settlement"):
        data = yaml.safe_load(NOTES.read_text(encoding="utf-8"))
        data["clauses"][slot] = "omit"
        path = write(tmp_path / f"no-{slot}.yaml", yaml.safe_dump(data, sort_keys=False))
        result = cli("validate", path)
        assert result.exit_code == 1, result.output
        assert slot in result.output and "exchange-of-notes" in result.output


def test_every_option_of_both_forms_drafts_cleanly(tmp_path):
    for document in ("exchange-of-notes", "amending-protocol"):
        for clauses in option_rounds(document):
            d = draft_round(tmp_path, document, clauses)
            check_clean(d)
            assert check_findings(d, errors_only=True) == [], document


def _notes_in_french(data):
    data["parties"]["origin"]["names"] = {"fr": {
        "country": "les États-Unis du Mexique", "short": "le Mexique",
        "of_country": "des États-Unis du Mexique", "of_short": "du Mexique",
        "signatory_title": "Secrétaire aux relations extérieures des États-Unis du Mexique"}}
    data["parties"]["destination"]["names"] = {"fr": {
        "country": "les États-Unis d'Amérique", "short": "les États-Unis",
        "of_country": "des États-Unis d'Amérique", "of_short": "des États-Unis",
        "signatory_title": "Ambassadeur des États-Unis d'Amérique au Mexique"}}
    data["scope"]["occupations"] = [{"en": "farm worker", "fr": "ouvrier agricole"}]
    data["draft"]["place_of_signature"] = {"en": "Mexico City", "fr": "Mexico"}


def test_notes_in_french(tmp_path, cli):
    path = in_french(NOTES, tmp_path, _notes_in_french)
    assert cli("check", path).exit_code == 0
    d = draft_of(path)
    last = d.article("dispute-settlement")
    assert [p.text for p in d.opening][3] == "Excellence,"
    assert d.opening[4].text.startswith("J'ai l'honneur de me référer")
    closing = plain(" ".join(p.text for p in d.closing))
    assert "la présente Note et la réponse de Votre Excellence en ce sens constituent entre nos " \
        "deux Gouvernements un accord" in closing
    assert len(d.signatures) == 1
    reply = d.annexes[-1]
    assert reply.id == "reply-note" and reply.title == "Note de réponse"
    assert f"de l'article premier à l'article {last.number} de cette Note" in reply.paragraphs[2].text
    assert reply.paragraphs[1].text == "Excellence,"
    leftovers(d)

    doc, pdf = drafted(cli, path, tmp_path / "out")
    body = docx_body(doc)
    assert "Veuillez agréer, Excellence, l'assurance de ma très haute considération." in body
    assert f"de l'article premier à l'article {last.number} de cette Note" in body
    assert "Les deux Gouvernements s'engagent à" in body
    assert "Note de réponse" in pdf and f"l'article {last.number} de cette Note" in pdf
    blocks = [b for b in signature_tables(doc)[0] if b.strip("_\n ")]
    assert len(blocks) == 1 and blocks[0].startswith("Pour le Gouvernement des États-Unis d'Amérique")


# --- the amending protocol ------------------------------------------------------------------

def test_protocol_draft_model():
    d = draft_of(PROTOCOL)
    assert d.document == "amending-protocol"
    assert d.title.startswith("Protocol amending the Agreement between the Government of Ukraine")
    arts = list(d.articles())
    assert [a.slot for a in arts] == ["common/amended-agreement", "own/amendment-of-article-7",
                                      "own/amendment-of-article-12", "common/protocol-final"]
    first = arts[0]
    assert first.number == 1 and first.title == "Amendments"
    lead = first.paragraphs[0].text
    assert lead.startswith("The Agreement between the Government of Ukraine and the Government of "
                           "the Kingdom of Spain on the Regulation and Management of Labour "
                           "Migration Flows, signed at Madrid on 15 March 2010 (hereinafter "
                           "referred to as “the Agreement”), is amended")
    items = [(p.number, p.text) for p in first.paragraphs if p.level == 1]
    assert items == [("(a)", "Article 7; and"), ("(b)", "Article 12.")]
    assert [a.number for a in arts[1:3]] == [2, 3]  # the amendments follow the first article
    assert arts[1].paragraphs[0].text.startswith("Article 7 of the Agreement is replaced by")
    assert arts[-1].title == "Entry into force of the Protocol"
    assert "30 days after the date of receipt of the later of those notifications" in \
        arts[-1].paragraphs[1].text
    assert d.opening[1].text == ("Desiring to amend the Agreement between them identified in "
                                 "Article 1 of this Protocol,")
    assert len(d.signatures) == 2
    check_clean(d)
    assert check_findings(d) == []


def test_protocol_docx_and_pdf(tmp_path, cli):
    doc, pdf = drafted(cli, PROTOCOL, tmp_path / "out")
    rows = list_numbers(doc)
    headings = [(num, text) for style, num, text in rows if style.startswith("Heading")]
    assert headings == [("Article 1", "Amendments"), ("Article 2", "Amendment of Article 7"),
                        ("Article 3", "Amendment of Article 12"),
                        ("Article 4", "Entry into force of the Protocol")]
    start = rows.index(next(r for r in rows if r[2] == "Amendments"))
    listed = [(num, text) for style, num, text in rows[start:start + 6] if style == "Article Item"]
    assert listed == [("(a)", "Article 7; and"), ("(b)", "Article 12.")]
    assert "The Agreement between the Government of Ukraine" in pdf
    text = pdf[pdf.index("Have agreed as follows:"):]  # after the contents
    assert text.index("Article 1 Amendments") < text.index("(a) Article 7; and") \
        < text.index("Article 2 Amendment of Article 7") < text.index("Article 4 Entry into force")
    assert "have signed this Protocol" in pdf


def _protocol_in_french(data):
    data["title"] = ("Protocole portant modification de l'Accord entre le Gouvernement de l'Ukraine "
                     "et le Gouvernement du Royaume d'Espagne relatif à la régulation des flux "
                     "migratoires de main-d'œuvre")
    data["recitals"] = ["Considérant l'expérience acquise dans l'application de l'Accord,"]
    data["parties"]["origin"]["names"] = {"fr": {
        "country": "l'Ukraine", "short": "l'Ukraine", "of_country": "de l'Ukraine",
        "of_short": "de l'Ukraine"}}
    data["parties"]["destination"]["names"] = {"fr": {
        "country": "le Royaume d'Espagne", "short": "l'Espagne",
        "of_country": "du Royaume d'Espagne", "of_short": "de l'Espagne"}}
    clause = data["clauses"]["amended-agreement"]
    clause["agreement_title"] = ("Accord entre le Gouvernement de l'Ukraine et le Gouvernement du "
                                 "Royaume d'Espagne relatif à la régulation des flux migratoires "
                                 "de main-d'œuvre")
    clause["amended_articles"] = ["article 7", "article 12"]
    data["articles"][0].update(
        title="Modification de l'article 7",
        text="L'article 7 de l'Accord est remplacé par le texte suivant : « Article 7. Frais de "
             "recrutement. Aucun frais de recrutement n'est mis à la charge des travailleurs. »")
    data["articles"][1].update(
        title="Modification de l'article 12",
        text="L'article 12 de l'Accord est modifié comme suit :\n"
             "- au paragraphe 1, les mots « avec le consentement écrit du premier employeur » "
             "sont supprimés ;\n- un paragraphe 3 est ajouté.\n")
    data["draft"]["place_of_signature"] = "Kyiv"


def test_protocol_in_french(tmp_path, cli):
    path = in_french(PROTOCOL, tmp_path, _protocol_in_french)
    assert cli("check", path).exit_code == 0
    d = draft_of(path)
    arts = list(d.articles())
    assert [a.slot for a in arts][0] == "common/amended-agreement" and arts[0].title == "Modifications"
    assert plain(arts[0].paragraphs[0].text).startswith("L'accord intitulé « Accord entre le Gouvernement "
                                                 "de l'Ukraine")
    # (no space before ";" after a figure: the engine's French spacing leaves "10:30" alone)
    assert [re.sub(r"\s+;", ";", plain(p.text)) for p in arts[0].paragraphs if p.level == 1] \
        == ["article 7; et", "article 12."]
    assert [a.title for a in arts[1:3]] == ["Modification de l'article 7",
                                            "Modification de l'article 12"]
    assert arts[-1].title == "Entrée en vigueur du Protocole"
    assert "désigné à l'article premier du présent Protocole" in d.opening[1].text
    leftovers(d)

    doc, pdf = drafted(cli, path, tmp_path / "out")
    headings = [text for style, _n, text in list_numbers(doc) if style.startswith("Heading")]
    assert headings[0] == "Article premier\tModifications"  # written out; Word numbers from 2
    assert [h.split("\t")[-1] for h in headings] == ["Modifications", "Modification de l'article 7",
                        "Modification de l'article 12", "Entrée en vigueur du Protocole"]
    assert "Article premier Modifications" in pdf and "le présent Protocole" in pdf


@pytest.mark.parametrize("example", [NOTES, PROTOCOL])
def test_examples_validate(cli, example):
    result = cli("validate", example)
    assert result.exit_code == 0, result.output
