"""Protection levels: how far a clause protects the worker, weakest first."""

from __future__ import annotations

PROTECTION_LEVELS = ("below-floor", "floor", "good-practice", "best-practice")
FLOOR = PROTECTION_LEVELS.index("floor")


def rank(level: str | None) -> int:
    """A level's place on the ladder (below-floor = 0); -1 for none or an unknown level."""
    return PROTECTION_LEVELS.index(level) if level in PROTECTION_LEVELS else -1


NOT_FROM_LIBRARY = "not from the library"  # an own article has no protection level


def describe(level: str | None) -> str:
    """A level as printed; an article of the Parties' own wording has none."""
    return level or NOT_FROM_LIBRARY
