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

from ..conventions import in_language, join_list
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


class Signer(_Strict):
    """One of several signatories of a Party (`signatories:`); the title may be given per
    language."""

    name: Str
    title: "LangText"


class Authority(_Strict):
    """One of a Party's authorities (`authorities:`) with what it does under the instrument
    ("competent authority", "implementing agency for recruitment")."""

    name: "LangText"
    role: "LangText"


THIRD_PARTY_ROLES = ("agency", "union", "employers-body", "government-agent",
                     "recruitment-agency", "other")


class ThirdParty(_Strict):
    """A named body that is not a Party (`parties.others:`): an agency, a union, an employers'
    body, the origin government's agent. Clause texts name it with other('ID or role'); with
    `signs: true` it signs after the Parties."""

    id: "Slug"
    role: Literal[THIRD_PARTY_ROLES]
    name: "LangText"
    short: "LangText | None" = None
    side: Literal["origin", "destination"] | None = None
    country: "Str | None" = None
    representative: Signer | None = None
    signs: bool = False

    def as_text(self, lang: str) -> dict[str, Any]:
        name = in_language(self.name, lang)
        rep = self.representative
        return {"id": self.id, "role": self.role, "name": name,
                "short": in_language(self.short, lang) if self.short else name,
                "side": self.side, "country": self.country, "signs": self.signs,
                "representative": {"name": rep.name, "title": in_language(rep.title, lang)}
                if rep else None}


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
    # several authorities, each with its role (the first is `authority` unless that is given)
    authorities: list[Authority] = Field(default_factory=list, max_length=20)
    # several signatories (the first is `signatory`): give one or the other
    signatories: list[Signer] = Field(default_factory=list, max_length=6)

    @model_validator(mode="after")
    def _one_way_to_sign(self) -> "Party":
        if self.signatory is not None and self.signatories:
            raise ValueError("gives both signatory: and signatories:; list every signatory "
                             "under signatories: (the first signs first)")
        return self

    def as_text(self, lang: str = "en", of: Callable[[str], str] | None = None
                ) -> dict[str, Any]:
        """The party as clause texts in `lang` see it; `the_country` reads naturally after
        "of" in English, `of_country` is the whole "of" form in other languages (`of` makes
        it from a name: the language's preposition and contractions)."""
        data = self.model_dump(mode="python", exclude={"names", "authorities", "signatories"})
        data["short"] = self.short or self.country
        data["authorities"] = [{"name": in_language(a.name, lang), "role": in_language(a.role, lang)}
                               for a in self.authorities]
        data["signatories"] = [{"name": s.name, "title": in_language(s.title, lang)}
                               for s in self.signatories]
        if self.authorities and not self.authority:
            data["authority"] = data["authorities"][0]["name"]
        data["authority_roles"] = _authority_roles(data["authorities"], lang) or data["authority"]
        if self.signatories:
            data["signatory"] = data["signatories"][0]
        elif self.signatory:
            data["signatories"] = [dict(data["signatory"])]
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
            if len(self.authorities) < 2:
                data["authority_roles"] = names.authority
        if names.signatory_title and data.get("signatory") and not self.signatories:
            data["signatory"] = {**data["signatory"], "title": names.signatory_title}
            data["signatories"] = [data["signatory"]]
        return data


def _authority_roles(authorities: list[dict[str, str]], lang: str) -> str | None:
    """Several authorities as one phrase, each with its role: "Department of Migrant Workers
    (recruitment) and the Overseas Workers Welfare Administration (welfare)"; English texts
    put "the" before the first. None for fewer than two."""
    if len(authorities) < 2:
        return None
    items = [f"{a['name']} ({a['role']})" for a in authorities]
    if lang == "en":
        items = [items[0], *(f"the {i}" for i in items[1:])]
    return join_list(items, lang=lang)


class Parties(_Strict):
    origin: Party
    destination: Party
    others: list[ThirdParty] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _others_unique(self) -> "Parties":
        seen: set[str] = set()
        for i, other in enumerate(self.others):
            if other.id in seen or other.id in PARTY_KEYS:
                raise ValueError(f"others[{i}] has the id '{other.id}', which "
                                 + ("another third party has" if other.id in seen
                                    else "names a Party") + "; give it an id of its own")
            seen.add(other.id)
        return self


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


WORKER_CATEGORIES = ("seasonal", "temporary", "long-term", "permanent", "trainee")
Category = Literal[WORKER_CATEGORIES]


class CategoryTerms(_Strict):
    """A worker category with the terms a programme sets for it: how long a stay may last
    and the ages of those it admits (`scope.categories: [{category: seasonal, max_months: 9,
    min_age: 21, max_age: 45}]`)."""

    category: Category
    max_months: int | None = Field(default=None, ge=1, le=600)
    min_age: int | None = Field(default=None, ge=15, le=99)
    max_age: int | None = Field(default=None, ge=15, le=99)

    @model_validator(mode="after")
    def _ages_in_order(self) -> "CategoryTerms":
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError(f"min_age {self.min_age} is above max_age {self.max_age}")
        return self


