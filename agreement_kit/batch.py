"""Many parameter files in one run: `draft A.yaml B.yaml -o OUT`, `review folder/`.

The files are drafted by worker processes (``--jobs``, default the cores), each of which loads
the clause library and blueprints once and then drafts file after file exactly as a single
run does (the same functions, so the same bytes). A file that fails writes nothing and stops
nothing: its problems are collected and printed, with every other file's, at the end; the run
then exits 1. Each file's outputs are written with :func:`output.write_all`, all of a file's
formats or none of them.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from .errors import Problem, UserError


@dataclass
class Outcome:
    """What one file of a batch gave: the files written, warnings, or the error."""

    file: str
    written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    data: Any = None  # a result the parent prints or gathers (a review, a portfolio row)

    @property
    def ok(self) -> bool:
        return self.error is None


# --- the inputs ---------------------------------------------------------------------------

def expand(arguments: Iterable[str | Path]) -> list[Path]:
    """The parameter files named: files as given, a folder's *.yaml, a glob's matches (in
    order, each once). A folder with no .yaml file or a glob that matches nothing is an
    error, reported with the others."""
    found: list[Path] = []
    problems: list[Problem] = []
    for arg in arguments:
        text = str(arg)
        path = Path(text)
        if path.is_dir():
            items = sorted(path.glob("*.yaml"))
            if not items:
                problems.append(Problem(f"the folder {text} holds no .yaml parameter file."))
            found += items
        elif not path.exists() and glob.has_magic(text):
            items = sorted(Path(p) for p in glob.glob(text) if not Path(p).is_dir())
            if not items:
                problems.append(Problem(f"no file matches {text}."))
            found += items
        else:
            found.append(path)
    if problems:
        raise UserError("", problems=problems)
    return list(dict.fromkeys(found))


def check_stems(paths: list[Path], what: str = "their outputs") -> None:
    """Two inputs with one name would write the same output files: refuse before any work."""
    by_stem: dict[str, list[Path]] = {}
    for p in paths:
        by_stem.setdefault(p.stem, []).append(p)
    clashes = {s: ps for s, ps in by_stem.items() if len(ps) > 1}
    if clashes:
        raise UserError("", problems=[Problem(
            f"{', '.join(map(str, ps))} have the same name '{s}', so {what} would overwrite "
            "each other in the output folder; rename one or draft them in separate runs.")
            for s, ps in clashes.items()])


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --- errors as messages --------------------------------------------------------------------

def error_text(exc: BaseException) -> tuple[str, int] | None:
    """(message, exit code) for an error a user should see as a message; None to re-raise.
    The same rules as the CLI's for one file."""
    if isinstance(exc, UserError):
        return "error: " + str(exc).replace("\n", "\n  "), 1
    if isinstance(exc, MemoryError):
        return "error: the input needs more memory than is available; it is refused.", 1
    if isinstance(exc, (BrokenPipeError, KeyboardInterrupt, SystemExit)):
        return None
    from jinja2 import TemplateError

    if isinstance(exc, TemplateError):
        return (f"error: a clause or blueprint text is invalid: {exc}. Run "
                "`agreement-kit lint` to see its file and line.", 1)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return (f"error: {exc.strerror or exc}{where}. Check the path, its permissions and the "
                "free space, then run again.", 1)
    return (f"internal error: {type(exc).__name__}: {exc}\nThis is a bug in agreement-kit, not "
            "in your input. Run again with --debug and report the traceback.", 3)


# --- running -------------------------------------------------------------------------------

