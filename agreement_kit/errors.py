"""Errors a user can act on.

Every problem with a user's input (a parameter file, a clause library, an output path) is raised
as a :class:`UserError`. The CLI prints it as one paragraph and exits 1; only ``--debug`` shows a
traceback. A message names the file, line and field where they are known, says what is allowed
and, where a close match exists, offers a did-you-mean.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable


def did_you_mean(value: object, allowed: Iterable[str]) -> str:
    """' Did you mean 'x'?' for the closest allowed value, or ''."""
    matches = difflib.get_close_matches(str(value), list(allowed), n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


def shown(value: object, limit: int = 60) -> str:
    """A value as a message quotes it: its repr, cut to `limit` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def allowed_list(allowed: Iterable[str], limit: int = 12) -> str:
    items = sorted(allowed)
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items)} in all)" if len(items) > limit else "")


@dataclass
class Problem:
    """One problem at one place: ``file:line: field: message``."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        elif self.line:
            where = f"line {self.line}: "
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}"


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None, problems: list[Problem] | None = None):
        self.problems = problems or [Problem(message, file, line, field)]
        super().__init__(message)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@dataclass
class ProblemList:
    """Collects problems so a user sees all of them at once, not one per run."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, *, file: str | None = None, line: int | None = None,
            field: str | None = None) -> None:
        self.problems.append(Problem(message, file, line, field))

    def raise_if_any(self, summary: str | None = None) -> None:
        if self.problems:
            raise UserError(summary or str(self.problems[0]), problems=list(self.problems))

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __len__(self) -> int:
        return len(self.problems)
