"""Where a laid-out PDF put things: the page of each element id and the page count.

The PDF renderer produces it; the DOCX renderer of the same run reads it to fill in the page
numbers of its contents and the page count of its properties, so the two formats agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pagination:
    count: int
    pages: dict[str, int] = field(default_factory=dict)  # element id -> page, from 1

    def page_of(self, anchor: str) -> int | None:
        return self.pages.get(anchor)
