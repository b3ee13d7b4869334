"""Negotiation parameters: what a user writes to draft a document.

A parameter file has common, typed sections (``document``, ``languages``, ``parties``,
``scope``, ``draft``, optionally ``contract`` for a model contract's individual details) and
one ``clauses:`` map in which each slot takes an option id or a mapping with ``option:``, that
slot's declared parameters and, for negotiators, a position (``fallback``, ``walk_away``,
``acceptable``). Anything unnamed takes the library default.

Validation happens in two steps: pydantic checks the common sections; :func:`resolve` then
checks ``clauses`` against the blueprint and the clause library, whose slots declare their own
parameters. Every problem is reported with file, line and field.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from .errors import Problem, ProblemList, UserError, allowed_list, did_you_mean
from .library import Library, Option, Slot, check_param_value
from .pydantic_errors import model_fields_map, problems_from
from .yamlio import Loaded, kind_of, load_file

MAX_TEXT = 500

# Characters that can hide or reorder text in a legal document, or cannot go into a DOCX.
_BIDI_CONTROLS = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                  0x200E, 0x200F, 0x061C}
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x2061, 0x2062, 0x2063,
              0x2064}


def check_text(value: str) -> str:
    """Refuse characters that cannot print in a DOCX or could hide text from a reader."""
    if len(value) > MAX_TEXT:
        raise ValueError(f"text is longer than {MAX_TEXT} characters ({len(value)})")
    for i, ch in enumerate(value):
        cp = ord(ch)
        name = unicodedata.name(ch, f"U+{cp:04X}")
        if cp in _BIDI_CONTROLS:
            raise ValueError(f"contains the invisible direction control {name} (U+{cp:04X}) at "
                             f"position {i + 1}; it can make text read differently from how it "
                             "is stored. Remove it")
        if cp in _INVISIBLE:
            raise ValueError(f"contains the invisible character {name} (U+{cp:04X}) at position "
                             f"{i + 1}. Remove it")
        if (cp < 0x20 and ch not in "\t\n\r") or 0xD800 <= cp <= 0xDFFF or cp in (0xFFFE, 0xFFFF) \
                or 0x7F <= cp <= 0x9F:
            raise ValueError(f"contains the control character U+{cp:04X} at position {i + 1}, "
                             "which cannot be written into a Word document. Remove it")
        if 0xE000 <= cp <= 0xF8FF:
            raise ValueError(f"contains the private-use character U+{cp:04X} at position {i + 1}. "
                             "Remove it")
    return value


def check_date(value: Any) -> Any:
    """A date is written YYYY-MM-DD; a number is not a date (pydantic would read it as seconds
    since 1970) and neither is a date with a time."""
    if isinstance(value, datetime):
        raise ValueError("give the date only, written YYYY-MM-DD, without a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"'{value}' is not a date that exists ({exc})") from None
    raise ValueError("must be a date written YYYY-MM-DD, for example 2026-11-27")


def unique(items: list) -> list:
    if len(items) != len(set(items)):
        raise ValueError("lists the same value twice")
    return items


Str = Annotated[str, AfterValidator(check_text)]
Date = Annotated[date, BeforeValidator(check_date)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Signatory(_Strict):
    name: Str
    title: Str


_STATE_FORMS = ("Republic", "Kingdom", "Federal", "Federation", "Democratic", "United", "State ",
                "States", "Islamic", "Socialist", "Hashemite", "People's", "Sultanate",
                "Commonwealth", "Principality", "Grand Duchy", "Plurinational", "Bolivarian",
                "Oriental Republic", "Independent State", "Co-operative", "Union")


class Party(_Strict):
    country: Str
    short: Str | None = None
    authority: Str | None = None
    signatory: Signatory | None = None
    definite_article: bool | None = None  # "the Republic of ..."; guessed when not given

    def as_text(self) -> dict[str, Any]:
        """The party as clause texts see it; `the_country` reads naturally after "of"."""
        data = self.model_dump(mode="python")
        data["short"] = self.short or self.country
        article = self.definite_article
        if article is None:
            article = self.country.startswith(_STATE_FORMS)
        data["the_country"] = f"the {self.country}" if article else self.country
        return data


class Parties(_Strict):
    origin: Party
    destination: Party


class Scope(_Strict):
    sectors: list[Slug] = Field(default_factory=list, max_length=40)
    occupations: list[Str] = Field(default_factory=list, max_length=200)
    annual_quota: int | None = Field(default=None, ge=0, le=10_000_000)
    duration_years: int | None = Field(default=None, ge=1, le=99)
    skill_levels: list[Str] = Field(default_factory=list, max_length=20)
    regions: list[Str] = Field(default_factory=list, max_length=100)


class DraftInfo(_Strict):
    version: Str = "0.1"
    date: Date
    status: Str = "Draft for negotiation"
    place_of_signature: Str | None = None


class EmployerDetails(_Strict):
    name: Str | None = None
    address: Str | None = None
    registration_number: Str | None = None
    representative: Str | None = None
    phone: Str | None = None
    email: Str | None = None


class WorkerDetails(_Strict):
    name: Str | None = None
    date_of_birth: Date | None = None
    place_of_birth: Str | None = None
    nationality: Str | None = None
    passport_number: Str | None = None
    address: Str | None = None
    civil_status: Str | None = None
    next_of_kin: Str | None = None


class ContractDetails(_Strict):
    """A model contract's individual details; what is left out prints as a marked blank."""

    employer: EmployerDetails = Field(default_factory=EmployerDetails)
    worker: WorkerDetails = Field(default_factory=WorkerDetails)
    job_title: Str | None = None
    workplace: Str | None = None
    start_date: Date | None = None
    duration_months: int | None = Field(default=None, ge=1, le=600)


