"""A commented starter parameter file for one document (`agreement-kit init`).

The common sections come with placeholders that validate (``"[Country of origin]"``...); under
``clauses:`` every slot of the document is set to its default option, with its other options
(id, protection level, label), its parameters (type, bounds, default, description) and its
condition in comments. Slots of a document annexed to this one (a model contract annexed to an
agreement) are listed too, commented out. The file validates and drafts as written.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Any

import yaml

from .blueprints import Blueprint, Blueprints
from .clauses import Library, ParamSpec, Slot

WIDTH = 96


def _value(v: Any) -> str:
    """A value as YAML writes it in flow style: 2, true, [a, b], "text"."""
    if isinstance(v, date):
        return v.isoformat()
    text = yaml.safe_dump(v, default_flow_style=True, allow_unicode=True, width=10_000).strip()
    return text[:-4].strip() if text.endswith("\n...") else text


def _comment(text: str, indent: str, first: str = "", rest: str | None = None) -> list[str]:
    flat = " ".join(str(text).split())
    rest = first if rest is None else rest
    return textwrap.wrap(flat, WIDTH, break_on_hyphens=False, initial_indent=f"{indent}# {first}",
                         subsequent_indent=f"{indent}# {rest}") or [f"{indent}# {first}".rstrip()]


def _param_line(name: str, spec: ParamSpec) -> str:
    kind = spec.type
    if spec.min is not None or spec.max is not None:
        lo = "" if spec.min is None else _value(int(spec.min) if float(spec.min).is_integer() else spec.min)
        hi = "" if spec.max is None else _value(int(spec.max) if float(spec.max).is_integer() else spec.max)
        kind += f" {lo}..{hi}"
    if spec.values:
        kind += ": " + " | ".join(spec.values)
    if spec.items and spec.items.get("values"):
        kind += " of " + " | ".join(spec.items["values"])
    default = "" if spec.default is None else f", default {_value(spec.default)}"
    if spec.per_party:  # a multilateral instrument's value that may differ by Party
        default += "; per Party: one value for all, or {party id: value}"
    about = spec.description.get("en") or next(iter(spec.description.values()), "")
    return f"{name} ({kind}{default})" + (f": {about}" if about else "")


MULTILATERAL_PARTIES = [
    "# Several States: a list of three or more, each a State of origin and of employment. `id`",
    "# names a Party in per-Party values under clauses: ({party id: value}).",
    "parties:",
    *[line for n, state in ((1, "A"), (2, "B"), (3, "C")) for line in (
        f'  - country: "[State {state}]"          # full name, e.g. Republic of Ghana',
        f'    short: "[{state}]"                   # as the text names it, e.g. Ghana',
        f"    id: state-{state.lower()}                  # lower-case letters, digits, hyphens",
        f'    authority: "[Competent authority of State {state}]"',
        '    # signatory: {name: "[name]", title: "[title]"}')],
    "  # - ... one entry for each further State",
]


def slot_entry(slot: Slot, name: str, indent: str = "  ", active: bool = True,
               condition: str | None = None, optional: bool = False) -> list[str]:
    """One slot's lines under `clauses:`: comments, then `name: default-option`; a slot the
    blueprint drafts only on `condition` is left commented out (choosing a clause the draft
    would not hold is an error), with the condition to meet, and so is an optional slot (it
    is drafted only when chosen)."""
    out = _comment(f"{slot.title.get('en', slot.id)} ({slot.key})", indent)
    for opt in slot.options:
        mark = " (default)" if opt.id == slot.default_option.id else ""
        out += _comment(f"[{opt.protection}] {opt.id}{mark}: {opt.label.get('en', '')}",
                        indent, "  ", "      ")
    if slot.parameters:
        out += _comment(f"parameters, written {name}: {{option: ..., NAME: VALUE}}:", indent, "  ")
        for pname, spec in slot.parameters.items():
            out += _comment(_param_line(pname, spec), indent, "    ", "        ")
    when = " and ".join(f"({c})" for c in (condition, slot.when) if c)
    if when:
        out += _comment(f"drafted only when: {when}; uncomment the line below once it holds",
                        indent, "  ")
    if optional:
        out += _comment("optional: drafted only when chosen here; uncomment the line below to "
                        "include it", indent, "  ")
    line = f"{name}: {slot.default_option.id}"
    out.append(f"{indent}{line}" if active and not when and not optional
               else f"{indent}# {line}")
    return out


def optional_slots(bp: Blueprint, library: Library) -> set[str]:
    """The keys of the slots the blueprint lists as optional (drafted only when chosen)."""
    return {library.find(ref.slot, bp.family).key
            for part in bp.parts for ref in part.slots if ref.optional}


def conditions(bp: Blueprint, library: Library) -> dict[str, str]:
    """Slot key -> the blueprint's condition for drafting it (its part's, its own, its annex's)."""
    found: dict[str, str] = {}
    for part in bp.parts:
        for ref in part.slots:
            when = " and ".join(f"({c})" for c in (part.when, ref.when) if c)
            if when:
                lookup = "common/definitions" if ref.slot == "definitions" else ref.slot
                found[library.find(lookup, bp.family).key] = when
    for annex in bp.annexes:
        if annex.slot and annex.when:
            found[library.find(annex.slot, bp.family).key] = annex.when
    return found


