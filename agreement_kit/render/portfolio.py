"""The Portfolio as a heat map (HTML, PDF) and as a table for a spreadsheet (CSV, XLSX).

The page is meant to be read in a minute: first what needs attention (how many agreements
have clauses below the floor and below the position, per agreement), the legend, then the
matrix (agreements by clause topic, one colour per protection level, grouped by family, in
landscape tables of at most :data:`COLUMNS_PER_TABLE` topics), then the findings in words.

The XLSX is written here with zipfile and the minimum of SpreadsheetML (inline strings, one
fill per level, fixed timestamps), so the same Portfolio always gives the same bytes and no
spreadsheet library is needed.
"""

from __future__ import annotations

import csv
import io
import zipfile
from html import escape
from typing import Callable
from xml.sax.saxutils import escape as xml_escape

from ..conventions import letters
from ..model.portfolio import LEVEL_CODES, LEVEL_LABELS, Agreement, Portfolio, Topic
from ..model.protection import PROTECTION_LEVELS

PORTFOLIO_FORMATS = ("html", "pdf", "csv", "xlsx")
COLUMNS_PER_TABLE = 30
COLOURS = {"below-floor": ("#c62828", "#ffffff"), "floor": ("#f9a825", "#111111"),
           "good-practice": ("#9ccc65", "#111111"), "best-practice": ("#2e7d32", "#ffffff")}
ABSENT = "#f2f2f2"


def _latest(portfolio: Portfolio) -> str:
    return max((a.date for a in portfolio.agreements), default="")


def headline(portfolio: Portfolio) -> list[str]:
    """The few sentences a reader needs first."""
    rows = portfolio.agreements
    below = [a for a in rows if a.below_floor]
    clauses = sum(len(a.below_floor) for a in rows)
    lines = [f"{len(rows)} agreement(s) compared on {len(portfolio.topics)} clause topic(s)."]
    lines.append(f"{len(below)} of them have {clauses} clause(s) below the international floor."
                 if below else "No agreement has a clause below the international floor.")
    if portfolio.position is not None:
        short = [a for a in rows if a.shortfalls]
        n = sum(len(a.shortfalls) for a in rows)
        lines.append(f"{len(short)} fall below the common minimum position "
                     f"({portfolio.position}) on {n} point(s)." if short else
                     f"Every agreement meets the common minimum position ({portfolio.position}).")
    if portfolio.divergences:
        countries = sorted({d.country for d in portfolio.divergences})
        lines.append(f"{len(portfolio.divergences)} topic(s) are settled differently in the "
                     f"agreements of the same country ({', '.join(countries)}).")
    return lines


def totals_rows(portfolio: Portfolio) -> list[tuple[str, ...]]:
    rows = []
    for a in portfolio.agreements:
        cells = (a.name, a.subject, str(len(a.cells)), str(len(a.below_floor)))
        if portfolio.position is not None:
            cells += (str(len(a.shortfalls)),)
        rows.append(cells)
    return rows


def totals_headers(portfolio: Portfolio) -> tuple[str, ...]:
    return ("Agreement", "Document", "Clauses", "Below floor") + (
        ("Below position",) if portfolio.position is not None else ())


# --- HTML and PDF ----------------------------------------------------------------------------

PORTFOLIO_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm 14mm 12mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
    font: 7.5pt "Liberation Sans", "DejaVu Sans", sans-serif; color: #555; } }
