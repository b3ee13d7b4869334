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

from ..assemble.assembler import assemble
from ..assemble.negotiation import Choice, Negotiation
from ..assemble.placements import Placement, drafted, placements, shown_parameters, walk
from ..library.blueprints import Blueprints
from ..library.clauses import Library, Option, Slot
from ..model.draft import Draft
from ..model.position import Position
from ..model.protection import FLOOR, NOT_FROM_LIBRARY
from ..model.review import ElementRow, Review, ReviewRow, Standard


def floor_option(slot: Slot) -> Option | None:
    """The weakest option of `slot` that meets the international floor."""
    meeting = [o for o in slot.options if o.rank >= FLOOR]
    return min(meeting, key=lambda o: o.rank) if meeting else None


# --- the review ------------------------------------------------------------------------------

def review(negotiation: Negotiation, library: Library, blueprints: Blueprints,
           lang: str = "en", position: Position | None = None) -> Review:
    """Review the document a negotiation drafts, clause by clause, against the standards
    (and, given a `position`, against that common minimum position)."""
    draft = assemble(negotiation, library, blueprints, lang)
    sectors = work_sectors(negotiation, blueprints, draft)
    parties = negotiation.params.party_list()
    rows = [_row(p, negotiation.choice(library.slots[p.slot]), library, lang, sectors, parties)
            if p.slot in library.slots else own_row(p)
            for p in placements(draft, blueprints, library)]
    weak = {r.slot for r in rows if r.below_floor}
    elements = [e for where, doc in drafted(draft)
                for e in _coverage(doc, where, blueprints, library, lang, weak, sectors)]
    result = Review(draft.document, draft.title, draft.date, lang, rows, elements)
    if position is not None:
        from .position import shortfalls

        result.position = position.name
        result.shortfalls = shortfalls(position, rows, negotiation, library)
    return result


def below_floor(negotiation: Negotiation, library: Library, blueprints: Blueprints,
                draft: Draft) -> list[ReviewRow]:
    """The clauses of an assembled `draft` whose option is below the international floor,
    each with the standards it falls short of (what `draft` warns about)."""
    sectors = work_sectors(negotiation, blueprints, draft)
    rows = [_row(p, negotiation.choice(library.slots[p.slot]), library, draft.language, sectors)
            for p in placements(draft, blueprints, library) if p.slot in library.slots]
    return [r for r in rows if r.below_floor]


def work_sectors(negotiation: Negotiation, blueprints: Blueprints, draft: Draft) -> set[str]:
    """The sectors the document's work is in: a sector contract's own, else the scope's."""
    return set(blueprints.get(draft.document).sectors) or set(negotiation.params.scope.sectors)


def _row(place: Placement, choice: Choice, library: Library, lang: str,
         sectors: set[str] = frozenset(), parties: list | None = None) -> ReviewRow:
    opt = choice.option
    row = ReviewRow(", ".join(place.where), place.slot, place.title, opt.id,
                    opt.shown_label(lang), opt.protection, choice.given,
                    shown_parameters(choice, lang, parties), layer=opt.layer)
    if row.below_floor:
        row.falls_short_of = [standard(library, ref) for ref in opt.sources
                              if library.applies(ref, sectors)]
        better = floor_option(choice.slot)
        if better:
            row.floor_option, row.floor_label = better.id, better.shown_label(lang)
    return row


def own_row(place: Placement) -> ReviewRow:
    """An article of the Parties' own wording: no option, no protection level."""
    return ReviewRow(", ".join(place.where), place.slot, place.title, "own", NOT_FROM_LIBRARY,
                     NOT_FROM_LIBRARY, True)


def standard(library: Library, ref: str) -> Standard:
    found = library.citation(ref)
    return Standard(ref, library.cite(ref), found[2].summary if found else "")


def _coverage(draft: Draft, prefix: str, blueprints: Blueprints, library: Library,
              lang: str, weak: set[str] = frozenset(),
              sectors: set[str] = frozenset()) -> list[ElementRow]:
    """For a contract: each required element with the clauses whose slot covers it, those of
    them that are below the floor (`weak` slot keys), and the standards that require it and
    apply to the contract's sectors (C14, for industry, is not cited for a domestic worker)."""
    bp = blueprints.get(draft.document)
    if bp.kind != "contract" or not bp.elements:
        return []
    spots = [(where, library.slots[key]) for where, key, _, document
             in walk(draft, blueprints, library, prefix)
             if document == draft.document and key in library.slots]
    name = f"{draft.title} ({prefix})" if prefix else draft.title
    covered_sectors = set(bp.sectors) or sectors
    rows = []
    for el_id in bp.elements:
        el = library.elements.get(el_id)
        covering = [(where, slot) for where, slot in spots if el_id in slot.covers]
        rows.append(ElementRow(
            name, el_id, el.label.get(lang, el_id) if el else el_id,
            [library.cite(r) for r in el.required_by
             if library.applies(r, covered_sectors)] if el else [],
            [where for where, _ in covering],
            [where for where, slot in covering if slot.key in weak]))
    return rows


__all__ = ["review", "below_floor", "floor_option", "standard"]
