"""JSON Schema of parameter files: the common sections plus every slot's parameters.

Editors that understand JSON Schema (VS Code with the YAML extension, for instance) then
validate and complete parameter files as they are typed.
"""

from __future__ import annotations

from typing import Any

from .blueprints import load_blueprints
from .clauses import ParamSpec, Slot, load_library
from ..inputs.params import Params

_TYPES = {"integer": {"type": "integer"}, "number": {"type": "number"},
          "string": {"type": "string"}, "boolean": {"type": "boolean"},
          "date": {"type": "string", "format": "date"}}


def param_schema(spec: ParamSpec) -> dict[str, Any]:
    if spec.type == "enum":
        out: dict[str, Any] = {"enum": list(spec.values or [])}
    elif spec.type == "list":
        items = spec.items or {}
        out = {"type": "array", "uniqueItems": True,
               "items": {"enum": items["values"]} if items.get("values") else {"type": "string"}}
    else:
        out = dict(_TYPES[spec.type])
    if spec.min is not None:
        out["minimum"] = spec.min
    if spec.max is not None:
        out["maximum"] = spec.max
    if spec.pattern:
        out["pattern"] = spec.pattern
    if spec.default is not None:
        out["default"] = spec.default if spec.type != "date" else str(spec.default)
    if spec.description:
        out["description"] = spec.description.get("en", next(iter(spec.description.values())))
    return out


def slot_schema(slot: Slot) -> dict[str, Any]:
    option_enum = {"enum": slot.option_ids}
    props: dict[str, Any] = {"option": option_enum,
                             "fallback": {"type": "array", "items": option_enum,
                                          "description": "Fallback positions, strongest first."},
                             "walk_away": {**option_enum, "description": "The weakest acceptable option."},
                             "acceptable": {"type": "object", "description":
                                            "Acceptable values of parameters: a list or {min, max}."}}
    props.update({name: param_schema(spec) for name, spec in slot.parameters.items()})
    return {"description": f"{slot.title.get('en', slot.id)} (default: {slot.default_option.id})",
            "anyOf": [option_enum, {"type": "object", "properties": props,
                                    "additionalProperties": False}]}


def parameter_schema(library_dir=None, document: str | None = None,
                     blueprint_dir=None) -> dict[str, Any]:
    lib = load_library(library_dir)
    bps = load_blueprints(blueprint_dir)
    docs = [bps.get(document)] if document else list(bps.items.values())
    schema = Params.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "agreement-kit negotiation parameters"
    props = schema["properties"]
    props["document"] = {"enum": sorted(bps.items), "description": "The model document to draft."}
    if lib.info.sectors:
        schema["$defs"]["Scope"]["properties"]["sectors"]["items"] = {"enum": sorted(lib.info.sectors)}
    clause_props: dict[str, Any] = {}
    for bp in docs:
        for key, slot in bps.slots_of(bp, lib).items():
            clause_props.setdefault(slot.id, slot_schema(slot))
            clause_props.setdefault(key, slot_schema(slot))
    props["clauses"] = {"type": "object", "properties": dict(sorted(clause_props.items())),
                        "additionalProperties": False,
                        "description": "Each slot takes an option id, or a mapping with option: "
                                       "and the slot's parameters."}
    return schema
