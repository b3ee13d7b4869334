"""The hostile corpus: every bad input in tests/hostile/cases.yaml, through the real CLI.

Each case runs ``python cli.py ...`` in a subprocess (the in-process ones only where a limit
must be lowered) and must:
- exit with the code the manifest gives (1 for a user error, 2 for a usage error);
- print every message fragment the manifest lists (file:line and field where known), as one
  ``error: ...`` paragraph on stderr (the lint prints its report on stdout);
- print no Python traceback and nothing a template payload would print if it ran
  (``{{ 1234*1001 }}`` -> 1235234, ``{{ ''.__class__ }}`` -> <class 'str'>, /etc/passwd...);
- open none of the files the payloads aim at and touch no network (an audit hook in
  tests/hostile/audit/sitecustomize.py records any attempt);
- leave its working folder exactly as it was: the output folder holds earlier versions of
  every file the command would write, and a failed run (with --force) must change none of
  them and leave no partial or temporary file behind.

Cases run in parallel (one subprocess each), so the corpus costs about a second per core per
ten cases. ``python tests/test_hostile.py [ID...]`` prints what each case gives, for writing
a new case's expectations.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
HOSTILE = TESTS / "hostile"
FIXTURES = TESTS / "fixtures"
MANIFEST = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
CASES: list[dict] = MANIFEST["cases"]
NEVER: list[str] = MANIFEST["never"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
EXTENSIONS = ("docx", "pdf", "html", "md", "json")
WATCHED = ["/etc/passwd", "/etc/shadow", "/etc/hostname"]  # plus each case's secret.txt
CASE_SECONDS = 60  # a case that runs longer hangs
PREVIOUS = b"previous version, must survive a failed run\n"


# --- preparing a case ----------------------------------------------------------------------

@dataclass
class Prepared:
    case: dict
    tmp: Path
    values: dict[str, str]
    argv: list[str] = field(default_factory=list)
    skip: str | None = None


def build_library(case: dict, tmp: Path) -> Path:
    """tests/fixtures/library with the case's broken file(s) from tests/hostile/libraries/<name>."""
    name = case["library"]
    dst = tmp / "libraries" / name
    shutil.copytree(FIXTURES / "library", dst)
    overlay = HOSTILE / "libraries" / name
    if overlay.is_dir():
        shutil.copytree(overlay, dst, dirs_exist_ok=True)
    for rel in case.get("remove", []):
        (dst / rel).unlink()
    return dst