class Collector:
    """Stands in for terminal.Progress inside a worker: keeps the notes, shows nothing."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def __call__(self, stage: str) -> None:
        pass

    def clear(self) -> None:
        pass

    def note(self, message: str) -> None:
        self.notes.append(message)


def _init_worker(library_dir: Path | None, blueprint_dir: Path | None, no_cache: bool) -> None:
    """Once per worker: the library and blueprints, parsed or read from the cache."""
    if no_cache:
        from .library.cache import disable
        disable()
    from . import render

    render.CONCURRENT = False  # the pool keeps the cores busy already
    from .library.blueprints import load_blueprints
    from .library.clauses import load_library

    try:
        load_library(library_dir)
        load_blueprints(blueprint_dir)
    except Exception:  # noqa: BLE001 - each file then reports the problem itself
        pass
    import gc

    from .program import GC_THRESHOLDS

    gc.collect()
    gc.freeze()  # the library and the modules: never garbage, so never scanned again
    gc.set_threshold(*GC_THRESHOLDS)
    gc.enable()  # a worker lives through many files (the program runs without it)


def _guarded(task: Callable[[Path], Outcome], path: Path, debug: bool) -> Outcome:
    try:
        return task(path)
    except Exception as exc:  # noqa: BLE001 - one file's failure is reported, not raised
        if debug:
            import traceback
            return Outcome(str(path), error=traceback.format_exc())
        text = error_text(exc)
        if text is None:
            raise
        return Outcome(str(path), error=text[0])


def run(task: Callable[[Path], Outcome], paths: list[Path], jobs: int, what: str, *,
        library_dir: Path | None = None, blueprint_dir: Path | None = None,
        debug: bool = False) -> list[Outcome]:
    """`task(path)` for every path, `jobs` at a time in worker processes; the outcomes in the
    order of `paths`. A progress bar with the file last finished shows on a terminal."""
    from .library.cache import enabled
    from .terminal import ProgressBar

    outcomes: dict[int, Outcome] = {}
    jobs = max(1, min(jobs, len(paths)))
    with ProgressBar(what, len(paths)) as bar:
        if jobs == 1:
            import gc

            for i, path in enumerate(paths):
                bar.current(path.name)
                outcomes[i] = _guarded(task, path, debug)
                bar.advance(path.name)
                gc.collect()  # what the file left behind, before the next one
        else:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            with ProcessPoolExecutor(
                    max_workers=jobs, mp_context=multiprocessing.get_context(method),
                    initializer=_init_worker,
                    initargs=(library_dir, blueprint_dir, not enabled())) as pool:
                futures = {pool.submit(_guarded, task, path, debug): i
                           for i, path in enumerate(paths)}
                try:
                    for future in as_completed(futures):
                        i = futures[future]
                        outcomes[i] = future.result()
                        bar.advance(paths[i].name)
                except BaseException:
                    for future in futures:
                        future.cancel()
                    raise
    return [outcomes[i] for i in range(len(paths))]


def report(outcomes: list[Outcome], echo: Callable[..., None], what: str = "file") -> int:
    """Print every file's written paths (stdout), then its warnings and problems (stderr);
    the exit code: 0, or the worst of the failures (1 for input problems)."""
    for o in outcomes:
        for path in o.written:
            echo(f"wrote {path}")
    for o in outcomes:
        for note in o.notes:
            echo(note if o.file in note else f"{o.file}: {note}", err=True)
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        echo(o.error if o.file in o.error.split("\n", 1)[0] else f"{o.file}: {o.error}",
             err=True)
    if failed:
        echo(f"{len(failed)} of {len(outcomes)} {what}(s) failed and wrote nothing: "
             + ", ".join(o.file for o in failed) + ".", err=True)
        return 3 if any(o.error and o.error.startswith("internal error") for o in failed) else 1
    return 0


# --- drafting -----------------------------------------------------------------------------

def draft_file(params: Path, outdir: Path, fmts: list[str], edition: str, strict: bool,
               force: bool, library_dir: Path | None, blueprint_dir: Path | None,
               step, house=None, no_check: bool = False, worker=None) -> list[Path]:
    """Draft one parameter file into `outdir`, as `agreement-kit draft FILE` does; `step` is
    the progress display (terminal.Progress, or a Collector in a batch); `house` the house
    style (render.house_style.HouseStyle; None: ours); `worker` a process the command
    started for the PDF or the DOCX (concurrent.early_worker). The files written."""
    from .render.house_style import DEFAULT

    return _draft_file(params, outdir, fmts, edition, strict, force, library_dir,
                       blueprint_dir, step, worker, house or DEFAULT, no_check)


def _draft_file(params, outdir, fmts, edition, strict, force, library_dir, blueprint_dir,
                step, worker, house, no_check) -> list[Path]:
    from .assemble.assembler import assemble
    from .assemble.pipeline import check_drafts, open_negotiation
    from .negotiate.review import below_floor
    from .output import check_folder, check_targets, write_all
    from .render import EXTENSIONS, hand_over, render_all

    step("reading the parameters")
    negotiation, library, blueprints = open_negotiation(params, library_dir, blueprint_dir)
    step("assembling")
    drafts = [assemble(negotiation, library, blueprints, lang)
              for lang in negotiation.params.languages]
    if edition != "parallel":
        hand_over(worker, drafts, fmts)  # it renders while the checks run
    step("checking")
    check_drafts(params, drafts, library, refuse=not no_check,
                 warn=lambda message: step.note(f"warning: {message}"))
    findings = floor_findings(negotiation, below_floor(negotiation, library, blueprints,
                                                       drafts[0]))
    if findings and strict:
        raise UserError("", problems=findings + [Problem(
            f"{len(findings)} clause(s) below the international floor, so --strict drafts "
            f"nothing. The standards in full: agreement-kit review {params}")])
    for finding in findings:
        step.note(f"warning: {finding}")
    if findings:
        step.note(f"warning: {len(findings)} clause(s) below the international floor; the "
                  f"standards in full: agreement-kit review {params}")
    folder = check_folder(outdir)
    if edition == "parallel":
        return _parallel_files(params, drafts, fmts, folder, force, step)
    suffix = "-internal" if edition == "annotated" else ""  # never mistaken for clean
    stems = {d.language: params.stem + suffix + ("" if len(drafts) == 1 else f".{d.language}")
             for d in drafts}
    paths = {(d.language, fmt): folder / f"{stems[d.language]}.{EXTENSIONS[fmt]}"
             for d in drafts for fmt in fmts}
    check_targets(list(paths.values()), force)  # refuse before any rendering work
    files = {}
    for d in drafts:
        lang = f" ({d.language})" if len(drafts) > 1 else ""
        rendered = render_all(d, fmts, edition, lambda fmt: step(f"rendering {fmt}{lang}"),
                              house, worker=worker)
        files.update({paths[d.language, fmt]: data for fmt, data in rendered.items()})
    step("writing")
    return write_all(files, force)


PARALLEL_FORMATS = ("docx", "pdf", "html")


def _parallel_files(params: Path, drafts: list, fmts: list[str], folder: Path, force: bool,
                    step) -> list[Path]:
    """`--edition parallel`: the languages of the file side by side in one document."""
    from .model.parallel import align
    from .output import check_targets, write_all
    from .render import EXTENSIONS
    from .render.parallel import render_parallel_docx, render_parallel_html

    if len(drafts) < 2:
        raise UserError(f"{params}: --edition parallel sets two or three languages side by "
                        f"side, but the file lists one ({drafts[0].language}). Add the others "
                        "to `languages:`, e.g. languages: [en, ar].", file=str(params),
                        field="languages")
    if len(drafts) > 3:
        raise UserError(f"{params}: a parallel edition holds at most three columns; the file "
                        f"lists {len(drafts)} languages. Draft one file per language instead "
                        "(--edition clean).", file=str(params), field="languages")
    unsupported = [f for f in fmts if f not in PARALLEL_FORMATS]
    if unsupported:
        raise UserError(f"the parallel edition is written as {', '.join(PARALLEL_FORMATS)}, not "
                        f"{', '.join(unsupported)}; draft those with --edition clean.")
    edition = align(drafts)
    stem = f"{params.stem}.parallel"
    paths = {fmt: folder / f"{stem}.{EXTENSIONS[fmt]}" for fmt in fmts}
    check_targets(list(paths.values()), force)
    files = {}
    html = render_parallel_html(edition)
    for fmt in fmts:
        step(f"rendering {fmt} (parallel)")
        if fmt == "html":
            files[paths[fmt]] = html.encode()
        elif fmt == "docx":
            files[paths[fmt]] = render_parallel_docx(edition)
        else:
            from .render.pdf import layout_pdf, parameters_of, require_faces
            require_faces(edition.languages)
            files[paths[fmt]] = layout_pdf(html, embedded=parameters_of(drafts[0]))[0]
    step("writing")
    return write_all(files, force)


def draft_task(params: Path, **options: Any) -> Outcome:
    """One file of `draft A B C`: its outputs written, its warnings kept for the end."""
    notes = Collector()
    written = draft_file(params, step=notes, **options)
    return Outcome(str(params), [str(p) for p in written], notes.notes)


# --- reviewing ----------------------------------------------------------------------------

def review_file(params: Path, fmt: str, floor_file: Path | None, library_dir: Path | None,
                blueprint_dir: Path | None, step, lang: str | None = None):
    """(Review, its bytes in `fmt`) of one parameter file, as `agreement-kit review` gives."""
    from .assemble.pipeline import checked_drafts, open_negotiation
    from .negotiate.review import review as build_review
    from .render.review import format_review

    step("reading the parameters")
    checked_drafts(params, library_dir, blueprint_dir, refuse=False,
                   warn=lambda message: step.note(f"warning: {message}"))
    negotiation, library, blueprints = open_negotiation(params, library_dir, blueprint_dir,
                                                        every_language=lang is not None)
    position = None
    if floor_file is not None:
        from .negotiate.position import load_position
        position = load_position(floor_file, library)
    step("assembling and measuring each clause")
    result = build_review(negotiation, library, blueprints, position=position,
                          lang=lang or negotiation.params.languages[0])
    step(f"formatting ({fmt})")
    return result, format_review(result, fmt)


def check_file(params: Path, library_dir: Path | None,
               blueprint_dir: Path | None) -> tuple[list[str], int, int]:
    """(finding lines, errors, warnings) of one parameter file, as `agreement-kit check`
    prints them."""
    from .assemble.pipeline import draft_findings, drafts_and_library, finding_problem

    drafts, library = drafts_and_library(params, library_dir, blueprint_dir)
    found = draft_findings(drafts, library)
    lines = [str(finding_problem(params, lang, f, len(drafts) > 1)) for lang, f in found]
    errors = sum(1 for _, f in found if f.severity == "error")
    return lines, errors, len(found) - errors


def check_task(params: Path, *, library_dir: Path | None,
               blueprint_dir: Path | None) -> Outcome:
    """One file of `check A B C`: its findings, printed by the parent in the files' order."""
    return Outcome(str(params), data=check_file(params, library_dir, blueprint_dir))


