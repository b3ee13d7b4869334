"""Builder of the Portfolio: each agreement reviewed, then all of them side by side.

:func:`entry` reviews one negotiation (so conditions decide which clauses the document has)
and keeps, per clause slot, the option and its protection level, the below-floor findings and,
given a position, the shortfalls against it. It runs in a batch worker; :func:`build` then
lays the entries out as a matrix and finds where one country's agreements settle the same
topic differently.
"""

from __future__ import annotations

from ..assemble.negotiation import Negotiation
from ..library.blueprints import Blueprints
from ..library.clauses import Library
from ..model.portfolio import (Agreement, Cell, Divergence, FloorFinding, Portfolio,
                               Settlement, Topic)
from ..model.position import Position
from ..model.protection import NOT_FROM_LIBRARY
from .review import review

FAMILY_LABELS = {"bla": "Labour migration agreements", "employment": "Employment contracts",
                 "social_security": "Social security", "common": "Common provisions"}


def _short(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


def entry(negotiation: Negotiation, library: Library, blueprints: Blueprints,
          position: Position | None = None, lang: str = "en") -> Agreement:
    """One agreement's row: every clause it drafts, with its option and level."""
    result = review(negotiation, library, blueprints, lang, position=position)
    params = negotiation.params
    bp = blueprints.get(params.document)
    subject = bp.subject.get(lang) or next(iter(bp.subject.values()), bp.id) \
        if bp.subject else bp.id.replace("-", " ")
    if params.multilateral:  # several States: each is a party country of the row
        states = [(p.country, _short(p.short or p.country)) for p in params.parties]
        shorts = " \u2013 ".join(short for _, short in states)
        row = Agreement(negotiation.file, shorts, subject, params.document,
                        "; ".join(c for c, _ in states), "", shorts, "", result.date,
                        parties=states)
    else:
        origin, destination = params.parties.origin, params.parties.destination
        o_short = _short(origin.short or origin.country)
        d_short = _short(destination.short or destination.country)
        row = Agreement(negotiation.file, f"{o_short} \u2013 {d_short}", subject,
                        params.document, origin.country, destination.country, o_short, d_short,
                        result.date)
    reasons: dict[str, list[str]] = {}
    for s in result.shortfalls:
        reasons.setdefault(s.slot, []).append(s.reason)
    for r in result.rows:
        if r.protection == NOT_FROM_LIBRARY:
            continue  # an article of the Parties' own: no library topic to compare it under
        row.cells[r.slot] = Cell(r.option, r.label, r.protection, r.chosen, r.where,
                                 reasons.get(r.slot, []))
        if r.below_floor:
            row.below_floor.append(FloorFinding(r.where, r.slot, r.title, r.label,
                                                [s.citation for s in r.falls_short_of]))
    row.shortfalls = result.shortfalls
    return row


def build(rows: list[Agreement], library: Library, position: str | None = None) -> Portfolio:
    """The matrix of `rows` by topic (families in the order they first appear, slots in the
    order of the documents), and the divergences per party country."""
    order: dict[str, list[str]] = {}
    for row in rows:
        for key in row.cells:
            family = library.slots[key].family if key in library.slots else key.split("/")[0]
            keys = order.setdefault(family, [])
            if key not in keys:
                keys.append(key)
    topics = []
    for family, keys in order.items():
        label = FAMILY_LABELS.get(family, family.replace("_", " ").capitalize())
        for key in keys:
            slot = library.slots.get(key)
            title = slot.title.get("en", slot.id) if slot else key
            topics.append(Topic(key, title, family, label))
    return Portfolio(rows, topics, divergences(rows, topics), position)


def divergences(rows: list[Agreement], topics: list[Topic]) -> list[Divergence]:
    """For each party country, each topic that its agreements settle with different options."""
    countries: dict[str, list[Agreement]] = {}
    shown: dict[str, str] = {}  # the country as the parameter files name it for short
    for row in rows:
        for country, short in (row.parties or ((row.origin, row.origin_short),
                                               (row.destination, row.destination_short))):
            shown.setdefault(country, short)
            if row not in countries.setdefault(country, []):
                countries[country].append(row)
    found = []
    for country in sorted(countries, key=lambda c: shown[c].lower()):
        mine = countries[country]
        if len(mine) < 2:
            continue
        for topic in topics:
            settled: dict[str, Settlement] = {}
            for row in mine:
                cell = row.cells.get(topic.slot)
                if cell is None:
                    continue
                settled.setdefault(cell.option, Settlement(cell.option, cell.label,
                                                           cell.protection, [])
                                   ).agreements.append(row.label)
            if len(settled) > 1:
                options = sorted(settled.values(), key=lambda s: (_rank(s.protection), s.option))
                found.append(Divergence(shown[country], topic.slot, topic.title, options))
    return found


def _rank(level: str) -> int:
    from ..model.protection import rank
    return rank(level)


__all__ = ["entry", "build", "divergences", "FAMILY_LABELS"]
