"""Speed as ratios to LibreOffice, measured side by side in one run; prints, asserts nothing.

    python benchmarks/ratios.py [--runs 3] [--base-rev REV] [--sample 60] [--skip-batch]

Every figure is a ratio to (or a plain measure beside) LibreOffice's bare conversion of the
same DOCX to PDF (`soffice --headless --convert-to pdf`), timed in the same run: soffice's
runs are taken in turn with each figure's own, so the load of a shared machine, which drifts
over minutes, weighs on both sides alike. With --base-rev, the same commands also run
on that revision of the code (extracted with `git archive` into a temporary folder), in the
same run, for a before/after table; the two sides' runs are taken in turn (before, after,
before, ...), so that a shared machine whose speed drifts over minutes weighs on both alike.
Timings are medians of fresh processes, with Python's bytecode cache written
(PYTHONDONTWRITEBYTECODE unset) and a warm agreement-kit cache, as a user's second run would
be.

Figures and targets:
  validate                       <= 0.15 x soffice (largest example)
  draft -f docx                  <= 0.3 x soffice
  draft -f docx,pdf              <= 1.5 x soffice, at ~30 pages and at a longer document
                                    (every clause text repeated: the ratio must not grow)
  batch of 60 drafts, -j 2       >= 1.8 x faster than 60 separate runs, and faster than
                                    soffice converting the same 60 DOCX (one soffice call)
  brief                          <= 2 s
  peak RSS of one worker         <= 200 MiB drafting a ~400-page document (docx,pdf)
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LARGEST = ROOT / "examples" / "bla-philippines-germany-care.yaml"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BATCH_DOCUMENTS = ["mou-nepal-malaysia.yaml", "contract-domestic-worker-indonesia-malaysia.yaml",
                   "ssa-morocco-spain.yaml"]
CORRIDORS = [
    ("Republic of the Philippines", "the Philippines"), ("Federal Democratic Republic of Nepal",
                                                         "Nepal"),
    ("Republic of Indonesia", "Indonesia"), ("Democratic Socialist Republic of Sri Lanka",
                                             "Sri Lanka"),
    ("Kingdom of Morocco", "Morocco"), ("People's Republic of Bangladesh", "Bangladesh"),
    ("Republic of India", "India"), ("Kingdom of Cambodia", "Cambodia"),
    ("Socialist Republic of Viet Nam", "Viet Nam"), ("Republic of Kenya", "Kenya"),
    ("Republic of Ghana", "Ghana"), ("Islamic Republic of Pakistan", "Pakistan"),
    ("Republic of Uzbekistan", "Uzbekistan"), ("Kyrgyz Republic", "Kyrgyzstan"),
    ("Republic of the Union of Myanmar", "Myanmar"), ("Lao People's Democratic Republic",
                                                      "Lao PDR"),
    ("Federal Democratic Republic of Ethiopia", "Ethiopia"), ("Republic of Uganda", "Uganda"),
    ("Republic of Tunisia", "Tunisia"), ("Arab Republic of Egypt", "Egypt"),
]


class Timed:
    """A command that `run(*args)` runs; `once(*args)` is its wall-clock seconds."""

    def run(self, *args) -> None:
        raise NotImplementedError

    def once(self, *args) -> float:
        start = time.perf_counter()
        self.run(*args)
        return time.perf_counter() - start


class Runner(Timed):
    def __init__(self, code: Path, env: dict[str, str]):
        self.code, self.env = code, env

    def cmd(self, *args: str) -> list[str]:
        return [sys.executable, str(self.code / "cli.py"), *map(str, args)]

    def run(self, *args: str) -> None:
        r = subprocess.run(self.cmd(*args), env=self.env, capture_output=True, text=True,
                           cwd=self.code)
        if r.returncode not in (0,):
            raise SystemExit(f"failed ({r.returncode}): {' '.join(map(str, args))}\n{r.stderr}")

    def peak_mib(self, *args: str) -> float:
        """Max RSS of the command's processes, from getrusage in a child of this script."""
        probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
                 "capture_output=True); print(resource.getrusage(resource.RUSAGE_CHILDREN)"
                 ".ru_maxrss)")
        r = subprocess.run([sys.executable, "-c", probe, *self.cmd(*args)], env=self.env,
                           capture_output=True, text=True, cwd=self.code, check=True)
        return int(r.stdout.strip()) / 1024


