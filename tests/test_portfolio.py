"""The portfolio view and common minimum positions."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile

import pytest

from conftest import EXAMPLES, ROOT, write

POSITION = EXAMPLES / "positions" / "position-origin-countries-floor.yaml"
BELOW = EXAMPLES / "contract-domestic-worker-below-floor.yaml"
SRI_LANKA = EXAMPLES / "contract-domestic-worker-srilanka-jordan.yaml"
MOU = EXAMPLES / "mou-nepal-malaysia.yaml"
BLA_NEPAL = EXAMPLES / "bla-nepal-malaysia-welfare-fund.yaml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The portfolio of four examples, every format, against the example position."""
    from click.testing import CliRunner

    from agreement_kit.cli import main

    out = tmp_path_factory.mktemp("portfolio")
    r = CliRunner().invoke(main, ["portfolio", str(BELOW), str(SRI_LANKA), str(MOU),
                                  str(BLA_NEPAL), "-o", str(out), "--floor", str(POSITION),
                                  "-j", "2"])
    assert r.exit_code == 0, r.output + r.stderr
    return out, r


def test_portfolio_writes_every_format(made):
    out, r = made
    assert sorted(p.name for p in out.iterdir()) == ["portfolio.csv", "portfolio.html",
                                                      "portfolio.pdf", "portfolio.xlsx"]
    assert r.stdout.splitlines() == [f"wrote {out / ('portfolio.' + e)}"
                                     for e in ("html", "pdf", "csv", "xlsx")]
    assert "4 agreement(s) compared" in r.stderr


def test_csv_matrix_levels_and_totals(made):
    out, _ = made
    rows = list(csv.reader(io.StringIO((out / "portfolio.csv").read_text(encoding="utf-8"))))
    header, body = rows[0], rows[1:]
    assert header[:9] == ["Agreement", "Document", "File", "Origin", "Destination", "Date",
                          "Clauses", "Below floor", "Below position"]
    assert [r[0] for r in body] == ["Sri Lanka \u2013 Jordan", "Sri Lanka \u2013 Jordan",
                                    "Nepal \u2013 Malaysia", "Nepal \u2013 Malaysia"]
    by_file = {r[2]: dict(zip(header, r)) for r in body}
    below = by_file[str(BELOW)]
    assert below["Below floor"] == "5" and below["Below position"] == "4"
    assert below["Employment contracts: Hours of work and rest"] == "below-floor"
    assert by_file[str(SRI_LANKA)]["Below floor"] == "0"
    mou = by_file[str(MOU)]
    # the MoU chooses free change of employer after a qualifying period (the floor option)
    assert mou["Below floor"] == "0" and mou["Below position"] == "0"
    assert mou["Employment contracts: Hours of work and rest"] == ""  # not in an MoU
    # readable column labels, grouped by family, no ids
    assert all(":" in h and "/" not in h for h in header[9:])
    families = [h.split(":")[0] for h in header[9:]]
    assert families == sorted(families, key=families.index), "families are contiguous"


def test_xlsx_opens_in_libreoffice_calc(made, tmp_path):
    """Calc reads the workbook we wrote by hand; its first sheet is the CSV, cell for cell."""
    out, _ = made
    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    r = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                        "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                        "--outdir", str(tmp_path), str(out / "portfolio.xlsx")],
                       capture_output=True, text=True, timeout=180)
    converted = tmp_path / "portfolio.csv"
    assert converted.exists(), ("LibreOffice Calc could not open the XLSX (is "
                                "libreoffice-calc-nogui installed?): " + r.stdout + r.stderr)
    calc = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"))))
    ours = list(csv.reader(io.StringIO((out / "portfolio.csv").read_text(encoding="utf-8"))))
    assert calc == ours


