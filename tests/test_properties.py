"""Property tests: whatever a parameter file holds, drafting succeeds or fails with a message.

Hypothesis builds parameter files from strategies that mix valid and invalid values for every
section (document, languages, parties, scope, clauses, draft, contract) and for the clause
choices of the fixture library (its slots, options and declared parameters), dumps them as
YAML, and also writes raw random text and bytes. Each file goes through `validate` and
`draft -f md` (in-process, the CLI's own error handling included) into a folder that already
holds a draft of the same name and an unrelated file. Whatever the input:
- the exit code is 0 or 1 (no internal error, no usage error, no crash);
- on 1, stderr is one message starting with "error: " and has no traceback;
- the files already in the folder are unchanged, unless the draft succeeded with --force
  (then only the draft itself is replaced).
"""

from __future__ import annotations

import math
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreement_kit.cli import main
from agreement_kit.library.clauses import load_library

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS

LIBRARY = load_library(FIX_LIBRARY)
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FIXTURE_ARGS = ["--library", str(FIX_LIBRARY), "--blueprints", str(FIX_BLUEPRINTS)]
PREVIOUS = b"an earlier draft the user edited\n"

# --- values, good and bad -------------------------------------------------------------------
# Each value is right most of the time, so that a file gets past its first mistake often
# enough for the later checks (clauses, slot parameters, positions, output) to be reached.

def mostly(good: st.SearchStrategy, bad: st.SearchStrategy, bad_percent: int = 6):
    return st.integers(0, 99).flatmap(lambda n: bad if n < bad_percent else good)


HOSTILE_CHARS = "\u202e\u2066\u200b\ufeff\x00\x07\x0b\x85\ue000\ud7ff\u00ad"
good_text = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]),
                    min_size=1, max_size=40).map(str.strip).filter(bool)
bad_text = st.one_of(
    st.builds(lambda a, c, b: a + c + b, good_text, st.sampled_from(HOSTILE_CHARS), good_text),
    st.text(min_size=490, max_size=700),
    st.just("{{ 7*7 }} {% include '/etc/passwd' %} <img src=file:///etc/passwd>"),
    st.just(""),
)
numbers = st.one_of(st.integers(-10, 100_000), st.integers(), st.floats(allow_nan=True),
                    st.just(10**100), st.just(math.inf))
odd_values = st.one_of(st.none(), st.booleans(), numbers, st.lists(good_text, max_size=3),
                       st.dictionaries(good_text, good_text, max_size=2), st.dates(),
                       st.datetimes())
text_value = mostly(good_text, st.one_of(bad_text, odd_values))


def maybe_broken(mapping: st.SearchStrategy, bad_percent: int = 6) -> st.SearchStrategy:
    """A mapping, now and then with a key dropped, an unknown key added, or another value."""
    def mangle(args):
        data, how, extra, other = args
        data = dict(data)
        if how == 0 and data:
            data.pop(sorted(data)[len(extra[0]) % len(data)])
        elif how == 1:
            data[extra[0]] = extra[1]
        elif how == 2:
            return other
        return data

    return st.tuples(mapping, mostly(st.just(3), st.integers(0, 2), bad_percent),
                     st.tuples(good_text, text_value), odd_values).map(mangle)


party = maybe_broken(st.fixed_dictionaries(
    {"country": text_value},
    optional={"short": text_value, "authority": text_value,
              "signatory": maybe_broken(st.fixed_dictionaries({"name": text_value,
                                                               "title": text_value}))}))
sectors = list(LIBRARY.info.sectors)
scope = maybe_broken(st.fixed_dictionaries({}, optional={
    "sectors": mostly(st.lists(st.sampled_from(sectors), max_size=3, unique=True),
                      st.lists(st.sampled_from(["helth-care", "../x", "X"]), min_size=1)
                      | odd_values),
    "occupations": mostly(st.lists(text_value, max_size=4), odd_values),
    "annual_quota": mostly(st.integers(0, 10_000_000), numbers | odd_values),
    "duration_years": mostly(st.integers(1, 99), numbers),
}))
a_date = mostly(st.dates(date(1990, 1, 1), date(2100, 1, 1)),
                st.sampled_from(["2026-02-30", "tomorrow", "27/11/2026"]) | st.datetimes()
                | st.integers() | st.none(), bad_percent=10)
draft_info = maybe_broken(st.fixed_dictionaries(
    {"date": a_date},
    optional={"version": text_value, "status": text_value, "place_of_signature": text_value}))
contract = maybe_broken(st.fixed_dictionaries({}, optional={
    "job_title": text_value, "start_date": a_date,
    "duration_months": mostly(st.integers(1, 600), numbers),
    "worker": maybe_broken(st.fixed_dictionaries({}, optional={"name": text_value,
                                                               "date_of_birth": a_date}))}))


def parameter_value(spec) -> st.SearchStrategy:
    """Values for one declared slot parameter: in range, out of range, wrong type."""
    lo = int(spec.min) if spec.min is not None else -1000
    hi = int(spec.max) if spec.max is not None else 1000
    inside = {"integer": st.integers(lo, hi), "number": st.floats(lo, hi),
              "boolean": st.booleans(), "date": st.dates(), "string": good_text,
              "enum": st.sampled_from(spec.values or ["x"]),
              "list": st.lists(good_text, max_size=3)}.get(spec.type, good_text)
    return mostly(inside, st.one_of(numbers, text_value, odd_values), bad_percent=15)