class Params(_Strict):
    document: Slug
    languages: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]],
                         AfterValidator(unique)] = Field(
        default_factory=lambda: ["en"], min_length=1, max_length=6)
    parties: Parties
    scope: Scope = Field(default_factory=Scope)
    clauses: dict[str, Any] = Field(default_factory=dict)
    draft: DraftInfo
    contract: ContractDetails = Field(default_factory=ContractDetails)

    def common_context(self) -> dict[str, Any]:
        """The common values clause texts may name, as plain data."""
        data = self.model_dump(mode="python")
        return {"origin": self.parties.origin.as_text(),
                "destination": self.parties.destination.as_text(),
                "scope": data["scope"], "draft": data["draft"], "contract": data["contract"],
                "languages": list(self.languages), "document": self.document}


KNOWN_FIELDS = model_fields_map(Params)


@dataclass
class Choice:
    """What the parameter file chose for one slot, defaults filled in."""

    slot: Slot
    option: Option
    params: dict[str, Any]
    given: bool = False  # named in the parameter file
    fallback: list[str] = field(default_factory=list)
    walk_away: str | None = None
    acceptable: dict[str, Any] = field(default_factory=dict)


@dataclass
class Negotiation:
    """Validated parameters with every slot of the document resolved."""

    params: Params
    source: Loaded
    choices: dict[str, Choice]  # slot key (family/id) -> choice
    warnings: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.source.file

    def choice(self, slot: Slot) -> Choice:
        if slot.key not in self.choices:
            self.choices[slot.key] = Choice(slot, slot.default_option, defaults(slot))
        return self.choices[slot.key]

    def clause_view(self) -> dict[str, dict[str, Any]]:
        """`clauses[...]` as conditions see it: slot id -> {option, parameters}."""
        view: dict[str, dict[str, Any]] = {}
        for key, ch in self.choices.items():
            entry = {"option": ch.option.id, **ch.params}
            view[key] = entry
            view.setdefault(ch.slot.id, entry)
        return view

    @property
    def digest(self) -> str:
        """SHA-256 of the validated parameters: the same input gives the same hash."""
        data = self.params.model_dump(mode="json")
        data["clauses"] = {k: {"option": c.option.id, **c.params}
                           for k, c in sorted(self.choices.items())}
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


