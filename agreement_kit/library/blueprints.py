"""Blueprints: the model documents in ``model_contracts/``.

A blueprint is the frame of one kind of document: its title, opening words, recitals slot,
parts with their ordered clause slots (each optionally under a ``when:`` condition), annexes,
closing formula and signature blocks, and the vocabulary of its legal form (``form``: "the
Parties shall" in a treaty, "the Participants will" in a memorandum of understanding).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ProblemList, UserError, allowed_list, did_you_mean
from .clauses import Library, Slot, add_unwritable
from .translations import read_translations
from ..inputs.problems import problems_from
from ..resources import package_dir
from ..inputs.yamlio import Loaded, load_file

LangMap = dict[str, str]
BUILTIN_DEFINITIONS = "definitions"
BINDING_OPTIONAL = "optional"  # form.binding of a document that binds or not as its file says


class _Strict(BaseModel):
    # defer_build: the validators are built on first use, so a run served from the cache
    # (which validates nothing) does not pay for building them
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class SlotRef(_Strict):
    slot: str
    when: str | None = None
    # drafted only when the parameter file chooses an option for it (`clauses: {slot: ...}`):
    # a matter few agreements settle (military service, a savings scheme)
    optional: bool = False


class PartSpec(_Strict):
    title: LangMap | None = None
    when: str | None = None
    slots: list[SlotRef]

    @model_validator(mode="before")
    @classmethod
    def _bare_slot_names(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("slots"), list):
            data = {**data, "slots": [{"slot": s} if isinstance(s, str) else s
                                      for s in data["slots"]]}
        return data


class DocumentRule(_Strict):
    when: str  # a condition over the parameter file, as in `when:` elsewhere
    document: str


class DocumentChoice(_Strict):
    """Which blueprint an annex drafts: a slot parameter, else the first rule whose condition
    holds, else by sector, else a default."""

    parameter: str | None = None  # "slot-id.parameter"
    rules: list[DocumentRule] = Field(default_factory=list)
    by_sector: dict[str, str] = Field(default_factory=dict)
    default: str

    def documents(self) -> list[str]:
        """Every blueprint this annex may draft, in the order the blueprint names them (a
        list, not a set: what iterates over them must not depend on the hash seed)."""
        return list(dict.fromkeys([self.default, *self.by_sector.values(),
                                   *(r.document for r in self.rules)]))


class AnnexSpec(_Strict):
    id: str
    title: LangMap
    when: str | None = None
    slot: str | None = None
    document: DocumentChoice | None = None
    # one annex for every Party of a multilateral instrument, in the order of `parties:`: its
    # title and slot text see that Party as `party` and per-Party parameters as its values;
    # ref('ID') prints all of them ("Annexes II to V"), ref('ID', party.id) one ("Annex III")
    for_each_party: bool = False
    # false: the annex's paragraphs are not numbered (a reply note, a letter)
    numbered: bool = True

    @model_validator(mode="after")
    def _one_body(self) -> "AnnexSpec":
        if (self.slot is None) == (self.document is None):
            raise ValueError("an annex has either `slot:` (its text) or `document:` "
                             "(another blueprint), not both or neither")
        return self


class SignatureSpec(_Strict):
    heading: LangMap
    name: LangMap = Field(default_factory=dict)
    title: LangMap = Field(default_factory=dict)
    for_each_party: bool = False  # one block for every Party, which its texts see as `party`
    # one block for every third party that signs (`parties.others:` with `signs: true`), which
    # its texts see as `other_party`
    for_each_other: bool = False


class Blueprint(_Strict):
    id: str
    kind: Literal["agreement", "contract", "arrangement"] = "agreement"
    family: str
    title: LangMap
    subject: LangMap = Field(default_factory=dict)
    article_label: LangMap = Field(default_factory=lambda: {"en": "Article"})
    form: dict[str, Any] = Field(default_factory=dict)
    # with `form: {binding: optional}`: the vocabulary when the parameter file says
    # `binding: false` (or nothing), per language as in `form`
    nonbinding_form: dict[str, Any] = Field(default_factory=dict)
    opening: LangMap | None = None
    preamble: str | None = None
    agreed: LangMap | None = None
    parts: list[PartSpec] = Field(min_length=1)
    # slots a parameter file cannot leave out (`clauses: {slot: omit}`)
    required: list[str] = Field(default_factory=list)
    annexes: list[AnnexSpec] = Field(default_factory=list)
    closing: LangMap | None = None
    signatures: list[SignatureSpec] = Field(default_factory=list)
    elements: list[str] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)  # a sector contract: the work it is for
    keywords: list[str] = Field(default_factory=list)
    # the document this one implements (an administrative arrangement implements its agreement):
    # its slots may be chosen in this document's parameter file, and ref('agreement:slot-id')
    # prints the number that slot's article has in that document
    implements: str | None = None
    # a regional or multilateral instrument: `parties:` is a list of three or more States (and
    # a two-party document takes origin: and destination:)
    multilateral: bool = False
    file: str = ""

    @property
    def binding(self) -> bool:
        return self.form.get("binding", True) is True

    @property
    def binding_optional(self) -> bool:
        """Whether the parameter file says if the instrument binds (`binding: true|false`):
        an agreement between agencies or ministries may be either."""
        return self.form.get("binding") == BINDING_OPTIONAL

    def bound(self, binding: bool | None) -> "Blueprint":
        """This blueprint with its form settled: the words of ``form`` (binding) or of
        ``nonbinding_form``, as the parameter file's `binding:` says (default: not binding).
        A blueprint of one fixed form is returned as it is."""
        if not self.binding_optional:
            return self
        words = self.form if binding else self.nonbinding_form
        form = {lang: v for lang, v in words.items() if isinstance(v, dict)}
        return self.model_copy(update={"form": {"binding": bool(binding), **form}})

    def vocabulary(self, lang: str) -> dict[str, Any]:
        words = dict(self.form.get(lang) or self.form.get("en") or {})
        words["binding"] = self.binding
        return words

    def slot_refs(self) -> list[str]:
        """Every slot name the blueprint mentions, in document order."""
        names = [self.preamble] if self.preamble else []
        for part in self.parts:
            names += [ref.slot for ref in part.slots]
        names += [a.slot for a in self.annexes if a.slot]
        return names


@dataclass
class Blueprints:
    """The model documents available, keyed by id."""

    root: Path
    items: dict[str, Blueprint]
    loaded: dict[str, Loaded]

    def get(self, doc_id: str, *, file: str | None = None, line: int | None = None) -> Blueprint:
        if doc_id not in self.items:
            raise UserError(f"document '{doc_id}' is not available.{did_you_mean(doc_id, self.items)}"
                            f" Available: {allowed_list(self.items)}.", file=file, line=line,
                            field="document")
        return self.items[doc_id]

    def slots_of(self, bp: Blueprint, library: Library, _seen: frozenset = frozenset()
                 ) -> dict[str, Slot]:
        """The slots a document may contain, annexed documents included (key family/id)."""
        found: dict[str, Slot] = {}
        for name in bp.slot_refs():
            lookup = f"common/{BUILTIN_DEFINITIONS}" if name == BUILTIN_DEFINITIONS else name
            try:
                slot = library.find(lookup, bp.family)
            except UserError as exc:
                raise UserError(f"the model document names slot '{name}': {exc}", file=bp.file,
                                line=self.line_of_slot(bp, name)) from None
            found[slot.key] = slot
        for annex in bp.annexes:
            if annex.document:
                for doc_id in annex.document.documents():
                    if doc_id in self.items and doc_id not in _seen:
                        found.update(self.slots_of(self.items[doc_id], library, _seen | {bp.id}))
        if bp.implements in self.items and bp.implements not in _seen:
            # the implemented agreement's slots: its parameters are read by this document's
            # texts and conditions, and its article numbers by ref('agreement:...')
            for key, slot in self.slots_of(self.items[bp.implements], library,
                                           _seen | {bp.id}).items():
                if key != f"common/{BUILTIN_DEFINITIONS}":  # the agreement's, not chosen here
                    found.setdefault(key, slot)
        return found

    def clause_names(self, bp: Blueprint, library: Library) -> dict[str, Slot]:
        """Every name ``clauses:`` accepts for document `bp`, in document order: each slot as
        family/id, and as its bare id where that names one slot (see :func:`pick_slot`)."""
        slots = self.slots_of(bp, library)
        by_id: dict[str, list[Slot]] = {}
        for slot in slots.values():
            by_id.setdefault(slot.id, []).append(slot)
        names: dict[str, Slot] = {}
        for key, slot in slots.items():
            if pick_slot(by_id[slot.id], bp.family) is slot:
                names.setdefault(slot.id, slot)
            names[key] = slot
        return names

    def documents_naming(self, name: str, library: Library) -> list[str]:
        """The documents whose ``clauses:`` accept `name` (for "a slot of another document")."""
        found = []
        for doc_id, bp in self.items.items():
            try:
                if name in self.clause_names(bp, library) and not (
                        bp.implements in self.items  # the slot of the implemented document
                        and name in self.clause_names(self.items[bp.implements], library)):
                    found.append(doc_id)
            except UserError:  # a broken blueprint names no slot
                continue
        return found

    def layers(self, bp: Blueprint, library: Library) -> dict[str, str]:
        """Slot key -> "own" for the document's own text, "annex" for an annexed document's."""
        own = {library.find(f"common/{BUILTIN_DEFINITIONS}" if n == BUILTIN_DEFINITIONS else n,
                            bp.family).key for n in bp.slot_refs()}
        if bp.implements in self.items:  # one value in an agreement and its arrangement
            own |= set(self.slots_of(self.items[bp.implements], library))
        return {key: "own" if key in own else "annex" for key in self.slots_of(bp, library)}

    def required_of(self, bp: Blueprint, library: Library, _seen: frozenset = frozenset()
                    ) -> dict[str, str]:
        """Slot key -> the blueprint that requires it, for `bp` and every document it may
        annex: the slots a parameter file cannot leave out."""
        found: dict[str, str] = {}
        for name in bp.required:
            lookup = f"common/{BUILTIN_DEFINITIONS}" if name == BUILTIN_DEFINITIONS else name
            found.setdefault(library.find(lookup, bp.family).key, bp.id)
        for annex in bp.annexes:
            if annex.document:
                for doc_id in sorted(annex.document.documents()):
                    if doc_id in self.items and doc_id not in _seen:
                        for key, who in self.required_of(self.items[doc_id], library,
                                                         _seen | {bp.id}).items():
                            found.setdefault(key, who)
        return found

    def line_of_slot(self, bp: Blueprint, name: str) -> int | None:
        """The line where blueprint `bp` names slot `name`, for messages."""
        loaded = self.loaded.get(bp.file)
        if loaded is None:
            return None
        data = loaded.data if isinstance(loaded.data, dict) else {}
        if data.get("preamble") == name:
            return loaded.line(("preamble",))
        parts = data.get("parts")
        for i, part in enumerate(parts if isinstance(parts, list) else []):
            refs = part.get("slots") if isinstance(part, dict) else None
            for j, ref in enumerate(refs if isinstance(refs, list) else []):
                if ref == name or (isinstance(ref, dict) and ref.get("slot") == name):
                    return loaded.line(("parts", i, "slots", j))
        annexes = data.get("annexes")
        for i, annex in enumerate(annexes if isinstance(annexes, list) else []):
            if isinstance(annex, dict) and annex.get("slot") == name:
                return loaded.line(("annexes", i, "slot"))
        return loaded.line(("parts",))


def pick_slot(candidates: list[Slot], family: str) -> Slot | None:
    """The slot a bare id names among `candidates` (the slots of a document with that id):
    the one in the document's own family, else the only one; None when it is ambiguous."""
    preferred = [s for s in candidates if s.family == family]
    if len(preferred) == 1 or len(candidates) == 1:
        return (preferred or candidates)[0]
    return None


