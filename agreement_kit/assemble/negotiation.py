"""A Negotiation: validated parameters with every clause slot of the document resolved.

:func:`resolve` checks a parameter file's ``clauses:`` against the slots its document uses
(option ids, parameters, positions), reports every problem at once and fills in every default.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import Problem, ProblemList, UserError, allowed_list, did_you_mean
from ..inputs.params import OMIT, POSITION_KEYS, Params, check_text
from ..inputs.problems import dotted
from ..inputs.yamlio import Loaded
from ..library.blueprints import Blueprint, Blueprints, pick_slot
from ..library.clauses import Library, Option, Slot, check_param_value


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
    set_params: set[str] = field(default_factory=set)  # parameters the file gives itself


@dataclass
class Negotiation:
    """Validated parameters with every slot of the document resolved."""

    params: Params
    source: Loaded
    choices: dict[str, Choice]  # slot key (family/id) -> choice
    warnings: list[Problem] = field(default_factory=list)
    # slot key -> (the name `clauses:` gives it, its line): slots the file leaves out
    omitted: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    @property
    def file(self) -> str:
        return self.source.file

    def choice(self, slot: Slot) -> Choice:
        if slot.key not in self.choices:
            self.choices[slot.key] = Choice(slot, slot.default_option, defaults(slot))
            by_party({slot.key: self.choices[slot.key]}, self.params.party_ids())
        return self.choices[slot.key]

    def given(self, key: str) -> bool:
        """Whether the parameter file names the slot in `clauses:` (with an option)."""
        choice = self.choices.get(key)
        return choice is not None and choice.given

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
        data = self.params.model_dump(mode="json", exclude={"title", "recitals", "articles"})
        data.update(self.params.own_fields())
        drop_unset(data)
        if self.omitted:
            data["omitted"] = sorted(self.omitted)
        data["clauses"] = {k: {"option": c.option.id, **c.params}
                           for k, c in sorted(self.choices.items())}
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


# keys added after files were first hashed: left out while unset, so a file that does not use
# them keeps its hash (and its drafts their bytes)
LATER_KEYS = {(): ("binding", "library"), ("scope",): ("excluded", "quotas"),
              ("party",): ("names", "authorities", "signatories"), ("parties",): ("others",)}


def drop_unset(data: dict) -> None:
    """Remove from hashed parameters the later keys a file leaves unset (None or empty)."""
    def prune(node: dict, keys: tuple) -> None:
        for key in keys:
            if key in node and node[key] in (None, [], {}):
                del node[key]

    prune(data, LATER_KEYS[()])
    prune(data.get("scope", {}), LATER_KEYS[("scope",)])
    parties = data.get("parties")
    if isinstance(parties, dict):
        prune(parties, LATER_KEYS[("parties",)])
    for party in parties if isinstance(parties, list) else (
            v for k, v in (parties or {}).items() if k in ("origin", "destination")):
        prune(party, LATER_KEYS[("party",)])


def defaults(slot: Slot) -> dict[str, Any]:
    return {name: spec.default for name, spec in slot.parameters.items()}


def by_party(choices: dict[str, Choice], party_ids: list[str]) -> None:
    """Every per-Party parameter as a mapping of each Party's id to its value: one value given
    for all applies to each Party, a Party the mapping leaves out takes the default."""
    for ch in choices.values():
        for name, spec in ch.slot.parameters.items():
            if not spec.per_party:
                continue
            value = ch.params.get(name, spec.default)
            if isinstance(value, dict):
                ch.params[name] = {pid: value.get(pid, spec.default) for pid in party_ids}
            else:
                ch.params[name] = {pid: value for pid in party_ids}


def party_values(value: Any, parties: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """(Party's short name, value) for a per-Party value, in the order of `parties:`; a
    value that is the same for every Party is one pair with an empty name."""
    if not isinstance(value, dict) or not parties or set(value) != {p["id"] for p in parties}:
        return [("", value)]
    values = [value[p["id"]] for p in parties]
    if all(v == values[0] for v in values):
        return [("", values[0])]
    return [(p["short"], value[p["id"]]) for p in parties]


def check_parties_form(params: Params, loaded: Loaded, blueprint: Blueprint,
                       blueprints: Blueprints | None, problems: ProblemList) -> None:
    """A multilateral instrument takes `parties:` as a list of States, any other document
    origin: and destination:; the message names the documents of the other form."""
    if params.multilateral == blueprint.multilateral:
        return
    others = sorted(doc_id for doc_id, bp in (blueprints.items if blueprints else {}).items()
                    if bp.multilateral == params.multilateral)
    words = set(blueprint.id.split("-"))  # the document of the other form on the same matter
    ranked = sorted(others, key=lambda d: (-len(words & set(d.split("-"))), d))
    hint = f" Did you mean '{ranked[0]}'?" if ranked and words & set(ranked[0].split("-")) - {
        "agreement"} else ""
    if blueprint.multilateral:
        message = (f"document '{blueprint.id}' is a regional or multilateral instrument: give "
                   "parties as a list of three or more States (- country: ..., short: ..., "
                   "authority: ...), each a State of origin and of employment, not origin: and "
                   "destination:.")
    else:
        message = (f"document '{blueprint.id}' has two Parties: give parties as origin: and "
                   f"destination:, not a list of {len(params.parties)} States.")
    if others:
        kind = "with parties as a list" if params.multilateral else "between two Parties"
        message += f"{hint} The documents {kind}: {allowed_list(others)}."
    problems.add(message, file=loaded.file, line=loaded.line(("parties",)), field="parties")


def check_binding(params: Params, loaded: Loaded, blueprint: Blueprint,
                  blueprints: Blueprints | None, problems: ProblemList) -> None:
    """`binding:` is for a document that binds or not as its file says."""
    if params.binding is None or blueprint.binding_optional:
        return
    either = sorted(d for d, bp in (blueprints.items if blueprints else {}).items()
                    if bp.binding_optional)
    fixed = "binding" if blueprint.binding else "not binding"
    problems.add(f"document '{blueprint.id}' is always {fixed}; `binding:` is for a document "
                 f"that may be either ({allowed_list(either) if either else 'none here'}). "
                 "Remove it, or choose such a document.",
                 file=loaded.file, line=loaded.line(("binding",)), field="binding")


def resolve(params: Params, loaded: Loaded, library: Library, slots: dict[str, Slot],
            family: str, elsewhere: Callable[[str], list[str]] | None = None,
            layers: dict[str, str] | None = None, *, blueprint: Blueprint | None = None,
            blueprints: Blueprints | None = None) -> Negotiation:
    """Check `clauses:` against the slots a document uses and fill in every default.

    `elsewhere(name)` names the other documents that have a slot `name`, for the message
    when a file names a slot of another document. `layers` says which slots are the
    document's own text ("own") and which belong to an annexed contract ("annex"). A quantity
    (a parameter's `quantity:`) is one value in each layer; an annexed contract inherits the
    agreement's value and may only improve on it.

    With `blueprint` (and `blueprints`), the Parties' own wording is checked too: a slot left
    out (`omit`) must not be one the document requires, and own articles and references must
    name what the document has."""
    problems = ProblemList()
    if blueprint is not None:
        check_parties_form(params, loaded, blueprint, blueprints, problems)
        check_binding(params, loaded, blueprint, blueprints, problems)
    check_scope(list(enumerate(params.scope.sectors)), list(enumerate(params.languages)),
                loaded, library, problems)
    omitted: dict[str, tuple[str, int | None]] = {}
    wrong_form = blueprint is not None and params.multilateral != blueprint.multilateral
    choices, warnings = resolve_clauses(params.clauses, params.document, loaded, slots, family,
                                        problems, elsewhere, omitted,
                                        party_ids=None if wrong_form else params.party_ids())
    if blueprint is not None and blueprints is not None:
        from .own_text import check_own_text
        check_own_text(params, loaded, library, blueprint, blueprints, slots, omitted, problems)
    check_quotas(params, loaded, library, problems)
    if not problems:
        for key, slot in slots.items():
            choices.setdefault(key, Choice(slot, slot.default_option, defaults(slot)))
        by_party(choices, params.party_ids())
        derive_values(params, choices, loaded, problems)
        unify_quantities(choices, layers or {}, library, loaded, problems)
        check_quota_option(params, loaded, choices, problems)
        check_category_stays(params, loaded, choices, omitted, problems)
    problems.raise_if_any(f"{loaded.file}: {len(problems)} problem(s) in the parameters")
    return Negotiation(params, loaded, choices, warnings, omitted)


def unknown_sector(sector: str, library: Library) -> str | None:
    """The message for a sector the library does not know, or None."""
    known = library.info.sectors
    if not known or sector in known:
        return None
    hint = (" Seasonal work is a worker category, not a sector: name the sector (for example "
            "agriculture) and add scope.categories: [seasonal]." if "seasonal" in sector else "")
    return (f"unknown sector '{sector}'.{did_you_mean(sector, known)} "
            f"Allowed: {allowed_list(known)}.{hint}")


def check_scope(sectors: list[tuple[int, str]], languages: list[tuple[int, str]], loaded: Loaded,
                library: Library, problems: ProblemList) -> None:
    """Sectors the library knows and languages it has texts in; (index, value) pairs."""
    file = loaded.file
    for i, sector in sectors:
        message = unknown_sector(sector, library)
        if message:
            problems.add(message, file=file, line=loaded.line(("scope", "sectors", i)),
                         field=f"scope.sectors[{i}]")
    available = library.available or library.languages  # loaded or not
    for i, lang in languages:
        if lang not in available:
            problems.add(f"the clause library has no text in '{lang}'; available: "
                         f"{', '.join(available)}.", file=file,
                         line=loaded.line(("languages", i)), field=f"languages[{i}]")


QUOTAS_SLOT, QUOTAS_OPTION = "numbers-and-quotas", "quotas-as-listed"


def check_quotas(params: Params, loaded: Loaded, library: Library,
                 problems: ProblemList) -> None:
    """Each quota's sector is a sector the library knows and the file's scope covers."""
    covered = params.scope.sectors
    for i, quota in enumerate(params.scope.quotas):
        where = ("scope", "quotas", i, "sector")
        if quota.sector is None:
            continue
        message = unknown_sector(quota.sector, library)
        if message:
            problems.add(message, file=loaded.file, line=loaded.line(where),
                         field=f"scope.quotas[{i}].sector")
        elif covered and quota.sector not in covered:
            problems.add(f"quota for '{quota.sector}', a sector scope.sectors does not list "
                         f"({', '.join(covered)}); add it there or remove the quota.",
                         file=loaded.file, line=loaded.line(where),
                         field=f"scope.quotas[{i}].sector")


STAY_QUANTITY = "max-stay-months"  # the longest stay the instrument allows, in months


def check_category_stays(params: Params, loaded: Loaded, choices: dict[str, Choice],
                         omitted: dict, problems: ProblemList) -> None:
    """A category's longest stay (`max_months`) within the longest stay the instrument allows
    elsewhere (the duration-of-stay article): one document, not two maximum stays."""
    caps = [(ch, name) for key, ch in choices.items() if key not in omitted
            for name, spec in ch.slot.parameters.items() if spec.quantity == STAY_QUANTITY]
    if not caps:
        return
    ch, name = caps[0]
    cap = ch.params.get(name)
    for i, cat in enumerate(params.scope.categories):
        months = getattr(cat, "max_months", None)
        if months is None or not isinstance(cap, int) or months <= cap:
            continue
        problems.add(f"{cat.category} workers may stay up to {months} months here, but "
                     f"{ch.slot.id} allows any stay {cap} months at most ({name}); give "
                     f"max_months of {cap} or less, or raise clauses.{ch.slot.id}.{name} "
                     f"to {months}.", file=loaded.file,
                     line=loaded.line(("scope", "categories", i, "max_months")),
                     field=f"scope.categories[{i}].max_months")


def check_quota_option(params: Params, loaded: Loaded, choices: dict[str, Choice],
                       problems: ProblemList) -> None:
    """scope.quotas are printed by one option of the article on numbers: a file that gives
    them drafts that option (one value in one place, never figures the text ignores)."""
    choice = next((c for c in choices.values() if c.slot.id == QUOTAS_SLOT), None)
    if not params.scope.quotas or choice is None or QUOTAS_OPTION not in choice.slot.option_ids:
        return
    if choice.option.id != QUOTAS_OPTION:
        problems.add(f"scope.quotas gives figures that only option '{QUOTAS_OPTION}' of "
                     f"{QUOTAS_SLOT} prints, but the file drafts '{choice.option.id}'. Write "
                     f"clauses: {{{QUOTAS_SLOT}: {QUOTAS_OPTION}}}, or remove scope.quotas.",
                     file=loaded.file, line=loaded.line(("scope", "quotas")),
                     field="scope.quotas")


def resolve_clauses(clauses: dict[str, Any], document: str, loaded: Loaded,
                    slots: dict[str, Slot], family: str, problems: ProblemList,
                    elsewhere: Callable[[str], list[str]] | None = None,
                    omitted: dict[str, tuple[str, int | None]] | None = None,
                    party_ids: list[str] | None = None
                    ) -> tuple[dict[str, Choice], list[Problem]]:
    """Each entry of `clauses:` checked against the document's slots; problems are added.
    A slot given as `omit` (and having no option of that name) goes into `omitted`.
    `party_ids` name the Parties a per-Party value may be given for."""
    omitted = {} if omitted is None else omitted
    file = loaded.file
    by_id: dict[str, list[Slot]] = {}
    for slot in slots.values():
        by_id.setdefault(slot.id, []).append(slot)
    choices: dict[str, Choice] = {}
    warnings: list[Problem] = []
    for name, value in clauses.items():
        where = ("clauses", name)
        fld = f"clauses.{name}"
        line = loaded.line(where)
        slot = slots.get(name)
        if slot is None:
            candidates = by_id.get(name, [])
            slot = pick_slot(candidates, family)
            if slot is None and candidates:
                problems.add(f"'{name}' is a slot in several parts of this document "
                             f"({', '.join(s.key for s in candidates)}); write it as family/id.",
                             file=file, line=line, field=fld)
                continue
            if slot is None:
                others = elsewhere(name) if elsewhere else []
                if others:
                    problems.add(f"'{name}' is a slot of {_documents(others)}, not of "
                                 f"'{document}'. The slots of '{document}': `agreement-kit "
                                 f"clauses list --document {document}`.",
                                 file=file, line=line, field=fld)
                    continue
                names = sorted(by_id) + sorted(slots)
                problems.add(f"'{name}' is not a clause of document '{document}'."
                             f"{did_you_mean(name, names)} See `agreement-kit clauses list`.",
                             file=file, line=line, field=fld)
                continue
        if slot.key in choices or slot.key in omitted:
            problems.add(f"slot '{slot.key}' is given twice.", file=file, line=line, field=fld)
            continue
        if value == OMIT and OMIT not in slot.option_ids:
            omitted[slot.key] = (name, line)
            continue
        choice = _choice(slot, value, loaded, where, problems, warnings, party_ids,
                         {n for s in slots.values() for n in (s.id, s.key)})
        if choice:
            choices[slot.key] = choice
    return choices, warnings


def _documents(ids: list[str]) -> str:
    quoted = [f"'{i}'" for i in ids]
    if len(quoted) == 1:
        return "document " + quoted[0]
    return "documents " + ", ".join(quoted[:-1]) + " and " + quoted[-1]


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
            warnings: list[Problem], party_ids: list[str] | None = None,
            slot_names: set[str] | None = None) -> Choice | None:
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
    given_params: set[str] = set()
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
        if spec.per_party and isinstance(val, dict):  # one value for each Party named
            if not _per_party_ok(spec, val, party_ids, loaded, sub, problems):
                ok = False
                continue
        else:
            why = check_param_value(spec, val)
            if why:
                problems.add(why[0].lower() + why[1:], file=file, line=loaded.line(sub),
                             field=".".join(map(str, sub)))
                ok = False
                continue
        if (spec.items or {}).get("slots") and slot_names is not None \
                and not _slot_items_ok(val, slot_names, loaded, sub, problems):
            ok = False
            continue
        params[key] = val
        given_params.add(key)
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
                  acceptable=acceptable, set_params=given_params)


def _per_party_ok(spec, value: dict, party_ids: list[str] | None, loaded: Loaded,
                  where: tuple, problems: ProblemList) -> bool:
    """A per-Party value given as {party id: value}: known Parties (when the Parties are
    known), each value valid."""
    ok = True
    for pid, item in value.items():
        sub = where + (pid,)
        fld = ".".join(map(str, sub))
        if party_ids is not None and pid not in party_ids:
            problems.add(f"'{pid}' is not the id of a Party of this document."
                         f"{did_you_mean(pid, party_ids)} The Parties' ids: "
                         f"{', '.join(party_ids)} (a Party's id: in parties:, or its short name "
                         "in lower case with hyphens); or give one value for every Party.",
                         file=loaded.file, line=loaded.line(sub), field=fld)
            ok = False
            continue
        why = check_param_value(spec, item)
        if why:
            problems.add(why[0].lower() + why[1:], file=loaded.file, line=loaded.line(sub),
                         field=fld)
            ok = False
    return ok


def _slot_items_ok(value: Any, slot_names: set[str], loaded: Loaded, where: tuple,
                   problems: ProblemList) -> bool:
    """A list whose items name articles of this document (their numbers print)."""
    ok = True
    for i, item in enumerate(value if isinstance(value, list) else []):
        if item not in slot_names:
            names = sorted(n for n in slot_names if "/" not in n)
            problems.add(f"'{item}' is not a slot of this document.{did_you_mean(item, names)} "
                         f"Allowed: {allowed_list(names)}.", file=loaded.file,
                         line=loaded.line(where + (i,)), field=dotted(where + (i,)))
            ok = False
    return ok


def derive_values(params: Params, choices: dict[str, Choice], loaded: Loaded,
                  problems: ProblemList) -> None:
    """Parameters the file leaves out that follow from another value (`derive:`), so that the
    document states one fact once: e.g. the longest stay follows from scope.duration_years."""
    from ..library.templating import evaluate

    common = params.common_context()
    for key, ch in sorted(choices.items()):
        for name, spec in ch.slot.parameters.items():
            if not spec.derive or name in ch.set_params:
                continue
            where = f"{ch.slot.file}: parameters.{name}.derive"
            try:
                value = evaluate(spec.derive, {**common, **ch.params}, where=where)
            except UserError as exc:
                problems.problems.extend(exc.problems)
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if spec.max is not None and isinstance(value, (int, float)) and value > spec.max:
                value = type(value)(spec.max)
            if value is not None and not check_param_value(spec, value):
                ch.params[name] = value


def _better_or_equal(favourable: str, value: Any, floor: Any) -> bool:
    """Whether `value` is at least as favourable to the worker as `floor`."""
    if favourable == "higher":
        return value >= floor
    if favourable == "lower":
        return value <= floor
    return value == floor


def unify_quantities(choices: dict[str, Choice], layers: dict[str, str], library: Library,
                     loaded: Loaded, problems: ProblemList) -> None:
    """One fact, one value: every parameter declaring one quantity takes the same value in a
    layer of the document, the value the parameter file gives (once) or the library default.
    An annexed contract takes the agreement's value unless it gives a more favourable one;
    a less favourable one is refused with both values."""
    file = loaded.file
    groups: dict[tuple[str, str], list[tuple[Choice, str]]] = {}
    for key, ch in sorted(choices.items()):
        for name, spec in ch.slot.parameters.items():
            if spec.quantity:
                groups.setdefault((layers.get(key, "own"), spec.quantity), []).append((ch, name))

    def place(ch: Choice, name: str) -> tuple[str, int | None]:
        given = loaded.data.get("clauses") if isinstance(loaded.data, dict) else None
        src = ch.slot.key if isinstance(given, dict) and ch.slot.key in given else ch.slot.id
        return f"clauses.{src}.{name}", loaded.line(("clauses", src, name))

    chosen: dict[tuple[str, str], tuple[Any, str]] = {}
    for (layer, qid), members in sorted(groups.items(), key=lambda g: g[0][0] != "own"):
        quantity = library.quantities.get(qid)
        label = quantity.label.get("en", qid) if quantity else qid
        given = [(ch, name) for ch, name in members if name in ch.set_params]
        if given:
            first, first_name = given[0]
            value = first.params[first_name]
            fld, line = place(first, first_name)
            origin_text = f"{fld} (line {line})" if line else fld
            for ch, name in given[1:]:
                if ch.params[name] != value:
                    f2, l2 = place(ch, name)
                    problems.add(f"{ch.params[name]!r} here but {value!r} in {origin_text}: both "
                                 f"state {label}, one fact with one value in a document. Give "
                                 "it once, or the same value in both.", file=file, line=l2,
                                 field=f2)
        else:
            first, first_name = members[0]
            value = first.params[first_name]
            origin_text = f"the library default of {first.slot.id}.{first_name}"
        own = chosen.get(("own", qid)) if layer != "own" else None
        if own is not None:
            if not given:
                value, origin_text = own
            elif quantity and not _better_or_equal(quantity.favourable, value, own[0]):
                fld, line = place(first, first_name)
                if quantity.favourable == "equal":
                    why = (f"the annexed contract gives {value!r} for {label}, but the "
                           f"agreement gives {own[0]!r} ({own[1]}); they must be the same.")
                else:
                    why = (f"the annexed contract gives {value!r} for {label}, less favourable "
                           f"to the worker than the agreement's {own[0]!r} ({own[1]}); the "
                           "agreement sets the floor and the contract may only improve on it.")
                problems.add(why, file=file, line=line, field=fld)
        chosen[(layer, qid)] = (value, origin_text)
        for ch, name in members:
            why = check_param_value(ch.slot.parameters[name], value)
            if why and name not in ch.set_params:
                problems.add(f"{label} is {value!r} ({origin_text}), which {ch.slot.id}.{name} "
                             f"cannot take: {why}.", file=file, line=None,
                             field=f"clauses.{ch.slot.id}.{name}")
            ch.params[name] = value