def _doc_groups(bp: Blueprint, library: Library) -> list[tuple[str, list[str]]]:
    """(heading, slot names as the blueprint writes them) in document order."""
    groups = []
    if bp.preamble:
        groups.append(("Preamble", [bp.preamble]))
    for i, part in enumerate(bp.parts, 1):
        title = (part.title or {}).get("en") or f"Part {i}"
        if part.when:
            title += f" (drafted only when: {part.when})"
        groups.append((title, [ref.slot for ref in part.slots]))
    annexed = [(a.title.get("en", a.id) + (f" (only when: {a.when})" if a.when else ""), [a.slot])
               for a in bp.annexes if a.slot]
    if annexed:
        groups.append(("Annexes", [name for _, names in annexed for name in names]))
    return groups


def starter(document: str, library: Library, blueprints: Blueprints,
            today: date | None = None) -> str:
    """The text of a starter parameter file for `document`."""
    bp = blueprints.get(document)
    names = blueprints.clause_names(bp, library)
    name_of: dict[str, str] = {}
    for name, slot in names.items():  # a bare id where it works, else family/id
        name_of.setdefault(slot.key, name)
    own = {}
    for heading, refs in _doc_groups(bp, library):
        for ref in refs:
            lookup = "common/definitions" if ref == "definitions" else ref
            own.setdefault(library.find(lookup, bp.family).key, heading)
    title = bp.subject.get("en") or bp.id
    day = (today or date.today()).isoformat()
    langs = ", ".join(library.languages)
    sectors = ", ".join(sorted(library.info.sectors)) or "any"
    lines = [
        *_comment(f"{title}: a starter parameter file (agreement-kit init {bp.id}).", ""),
        "# Replace every [placeholder] and choose the clauses below; anything left out takes the",
        "# library default. Then:",
        "#   agreement-kit validate THIS-FILE",
        "#   agreement-kit draft THIS-FILE -o out",
        "# For checking as you type in VS Code: agreement-kit schema > params.schema.json, then",
        "# add the line: # yaml-language-server: $schema=params.schema.json",
        f"document: {bp.id}",
        f"languages: [en]                # one or more of: {langs}",
        "",
        *(MULTILATERAL_PARTIES if bp.multilateral else [
        "parties:",
        "  origin:",
        '    country: "[Country of origin]"          # full name, e.g. Republic of the Philippines',
        '    short: "[Origin]"                       # as the text names it after, e.g. the Philippines',
        '    authority: "[Authority of the country of origin]"',
        '    # signatory: {name: "[name]", title: "[title]"}',
        "  destination:",
        '    country: "[Country of destination]"     # e.g. Federal Republic of Germany',
        '    short: "[Destination]"                  # e.g. Germany',
        '    authority: "[Authority of the country of destination]"',
        '    # signatory: {name: "[name]", title: "[title]"}']),
        "",
        "scope:",
        *_comment("sectors: any of " + sectors, "  "),
        "  sectors: []",
        "  occupations: []                # e.g. [registered nurse, care assistant]",
        "  # annual_quota: 1000",
        "  # duration_years: 2",
        "",
        "draft:",
        '  version: "0.1"',
        f"  date: {day}               # written YYYY-MM-DD",
        "  status: Draft for negotiation",
        '  place_of_signature: "[Place of signature]"',
    ]
    if bp.kind == "contract":
        lines += [
            "",
            "# The individual contract's details; what is left out prints as a blank to fill in.",
            "contract:",
            '  employer: {name: "[Employer]", address: "[Address]"}',
            '  worker: {name: "[Worker]", nationality: "[Nationality]"}',
            '  job_title: "[Job title]"',
            "  # workplace: ...",
            "  # start_date: 2027-01-15",
            "  # duration_months: 24",
        ]
    lines += ["", "# Each clause: an option id, or {option: ..., PARAMETER: VALUE} to set parameters.",
              "# A negotiating position may add fallback: [...], walk_away: ... and acceptable: {...}.",
              "clauses:"]
    heading = None
    when = conditions(bp, library)
    optional = optional_slots(bp, library)
    for key, slot in blueprints.slots_of(bp, library).items():
        if key not in own:
            continue
        if own[key] != heading:
            heading = own[key]
            lines += ["", *_comment(f"--- {heading} ---", "  ")]
        lines += [""] + slot_entry(slot, name_of[key], condition=when.get(key),
                                   optional=key in optional)
    extra = [(key, slot) for key, slot in blueprints.slots_of(bp, library).items()
             if key not in own]
    if extra:
        lines += ["", *_comment("--- Clauses of the model documents this one can annex (a model "
                                "contract, chosen by its parameters and the sectors). Uncomment "
                                "a line to choose for them. ---", "  ")]
        for key, slot in extra:
            lines += _comment(f"{name_of[key]}: {slot.default_option.id}", "  ")
            lines += _comment(f"{slot.title.get('en', slot.id)}; options: "
                              + ", ".join(f"{o.id} [{o.protection}]" for o in slot.options),
                              "  ", "    ", "      ")
    return "\n".join(lines) + "\n"


__all__ = ["starter", "slot_entry"]