def test_xlsx_fills_per_level_and_deterministic(made, tmp_path):
    out, _ = made
    with zipfile.ZipFile(out / "portfolio.xlsx") as zf:
        assert zf.testzip() is None
        styles = zf.read("xl/styles.xml").decode()
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.namelist()[0] == "[Content_Types].xml"
    for colour in ("C62828", "F9A825", "9CCC65", "2E7D32"):
        assert f'rgb="FF{colour}"' in styles
    assert 's="2" t="inlineStr"><is><t xml:space="preserve">below-floor' in sheet
    from click.testing import CliRunner

    from agreement_kit.cli import main

    r = CliRunner().invoke(main, ["portfolio", str(BELOW), str(SRI_LANKA), str(MOU),
                                  str(BLA_NEPAL), "-o", str(tmp_path), "--floor", str(POSITION),
                                  "-f", "xlsx,csv,html", "-j", "1"])
    assert r.exit_code == 0, r.stderr
    for name in ("portfolio.xlsx", "portfolio.csv", "portfolio.html"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_html_heat_map_legend_totals_and_findings(made):
    out, _ = made
    html = (out / "portfolio.html").read_text(encoding="utf-8")
    assert "size: A4 landscape" in html
    for label in ("Below the floor", "Floor", "Good practice", "Best practice",
                  "below the position"):
        assert label in html
    assert "Hours of work and rest" in html and "employment/working-hours" not in html
    assert html.count('class="cell short"') == sum(_slots_short(f) for f in
                                                   (BELOW, SRI_LANKA, MOU, BLA_NEPAL))
    assert "Below the common minimum position: Common minimum position" in html
    assert "Settled differently for the same country" in html
    # the two Sri Lanka - Jordan contracts settle working hours differently
    sri = html[html.index("<h3>Sri Lanka</h3>"):]
    assert "<b>Hours of work and rest</b>" in sri[:sri.index("</ul>")]


def _slots_short(params) -> int:
    from agreement_kit.assemble.pipeline import open_negotiation
    from agreement_kit.negotiate.position import load_position
    from agreement_kit.negotiate.review import review

    negotiation, library, blueprints = open_negotiation(params)
    result = review(negotiation, library, blueprints,
                    position=load_position(POSITION, library))
    return len({s.slot for s in result.shortfalls})


def test_pdf_is_landscape_and_readable(made):
    from pypdf import PdfReader

    out, _ = made
    reader = PdfReader(str(out / "portfolio.pdf"))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    first = reader.pages[0].extract_text()
    assert "Portfolio of agreements" in first and "Below floor" in first
    assert "Protection level of the chosen option" in first


def test_a_failed_file_means_no_portfolio(cli, tmp_path):
    bad = write(tmp_path / "bad.yaml", BELOW.read_text().replace("as-required", "as-requird"))
    r = cli("portfolio", BELOW, bad, "-o", tmp_path / "out", "-f", "csv")
    assert r.exit_code == 1
    assert "as-requird" in r.stderr and "no portfolio was written" in r.stderr
    assert not (tmp_path / "out").exists()


def test_divergences_per_country():
    from agreement_kit.model.portfolio import Agreement, Cell
    from agreement_kit.negotiate.portfolio import divergences
    from agreement_kit.model.portfolio import Topic

    def row(name, origin, option, level):
        a = Agreement(name, name, "doc", "d", origin, "Dest", origin, "Dest", "2026-01-01")
        a.cells["f/x"] = Cell(option, option.title(), level, True)
        return a

    rows = [row("a", "Nepal", "weak", "floor"), row("b", "Nepal", "strong", "best-practice"),
            row("c", "Peru", "weak", "floor")]
    found = divergences(rows, [Topic("f/x", "X", "f", "F")])
    # Nepal's two agreements differ; and the destination shared by all three
    assert [(d.country, [s.option for s in d.settlements]) for d in found] == [
        ("Dest", ["weak", "strong"]), ("Nepal", ["weak", "strong"])]
    assert found[1].settlements[0].agreements == ["a: doc"]


# --- position files ----------------------------------------------------------------------

def test_example_position_is_valid_and_not_a_parameter_file():
    from agreement_kit.library.clauses import load_library
    from agreement_kit.negotiate.position import load_position

    pos = load_position(POSITION, load_library())
    assert pos.name.startswith("Common minimum position")
    assert pos.clauses["bla/recruitment-costs"].option == "employer-pays"
    assert pos.clauses["bla/joint-committee"].bounds["meetings_per_year"].min == 2
    assert POSITION not in set(EXAMPLES.glob("*.yaml"))


def test_position_problems_all_at_once_with_lines(cli, tmp_path):
    bad = write(tmp_path / "pos.yaml", """\
position: Test
clause: {}
clauses:
  recruitment-cost: employer-pays
  recruitment-costs: employer-paid
  identity-documents: worker-keeps
  joint-committee:
    meetings_per_year: {min: 3, max: 2}
    meetings: {min: 1}
  employment/wages: {option: fixed-wage-only, currency: {min: 1}}
""")
    r = cli("review", BELOW, "--floor", bad)
    assert r.exit_code == 1 and "Traceback" not in r.stderr
    err = r.stderr
    for expected in (f"{bad}:2: clause: unknown key 'clause'", "Did you mean 'clauses'?",
                     f"{bad}:4: clauses.recruitment-cost: no clause slot 'recruitment-cost'",
                     f"{bad}:5: clauses.recruitment-costs: 'employer-paid' is not an option",
                     "Did you mean 'employer-pays'?",
                     f"{bad}:6: clauses.identity-documents: slot 'identity-documents' exists in "
                     "several families",
                     f"{bad}:8: clauses.joint-committee.meetings_per_year: min 3 is above max 2",
                     f"{bad}:9: clauses.joint-committee.meetings: 'meetings' is neither",
                     "clauses.employment/wages.currency"):
        assert expected in err, (expected, err)
    params = cli("review", BELOW, "--floor", BELOW)
    assert params.exit_code == 1 and "looks like a parameter file" in params.stderr


def test_review_floor_lists_shortfalls_and_fails_below_position(cli, tmp_path):
    pos = write(tmp_path / "pos.yaml", """\
position: Two meetings
clauses:
  employment/working-hours: agreed-schedule
""")
    r = cli("review", BELOW, "--floor", pos, "--fail-below", "position")
    assert r.exit_code == 1
    assert "BELOW THE POSITION  Two meetings" in r.stdout
    assert "Hours of work and rest" in r.stdout.split("BELOW THE POSITION")[1]
    assert "1 finding(s) below position." in r.stderr
    ok = cli("review", SRI_LANKA, "--floor", pos, "--fail-below", "position", "-f", "json")
    data = __import__("json").loads(ok.stdout)
    assert data["position"] == "Two meetings"
    assert data["summary"]["below_position"] == len(data["shortfalls"]) == 1
    assert ok.exit_code == 1 and data["shortfalls"][0]["title"] == "Hours of work and rest"
    plain = __import__("json").loads(cli("review", SRI_LANKA, "-f", "json").stdout)
    assert "position" not in plain and "below_position" not in plain["summary"]
    r = cli("review", BELOW, "--fail-below", "position")
    assert r.exit_code == 2 and "needs --floor" in r.stderr


def test_parameter_bounds(cli, tmp_path):
    pos = write(tmp_path / "pos.yaml", """\
clauses:
  joint-committee:
    meetings_per_year: {min: 3}
""")
    r = cli("review", ROOT / "examples" / "bla-philippines-germany-care.yaml", "--floor", pos,
            "-f", "md")
    assert r.exit_code == 0
    assert "meetings per year is 2, below the minimum of 3" in r.stdout


def test_an_agreement_with_articles_of_its_own(tmp_path):
    """Own articles have no protection level and no library topic: the row holds the
    library's clauses only, and the portfolio is written."""
    import csv as _csv

    from click.testing import CliRunner

    from agreement_kit.cli import main

    own = EXAMPLES / "bla-spain-morocco-2001-style.yaml"
    r = CliRunner().invoke(main, ["portfolio", str(own), str(MOU), "-o", str(tmp_path),
                                  "-f", "csv,html", "-j", "1"])
    assert r.exit_code == 0, r.output
    rows = list(_csv.reader(io.StringIO((tmp_path / "portfolio.csv").read_text("utf-8"))))
    assert not any("own/" in h or "Communication of offers" in h for h in rows[0])
    assert len(rows) == 3