def defaults(slot: Slot) -> dict[str, Any]:
    return {name: spec.default for name, spec in slot.parameters.items()}


POSITION_KEYS = ("option", "fallback", "walk_away", "acceptable")


def load_params(path: str | Path) -> tuple[Params, Loaded]:
    """Read a parameter file and check its common sections."""
    loaded = load_file(path, what="parameter file")
    if not isinstance(loaded.data, dict):
        raise UserError(f"a parameter file is a YAML mapping (document:, parties:, ...), "
                        f"not {kind_of(loaded.data)}.", file=loaded.file, line=1)
    try:
        params = Params.model_validate(loaded.data)
    except ValidationError as exc:
        problems = problems_from(exc, loaded, known_fields=KNOWN_FIELDS)
        raise UserError(str(problems[0]), problems=problems) from None
    return params, loaded


def resolve(params: Params, loaded: Loaded, library: Library, slots: dict[str, Slot],
            family: str) -> Negotiation:
    """Check `clauses:` against the slots a document uses and fill in every default."""
    problems = ProblemList()
    file = loaded.file
    for i, sector in enumerate(params.scope.sectors):
        if library.info.sectors and sector not in library.info.sectors:
            problems.add(f"unknown sector '{sector}'.{did_you_mean(sector, library.info.sectors)} "
                         f"Allowed: {allowed_list(library.info.sectors)}.", file=file,
                         line=loaded.line(("scope", "sectors", i)), field=f"scope.sectors[{i}]")
    for i, lang in enumerate(params.languages):
        if lang not in library.languages:
            problems.add(f"the clause library has no text in '{lang}'; available: "
                         f"{', '.join(library.languages)}.", file=file,
                         line=loaded.line(("languages", i)), field=f"languages[{i}]")

    by_id: dict[str, list[Slot]] = {}
    for slot in slots.values():
        by_id.setdefault(slot.id, []).append(slot)
    choices: dict[str, Choice] = {}
    warnings: list[Problem] = []
    for name, value in params.clauses.items():
        where = ("clauses", name)
        fld = f"clauses.{name}"
        line = loaded.line(where)
        slot = slots.get(name)
        if slot is None:
            candidates = by_id.get(name, [])
            preferred = [s for s in candidates if s.family == family]
            if len(preferred) == 1 or len(candidates) == 1:
                slot = (preferred or candidates)[0]
            elif candidates:
                problems.add(f"'{name}' is a slot in several parts of this document "
                             f"({', '.join(s.key for s in candidates)}); write it as family/id.",
                             file=file, line=line, field=fld)
                continue
            else:
                names = sorted(by_id) + sorted(slots)
                problems.add(f"'{name}' is not a clause of document '{params.document}'."
                             f"{did_you_mean(name, names)} See `agreement-kit clauses list`.",
                             file=file, line=line, field=fld)
                continue
        if slot.key in choices:
            problems.add(f"slot '{slot.key}' is given twice.", file=file, line=line, field=fld)
            continue
        choice = _choice(slot, value, loaded, where, problems, warnings)
        if choice:
            choices[slot.key] = choice
    problems.raise_if_any(f"{file}: {len(problems)} problem(s) in the parameters")
    return Negotiation(params, loaded, choices, warnings)


