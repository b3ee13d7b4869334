"""JSON Schema of parameter files: the common sections plus every slot's parameters.

Editors that understand JSON Schema (VS Code with the YAML extension, for instance) then
validate and complete parameter files as they are typed.
"""

from __future__ import annotations

from typing import Any

from .blueprints import load_blueprints
from .clauses import MAX_LIST_ITEMS, MAX_MAGNITUDE, ParamSpec, Slot, load_library
from ..inputs.params import MIN_LISTED_PARTIES, Params

_TYPES = {"integer": {"type": "integer"}, "number": {"type": "number"},
          "string": {"type": "string"}, "boolean": {"type": "boolean"},
          "date": {"type": "string", "format": "date"}}


def param_schema(spec: ParamSpec) -> dict[str, Any]:
    """What `check_param_value` accepts for `spec`, as JSON Schema; a per-Party parameter also
    takes a mapping of Party ids to such values."""
    one = _one_value_schema(spec)
    if not spec.per_party:
        return one
    each = {k: v for k, v in one.items() if k not in ("default", "description")}
    out: dict[str, Any] = {"anyOf": [each, {
        "type": "object", "propertyNames": {"pattern": PARTY_ID_PATTERN},
        "additionalProperties": each,
        "description": "One value for each Party named by its id (the others take the default)."}]}
    for key in ("default", "description"):
        if key in one:
            out[key] = one[key]
    return out


PARTY_ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"


def _one_value_schema(spec: ParamSpec) -> dict[str, Any]:
    if spec.type == "enum":
        out: dict[str, Any] = {"enum": list(spec.values or [])}
    elif spec.type == "list":
        items = spec.items or {}
        out = {"type": "array", "uniqueItems": True, "maxItems": MAX_LIST_ITEMS,
               "items": {"enum": items["values"]} if items.get("values")
               else {"type": ["string", "number", "boolean"]}}
    elif spec.type == "date" and spec.default == "":  # an optional date: "" prints a blank
        out = {"anyOf": [dict(_TYPES["date"]), {"const": ""}]}
    else:
        out = dict(_TYPES[spec.type])
    if spec.type in {"integer", "number"}:
        out["minimum" if spec.min is not None else "exclusiveMinimum"] = (
            spec.min if spec.min is not None else -MAX_MAGNITUDE)
        out["maximum" if spec.max is not None else "exclusiveMaximum"] = (
            spec.max if spec.max is not None else MAX_MAGNITUDE)
    if spec.type == "string":
        out["maxLength"] = spec.max_length
        if spec.pattern:
            out["pattern"] = f"^(?:{spec.pattern})$"  # the library matches the whole text
        # or one text per language ({en: ..., zh: ...})
        text = {k: out.pop(k) for k in ("type", "maxLength", "pattern") if k in out}
        out["anyOf"] = [text, {"type": "object", "minProperties": 1,
                               "propertyNames": {"pattern": "^[a-z]{2,3}$"},
                               "additionalProperties": text}]
    if spec.default is not None:
        out["default"] = spec.default if spec.type != "date" else str(spec.default)
    if spec.description:
        out["description"] = spec.description.get("en", next(iter(spec.description.values())))
    return out


def slot_schema(slot: Slot) -> dict[str, Any]:
    """A slot's entry in ``clauses:``: an option id, or option + parameters + a position."""
    option_enum = {"enum": slot.option_ids}
    ranges = {name: {"anyOf": [{"type": "array"},
                                {"type": "object", "properties": {"min": {}, "max": {}},
                                 "additionalProperties": False}]}
              for name in slot.parameters}
    props: dict[str, Any] = {
        "option": option_enum,
        "fallback": {"description": "Fallback positions, strongest first.",
                     "anyOf": [option_enum, {"type": "array", "items": option_enum}]},
        "walk_away": {"enum": [*slot.option_ids, None],
                      "description": "The weakest acceptable option."},
        "acceptable": {"type": ["object", "null"], "properties": ranges,
                       "additionalProperties": False,
                       "description": "Acceptable values of parameters: a list or {min, max}."}}
    props.update({name: param_schema(spec) for name, spec in slot.parameters.items()})
    return {"description": f"{slot.title.get('en', slot.id)} (default: {slot.default_option.id})",
            "anyOf": [option_enum, {"type": "object", "properties": props,
                                    "additionalProperties": False}]}


