"""The JSON Schema of parameter files (`agreement-kit schema`) agrees with `validate`.

A real validator (jsonschema's Draft202012Validator) reads the schema of the shipped library:
every shipped example validates; a slot of another document, an unknown option and a parameter
out of range are refused; and for generated files the schema and `validate` give the same
verdict. YAML dates are compared as the text an editor sees (YYYY-MM-DD).
"""

from __future__ import annotations

import copy
import json
import random
from datetime import date
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from agreement_kit.assemble.pipeline import open_negotiation
from agreement_kit.errors import UserError
from agreement_kit.library.blueprints import load_blueprints
from agreement_kit.library.clauses import load_library
from agreement_kit.library.schema import parameter_schema

from conftest import EXAMPLES, SHARED_EXAMPLES

LIBRARY = load_library()
BLUEPRINTS = load_blueprints()
SCHEMA = parameter_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
SHARED_FILES = sorted(SHARED_EXAMPLES.glob("*.yaml")) if SHARED_EXAMPLES.is_dir() else []


def as_editor_sees(value):
    """YAML data as JSON: dates as their YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: as_editor_sees(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def schema_errors(data) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in VALIDATOR.iter_errors(as_editor_sees(data))]


# What `validate` refuses across clauses, which a JSON Schema of one clause at a time cannot
# express: one quantity given two values, an annexed contract below the agreement's value.
ACROSS_CLAUSES = ("one fact with one value in a document", "the agreement sets the floor",
                  "they must be the same", "cannot take:")


def validate_ok(tmp_path: Path, data, across: list | None = None) -> bool:
    """Whether `validate` accepts `data`; refusals only across clauses go into `across`."""
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    try:
        open_negotiation(path)
    except UserError as exc:
        if across is not None and all(any(m in p.message for m in ACROSS_CLAUSES)
                                      for p in exc.problems):
            across.append(str(exc))
        return False
    return True


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    documents = {case["if"]["properties"]["document"]["const"] for case in SCHEMA["allOf"]}
    assert documents == set(BLUEPRINTS.items)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_validates(path):
    assert schema_errors(load(path)) == []


@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda p: p.stem)
def test_every_shared_example_validates(path):
    assert schema_errors(load(path)) == []


def test_shared_examples_present_or_skipped():
    if not SHARED_FILES:
        pytest.skip("../shared/examples is absent")
    assert len(SHARED_FILES) >= 1


BLA = EXAMPLES / "bla-philippines-germany-care.yaml"
SSA = EXAMPLES / "ssa-philippines-germany.yaml"


def test_slot_of_another_document_is_refused():
    data = load(BLA)
    data["clauses"]["aggregation"] = "all-periods"  # a social security slot
    assert any("aggregation" in e for e in schema_errors(data))
    ssa = load(SSA)
    assert schema_errors(ssa) == []  # the same slot is right in its own document
    ssa["clauses"]["recruitment-costs"] = "employer-pays"
    assert any("recruitment-costs" in e for e in schema_errors(ssa))


def test_bare_id_gets_the_options_of_its_own_document():
    """`preamble` is a slot in bla and social_security: each document gets its own options."""
    ssa = load(SSA)
    ssa["clauses"]["preamble"] = "with-rights-framework"
    assert schema_errors(ssa) == []
    bla = load(BLA)
    bla["clauses"]["preamble"] = "with-rights-framework"
    bla_options = LIBRARY.slots["bla/preamble"].option_ids
    assert "with-rights-framework" not in bla_options
    assert schema_errors(bla)


def test_unknown_option_is_refused():
    data = load(BLA)
    data["clauses"]["recruitment-costs"] = "employer-pay"
    assert any(e.startswith("clauses.recruitment-costs") for e in schema_errors(data))


def test_parameter_out_of_range_and_unknown_parameter_are_refused():
    data = load(BLA)
    data["clauses"]["joint-committee"] = {"option": "standing-committee", "meetings_per_year": 13}
    assert any("clauses.joint-committee" in e for e in schema_errors(data))
    data["clauses"]["joint-committee"] = {"option": "standing-committee", "meetings_per_year": 4}
    assert schema_errors(data) == []
    data["clauses"]["joint-committee"] = {"option": "standing-committee", "meetings_per_yaer": 4}
    assert schema_errors(data)


def test_position_keys_are_described():
    data = load(BLA)
    data["clauses"]["recruitment-channel"] = {
        "option": "public-to-public", "fallback": ["licensed-agencies"],
        "walk_away": "licensed-agencies"}
    data["clauses"]["joint-committee"] = {"option": "tripartite-committee",
                                          "acceptable": {"meetings_per_year": {"min": 1, "max": 4}}}
    assert schema_errors(data) == []
    data["clauses"]["recruitment-channel"]["walk_away"] = "anything"
    assert schema_errors(data)


def test_slot_given_twice_is_refused():
    data = load(BLA)
    data["clauses"]["bla/recruitment-costs"] = "employer-pays"  # also given as recruitment-costs
    assert schema_errors(data)


def test_schema_for_one_document(cli):
    r = cli("schema", "--document", "social-security-agreement")
    assert r.exit_code == 0
    clauses = json.loads(r.output)["properties"]["clauses"]
    assert "aggregation" in clauses["properties"]
    assert "recruitment-costs" not in clauses["properties"]
    assert clauses["additionalProperties"] is False


# --- generated files: the schema and `validate` agree ----------------------------------------

def _value_for(spec, rng: random.Random):
    """A value for a declared parameter: mostly right, sometimes out of range or of the wrong
    type. No hidden characters or quoted dates (the schema cannot see those)."""
    wrong = rng.random() < 0.3
    if spec.type in {"integer", "number"}:
        lo = spec.min if spec.min is not None else 0
        hi = spec.max if spec.max is not None else lo + 100
        if wrong:
            return rng.choice([lo - 1, hi + 1, "many"])
        value = rng.uniform(lo, hi)
        return int(round(value)) if spec.type == "integer" else round(value, 2)
    if spec.type == "enum":
        return "no-such-value" if wrong else rng.choice(spec.values)
    if spec.type == "list":
        allowed = (spec.items or {}).get("values") or ["alpha", "beta", "gamma"]
        items = rng.sample(allowed, rng.randint(0, len(allowed)))
        return items + ["no-such-value"] if wrong and (spec.items or {}).get("values") else items
    if spec.type == "boolean":
        return "yes please" if wrong else rng.choice([True, False])
    if spec.type == "date":
        return 20261127 if wrong else date(2027, 1, 15)
    if spec.type == "string":
        if wrong:
            return 12 if rng.random() < 0.5 else "x" * (spec.max_length + 1)
        return spec.default if isinstance(spec.default, str) else "plain text"
    raise AssertionError(spec.type)


def _mutate(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    bp = BLUEPRINTS.items[data["document"]]
    names = BLUEPRINTS.clause_names(bp, LIBRARY)
    clauses = data.setdefault("clauses", {}) or {}
    data["clauses"] = clauses
    for _ in range(rng.randint(1, 3)):
        how = rng.random()
        if how < 0.12:  # a slot of another document, or a misspelling
            other = rng.choice([s for s in LIBRARY.slots.values() if s.id not in names])
            clauses[rng.choice([other.id, other.id + "s"])] = other.default_option.id
            continue
        name = rng.choice(list(names))
        slot = names[name]
        if how < 0.35:
            clauses[name] = rng.choice(slot.option_ids + ["no-such-option"])
            continue
        entry: dict = {}
        if rng.random() < 0.8:
            entry["option"] = rng.choice(slot.option_ids + (["no-such-option"] if how > 0.9 else []))
        for pname, spec in slot.parameters.items():
            if rng.random() < 0.5:
                entry[pname] = _value_for(spec, rng)
        if rng.random() < 0.3:
            entry["fallback"] = rng.sample(slot.option_ids, rng.randint(0, len(slot.option_ids)))
        if rng.random() < 0.2:
            entry["walk_away"] = rng.choice(slot.option_ids)
        if rng.random() < 0.2 and slot.parameters:
            entry["acceptable"] = {rng.choice(list(slot.parameters)): {"min": 1, "max": 3}}
        if rng.random() < 0.05:
            entry["no_such_parameter"] = 1
        clauses[name] = entry
    if rng.random() < 0.1:
        data.setdefault("scope", {})["sectors"] = [rng.choice(["health-care", "helth-care"])]
    return data


def test_schema_and_validate_agree_on_generated_files(tmp_path):
    rng = random.Random(2026)
    sources = EXAMPLE_FILES + SHARED_FILES
    verdicts = {True: 0, False: 0}
    for i in range(120):
        data = _mutate(load(rng.choice(sources)), rng)
        by_schema = not schema_errors(data)
        across: list[str] = []
        by_validate = validate_ok(tmp_path, data, across)
        if by_schema and across:
            continue  # a refusal across clauses (quantities): beyond any one-clause schema
        assert by_schema == by_validate, (
            f"file {i}: schema says {by_schema}, validate says {by_validate}\n"
            f"{yaml.safe_dump(data.get('clauses'), sort_keys=False)}\n{schema_errors(data)[:3]}")
        verdicts[by_schema] += 1
    assert verdicts[True] >= 20 and verdicts[False] >= 20, verdicts  # both kinds were tried

