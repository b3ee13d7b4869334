"""Position files: a common minimum position, read, checked and measured against.

A position file (YAML) names a minimum option for some clause slots and bounds for some
numeric parameters::

    position: Common minimum position of the origin countries, 2026
    clauses:
      recruitment-costs: employer-pays            # no option weaker than this one
      joint-committee:
        option: standing-committee
        meetings_per_year: {min: 2}               # and at least two meetings a year

An agreement's option is *below the position* when its protection rank is lower than the
named minimum option's rank; a parameter is when its value lies outside the bounds. The file
is checked against the clause library with every problem reported at once, with file, line
and field, like a parameter file.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..assemble.negotiation import Negotiation
from ..errors import ProblemList, UserError, allowed_list, did_you_mean, shown
from ..inputs.yamlio import kind_of, load_file
from ..library.clauses import Library, Slot
from ..model.position import Bound, ClauseFloor, Position, Shortfall
from ..model.review import ReviewRow

TOP_KEYS = ("position", "description", "clauses")
BOUND_KEYS = ("min", "max")
NUMERIC = {"integer", "number"}


def load_position(path: str | Path, library: Library) -> Position:
    """Read and check a position file; all its problems at once (a UserError)."""
    loaded = load_file(path, what="position file")
    file = loaded.file
    problems = ProblemList()
    data = loaded.data

    def add(message: str, where: tuple, field: str | None = None) -> None:
        problems.add(message, file=file, line=loaded.line(where), field=field)

    if not isinstance(data, dict):
        add(f"a position file is a YAML mapping with `position:` and `clauses:`, not "
            f"{kind_of(data)}.", ())
        problems.raise_if_any()
    if "document" in data and "clauses" in data and "position" not in data:
        add("this looks like a parameter file (it has `document:`); a position file has "
            "`position:` (its name) and `clauses:` (slot: minimum option). See "
            "examples/positions/.", ("document",), "document")
        problems.raise_if_any(f"{file}: problem(s) in the position")
    for key in data:
        if key not in TOP_KEYS:
            add(f"unknown key '{key}'; allowed: {', '.join(TOP_KEYS)}."
                + did_you_mean(key, TOP_KEYS), (key,), str(key))
    name = data.get("position", Path(file).stem)
    if not isinstance(name, str) or not name.strip():
        add(f"the position's name must be a text (given: {shown(name)}).", ("position",),
            "position")
        name = Path(file).stem
    clauses = data.get("clauses")
    floors: dict[str, ClauseFloor] = {}
    if not isinstance(clauses, dict) or not clauses:
        add("`clauses:` must map clause slots to their minimum option or parameter bounds, "
            "e.g. `recruitment-costs: employer-pays`"
            + ("" if clauses is None else f" (given: {kind_of(clauses)})") + ".",
            ("clauses",), "clauses")
        clauses = {}
    for slot_name, entry in clauses.items():
        where = ("clauses", slot_name)
        fname = f"clauses.{slot_name}"
        try:
            slot = library.find(str(slot_name))
        except UserError as exc:  # no such slot: its message, at this line
            add(exc.problems[0].message, where, fname)
            continue
        if slot.key in floors:
            add(f"slot '{slot.key}' is named twice; name it once.", where, fname)
            continue
        floor = ClauseFloor(slot.key, slot.title.get("en", slot.id))
        bare = isinstance(entry, str)
        if bare:
            entry = {"option": entry}
        elif not isinstance(entry, dict):
            add(f"give the minimum option's id, or a mapping of `option:` and parameter "
                f"bounds (given: {kind_of(entry)}).", where, fname)
            continue
        if not entry:
            add("name a minimum `option:` or at least one parameter bound.", where, fname)
            continue
        for key, value in entry.items():
            here = where + (key,)
            if key == "option":
                _check_option(slot, value, floor, lambda m: add(
                    m, where if bare else here, fname if bare else f"{fname}.option"))
            elif key in slot.parameters:
                bound = _check_bound(slot, str(key), value,
                                     lambda m, k=key: add(m, here, f"{fname}.{k}"))
                if bound is not None:
                    floor.bounds[str(key)] = bound
            else:
                names = ["option", *slot.parameters]
                add(f"'{key}' is neither `option` nor a parameter of slot '{slot.id}'; "
                    f"allowed: {allowed_list(names)}." + did_you_mean(key, names),
                    here, f"{fname}.{key}")
        floors[slot.key] = floor
    problems.raise_if_any(f"{file}: {len(problems)} problem(s) in the position")
    return Position(name.strip(), file, floors)


def _check_option(slot: Slot, value: Any, floor: ClauseFloor, add) -> None:
    if not isinstance(value, str) or value not in slot.option_ids:
        add(f"'{value}' is not an option of slot '{slot.id}'; its options, weakest first: "
            f"{', '.join(o.id for o in sorted(slot.options, key=lambda o: o.rank))}."
            + did_you_mean(value, slot.option_ids))
        return
    opt = slot.option(value)
    floor.option, floor.option_label, floor.rank = opt.id, opt.label.get("en", opt.id), opt.rank


def _check_bound(slot: Slot, name: str, value: Any, add) -> Bound | None:
    spec = slot.parameters[name]
    if spec.type not in NUMERIC:
        add(f"parameter '{name}' is {spec.type}, not a number; a position bounds numbers only "
            "(`{min: .., max: ..}`).")
        return None
    if not isinstance(value, dict) or not value or any(k not in BOUND_KEYS for k in value):
        add(f"bounds are written `{{min: N, max: N}}` (either may be left out); given: "
            f"{shown(value)}.")
        return None
    ends: dict[str, float] = {}
    for key, number in value.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)) \
                or not math.isfinite(number):
            add(f"{key} must be a number (given: {shown(number)}).")
            return None
        ends[key] = number
    if "min" in ends and "max" in ends and ends["min"] > ends["max"]:
        add(f"min {ends['min']} is above max {ends['max']}.")
        return None
    return Bound(ends.get("min"), ends.get("max"))


def shortfalls(position: Position, rows: list[ReviewRow], negotiation: Negotiation,
               library: Library) -> list[Shortfall]:
    """Every clause of a reviewed draft below the position: options ranked lower than the
    minimum, parameters outside their bounds. Slots the document lacks are not measured."""
    found = []
    for row in rows:
        floor = position.clauses.get(row.slot)
        if floor is None:
            continue
        choice = negotiation.choice(library.slots[row.slot])
        if floor.rank is not None and choice.option.rank < floor.rank:
            found.append(Shortfall(
                row.where, row.slot, row.title, row.option, row.label,
                f"option '{row.label}' ({row.protection}) is weaker than the position's minimum "
                f"'{floor.option_label}' ({library.slots[row.slot].option(floor.option).protection})"))
        for name, bound in floor.bounds.items():
            why = bound.outside(choice.params.get(name))
            if why:
                found.append(Shortfall(row.where, row.slot, row.title, row.option, row.label,
                                       f"{name.replace('_', ' ')} {why}"))
    return found


__all__ = ["load_position", "shortfalls"]