def side_by_side(sides: dict[str, Timed], runs: int, args_of) -> dict[str, float]:
    """Median seconds of each side's command (`args_of(name)`), the sides' runs taken in
    turn (before, after, before, after, ...) after one warming run each (bytecode, the
    library cache, the OS file cache): a shared machine whose speed drifts over minutes
    weighs on both sides alike."""
    for name, side in sides.items():
        side.run(*args_of(name))
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(runs):
        for name, side in sides.items():
            samples[name].append(side.once(*args_of(name)))
    return {name: statistics.median(values) for name, values in samples.items()}


class Soffice(Timed):
    """LibreOffice converting `docxs` to PDF, as a side of side_by_side (its arguments
    ignored): each figure's ratio is then taken to soffice runs interleaved with its own."""

    def __init__(self, docxs: list[Path], out: Path, profile: Path):
        self.cmd = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, docxs)]

    def run(self, *args) -> None:
        subprocess.run(self.cmd, check=True, capture_output=True)


def soffice_seconds(docxs: list[Path], out: Path, runs: int, profile: Path) -> float:
    lo = Soffice(docxs, out, profile)
    lo.run()  # warm: the profile is created once
    return statistics.median(lo.once() for _ in range(runs))


def long_library(dst: Path, times: int) -> Path:
    """The shipped library with every option text written `times` over (a long document),
    in English only (the translations, which would no longer match, are left out)."""
    shutil.copytree(ROOT / "clause_library", dst, ignore=shutil.ignore_patterns("translations"))
    for path in dst.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "options" not in data:
            continue
        for opt in data["options"]:
            for lang, text in opt["text"].items():
                if "macro" not in text:
                    opt["text"][lang] = "\n\n".join([text.strip()] * times)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False,
                                       width=10**6), encoding="utf-8")
    return dst


def batch_inputs(folder: Path) -> list[Path]:
    """20 corridors x 3 documents: the examples with other parties and dates."""
    folder.mkdir(parents=True)
    files = []
    for i, (country, short) in enumerate(CORRIDORS):
        for name in BATCH_DOCUMENTS:
            data = yaml.safe_load((ROOT / "examples" / name).read_text(encoding="utf-8"))
            data["parties"]["origin"].update(country=country, short=short)
            data["draft"]["date"] = f"2026-{1 + i % 12:02d}-{1 + i:02d}"
            path = folder / f"{Path(name).stem}-{i:02d}.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                            encoding="utf-8")
            files.append(path)
    return files


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(line.split()[1] for line in out.splitlines() if line.startswith("Pages")))


