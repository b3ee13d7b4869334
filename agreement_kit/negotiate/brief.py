"""The delegation brief: an options paper for negotiators, one entry per clause of the document.

For each clause, in document order: our proposal (option and the parameter values its text
prints), the fallback ladder, the walk-away option, the values we may accept, the commentary
and every option of the slot with its protection level, sources and the opening of its text.
Given the other side's parameter file, each clause also shows their proposal and a verdict:
the same as ours, within the range our positions allow, or outside it. Renderers are in
:mod:`agreement_kit.render.brief`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from ..assemble.assembler import assemble
from ..assemble.negotiation import Choice, Negotiation
from ..assemble.placements import placements, used_parameters
from ..library.blueprints import Blueprints
from ..library.clauses import Library, Option, Slot
from ..library.preview import preview
from ..library.templating import or_list, printable
from ..model.brief import Brief, BriefItem, BriefOption, Comparison, Position

SAME = "same"
WITHIN = "within our acceptable range"
OUTSIDE = "outside our range"
ABSENT = "not in their draft"
OPENING_CHARS = 300


def build_brief(ours: Negotiation, library: Library, blueprints: Blueprints,
                theirs: Negotiation | None = None, lang: str | None = None) -> Brief:
    """The options paper for our document, compared with `theirs` when given."""
    lang = lang or ours.params.languages[0]
    draft = assemble(ours, library, blueprints, lang)
    ours_places = placements(draft, blueprints, library)
    their_slots = _drafted_slots(theirs, library, blueprints, lang) if theirs else {}
    items = []
    for place in ours_places:
        slot = library.slots[place.slot]
        item = _item(place.where, place.title, ours.choice(slot), library, lang)
        if theirs is not None:
            their_choice = theirs.choice(slot) if slot.key in their_slots else None
            item.against = compare(ours.choice(slot), their_choice, lang)
            if their_choice:
                item.option(their_choice.option.id).roles.append("their proposal")
        items.append(item)
    p = ours.params
    ours_keys = {pl.slot for pl in ours_places}
    return Brief(draft.document, draft.title, draft.date, p.draft.status, p.draft.version, lang,
                 p.parties.origin.country, p.parties.destination.country, Path(ours.file).name,
                 items, Path(theirs.file).name if theirs else None,
                 [title for key, title in their_slots.items() if key not in ours_keys])


def _drafted_slots(negotiation: Negotiation, library: Library, blueprints: Blueprints,
                   lang: str) -> dict[str, str]:
    """Slot key -> title of every clause the negotiation's draft prints."""
    draft = assemble(negotiation, library, blueprints, lang)
    return {p.slot: p.title for p in placements(draft, blueprints, library)}


def _item(where: list[str], title: str, choice: Choice, library: Library, lang: str) -> BriefItem:
    slot = choice.slot
    roles = {choice.option.id: ["our proposal"]}
    for i, fb in enumerate(choice.fallback, 1):
        roles.setdefault(fb, []).append(f"fallback {i}")
    if choice.walk_away:
        roles.setdefault(choice.walk_away, []).append("walk-away")
    return BriefItem(
        ", ".join(where), slot.key, title, slot.purpose.get(lang, ""), position(choice, lang),
        choice.given, list(choice.fallback), choice.walk_away,
        {k: describe_range(v) for k, v in choice.acceptable.items()},
        choice.option.commentary.get(lang, ""),
        [_option(library, slot, o, lang, roles.get(o.id, [])) for o in slot.options])


def _option(library: Library, slot: Slot, opt: Option, lang: str, roles: list[str]) -> BriefOption:
    opening = textwrap.shorten(preview(library, slot, opt, lang), OPENING_CHARS, placeholder=" ...")
    return BriefOption(opt.id, opt.label.get(lang, opt.id), opt.protection,
                       [library.cite(s) for s in opt.sources], opt.commentary.get(lang, ""),
                       opening, list(roles))


def position(choice: Choice, lang: str) -> Position:
    opt = choice.option
    return Position(opt.id, opt.label.get(lang, opt.id), opt.protection,
                    {k: printable(v) for k, v in used_parameters(choice, lang).items()})


# --- comparing with the other side -----------------------------------------------------------

def compare(ours: Choice, theirs: Choice | None, lang: str = "en") -> Comparison:
    """Their choice against our proposal, fallback ladder, walk-away and acceptable values."""
    if theirs is None:
        return Comparison(None, ABSENT, ["their draft does not contain this clause"])
    their_params = used_parameters(theirs, lang)
    differing = {k: v for k, v in their_params.items() if ours.params.get(k) != v}
    if theirs.option.id == ours.option.id and not differing:
        return Comparison(position(theirs, lang), SAME)
    option_ok, notes = _option_verdict(ours, theirs.option)
    params_ok = True
    for name, value in differing.items():
        ok, note = _value_verdict(name, value, ours.params.get(name), ours.acceptable.get(name))
        params_ok &= ok
        notes.append(note)
    verdict = WITHIN if option_ok and params_ok else OUTSIDE
    return Comparison(position(theirs, lang), verdict, notes)


def _option_verdict(ours: Choice, theirs: Option) -> tuple[bool, list[str]]:
    if theirs.id == ours.option.id:
        return True, []
    if theirs.id in ours.fallback:
        return True, [f"their option is our fallback {ours.fallback.index(theirs.id) + 1} "
                      f"({theirs.id})"]
    walk = ours.slot.option(ours.walk_away) if ours.walk_away else None
    if walk and theirs.rank >= walk.rank:
        return True, [f"their option {theirs.id} ({theirs.protection}) is not weaker than our "
                      f"walk-away {walk.id} ({walk.protection})"]
    if walk:
        return False, [f"their option {theirs.id} ({theirs.protection}) is weaker than our "
                       f"walk-away {walk.id} ({walk.protection})"]
    return False, [f"their option {theirs.id} is neither our proposal nor one of our fallbacks, "
                   "and we set no walk-away"]


def _value_verdict(name: str, value: Any, ours: Any, rng: Any) -> tuple[bool, str]:
    shown = f"{name} {printable(value)} (ours: {printable(ours)})"
    if rng is None:
        return False, f"{shown}: we set no acceptable values"
    if within(value, rng):
        return True, f"{shown} is within what we accept ({describe_range(rng)})"
    return False, f"{shown} is outside what we accept ({describe_range(rng)})"


def within(value: Any, rng: Any) -> bool:
    """Whether `value` is in an acceptable list, or in a {min, max} range (bounds included)."""
    if isinstance(rng, list):
        if isinstance(value, list) and not any(isinstance(r, list) for r in rng):
            return all(v in rng for v in value)
        return value in rng
    try:
        return (rng.get("min") is None or value >= rng["min"]) and \
            (rng.get("max") is None or value <= rng["max"])
    except TypeError:  # e.g. text against a numeric range
        return False


def describe_range(rng: Any) -> str:
    """'2, 3 or 4' for a list; 'from 14 to 45', 'at least 14' or 'at most 45' for a range."""
    if isinstance(rng, list):
        return or_list(rng)
    low, high = rng.get("min"), rng.get("max")
    if low is not None and high is not None:
        return f"from {printable(low)} to {printable(high)}"
    if low is not None:
        return f"at least {printable(low)}"
    return f"at most {printable(high)}" if high is not None else "any value"


__all__ = ["build_brief", "compare", "within", "describe_range", "Brief", "BriefItem",
           "BriefOption", "Position", "Comparison", "SAME", "WITHIN", "OUTSIDE", "ABSENT"]
