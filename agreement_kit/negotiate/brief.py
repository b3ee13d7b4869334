"""The delegation brief: an options paper for negotiators, one entry per clause of the document.

For each clause, in document order: our proposal (option and the parameter values its text
prints), the fallback ladder, the walk-away option, the values we may accept, the commentary
and every option of the slot with its protection level, sources and the opening of its text.
Given the other side's parameter file, each clause also shows their proposal and a verdict:
the same as ours, within the range our positions allow, or outside it. Renderers are in
:mod:`agreement_kit.render.brief`.
"""

from __future__ import annotations

import difflib
import textwrap
from pathlib import Path
from typing import Any

from ..assemble.assembler import assemble
from ..assemble.negotiation import Choice, Negotiation
from ..assemble.placements import placements, shown_parameters, shown_value, slot_texts, used_parameters
from ..library.blueprints import Blueprints
from ..library.clauses import Library, Option, Slot
from ..library.preview import preview
from ..library.templating import or_list, printable
from ..model.protection import NOT_FROM_LIBRARY
from ..model.brief import Brief, BriefItem, BriefOption, Comparison, Position

SAME = "same"
OTHER_VALUES = "same option, other values in the text"
WITHIN = "within our acceptable range"
OUTSIDE = "outside our range"
ABSENT = "not in their draft"
OPENING_CHARS = 160  # the first words of an option's text: enough to tell options apart


def build_brief(ours: Negotiation, library: Library, blueprints: Blueprints,
                theirs: Negotiation | None = None, lang: str | None = None,
                full: bool = False) -> Brief:
    """The options paper for our document, compared with `theirs` when given; `full` gives
    every clause its options table, not only the clauses at stake."""
    lang = lang or ours.params.languages[0]
    draft = assemble(ours, library, blueprints, lang)
    ours_places = placements(draft, blueprints, library)
    their_draft = assemble(theirs, library, blueprints, lang) if theirs else None
    their_slots = ({p.slot: p.title for p in placements(their_draft, blueprints, library)}
                   if their_draft else {})
    our_texts = slot_texts(draft)
    their_texts = slot_texts(their_draft) if their_draft else {}
    items = []
    parties = ours.params.party_list()
    for place in ours_places:
        if place.slot not in library.slots:  # an article of the Parties' own
            items.append(_own_item(place, our_texts, their_texts if their_draft else None))
            continue
        slot = library.slots[place.slot]
        item = _item(place.where, place.title, ours.choice(slot), library, lang, parties)
        if theirs is not None:
            their_choice = theirs.choice(slot) if slot.key in their_slots else None
            item.against = compare(ours.choice(slot), their_choice, lang, parties)
            if their_choice:
                item.option(their_choice.option.id).roles.append("their proposal")
                _text_differences(item.against, our_texts.get(slot.key, ""),
                                  their_texts.get(slot.key, ""))
        items.append(item)
    p = ours.params
    ours_keys = {pl.slot for pl in ours_places}
    countries = [party["country"] for party in parties]  # several States: "A, B, C" and "D"
    return Brief(draft.document, draft.title, draft.date, draft.status, p.draft.version, lang,
                 ", ".join(countries[:-1]), countries[-1], Path(ours.file).name,
                 items, Path(theirs.file).name if theirs else None,
                 [title for key, title in their_slots.items() if key not in ours_keys],
                 _legend(items, library), full)


def _legend(items: list[BriefItem], library: Library) -> list[tuple[str, str]]:
    """Every instrument the brief cites, by its short id, with its full title."""
    ids = sorted({cite.split(",")[0] for item in items for opt in item.options
                  for cite in opt.sources})
    return [(i, library.sources[i].title) for i in ids if i in library.sources]


def _text_differences(against: Comparison, ours: str, theirs: str) -> None:
    """Where the same option and parameters still print differently (values the parameter
    file sets elsewhere, such as the quota or the length of stay): a difference, with both."""
    if ours == theirs or against.verdict != SAME:
        return  # where the option or a parameter differs, the notes say so already
    against.verdict = OTHER_VALUES
    against.notes += [f"the text differs: {c}" for c in word_changes(ours, theirs)]


