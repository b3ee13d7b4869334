"""The Review: every clause of a draft against the international floor, as plain data.

Built by :mod:`agreement_kit.negotiate.review`; rendered by :mod:`agreement_kit.render.review`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..errors import UserError
from .position import Shortfall
from .protection import FLOOR, PROTECTION_LEVELS

LEVELS = ("floor", "good-practice")


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
    protection: str  # a level, or NOT_FROM_LIBRARY for an article of the Parties' own
    chosen: bool  # named in the parameter file; False: the library default
    parameters: dict[str, str] = field(default_factory=dict)
    falls_short_of: list[Standard] = field(default_factory=list)  # below-floor only
    floor_option: str | None = None
    floor_label: str | None = None
    layer: str | None = None  # the ministry's library layer the option comes from, if any

    @property
    def rank(self) -> int:
        """The level's place on the ladder; -1 for an own article, which has no level."""
        return PROTECTION_LEVELS.index(self.protection) \
            if self.protection in PROTECTION_LEVELS else -1

    @property
    def below_floor(self) -> bool:
        return self.protection in PROTECTION_LEVELS and self.rank < FLOOR


@dataclass
class ElementRow:
    """An element the standards require a contract to state, and the clauses that state it."""

    document: str  # the contract's title, and where it is annexed: "Model contract (Annex II)"
    element: str
    label: str
    required_by: list[str]
    covered_by: list[str]
    below_floor_in: list[str] = field(default_factory=list)  # covering clauses below the floor

    @property
    def missing(self) -> bool:
        """Not met: no clause states it, or every clause that does is below the floor."""
        return not self.covered_by or set(self.covered_by) <= set(self.below_floor_in)

    @property
    def status(self) -> str:
        if not self.covered_by:
            return "missing"
        return "below floor" if self.missing else "covered"


@dataclass
class Review:
    document: str
    title: str
    date: str
    language: str
    rows: list[ReviewRow]
    elements: list[ElementRow]
    position: str | None = None  # the name of the position measured against (--floor)
    shortfalls: list[Shortfall] = field(default_factory=list)  # below that position

    def breaches(self, level: str = "floor") -> list[ReviewRow | ElementRow | Shortfall]:
        """Clauses ranked below `level` ('floor' or 'good-practice'), then missing elements;
        for 'position', the shortfalls against the position."""
        if level == "position":
            return list(self.shortfalls)
        if level not in LEVELS:
            raise UserError(f"unknown level '{level}'; choose {' or '.join(LEVELS)}.")
        bar = PROTECTION_LEVELS.index(level)
        return ([r for r in self.rows if r.rank < bar]
                + [e for e in self.elements if e.missing])

    def to_dict(self) -> dict:
        data = asdict(self)
        data["summary"] = {level: len(self.breaches(level)) for level in LEVELS}
        data["summary"]["missing_elements"] = sum(e.missing for e in self.elements)
        if self.position is None:  # without --floor, the JSON is as it always was
            del data["position"], data["shortfalls"]
        else:
            data["summary"]["below_position"] = len(self.shortfalls)
        return data
