"""The clause library: slots, their options and the sources they cite.

A library is a folder (``clause_library/`` by default, or ``--library DIR``): ``library.yaml``
(name, version, languages, sectors), ``sources.yaml`` plus any ``sources/*.yaml`` (the register
of cited instruments), ``*/elements.yaml`` (contract elements the standards require) and one
YAML file per clause slot in a family folder. Loading checks the shape of every file and
reports all problems with file and line; :mod:`agreement_kit.library.lint` checks the content.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..model.protection import PROTECTION_LEVELS
from ..errors import ProblemList, UserError, allowed_list, did_you_mean, shown
from ..inputs.characters import unwritable_strings
from ..inputs.problems import dotted, problems_from
from ..resources import package_dir
from ..inputs.yamlio import Loaded, kind_of, load_file
from .translations import LanguageInfo, read_translations

LangMap = dict[str, str]


class _Strict(BaseModel):
    # defer_build: the validators are built on first use, so a run served from the cache
    # (which validates nothing) does not pay for building them
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ParamSpec(_Strict):
    """A negotiable value a slot declares: its type, bounds, default and description."""

    type: Literal["integer", "number", "string", "boolean", "date", "enum", "list"]
    default: Any = None
    description: LangMap = Field(default_factory=dict)
    min: float | None = None
    max: float | None = None
    values: list[str] | None = None
    items: dict[str, Any] | None = None
    pattern: str | None = None
    max_length: int = 300
    quantity: str | None = None  # a fact several clauses state: an id in quantities.yaml
    # when the parameter file does not give the value: an expression over the common values
    # and the slot's other parameters that gives it (e.g. from scope.duration_years)
    derive: str | None = None
    # a value that may differ by Party (a multilateral instrument's per-Party annex): the
    # parameter file gives one value for all, or a mapping of Party ids to values
    per_party: bool = False

    @field_validator("values")
    @classmethod
    def _values_not_empty(cls, v):
        if v is not None and not v:
            raise ValueError("values must list at least one allowed value")
        return v

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, v):
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"pattern is not a valid regular expression ({exc})") from None
        return v


class Option(_Strict):
    """One choice for a slot, ranked by how well it protects the worker."""

    id: str
    label: LangMap
    protection: Literal["below-floor", "floor", "good-practice", "best-practice"]
    sources: list[str] = Field(default_factory=list)
    commentary: LangMap = Field(default_factory=dict)
    text: LangMap
    # set by the loader: the name of the layer (a ministry's own library) the option comes
    # from, None for the shipped library's
    layer: str | None = None

    @property
    def rank(self) -> int:
        return PROTECTION_LEVELS.index(self.protection)

    def shown_label(self, lang: str) -> str:
        """The label as papers show it: a layer's option says whose it is ("... [Ministry of
        Labour of Nepal]"), an option of the shipped library says nothing more."""
        label = self.label.get(lang) or self.label.get("en") or self.id
        return f"{label} [{self.layer}]" if self.layer else label


class Slot(_Strict):
    """One article of an agreement (one clause of a contract) with its options."""

    id: str
    title: LangMap
    purpose: LangMap = Field(default_factory=dict)
    topic: str | None = None
    covers: list[str] = Field(default_factory=list)
    when: str | None = None
    terms: dict[str, LangMap] = Field(default_factory=dict)
    parameters: dict[str, ParamSpec] = Field(default_factory=dict)
    default: str | None = None
    options: list[Option] = Field(min_length=1)
    regulates: list[str] = Field(default_factory=list)  # matters no other article may regulate
    nonbinding_title: LangMap = Field(default_factory=dict)  # the heading in a non-binding text
    # set by the loader, not by the file
    family: str = ""
    file: str = ""

    @property
    def key(self) -> str:
        return f"{self.family}/{self.id}"

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(option_id)

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    @property
    def default_option(self) -> Option:
        return self.option(self.default) if self.default in self.option_ids else self.options[0]


class Article(_Strict):
    summary: str
    verified: bool = False
    checked: str | None = None


