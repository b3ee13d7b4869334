"""Where each clause slot stands in a Draft, and which parameters its text prints.

What the standards review and the delegation brief both read off a Draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..library.blueprints import Blueprints
from ..library.clauses import Library
from ..library.templating import PARTY_SEP, analyse, printable
from ..model.draft import Draft
from .negotiation import Choice, party_values


@dataclass
class Placement:
    """A clause slot as drafted: the place(s) it prints, in document order."""

    slot: str  # family/id
    title: str
    where: list[str] = field(default_factory=list)  # "Article 3", "Annex II, Clause 4"


def walk(draft: Draft, blueprints: Blueprints, library: Library,
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
            title = annex.title
            if PARTY_SEP in annex.id and annex.slot in library.slots:  # one of a per-Party annex
                title = library.slots[annex.slot].title.get(draft.language, annex.title)
            yield here + annex.number, annex.slot, title, draft.document
        if annex.document is not None:
            yield from walk(annex.document, blueprints, library, here + annex.number)


def placements(draft: Draft, blueprints: Blueprints, library: Library) -> list[Placement]:
    """Each slot printed in `draft` once, in document order, with every place it prints."""
    found: dict[str, Placement] = {}
    for where, key, title, _ in walk(draft, blueprints, library):
        found.setdefault(key, Placement(key, title)).where.append(where)
    return list(found.values())


def slot_texts(draft: Draft) -> dict[str, str]:
    """Slot key -> the text its clause prints (every place, annexed documents included)."""
    texts: dict[str, list[str]] = {}
    for _, doc in drafted(draft):
        for clause in doc.clauses():
            texts.setdefault(clause.slot, []).extend(p.text for p in clause.paragraphs)
    return {key: "\n".join(parts) for key, parts in texts.items()}


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


def shown_value(value: Any, parties: list[dict[str, Any]] | None = None) -> str:
    """A parameter's value as review and brief print it; a per-Party value that differs by
    Party as each Party's: "Ghana: 1 July 2027; Nigeria: 1 January 2028" (— where none)."""
    pairs = party_values(value, parties or [])
    if len(pairs) == 1 and not pairs[0][0]:
        return printable(pairs[0][1])
    return "; ".join(f"{name}: {printable(v) or chr(0x2014)}" for name, v in pairs)


def shown_parameters(choice: Choice, lang: str, parties: list[dict[str, Any]] | None = None
                     ) -> dict[str, str]:
    """The parameters the chosen option's text prints, as review and brief show them."""
    return {k: shown_value(v, parties) for k, v in used_parameters(choice, lang).items()}
