"""A new user's first ten minutes: documents, init, clauses list --document, terminal sizing,
progress on a terminal, and draft's below-floor warning and --strict."""

from __future__ import annotations

import pytest
import yaml

from agreement_kit.library.blueprints import load_blueprints
from agreement_kit.library.clauses import load_library

from conftest import EXAMPLES, FIX_PARAMS, write

LIBRARY = load_library()
BLUEPRINTS = load_blueprints()
BELOW_FLOOR = EXAMPLES / "contract-domestic-worker-below-floor.yaml"


# --- documents -------------------------------------------------------------------------------

def test_documents_lists_every_blueprint_one_line_each(cli):
    r = cli("documents")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()
    assert len(lines) == len(BLUEPRINTS.items) + 1
    by_id = {line.split()[0]: line for line in lines[:-1]}
    assert set(by_id) == set(BLUEPRINTS.items)
    assert "agreement, not binding" in by_id["memorandum-of-understanding"]
    assert "contract, binding" in by_id["employment-contract-domestic-work"]
    assert "Bilateral social security agreement" in by_id["social-security-agreement"]
    assert "agreement-kit init DOCUMENT" in lines[-1]


def test_documents_wraps_to_the_terminal(cli, monkeypatch):
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    monkeypatch.setenv("COLUMNS", "100")
    r = cli("documents")
    assert r.exit_code == 0
    lines = r.stdout.splitlines()[:-1]
    assert all(len(line) <= 100 for line in lines), max(lines, key=len)
    assert len(lines) > len(BLUEPRINTS.items)  # the longest descriptions wrapped
    text = " ".join(" ".join(lines).split())
    assert "Administrative arrangement implementing a bilateral social security agreement" in text


# --- init ------------------------------------------------------------------------------------

@pytest.mark.parametrize("document", sorted(BLUEPRINTS.items))
def test_init_starter_validates_and_drafts(cli, tmp_path, document):
    target = tmp_path / "start.yaml"
    r = cli("init", document, "-o", target)
    assert r.exit_code == 0, r.output
    assert r.stdout == f"wrote {target}\n"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["document"] == document
    bp = BLUEPRINTS.items[document]
    names = BLUEPRINTS.clause_names(bp, LIBRARY)
    # every slot of the document itself is set, to its default option; a slot the blueprint
    # drafts only on a condition is there commented out, with the condition to meet, and so
    # is an optional one (drafted only when chosen)
    from agreement_kit.library.starter import conditions, optional_slots

    conditional = conditions(bp, LIBRARY)
    optional = optional_slots(bp, LIBRARY)
    text = target.read_text(encoding="utf-8")
    for ref in bp.slot_refs():
        slot = LIBRARY.find("common/definitions" if ref == "definitions" else ref, bp.family)
        written = [n for n in data["clauses"] if names.get(n) is slot]
        if slot.key in conditional or slot.when or slot.key in optional:
            assert written == [], (ref, written)
            why = "optional: drafted only when chosen" if slot.key in optional \
                else "drafted only when:"
            assert why in text and (f"# {slot.id}: " in text or f"# {slot.key}: " in text), ref
            continue
        assert len(written) == 1, (ref, written)
        assert data["clauses"][written[0]] == slot.default_option.id
    assert set(data["clauses"]) <= set(names)
    assert data["clauses"]  # the document has slots
    r = cli("validate", target)
    assert r.exit_code == 0, r.output
    assert f"valid {document}" in r.stdout and r.stderr == ""
    r = cli("draft", target, "-o", tmp_path / "out", "-f", "md,json")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "start.md").read_text(encoding="utf-8").strip()
    assert "below the international floor" not in r.stderr  # defaults meet the floor


def test_init_comments_name_alternatives_and_parameters(cli):
    r = cli("init", "bilateral-labour-agreement", "-o", "-")
    assert r.exit_code == 0
    text = r.stdout
    slot = LIBRARY.slots["bla/joint-committee"]
    block = text[text.index("(bla/joint-committee)"):text.index("\n  joint-committee:")]
    for opt in slot.options:
        assert f"[{opt.protection}] {opt.id}" in block
    assert "(default)" in block
    assert "meetings_per_year (integer 1..12, default" in block
    # the slots of the model contracts it may annex are there, commented out
    assert "\n  # wages: " in text or "\n  # employment/wages: " in text
    assert yaml.safe_load(text)["document"] == "bilateral-labour-agreement"


