"""The Portfolio: many agreements side by side, clause topic by clause topic, as plain data.

Rows are agreements (one parameter file each), columns are clause topics (the library's slots,
grouped by family), and each cell is the option an agreement chose with its protection level.
Built by :mod:`agreement_kit.negotiate.portfolio`; rendered by
:mod:`agreement_kit.render.portfolio` as a heat map (HTML, PDF), CSV and XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .position import Shortfall
from .protection import FLOOR, PROTECTION_LEVELS

LEVEL_LABELS = {"below-floor": "Below the floor", "floor": "Floor",
                "good-practice": "Good practice", "best-practice": "Best practice"}
LEVEL_CODES = {"below-floor": "BF", "floor": "F", "good-practice": "GP", "best-practice": "BP"}


@dataclass
class Topic:
    """A column: one clause slot."""

    slot: str  # family/id
    title: str
    family: str
    family_label: str


@dataclass
class Cell:
    """What one agreement settled on one topic."""

    option: str
    label: str
    protection: str
    chosen: bool  # named in the parameter file; False: the library default
    where: str = ""
    below_position: list[str] = field(default_factory=list)  # reasons, with --floor

    @property
    def rank(self) -> int:
        return PROTECTION_LEVELS.index(self.protection)

    @property
    def below_floor(self) -> bool:
        return self.rank < FLOOR


@dataclass
class FloorFinding:
    """A clause below the international floor, with the standards it falls short of."""

    where: str
    slot: str
    title: str
    label: str
    standards: list[str] = field(default_factory=list)


@dataclass
class Agreement:
    """A row: one parameter file's document."""

    file: str
    name: str  # "Philippines – Germany", readable
    subject: str  # "Bilateral labour migration agreement"
    document: str
    origin: str  # country names as in the parameter file
    destination: str
    origin_short: str
    destination_short: str
    date: str
    cells: dict[str, Cell] = field(default_factory=dict)  # slot key -> cell
    below_floor: list[FloorFinding] = field(default_factory=list)
    shortfalls: list[Shortfall] = field(default_factory=list)  # below the position
    # a multilateral instrument: (country, short name) of every Party (origin and destination
    # then hold all the countries and none)
    parties: list[tuple[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name}: {self.subject}"


@dataclass
class Settlement:
    option: str
    label: str
    protection: str
    agreements: list[str]  # agreement labels


@dataclass
class Divergence:
    """One topic settled differently in the agreements of one country."""

    country: str
    slot: str
    title: str
    settlements: list[Settlement]


@dataclass
class Portfolio:
    agreements: list[Agreement]
    topics: list[Topic]
    divergences: list[Divergence]
    position: str | None = None  # the name of the position measured against

    def families(self) -> list[tuple[str, list[Topic]]]:
        """(family label, its topics) in column order."""
        groups: dict[str, list[Topic]] = {}
        for t in self.topics:
            groups.setdefault(t.family_label, []).append(t)
        return list(groups.items())


__all__ = ["Topic", "Cell", "FloorFinding", "Agreement", "Settlement", "Divergence", "Portfolio",
           "LEVEL_LABELS", "LEVEL_CODES"]
