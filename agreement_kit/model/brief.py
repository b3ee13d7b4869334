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

    @property
    def at_stake(self) -> bool:
        """Whether the clause needs the delegation's attention: we chose it or set positions,
        or the other side proposes something else. The rest stands at the library default."""
        return bool(self.chosen or self.fallback or self.walk_away or self.acceptable
                    or (self.against and self.against.verdict != "same"))


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
    legend: list[tuple[str, str]] = field(default_factory=list)  # source id -> its full title
    full: bool = False  # every clause with its options table, not only those at stake

    def entries(self) -> list[BriefItem]:
        """The clauses that get an entry with their options table."""
        return [i for i in self.items if self.full or i.at_stake]

    def settled(self) -> list[BriefItem]:
        """The clauses at the library default with nothing at stake, listed in one line each."""
        return [] if self.full else [i for i in self.items if not i.at_stake]