def default_root() -> Path:
    return package_dir("model_contracts")


TRANSLATED = "model_contracts"  # where a language folder holds the blueprints' texts


def load_blueprints(root: str | Path | None = None,
                    translations: list[Path] | None = None) -> Blueprints:
    """The model documents of a folder (from the on-disk cache while its files are unchanged:
    see :mod:`.cache`), with their texts in the languages of `translations` (the language
    folders' ``model_contracts/``; by default the package library's)."""
    path = Path(root) if root else default_root()
    if translations is None:
        from .clauses import TRANSLATIONS, default_root as library_root, extra_translations
        translations = [library_root() / TRANSLATIONS, *extra_translations()]
    roots = tuple(Path(t) for t in translations)
    if not path.is_dir():
        raise UserError(f"folder of model documents not found: {path}. Give the folder that "
                        "holds the blueprint .yaml files with --blueprints.")
    from .cache import cached, offer_texts

    def texts(bps: Blueprints) -> dict:
        from .templating import compiled_texts
        return compiled_texts(_strings(bps))

    blueprints, extras = cached("blueprints", path, lambda: _load(path, roots), texts,
                                also=_blueprint_translations(roots))
    offer_texts(extras)
    return blueprints


def _blueprint_translations(roots: tuple[Path, ...]) -> tuple[Path, ...]:
    """The folders the blueprints' translations come from (each language's model_contracts/),
    so that the blueprints' cache key reads those and not the whole library's texts."""
    from .translations import languages_at

    return tuple(f / TRANSLATED for root in roots for f in languages_at(root).values()
                 if (f / TRANSLATED).is_dir())


