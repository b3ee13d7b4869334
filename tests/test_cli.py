"""The command line: what a user types and sees; exit codes; nothing lost."""

import json
import os
import subprocess
import sys

import pytest

from conftest import FIX_PARAMS, ROOT, write


def test_draft_writes_every_format(cli, tmp_path, fixture_args):
    out = tmp_path / "out"
    r = cli("draft", FIX_PARAMS, "-o", out, "--format", "docx,pdf,html,md,json", *fixture_args)
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["params-care.docx", "params-care.html", "params-care.json",
                     "params-care.md", "params-care.pdf"]
    assert out.joinpath("params-care.pdf").read_bytes().startswith(b"%PDF")
    data = json.loads(out.joinpath("params-care.json").read_text())
    assert data["parts"][0]["articles"][0]["label"] == "Article 1"
    assert "### Article 5: Joint Committee" in out.joinpath("params-care.md").read_text()


def test_no_overwrite_without_force(cli, tmp_path, fixture_args):
    out = tmp_path / "out"
    out.mkdir()
    existing = write(out / "params-care.md", "my edits\n")
    r = cli("draft", FIX_PARAMS, "-o", out, "-f", "md,html", *fixture_args)
    assert r.exit_code == 1
    assert "exist already" in r.stderr and "--force" in r.stderr
    assert existing.read_text() == "my edits\n"
    assert not (out / "params-care.html").exists()  # refused before anything was written
    r = cli("draft", FIX_PARAMS, "-o", out, "-f", "md,html", "--force", *fixture_args)
    assert r.exit_code == 0 and "Article 1" in existing.read_text()


def test_symlinked_output_is_not_followed(cli, tmp_path, fixture_args):
    out = tmp_path / "out"
    out.mkdir()
    victim = write(tmp_path / "victim.txt", "precious\n")
    (out / "params-care.md").symlink_to(victim)
    r = cli("draft", FIX_PARAMS, "-o", out, "-f", "md", "--force", *fixture_args)
    assert r.exit_code == 1 and "symbolic link" in r.stderr
    assert victim.read_text() == "precious\n"


def test_failed_run_leaves_no_partial_files(cli, tmp_path, fixture_args, monkeypatch):
    import agreement_kit.output as output

    out = tmp_path / "out"
    out.mkdir()
    old = write(out / "params-care.md", "old\n")
    calls = []
    real = output.write_atomic

    def fail_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(output, "write_atomic", fail_second)
    r = cli("draft", FIX_PARAMS, "-o", out, "-f", "html,md", "--force", *fixture_args)
    assert r.exit_code != 0
    assert old.read_text() == "old\n"
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_atomic_write_cleans_up_on_error(tmp_path, monkeypatch):
    import agreement_kit.output as output
    from agreement_kit.errors import UserError

    target = write(tmp_path / "a.docx", "previous")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(UserError, match="No space left"):
        output.write_atomic(target, b"new")
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


def test_unwritable_folder_message(cli, tmp_path, fixture_args):
    if os.geteuid() == 0:
        target = tmp_path / "file-not-folder"
        write(target, "x")
        r = cli("draft", FIX_PARAMS, "-o", target, *fixture_args)
        assert r.exit_code == 1 and "is not a folder" in r.stderr
        return
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    r = cli("draft", FIX_PARAMS, "-o", locked / "sub", *fixture_args)
    assert r.exit_code == 1 and "permission denied" in r.stderr


def test_user_error_exit_1_no_traceback(cli, tmp_path, fixture_args):
    bad = write(tmp_path / "bad.yaml", FIX_PARAMS.read_text().replace("public-to-public", "x"))
    r = cli("validate", bad, *fixture_args)
    assert r.exit_code == 1
    assert r.stderr.startswith("error: ") and "Traceback" not in r.output
    assert f"{bad}:20" in r.stderr


def test_usage_error_exit_2(cli, tmp_path):
    r = cli("draft", FIX_PARAMS, "-o", tmp_path, "--format", "odt")
    assert r.exit_code == 2 and "unknown format 'odt'" in r.output


def test_validate_reports_defaults(cli, fixture_args):
    r = cli("validate", FIX_PARAMS, *fixture_args)
    assert r.exit_code == 0
    assert "valid bilateral-labour-agreement; 3 clause(s) chosen" in r.output


def test_clauses_list_show_and_options(cli, fixture_args):
    lib = fixture_args[:2]
    r = cli("clauses", "list", *lib)
    assert r.exit_code == 0 and "bla/joint-committee" in r.output and "5 slots" in r.output
    r = cli("clauses", "show", "joint-committee", *lib)
    assert "meetings_per_year: integer, default 1 (1..12)" in r.output
    assert "[best-practice] tripartite-committee" in r.output
    r = cli("options", "recruitment-costs", *lib)
    assert r.exit_code == 0
    assert "below-floor" in r.output and "best-practice" in r.output
    assert "C181, Art. 7(1)" in r.output and "GCM, objective 6(c)" in r.output
    r = cli("options", "recruitment-cost", *lib)
    assert r.exit_code == 1 and "Did you mean 'recruitment-costs'?" in r.stderr