def row(name: str, value: str, target: str, before: str = "") -> None:
    print(f"  {name:<44} {before:>14} {value:>14}   target {target}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--base-rev", help="also measure this git revision (the 'before')")
    ap.add_argument("--sample", type=int, default=60,
                    help="how many of the 60 separate runs to time (the rest extrapolated)")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--long-times", type=int, default=4,
                    help="repeat each text this many times for the long document")
    ap.add_argument("--memory-times", type=int, default=20,
                    help="... and this many for the ~400-page memory figure (0: skip)")
    args = ap.parse_args()
    if SOFFICE is None:
        raise SystemExit("LibreOffice (soffice) is needed: it is what the figures compare with.")
    tmp = Path(tempfile.mkdtemp(prefix="ak-ratios-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["AGREEMENT_KIT_CACHE_DIR"] = str(tmp / "cache")
    sides = {"after": Runner(ROOT, env)}
    if args.base_rev:
        base = tmp / "base"
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base_rev],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        sides = {"before": Runner(base, {**env, "PYTHONPATH": str(base)}), **sides}
    for side in sides.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(side.code / "agreement_kit")],
                       env=env, check=False)
    profile = tmp / "lo-profile"
    print(f"agreement-kit speed as ratios to LibreOffice, median of {args.runs}, load "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    results: dict[str, dict[str, str]] = {s: {} for s in sides}

    # LibreOffice on the DOCX of the largest example
    ref = tmp / "ref"
    sides["after"].run("draft", LARGEST, "-o", ref, "-f", "docx,pdf")
    print(f"  soffice --convert-to pdf of {LARGEST.name}'s DOCX "
          f"({pages(ref / (LARGEST.stem + '.pdf'))} pages), timed in turn with each figure\n")
    print(f"  {'figure':<44} {'before' if args.base_rev else '':>14} {'after':>14}")
    figures = {
        "validate": lambda name: ("validate", LARGEST),
        "docx": lambda name: ("draft", LARGEST, "-o", tmp / f"out-{name}", "-f", "docx",
                              "--force"),
        "docxpdf": lambda name: ("draft", LARGEST, "-o", tmp / f"out-{name}", "-f", "docx,pdf",
                                 "--force"),
        "brief": lambda name: ("brief", LARGEST, "-o", tmp / f"out-{name}" / "brief",
                               "--force"),
    }
    reference = Soffice([ref / f"{LARGEST.stem}.docx"], tmp / "lo", profile)
    windows = []
    for figure, args_of in figures.items():
        times = side_by_side({**sides, "soffice": reference}, args.runs, args_of)
        lo_here = times.pop("soffice")  # soffice's median among this figure's own runs
        windows.append(f"{lo_here:.2f}")
        for name, t in times.items():
            results[name][figure] = f"{t:.2f}s" if figure == "brief" else \
                f"{t / lo_here:.2f}x ({t:.2f}s)"
    row("validate / soffice", results["after"]["validate"], "<= 0.15x",
        results.get("before", {}).get("validate", ""))
    row("draft -f docx / soffice", results["after"]["docx"], "<= 0.3x",
        results.get("before", {}).get("docx", ""))
    row(f"draft -f docx,pdf / soffice ({pages(ref / (LARGEST.stem + '.pdf'))} p)",
        results["after"]["docxpdf"], "<= 1.5x", results.get("before", {}).get("docxpdf", ""))
    row("brief (docx,pdf)", results["after"]["brief"], "<= 2 s",
        results.get("before", {}).get("brief", ""))
    print(f"  (soffice among each figure's runs: {', '.join(windows)} s)")

    # a longer document: the ratio must not grow with length
    lib = long_library(tmp / f"lib-x{args.long_times}", args.long_times)
    long_out = tmp / "long"
    sides["after"].run("draft", LARGEST, "-o", long_out, "-f", "docx,pdf", "--library", lib)
    n = pages(long_out / f"{LARGEST.stem}.pdf")
    long_reference = Soffice([long_out / f"{LARGEST.stem}.docx"], tmp / "lo-long", profile)
    times = side_by_side({**sides, "soffice": long_reference}, args.runs, lambda name: (
        "draft", LARGEST, "-o", tmp / f"long-{name}", "-f", "docx,pdf", "--force",
        "--library", lib))
    lo_long = times.pop("soffice")
    vals = {name: f"{t / lo_long:.2f}x ({t:.1f}s)" for name, t in times.items()}
    row(f"draft -f docx,pdf / soffice ({n} p)", vals["after"], "<= 1.5x, not growing",
        vals.get("before", ""))

    if not args.skip_batch:
        files = batch_inputs(tmp / "batch-in")
        bout = tmp / "batch-ref"
        sides["after"].run("draft", tmp / "batch-in", "-o", bout, "-f", "docx", "-j", "2")
        lo60 = soffice_seconds(sorted(bout.glob("*.docx")), tmp / "lo60", 1, profile)
        sample = files[:: max(1, len(files) // args.sample)][: args.sample]
        for name in sides:
            results[name]["separate"] = 0.0
        for f in sample:  # each file by each side in turn
            for name, side in sides.items():
                results[name]["separate"] += side.once(
                    "draft", f, "-o", tmp / f"sep-{name}", "-f", "docx,pdf", "--force")
        for name in sides:
            results[name]["separate"] *= len(files) / len(sample)
        batch = sides["after"].once("draft", tmp / "batch-in", "-o", tmp / "batch-out", "-f",
                                    "docx,pdf", "-j", "2")
        est = "" if args.sample >= len(files) else f", {args.sample} timed"
        row("60 separate runs (docx,pdf)", f"{results['after']['separate']:.0f}s{est}", "",
            f"{results['before']['separate']:.0f}s" if "before" in results else "")
        row("batch of 60, -j 2: speed-up over separate", f"{results['after']['separate'] / batch:.2f}x"
            f" ({batch:.0f}s)", ">= 1.8x")
        row("batch of 60 / soffice on the 60 DOCX", f"{batch / lo60:.2f}x ({lo60:.0f}s)",
            "< 1x")

    if args.memory_times:
        big = long_library(tmp / f"lib-x{args.memory_times}", args.memory_times)
        for name, side in sides.items():
            mib = side.peak_mib("draft", LARGEST, "-o", tmp / f"mem-{name}", "-f", "docx,pdf",
                                "--library", big, "--force")
            results[name]["mem"] = f"{mib:.0f} MiB"
        n = pages(tmp / "mem-after" / f"{LARGEST.stem}.pdf")
        row(f"peak RSS of one worker, {n} pages", results["after"]["mem"], "<= 200 MiB",
            results.get("before", {}).get("mem", ""))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