def _strings(blueprints: Blueprints):
    """Every text of the blueprints that may be a template (titles, opening, closing...)."""
    def walk(value):
        if isinstance(value, str):
            if "{" in value:
                yield value
        elif isinstance(value, dict):
            for v in value.values():
                yield from walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                yield from walk(v)
    for bp in blueprints.items.values():
        yield from walk(bp.model_dump(exclude={"file", "id"}))


def _load(path: Path, translations: tuple[Path, ...] = ()) -> Blueprints:
    problems = ProblemList()
    tr = read_translations([t for t in translations if t.is_dir()], problems,
                           part=f"{TRANSLATED}/").apply
    items: dict[str, Blueprint] = {}
    loaded: dict[str, Loaded] = {}
    for file in sorted(path.glob("*.yaml")):
        if not file.resolve().is_relative_to(path.resolve()):
            problems.add(f"this blueprint is a link to {file.resolve()}, outside the folder of "
                         "model documents; copy the file into the folder instead.", file=str(file))
            continue
        try:
            doc = load_file(file, what="blueprint")
        except UserError as exc:
            problems.problems.extend(exc.problems)
            continue
        loaded[str(file)] = doc
        if add_unwritable(problems, doc):
            continue
        if not isinstance(doc.data, dict):
            problems.add("a blueprint is a YAML mapping.", file=str(file), line=1)
            continue
        try:
            data = tr(doc.data, f"{TRANSLATED}/{file.name}")
            bp = Blueprint.model_validate({**data, "file": str(file)})
        except ValidationError as exc:
            problems.problems.extend(problems_from(exc, doc))
            continue
        for i, name in enumerate(bp.required):
            if name not in bp.slot_refs():
                problems.add(f"required names '{name}', which is not a slot of this document."
                             f"{did_you_mean(name, bp.slot_refs())}", file=str(file),
                             line=doc.line(("required", i)), field=f"required[{i}]")
        if bp.id != file.stem:
            problems.add(f"id '{bp.id}' differs from the file name '{file.stem}'.",
                         file=str(file), line=doc.line(("id",)))
        items[bp.id] = bp
    check_annexed_documents(items, loaded, problems)
    for bp in items.values():
        if bp.implements is not None and (bp.implements not in items or bp.implements == bp.id
                                          or items[bp.implements].implements is not None):
            problems.add(f"implements: '{bp.implements}' is not another model document that "
                         f"implements none itself.{did_you_mean(bp.implements, items)}",
                         file=bp.file, line=loaded[bp.file].line(("implements",)))
    problems.raise_if_any(f"the model documents in {path} have {len(problems)} problem(s)")
    return Blueprints(path, items, loaded)


