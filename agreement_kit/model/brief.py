"""The Brief: a delegation's options paper as plain data, one item per clause in document order.

Built by :mod:`agreement_kit.negotiate.brief`; rendered by :mod:`agreement_kit.render.brief`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

@dataclass
class Position:
    """One side's choice for a clause: the option and the values its text prints."""

    option: str
    label: str
    protection: str
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass
class BriefOption:
    """An option of the slot as the options table shows it; `roles` mark our positions."""

    id: str
    label: str
    protection: str
    sources: list[str]
    commentary: str
    opening: str
    roles: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    """The other side's proposal for a clause, and how it stands against our positions."""

    theirs: Position | None
    verdict: str
    notes: list[str] = field(default_factory=list)


@dataclass
class BriefItem:
    where: str
    slot: str
    title: str
    purpose: str
    proposal: Position
    chosen: bool  # named in our parameter file; False: the library default
    fallback: list[str]
    walk_away: str | None
    acceptable: dict[str, str]
    commentary: str
    options: list[BriefOption]
    against: Comparison | None = None

    def option(self, option_id: str) -> BriefOption:
        return next(o for o in self.options if o.id == option_id)


@dataclass
class Brief:
    document: str
    title: str
    date: str
    status: str
    version: str
    language: str
    origin: str
    destination: str
    ours_file: str  # file names only: a brief may travel, the folders it came from need not
    items: list[BriefItem]
    theirs_file: str | None = None
    their_only: list[str] = field(default_factory=list)  # clauses only their draft has