def test_init_refuses_to_overwrite_without_force(cli, tmp_path):
    target = write(tmp_path / "mine.yaml", "my own work\n")
    r = cli("init", "social-security-agreement", "-o", target)
    assert r.exit_code == 1 and "exist already" in r.stderr and "--force" in r.stderr
    assert target.read_text() == "my own work\n"
    r = cli("init", "social-security-agreement", "-o", target, "--force")
    assert r.exit_code == 0
    assert yaml.safe_load(target.read_text())["document"] == "social-security-agreement"
    assert not [p for p in tmp_path.iterdir() if p.name != "mine.yaml"]  # no temporary file


def test_init_unknown_document_did_you_mean_and_list(cli, tmp_path):
    r = cli("init", "bilateral-labor-agreement", "-o", tmp_path / "x.yaml")
    assert r.exit_code == 2
    assert "Did you mean 'bilateral-labour-agreement'?" in r.stderr
    assert "social-security-administrative-arrangement" in r.stderr
    assert not (tmp_path / "x.yaml").exists()


# --- clauses list --document -----------------------------------------------------------------

def test_clauses_list_document_in_document_order(cli):
    r = cli("clauses", "list", "--document", "social-security-administrative-arrangement")
    assert r.exit_code == 0
    keys = [line.split()[0] for line in r.stdout.splitlines()[:-1]]
    bp = BLUEPRINTS.items["social-security-administrative-arrangement"]
    assert keys == list(BLUEPRINTS.slots_of(bp, LIBRARY))
    assert r.stdout.splitlines()[-1] == f"{len(keys)} slots"
    # its own slots and the agreement's it implements (one of them from common/: earlier agreements)
    assert all(k.startswith(("social_security/", "common/")) for k in keys)
    assert any(k.startswith("social_security/") for k in keys)


def test_clauses_list_document_and_family(cli):
    r = cli("clauses", "list", "--document", "bilateral-labour-agreement", "--family", "employment")
    assert r.exit_code == 0
    keys = [line.split()[0] for line in r.stdout.splitlines()[:-1]]
    assert keys and all(k.startswith("employment/") for k in keys)  # the annexed contracts


def test_clauses_list_unknown_document(cli):
    r = cli("clauses", "list", "--document", "social-security-agrement")
    assert r.exit_code == 2 and "Did you mean 'social-security-agreement'?" in r.stderr


def test_clauses_list_pipe_lines_unchanged_and_terminal_wraps(cli, monkeypatch, fixture_args):
    lib = fixture_args[:2]
    plain = cli("clauses", "list", *lib).stdout
    slots = sorted(load_library(lib[1]).slots.values(), key=lambda s: s.key)
    width = max(len(s.key) for s in slots)
    expected = "".join(f"{s.key:<{width}}  {len(s.options)} options  "
                       f"default {s.default_option.id:<24}  {s.title.get('en', '')}\n"
                       for s in slots) + f"{len(slots)} slots\n"
    assert plain == expected  # a pipe gets the lines as they always were
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    monkeypatch.setenv("COLUMNS", "100")
    wide = cli("clauses", "list", "--document", "bilateral-labour-agreement").stdout
    assert all(len(line) <= 100 for line in wide.splitlines())
    assert any(line.startswith(" ") for line in wide.splitlines())  # long titles wrapped


def test_options_sized_to_the_terminal(cli, monkeypatch):
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    monkeypatch.setenv("COLUMNS", "100")
    narrow = cli("options", "recruitment-costs").stdout.splitlines()
    monkeypatch.setenv("COLUMNS", "180")
    wide = cli("options", "recruitment-costs").stdout.splitlines()
    assert max(map(len, narrow)) <= 100 < max(map(len, wide)) <= 180


# --- progress on a terminal ------------------------------------------------------------------

