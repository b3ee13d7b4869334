"""The delegation brief as Word, HTML and PDF.

Both layouts say the same things: an opening page with a summary table (our proposal for every
clause by its label and, given the other side's file, theirs and the verdict), then one entry
per clause with a heading, our positions, the verdict and a table of all the options of the
slot, the entries running on from one to the next on landscape pages, and at the end a legend
of the instruments the sources cite by short id, with their full titles. The same Brief gives
the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import Callable

from ..model.brief import Brief, BriefItem, BriefOption, Position
from .html import fmt_date_iso
from .pdf import html_to_pdf

OPTION_HEADERS = ("Option", "Protection", "Sources", "Commentary", "Text (opening)")
OPTION_WIDTHS_MM = (40, 19, 29, 128, 45)  # A4 landscape between the margins: 261 mm
LEGEND_HEADERS = ("Source", "Instrument")


# --- what the brief says (shared by both layouts) --------------------------------------------

def intro(brief: Brief) -> list[str]:
    lines = [f"Options paper for the delegation negotiating with {brief.origin} and "
             f"{brief.destination}. {brief.status}, version {brief.version}, "
             f"{fmt_date_iso(brief.date)}. Our positions: {brief.ours_file}."]
    if brief.theirs_file:
        lines.append(f"Compared with the other side's proposal: {brief.theirs_file}.")
    lines.append("For the delegation only: not to be shared with the other side.")
    if brief.their_only:
        lines.append("Clauses only in their draft: " + "; ".join(brief.their_only) + ".")
    return lines


def summary_headers(brief: Brief) -> tuple[str, ...]:
    base = ("Where", "Clause", "Our proposal", "Protection")
    return base + (("Their proposal", "Verdict") if brief.theirs_file else ("Fallback",))


def summary_rows(brief: Brief) -> list[tuple[str, ...]]:
    rows = []
    for item in brief.items:
        base = (item.where, item.title, item.proposal.label, item.proposal.protection)
        if brief.theirs_file:
            theirs = item.against.theirs if item.against else None
            rows.append(base + (theirs.label if theirs else "\u2014",
                                item.against.verdict if item.against else ""))
        else:
            rows.append(base + ("; ".join(item.option(f).label for f in item.fallback)
                                or "\u2014",))
    return rows


def summary_widths(brief: Brief) -> tuple[float, ...]:
    return (26, 52, 78, 22, 62, 21) if brief.theirs_file else (26, 60, 90, 22, 63)


SETTLED_HEADING = "Clauses at the library default, with nothing at stake"
SETTLED_HEADERS = ("Where", "Clause", "Option", "Protection", "Sources")
SETTLED_WIDTHS_MM = (30, 62, 95, 22, 52)


def settled_intro(brief: Brief) -> str:
    return (f"{len(brief.settled())} clauses stand at the library default: we set no position "
            "on them" + (" and the other side proposes the same" if brief.theirs_file else "")
            + ". Their options: `agreement-kit options SLOT`, the clause catalogue, or "
            "`brief --full`.")


def settled_rows(brief: Brief) -> list[tuple[str, ...]]:
    rows = []
    for item in brief.settled():
        opt = item.option(item.proposal.option)
        rows.append((item.where, item.title, item.proposal.label, item.proposal.protection,
                     "; ".join(opt.sources)))
    return rows


def legend_rows(brief: Brief) -> list[tuple[str, str]]:
    return [(abbr, title) for abbr, title in brief.legend]


def _position(pos: Position) -> str:
    values = "; ".join(f"{k} {v}" for k, v in pos.parameters.items())
    text = f"{pos.label} ({pos.option}, {pos.protection})"
    return text + (f". Values: {values}" if values else "")


def _named(item: BriefItem, option_id: str) -> str:
    return f"{item.option(option_id).label} ({option_id})"


def facts(item: BriefItem) -> list[tuple[str, str]]:
    """(label, text) lines of one clause's entry, before its options table."""
    lines = [("Our proposal", _position(item.proposal)
              + ("" if item.chosen else " [library default]"))]
    ladder = "; ".join(f"{i}. {_named(item, fb)}" for i, fb in enumerate(item.fallback, 1))
    lines.append(("Fallback", ladder or "none set"))
    lines.append(("Walk-away", _named(item, item.walk_away) if item.walk_away else "none set"))
    if item.acceptable:
        lines.append(("Acceptable values",
                      "; ".join(f"{k}: {v}" for k, v in item.acceptable.items())))
    if item.against:
        theirs = item.against.theirs
        lines.append(("Their proposal", _position(theirs) if theirs else "\u2014"))
        lines.append(("Verdict", item.against.verdict[:1].upper() + item.against.verdict[1:]))
        lines += [("", note) for note in item.against.notes]
    return lines