def review_task(params: Path, *, fmt: str, floor_file: Path | None, library_dir: Path | None,
                blueprint_dir: Path | None, targets: dict[str, Path] | None,
                force: bool, lang: str | None = None) -> Outcome:
    """One file of `review A B C`: its review written to its target, or kept to print."""
    from .output import write_all

    result, data = review_file(params, fmt, floor_file, library_dir, blueprint_dir,
                               Collector(), lang)
    breaches = {level: len(result.breaches(level)) for level in ("floor", "good-practice")}
    if floor_file is not None:
        breaches["position"] = len(result.breaches("position"))
    if targets is not None:
        written = write_all({targets[str(params)]: data}, force)
        return Outcome(str(params), [str(p) for p in written], data={"breaches": breaches})
    return Outcome(str(params), data={"bytes": data, "breaches": breaches})


# --- the portfolio ---------------------------------------------------------------------------

def portfolio_task(params: Path, *, floor_file: Path | None, library_dir: Path | None,
                   blueprint_dir: Path | None) -> Outcome:
    """One row of the portfolio: the agreement reviewed (against the position, if any)."""
    from .assemble.pipeline import open_negotiation
    from .negotiate.portfolio import entry

    negotiation, library, blueprints = open_negotiation(params, library_dir, blueprint_dir)
    position = None
    if floor_file is not None:
        from .negotiate.position import load_position
        position = load_position(floor_file, library)
    return Outcome(str(params), data=entry(negotiation, library, blueprints, position))


def floor_findings(negotiation, rows) -> list[Problem]:
    """A below-floor clause as a problem at its line: slot, option, the standards it misses."""
    found = []
    given = negotiation.params.clauses
    for row in rows:
        slot_id = row.slot.split("/", 1)[-1]
        name = row.slot if row.slot in given else slot_id
        line = negotiation.source.line(("clauses", name)) if name in given else None
        standards = "; ".join(s.citation for s in row.falls_short_of) or "the floor"
        whose = "" if row.chosen else " (the library default)"
        better = f" The weakest option that meets it: '{row.floor_option}'." \
            if row.floor_option else ""
        found.append(Problem(
            f"option '{row.option}'{whose} of slot '{slot_id}' ({row.where}) is below the "
            f"international floor: it falls short of {standards}.{better}",
            negotiation.file, line, f"clauses.{name}"))
    found.sort(key=lambda p: p.line or 0)
    return found


__all__ = ["Outcome", "expand", "check_stems", "run", "report", "default_jobs", "error_text",
           "Collector", "draft_file", "draft_task", "floor_findings"]
