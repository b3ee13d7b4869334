"""The Redline: two Drafts of one document aligned unit by unit, paragraph by paragraph, word by word.

Built by :mod:`agreement_kit.negotiate.compare`; rendered as Word tracked changes and as a
colour redline by :mod:`agreement_kit.render.redline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .draft import Draft, Inline, Paragraph

Status = Literal["equal", "changed", "inserted", "deleted"]

@dataclass
class Seg:
    """A run of the compared text: kept, inserted or deleted. `old` is the kept run's old form."""

    kind: Literal["equal", "ins", "del"]
    inline: Inline
    old: Inline | None = None


@dataclass
class RPara:
    """One paragraph of the redline."""

    status: Status
    new: Paragraph | None
    old: Paragraph | None
    segs: list[Seg] = field(default_factory=list)

    @property
    def para(self) -> Paragraph:
        return self.new if self.new is not None else self.old


@dataclass
class Unit:
    """A block of the document that is compared as one: an article, a part heading, an annex."""

    kind: Literal["opening", "preamble", "agreed", "part", "article", "closing", "annex"]
    key: str
    status: Status
    new: object | None  # Article, Part, Annex or None
    old: object | None
    heading: list[RPara] = field(default_factory=list)
    paras: list[RPara] = field(default_factory=list)
    document: "Redline | None" = None  # an annexed document, compared in turn

    @property
    def current(self):
        return self.new if self.new is not None else self.old


@dataclass
class SlotChange:
    """A change a negotiator lists: which slot, what it was, what it is now."""

    slot: str
    title: str
    kind: Literal["added", "removed", "option", "parameters", "text"]
    old_option: str | None = None
    old_protection: str | None = None
    new_option: str | None = None
    new_protection: str | None = None
    parameters: dict[str, tuple] = field(default_factory=dict)  # name -> (old, new)


@dataclass
class Redline:
    old: Draft
    new: Draft
    units: list[Unit]
    changes: list[SlotChange] = field(default_factory=list)
    title: list[RPara] = field(default_factory=list)  # shown for annexed documents

    @property
    def changed(self) -> bool:
        return any(u.status != "equal" for u in self.units)