html { font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 9pt;
  line-height: 1.3; color: #111; }
body { margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
p.sub { margin: 0 0 6pt; color: #444; }
h2 { font-size: 11.5pt; margin: 12pt 0 4pt; break-after: avoid; }
h3 { font-size: 9.5pt; margin: 8pt 0 3pt; break-after: avoid; }
p { margin: 0 0 3pt; }
ul { margin: 0 0 4pt; padding-left: 5mm; }
li { margin: 0 0 1.5pt; }
p.headline { font-size: 10.5pt; margin: 0 0 2pt; }
.legend span.swatch { display: inline-block; width: 9mm; text-align: center; font-weight: bold;
  font-size: 7.5pt; margin: 0 1.5mm 0 4mm; border: 0.5pt solid #777; }
table { border-collapse: collapse; }
table.totals { margin: 4pt 0 8pt; font-size: 8.5pt; }
table.totals th, table.totals td { border: 0.5pt solid #999; padding: 1.5pt 5pt; text-align: left; }
table.totals td.n { text-align: right; }
table.totals td.alert { color: #b71c1c; font-weight: bold; }
table.totals th { background: #e8e8e8; }
table.matrix { table-layout: fixed; margin: 2pt 0 8pt; break-inside: avoid; }
table.matrix td, table.matrix th { border: 0.5pt solid #bbb; padding: 0; }
table.matrix th.name { width: 48mm; text-align: left; font-size: 7.5pt; font-weight: normal;
  padding: 0 2pt; }
table.matrix th.topic { width: 7mm; height: 44mm; vertical-align: bottom; font-size: 6.5pt;
  font-weight: normal; }
table.matrix th.topic div { width: 43mm; white-space: nowrap; overflow: hidden;
  transform-origin: 0 100%; transform: translate(5.2mm, 0) rotate(-90deg); text-align: left; }
table.matrix th.family { font-size: 7.5pt; text-align: left; padding: 1pt 2pt;
  background: #e8e8e8; }
table.matrix td.cell { height: 4.6mm; text-align: center; font-size: 6pt; font-weight: bold; }
table.matrix td.absent { background: #f2f2f2; }
table.matrix td.short { outline: 1.2pt solid #111; outline-offset: -1.2pt; }
.note { color: #444; font-size: 8pt; }
"""


def _style(level: str) -> str:
    bg, fg = COLOURS[level]
    return f"background:{bg};color:{fg}"


def _legend(portfolio: Portfolio) -> str:
    items = "".join(f'<span class="swatch" style="{_style(level)}">{LEVEL_CODES[level]}</span>'
                    f"{escape(LEVEL_LABELS[level])}" for level in PROTECTION_LEVELS)
    extra = (' <span class="swatch" style="background:#fff;outline:1.2pt solid #111">'
             '&#9660;</span>below the position' if portfolio.position is not None else "")
    return (f'<p class="legend">Protection level of the chosen option:{items}{extra}'
            f' <span class="swatch" style="background:{ABSENT}">&#160;</span>'
            "not in this document</p>")


def _matrix_tables(portfolio: Portfolio) -> list[str]:
    out = []
    for family, topics in portfolio.families():
        for start in range(0, len(topics), COLUMNS_PER_TABLE):
            chunk = topics[start:start + COLUMNS_PER_TABLE]
            rows = [a for a in portfolio.agreements if any(t.slot in a.cells for t in chunk)]
            if not rows:
                continue
            part = (f" ({start // COLUMNS_PER_TABLE + 1} of "
                    f"{-(-len(topics) // COLUMNS_PER_TABLE)})"
                    if len(topics) > COLUMNS_PER_TABLE else "")
            head = "".join(f'<th class="topic" title="{escape(t.title)}"><div>'
                           f"{escape(_clip(t.title))}</div></th>" for t in chunk)
            body = []
            for a in rows:
                cells = "".join(_cell(a, t) for t in chunk)
                body.append(f'<tr><th class="name">{escape(a.name)}<br>'
                            f'<span class="note">{escape(a.subject)}</span></th>{cells}</tr>')
            cols = ('<colgroup><col style="width:48mm">'
                    + '<col style="width:7mm">' * len(chunk) + "</colgroup>")
            out.append(f'<table class="matrix" style="width:{48 + 7 * len(chunk)}mm">{cols}'
                       f'<thead><tr><th class="family" colspan="'
                       f'{len(chunk) + 1}">{escape(family)}{part}</th></tr><tr>'
                       f'<th class="name"></th>{head}</tr></thead><tbody>'
                       + "".join(body) + "</tbody></table>")
    return out


def _clip(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def _cell(a: Agreement, t: Topic) -> str:
    cell = a.cells.get(t.slot)
    if cell is None:
        return '<td class="cell absent"></td>'
    short = " short" if cell.below_position else ""
    mark = "&#9660;" if cell.below_position else LEVEL_CODES[cell.protection]
    title = f"{cell.label} ({LEVEL_LABELS[cell.protection]})"
    return (f'<td class="cell{short}" style="{_style(cell.protection)}" '
            f'title="{escape(title)}">{mark}</td>')


def _findings(portfolio: Portfolio) -> list[str]:
    out = ["<h2>Below the international floor</h2>"]
    below = [a for a in portfolio.agreements if a.below_floor]
    if not below:
        out.append("<p>None.</p>")
    for a in below:
        out.append(f"<h3>{escape(a.label)} ({len(a.below_floor)})</h3><ul>")
        out += [f"<li><b>{escape(f.title)}</b> ({escape(f.where)}): {escape(f.label)}. "
                f'<span class="note">Falls short of {escape("; ".join(f.standards))}.</span>'
                "</li>" for f in a.below_floor]
        out.append("</ul>")
    if portfolio.position is not None:
        out.append(f"<h2>Below the common minimum position: {escape(portfolio.position)}</h2>")
        short = [a for a in portfolio.agreements if a.shortfalls]
        if not short:
            out.append("<p>None: every agreement meets the position.</p>")
        for a in short:
            out.append(f"<h3>{escape(a.label)} ({len(a.shortfalls)})</h3><ul>")
            out += [f"<li><b>{escape(s.title)}</b> ({escape(s.where)}): {escape(s.reason)}."
                    "</li>" for s in a.shortfalls]
            out.append("</ul>")
    out.append("<h2>Settled differently for the same country</h2>")
    if not portfolio.divergences:
        out.append("<p>None: each country's agreements settle each topic alike.</p>")
    country = None
    for d in portfolio.divergences:
        if d.country != country:
            out.append(("</ul>" if country is not None else "") + f"<h3>{escape(d.country)}</h3><ul>")
            country = d.country
        settled = "; ".join(f"{escape(s.label)} ({escape(LEVEL_LABELS[s.protection].lower())}) "
                            f"in {escape(', '.join(s.agreements))}" for s in d.settlements)
        out.append(f"<li><b>{escape(d.title)}</b>: {settled}.</li>")
    if country is not None:
        out.append("</ul>")
    return out


def render_portfolio_html(portfolio: Portfolio) -> str:
    position = (f" against {escape(portfolio.position)}" if portfolio.position is not None
                else "")
    body = ["<h1>Portfolio of agreements</h1>",
            f'<p class="sub">Protection level of every clause, agreement by agreement'
            f"{position}. Latest draft date: {escape(_latest(portfolio))}.</p>"]
    body += [f'<p class="headline">{escape(line)}</p>' for line in headline(portfolio)]
    headers = totals_headers(portfolio)
    rows = []
    for cells in totals_rows(portfolio):
        tds = [f"<td>{escape(cells[0])}</td>", f"<td>{escape(cells[1])}</td>"]
        tds += [f'<td class="n{" alert" if i > 2 and c != "0" else ""}">{escape(c)}</td>'
                for i, c in enumerate(cells) if i >= 2]
        rows.append("<tr>" + "".join(tds) + "</tr>")
    body.append('<table class="totals"><thead><tr>'
                + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead><tbody>"
                + "".join(rows) + "</tbody></table>")
    body.append(_legend(portfolio))
    body.append("<h2>Clause by clause</h2>")
    body += _matrix_tables(portfolio)
    body += _findings(portfolio)
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            "<title>Portfolio of agreements</title>\n"
            f"<style>{PORTFOLIO_CSS}</style>\n</head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n")


def render_portfolio_pdf(portfolio: Portfolio) -> bytes:
    """The heat map as PDF, A4 landscape, laid out from its HTML (package resources only)."""
    from .pdf import html_to_pdf

    return html_to_pdf(render_portfolio_html(portfolio))


# --- CSV and XLSX ----------------------------------------------------------------------------

def table(portfolio: Portfolio) -> list[list[str]]:
    """The matrix as rows of text: a header, then one row per agreement; each topic cell is
    the chosen option's protection level ('' where the document has no such clause)."""
    fixed = ["Agreement", "Document", "File", "Origin", "Destination", "Date", "Clauses",
             "Below floor"] + (["Below position"] if portfolio.position is not None else [])
    header = fixed + [f"{t.family_label}: {t.title}" for t in portfolio.topics]
    rows = [header]
    for a in portfolio.agreements:
        row = [a.name, a.subject, a.file, a.origin, a.destination, a.date, str(len(a.cells)),
               str(len(a.below_floor))]
        if portfolio.position is not None:
            row.append(str(len(a.shortfalls)))
        row += [a.cells[t.slot].protection if t.slot in a.cells else ""
                for t in portfolio.topics]
        rows.append(row)
    return rows


def render_portfolio_csv(portfolio: Portfolio) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(table(portfolio))
    return buf.getvalue().encode("utf-8")


def findings_table(portfolio: Portfolio) -> list[list[str]]:
    rows = [["Agreement", "Finding", "Clause", "Where", "Option", "Detail"]]
    for a in portfolio.agreements:
        for f in a.below_floor:
            rows.append([a.label, "below the floor", f.title, f.where, f.label,
                         "falls short of " + "; ".join(f.standards)])
        for s in a.shortfalls:
            rows.append([a.label, "below the position", s.title, s.where, s.label, s.reason])
    for d in portfolio.divergences:
        for s in d.settlements:
            rows.append([", ".join(s.agreements), f"settled differently for {d.country}",
                         d.title, "", s.label, LEVEL_LABELS[s.protection]])
    return rows


_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_STYLE_OF = {level: i + 2 for i, level in enumerate(PROTECTION_LEVELS)}  # 1: bold header


def _col(n: int) -> str:
    return letters(n, upper=True)  # spreadsheet column A, B, ... AA


def _sheet(rows: list[list[str]], styles: Callable[[int, int, str], int] | None = None,
           widths: list[float] | None = None, freeze: tuple[int, int] | None = None,
           header_height: float | None = None) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']
    if freeze:
        col, row = freeze
        out.append(f'<sheetViews><sheetView workbookViewId="0"><pane xSplit="{col}" '
                   f'ySplit="{row}" topLeftCell="{_col(col)}{row + 1}" activePane="bottomRight" '
                   'state="frozen"/></sheetView></sheetViews>')
    if widths:
        out.append("<cols>" + "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" '
                                      'customWidth="1"/>' for i, w in enumerate(widths))
                   + "</cols>")
    out.append("<sheetData>")
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            ref = f"{_col(c)}{r + 1}"
            style = styles(r, c, value) if styles else (1 if r == 0 else 0)
            s = f' s="{style}"' if style else ""
            if r > 0 and value.isdigit() and len(value) < 10:
                cells.append(f'<c r="{ref}"{s}><v>{value}</v></c>')
            elif value:
                cells.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                             f"{xml_escape(value)}</t></is></c>")
            elif style:
                cells.append(f'<c r="{ref}"{s}/>')
        height = f' ht="{header_height}" customHeight="1"' if r == 0 and header_height else ""
        out.append(f'<row r="{r + 1}"{height}>' + "".join(cells) + "</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def _styles() -> str:
    fills = ['<fill><patternFill patternType="none"/></fill>',
             '<fill><patternFill patternType="gray125"/></fill>']
    fills += [f'<fill><patternFill patternType="solid"><fgColor rgb="FF{COLOURS[lv][0][1:].upper()}"'
              '/><bgColor indexed="64"/></patternFill></fill>' for lv in PROTECTION_LEVELS]
    fonts = ['<font><sz val="10"/><name val="Liberation Sans"/></font>',
             '<font><b/><sz val="10"/><name val="Liberation Sans"/></font>',
             '<font><sz val="10"/><color rgb="FFFFFFFF"/><name val="Liberation Sans"/></font>']
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1">'
           '<alignment wrapText="1" vertical="top"/></xf>']
    for i, lv in enumerate(PROTECTION_LEVELS):
        font = 2 if COLOURS[lv][1] == "#ffffff" else 0
        xfs.append(f'<xf numFmtId="0" fontId="{font}" fillId="{i + 2}" borderId="0" xfId="0" '
                   'applyFill="1" applyFont="1"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
            f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            '</borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
            "</cellStyles></styleSheet>")


def render_portfolio_xlsx(portfolio: Portfolio) -> bytes:
    """A workbook of three sheets: Portfolio (the matrix, a fill per level), Findings and
    Legend. Deterministic: inline strings, fixed timestamps and order."""
    matrix = table(portfolio)
    fixed = len(matrix[0]) - len(portfolio.topics)

    def level_style(r: int, c: int, value: str) -> int:
        if r == 0:
            return 1
        return _STYLE_OF.get(value, 0) if c >= fixed else 0

    legend = [["Level", "Meaning"]] + [[lv, LEVEL_LABELS[lv]] for lv in PROTECTION_LEVELS]
    legend.append(["", "empty: the document has no such clause"])
    sheets = {
        "Portfolio": _sheet(matrix, level_style, [24, 30, 30, 22, 22, 11, 8, 10]
                            + ([12] if portfolio.position is not None else [])
                            + [14] * len(portfolio.topics), freeze=(1, 1), header_height=66),
        "Findings": _sheet(findings_table(portfolio), widths=[40, 26, 34, 18, 40, 60],
                           freeze=(0, 1)),
        "Legend": _sheet(legend, lambda r, c, v: 1 if r == 0 else (_STYLE_OF.get(v, 0)
                                                                      if c == 0 else 0),
                         widths=[16, 44]),
    }
    ns = "http://schemas.openxmlformats.org"
    names = list(sheets)
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType='
                      '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+'
                      'xml"/>' for i in range(len(names)))
            + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.styles+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{ns}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/'
            'relationships"><sheets>'
            + "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                      for i, n in enumerate(names)) + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{ns}/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="{ns}/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                      for i in range(len(names)))
            + f'<Relationship Id="rId{len(names) + 1}" Type="{ns}/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml": _styles(),
    }
    for i, name in enumerate(names):
        parts[f"xl/worksheets/sheet{i + 1}.xml"] = sheets[name]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


RENDERERS: dict[str, Callable[[Portfolio], bytes]] = {
    "html": lambda p: render_portfolio_html(p).encode("utf-8"),
    "pdf": render_portfolio_pdf,
    "csv": render_portfolio_csv,
    "xlsx": render_portfolio_xlsx,
}


def portfolio_renderer(fmt: str) -> Callable[[Portfolio], bytes]:
    if fmt not in RENDERERS:
        raise ValueError(fmt)
    return RENDERERS[fmt]


__all__ = ["render_portfolio_html", "render_portfolio_pdf", "render_portfolio_csv",
           "render_portfolio_xlsx", "portfolio_renderer", "PORTFOLIO_FORMATS", "table",
           "headline"]