class Source(_Strict):
    """An instrument in the register: convention, recommendation, guidance, regulation..."""

    title: str
    body: str | None = None
    year: int | None = None
    kind: str | None = None
    unit: str | None = None  # how a citation names a part: "Art.", "Para.", "objective"
    url: str | None = None
    sectors: list[str] | None = None  # the sectors it covers, where it is not general
    articles: dict[str, Article] = Field(default_factory=dict)

    @property
    def cite_unit(self) -> str:
        if self.unit is not None:
            return self.unit
        return {"recommendation": "Para.", "guidance": "", "resolution": ""}.get(
            self.kind or "", "Art.")


class Element(_Strict):
    """Something the standards require a contract to say (e.g. C189 Art. 7(e): pay)."""

    label: LangMap
    required_by: list[str] = Field(default_factory=list)
    group: str | None = None


class Quantity(_Strict):
    """A fact several clauses state (a period, a number of hours, a currency): one value per
    document, and where an annexed contract states it too, no less favourable there."""

    label: LangMap
    unit: Literal["hours", "days", "weeks", "months", "years", "percent", "code", "count"]
    favourable: Literal["higher", "lower", "equal"] = "higher"  # for the worker
    patterns: list[str] = Field(default_factory=list)  # regexes; {n} is the value stated
    scale: float = 1  # what a pattern's value is multiplied by to give this unit (years: 12)
    not_above: str | None = None  # another quantity this one may not exceed

    @field_validator("patterns")
    @classmethod
    def _patterns_compile(cls, v):
        for pat in v:
            if "{n}" not in pat:
                raise ValueError(f"pattern {pat!r} has no {{n}} where the value stands")
            try:
                re.compile(quantity_pattern(pat))
            except re.error as exc:
                raise ValueError(f"pattern {pat!r} is not a valid regular expression ({exc})") \
                    from None
        return v


NUMBER_WORDS_RE = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                   "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty")


def quantity_pattern(pattern: str) -> str:
    """A quantity pattern with {n} standing for a value written in figures or words."""
    return pattern.replace("{n}", rf"(?P<n>\d[\d,.]*|{NUMBER_WORDS_RE}|[A-Z]{{3}})")


class LibraryInfo(_Strict):
    name: str
    version: str
    languages: list[str] = Field(min_length=1)
    sectors: dict[str, LangMap] = Field(default_factory=dict)