def option_cells(opt: BriefOption) -> tuple[str, ...]:
    head = f"{opt.label}\n{opt.id}" + (f"\n[{', '.join(opt.roles)}]" if opt.roles else "")
    return (head, opt.protection, "\n".join(opt.sources), opt.commentary, opt.opening)


def heading(item: BriefItem) -> str:
    return f"{item.where} \u00b7 {item.title}"


# --- Word ------------------------------------------------------------------------------------

def render_brief_docx(brief: Brief) -> bytes:
    """The brief as a Word document: summary on a portrait page, clauses on landscape pages."""
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Mm

    from .house import add_table, house_document, save_document

    doc = house_document(f"Delegation brief \u00b7 {brief.status} \u00b7 "
                         f"{fmt_date_iso(brief.date)}")
    doc.add_paragraph("Delegation brief", style="Title")
    doc.add_paragraph(brief.title, style="Subtitle")
    for line in intro(brief):
        doc.add_paragraph(line, style="Body Text")
    add_table(doc, summary_headers(brief), summary_rows(brief),
              widths_mm=[w * 160 / sum(summary_widths(brief)) for w in summary_widths(brief)])
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.different_first_page_header_footer = False
    for item in brief.entries():  # one after the other: a heading keeps with its entry
        doc.add_paragraph(heading(item), style="Heading 1")
        if item.purpose:
            doc.add_paragraph(item.purpose, style="Body Text").runs[0].italic = True
        for label, text in facts(item):
            p = doc.add_paragraph(style="Body Text")
            if label:
                p.add_run(f"{label}: ").bold = True
                p.add_run(text)
            else:
                p.add_run(f"\u2013 {text}")
                p.paragraph_format.left_indent = Mm(8)
        add_table(doc, OPTION_HEADERS, [option_cells(o) for o in item.options],
                  widths_mm=OPTION_WIDTHS_MM)
    if brief.settled():
        doc.add_paragraph(SETTLED_HEADING, style="Heading 1")
        doc.add_paragraph(settled_intro(brief), style="Body Text")
        add_table(doc, SETTLED_HEADERS, settled_rows(brief), widths_mm=SETTLED_WIDTHS_MM)
    if brief.legend:
        doc.add_paragraph("Sources cited", style="Heading 1")
        add_table(doc, LEGEND_HEADERS, legend_rows(brief), widths_mm=(40, 221))
    return save_document(doc, title=f"Delegation brief: {brief.title}",
                         subject="Delegation brief (options paper)", date=brief.date,
                         language=brief.language, keywords=[brief.document, "delegation brief"])


# --- HTML and PDF ----------------------------------------------------------------------------

BRIEF_CSS = """
@page { size: A4 landscape; margin: 14mm 18mm 16mm 18mm;
  @top-center { content: element(runhead); }
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
    font: 8pt "Liberation Sans", "Arial", sans-serif; color: #555; } }
html { font-family: "Liberation Serif", "Times New Roman", serif; font-size: 9.5pt;
  line-height: 1.25; color: #111; }
body { margin: 0; }
.runhead { position: running(runhead); font: 8pt "Liberation Sans", "Arial", sans-serif;
  color: #555; text-align: center; }
h1.title { font-size: 18pt; margin: 0 0 2pt; }
p.subtitle { font-size: 12pt; margin: 0 0 10pt; }
h2 { font-size: 11pt; margin: 10pt 0 3pt; break-after: avoid; page-break-after: avoid; }
section.clause { border-top: 0.75pt solid #777; margin-top: 8pt; }
p { margin: 0 0 2pt; }
p.purpose { font-style: italic; }
p.note { margin-left: 8mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 4pt 0 6pt;
  font-size: 8pt; line-height: 1.2; }
th, td { border: 0.5pt solid #777; padding: 2pt 4pt; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
th { background: #e8e8e8; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.option-head span.id { display: block;
  font: 7.5pt "Liberation Mono", "DejaVu Sans Mono", monospace; }
td.option-head span.roles { display: block; font-weight: bold; }
"""


