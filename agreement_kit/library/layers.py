"""A ministry's own library laid over the shipped one (``--library DIR`` with ``layer.yaml``).

A layer folder holds what a ministry adds without copying the shipped library: slots of its
own (in family folders, as the library writes them), options it adds to shipped slots (a slot
file with only ``id`` and ``options``), sources (``sources.yaml``, ``sources/*.yaml``) and
their translations (``translations/``). ``layer.yaml`` names the layer and places its slots in
shipped documents::

    name: Ministry of Labour of Nepal
    version: "2026.1"
    place:
      - {slot: bla/welfare-officer, documents: [bilateral-labour-agreement], after: labour-inspection}

Every option and slot of the layer is marked with the layer's name, which the options paper,
brief and review show beside it; the joined library is checked as one by ``lint``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ProblemList, did_you_mean
from ..inputs.problems import problems_from
from ..inputs.yamlio import Loaded


class Placement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slot: str  # family/id of one of the layer's slots
    documents: list[str] = Field(min_length=1)
    after: str | None = None
    before: str | None = None

    @model_validator(mode="after")
    def _one_place(self) -> "Placement":
        if (self.after is None) == (self.before is None):
            raise ValueError("a placement gives after: SLOT or before: SLOT (one of them)")
        return self


class LayerInfo(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    version: str = ""
    place: list[Placement] = Field(default_factory=list)


def layer_info(doc: Loaded, problems: ProblemList) -> LayerInfo | None:
    """The layer's description (its name, version and placements), or None with problems."""
    try:
        return LayerInfo.model_validate(doc.data)
    except ValidationError as exc:
        problems.problems.extend(problems_from(exc, doc))
        return None


def join(base, root: Path, layer: LayerInfo | None, slots: dict, sources: dict,
         additions: dict, loaded: dict, digest: str, language_info: dict,
         problems: ProblemList):
    """`base` with the layer's slots, added options and sources; every problem at once."""
    from .clauses import LAYER_FILE, Option

    if layer is None:  # layer.yaml unreadable or invalid: the reader recorded why
        problems.raise_if_any(f"the library layer in {root} has {len(problems)} problem(s)")
    name = layer.name
    merged = dict(base.slots)
    for key, slot in slots.items():
        if key in base.slots:
            problems.add(f"slot '{key}' is a slot of the shipped library; a layer adds options "
                         "to it with a file of only id: and options:, or names a slot of its "
                         "own with another id.", file=slot.file,
                         line=loaded[slot.file].line(("id",)) if slot.file in loaded else None)
            continue
        merged[key] = slot.model_copy(update={
            "options": [o.model_copy(update={"layer": name}) for o in slot.options]})
    for key, (options, doc) in additions.items():
        shipped = base.slots[key]
        if not isinstance(options, list) or not options:
            problems.add(f"'{key}' adds options to a shipped slot: give options: as a list of "
                         "options (id, label, protection, sources, commentary, text).",
                         file=doc.file, line=doc.line(("options",)))
            continue
        added = []
        for i, body in enumerate(options):
            try:
                opt = Option.model_validate(body)
            except ValidationError as exc:
                problems.problems.extend(problems_from(exc, doc, prefix=("options", i)))
                continue
            if opt.id in shipped.option_ids:
                problems.add(f"option '{opt.id}' of {key} is the shipped library's; give yours "
                             "an id of its own (the shipped text stays as it is).",
                             file=doc.file, line=doc.line(("options", i, "id")))
                continue
            added.append(opt.model_copy(update={"layer": name}))
        merged[key] = shipped.model_copy(update={"options": [*shipped.options, *added]})
    joined_sources = dict(base.sources)
    for src_id, src in sources.items():
        prev = joined_sources.get(src_id)
        if prev is not None and prev.title != src.title:
            problems.add(f"source '{src_id}' is the shipped library's '{prev.title}'; register "
                         "your instrument under an id of its own.")
            continue
        joined_sources[src_id] = src if prev is None else prev.model_copy(
            update={"articles": {**prev.articles, **src.articles}})
    for i, place in enumerate(layer.place):
        if place.slot not in slots and place.slot not in {s.id for s in slots.values()}:
            known = sorted(slots)
            problems.add(f"place[{i}] names slot '{place.slot}', which is not one of this "
                         f"layer's slots.{did_you_mean(place.slot, known)}",
                         file=str(root / LAYER_FILE))
    problems.raise_if_any(f"the library layer in {root} has {len(problems)} problem(s)")
    placements = []
    for place in layer.place:
        key = place.slot if place.slot in slots else next(
            k for k, s in slots.items() if s.id == place.slot)
        side, target = ("after", place.after) if place.after else ("before", place.before)
        placements.append((key, tuple(place.documents), side, target))
    return replace(
        base, slots=merged, sources=joined_sources, loaded={**base.loaded, **loaded},
        digest=f"{base.digest}+{digest}", placements=[*base.placements, *placements],
        layers=[*base.layers, name],
        language_info={**base.language_info, **{k: v for k, v in language_info.items()
                                                  if k not in base.language_info}},
        translation_roots=[*base.translation_roots, root / "translations"])


def place_slots(blueprints, library):
    """The blueprints with a layer's slots placed where its ``layer.yaml`` says (a copy; the
    shipped blueprints as they are when no layer places anything)."""
    if not library.placements:
        return blueprints
    from ..errors import UserError
    from .blueprints import SlotRef

    items = dict(blueprints.items)
    for key, documents, side, target in library.placements:
        for doc_id in documents:
            bp = items.get(doc_id)
            if bp is None:
                raise UserError(f"the library layer places {key} in document '{doc_id}', which "
                                f"does not exist.{did_you_mean(doc_id, items)}")
            parts, found = [], False
            for part in bp.parts:
                refs = []
                for ref in part.slots:
                    hit = ref.slot == target or ref.slot.endswith("/" + target) or \
                        f"{bp.family}/{ref.slot}" == target
                    if hit and side == "before":
                        refs.append(SlotRef(slot=key))
                    refs.append(ref)
                    if hit and side == "after":
                        refs.append(SlotRef(slot=key))
                    found = found or hit
                parts.append(part.model_copy(update={"slots": refs}))
            if not found:
                names = [r.slot for p in bp.parts for r in p.slots]
                raise UserError(f"the library layer places {key} {side} '{target}', which "
                                f"document '{doc_id}' does not list.{did_you_mean(target, names)}")
            items[doc_id] = bp.model_copy(update={"parts": parts})
    return replace(blueprints, items=items)