@dataclass
class Library:
    """A loaded clause library. Slots are keyed ``family/id``."""

    root: Path
    info: LibraryInfo
    slots: dict[str, Slot]
    sources: dict[str, Source]
    elements: dict[str, Element]
    loaded: dict[str, Loaded] = field(default_factory=dict, repr=False)  # file -> marks
    digest: str = ""
    quantities: dict[str, Quantity] = field(default_factory=dict)
    # the languages beside English (translations/<lang>/language.yaml) and the engine's words
    language_info: dict[str, LanguageInfo] = field(default_factory=dict)
    vocabulary: dict[str, LangMap] = field(default_factory=dict)
    translation_roots: list[Path] = field(default_factory=list)
    # a layer's slots placed into documents: (slot key, document ids, "after"|"before", slot)
    placements: list[tuple[str, tuple[str, ...], str, str]] = field(default_factory=list)
    layers: list[str] = field(default_factory=list)  # the names of the layers, in order
    # every language the library has texts in, loaded or not (`languages`: those loaded)
    available: list[str] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.info.version

    @property
    def languages(self) -> list[str]:
        return list(dict.fromkeys([*self.info.languages, *self.language_info]))

    def words(self, lang: str) -> dict[str, str]:
        """The engine's words in `lang` (Contents, Part {roman}...), English where missing
        (and the package's English where the library has no vocabulary.yaml of its own)."""
        vocabulary = {**_package_vocabulary(), **self.vocabulary}
        return {key: texts[lang] if isinstance(texts.get(lang), str) else texts.get("en", "")
                for key, texts in vocabulary.items()}

    @cached_property
    def families(self) -> list[str]:
        return sorted({s.family for s in self.slots.values()})

    def find(self, ref: str, family: str | None = None) -> Slot:
        """A slot by ``family/id``, or by bare id (looked up in `family` first, then anywhere)."""
        if ref in self.slots:
            return self.slots[ref]
        if family and f"{family}/{ref}" in self.slots:
            return self.slots[f"{family}/{ref}"]
        matches = [s for s in self.slots.values() if s.id == ref]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UserError(f"slot '{ref}' exists in several families: "
                            f"{', '.join(sorted(s.key for s in matches))}. Name it as family/id.")
        all_ids = list(self.slots) + [s.id for s in self.slots.values()]
        raise UserError(f"no clause slot '{ref}' in the library.{did_you_mean(ref, all_ids)} "
                        "List them with `agreement-kit clauses list`.")

    def sector_label(self, sector: str, lang: str) -> str:
        labels = self.info.sectors.get(sector)
        if not labels:
            return sector.replace("-", " ")
        return labels.get(lang) or next(iter(labels.values()))

    def citation(self, ref: str) -> tuple[Source, str, Article] | None:
        """(source, article key, article) for a citation 'ID:ARTICLE', or None if unknown."""
        src_id, _, art = ref.partition(":")
        src = self.sources.get(src_id)
        if src is None or art not in src.articles:
            return None
        return src, art, src.articles[art]

    def applies(self, ref: str, sectors: set[str]) -> bool:
        """Whether the instrument cited by `ref` covers work in any of `sectors` (an
        instrument without a sector list covers all; no sectors known: all apply)."""
        src = self.sources.get(ref.partition(":")[0])
        return not (src and src.sectors is not None and sectors) or bool(set(src.sectors) & sectors)

    def cite(self, ref: str) -> str:
        """A citation as a reader sees it: 'C181, Art. 7(1)'."""
        src_id, _, art = ref.partition(":")
        if not art:
            return src_id
        src = self.sources.get(src_id)
        unit = src.cite_unit if src and art[:1].isdigit() else ""
        return f"{src_id}, {unit} {art}".replace("  ", " ") if unit else f"{src_id}, {art}"

    def line_of(self, slot: Slot, *path: Any) -> int | None:
        loaded = self.loaded.get(slot.file)
        return loaded.line(tuple(path)) if loaded else None


def default_root() -> Path:
    return package_dir("clause_library")


_VOCABULARY: list[dict] = []


def _package_vocabulary() -> dict[str, LangMap]:
    """The English words of the engine as the package's library gives them."""
    if not _VOCABULARY:
        doc = load_file(default_root() / "vocabulary.yaml", what="vocabulary")
        _VOCABULARY.append({k: v for k, v in doc.data.items() if isinstance(v, dict)})
    return _VOCABULARY[0]


def add_unwritable(problems: ProblemList, doc: Loaded) -> bool:
    """Add a problem for each text of `doc` a document cannot hold; whether there was one."""
    found = False
    for path, why in unwritable_strings(doc):
        problems.add(why + ".", file=doc.file, line=doc.line(path), field=dotted(path) or None)
        found = True
    return found


_CACHE: dict[Path, Library] = {}


TRANSLATIONS = "translations"  # the library's folder of language folders
TRANSLATIONS_ENV = "AGREEMENT_KIT_TRANSLATIONS"  # more language folders (--translations)


def extra_translations() -> tuple[Path, ...]:
    """The language folders `--translations` named (kept in the environment for workers)."""
    import os
    value = os.environ.get(TRANSLATIONS_ENV, "")
    return tuple(Path(p) for p in value.split(os.pathsep) if p)


def load_library(root: str | Path | None = None,
                 translations: list[str | Path] | tuple = (),
                 languages: list[str] | tuple | None = None) -> Library:
    """Load and shape-check a clause library folder (cached per folder for one process).
    `translations`: more language folders (a ministry's own language), laid over the
    library's own ``translations/``. `languages`: only these languages' texts are read
    (a parameter file's; None: every language), so a run reads and unpickles what it drafts."""
    path = Path(root) if root else default_root()
    extra = tuple(Path(t) for t in translations) or extra_translations()
    wanted = None if languages is None else tuple(sorted(set(languages)))
    key = (path.resolve(), tuple(p.resolve() for p in extra), wanted)
    if key not in _CACHE:
        if is_layer(path):  # a ministry's own slots and options over the shipped library
            _CACHE[key] = _load(path, extra, base=load_library(None, extra, wanted),
                                languages=wanted)
        else:
            _CACHE[key] = _load_cached(path, extra, wanted)
    return _CACHE[key]