def _setup(name: str, p: Prepared) -> None:
    """Situations a file cannot hold: folders, links, sizes, permissions."""
    tmp, v = p.tmp, p.values
    out = Path(v["out"])
    if name == "params-directory":
        (tmp / "params.yaml").mkdir()
        v["file"] = str(tmp / "params.yaml")
    elif name == "params-unreadable":
        if IS_ROOT:
            p.skip = "root reads a chmod 000 file anyway"
        target = tmp / "unreadable.yaml"
        shutil.copy(FIXTURES / "params-care.yaml", target)
        target.chmod(0)
        v["file"] = str(target)
    elif name == "big-file":
        target = tmp / "big.yaml"
        target.write_text("document: bilateral-labour-agreement\nnotes: " + "x" * 3_000_000 + "\n")
        v["file"] = str(target)
    elif name == "deep-brackets":
        target = tmp / "deep.yaml"
        target.write_text("scope:\n  occupations: " + "[" * 100_000 + "]" * 100_000 + "\n")
        v["file"] = str(target)
    elif name == "deep-dashes":
        target = tmp / "deep.yaml"
        target.write_text("scope:\n  occupations:\n    " + "- " * 100_000 + "nurse\n")
        v["file"] = str(target)
    elif name == "output-is-file":
        shutil.rmtree(out)
        out.write_bytes(PREVIOUS)
    elif name == "output-dangling-link":
        shutil.rmtree(out)
        out.symlink_to(tmp / "nowhere")
    elif name == "output-target-symlink":
        victim = tmp / "victim.txt"
        victim.write_bytes(PREVIOUS)
        (out / "params-care.md").unlink()
        (out / "params-care.md").symlink_to(victim)
    elif name == "output-target-directory":
        (out / "params-care.html").unlink()
        (out / "params-care.html").mkdir()
    elif name == "output-unwritable":
        if IS_ROOT:  # root writes through any mode bits; sysfs refuses even root
            v["out"] = "/sys/agreement-kit-hostile"
        else:
            locked = tmp / "locked"
            locked.mkdir(mode=0o500)
            v["out"] = str(locked / "drafts")
    elif name in HUGE_NUMBERS:  # too long to keep in the corpus
        target = tmp / f"{name}.yaml"
        care = (FIXTURES / "params-care.yaml").read_text()
        target.write_text(care.replace("annual_quota: 2000", "annual_quota: " + HUGE_NUMBERS[name]))
        v["file"] = str(target)
    elif name in ("params-fifo", "library-fifo", "blueprint-fifo"):
        _setup_fifo(name, p)
    elif name in JINJA_SOURCES:
        slot = Path(v["library"]) / "bla" / "joint-committee.yaml"
        slot.write_text(slot.read_text().replace("{{ form.Parties }} {{ form.shall }} establish",
                                                 JINJA_SOURCES[name] + " establish"))
    elif name == "output-target-fifo":
        (out / "params-care.md").unlink()
        os.mkfifo(out / "params-care.md")
    elif name == "output-target-device":
        if not IS_ROOT:
            p.skip = "only root can create a device node"
            return
        (out / "params-care.md").unlink()
        os.mknod(out / "params-care.md", 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null
    elif name == "output-link-to-folder":
        real = tmp / "real-folder"
        real.mkdir()
        (real / "kept.txt").write_bytes(PREVIOUS)
        link = tmp / "linked-out"
        link.symlink_to(real, target_is_directory=True)
        v["out"] = str(link)
    elif name == "library-link-outside":
        (Path(v["library"]) / "bla" / "passwd.yaml").symlink_to("/etc/passwd")
    elif name == "blueprint-link-outside":
        bps = tmp / "blueprints"
        shutil.copytree(FIXTURES / "blueprints", bps)
        (bps / "passwd.yaml").symlink_to("/etc/passwd")
        v["blueprints"] = str(bps)
    else:
        raise ValueError(f"unknown setup {name!r}")


HUGE_NUMBERS = {
    "huge-binary-integer": "0b" + "1" * 100_000,
    "huge-sexagesimal-integer": "1" + ":59" * 3_000,
}
JINJA_SOURCES = {  # clause texts too deep or too long for a recursive parser
    "deep-jinja-nesting": "{{ " + "(" * 3_000 + "1" + ")" * 3_000 + " }}",
    "long-jinja-expression": "{{ " + " + ".join(["1"] * 40_000) + " }}",
}


def _setup_fifo(name: str, p: Prepared) -> None:
    """A named pipe where a YAML file is expected: opening it for reading would wait forever."""
    v = p.values
    if name == "params-fifo":
        fifo = p.tmp / "params.yaml"
        v["file"] = str(fifo)
    elif name == "library-fifo":
        fifo = Path(v["library"]) / "bla" / "pipe.yaml"
    else:
        bps = p.tmp / "blueprints"
        shutil.copytree(FIXTURES / "blueprints", bps)
        fifo = bps / "pipe.yaml"
        v["blueprints"] = str(bps)
    os.mkfifo(fifo)


def prepare(case: dict, tmp: Path) -> Prepared:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "secret.txt").write_text("secret outside the library\n")
    file = str(HOSTILE / case["file"]) if "file" in case else str(FIXTURES / "params-care.yaml")
    p = Prepared(case, tmp, {
        "file": file, "params": str(FIXTURES / "params-care.yaml"), "tmp": str(tmp),
        "root": str(ROOT),
        "out": str(tmp / "out"),
        "library": str(build_library(case, tmp) if "library" in case else FIXTURES / "library"),
        "blueprints": str(HOSTILE / "blueprints" / case["blueprints"]) if "blueprints" in case
        else str(FIXTURES / "blueprints"),
    })
    # the output folder holds an earlier version of every file a draft could write
    out = tmp / "out"
    out.mkdir()
    (out / "notes.txt").write_bytes(PREVIOUS)
    for stem in {Path(file).stem, "params-care"}:
        for ext in EXTENSIONS:
            (out / f"{stem}.{ext}").write_bytes(PREVIOUS)
    if "setup" in case:
        _setup(case["setup"], p)
    p.argv = [part.format(**p.values) for part in shlex.split(case["command"])]
    return p