class Quota(_Strict):
    """How many workers, for one sector or all (`scope.quotas:`): `per_year` a yearly figure,
    `range: [min, max]` a yearly range, `once` a cap for the whole life of the instrument."""

    sector: Slug | None = None
    per_year: int | None = Field(default=None, ge=0, le=10_000_000)
    range: tuple[int, int] | None = None
    once: int | None = Field(default=None, ge=0, le=10_000_000)

    @model_validator(mode="after")
    def _one_figure(self) -> "Quota":
        given = [k for k in ("per_year", "range", "once") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a quota gives one figure: per_year: N (each year), range: [MIN, "
                             "MAX] (each year) or once: N (for the life of the instrument)"
                             + (f"; this one gives {' and '.join(given)}" if given else ""))
        if self.range is not None and not 0 <= self.range[0] <= self.range[1]:
            raise ValueError(f"range {list(self.range)} is [MIN, MAX] with 0 <= MIN <= MAX")
        return self


def _categories_unique(items: list) -> list:
    ids = [i if isinstance(i, str) else i.category for i in items]
    dup = next((c for c in ids if ids.count(c) > 1), None)
    if dup:
        raise ValueError(f"category '{dup}' is listed twice; list each category once")
    return items


class Scope(_Strict):
    sectors: list[Slug] = Field(default_factory=list, max_length=40)
    # who the workers are, apart from where they work: a seasonal annex follows `seasonal`;
    # each a category, or a category with its terms (max_months, min_age, max_age)
    categories: Annotated[list[Category | CategoryTerms], AfterValidator(_categories_unique)] = \
        Field(default_factory=list, max_length=len(WORKER_CATEGORIES))
    # each a text, or one text per language ({en: registered nurse, fr: infirmier diplômé})
    occupations: list[Str | Annotated[dict[Lang, Str], Field(min_length=1, max_length=20)]] = \
        Field(default_factory=list, max_length=200)
    annual_quota: int | None = Field(default=None, ge=0, le=10_000_000)
    duration_years: int | None = Field(default=None, ge=1, le=99)
    skill_levels: list[Str] = Field(default_factory=list, max_length=20)
    regions: list[Str] = Field(default_factory=list, max_length=100)
    # persons the instrument does not cover (each a text, or one per language)
    excluded: list[Str | Annotated[dict[Lang, Str], Field(min_length=1, max_length=20)]] = \
        Field(default_factory=list, max_length=50)
    # figures per sector, per year, as a yearly range or a one-off cap
    quotas: list[Quota] = Field(default_factory=list, max_length=60)

    def category_ids(self) -> list[str]:
        return [c if isinstance(c, str) else c.category for c in self.categories]

    def as_text(self, lang: str) -> dict[str, Any]:
        """The scope as texts see it: `categories` the ids (so 'seasonal' in scope.categories
        holds), `category_terms` each with its terms (when the file gives terms for any),
        texts in `lang`."""
        data = self.model_dump(mode="python")
        data["categories"] = self.category_ids()
        # every category with its terms, once the file gives terms for one (none: [], and
        # the categories article is not drafted)
        data["category_terms"] = [
            {"category": c, "max_months": None, "min_age": None, "max_age": None}
            if isinstance(c, str) else c.model_dump() for c in self.categories
        ] if any(not isinstance(c, str) for c in self.categories) else []
        data["occupations"] = [in_language(o, lang) for o in self.occupations]
        data["excluded"] = [in_language(o, lang) for o in self.excluded]
        return data


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
    # whether the instrument binds, for a document that may (an agreement between agencies)
    binding: bool | None = Field(default=None, description=(
        "Whether the instrument binds, for a document of either form (agency-agreement); "
        "other documents refuse it."))
    # a ministry's own library folder laid over the shipped one (relative to this file)
    library: Str | None = Field(default=None, description=(
        "A ministry's own library folder (with its layer.yaml), relative to this file, laid "
        "over the shipped library."))

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

    def others_as_text(self, lang: str = "en") -> list[dict[str, Any]]:
        """The third parties (`parties.others:`) as clause texts in `lang` see them."""
        others = [] if self.multilateral else self.parties.others
        return [o.as_text(lang) for o in others]

    def party_ids(self) -> list[str]:
        return [p["id"] for p in self.party_list()]

    def common_context(self, lang: str = "en", of: Callable[[str], str] | None = None
                       ) -> dict[str, Any]:
        """The common values clause texts in `lang` may name, as plain data."""
        data = self.model_dump(mode="python")
        data["draft"]["place_of_signature"] = in_language(self.draft.place_of_signature, lang)
        common = {"scope": self.scope.as_text(lang), "draft": data["draft"],
                  "contract": data["contract"], "languages": list(self.languages), "document": self.document,
                  "parties": self.party_list(lang, of), "others": self.others_as_text(lang)}
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