def _cell(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]],
           widths: tuple[float, ...] = ()) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r) + "</tr>" for r in rows)
    cols = ("<colgroup>" + "".join(f'<col style="width: {w * 100 / sum(widths):.0f}%">'
                                   for w in widths) + "</colgroup>") if widths else ""
    return f"<table>{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _options_table(item: BriefItem) -> str:
    rows = []
    for opt in item.options:
        roles = f'<span class="roles">{escape(", ".join(opt.roles))}</span>' if opt.roles else ""
        cells = option_cells(opt)[1:]
        rows.append(f'<tr><td class="option-head">{escape(opt.label)}<span class="id">'
                    f'{escape(opt.id)}</span>{roles}</td>'
                    + "".join(f"<td>{_cell(c)}</td>" for c in cells) + "</tr>")
    total = sum(OPTION_WIDTHS_MM)
    cols = "".join(f'<col style="width: {w * 100 / total:.0f}%">' for w in OPTION_WIDTHS_MM)
    head = "".join(f"<th>{escape(h)}</th>" for h in OPTION_HEADERS)
    return (f'<table class="options"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _clause(item: BriefItem) -> str:
    parts = [f'<section class="clause" id="{escape(item.slot.replace("/", "-"))}">',
             f"<h2>{escape(heading(item))}</h2>"]
    if item.purpose:
        parts.append(f'<p class="purpose">{escape(item.purpose)}</p>')
    for label, text in facts(item):
        if label:
            parts.append(f"<p><strong>{escape(label)}:</strong> {escape(text)}</p>")
        else:
            parts.append(f'<p class="note">\u2013 {escape(text)}</p>')
    parts.append(_options_table(item))
    return "\n".join(parts) + "\n</section>"


def _language_css(lang: str) -> str:
    """A brief in Arabic or Chinese: the library's texts in their script's face, each
    paragraph and cell in the direction of its own first letter (the frame stays English)."""
    from .html import SCRIPT_FACES

    face = SCRIPT_FACES.get(lang.split("-")[0])
    if not face:
        return ""
    return (f"\nhtml {{ font-family: \"Liberation Sans\", {face}; }}\n"
            "p, td, h2, .subtitle { unicode-bidi: plaintext; }\n")


def render_brief_html(brief: Brief) -> str:
    """The brief as one self-contained HTML page, laid out for A4 landscape."""
    # the status is in the brief's language (it may run right to left): isolated
    runhead = (f"Delegation brief \u00b7 <bdi>{escape(brief.status)}</bdi> \u00b7 "
               f"{escape(fmt_date_iso(brief.date))}")
    body = [f'<div class="runhead">{runhead}</div>',
            '<h1 class="title">Delegation brief</h1>',
            f'<p class="subtitle">{escape(brief.title)}</p>']
    body += [f"<p>{escape(line)}</p>" for line in intro(brief)]
    body.append(_table(summary_headers(brief), summary_rows(brief), summary_widths(brief)))
    body.append('<div class="clauses">' + "\n".join(_clause(item) for item in brief.entries())
                + "</div>")
    if brief.settled():
        body += [f'<section class="settled"><h2>{escape(SETTLED_HEADING)}</h2>',
                 f"<p>{escape(settled_intro(brief))}</p>",
                 _table(SETTLED_HEADERS, settled_rows(brief), SETTLED_WIDTHS_MM), "</section>"]
    if brief.legend:
        body += ['<section class="legend"><h2>Sources cited</h2>',
                 _table(LEGEND_HEADERS, legend_rows(brief), (40, 221)), "</section>"]
    return (f'<!DOCTYPE html>\n<html lang="{escape(brief.language)}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>Delegation brief: {escape(brief.title)}</title>\n'
            f'<meta name="dcterms.created" content="{escape(brief.date)}">\n'
            f"<style>{BRIEF_CSS}{_language_css(brief.language)}</style>\n</head>\n<body>\n"
            + "\n".join(body)
            + "\n</body>\n</html>\n")


def render_brief_pdf(brief: Brief) -> bytes:
    """The brief as PDF (A4 landscape), laid out from its HTML with only package resources."""
    return html_to_pdf(render_brief_html(brief))


BRIEF_FORMATS: dict[str, Callable[[Brief], bytes]] = {
    "docx": render_brief_docx,
    "pdf": render_brief_pdf,
    "html": lambda b: render_brief_html(b).encode("utf-8"),
}


def brief_renderer(fmt: str) -> Callable[[Brief], bytes]:
    """The function that renders a Brief as `fmt` (docx, pdf or html)."""
    if fmt not in BRIEF_FORMATS:
        raise ValueError(fmt)
    return BRIEF_FORMATS[fmt]
