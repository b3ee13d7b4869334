"""A common minimum position: the floor a group of countries agreed, clause by clause.

A position file names, for some clause slots, the weakest option the group accepts and bounds
on parameters (``examples/positions/``). Read and checked against the library by
:mod:`agreement_kit.negotiate.position`; an agreement is measured against it by the review and
the portfolio, which list every clause below it as a :class:`Shortfall`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Bound:
    """Allowed range of one numeric parameter (either end may be open)."""

    min: float | None = None
    max: float | None = None

    def outside(self, value) -> str | None:
        """Why `value` is outside the range, or None."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if self.min is not None and value < self.min:
            return f"is {_n(value)}, below the minimum of {_n(self.min)}"
        if self.max is not None and value > self.max:
            return f"is {_n(value)}, above the maximum of {_n(self.max)}"
        return None

    def text(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{_n(self.min)} to {_n(self.max)}"
        return f"at least {_n(self.min)}" if self.min is not None else f"at most {_n(self.max)}"


@dataclass
class ClauseFloor:
    """What the position requires of one slot: an option at least as protective as `option`
    (by protection rank), and parameters within `bounds`."""

    slot: str  # family/id
    title: str
    option: str | None = None
    option_label: str | None = None
    rank: int | None = None  # the protection rank of `option`
    bounds: dict[str, Bound] = field(default_factory=dict)


@dataclass
class Position:
    name: str
    file: str
    clauses: dict[str, ClauseFloor] = field(default_factory=dict)  # slot key -> floor


@dataclass
class Shortfall:
    """One way a clause falls below the position."""

    where: str
    slot: str
    title: str
    option: str
    label: str
    reason: str  # "option 'x' is below the position's minimum 'y' (Label)" / a parameter


def _n(x) -> str:
    return str(int(x)) if isinstance(x, (int, float)) and float(x).is_integer() else str(x)


__all__ = ["Bound", "ClauseFloor", "Position", "Shortfall"]