def _annexed(bp: Blueprint) -> list[tuple[int, str]]:
    """(annex index, blueprint id) for every document an annex of `bp` may draft."""
    return [(i, doc) for i, a in enumerate(bp.annexes) if a.document
            for doc in dict.fromkeys([a.document.default, *a.document.by_sector.values()])]


def check_annexed_documents(items: dict[str, Blueprint], loaded: dict[str, Loaded],
                            problems: ProblemList) -> None:
    """Every annexed document exists, and no document annexes itself through others."""
    reported: set[frozenset] = set()
    for bp_id in sorted(items):
        bp = items[bp_id]
        where = loaded.get(bp.file)
        for i, doc in _annexed(bp):
            line = where.line(("annexes", i, "document")) if where else None
            if doc not in items:
                problems.add(f"annex '{bp.annexes[i].id}' drafts document '{doc}', which does "
                             f"not exist.{did_you_mean(doc, items)} Available: "
                             f"{allowed_list(items)}.", file=bp.file, line=line,
                             field=f"annexes[{i}].document")
                continue
            cycle = _path_back(items, doc, bp_id, [bp_id, doc])
            if cycle and frozenset(cycle) not in reported:
                reported.add(frozenset(cycle))
                problems.add(f"annex '{bp.annexes[i].id}' drafts document '{doc}', which leads "
                             f"back to this one: {' -> '.join(cycle)}; a document that annexes "
                             "itself would never end. Remove one of these annexes.",
                             file=bp.file, line=line, field=f"annexes[{i}].document")


def _path_back(items: dict[str, Blueprint], start: str, goal: str, path: list[str]
               ) -> list[str] | None:
    """The chain of annexed documents from `start` back to `goal`, if there is one."""
    if start == goal:
        return path
    for _, doc in _annexed(items[start]):
        if doc in items and doc not in path[1:]:
            found = _path_back(items, doc, goal, path + [doc])
            if found:
                return found
    return None