LAYER_FILE = "layer.yaml"  # a folder laid over the shipped library, not a library of its own


def is_layer(path: Path) -> bool:
    """Whether `path` is a layer (``layer.yaml``) rather than a whole library."""
    return (path / LAYER_FILE).is_file() and not (path / "library.yaml").is_file()


def _load_cached(path: Path, extra: tuple[Path, ...] = (),
                 languages: tuple[str, ...] | None = None) -> Library:
    """The library from the on-disk cache when its files are unchanged (see :mod:`.cache`),
    its texts compiled once; else parsed (and stored) afresh. With `languages`, the key
    covers the files of those languages only (and the other languages' folder names)."""
    if not path.is_dir():
        return _load(path)  # the message
    from .cache import cached, offer_texts

    def texts(lib: Library) -> dict:
        """The compiled texts kept with the library: its own languages' (English). Texts
        of the translations compile when a draft in their language first needs them, so
        the cache a run reads stays a sixth of the size."""
        from .templating import compiled_texts
        return compiled_texts(o.text[lang] for s in lib.slots.values() for o in s.options
                              for lang in lib.info.languages if lang in o.text)

    for folder in extra:
        if not folder.is_dir():
            raise UserError(f"translations folder not found: {folder}. Give a language folder "
                            "(with its language.yaml) or a folder of language folders.")
    skip = ()
    if languages is not None:  # the other languages' folders: not read, not in the key
        skip = tuple(f"{TRANSLATIONS}/{lang}/" for lang in available_languages(path)
                     if lang not in languages)
    library, extras = cached(f"library{'' if languages is None else ':' + ','.join(languages)}",
                             path, lambda: _load(path, extra, languages=languages), texts,
                             also=extra, skip=skip)
    offer_texts(extras)
    return library


def available_languages(root: Path) -> list[str]:
    """The languages a library folder has texts in besides its own: its language folders."""
    from .translations import language_folders
    return list(language_folders(root / TRANSLATIONS))


