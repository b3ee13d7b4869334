"""Negotiation parameters: what a user writes to draft a document.

A parameter file has common, typed sections (``document``, ``languages``, ``parties``,
``scope``, ``draft``, optionally ``contract`` for a model contract's individual details) and
one ``clauses:`` map in which each slot takes an option id or a mapping with ``option:``, that
slot's declared parameters and, for negotiators, a position (``fallback``, ``walk_away``,
``acceptable``). Anything unnamed takes the library default.

Validation happens in two steps: pydantic checks the common sections here;
:func:`agreement_kit.assemble.negotiation.resolve` then
checks ``clauses`` against the blueprint and the clause library, whose slots declare their own
parameters. Every problem is reported with file, line and field.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Discriminator, Field,
                      Tag, ValidationError, model_validator)

from ..conventions import in_language
from ..errors import Problem, UserError
from .problems import model_fields_map, problems_from
from .yamlio import Loaded, kind_of, load_file

MAX_TEXT = 500
MAX_ARTICLE_TEXT = 20_000  # an own article's text (paragraphs of the Parties' own wording)
OMIT = "omit"  # `clauses: {taxation: omit}` leaves a slot out
OWN = "own"  # the option (and family) of an article of the Parties' own

# Characters that can hide or reorder text in a legal document, or cannot go into a DOCX.
_BIDI_CONTROLS = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                  0x200E, 0x200F, 0x061C}
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E, 0x2061, 0x2062, 0x2063,
              0x2064}


def check_text(value: str, limit: int = MAX_TEXT) -> str:
    """Refuse characters that cannot print in a DOCX or could hide text from a reader."""
    if len(value) > limit:
        raise ValueError(f"text is longer than {limit} characters ({len(value)})")
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


_DMY = re.compile(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})")
_YMD = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # not 2026-W48-2, 2026-332


def check_date(value: Any) -> Any:
    """A date is written YYYY-MM-DD; a number is not a date (pydantic would read it as seconds
    since 1970) and neither is a date with a time."""
    if isinstance(value, datetime):
        raise ValueError("give the date only, written YYYY-MM-DD, without a time")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _YMD.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"'{value}' is not a date that exists (no such day in that month "
                             "or no such month); dates are written YYYY-MM-DD") from None
    if not isinstance(value, str):
        raise ValueError("must be a date written YYYY-MM-DD, for example 2026-11-27")
    example = "2026-11-27"
    dmy = _DMY.fullmatch(value.strip())
    if dmy:
        d, m, y = (int(g) for g in dmy.groups())
        if d > 12 or d == m:  # only where day and month cannot be mistaken for each other
            try:
                example = date(y, m, d).isoformat()
            except ValueError:
                pass
    raise ValueError(f"dates are written YYYY-MM-DD, year first (e.g. {example})")


def unique(items: list) -> list:
    if len(items) != len(set(items)):
        raise ValueError("lists the same value twice")
    return items


Str = Annotated[str, AfterValidator(check_text)]
Date = Annotated[date, BeforeValidator(check_date)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
LongStr = Annotated[str, AfterValidator(lambda v: check_text(v, MAX_ARTICLE_TEXT))]
Lang = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]
# a text of the Parties' own: one string for every language, or one per language
LangText = Str | Annotated[dict[Lang, Str], Field(min_length=1, max_length=6)]
LangLongText = LongStr | Annotated[dict[Lang, LongStr], Field(min_length=1, max_length=6)]
SlotName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?$",
                                max_length=120)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Signatory(_Strict):
    name: Str
    title: Str


_STATE_FORMS = ("Republic", "Kingdom", "Federal", "Federation", "Democratic", "United", "State ",
                "States", "Islamic", "Socialist", "Hashemite", "People's", "Sultanate",
                "Commonwealth", "Principality", "Grand Duchy", "Plurinational", "Bolivarian",
                "Oriental Republic", "Independent State", "Co-operative", "Union")


class PartyNames(_Strict):
    """A Party's names as the texts of one language write them (fr: country
    "la République des Philippines", of_country "de la République des Philippines"; ru:
    of_country in the genitive). What is left out is derived from `country`."""

    country: Str
    short: Str | None = None
    of_country: Str | None = None  # the form after "of", with its preposition or case
    of_short: Str | None = None
    authority: Str | None = None
    signatory_title: Str | None = None


class Party(_Strict):
    country: Str
    short: Str | None = None
    authority: Str | None = None
    signatory: Signatory | None = None
    definite_article: bool | None = None  # "the Republic of ..."; guessed when not given
    names: dict[Lang, PartyNames] = Field(default_factory=dict, max_length=20)

    def as_text(self, lang: str = "en", of: Callable[[str], str] | None = None
                ) -> dict[str, Any]:
        """The party as clause texts in `lang` see it; `the_country` reads naturally after
        "of" in English, `of_country` is the whole "of" form in other languages (`of` makes
        it from a name: the language's preposition and contractions)."""
        data = self.model_dump(mode="python", exclude={"names"})
        data["short"] = self.short or self.country
        article = self.definite_article
        if article is None:
            article = self.country.startswith(_STATE_FORMS)
        data["the_country"] = f"the {self.country}" if article else self.country
        if lang == "en":
            return data
        names = self.names.get(lang)
        of = of or (lambda name: name)
        if names is None:  # no names in this language: the English ones, marked by check
            data["of_country"], data["of_short"] = of(self.country), of(data["short"])
            return data
        short = names.short or names.country
        data.update(country=names.country, the_country=names.country, short=short,
                    of_country=names.of_country or of(names.country),
                    of_short=names.of_short or of(short))
        if names.authority:
            data["authority"] = names.authority
        if names.signatory_title and data.get("signatory"):
            data["signatory"] = {**data["signatory"], "title": names.signatory_title}
        return data


class Parties(_Strict):
    origin: Party
    destination: Party


# --- several States: a regional or multilateral instrument (issue 15) ------------------------

MIN_LISTED_PARTIES = 3  # two Parties are written as origin: and destination:
MAX_LISTED_PARTIES = 60
PARTY_KEYS = ("origin", "destination")  # how per-Party values name the two Parties of a pair


class ListedParty(Party):
    """One State of a multilateral instrument (``parties:`` as a list): each is a State of
    origin and of employment. `id` is how per-Party values in ``clauses:`` name it; without
    it, the short name (or the country) as lower-case letters, digits and hyphens."""

    id: Slug | None = None


def party_key(name: str) -> str:
    """'the Gambia' -> 'gambia'; "Côte d'Ivoire" -> 'cote-d-ivoire': a Party's default id."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:80]


def check_party_list(parties: list[ListedParty]) -> list[ListedParty]:
    """Three or more States, each with an id of its own and a country of its own."""
    if len(parties) < MIN_LISTED_PARTIES:
        raise ValueError(
            f"lists {len(parties)} State{'s' if len(parties) != 1 else ''}; parties as a list is "
            f"for a regional or multilateral instrument of {MIN_LISTED_PARTIES} or more States. "
            "Two Parties are written as a mapping: parties: {origin: {country: ...}, "
            "destination: {country: ...}}")
    seen: dict[str, int] = {}
    countries: dict[str, int] = {}
    for i, party in enumerate(parties):
        if party.id is None:
            party.id = party_key(party.short or party.country) or f"party-{i + 1}"
        if party.id in seen:
            raise ValueError(f"parties[{seen[party.id]}] and parties[{i}] both have the id "
                             f"'{party.id}'; give one of them an id of its own (id: ...), which "
                             "per-Party values in clauses: name")
        seen[party.id] = i
        country = " ".join(party.country.split()).casefold()
        if country in countries:
            raise ValueError(f"parties[{countries[country]}] and parties[{i}] are both "
                             f"'{party.country}'; each State is a Party once")
        countries[country] = i
    return parties


PARTY_FORMS = ("mapping[origin,destination]", "list[State]")  # tags: dropped from field paths


def _parties_form(value: Any) -> str | None:
    if isinstance(value, (dict, Parties)):
        return PARTY_FORMS[0]
    if isinstance(value, list):
        return PARTY_FORMS[1]
    return None


PartyList = Annotated[list[ListedParty], Field(max_length=MAX_LISTED_PARTIES),
                      AfterValidator(check_party_list)]
PartiesField = Annotated[
    Union[Annotated[Parties, Tag(PARTY_FORMS[0])], Annotated[PartyList, Tag(PARTY_FORMS[1])]],
    Discriminator(_parties_form, custom_error_type="parties_form",
                  custom_error_message="parties is either a mapping with origin: and "
                  "destination: (an agreement between two Parties) or a list of three or more "
                  "States (- country: ..., a regional or multilateral instrument)")]


WORKER_CATEGORIES = ("seasonal", "temporary", "long-term")


class Scope(_Strict):
    sectors: list[Slug] = Field(default_factory=list, max_length=40)
    # who the workers are, apart from where they work: a seasonal annex follows `seasonal`
    categories: Annotated[list[Literal[WORKER_CATEGORIES]], AfterValidator(unique)] = Field(
        default_factory=list, max_length=len(WORKER_CATEGORIES))
    # each a text, or one text per language ({en: registered nurse, fr: infirmier diplômé})
    occupations: list[Str | Annotated[dict[Lang, Str], Field(min_length=1, max_length=20)]] = \
        Field(default_factory=list, max_length=200)
    annual_quota: int | None = Field(default=None, ge=0, le=10_000_000)
    duration_years: int | None = Field(default=None, ge=1, le=99)
    skill_levels: list[Str] = Field(default_factory=list, max_length=20)
    regions: list[Str] = Field(default_factory=list, max_length=100)


class DraftInfo(_Strict):
    version: Str = "0.1"
    date: Date
    status: Str | Annotated[dict[Lang, Str], Field(min_length=1, max_length=20)] = \
        "Draft for negotiation"  # one text, or one per language
    # one text, or one per language (Russian writes it in the case "Done at ..." needs)
    place_of_signature: Str | Annotated[dict[Lang, Str], Field(min_length=1, max_length=20)] \
        | None = None
    # the authentic text that prevails in case of divergence (one of `languages`), if any
    prevailing: Lang | None = None


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


class OwnArticle(_Strict):
    """An article of the Parties' own wording, numbered in place among the library's.

    `text` is data, never a template: paragraphs separated by blank lines, list items
    starting with "- ", and `{ref:ID}` printing the number of article or annex ID."""

    id: Slug
    title: LangText
    text: LangLongText
    after: SlotName | None = None
    before: SlotName | None = None


class Params(_Strict):
    document: Slug
    languages: Annotated[list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]],
                         AfterValidator(unique)] = Field(
        default_factory=lambda: ["en"], min_length=1, max_length=6)
    parties: PartiesField
    scope: Scope = Field(default_factory=Scope)
    clauses: dict[str, Any] = Field(default_factory=dict)
    draft: DraftInfo
    contract: ContractDetails = Field(default_factory=ContractDetails)
    # the Parties' own wording (issue 13): title, recitals and articles not from the library
    title: LangText | None = None
    recitals: list[LangText] = Field(default_factory=list, max_length=50)
    articles: list[OwnArticle] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _prevailing_is_signed(self) -> "Params":
        if self.draft.prevailing is not None and self.draft.prevailing not in self.languages:
            raise ValueError(f"draft.prevailing is '{self.draft.prevailing}', which is not one "
                             f"of the languages the file lists ({', '.join(self.languages)}); "
                             "the prevailing text is one of the authentic texts")
        return self

    def own_fields(self) -> dict[str, Any]:
        """The own-wording keys the file gives, as JSON data (none: an empty mapping, so a
        file without them hashes as it did before they existed)."""
        data = self.model_dump(mode="json", include={"title", "recitals", "articles"})
        return {k: v for k, v in data.items() if v}

    @property
    def multilateral(self) -> bool:
        """Whether `parties:` is a list of States (a regional or multilateral instrument)."""
        return isinstance(self.parties, list)

    def party_list(self, lang: str = "en", of: Callable[[str], str] | None = None
                   ) -> list[dict[str, Any]]:
        """Every Party as clause texts in `lang` see it (`parties`), each with its `id`: the
        States of the list, or the two Parties of a pair as ids origin and destination."""
        if self.multilateral:
            return [{**p.as_text(lang, of), "id": p.id} for p in self.parties]
        return [{**getattr(self.parties, key).as_text(lang, of), "id": key} for key in PARTY_KEYS]

    def party_ids(self) -> list[str]:
        return [p["id"] for p in self.party_list()]

    def common_context(self, lang: str = "en", of: Callable[[str], str] | None = None
                       ) -> dict[str, Any]:
        """The common values clause texts in `lang` may name, as plain data."""
        data = self.model_dump(mode="python")
        data["draft"]["place_of_signature"] = in_language(self.draft.place_of_signature, lang)
        data["scope"]["occupations"] = [in_language(o, lang) for o in self.scope.occupations]
        common = {"scope": data["scope"], "draft": data["draft"], "contract": data["contract"],
                  "languages": list(self.languages), "document": self.document,
                  "parties": self.party_list(lang, of)}
        if self.multilateral:  # no State is the origin or the destination of all the others
            return common
        return {"origin": self.parties.origin.as_text(lang, of),
                "destination": self.parties.destination.as_text(lang, of), **common}


KNOWN_FIELDS = model_fields_map(Params)
# `parties` is a mapping of two Parties or a list of States: the keys each form allows
KNOWN_FIELDS.update(model_fields_map(Parties, ("parties",)))
KNOWN_FIELDS.update(model_fields_map(ListedParty, ("parties", "*")))


POSITION_KEYS = ("option", "fallback", "walk_away", "acceptable")


def load_params(path: str | Path) -> tuple[Params, Loaded]:
    """Read a parameter file and check its common sections."""
    loaded = load_file(path, what="parameter file")
    params, problems = check_params(loaded)
    if params is None:
        raise UserError(str(problems[0]), problems=problems)
    return params, loaded


def check_params(loaded: Loaded) -> tuple[Params | None, list[Problem]]:
    """The common sections checked: (Params, []) or (None, every problem found)."""
    if not isinstance(loaded.data, dict):
        raise UserError(f"a parameter file is a YAML mapping (document:, parties:, ...), "
                        f"not {kind_of(loaded.data)}.", file=loaded.file, line=1)
    try:
        return Params.model_validate(loaded.data), []
    except ValidationError as exc:
        return None, problems_from(exc, loaded, known_fields=KNOWN_FIELDS)


def raw_party_ids(data: dict) -> list[str] | None:
    """The Parties' ids of a file whose common sections failed, where they can be told."""
    parties = data.get("parties")
    if isinstance(parties, dict) and set(parties) == set(PARTY_KEYS):
        return list(PARTY_KEYS)
    if not isinstance(parties, list) or not all(isinstance(p, dict) for p in parties):
        return None
    ids = []
    for i, p in enumerate(parties):
        name = p.get("id") or p.get("short") or p.get("country")
        if not isinstance(name, str):
            return None
        ids.append(name if p.get("id") else (party_key(name) or f"party-{i + 1}"))
    return ids


def raw_sections(data: dict) -> dict[str, Any]:
    """What can still be checked in a file whose common sections failed: the document id,
    the sectors and languages that are texts (with their index) and the clauses mapping."""
    scope = data.get("scope")
    sectors = scope.get("sectors") if isinstance(scope, dict) else None
    languages = data.get("languages", ["en"])
    clauses = data.get("clauses")
    return {
        "document": data.get("document") if isinstance(data.get("document"), str) else None,
        "sectors": [(i, v) for i, v in enumerate(sectors) if isinstance(v, str)]
        if isinstance(sectors, list) else [],
        "languages": [(i, v) for i, v in enumerate(languages) if isinstance(v, str)]
        if isinstance(languages, list) else [],
        "clauses": clauses if isinstance(clauses, dict) else {},
    }
