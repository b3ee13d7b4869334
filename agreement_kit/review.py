"""Standards review: how every clause of a draft measures against the international floor.

For unions and reviewers. :func:`review` drafts the document (so conditions decide what is in
it) and lists every clause slot that ends up in the text, annexed documents included: where it
stands, the option chosen, its protection level and whether the parameter file chose it or the
library default applies. A below-floor choice names the standards it falls short of, with their
summaries, and the weakest option of the slot that would meet the floor. For a model contract,
each element the standards require is matched with the clause(s) that cover it, or reported
missing. :func:`format_review` prints the review as an aligned table, JSON, Markdown or a Word
table.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from .assemble import assemble
from .blueprint import Blueprints
from .draft import Draft
from .errors import UserError
from .library import PROTECTION_LEVELS, Library, Option, Slot
from .params import Choice, Negotiation
from .templating import analyse, printable

LEVELS = ("floor", "good-practice")
REVIEW_FORMATS = ("table", "json", "md", "docx")
FLOOR = PROTECTION_LEVELS.index("floor")


# --- where slots stand in a draft ------------------------------------------------------------

@dataclass
class Placement:
    """A clause slot as drafted: the place(s) it prints, in document order."""

    slot: str  # family/id
    title: str
    where: list[str] = field(default_factory=list)  # "Article 3", "Annex II, Clause 4"


def _walk(draft: Draft, blueprints: Blueprints, library: Library,
          prefix: str = "") -> Iterator[tuple[str, str, str, str]]:
    """(where, slot key, title, document) for every slot printed in `draft`, in reading order."""
    bp = blueprints.get(draft.document)
    here = f"{prefix}, " if prefix else ""
    if bp.preamble and draft.preamble:
        slot = library.find(bp.preamble, bp.family)
        yield here + "Preamble", slot.key, slot.title.get(draft.language, slot.id), draft.document
    for art in draft.articles():
        yield here + art.label, art.slot, art.title, draft.document
    for annex in draft.annexes:
        if annex.slot:
            yield here + annex.number, annex.slot, annex.title, draft.document
        if annex.document is not None:
            yield from _walk(annex.document, blueprints, library, here + annex.number)


def placements(draft: Draft, blueprints: Blueprints, library: Library) -> list[Placement]:
    """Each slot printed in `draft` once, in document order, with every place it prints."""
    found: dict[str, Placement] = {}
    for where, key, title, _ in _walk(draft, blueprints, library):
        found.setdefault(key, Placement(key, title)).where.append(where)
    return list(found.values())


def drafted(draft: Draft, prefix: str = "") -> Iterator[tuple[str, Draft]]:
    """(where, draft) for the draft ('') and every document annexed to it ('Annex II')."""
    yield prefix, draft
    for annex in draft.annexes:
        if annex.document is not None:
            yield from drafted(annex.document, f"{prefix}, {annex.number}" if prefix
                               else annex.number)


def used_parameters(choice: Choice, lang: str) -> dict[str, Any]:
    """The parameters the chosen option's text prints, with their values."""
    names, _ = analyse(choice.option.text.get(lang, ""))
    return {k: v for k, v in choice.params.items() if k in names}


def floor_option(slot: Slot) -> Option | None:
    """The weakest option of `slot` that meets the international floor."""
    meeting = [o for o in slot.options if o.rank >= FLOOR]
    return min(meeting, key=lambda o: o.rank) if meeting else None


# --- the review ------------------------------------------------------------------------------

@dataclass
class Standard:
    """A cited standard: 'C181:7(1)' printed as 'C181, Art. 7(1)' with our summary of it."""

    ref: str
    citation: str
    summary: str


@dataclass
class ReviewRow:
    """One clause of the document as a reviewer sees it."""

    where: str
    slot: str
    title: str
    option: str
    label: str
    protection: str
    chosen: bool  # named in the parameter file; False: the library default
    parameters: dict[str, str] = field(default_factory=dict)
    falls_short_of: list[Standard] = field(default_factory=list)  # below-floor only
    floor_option: str | None = None
    floor_label: str | None = None

    @property
    def rank(self) -> int:
        return PROTECTION_LEVELS.index(self.protection)

    @property
    def below_floor(self) -> bool:
        return self.rank < FLOOR


@dataclass
class ElementRow:
    """An element the standards require a contract to state, and the clauses that state it."""

    document: str  # the contract's title, and where it is annexed: "Model contract (Annex II)"
    element: str
    label: str
    required_by: list[str]
    covered_by: list[str]

    @property
    def missing(self) -> bool:
        return not self.covered_by