def _load(root: Path, extra: tuple[Path, ...] = (), base: Library | None = None,
          languages: tuple[str, ...] | None = None) -> Library:
    """The library in folder `root`; with `base`, `root` is a layer over it (``layer.yaml``
    instead of ``library.yaml``): its slots, the options it adds to `base`'s slots and its
    sources, joined to `base` by :func:`.layers.join`."""
    if not root.is_dir():
        raise UserError(f"clause library folder not found: {root}")
    problems = ProblemList()
    additions: dict[str, tuple[list[dict], Loaded]] = {}  # a layer: slot key -> options added
    loaded: dict[str, Loaded] = {}
    digest = hashlib.sha256()

    real_root = root.resolve()

    def read(path: Path, what: str) -> Loaded | None:
        if not path.resolve().is_relative_to(real_root):
            problems.add(f"this {what} is a link to {path.resolve()}, outside the library "
                         "folder; a library reads only its own files. Copy the file into the "
                         "library instead.", file=str(path))
            return None
        try:
            doc = load_file(path, what=what)
        except UserError as exc:
            problems.problems.extend(exc.problems)
            return None
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
        loaded[str(path)] = doc
        if add_unwritable(problems, doc):
            return None
        if not isinstance(doc.data, dict):
            problems.add(f"a {what} must be a YAML mapping, not {kind_of(doc.data)}.",
                         file=str(path), line=1)
            return None
        return doc

    translations = read_translations([root / TRANSLATIONS, *extra], problems, digest,
                                     only=languages)
    tr = translations.apply

    info_file = root / ("library.yaml" if base is None else LAYER_FILE)
    info = layer = None
    doc = read(info_file, "library description") if info_file.is_file() else None
    if base is not None and doc:
        from .layers import layer_info
        layer = layer_info(doc, problems)
    elif info_file.is_file() and doc:
        try:
            info = LibraryInfo.model_validate(tr(doc.data, "library.yaml"))
        except ValidationError as exc:
            problems.problems.extend(problems_from(exc, doc))
    elif not info_file.is_file():
        problems.add("library.yaml is missing: it names the library, its version and languages.",
                     file=str(info_file))

    sources: dict[str, Source] = {}
    source_files = [root / "sources.yaml"] if (root / "sources.yaml").is_file() else []
    source_files += sorted((root / "sources").glob("*.yaml")) if (root / "sources").is_dir() else []
    for path in source_files:
        doc = read(path, "source register")
        if not doc:
            continue
        for src_id, body in doc.data.items():
            try:
                src = Source.model_validate(body)
            except ValidationError as exc:
                problems.problems.extend(problems_from(exc, doc, prefix=(src_id,)))
                continue
            if src_id in sources:
                prev = sources[src_id]
                if prev.title != src.title:
                    problems.add(f"source '{src_id}' is registered twice with different titles "
                                 f"('{prev.title}' and '{src.title}').", file=str(path),
                                 line=doc.line((src_id,)))
                for art, entry in src.articles.items():
                    if art in prev.articles and prev.articles[art] != entry:
                        problems.add(f"article '{art}' of {src_id} is registered again with a "
                                     "different summary or verification; register it once.",
                                     file=str(path), line=doc.line((src_id, "articles", art)))
                src = prev.model_copy(update={"articles": {**prev.articles, **src.articles}})
            sources[src_id] = src

    quantities: dict[str, Quantity] = {}
    qfile = root / "quantities.yaml"
    doc = read(qfile, "quantity register") if qfile.is_file() else None
    for q_id, body in (tr(doc.data, "quantities.yaml").items() if doc else []):
        try:
            quantities[q_id] = Quantity.model_validate(body)
        except ValidationError as exc:
            problems.problems.extend(problems_from(exc, doc, prefix=(q_id,)))

    elements: dict[str, Element] = {}
    slots: dict[str, Slot] = {}
    vocabulary: dict[str, LangMap] = {}
    vfile = root / "vocabulary.yaml"
    doc = read(vfile, "vocabulary") if vfile.is_file() else None
    words = doc.data if doc else _package_vocabulary()  # a library without one: the package's
    for key, texts in tr(words, "vocabulary.yaml").items():
        if isinstance(texts, dict) and all(isinstance(v, str) for v in texts.values()):
            vocabulary[key] = texts
        else:
            problems.add(f"'{key}' is a text per language ({{en: ...}}).", file=str(vfile),
                         line=doc.line((key,)))

    for family_dir in sorted(p for p in root.iterdir()
                             if p.is_dir() and p.name not in ("sources", TRANSLATIONS)):
        family = family_dir.name
        for path in sorted(family_dir.glob("*.yaml")):
            if path.name == "elements.yaml":
                doc = read(path, "element register")
                for el_id, body in (doc.data.items() if doc else []):
                    try:
                        elements[el_id] = Element.model_validate(body)
                    except ValidationError as exc:
                        problems.problems.extend(problems_from(exc, doc, prefix=(el_id,)))
                continue
            doc = read(path, "clause slot")
            if not doc:
                continue
            data = tr(doc.data, f"{family}/{path.name}")
            if base is not None and f"{family}/{path.stem}" in base.slots and "title" not in data:
                additions[f"{family}/{path.stem}"] = (data.get("options"), doc)  # options only
                continue
            try:
                slot = Slot.model_validate({**data, "family": family, "file": str(path)})
            except ValidationError as exc:
                problems.problems.extend(problems_from(exc, doc, known_fields=_SLOT_FIELDS))
                continue
            if slot.id != path.stem:
                problems.add(f"id '{slot.id}' differs from the file name '{path.stem}'; "
                             "make them the same.", file=str(path), line=doc.line(("id",)))
            if slot.key in slots:
                problems.add(f"duplicate slot id '{slot.id}' in family '{family}' "
                             f"(also in {slots[slot.key].file}).", file=str(path),
                             line=doc.line(("id",)))
                continue
            slots[slot.key] = slot
    if base is not None:
        from .layers import join
        return join(base, root, layer, slots, sources, additions, loaded,
                    digest.hexdigest()[:16], translations.info, problems)
    problems.raise_if_any(f"the clause library in {root} has {len(problems)} problem(s)")
    return Library(root, info, slots, sources, elements, loaded, digest.hexdigest()[:16],
                   quantities, translations.info, vocabulary, [root / TRANSLATIONS, *extra],
                   available=list(dict.fromkeys([*(info.languages if info else []),
                                                 *translations.available])))