def test_schema_lists_slot_parameters(cli, fixture_args):
    r = cli("schema", "--document", "bilateral-labour-agreement", *fixture_args)
    assert r.exit_code == 0
    schema = json.loads(r.output)
    jc = schema["properties"]["clauses"]["properties"]["joint-committee"]
    obj = jc["anyOf"][1]["properties"]
    assert obj["meetings_per_year"]["maximum"] == 12
    assert "description" in obj["meetings_per_year"]
    assert "bilateral-labour-agreement" in schema["properties"]["document"]["enum"]


def test_internal_errors_are_messages(cli, fixture_args, monkeypatch):
    import agreement_kit.assemble.pipeline as pipeline

    def broken(*a, **k):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "open_negotiation", broken)
    r = cli("validate", FIX_PARAMS, *fixture_args)
    assert r.exit_code == 3 and "internal error" in r.stderr and "Traceback" not in r.output


def test_cli_shim_and_debug(tmp_path):
    bad = write(tmp_path / "bad.yaml", "- just\n- a list\n")
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "validate", str(bad)],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "is a YAML mapping" in r.stderr and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--debug", "validate", str(bad)],
                       capture_output=True, text=True)
    assert "Traceback" in r.stderr


def test_help_has_examples(cli):
    r = cli("draft", "--help")
    assert "agreement-kit draft examples/" in r.output and "--force" in r.output


def test_review_command_fails_below_floor(cli, tmp_path):
    example = ROOT / "examples" / "contract-domestic-worker-below-floor.yaml"
    r = cli("review", example, "--fail-below", "floor")
    assert r.exit_code == 1
    assert "5 below the floor" in r.output and "BELOW THE FLOOR" in r.output
    assert "C189, Art. 10(2)" in r.output
    r = cli("review", ROOT / "examples" / "contract-domestic-worker-srilanka-jordan.yaml",
            "--fail-below", "floor", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.output)
    r = cli("review", example, "--format", "docx")
    assert r.exit_code == 1 and "add -o" in r.stderr
    out = tmp_path / "review.docx"
    r = cli("review", example, "--format", "docx", "-o", out)
    assert r.exit_code == 0 and out.read_bytes()[:2] == b"PK"


def test_brief_command(cli, tmp_path):
    ours = ROOT / "examples" / "bla-philippines-germany-care.yaml"
    theirs = write(tmp_path / "theirs.yaml", ours.read_text().replace(
        "recruitment-costs: employer-pays", "recruitment-costs: worker-pays-related-costs"))
    r = cli("brief", ours, "--against", theirs, "-o", tmp_path / "b", "-f", "docx,html")
    assert r.exit_code == 0, r.output
    html = (tmp_path / "b" / "bla-philippines-germany-care-brief.html").read_text()
    assert "outside our range" in html and "Recruitment fees and related costs" in html
    assert (tmp_path / "b" / "bla-philippines-germany-care-brief.docx").exists()


def test_failed_run_creates_no_folder(cli, tmp_path, fixture_args):
    bad = write(tmp_path / "bad.yaml", FIX_PARAMS.read_text().replace("public-to-public", "x"))
    target = tmp_path / "new" / "folder"
    r = cli("draft", bad, "-o", target, *fixture_args)
    assert r.exit_code == 1 and not (tmp_path / "new").exists()
    r = cli("draft", FIX_PARAMS, "-o", target, "-f", "md", *fixture_args)
    assert r.exit_code == 0 and (target / "params-care.md").exists()


PLUGIN_PROBE = """
import sys
from importlib import metadata
scans = []
real = metadata.entry_points
def counting(**kw):
    scans.append(kw.get("group"))
    return real(**kw)
metadata.entry_points = counting
sys.argv = ["agreement-kit", "validate", sys.argv[1]]
from agreement_kit.program import main
try:
    main()
except SystemExit as end:
    print("pydantic scans:", scans.count("pydantic"), "exit:", end.code, file=sys.stderr)
"""


@pytest.mark.parametrize("preset, scans", [(None, 0), ("", 1)])
def test_the_program_does_not_look_for_pydantic_plugins(preset, scans):
    """The program validates without reading every installed package's metadata for pydantic
    plugins; a PYDANTIC_DISABLE_PLUGINS the user set (here: empty, plugins on) is kept."""
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if preset is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = preset
    r = subprocess.run([sys.executable, "-c", PLUGIN_PROBE, str(FIX_PARAMS)], env=env,
                       capture_output=True, text=True, timeout=120)
    assert f"pydantic scans: {scans} exit: 0" in r.stderr, r.stderr
    assert "valid" in r.stdout