def word_changes(ours: str, theirs: str, context: int = 3, limit: int = 6) -> list[str]:
    """The changed words between two texts, each with a few words around it:
    '... of up to [2,000 -> 1,500] workers a year ...'."""
    a, b = ours.split(), theirs.split()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before = " ".join(a[max(0, i1 - context):i1])
        after = " ".join(a[i2:i2 + context])
        old, new = " ".join(a[i1:i2]) or "\u2014", " ".join(b[j1:j2]) or "\u2014"
        changes.append(f"\u2026 {before} [ours: {old} \u2192 theirs: {new}] {after} \u2026")
    return changes[:limit] + ([f"and {len(changes) - limit} more"] if len(changes) > limit else [])


def _own_item(place, ours: dict[str, str], theirs: dict[str, str] | None) -> BriefItem:
    """An article of the Parties' own wording: no options, no protection level; against the
    other side's draft, the same text, another text, or absent."""
    own = Position("own", NOT_FROM_LIBRARY, NOT_FROM_LIBRARY)
    item = BriefItem(", ".join(place.where), place.slot, place.title, "", own, True, [], None,
                     {}, "", [])
    if theirs is not None:
        if place.slot not in theirs:
            item.against = Comparison(None, ABSENT)
        else:
            item.against = Comparison(Position("own", NOT_FROM_LIBRARY, NOT_FROM_LIBRARY), SAME)
            _text_differences(item.against, ours.get(place.slot, ""), theirs[place.slot])
    return item


def _item(where: list[str], title: str, choice: Choice, library: Library, lang: str,
          parties: list | None = None) -> BriefItem:
    slot = choice.slot
    roles = {choice.option.id: ["our proposal"]}
    for i, fb in enumerate(choice.fallback, 1):
        roles.setdefault(fb, []).append(f"fallback {i}")
    if choice.walk_away:
        roles.setdefault(choice.walk_away, []).append("walk-away")
    return BriefItem(
        ", ".join(where), slot.key, title, slot.purpose.get(lang, ""),
        position(choice, lang, parties),
        choice.given, list(choice.fallback), choice.walk_away,
        {k: describe_range(v) for k, v in choice.acceptable.items()},
        choice.option.commentary.get(lang, ""),
        [_option(library, slot, o, lang, roles.get(o.id, [])) for o in slot.options])


def _option(library: Library, slot: Slot, opt: Option, lang: str, roles: list[str]) -> BriefOption:
    opening = textwrap.shorten(preview(library, slot, opt, lang), OPENING_CHARS, placeholder=" ...")
    return BriefOption(opt.id, opt.shown_label(lang), opt.protection,
                       [library.cite(s) for s in opt.sources], opt.commentary.get(lang, ""),
                       opening, list(roles))


def position(choice: Choice, lang: str, parties: list | None = None) -> Position:
    opt = choice.option
    return Position(opt.id, opt.shown_label(lang), opt.protection,
                    shown_parameters(choice, lang, parties))


# --- comparing with the other side -----------------------------------------------------------

def compare(ours: Choice, theirs: Choice | None, lang: str = "en",
            parties: list | None = None) -> Comparison:
    """Their choice against our proposal, fallback ladder, walk-away and acceptable values;
    a per-Party value differs where any Party's does (`parties` name them)."""
    if theirs is None:
        return Comparison(None, ABSENT, ["their draft does not contain this clause"])
    their_params = used_parameters(theirs, lang)
    differing = {k: v for k, v in their_params.items() if ours.params.get(k) != v}
    if theirs.option.id == ours.option.id and not differing:
        return Comparison(position(theirs, lang, parties), SAME)
    option_ok, notes = _option_verdict(ours, theirs.option)
    params_ok = True
    for name, value in differing.items():
        ok, note = _value_verdict(name, value, ours.params.get(name), ours.acceptable.get(name),
                                  parties)
        params_ok &= ok
        notes.append(note)
    verdict = WITHIN if option_ok and params_ok else OUTSIDE
    return Comparison(position(theirs, lang, parties), verdict, notes)


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


def _value_verdict(name: str, value: Any, ours: Any, rng: Any,
                   parties: list | None = None) -> tuple[bool, str]:
    shown = f"{name} {shown_value(value, parties)} (ours: {shown_value(ours, parties)})"
    if rng is None:
        return False, f"{shown}: we set no acceptable values"
    if within(value, rng):
        return True, f"{shown} is within what we accept ({describe_range(rng)})"
    return False, f"{shown} is outside what we accept ({describe_range(rng)})"


def within(value: Any, rng: Any) -> bool:
    """Whether `value` is in an acceptable list, or in a {min, max} range (bounds included);
    a per-Party value when every Party's value is."""
    if isinstance(value, dict):
        return all(within(v, rng) for v in value.values())
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