_SLOT_FIELDS = {
    (): [f for f in Slot.model_fields if f not in {"family", "file"}],
    ("options", 0): list(Option.model_fields),
}


MAX_MAGNITUDE = 10**15  # no count, amount or period in an agreement comes near this
MAX_LIST_ITEMS = 100


def _bad_number(value: Any) -> str | None:
    """Why a number is not usable whatever its bounds: .nan, .inf or absurdly large."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"must be a finite number (given: {value})"
    if abs(value) >= MAX_MAGNITUDE:
        return f"is far too large to be meant (given: {shown(value)})"
    return None


def check_param_value(spec: ParamSpec, value: Any) -> str | None:
    """Why `value` is not acceptable for `spec`, or None."""
    t = spec.type
    if t == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number (given: {shown(value)})"
    elif t == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return f"must be a number (given: {shown(value)})"
        if not math.isfinite(value):
            return _bad_number(value)
    elif t == "boolean":
        if not isinstance(value, bool):
            return f"must be true or false (given: {value!r})"
    elif t == "date":
        if value == "" and spec.default == "":  # an optional date: left out, a blank prints
            return None
        if not isinstance(value, date) or isinstance(value, datetime):
            return f"must be a date written YYYY-MM-DD, without a time (given: {shown(value)})"
    elif t == "string":
        if isinstance(value, dict) and value:  # one text per language: {en: ..., zh: ...}
            for lang, text in value.items():
                if not (isinstance(lang, str) and re.fullmatch(r"[a-z]{2,3}", lang)):
                    return (f"gives a text per language, but '{lang}' is not a language code "
                            "(en, fr, ar, ...)")
                why = check_param_value(spec, text)
                if why:
                    return f"in '{lang}' {why}"
            return None
        if not isinstance(value, str):
            return f"must be text (given: {value!r})"
        if len(value) > spec.max_length:
            return f"is longer than {spec.max_length} characters"
        if spec.pattern:
            if not re.fullmatch(spec.pattern, value):
                return f"'{value}' does not have the expected form ({spec.pattern})"
    elif t == "enum":
        if value not in (spec.values or []):
            return (f"'{value}' is not allowed; allowed: {allowed_list(spec.values or [])}."
                    + did_you_mean(value, spec.values or []))
    elif t == "list":
        if not isinstance(value, list):
            return f"must be a list (given: {shown(value)})"
        if len(value) > MAX_LIST_ITEMS:
            return f"lists {len(value)} items; at most {MAX_LIST_ITEMS} are allowed"
        allowed = (spec.items or {}).get("values")
        for item in value:
            if allowed is not None and item not in allowed:
                return (f"'{item}' is not allowed in this list; allowed: {allowed_list(allowed)}."
                        + did_you_mean(item, allowed))
            if allowed is None and not isinstance(item, (str, int, float)):
                return f"list items must be plain values (given: {shown(item)})"
            if allowed is None and isinstance(item, (int, float)) and not isinstance(item, bool) \
                    and _bad_number(item):
                return "list item " + _bad_number(item)
        if len(value) != len(set(map(str, value))):
            return "lists an item twice"
    if t in {"integer", "number"}:
        if spec.min is not None and value < spec.min:
            return f"must be at least {_num(spec.min)} (given: {shown(value)})"
        if spec.max is not None and value > spec.max:
            return f"must be at most {_num(spec.max)} (given: {shown(value)})"
        return _bad_number(value)
    return None


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