def slot_choice(slot) -> st.SearchStrategy:
    options = mostly(st.sampled_from(slot.option_ids),
                     st.sampled_from(["none-such", ""]) | odd_values, bad_percent=10)
    params = {name: parameter_value(spec) for name, spec in slot.parameters.items()}
    as_mapping = st.fixed_dictionaries({}, optional={
        "option": options, **params,
        "fallback": st.lists(options, max_size=2) | options,
        "walk_away": options,
        "acceptable": mostly(
            st.dictionaries(st.sampled_from(list(slot.parameters) or ["x"]),
                            st.lists(numbers, max_size=2)
                            | st.fixed_dictionaries({"min": numbers, "max": numbers}), max_size=2),
            st.dictionaries(good_text, odd_values, max_size=2) | odd_values)})
    return st.one_of(options, maybe_broken(as_mapping))


slot_keys = {}
for s in LIBRARY.slots.values():
    slot_keys.setdefault(s.id, s)
clauses = mostly(
    st.lists(st.sampled_from(sorted(slot_keys)), max_size=4, unique=True).flatmap(
        lambda keys: st.fixed_dictionaries({k: slot_choice(slot_keys[k]) for k in keys})),
    st.dictionaries(good_text, text_value, max_size=2) | odd_values)

parameter_files = maybe_broken(st.fixed_dictionaries(
    {"document": mostly(st.just("bilateral-labour-agreement"),
                        st.sampled_from(["memorandum-of-understanding", "../../etc/passwd", ""])
                        | odd_values),
     "parties": maybe_broken(st.fixed_dictionaries({"origin": party, "destination": party})),
     "draft": draft_info},
    optional={"languages": mostly(st.just(["en"]),
                                  st.lists(st.sampled_from(["en", "fr", "EN", "english"]),
                                           max_size=3) | odd_values),
              "scope": scope, "clauses": clauses, "contract": contract}), bad_percent=3)


def as_yaml(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


files = st.one_of(
    parameter_files.map(as_yaml), parameter_files.map(as_yaml), parameter_files.map(as_yaml),
    st.just(FIX_PARAMS.read_bytes()),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300))


# --- the property -----------------------------------------------------------------------------

def check(result, allowed=(0, 1)):
    shown = f"exit {result.exit_code}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{result.exception!r}\n{shown}"
    assert result.exit_code in allowed, shown
    assert "Traceback" not in result.output, shown
    if result.exit_code == 1:
        assert result.stderr.startswith("error: "), shown
        assert "\n\n" not in result.stderr.strip(), shown


@SETTINGS
@given(content=files, force=st.booleans())
def test_drafting_succeeds_or_says_why(content, force):
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        params = Path(tmp, "params.yaml")
        params.write_bytes(content)
        out = Path(tmp, "out")
        out.mkdir()
        (out / "params.md").write_bytes(PREVIOUS)
        (out / "notes.txt").write_bytes(PREVIOUS)

        check(runner.invoke(main, ["validate", str(params), *FIXTURE_ARGS]))

        args = ["draft", str(params), "-o", str(out), "-f", "md", *FIXTURE_ARGS]
        result = runner.invoke(main, args + (["--force"] if force else []))
        check(result)
        assert (out / "notes.txt").read_bytes() == PREVIOUS
        if not (result.exit_code == 0 and force):
            assert (out / "params.md").read_bytes() == PREVIOUS, result.output
        assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "params.md"]


@SETTINGS
@given(data=parameter_files)
def test_valid_files_draft_and_invalid_ones_point_at_a_line(data):
    """When validation refuses a file that parses as YAML, the message names the file."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        params = Path(tmp, "params.yaml")
        params.write_bytes(as_yaml(data))
        result = runner.invoke(main, ["validate", str(params), *FIXTURE_ARGS])
        check(result)
        if result.exit_code == 1:
            assert str(params) in result.stderr or "document" in result.stderr, result.stderr
        else:
            assert "valid bilateral-labour-agreement" in result.stdout


def test_the_strategies_reach_both_outcomes():
    """Guard against a strategy that only ever produces errors (or only valid files)."""
    runner = CliRunner()
    codes = set()

    @settings(max_examples=60, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(data=parameter_files)
    def collect(data):
        with tempfile.TemporaryDirectory() as tmp:
            params = Path(tmp, "params.yaml")
            params.write_bytes(as_yaml(data))
            codes.add(runner.invoke(main, ["validate", str(params), *FIXTURE_ARGS]).exit_code)

    collect()
    assert codes == {0, 1}, codes


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, 10**100, 10**15])
def test_number_parameters_refuse_non_finite_and_absurd_values(value):
    from agreement_kit.library.clauses import check_param_value

    cost_cap = LIBRARY.find("recruitment-costs").parameters["worker_cost_cap_usd"]
    assert check_param_value(cost_cap, value)
    unbounded = cost_cap.model_copy(update={"min": None, "max": None})
    assert check_param_value(unbounded, value)
    assert check_param_value(unbounded, 12.5) is None


def test_date_parameters_refuse_a_time():
    from agreement_kit.library.clauses import ParamSpec, check_param_value

    spec = ParamSpec(type="date", default=date(2026, 1, 1))
    assert check_param_value(spec, date(2026, 11, 27)) is None
    assert "without a time" in check_param_value(spec, datetime(2026, 11, 27, 9, 30))
