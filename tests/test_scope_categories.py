"""Worker categories with their terms, excluded persons and quotas per sector (scope.categories,
scope.excluded, scope.quotas): the article on categories of workers and the listed quotas of
the article on numbers, drafted in English and French with the real library, and the files
the engine refuses."""

from __future__ import annotations

import pytest

from conftest import write

SCOPE = """\
  categories:
    - {category: seasonal, max_months: 9, min_age: 21, max_age: 45}
    - {category: temporary, max_months: 24, min_age: 21, max_age: 40}
    - trainee
    - {category: long-term, min_age: 18}
    - {category: permanent, max_age: 50}
  excluded:
    - {en: seafarers, fr: les gens de mer}
    - en: >-
        persons who have entered or stayed irregularly in the Receiving State in the past
        5 years
      fr: >-
        les personnes qui sont entrées ou ont séjourné irrégulièrement dans l'État d'accueil
        au cours des 5 dernières années
  quotas:
    - {sector: agriculture, per_year: 500}
    - {sector: hospitality, range: [200, 400]}
    - {once: 1000}
"""

BASE = """\
document: {document}
languages: [en, fr]
parties:
  origin:
    country: Kingdom of Morocco
    short: Morocco
    names:
      fr: {{country: le Royaume du Maroc, short: le Maroc, of_country: du Royaume du Maroc,
           of_short: du Maroc}}
  destination:
    country: Kingdom of Spain
    short: Spain
    names:
      fr: {{country: le Royaume d'Espagne, short: l'Espagne, of_country: du Royaume d'Espagne,
           of_short: de l'Espagne}}
scope:
  sectors: [agriculture, hospitality]
  annual_quota: 1500
{scope}clauses:
{clauses}
draft: {{date: 2026-11-27}}
"""
CLAUSES = "  numbers-and-quotas: quotas-as-listed\n"


def params(tmp_path, scope: str = SCOPE, clauses: str = CLAUSES, name: str = "p.yaml",
           document: str = "bilateral-labour-agreement"):
    return write(tmp_path / name, BASE.format(scope=scope, clauses=clauses or "  {}",
                                              document=document))


def drafts_of(path):
    from agreement_kit.assemble.pipeline import build_drafts

    return {d.language: d for d in build_drafts(path)}


def texts(article) -> list[str]:
    # French numbers are grouped with a (narrow) no-break space: compare them as spaces
    return [p.text.replace("\u202f", " ").replace("\u00a0", " ") for p in article.paragraphs]


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    return drafts_of(params(tmp_path_factory.mktemp("scope")))


def test_categories_article_lists_terms_and_exclusions_in_english(drafted):
    d = drafted["en"]
    art = d.article("worker-categories")
    assert art is not None and art.title == "Categories of workers"
    slots = [a.slot.split("/")[-1] for a in d.articles()]
    assert slots.index("worker-categories") == slots.index("scope") + 1
    items = texts(art)
    assert "seasonal workers, for stays of up to 9 months in any 12 months, aged 21 to 45;" in items
    assert "workers in temporary employment, for stays of up to 24 months, aged 21 to 40;" in items
    assert "trainees;" in items
    assert "workers in long-term employment, aged at least 18; and" in items
    assert "workers admitted for permanent residence, aged not more than 50." in items
    assert "This Agreement does not apply to:" in items
    assert "seafarers; and" in items
    assert ("persons who have entered or stayed irregularly in the Receiving State in the past "
            "5 years.") in items
    assert items[0].startswith(f"Within the scope set out in {d.article('scope').label}, ")
    # the default option adds the safeguards
    assert art.option == "categories-with-safeguards"
    body = " ".join(items)
    assert "passed an age limit after admission" in body
    assert "apply to change to another category listed in this Article" in body


def test_categories_article_in_french(drafted):
    items = texts(drafted["fr"].article("worker-categories"))
    assert ("travailleurs saisonniers, pour des séjours de 9 mois au plus sur toute période de "
            "12 mois, âgés de 21 à 45 ans ;") in items
    assert ("travailleurs occupant un emploi temporaire, pour des séjours de 24 mois au plus, "
            "âgés de 21 à 40 ans ;") in items
    assert ("travailleurs occupant un emploi de longue durée, "
            "âgés d'au moins 18 ans ; et") in items
    assert ("travailleurs admis en vue d'une résidence permanente, "
            "âgés de 50 ans au plus.") in items
    assert "Sont exclus du champ d'application du présent Accord :" in items
    assert "les gens de mer ; et" in items


def test_quotas_with_their_figures_in_english(drafted):
    d = drafted["en"]
    art = d.article("numbers-and-quotas")
    assert art.option == "quotas-as-listed"
    items = texts(art)
    assert "for agriculture, up to 500 workers each year;" in items
    assert "for hospitality and tourism, between 200 and 400 workers each year; and" in items
    assert ("in all sectors together, up to 1,000 workers in all during the period in which "
            "this Agreement is in force.") in items
    body = " ".join(items)
    assert "except the lower figure of a range, which is a planning figure" in body
    assert "A reduction of a figure shall not affect workers already admitted" in body
    assert f"under {d.article('labour-market-needs').label}" in body
    assert "1,500" not in body  # scope.quotas replaces the single annual figure


def test_quotas_with_their_figures_in_french(drafted):
    items = texts(drafted["fr"].article("numbers-and-quotas"))
    assert "agriculture : 500 travailleurs au plus par an ;" in items
    assert ("hôtellerie-restauration et tourisme : "
            "entre 200 et 400 travailleurs par an ; et") in items
    assert ("ensemble des secteurs : 1 000 travailleurs au plus au total pendant la période "
            "d'application du présent Accord.") in items
    assert any("La réduction d'un chiffre est sans effet sur les travailleurs déjà admis" in t
               for t in items)