# --- running and observing -------------------------------------------------------------------

@dataclass
class Outcome:
    prepared: Prepared
    code: int | None = None
    stdout: str = ""
    stderr: str = ""
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    audit: str = ""
    seconds: float = 0.0


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: file contents (hashed), link targets, folders."""
    state = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(base, name)
            rel = str(path.relative_to(folder))
            if path.is_symlink():
                state[rel] = "link:" + os.readlink(path)
            elif path.is_dir():
                state[rel] = "dir"
            elif not stat.S_ISREG(path.lstat().st_mode):  # a FIFO or device: never read it
                state[rel] = f"special:{stat.S_IFMT(path.lstat().st_mode):o}"
            else:
                try:
                    state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                except PermissionError:
                    state[rel] = "unreadable"
    return state


def audited_env(log: Path, watched: list[str], pycache: Path) -> dict[str, str]:
    """The environment of a corpus subprocess: the audit hook on, bytecode cached in tmp."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HOSTILE / "audit"), str(ROOT)]),
           "AK_AUDIT_LOG": str(log), "AK_AUDIT_PATHS": os.pathsep.join(watched),
           "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", "COLUMNS": "100",
           "PYTHONPYCACHEPREFIX": str(pycache)}  # compiled once for all cases, outside the repo
    env.pop("PYTHONWARNINGS", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_subprocess(p: Prepared, pycache: Path) -> Outcome:
    outcome = Outcome(p, before=snapshot(p.tmp))
    log = p.tmp.parent / f"{p.tmp.name}.audit"
    env = audited_env(log, WATCHED + [str(p.tmp / "secret.txt")], pycache)
    start = time.perf_counter()
    try:
        r = subprocess.run([sys.executable, str(ROOT / "cli.py"), *p.argv], capture_output=True,
                           text=True, encoding="utf-8", errors="replace", env=env, cwd=p.tmp,
                           timeout=CASE_SECONDS)
        outcome.code, outcome.stdout, outcome.stderr = r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:  # a hang fails its own case, not the whole corpus
        outcome.stderr = f"(no answer after {CASE_SECONDS} s: the command hangs)"
    outcome.seconds = time.perf_counter() - start
    outcome.after = snapshot(p.tmp)
    outcome.audit = log.read_text() if log.exists() else ""
    return outcome


def run_in_process(p: Prepared) -> Outcome:
    """For cases that lower a limit (a text's or the PDF's time limit) for the run."""
    from click.testing import CliRunner

    from agreement_kit.library import templating
    from agreement_kit.cli import main
    from agreement_kit.render import pdf

    outcome = Outcome(p, before=snapshot(p.tmp))
    limits = p.case["in_process"]
    with pytest.MonkeyPatch.context() as mp:
        if "text_seconds" in limits:
            mp.setattr(templating, "TEXT_SECONDS", limits["text_seconds"])
        if "render_seconds" in limits:
            mp.setattr(pdf, "RENDER_SECONDS", limits["render_seconds"])
        r = CliRunner().invoke(main, p.argv, catch_exceptions=True)
    outcome.code, outcome.stdout, outcome.stderr = r.exit_code, r.stdout, r.stderr
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        outcome.stderr += f"\nTraceback (in-process): {r.exception!r}"
    outcome.after = snapshot(p.tmp)
    return outcome


def run_all(cases: list[dict], base: Path) -> dict[str, Outcome]:
    prepared = {c["id"]: prepare(c, base / c["id"]) for c in cases}
    runnable = [p for p in prepared.values() if not p.skip]
    outcomes = {}
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {p.case["id"]: pool.submit(run_subprocess, p, base / "pycache")
                   for p in runnable if "in_process" not in p.case}
        for p in runnable:  # signals (time limits) work only in the main thread
            if "in_process" in p.case:
                outcomes[p.case["id"]] = run_in_process(p)
        outcomes.update({cid: f.result() for cid, f in futures.items()})
    for p in prepared.values():
        if p.skip:
            outcomes[p.case["id"]] = Outcome(p)
    return outcomes


# --- what the outputs say ----------------------------------------------------------------------

def output_texts(folder: Path) -> dict[str, str]:
    """The text of every draft in `folder`, by extension (PDF and DOCX as a reader sees them)."""
    texts = {}
    for path in folder.iterdir() if folder.is_dir() else []:
        ext = path.suffix.lstrip(".")
        if not path.is_file() or path.read_bytes() == PREVIOUS:
            continue
        if ext == "pdf":
            from pypdf import PdfReader
            reader = PdfReader(io.BytesIO(path.read_bytes()))
            texts[ext] = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
        elif ext == "docx":
            with zipfile.ZipFile(path) as z:
                xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist()
                               if n.startswith(("word/", "docProps/")) and n.endswith(".xml"))
            texts[ext] = html.unescape(xml)
        else:
            texts[ext] = path.read_text(encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory):
    """Every case's outcome; only the selected ones when a run picks cases (-k, node ids)."""
    selected = {item.callspec.params["case"]["id"] for item in request.session.items
                if item.name.startswith("test_hostile_case[")}
    everything = any(item.name == "test_corpus_is_never_modified" for item in request.session.items)
    cases = CASES if everything or not selected else [c for c in CASES if c["id"] in selected]
    return run_all(cases, tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_case(case, outcomes):
    o = outcomes[case["id"]]
    if o.prepared.skip:
        pytest.skip(o.prepared.skip)
    shown = f"\n$ agreement-kit {shlex.join(o.prepared.argv)}\nexit {o.code}\n" \
            f"stdout: {o.stdout[-1500:]}\nstderr: {o.stderr[-1500:]}"
    assert o.code == case["exit"], shown
    stream = o.stdout if case.get("stream") == "stdout" else o.stderr
    missing = [f for f in case.get("says", []) if f.format(**o.prepared.values) not in stream]
    assert not missing, f"missing {missing}" + shown
    if case["exit"] == 1 and case.get("stream", "stderr") == "stderr":
        assert o.stderr.startswith("error: "), shown
        assert "\n\n" not in o.stderr.strip(), "the message is one paragraph" + shown
    texts = output_texts(Path(o.prepared.values["out"])) if case["exit"] == 0 else {}
    # (plain booleans: pytest's diff of a long output against a fragment takes minutes)
    leaked = [bad for bad in NEVER + case.get("never", [])
              if any(bad in text for text in [o.stdout, o.stderr, *texts.values()])]
    assert not leaked, f"{leaked} appeared" + shown
    assert o.audit == "", f"outside file or network reached:\n{o.audit}" + shown
    if case["exit"] != 0:
        changed = {k for k in o.before.keys() | o.after.keys() if o.before.get(k) != o.after.get(k)}
        assert not changed, f"a failed run changed {sorted(changed)}" + shown
    for ext, fragments in case.get("outputs", {}).items():
        assert ext in texts, f"no {ext} written" + shown
        missing = [f for f in fragments if f not in texts[ext]]
        assert not missing, f"{ext} lacks {missing}" + shown


def test_the_audit_hook_sees_reads_network_and_processes(tmp_path):
    """The audit is not vacuous: the same hook records what a payload that ran would do."""
    log = tmp_path / "audit.log"
    code = ("import os, socket\n"
            "open('/etc/passwd').close()\n"
            "try: socket.create_connection(('127.0.0.1', 9), timeout=0.2)\n"
            "except OSError: pass\n"
            "os.system('true')\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path,
                   env=audited_env(log, WATCHED, tmp_path / "pycache"))
    seen = log.read_text()
    assert "open /etc/passwd" in seen and "socket.connect" in seen and "os.system" in seen


def test_corpus_files_are_all_cases():
    """Every file of the corpus belongs to a case, and every case's file exists."""
    named = {c["file"] for c in CASES if "file" in c}
    named |= {f"libraries/{c['library']}" for c in CASES if "library" in c}
    named |= {f"blueprints/{c['blueprints']}" for c in CASES if "blueprints" in c}
    on_disk = {f"params/{p.name}" for p in (HOSTILE / "params").iterdir()}
    on_disk |= {f"libraries/{p.name}" for p in (HOSTILE / "libraries").iterdir()}
    on_disk |= {f"blueprints/{p.name}" for p in (HOSTILE / "blueprints").iterdir()}
    assert on_disk - named == set(), "corpus files without a case"
    assert {n for n in named - on_disk if not n.startswith("libraries/")} == set()
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"


def test_corpus_is_never_modified(outcomes):
    before = {k: v for k, v in snapshot(HOSTILE).items() if "__pycache__" not in k}
    assert before == CORPUS_AT_IMPORT


CORPUS_AT_IMPORT = {k: v for k, v in snapshot(HOSTILE).items() if "__pycache__" not in k}


if __name__ == "__main__":  # print what each case gives
    import tempfile

    wanted = set(sys.argv[1:])
    with tempfile.TemporaryDirectory() as base:
        results = run_all([c for c in CASES if not wanted or c["id"] in wanted], Path(base))
        for cid, o in results.items():
            print(f"--- {cid}: exit {o.code} in {o.seconds:.1f} s {o.prepared.skip or ''}")
            print((o.stderr or o.stdout).rstrip()[:1200])
            if o.audit:
                print("AUDIT:", o.audit)


# --- what a file cannot show: interrupted and failing writes, a user stylesheet ------------------

def _previous_files(folder: Path, names: list[str]) -> dict[str, bytes]:
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_bytes(PREVIOUS)
    return {name: PREVIOUS for name in names}


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() if p.is_file() else b"<dir>" for p in folder.iterdir()}


