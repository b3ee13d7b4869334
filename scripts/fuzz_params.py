"""Mutation fuzzer for parameter files: every run must end in exit 0, 1 or 2, quickly, with
a message and no traceback, and write nothing outside its output folder.

    python scripts/fuzz_params.py --minutes 10 --seed 10 --findings /tmp/fuzz-findings

Each round takes one of examples/*.yaml, mutates it (bytes, lines, YAML structure, values)
and runs `validate` and `draft -f docx,md --force` on it in-process (one core). A finding is
an exit code other than 0/1/2, "Traceback" or "internal error" in the output, an exception
that escapes the CLI, a run over --hang seconds, or a file written outside the output
folder; each is saved with its input under --findings. The figures go to stdout at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKENS = ["[", "]", "{", "}", ",", ": ", "- ", "? ", "&a ", "*a", "&b [*a, *a, *a] ", "*b",
          "!!binary ", "!!python/object:os.system ", "!x ", "<<: *a", "'", '"', "|", ">", "#",
          "\t", "---\n", "...\n", "%YAML 1.1\n", "~", "null", ".nan", "-.inf", "0x" + "f" * 50,
          "0b101", "0o17", "1:59:59", "1_000", "2026-13-45", "2026-W48-2", "2026-02-29T10:00",
          "yes", "no", "on", "\\x1b[31m", "\\u202e", "\\ud800", "\\x00", "\\uFFFE", "\\e",
          "{{ 7*7 }}", "{% include '/etc/passwd' %}", "a[b]", "__class__", "9" * 30,
          "x" * 600, "\u200b", "\u00e9", "\ufeff", "\r", "\x85", "[[[[[[[[", "{a: {b: {c: ",
          "- - - - - -", "*undefined", "&a", "@", "`", "%"]


def mutate(text: str, rng: random.Random) -> bytes:
    """One to four mutations of a file's text, then sometimes a few raw byte flips."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if not lines:
            lines = ["\n"]
        i = rng.randrange(len(lines))
        if kind < 0.15:
            del lines[i]
        elif kind < 0.25:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind < 0.35:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind < 0.50:  # indent or dedent
            lines[i] = (" " * rng.choice([1, 2, 4]) + lines[i]) if rng.random() < 0.5 \
                else lines[i].lstrip(" ")
        elif kind < 0.80:  # a YAML token somewhere in the line
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(TOKENS) + lines[i][pos:]
        else:  # replace a value after "key:" with a token, a number or a long text
            head, sep, _ = lines[i].partition(": ")
            value = rng.choice(TOKENS + [str(rng.randint(-10**6, 10**12)),
                                         '"' + rng.choice(TOKENS) * rng.randint(1, 40) + '"'])
            lines[i] = head + (sep or ": ") + value + "\n"
    data = "".join(lines).encode("utf-8", "surrogatepass")
    if rng.random() < 0.15:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            if buf:
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        data = bytes(buf)
    return data


class Hang(BaseException):
    """Raised by the alarm: not an Exception, so no handler in the CLI can swallow it."""


def snapshot(folder: Path, skip: Path) -> dict[str, str]:
    state = {}
    for base, dirs, files in os.walk(folder):
        if Path(base) == skip or skip in Path(base).parents:
            continue
        for name in files:
            path = Path(base, name)
            state[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest() \
                if path.is_file() and not path.is_symlink() else "special"
    return state


def run(argv: list[str], hang: float) -> tuple[int | None, str, BaseException | None, float]:
    from click.testing import CliRunner

    from agreement_kit.cli import main

    def expired(signum, frame):
        raise Hang()

    start = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, hang)
    try:
        r = CliRunner().invoke(main, argv, catch_exceptions=True)
        code, output, exc = r.exit_code, r.output, r.exception
    except Hang as e:
        code, output, exc = None, "", e
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if isinstance(exc, SystemExit):
        exc = None
    return code, output, exc, time.perf_counter() - start


def finding(code, output, exc, seconds, hang) -> str | None:
    if exc is not None:
        return f"exception {type(exc).__name__}: {exc}"[:300]
    if code not in (0, 1, 2):
        return f"exit {code}: {output[-300:]}"
    if "Traceback" in output or "internal error" in output:
        return f"traceback or internal error: {output[-300:]}"
    if seconds > hang:
        return f"took {seconds:.1f} s"
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--hang", type=float, default=30)
    ap.add_argument("--findings", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-findings")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    texts = {p: p.read_text(encoding="utf-8") for p in examples}
    args.findings.mkdir(parents=True, exist_ok=True)
    tried = runs = 0
    exits: dict[str, int] = {}
    found: dict[str, str] = {}
    start = time.monotonic()
    with tempfile.TemporaryDirectory() as tmpdir:
        work = Path(tmpdir)
        os.chdir(work)
        while time.monotonic() - start < args.minutes * 60:
            source = rng.choice(examples)
            data = mutate(texts[source], rng)
            params = work / source.name
            params.write_bytes(data)
            out = work / "out"
            before = snapshot(work, out)
            tried += 1
            for argv in (["validate", str(params)],
                         ["draft", str(params), "-o", str(out), "-f", "docx,md", "--force"]):
                code, output, exc, seconds = run(argv, args.hang)
                runs += 1
                exits[str(code)] = exits.get(str(code), 0) + 1
                why = finding(code, output, exc, seconds, args.hang)
                if why is None and snapshot(work, out) != before:
                    why = "a file changed outside the output folder"
                if why:
                    key = hashlib.sha256(data).hexdigest()[:12]
                    (args.findings / f"{key}-{source.name}").write_bytes(data)
                    found[key] = f"{argv[0]} {source.name}: {why}"
                    print(f"FINDING {key}: {found[key]}", flush=True)
                if argv[0] == "validate" and code != 0:
                    break  # an invalid file: draft would say the same
    elapsed = time.monotonic() - start
    print(f"files tried: {tried}; runs: {runs} in {elapsed:.0f} s "
          f"({runs / elapsed:.1f} runs/s); exit codes: {dict(sorted(exits.items()))}; "
          f"findings: {len(found)}")
    for key, why in found.items():
        print(f"  {key}: {why}")


if __name__ == "__main__":
    main()