def test_memorandum_drafts_both_articles(tmp_path):
    d = drafts_of(params(tmp_path, document="memorandum-of-understanding"))["en"]
    items = texts(d.article("worker-categories"))
    assert "This Memorandum of Understanding does not apply to:" in items
    assert "for agriculture, up to 500 workers each year;" in texts(d.article("numbers-and-quotas"))


def test_listed_quotas_fall_back_on_the_annual_figure(tmp_path):
    path = params(tmp_path, scope="  categories: [{category: seasonal, max_months: 1}, trainee]\n")
    d = drafts_of(path)["en"]
    body = " ".join(texts(d.article("numbers-and-quotas")))
    assert "within a figure of up to 1,500 workers each year" in body
    assert "review the figure each year" in body
    # a category without terms is listed on its own; without ages no age safeguard is drafted
    items = texts(d.article("worker-categories"))
    assert "seasonal workers, for stays of up to 1 month in any 12 months; and" in items
    assert "trainees." in items
    assert "age limit" not in " ".join(items)
    assert not any("does not apply to" in t for t in items)


def _error(cli, path):
    result = cli("validate", path)
    assert result.exit_code == 1, result.output
    return result.output


def test_quotas_with_another_option_are_refused(tmp_path, cli):
    path = params(tmp_path, clauses="  numbers-and-quotas: annual-ceiling\n")
    out = _error(cli, path)
    assert "scope.quotas" in out and "quotas-as-listed" in out and "annual-ceiling" in out
    # leaving the option to the default is refused too
    out = _error(cli, params(tmp_path, clauses="", name="q.yaml"))
    assert "quotas-as-listed" in out and "indicative-annual" in out


@pytest.mark.parametrize("old, new, expected", [
    # a quota for a sector the scope does not cover
    ("{sector: hospitality, range: [200, 400]}", "{sector: construction, range: [200, 400]}",
     ["scope.quotas[1].sector", "construction", "scope.sectors does not list"]),
    # a quota with two figures
    ("{sector: agriculture, per_year: 500}", "{sector: agriculture, per_year: 500, once: 900}",
     ["scope.quotas[0]", "a quota gives one figure", "per_year and once"]),
    # ages in the wrong order
    ("min_age: 21, max_age: 45", "min_age: 46, max_age: 45",
     ["scope.categories[0]", "min_age 46 is above max_age 45"]),
], ids=["sector-outside-scope", "two-figures", "ages-reversed"])
def test_scope_mistakes_are_refused(tmp_path, cli, old, new, expected):
    out = _error(cli, params(tmp_path, scope=SCOPE.replace(old, new)))
    for text in expected:
        assert text in out


@pytest.mark.parametrize("scope", ["", "  categories: [seasonal]\n"])
def test_without_the_new_keys_no_categories_article(tmp_path, scope):
    # categories named without terms (as files written before the terms were) add no article
    path = params(tmp_path, scope=scope, clauses="")
    for d in drafts_of(path).values():
        assert d.article("worker-categories") is None
        assert d.article("numbers-and-quotas").option == "indicative-annual"


def test_seasonal_rules_follow_the_category_in_every_sector(tmp_path):
    """Seasonal work in agriculture and in hospitality: the agriculture annex and the general
    seasonal annex, which leaves agriculture to the other by its number; agriculture alone
    keeps only its own annex."""
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.model.draft import plain

    base = ("document: bilateral-labour-agreement\nlanguages: [en, fr]\nparties:\n"
            "  origin: {country: Kingdom of Morocco, short: Morocco}\n"
            "  destination: {country: Kingdom of Spain, short: Spain}\n"
            "scope: {sectors: [SECTORS], categories: [seasonal]}\ndraft: {date: 2026-11-27}\n")
    path = tmp_path / "mixed.yaml"
    path.write_text(base.replace("SECTORS", "agriculture, hospitality"), encoding="utf-8")
    en, fr = build_drafts(path)
    annexes = {a.id: a for a in en.annexes}
    agri, general = annexes["annex-seasonal-agriculture"], annexes["annex-seasonal-work"]
    first = plain(general.paragraphs[0].inlines)
    assert f"other than in agriculture, which {agri.number} governs" in first
    fr_general = next(a for a in fr.annexes if a.id == "annex-seasonal-work")
    assert "hors de l'agriculture, que régit l'annexe I" in plain(fr_general.paragraphs[0].inlines)
    path.write_text(base.replace("SECTORS", "agriculture"), encoding="utf-8")
    (only,) = build_drafts(path)[:1]
    assert [a.id for a in only.annexes if "seasonal" in a.id] == ["annex-seasonal-agriculture"]


def test_a_category_cannot_outlast_the_longest_stay(tmp_path, cli):
    """One maximum stay in a document: a category allowing more months than the duration of
    stay article is refused at its line, naming both values and both ways out."""
    from conftest import ROOT
    text = (ROOT / "examples" / "mou-korea-eps-style.yaml").read_text(encoding="utf-8")
    path = tmp_path / "long.yaml"
    path.write_text(text.replace("max_months: 58", "max_months: 72"), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert "long.yaml:38: scope.categories[0].max_months" in result.output
    assert "72 months" in result.output and "58 months at most" in result.output
    assert "max_stay_months to 72" in result.output