def _strings(value: Any, path: tuple):
    """(path, text) of every string in a clause entry, at any depth."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, path + (i,))


def _choice(slot: Slot, value: Any, loaded: Loaded, where: tuple, problems: ProblemList,
            warnings: list[Problem]) -> Choice | None:
    file, fld = loaded.file, ".".join(map(str, where))
    opts = slot.option_ids

    def option_of(oid: Any, sub: tuple) -> Option | None:
        if not isinstance(oid, str) or oid not in opts:
            problems.add(f"unknown option '{oid}' for slot '{slot.id}'.{did_you_mean(oid, opts)} "
                         f"Options: {', '.join(opts)}.", file=file, line=loaded.line(where + sub),
                         field=".".join(map(str, where + sub)))
            return None
        return slot.option(oid)

    if isinstance(value, str):
        opt = option_of(value, ())
        return Choice(slot, opt, defaults(slot), given=True) if opt else None
    if not isinstance(value, dict):
        problems.add(f"give an option id (one of {', '.join(opts)}) or a mapping with "
                     "'option:' and parameters.", file=file, line=loaded.line(where), field=fld)
        return None
    bad_text = False
    for sub, text in _strings(value, where):
        try:
            check_text(text)
        except ValueError as exc:
            problems.add(str(exc) + ".", file=file, line=loaded.line(sub),
                         field=".".join(map(str, sub)))
            bad_text = True
    if bad_text:
        return None
    params = defaults(slot)
    opt = option_of(value["option"], ("option",)) if "option" in value else slot.default_option
    ok = opt is not None
    for key, val in value.items():
        sub = where + (key,)
        if key in POSITION_KEYS:
            continue
        spec = slot.parameters.get(key)
        if spec is None:
            allowed = list(slot.parameters) + list(POSITION_KEYS)
            problems.add(f"slot '{slot.id}' has no parameter '{key}'.{did_you_mean(key, allowed)} "
                         f"Allowed: {allowed_list(allowed)}.", file=file, line=loaded.line(sub),
                         field=".".join(map(str, sub)))
            ok = False
            continue
        why = check_param_value(spec, val)
        if why:
            problems.add(why[0].lower() + why[1:], file=file, line=loaded.line(sub),
                         field=".".join(map(str, sub)))
            ok = False
            continue
        params[key] = val
    fallback = value.get("fallback", [])
    if isinstance(fallback, str):
        fallback = [fallback]
    if not isinstance(fallback, list):
        problems.add("fallback is a list of option ids, strongest first.", file=file,
                     line=loaded.line(where + ("fallback",)), field=fld + ".fallback")
        return None
    for i, fb in enumerate(fallback):
        if option_of(fb, ("fallback", i)) is None:
            ok = False
    walk_away = value.get("walk_away")
    if walk_away is not None and option_of(walk_away, ("walk_away",)) is None:
        ok = False
    acceptable = value.get("acceptable", {}) or {}
    if not isinstance(acceptable, dict):
        problems.add("acceptable maps parameter names to a list of values or a range "
                     "{min: .., max: ..}.", file=file, line=loaded.line(where + ("acceptable",)),
                     field=fld + ".acceptable")
        ok = False
    else:
        for key, rng in acceptable.items():
            if key not in slot.parameters:
                problems.add(f"acceptable names '{key}', which is not a parameter of slot "
                             f"'{slot.id}'.{did_you_mean(key, slot.parameters)}", file=file,
                             line=loaded.line(where + ("acceptable", key)),
                             field=f"{fld}.acceptable.{key}")
                ok = False
            elif not (isinstance(rng, list) or (isinstance(rng, dict) and set(rng) <= {"min", "max"})):
                problems.add("give a list of values or a range {min: .., max: ..}.", file=file,
                             line=loaded.line(where + ("acceptable", key)),
                             field=f"{fld}.acceptable.{key}")
                ok = False
    if not ok:
        return None
    ladder = [opt] + [slot.option(f) for f in fallback]
    for stronger, weaker in zip(ladder, ladder[1:]):
        if weaker.rank > stronger.rank:
            warnings.append(Problem(
                f"fallback '{weaker.id}' ({weaker.protection}) is stronger than the position "
                f"before it, '{stronger.id}' ({stronger.protection}); a fallback usually concedes "
                "something.", file, loaded.line(where + ("fallback",)), fld + ".fallback"))
    return Choice(slot, opt, params, given=True, fallback=list(fallback), walk_away=walk_away,
                  acceptable=acceptable)