def test_ctrl_c_while_writing_one_file_leaves_no_part_file(tmp_path, monkeypatch):
    from agreement_kit import output

    before = _previous_files(tmp_path, ["draft.docx"])

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(tmp_path / "draft.docx", b"new")
    assert _state(tmp_path) == before  # the old file, and no .part file


def test_ctrl_c_half_way_through_a_run_changes_no_file(tmp_path, monkeypatch):
    """All files are written under temporary names first; Ctrl-C on the second one leaves
    the first target unreplaced too, and no staging folder behind."""
    from agreement_kit import output

    before = _previous_files(tmp_path, ["a.md", "b.html", "notes.txt"])
    real, calls = os.fsync, []

    def interrupt_second(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(fd)

    monkeypatch.setattr(os, "fsync", interrupt_second)
    with pytest.raises(KeyboardInterrupt):
        output.write_all({tmp_path / "a.md": b"new a", tmp_path / "b.html": b"new b"}, force=True)
    assert _state(tmp_path) == before


def test_full_disk_on_the_second_file_changes_no_file(tmp_path, monkeypatch):
    from agreement_kit import output
    from agreement_kit.errors import UserError

    before = _previous_files(tmp_path, ["a.md", "b.html"])
    real, calls = output.write_atomic, []

    def disk_full_on_second(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(output, "write_atomic", disk_full_on_second)
    with pytest.raises(UserError) as err:
        output.write_all({tmp_path / "a.md": b"new a", tmp_path / "b.html": b"new b"}, force=True)
    assert "No space left on device" in str(err.value) and "No file was changed" in str(err.value)
    assert _state(tmp_path) == before


def test_ctrl_c_during_draft_exits_130_with_a_message(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from agreement_kit.cli import main

    out = tmp_path / "out"
    before = _previous_files(out, ["params-care.md", "params-care.html"])

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    r = CliRunner().invoke(main, ["draft", str(FIXTURES / "params-care.yaml"), "-o", str(out),
                                  "-f", "md,html", "--force",
                                  "--library", str(FIXTURES / "library"),
                                  "--blueprints", str(FIXTURES / "blueprints")])
    assert r.exit_code == 130 and "interrupted" in r.stderr and "Traceback" not in r.output
    assert _state(out) == before


def test_a_stylesheet_reaches_nothing_outside_the_package():
    """Editions add CSS to the page; whatever it names, the PDF renderer fetches nothing."""
    from agreement_kit.errors import UserError
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render.html import render_html
    from agreement_kit.render.pdf import html_to_pdf

    draft = build_drafts(FIXTURES / "params-care.yaml", FIXTURES / "library",
                         FIXTURES / "blueprints")[0]
    for css in ['body { background: url("file:///etc/passwd") }',
                '@font-face { font-family: x; src: url("http://127.0.0.1:9/f.woff") } '
                'body { font-family: x }',
                'h1::before { content: url("../../../../etc/hostname") }']:
        with pytest.raises(UserError, match="refused to fetch"):
            html_to_pdf(render_html(draft, extra_css=css))


# --- texts are bounded before they are built; what they give can go into a document ------------

@pytest.mark.parametrize("source", [
    "{% set s = 'x' * 100000 %}{% for c in s[:3000] %}{{ s }}{% endfor %}",  # a loop prints
    "{% set s = 'x' * 100000 %}{{ ([s] * 3000)|join }}",  # a list of copies is joined
    "{% set s = 'x' * 100000 %}{{ [s, s, s, s] ~ s }}",  # a list is turned into text
    "{% macro m() %}{% for c in 'x' * 3000 %}{{ caller() }}{% endfor %}{% endmacro %}"
    "{% call m() %}{{ 'x' * 100000 }}{% endcall %}",  # a macro's output
])
def test_a_text_is_refused_before_it_is_built(source):
    """3,000 copies of 100 KB would be 300 MB: refused with a small peak of memory."""
    import tracemalloc

    from agreement_kit.library.templating import TextError, render

    tracemalloc.start()
    try:
        with pytest.raises(TextError, match=r"refused by the template sandbox \((text|repetition) too"):
            render(source, {}, where="t")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB built before the refusal"


@pytest.mark.parametrize("escape", ["\\x01", "\\ud800", "\\ufffe", "\\x9b"])
def test_a_text_cannot_give_what_a_document_cannot_hold(escape):
    """A Jinja string escape gives a character lxml refuses; the text is refused instead."""
    from agreement_kit.library.templating import TextError, render

    with pytest.raises(TextError, match="the text gives the control character U\\+"):
        render("a {{ '" + escape + "' }} b", {}, where="t")


# --- a killed run, a failed run's folders, why a write failed ---------------------------------

SLOW_FSYNC = """import os, time
_fsync = os.fsync
def _slow(fd):
    open(os.environ["AK_STAGING_FLAG"], "w").close()  # the staging folder exists now
    time.sleep(30)
    _fsync(fd)
os.fsync = _slow
"""


def _start_slow_draft(tmp_path: Path, out: Path) -> tuple[subprocess.Popen, Path]:
    """`draft --force` whose first fsync (inside the staging folder) waits 30 s."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SLOW_FSYNC)
    flag = tmp_path / "staging"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)]),
           "AK_STAGING_FLAG": str(flag)}
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "draft",
                             str(FIXTURES / "params-care.yaml"), "-o", str(out), "-f", "docx,pdf",
                             "--force", "--library", str(FIXTURES / "library"),
                             "--blueprints", str(FIXTURES / "blueprints")],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert flag.exists(), proc.communicate()
    return proc, flag


def _parts(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".part"))


def test_sigterm_while_staging_removes_the_staging_folder(tmp_path):
    out = tmp_path / "out"
    before = _previous_files(out, ["params-care.docx", "params-care.pdf"])
    proc, _ = _start_slow_draft(tmp_path, out)
    assert _parts(out), "the staging folder should exist while the files are written"
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 143 and "terminated" in stderr and "Traceback" not in stderr
    assert _state(out) == before  # no .part folder, the earlier files as they were


def test_sigterm_while_rendering_exits_cleanly(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "draft",
                             str(FIXTURES / "params-care.yaml"), "-o", str(out), "-f", "pdf",
                             "--library", str(FIXTURES / "library"),
                             "--blueprints", str(FIXTURES / "blueprints")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # the command has started (its SIGTERM handler is set) once it has forked the process
    # that lays out the PDF; on a loaded machine that takes longer than any fixed wait
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    deadline = time.monotonic() + 60
    while proc.poll() is None and time.monotonic() < deadline and children.exists() \
            and not children.read_text().strip():
        time.sleep(0.05)
    time.sleep(0.3)  # importing and laying out the PDF
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode in (0, 143) and "Traceback" not in stderr
    if proc.returncode == 143 and out.exists():
        # the signal came after the files were in place (a fast machine): the run had
        # written all of them, whole, and leaves no staging folder
        assert sorted(p.name for p in out.iterdir()) == ["params-care.pdf"]
        assert (out / "params-care.pdf").read_bytes().startswith(b"%PDF")
        assert (out / "params-care.pdf").read_bytes().rstrip().endswith(b"%%EOF")


def test_the_next_run_removes_what_a_sigkill_left(tmp_path):
    out = tmp_path / "out"
    _previous_files(out, ["params-care.docx", "params-care.pdf"])
    proc, _ = _start_slow_draft(tmp_path, out)
    proc.kill()
    proc.communicate(timeout=30)
    left = _parts(out)
    assert left and str(proc.pid) in left[0], "SIGKILL runs no clean-up: the staging folder stays"
    alive = out / f".agreement-kit-{os.getpid()}-keepme.part"  # a live run's: not touched
    alive.mkdir()
    unrelated = out / ".agreement-kit-notes.txt"
    unrelated.write_bytes(PREVIOUS)
    r = subprocess.run([sys.executable, str(ROOT / "cli.py"), "draft",
                        str(FIXTURES / "params-care.yaml"), "-o", str(out), "-f", "md", "--force",
                        "--library", str(FIXTURES / "library"),
                        "--blueprints", str(FIXTURES / "blueprints")],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert _parts(out) == [alive.name] and unrelated.read_bytes() == PREVIOUS


def test_a_failed_run_creates_no_output_folder(tmp_path, monkeypatch):
    from agreement_kit import output
    from agreement_kit.errors import UserError

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output, "write_atomic", disk_full)
    with pytest.raises(UserError, match="No space left on device.* Free some space"):
        output.write_all({tmp_path / "new" / "drafts" / "a.md": b"new a"}, force=False)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code", [1, 13])  # EPERM, EACCES
def test_permission_denied_is_not_reported_as_a_full_disk(tmp_path, monkeypatch, code):
    from agreement_kit import output
    from agreement_kit.errors import UserError

    def refused(path, data):
        raise PermissionError(code, os.strerror(code))

    monkeypatch.setattr(output, "write_atomic", refused)
    with pytest.raises(UserError) as err:
        output.write_all({tmp_path / "a.md": b"new a"}, force=True)
    message = str(err.value)
    assert f"could not write {tmp_path / 'a.md'}: permission denied" in message
    assert "space" not in message and "Choose a folder you can write to" in message


def test_another_runs_staging_folder_vanishing_meanwhile_fails_nothing(tmp_path, monkeypatch):
    """Two batch workers write to one folder: the other's staging folder can be listed and be
    gone before it is looked at (its run finished). This run still writes its files."""
    from agreement_kit import output

    other = tmp_path / f".agreement-kit-{os.getppid()}-theirs.part"  # a live process's
    other.mkdir()
    listing = os.scandir

    def listed_then_gone(folder="."):
        if isinstance(folder, int) or Path(folder) != tmp_path or not other.exists():
            return listing(folder)
        entries = list(listing(folder))
        os.rmdir(other)  # the other run finished between the listing and the look
        return iter(entries)

    monkeypatch.setattr(output.os, "scandir", listed_then_gone)
    assert output.write_all({tmp_path / "a.md": b"new a"}, force=False) == [tmp_path / "a.md"]
    assert (tmp_path / "a.md").read_bytes() == b"new a" and _parts(tmp_path) == []


def test_a_failed_run_keeps_a_folder_another_run_made(tmp_path, monkeypatch):
    """A folder made by a parallel run between this run's look and its mkdir is not this run's
    to remove when it fails."""
    from agreement_kit import output
    from agreement_kit.errors import UserError

    out = tmp_path / "out"
    real_mkdir = Path.mkdir

    def raced(self, *args, **kwargs):
        if self == out and not out.exists():
            real_mkdir(self)  # the other worker, a moment earlier
        return real_mkdir(self, *args, **kwargs)

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", raced)
    monkeypatch.setattr(output, "write_atomic", disk_full)
    with pytest.raises(UserError, match="No space left"):
        output.write_all({out / "a.md": b"new a"}, force=False)
    assert out.is_dir(), "the other run's folder stays"