def _parties_form(bp) -> dict[str, Any]:
    """The form of `parties:` document `bp` takes: a list of States or a mapping of two."""
    if bp.multilateral:
        return {"type": "array", "minItems": MIN_LISTED_PARTIES}
    return {"type": "object"}


def _def_name(slot: Slot) -> str:
    return f"slot.{slot.family}.{slot.id}"


OMIT_SCHEMA = {"const": "omit", "description": "Leave this slot out of the document."}


def clauses_schema(names: dict[str, Slot], slot_ref=slot_schema,
                   required: set[str] = frozenset()) -> dict[str, Any]:
    """``clauses:`` of one document: exactly the names `validate` accepts for it; `omit`
    for every slot whose key is not in `required`."""
    twice = [{"not": {"required": [name, slot.key]}}
             for name, slot in names.items() if name != slot.key]

    def entry(slot: Slot) -> dict[str, Any]:
        ref = slot_ref(slot)
        if slot.key in required:
            return ref
        if "anyOf" in ref:  # a slot's own schema: omit is one more alternative
            return {**ref, "anyOf": [*ref["anyOf"], OMIT_SCHEMA]}
        return {"anyOf": [ref, OMIT_SCHEMA]}

    out: dict[str, Any] = {
        "type": "object", "properties": {name: entry(slot) for name, slot in names.items()},
        "additionalProperties": False,
        "description": "Each slot takes an option id, or a mapping with option: and the slot's "
                       "parameters."}
    if twice:
        out["allOf"] = twice  # a slot given by its id and by family/id is given twice
    return out


def parameter_schema(library_dir=None, document: str | None = None,
                     blueprint_dir=None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of parameter files.

    With `document`, ``clauses:`` lists that document's slots; without, one conditional
    subschema per document (``if document is X then clauses are X's``), so a file is checked
    against the slots of the document it names, whichever that is.
    """
    lib = load_library(library_dir)
    bps = load_blueprints(blueprint_dir)
    schema = Params.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "agreement-kit negotiation parameters"
    props = schema["properties"]
    props["document"] = {"enum": sorted(bps.items), "description": "The model document to draft."}
    if lib.info.sectors:
        schema["$defs"]["Scope"]["properties"]["sectors"]["items"] = {"enum": sorted(lib.info.sectors)}
    props["languages"]["items"] = {"enum": list(lib.languages)}
    for form in props["parties"].get("oneOf", []):  # a list of States: three or more
        if form.get("type") == "array":
            form["minItems"] = MIN_LISTED_PARTIES
    props["parties"]["description"] = (
        "origin: and destination: (two Parties), or a list of three or more States (a regional "
        "or multilateral instrument), as the document requires.")
    if document:
        bp = bps.get(document)
        props["clauses"] = clauses_schema(bps.clause_names(bp, lib),
                                          required=set(bps.required_of(bp, lib)))
        props["parties"] = {**props["parties"], **_parties_form(bp)}
        return schema
    props["clauses"] = {"type": "object", "description": "Each slot takes an option id, or a "
                        "mapping with option: and the slot's parameters; which slots depends on "
                        "the document."}
    defs = schema["$defs"]
    cases = []
    for doc_id in sorted(bps.items):
        names = bps.clause_names(bps.items[doc_id], lib)
        for slot in names.values():
            defs.setdefault(_def_name(slot), slot_schema(slot))
        clauses = clauses_schema(names, lambda slot: {"$ref": f"#/$defs/{_def_name(slot)}"},
                                 set(bps.required_of(bps.items[doc_id], lib)))
        cases.append({"if": {"properties": {"document": {"const": doc_id}},
                             "required": ["document"]},
                      "then": {"properties": {"clauses": clauses,
                                              "parties": _parties_form(bps.items[doc_id])}}})
    schema["allOf"] = cases
    return schema