@dataclass
class Review:
    document: str
    title: str
    date: str
    language: str
    rows: list[ReviewRow]
    elements: list[ElementRow]

    def breaches(self, level: str = "floor") -> list[ReviewRow | ElementRow]:
        """Clauses ranked below `level` ('floor' or 'good-practice'), then missing elements."""
        if level not in LEVELS:
            raise UserError(f"unknown level '{level}'; choose {' or '.join(LEVELS)}.")
        bar = PROTECTION_LEVELS.index(level)
        return ([r for r in self.rows if r.rank < bar]
                + [e for e in self.elements if e.missing])

    def to_dict(self) -> dict:
        data = asdict(self)
        data["summary"] = {level: len(self.breaches(level)) for level in LEVELS}
        data["summary"]["missing_elements"] = sum(e.missing for e in self.elements)
        return data


def review(negotiation: Negotiation, library: Library, blueprints: Blueprints,
           lang: str = "en") -> Review:
    """Review the document a negotiation drafts, clause by clause, against the standards."""
    draft = assemble(negotiation, library, blueprints, lang)
    rows = [_row(p, negotiation.choice(library.slots[p.slot]), library, lang)
            for p in placements(draft, blueprints, library)]
    elements = [e for where, doc in drafted(draft)
                for e in _coverage(doc, where, blueprints, library, lang)]
    return Review(draft.document, draft.title, draft.date, lang, rows, elements)


def _row(place: Placement, choice: Choice, library: Library, lang: str) -> ReviewRow:
    opt = choice.option
    row = ReviewRow(", ".join(place.where), place.slot, place.title, opt.id,
                    opt.label.get(lang, opt.id), opt.protection, choice.given,
                    {k: printable(v) for k, v in used_parameters(choice, lang).items()})
    if row.below_floor:
        row.falls_short_of = [standard(library, ref) for ref in opt.sources]
        better = floor_option(choice.slot)
        if better:
            row.floor_option, row.floor_label = better.id, better.label.get(lang, better.id)
    return row


def standard(library: Library, ref: str) -> Standard:
    found = library.citation(ref)
    return Standard(ref, library.cite(ref), found[2].summary if found else "")


def _coverage(draft: Draft, prefix: str, blueprints: Blueprints, library: Library,
              lang: str) -> list[ElementRow]:
    """For a contract: each required element with the clauses whose slot covers it."""
    bp = blueprints.get(draft.document)
    if bp.kind != "contract" or not bp.elements:
        return []
    spots = [(where, library.slots[key]) for where, key, _, document
             in _walk(draft, blueprints, library, prefix) if document == draft.document]
    name = f"{draft.title} ({prefix})" if prefix else draft.title
    rows = []
    for el_id in bp.elements:
        el = library.elements.get(el_id)
        rows.append(ElementRow(
            name, el_id, el.label.get(lang, el_id) if el else el_id,
            [library.cite(r) for r in el.required_by] if el else [],
            [where for where, slot in spots if el_id in slot.covers]))
    return rows


# --- output ----------------------------------------------------------------------------------

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
        row.protection, "parameters" if row.chosen else "default")


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
    return (el.label, "; ".join(el.required_by), ", ".join(el.covered_by) or "MISSING")


def _summary(review: Review) -> str:
    below = sum(r.below_floor for r in review.rows)
    missing = sum(e.missing for e in review.elements)
    text = f"{len(review.rows)} clauses, {below} below the floor"
    return text + (f", {missing} required contract element(s) missing" if review.elements else "")


def text_report(review: Review, width: int = 100) -> str:
    """The review as aligned columns for a terminal."""
    out = [f"{review.title}", f"Standards review, {review.date}: {_summary(review)}", ""]
    out += _aligned(HEADERS, [_cells(r) for r in review.rows], [18, 34, 28, 13, 10])
    for row, lines in _shortfalls(review):
        out += ["", f"BELOW THE FLOOR  {row.where}  {row.title}  [{row.option}]"]
        out += [textwrap.fill(line, width, initial_indent="  - ", subsequent_indent="    ")
                for line in lines]
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
    for contract, elements in _by_contract(review):
        out += ["", f"## Required contract elements: {_md(contract)}", ""]
        out += _md_table(ELEMENT_HEADERS, [_element_cells(e) for e in elements])
    return "\n".join(out) + "\n"


def docx_report(review: Review) -> bytes:
    """The review as a Word document in the house style: a table of clauses, then findings."""
    from .render.house import add_table, house_document, save_document
    from .render.html import fmt_date_iso

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
    for contract, elements in _by_contract(review):
        doc.add_paragraph(f"Required contract elements: {contract}", style="Heading 1")
        add_table(doc, ELEMENT_HEADERS, [_element_cells(e) for e in elements],
                  widths_mm=[75, 40, 48])
    return save_document(doc, title=f"Standards review: {review.title}",
                         subject="Standards review", date=review.date,
                         language=review.language)


__all__ = ["review", "format_review", "Review", "ReviewRow", "ElementRow", "Standard",
           "Placement", "placements", "drafted", "used_parameters", "floor_option",
           "REVIEW_FORMATS"]
