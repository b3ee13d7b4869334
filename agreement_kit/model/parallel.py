"""The parallel edition: the authentic texts side by side, aligned row by row.

Every language's Draft of one parameter file has the same structure (the same parts,
articles, paragraphs and annexes, in the same order), so the edition is a list of rows, each
holding the same unit of the document in every language: the title, each recital, each part
heading, each article heading and each of its paragraphs, the closing formula, the signature
blocks, each annex. Renderers lay the rows out as two or three columns, each column in its
language's direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import zip_longest

from .draft import Draft, Paragraph, Signature


@dataclass
class Row:
    """One unit of the document in every language (None where a language has none)."""

    kind: str  # title | paragraph | part | heading | closing | signatures | annex
    cells: list[list[Paragraph] | list[Signature] | str | None]
    anchor: str = ""  # the article or annex this row belongs to


@dataclass
class Parallel:
    drafts: list[Draft]
    rows: list[Row] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return [d.language for d in self.drafts]


def align(drafts: list[Draft]) -> Parallel:
    """The rows of a parallel edition of `drafts` (one Draft per language, same document)."""
    edition = Parallel(drafts)
    _document(edition.rows, drafts, "")
    return edition


def _paragraphs(rows: list[Row], lists: list[list[Paragraph]], kind: str = "paragraph",
                anchor: str = "") -> None:
    for paras in zip_longest(*lists):
        rows.append(Row(kind, [[p] if p is not None else None for p in paras], anchor))


def _document(rows: list[Row], drafts: list[Draft], prefix: str) -> None:
    rows.append(Row("title", [d.title for d in drafts], prefix))
    for name in ("opening", "preamble", "agreed"):
        _paragraphs(rows, [getattr(d, name) for d in drafts])
    for parts in zip_longest(*(d.parts for d in drafts)):
        if parts[0] is not None and parts[0].title:
            rows.append(Row("part", [f"{p.number}\n{p.title}" if p else None for p in parts]))
        for arts in zip_longest(*(p.articles if p else [] for p in parts)):
            anchor = prefix + (arts[0].anchor if arts[0] else "")
            rows.append(Row("heading", [f"{a.label}\n{a.title}" if a else None for a in arts],
                            anchor))
            _paragraphs(rows, [a.paragraphs if a else [] for a in arts], anchor=anchor)
    _paragraphs(rows, [d.closing for d in drafts], "closing")
    if any(d.signatures for d in drafts):
        rows.append(Row("signatures", [list(d.signatures) for d in drafts]))
    for annexes in zip_longest(*(d.annexes for d in drafts)):
        anchor = prefix + (annexes[0].anchor if annexes[0] else "")
        rows.append(Row("annex", [f"{a.number}\n{a.title}" if a else None for a in annexes],
                        anchor))
        _paragraphs(rows, [a.paragraphs if a else [] for a in annexes], anchor=anchor)
        subs = [a.document for a in annexes if a is not None and a.document is not None]
        if len(subs) == len(annexes):
            _document(rows, subs, anchor + "--")
