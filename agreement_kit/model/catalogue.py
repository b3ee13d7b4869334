"""The clause catalogue: the library and its documents as a reader browses them.

Built by :mod:`agreement_kit.library.catalogue` from a clause library and its blueprints, one
:class:`Edition` per language the library holds; rendered by
:mod:`agreement_kit.render.catalogue` as a static web site. Plain data only: every text is
already in the edition's language (texts missing in it fall back to English) and every
link target is a stable page name (``slots/recruitment-costs.html``) and anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    """One source an option cites: 'C181:7' -> instrument C181, article 7."""

    ref: str                 # as written in the library: "C181:7"
    instrument: str          # "C181"
    article: str             # "7" ("" when the citation names the instrument only)
    label: str               # how a reader sees it: "C181, Art. 7"
    title: str               # the instrument's title
    summary: str             # the register's summary of the article
    verified: bool
    url: str | None          # the official link, where the register has one
    anchor: str              # the article's anchor on the instrument's page


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str                # integer | number | string | boolean | date | enum | list
    default: Any
    default_text: str        # the default as printed ("—" for none)
    minimum: float | None
    maximum: float | None
    values: list[str]        # allowed values (enum) or allowed items (list)
    pattern: str | None
    max_length: int | None
    description: str


@dataclass(frozen=True)
class OptionEntry:
    id: str                  # also the option's anchor on its slot page
    label: str
    protection: str          # below-floor | floor | good-practice | best-practice
    is_default: bool
    citations: list[Citation]
    commentary: str
    paragraphs: list[tuple[int, str]]  # (level, text); level 1 = lettered item; ⟨param⟩ marks
    varies_with: list[tuple[str, str]] = field(default_factory=list)  # (parameter, default)
    # whose value changes the wording itself; the text shows the wording for the default


@dataclass(frozen=True)
class SlotEntry:
    key: str                 # family/id
    id: str
    family: str
    page: str                # "recruitment-costs" -> slots/recruitment-costs.html
    title: str
    purpose: str
    topic: str | None
    condition: str | None    # when the slot is drafted, as readable text
    parameters: list[Parameter]
    options: list[OptionEntry]
    default: str
    documents: list[str]     # ids of the documents that may contain the slot
    terms: list[tuple[str, str]]  # (term, definition)


@dataclass(frozen=True)
class DocItem:
    """A slot where a document places it."""

    slot_key: str
    condition: str | None


@dataclass(frozen=True)
class DocPart:
    title: str | None
    condition: str | None
    items: list[DocItem]


@dataclass(frozen=True)
class DocAnnex:
    id: str
    title: str
    condition: str | None
    slot_key: str | None                  # an annex with its own text
    documents: list[tuple[str, str]]      # (document id, when: "default" or readable text)


@dataclass(frozen=True)
class DocumentEntry:
    id: str
    kind: str                # agreement | contract | arrangement
    binding: bool
    family: str
    subject: str
    title: str               # with sample values: "Agreement between ... [country of origin]"
    preamble: str | None     # slot key of the recitals
    parts: list[DocPart]
    annexes: list[DocAnnex]
    keywords: list[str]


@dataclass(frozen=True)
class ArticleEntry:
    key: str                 # "7(1)"
    anchor: str              # "art-7-1"
    label: str               # "Art. 7(1)"
    summary: str
    verified: bool
    cited_by: list[tuple[str, str]]   # (slot key, option id)


@dataclass(frozen=True)
class InstrumentEntry:
    id: str                  # "C181", also the page name
    title: str
    body: str | None
    year: int | None
    kind: str | None
    url: str | None
    articles: list[ArticleEntry]

    @property
    def cited_by(self) -> list[tuple[str, str]]:
        seen: dict[tuple[str, str], None] = {}
        for art in self.articles:
            seen.update(dict.fromkeys(art.cited_by))
        return list(seen)


@dataclass(frozen=True)
class BuilderSlot:
    """A slot as the parameter-file builder offers it for one document."""

    name: str                # the name `clauses:` takes (bare id where that is unambiguous)
    key: str


@dataclass(frozen=True)
class Edition:
    """Everything the site shows in one language."""

    lang: str
    language_name: str
    direction: str           # "ltr" | "rtl"
    families: list[tuple[str, str]]          # (id, readable name)
    slots: dict[str, SlotEntry]              # by key, in family then id order
    documents: dict[str, DocumentEntry]      # in the order `agreement-kit documents` lists them
    instruments: dict[str, InstrumentEntry]  # by id, sorted
    sectors: list[tuple[str, str]]           # (id, label) for scope.sectors
    builder: dict[str, list[BuilderSlot]]    # document id -> its slots in document order


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: str
    digest: str
    levels: tuple[str, ...]
    editions: list[Edition]
    schema: dict[str, Any] = field(default_factory=dict)  # the parameter files' JSON Schema
