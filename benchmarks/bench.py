"""Speed figures for agreement-kit; prints medians, asserts nothing.

    python benchmarks/bench.py [--runs 5] [--params examples/bla-philippines-germany-care.yaml]

Measures, as a user would see them, each in a fresh process:
- cold start of `agreement-kit --help`;
- drafting the example to DOCX, to PDF, and to both;
- in-process: assembly of the Draft, and each renderer on its own;
- peak memory (max RSS) of drafting DOCX and PDF.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, str(ROOT / "cli.py")]


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    """(median seconds, max RSS MiB) of `runs` fresh processes."""
    times, peak = [], 0.0
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return statistics.median(times), peak / 1024


def in_process(params: Path, runs: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render import renderer

    build_drafts(params)  # warm caches (library, templates)
    out: dict[str, float] = {}
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        draft = build_drafts(params)[0]
        samples.append(time.perf_counter() - t)
    out["assemble (warm library)"] = statistics.median(samples)
    for fmt in ("docx", "html", "md", "pdf"):
        fn = renderer(fmt)
        fn(draft)
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            fn(draft)
            samples.append(time.perf_counter() - t)
        out[f"render {fmt}"] = statistics.median(samples)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--params", type=Path,
                    default=ROOT / "examples" / "bla-philippines-germany-care.yaml")
    args = ap.parse_args()
    print(f"agreement-kit benchmarks, median of {args.runs} runs, {args.params.name}")
    help_s, help_mb = timed(CLI + ["--help"], args.runs)
    print(f"  cold `agreement-kit --help`        {help_s * 1000:8.0f} ms   max RSS {help_mb:6.0f} MiB")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("docx", "pdf", "docx,pdf"):
            cmd = CLI + ["draft", str(args.params), "-o", tmp, "--format", fmt, "--force"]
            s, mb = timed(cmd, args.runs)
            print(f"  cold draft --format {fmt:<9}      {s * 1000:8.0f} ms   max RSS {mb:6.0f} MiB")
        pdf = Path(tmp) / (args.params.stem + ".pdf")
        if pdf.exists():
            from pypdf import PdfReader
            print(f"  PDF pages                         {len(PdfReader(str(pdf)).pages):8d}")
    for name, seconds in in_process(args.params, args.runs).items():
        print(f"  in-process {name:<24}{seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
