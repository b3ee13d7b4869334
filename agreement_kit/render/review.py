"""The standards review as a terminal table, JSON, Markdown or a Word table in the house style."""

from __future__ import annotations

import json
import textwrap
from typing import Iterator

from ..errors import UserError
from ..model.review import ElementRow, Review, ReviewRow

REVIEW_FORMATS = ("table", "json", "md", "docx")


def format_review(review: Review, fmt: str) -> bytes:
    """The review as `fmt`: table (aligned text), json, md or docx."""
    if fmt == "table":
        return text_report(review).encode()
    if fmt == "json":
        return (json.dumps(review.to_dict(), indent=2, ensure_ascii=False) + "\n").encode()
    if fmt == "md":
        return markdown_report(review).encode()
    if fmt == "docx":
        return docx_report(review)
    raise UserError(f"unknown review format '{fmt}'; choose one of {', '.join(REVIEW_FORMATS)}.")


HEADERS = ("Where", "Clause", "Option", "Protection", "Set by")
WIDE_HEADERS = ("Where", "Clause", "Option", "Label", "Protection", "Set by")


def _cells(row: ReviewRow, label: bool = False) -> tuple[str, ...]:
    """A row's cells; with `label`, the option's label after its id."""
    return (row.where, row.title, row.option) + ((row.label,) if label else ()) + (
        row.protection, ("parameters" if row.chosen else "default")
        + (f"; option of {row.layer}" if row.layer else ""))


def _shortfalls(review: Review) -> Iterator[tuple[ReviewRow, list[str]]]:
    """Each below-floor clause with what to say about it, one line per point."""
    for row in review.rows:
        if not row.below_floor:
            continue
        lines = [f"{s.citation}: {s.summary}" if s.summary else s.citation
                 for s in row.falls_short_of]
        if row.floor_option:
            lines.append(f"Weakest option that meets the floor: {row.floor_option} "
                         f"({row.floor_label})")
        else:
            lines.append("No option of this clause meets the floor.")
        yield row, lines


ELEMENT_HEADERS = ("Element", "Required by", "Covered by")


def _by_contract(review: Review) -> list[tuple[str, list[ElementRow]]]:
    groups: dict[str, list[ElementRow]] = {}
    for el in review.elements:
        groups.setdefault(el.document, []).append(el)
    return list(groups.items())


def _element_cells(el: ElementRow) -> tuple[str, ...]:
    covered = ", ".join(el.covered_by) or "MISSING"
    if el.status == "below floor":
        covered += " (BELOW FLOOR)"
    elif el.below_floor_in:
        covered += f" ({', '.join(el.below_floor_in)} below floor)"
    return (el.label, "; ".join(el.required_by), covered)


def _summary(review: Review) -> str:
    below = sum(r.below_floor for r in review.rows)
    missing = sum(e.status == "missing" for e in review.elements)
    weak = sum(e.status == "below floor" for e in review.elements)
    text = f"{len(review.rows)} clauses, {below} below the floor"
    if review.position is not None:
        text += f", {len(review.shortfalls)} below the position"
    if not review.elements:
        return text
    return text + (f", {missing} required contract element(s) missing, {weak} met only by a "
                   "clause below the floor")


POSITION_HEADERS = ("Where", "Clause", "Option", "Below the position")


def _position_rows(review: Review) -> list[tuple[str, ...]]:
    return [(s.where, s.title, s.option, s.reason) for s in review.shortfalls]


def _position_heading(review: Review) -> str:
    return f"Below the position: {review.position}"


def text_report(review: Review, width: int = 100) -> str:
    """The review as aligned columns for a terminal."""
    out = [f"{review.title}", f"Standards review, {review.date}: {_summary(review)}", ""]
    out += _aligned(HEADERS, [_cells(r) for r in review.rows], [18, 34, 28, 13, 10])
    for row, lines in _shortfalls(review):
        out += ["", f"BELOW THE FLOOR  {row.where}  {row.title}  [{row.option}]"]
        out += [textwrap.fill(line, width, initial_indent="  - ", subsequent_indent="    ")
                for line in lines]
    if review.position is not None:
        out += ["", "BELOW THE POSITION  " + review.position, ""]
        out += (_aligned(POSITION_HEADERS, _position_rows(review), [18, 30, 24, 50])
                if review.shortfalls else ["  none: every clause meets the position."])
    for contract, elements in _by_contract(review):
        out += ["", f"Required contract elements: {contract}", ""]
        out += _aligned(ELEMENT_HEADERS, [_element_cells(e) for e in elements], [40, 26, 30])
    return "\n".join(out) + "\n"