def test_progress_only_on_a_terminal(cli, tmp_path, monkeypatch, fixture_args):
    r = cli("draft", FIX_PARAMS, "-o", tmp_path / "a", "-f", "docx,html", *fixture_args)
    assert r.exit_code == 0 and r.stderr == ""  # a pipe sees no progress
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    r = cli("draft", FIX_PARAMS, "-o", tmp_path / "b", "-f", "docx,html", *fixture_args)
    assert r.exit_code == 0
    stages = [s.strip() for s in r.stderr.split("\r") if s.strip()]
    assert stages == ["drafting... reading the parameters", "drafting... assembling",
                      "drafting... checking", "drafting... rendering docx",
                      "drafting... rendering html", "drafting... writing"]
    assert r.stdout == "".join(f"wrote {tmp_path / 'b' / FIX_PARAMS.stem}.{ext}\n"
                               for ext in ("docx", "html"))
    assert r.stderr.endswith("\r")  # the line is cleared at the end


def test_progress_of_review_brief_and_compare(cli, tmp_path, monkeypatch, fixture_args):
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    r = cli("review", FIX_PARAMS, *fixture_args)
    assert r.exit_code == 0 and "reviewing... assembling and measuring each clause" in r.stderr
    r = cli("brief", FIX_PARAMS, "-o", tmp_path / "b", "-f", "html", *fixture_args)
    assert r.exit_code == 0
    assert "briefing... building the brief" in r.stderr and "briefing... rendering html" in r.stderr
    theirs = write(tmp_path / "theirs.yaml",
                   FIX_PARAMS.read_text().replace("public-to-public", "licensed-agencies"))
    r = cli("compare", FIX_PARAMS, theirs, "-o", tmp_path / "c", "-f", "html", *fixture_args)
    assert r.exit_code == 0
    assert "comparing... finding the changes" in r.stderr and "comparing... writing" in r.stderr


def test_progress_line_is_cleared_before_an_error(cli, tmp_path, monkeypatch, fixture_args):
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    bad = write(tmp_path / "bad.yaml", FIX_PARAMS.read_text().replace("public-to-public", "x"))
    r = cli("draft", bad, "-o", tmp_path / "o", *fixture_args)
    assert r.exit_code == 1
    assert "\rerror: " in r.stderr and "unknown option 'x'" in r.stderr


# --- below the floor -------------------------------------------------------------------------

def test_draft_warns_below_floor_and_still_drafts(cli, tmp_path):
    r = cli("draft", BELOW_FLOOR, "-o", tmp_path / "o", "-f", "md")
    assert r.exit_code == 0
    assert (tmp_path / "o" / f"{BELOW_FLOOR.stem}.md").exists()
    warnings = [w for w in r.stderr.splitlines() if w.startswith("warning: ")]
    assert len(warnings) == 6  # five clauses and the count
    assert (f"warning: {BELOW_FLOOR}:16: clauses.identity-documents: option "
            "'employer-keeps-with-consent' of slot 'identity-documents'") in r.stderr
    assert "falls short of C189, Art. 9(c)" in r.stderr
    assert "The weakest option that meets it: 'no-retention'." in r.stderr
    assert "5 clause(s) below the international floor" in r.stderr


def test_draft_strict_refuses_below_floor(cli, tmp_path):
    out = tmp_path / "o"
    r = cli("draft", BELOW_FLOOR, "-o", out, "-f", "md,docx", "--strict")
    assert r.exit_code == 1
    assert r.stderr.startswith("error: ") and "--strict drafts nothing" in r.stderr
    assert "clauses.working-hours: option 'as-required'" in r.stderr
    assert not out.exists()


def test_draft_strict_passes_a_file_that_meets_the_floor(cli, tmp_path):
    good = EXAMPLES / "contract-domestic-worker-srilanka-jordan.yaml"
    r = cli("draft", good, "-o", tmp_path / "o", "-f", "md", "--strict")
    assert r.exit_code == 0 and r.stderr == ""
    assert (tmp_path / "o" / f"{good.stem}.md").exists()


def test_init_is_the_same_whatever_the_hash_seed(tmp_path):
    """`init` writes the same starter file in every run (no set's order leaks into it)."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"starter-{seed}.yaml"
        subprocess.run([sys.executable, "-m", "agreement_kit.cli", "init",
                        "bilateral-labour-agreement", "-o", str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
