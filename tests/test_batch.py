"""Many parameter files in one run: the same bytes as single runs, failures kept to their file,
every problem reported at the end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import FIX_PARAMS, ROOT, write

CORRIDORS = [("Republic of Indonesia", "Indonesia", "Malaysia", "Malaysia"),
             ("Nepal", "Nepal", "State of Qatar", "Qatar"),
             ("Kingdom of Morocco", "Morocco", "Kingdom of Spain", "Spain")]


def variants(folder, n=3):
    """`n` fixture parameter files for other corridors and dates."""
    folder.mkdir(parents=True, exist_ok=True)
    base = FIX_PARAMS.read_text(encoding="utf-8")
    files = []
    for i, (o, o_short, d, d_short) in enumerate(CORRIDORS[:n]):
        text = (base.replace("Republic of the Philippines", o).replace("the Philippines", o_short)
                .replace("Federal Republic of Germany", d).replace("short: Germany",
                                                                   f"short: {d_short}")
                .replace("2026-11-27", f"2026-0{i + 1}-15"))
        files.append(write(folder / f"{o_short.lower()}-{d_short.lower()}.yaml", text))
    return files


def contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_batch_gives_the_bytes_of_single_runs(cli, tmp_path, fixture_args):
    files = variants(tmp_path / "in")
    single = tmp_path / "single"
    for f in files:
        r = cli("draft", f, "-o", single, "-f", "docx,pdf,md,json", *fixture_args)
        assert r.exit_code == 0, r.output
    batch = tmp_path / "batch"
    r = cli("draft", *files, "-o", batch, "-f", "docx,pdf,md,json", "--jobs", "2",
            *fixture_args)
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [f"wrote {batch / (f.stem + '.' + ext)}" for f in files
                                     for ext in ("docx", "pdf", "md", "json")]
    assert contents(batch) == contents(single)
    assert len(contents(batch)) == 12
    # one job, in this process: the same bytes again
    again = tmp_path / "again"
    r = cli("draft", tmp_path / "in", "-o", again, "-f", "docx,pdf,md,json", "-j", "1",
            *fixture_args)
    assert r.exit_code == 0, r.output
    assert contents(again) == contents(single)


def test_a_failing_file_writes_nothing_and_stops_nothing(cli, tmp_path, fixture_args):
    good = variants(tmp_path / "in", 2)
    bad = write(tmp_path / "in" / "broken.yaml", good[0].read_text().replace(
        "public-to-public", "public-to-privat"))
    out = tmp_path / "out"
    r = cli("draft", tmp_path / "in", "-o", out, "-f", "md,json", "--jobs", "2", *fixture_args)
    assert r.exit_code == 1
    assert sorted(contents(out)) == sorted(f"{g.stem}.{e}" for g in good
                                           for e in ("md", "json")), r.stderr
    assert f"{bad}:" in r.stderr and "public-to-privat" in r.stderr \
        and "Did you mean 'public-to-public'?" in r.stderr
    assert "1 of 3 file(s) failed and wrote nothing" in r.stderr
    assert "Traceback" not in r.output + r.stderr
    assert not list(out.glob(".*")), "no staging files left behind"


def test_existing_outputs_fail_only_their_file(cli, tmp_path, fixture_args):
    files = variants(tmp_path / "in", 2)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{files[0].stem}.md").write_text("mine")
    r = cli("draft", *files, "-o", out, "-f", "md,json", *fixture_args)
    assert r.exit_code == 1 and "--force" in r.stderr
    assert (out / f"{files[0].stem}.md").read_text() == "mine"
    assert not (out / f"{files[0].stem}.json").exists()  # all of a file's formats or none
    assert (out / f"{files[1].stem}.json").exists()


def test_same_name_twice_is_refused_before_any_work(cli, tmp_path, fixture_args):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = write(tmp_path / "a" / "x.yaml", FIX_PARAMS.read_text())
    b = write(tmp_path / "b" / "x.yaml", FIX_PARAMS.read_text())
    r = cli("draft", a, b, "-o", tmp_path / "out", "-f", "md", *fixture_args)
    assert r.exit_code == 1 and "have the same name 'x'" in r.stderr
    assert not (tmp_path / "out").exists()


def test_globs_folders_and_empty_ones(cli, tmp_path, fixture_args):
    files = variants(tmp_path / "in")
    r = cli("draft", str(tmp_path / "in" / "*o*.yaml"), "-o", tmp_path / "out", "-f", "md",
            *fixture_args)
    assert r.exit_code == 0, r.output
    assert sorted(contents(tmp_path / "out")) == sorted(
        f"{f.stem}.md" for f in files if "o" in f.stem)
    (tmp_path / "empty").mkdir()
    r = cli("draft", tmp_path / "empty", str(tmp_path / "none-*.yaml"), "-o", tmp_path / "o2",
            *fixture_args)
    assert r.exit_code == 1
    assert "holds no .yaml parameter file" in r.stderr and "no file matches" in r.stderr


def test_progress_bar_only_on_a_terminal(cli, tmp_path, fixture_args, monkeypatch):
    files = variants(tmp_path / "in", 2)
    r = cli("draft", *files, "-o", tmp_path / "plain", "-f", "md", "-j", "1", *fixture_args)
    assert r.exit_code == 0 and r.stderr == ""
    monkeypatch.setenv("AGREEMENT_KIT_TTY", "1")
    r = cli("draft", *files, "-o", tmp_path / "tty", "-f", "md", "-j", "1", *fixture_args)
    assert r.exit_code == 0
    assert "drafting [" in r.stderr and "2/2" in r.stderr and files[1].name in r.stderr
    assert r.stderr.endswith("\r"), "the bar is cleared at the end (click strips the ESC[K)"


def test_single_file_behaviour_is_unchanged(cli, tmp_path, fixture_args):
    r = cli("draft", FIX_PARAMS, "-o", tmp_path, "-f", "md", *fixture_args)
    assert r.exit_code == 0 and r.stdout == f"wrote {tmp_path / 'params-care.md'}\n"
    r = cli("draft", tmp_path / "missing.yaml", "-o", tmp_path, "-f", "md", *fixture_args)
    assert r.exit_code == 1 and "no such file" in r.stderr


def test_review_many_files(cli, tmp_path):
    below = ROOT / "examples" / "contract-domestic-worker-below-floor.yaml"
    fine = ROOT / "examples" / "contract-domestic-worker-srilanka-jordan.yaml"
    r = cli("review", below, fine, "-f", "json", "--jobs", "2")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    # 5 clauses below the floor and 6 elements stated only by them (review never counts
    # an element as covered by a below-floor clause)
    assert [d["summary"]["floor"] for d in data] == [11, 0]
    single = json.loads(cli("review", below, "-f", "json").stdout)
    assert data[0] == single
    r = cli("review", below, fine, "--fail-below", "floor")
    assert r.exit_code == 1 and f"{below}: 11 finding(s) below floor." in r.stderr
    assert f"== {below} ==" in r.stdout and f"== {fine} ==" in r.stdout
    out = tmp_path / "reviews"
    r = cli("review", below, fine, "-f", "md", "-o", out)
    assert r.exit_code == 0, r.stderr
    assert sorted(contents(out)) == [f"{below.stem}-review.md", f"{fine.stem}-review.md"]
    assert contents(out)[f"{below.stem}-review.md"] == cli("review", below, "-f", "md").stdout_bytes


def test_batch_in_a_real_process_with_spawn(tmp_path):
    """The installed command, its worker processes started afresh (spawn) as on macOS."""
    files = variants(tmp_path / "in", 2)
    code = ("import multiprocessing, sys; multiprocessing.get_all_start_methods = lambda: "
            "['spawn']; from agreement_kit.program import main; sys.exit(main())")
    r = subprocess.run([sys.executable, "-c", code, "draft", *map(str, files), "-o",
                        str(tmp_path / "out"), "-f", "md", "-j", "2", "--library",
                        str(ROOT / "tests" / "fixtures" / "library"), "--blueprints",
                        str(ROOT / "tests" / "fixtures" / "blueprints")],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert sorted(contents(tmp_path / "out")) == sorted(f"{f.stem}.md" for f in files)


def test_batch_workers_collect_garbage_the_program_leaves_alone(tmp_path):
    """The program runs without Python's cycle collector, which its forked batch workers
    inherit; each worker, which lives through many files, turns it back on."""
    code = ("import gc; from agreement_kit import batch; gc.disable(); "
            "batch._init_worker(None, None, False); print(gc.isenabled())")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "True"


def test_check_many_files(cli, tmp_path):
    """`check A B C`: every file's findings and summary in the files' order; a file that
    cannot be read is reported at the end without stopping the others, and the exit is 1."""
    good = [ROOT / "examples" / "mou-nepal-malaysia.yaml",
            ROOT / "examples" / "contract-domestic-worker-srilanka-jordan.yaml"]
    r = cli("check", *good, "--jobs", "2")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [f"{p}: 0 error(s), 0 warning(s)." for p in good]
    broken = write(tmp_path / "broken.yaml", "document: [unclosed\n")
    r = cli("check", good[0], broken, good[1], "--jobs", "2")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [f"{p}: 0 error(s), 0 warning(s)." for p in good]
    assert "broken.yaml:" in r.stderr and "YAML" in r.stderr
    folder = tmp_path / "folder"
    folder.mkdir()
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    r = cli("check", folder, "-j", "1")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2