def _aligned(headers: tuple[str, ...], rows: list[tuple[str, ...]],
             limits: list[int]) -> list[str]:
    """Rows in columns no wider than `limits`, long cells wrapped onto further lines."""
    widths = [min(limit, max([len(h)] + [len(r[i]) for r in rows]))
              for i, (h, limit) in enumerate(zip(headers, limits))]
    lines = []
    for cells in [headers, tuple("-" * w for w in widths)] + rows:
        wrapped = [textwrap.wrap(c, w) or [""] for c, w in zip(cells, widths)]
        for i in range(max(len(w) for w in wrapped)):
            lines.append("  ".join((w[i] if i < len(w) else "").ljust(width)
                                   for w, width in zip(wrapped, widths)).rstrip())
    return lines


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def _md_table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]


def markdown_report(review: Review) -> str:
    out = [f"# Standards review: {_md(review.title)}", "",
           f"{review.date}. {_summary(review)}.", ""]
    out += _md_table(WIDE_HEADERS, [_cells(r, label=True) for r in review.rows])
    shortfalls = list(_shortfalls(review))
    if shortfalls:
        out += ["", "## Below the floor"]
    for row, lines in shortfalls:
        out += ["", f"### {_md(row.where)}: {_md(row.title)} ({_md(row.option)})", ""]
        out += [f"- {_md(line)}" for line in lines]
    if review.position is not None:
        out += ["", f"## {_md(_position_heading(review))}", ""]
        out += (_md_table(POSITION_HEADERS, _position_rows(review)) if review.shortfalls
                else ["None: every clause meets the position."])
    for contract, elements in _by_contract(review):
        out += ["", f"## Required contract elements: {_md(contract)}", ""]
        out += _md_table(ELEMENT_HEADERS, [_element_cells(e) for e in elements])
    return "\n".join(out) + "\n"


def docx_report(review: Review) -> bytes:
    """The review as a Word document in the house style: a table of clauses, then findings."""
    from .house import add_table, house_document, save_document
    from .html import fmt_date_iso

    doc = house_document(f"Standards review \u00b7 {fmt_date_iso(review.date)}")
    doc.add_paragraph("Standards review", style="Title")
    doc.add_paragraph(review.title, style="Subtitle")
    doc.add_paragraph(_summary(review) + ".", style="Body Text")
    add_table(doc, WIDE_HEADERS, [_cells(r, label=True) for r in review.rows],
              widths_mm=[20, 33, 30, 40, 22, 18])
    shortfalls = list(_shortfalls(review))
    if shortfalls:
        doc.add_paragraph("Below the floor", style="Heading 1")
    for row, lines in shortfalls:
        doc.add_paragraph(f"{row.where}: {row.title} ({row.option})", style="Heading 2")
        for line in lines:
            doc.add_paragraph(line, style="Body Text")
    if review.position is not None:
        doc.add_paragraph(_position_heading(review), style="Heading 1")
        if review.shortfalls:
            add_table(doc, POSITION_HEADERS, _position_rows(review), widths_mm=[22, 40, 35, 66])
        else:
            doc.add_paragraph("None: every clause meets the position.", style="Body Text")
    for contract, elements in _by_contract(review):
        doc.add_paragraph(f"Required contract elements: {contract}", style="Heading 1")
        add_table(doc, ELEMENT_HEADERS, [_element_cells(e) for e in elements],
                  widths_mm=[75, 40, 48])
    return save_document(doc, title=f"Standards review: {review.title}",
                         subject="Standards review", date=review.date,
                         language=review.language)


__all__ = ["format_review", "text_report", "markdown_report", "docx_report", "REVIEW_FORMATS"]
