"""The Draft: one document model every output is written from.

A Draft is plain data, the way a reader sees the document: a title block, recitals, parts
holding numbered articles, each article holding numbered paragraphs and lettered items made of
inline runs (text, defined terms, cross-references, blanks to fill in by hand), annexes, the
closing formula and signature blocks, and the provenance that ties each article to the clause
slot and option it came from. Renderers read a Draft and nothing else; compare and review work
on Drafts too, so they are exact rather than text heuristics.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from typing import Any, Iterator, Union


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Term:
    """A defined term where it is used; `text` is the form printed."""

    key: str
    text: str


@dataclass(frozen=True)
class Ref:
    """A cross-reference to an article or annex; `text` is filled in after numbering.

    `bare` is a reference printed as its number only ("27" in "Articles 24 and 27"): the
    unit word stands before the first reference of the group."""

    target: str
    text: str
    bare: bool = False


@dataclass(frozen=True)
class Blank:
    """A space to fill in by hand, e.g. the date of signature."""

    label: str


Inline = Union[Text, Term, Ref, Blank]

INTERNAL = {"internal": True}  # field metadata: only the annotated edition's JSON carries it


def plain(runs: list[Inline]) -> str:
    """The text of inline runs as a reader sees it."""
    out = []
    for r in runs:
        if isinstance(r, Blank):
            out.append(blank_text(r.label))
        else:
            out.append(r.text)
    return "".join(out)


def blank_text(label: str) -> str:
    return f"[{label}: ____________]" if label else "[____________]"


@dataclass
class Paragraph:
    """A paragraph (level 0) or a lettered item (level 1) with its printed number."""

    inlines: list[Inline]
    level: int = 0
    number: str | None = None  # "1.", "(a)"; None when unnumbered

    @property
    def text(self) -> str:
        return plain(self.inlines)


@dataclass
class Article:
    """One numbered article (or contract clause) drawn from one clause slot."""

    number: int
    label: str  # "Article 12"
    title: str
    slot: str  # family/id
    option: str  # "own": the Parties' own wording, not from the library
    protection: str | None  # None for an own article (see model.protection.describe)
    sources: list[str]
    paragraphs: list[Paragraph]
    commentary: str = field(default="", metadata=INTERNAL)  # advice for our negotiators
    quantities: dict[str, Any] = field(default_factory=dict)  # quantity id -> value it states
    regulates: list[str] = field(default_factory=list)  # matters only this article regulates

    @property
    def anchor(self) -> str:
        return "art-" + self.slot.replace("/", "-")

    @property
    def own(self) -> bool:
        """An article of the Parties' own wording (option "own"), not from the library."""
        return self.option == "own" and self.slot.startswith("own/")


@dataclass
class Part:
    title: str | None
    number: str | None  # "Part I"
    articles: list[Article]


@dataclass
class Signature:
    """One signature block: "For the Government of ...", a line, the name and the title; a
    Party with several signatories signs in one block, one line for each (`more`)."""

    heading: list[Inline]
    name: list[Inline]
    title: list[Inline]
    more: list[tuple[list[Inline], list[Inline]]] = field(default_factory=list)

    def signers(self) -> list[tuple[list[Inline], list[Inline]]]:
        """(name, title) of every signatory of the block, the first first."""
        return [(self.name, self.title), *self.more]


@dataclass
class Annex:
    """An annex: the text of one slot, or a whole document (a model contract)."""

    id: str
    number: str  # "Annex I"
    title: str
    slot: str | None = None
    option: str | None = None
    protection: str | None = None
    sources: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    document: "Draft | None" = None
    commentary: str = field(default="", metadata=INTERNAL)
    quantities: dict[str, Any] = field(default_factory=dict)
    regulates: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "annex-" + self.id


@dataclass
class Definition:
    term: str
    inlines: list[Inline]
    slot: str


@dataclass
class Provenance:
    """What a draft was made from: enough to rebuild it and trace every article."""

    tool_version: str
    library_name: str
    library_version: str
    library_digest: str
    parameters_hash: str
    blueprint: str
    choices: dict[str, dict] = field(default_factory=dict)  # slot -> {option, protection, params}
    # the parameter file itself, embedded in the PDF so the draft can be re-opened as
    # parameters; left out of the JSON, which lists the resolved choices instead
    parameters_source: str = field(default="", repr=False, metadata={"json": False})


@dataclass
class Draft:
    document: str  # blueprint id
    kind: str  # agreement | contract
    language: str
    title: str
    subject: str
    status: str
    version: str
    date: str  # ISO date
    article_label: str
    binding: bool
    opening: list[Paragraph] = field(default_factory=list)
    preamble: list[Paragraph] = field(default_factory=list)
    agreed: list[Paragraph] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    provenance: Provenance | None = None
    keywords: list[str] = field(default_factory=list)
    # how the language is set: "rtl" for Arabic; the engine's words (Contents, Page {page}
    # of {pages}...) in the draft's language; a note when no lawyer has reviewed its texts
    direction: str = "ltr"
    words: dict[str, str] = field(default_factory=dict, metadata={"json": False})
    translation: str = ""

    def word(self, key: str, default: str = "") -> str:
        """One of the engine's words in the draft's language."""
        return self.words.get(key) or default

    def articles(self) -> Iterator[Article]:
        for part in self.parts:
            yield from part.articles

    def clauses(self) -> Iterator["Article | Annex"]:
        """Every drafted clause of this document: its articles, then annexes drawn from a slot."""
        yield from self.articles()
        yield from (annex for annex in self.annexes if annex.slot)

    def anchors(self, prefix: str = "") -> dict[str, str]:
        """Where a cross-reference target lands: slot key, bare slot id or annex id -> anchor.
        `prefix` keeps anchors unique when this document is annexed to another."""
        found: dict[str, str] = {}
        for art in self.articles():
            found[art.slot] = prefix + art.anchor
            found.setdefault(art.slot.split("/", 1)[1], prefix + art.anchor)
        for annex in self.annexes:
            found[annex.id] = prefix + annex.anchor
        return found

    def article(self, slot: str) -> Article | None:
        for art in self.articles():
            if art.slot == slot or art.slot.split("/", 1)[-1] == slot:
                return art
        return None

    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph in reading order, annexed documents included."""
        yield from self.opening
        yield from self.preamble
        yield from self.agreed
        for art in self.articles():
            yield from art.paragraphs
        yield from self.closing
        for annex in self.annexes:
            yield from annex.paragraphs
            if annex.document:
                yield from annex.document.all_paragraphs()

    def to_dict(self, internal: bool = False) -> dict:
        """The Draft as JSON-ready data (``--format json``); `internal` keeps the
        commentary for negotiators, which only the annotated edition carries."""
        return _jsonable(self, internal)


def _jsonable(value, internal: bool = False):
    if isinstance(value, (Text, Term, Ref, Blank)):
        return {"kind": type(value).__name__.lower(), **asdict(value)}
    if is_dataclass(value):
        return {f.name: _jsonable(getattr(value, f.name), internal) for f in fields(value)
                if f.metadata.get("json", True) and (internal or not f.metadata.get("internal"))}
    if isinstance(value, list):
        return [_jsonable(v, internal) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v, internal) for k, v in value.items()}
    return value
