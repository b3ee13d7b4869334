"""The agreement-kit command line.

Each command is a small function; the work happens in the library modules, imported inside
the command so that ``agreement-kit --help`` starts fast. Every user error is printed as one
message and exits 1; usage errors exit 2; ``--debug`` shows tracebacks for developers.
"""

from __future__ import annotations

import gc
import os
import re
import signal
import sys
from pathlib import Path
from typing import Callable

import click

from . import __version__
from .program import GC_THRESHOLDS
FORMAT_HELP = "Comma-separated: docx, pdf, html, md, json."


def echo(message: str = "", err: bool = False, nl: bool = True) -> None:
    """click.echo with terminal escapes and other controls shown, never sent raw."""
    from .terminal import visible

    click.echo(visible(message), err=err, nl=nl)


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that clean-up (staging folders) runs."""


def _terminated(signum, frame):
    raise Terminated()


class TextOption(click.ParamType):
    """A command-line text: no control characters, and UTF-8 (a stray byte is refused)."""

    name = "text"
    _CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

    def convert(self, value, param, ctx):
        bad = self._CONTROL.search(value) if isinstance(value, str) else None
        if bad and 0xD800 <= ord(bad.group()) <= 0xDFFF:  # how Python keeps a non-UTF-8 byte
            self.fail(f"is not UTF-8 text (byte 0x{ord(bad.group()) - 0xDC00:02x} at position "
                      f"{bad.start() + 1}); give it as UTF-8.", param, ctx)
        if bad:
            self.fail(f"contains the control character U+{ord(bad.group()):04X} at position "
                      f"{bad.start() + 1}; give plain text.", param, ctx)
        return value


TEXT = TextOption()


class KitGroup(click.Group):
    """Turns errors into messages: no Python traceback reaches a user without --debug."""

    def invoke(self, ctx: click.Context):
        from .library.cache import ENV_OFF

        cache_setting = os.environ.get(ENV_OFF)  # --no-cache holds for one command
        gc_setting = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            echo("interrupted; files already on disk were left as they were.", err=True)
            sys.exit(130)
        except Terminated:
            echo("terminated; files already on disk were left as they were.", err=True)
            sys.exit(143)
        except Exception as exc:  # noqa: BLE001 - the one place errors become messages
            from .errors import UserError

            if ctx.obj and ctx.obj.get("debug"):
                raise
            if isinstance(exc, UserError):
                echo("error: " + "\n  ".join(str(p) for p in exc.problems), err=True)
                sys.exit(1)
            if isinstance(exc, MemoryError):
                echo("error: the input needs more memory than is available; it is refused.",
                           err=True)
                sys.exit(1)
            if isinstance(exc, BrokenPipeError):
                raise  # the reader went away (`| head`); click exits quietly
            from jinja2 import TemplateError

            if isinstance(exc, TemplateError):  # a library text no caller placed in a file
                echo(f"error: a clause or blueprint text is invalid: {exc}. Run "
                     "`agreement-kit lint` to see its file and line.", err=True)
                sys.exit(1)
            if isinstance(exc, OSError):  # the system refused: disk full, no permission...
                where = f" ({exc.filename})" if exc.filename else ""
                echo(f"error: {exc.strerror or exc}{where}. Check the path, its "
                     "permissions and the free space, then run again.", err=True)
                sys.exit(1)
            echo(f"internal error: {type(exc).__name__}: {exc}\nThis is a bug in "
                       "agreement-kit, not in your input. Run again with --debug and report the "
                       "traceback.", err=True)
            sys.exit(3)
        finally:
            gc.set_threshold(*gc_setting)
            if cache_setting is None:
                os.environ.pop(ENV_OFF, None)
            else:
                os.environ[ENV_OFF] = cache_setting


def _formats(value: str, allowed: tuple[str, ...] | None = None) -> list[str]:
    from .render import FORMATS

    allowed = allowed or FORMATS
    items = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise click.BadParameter(f"unknown format {', '.join(bad) or value!r}; choose from "
                                 f"{', '.join(allowed)}.")
    return list(dict.fromkeys(items))


library_option = click.option(
    "--library", "library_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Use another clause library folder (default: the one shipped with agreement-kit).")
no_check_option = click.option(
    "--no-check", "no_check", is_flag=True,
    help="Write even if the consistency checks find errors (they are still printed).")


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def _no_cache(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        from .library.cache import disable
        disable()


no_cache_option = click.option(
    "--no-cache", is_flag=True, expose_value=False, is_eager=True, callback=_no_cache,
    help="Parse the clause library and blueprints afresh: neither read nor write the cache "
    "of them (kept in ~/.cache/agreement-kit, or $AGREEMENT_KIT_CACHE_DIR).")
blueprints_option = click.option(
    "--blueprints", "blueprint_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Use another folder of model documents (default: the shipped model_contracts).")


@click.group(cls=KitGroup, context_settings={"help_option_names": ["-h", "--help"],
                                             "max_content_width": 100})
@click.version_option(__version__, prog_name="agreement-kit")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for developers).")
@click.option("--translations", "translation_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A language folder of your own (e.g. de/ with its language.yaml), or a "
              "folder of them, laid over the library's languages; may be repeated.")
@click.pass_context
def main(ctx: click.Context, debug: bool, translation_dirs: tuple[Path, ...]) -> None:
    """Draft labour-mobility agreements from a clause library and negotiation parameters.

    \b
    Start here:
      agreement-kit documents                           what can be drafted
      agreement-kit init bilateral-labour-agreement -o params.yaml   a starter file
      agreement-kit draft params.yaml -o out            DOCX and PDF of the draft
      agreement-kit validate params.yaml                check a parameter file
      agreement-kit clauses list                        what the library holds
      agreement-kit options recruitment-costs           compare a clause's options
    """
    ctx.ensure_object(dict)["debug"] = debug
    if translation_dirs:  # read by every library load, worker processes included
        from .library.clauses import TRANSLATIONS_ENV
        before = os.environ.get(TRANSLATIONS_ENV)
        os.environ[TRANSLATIONS_ENV] = os.pathsep.join(str(p.resolve()) for p in translation_dirs)
        ctx.call_on_close(lambda: os.environ.pop(TRANSLATIONS_ENV) if before is None
                          else os.environ.__setitem__(TRANSLATIONS_ENV, before))
    import threading

    if threading.current_thread() is threading.main_thread():  # SIGTERM cleans up as Ctrl-C does
        previous = signal.signal(signal.SIGTERM, _terminated)
        ctx.call_on_close(lambda: signal.signal(signal.SIGTERM, previous))


jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None,
    help="With several files: how many to work on at once, each in its own process "
    "(default: the number of cores).")


@main.command()
@click.argument("params", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the drafts (created if missing).")
@click.option("-f", "--format", "formats", type=TEXT, default="docx,pdf", show_default=True,
              help=FORMAT_HELP)
@click.option("--edition", type=click.Choice(["clean", "annotated", "parallel"]), default="clean",
              show_default=True, help="annotated adds each clause's commentary and sources as "
              "Word comments and PDF notes, for internal circulation; parallel sets the file's "
              "languages side by side (NAME.parallel.docx, .pdf, .html).")
@click.option("--strict", is_flag=True, help="Refuse to draft (exit 1, nothing written) when a "
              "clause's option is below the international floor; without it, a warning.")
@click.option("--house-style", "house_dir", type=click.Path(path_type=Path),
              help="A folder with the ministry's own house-style.docx and/or house-style.css "
              "(see `agreement-kit house-style --help`).")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@no_check_option
@jobs_option
@library_option
@no_cache_option
@blueprints_option
@click.pass_context
def draft(ctx: click.Context, params: tuple[Path, ...], outdir: Path, formats: str,
          edition: str, strict: bool, house_dir: Path | None, force: bool, no_check: bool,
          jobs: int | None, library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Draft the document a parameter file describes (or many: files, folders, globs).

    \b
    Example:
      agreement-kit draft examples/bla-philippines-germany-care.yaml -o out --format docx,pdf
    writes out/bla-philippines-germany-care.docx and .pdf. With several languages in the
    file, each gets its own files (name.en.docx, name.fr.docx). The consistency checks of
    `agreement-kit check` run first: errors stop the draft (--no-check writes it anyway). A
    clause below the international floor is named on stderr (with --strict, nothing is drafted).

    \b
    Many at once, two at a time:
      agreement-kit draft negotiations/ more/*.yaml -o out --jobs 2
    writes out/NAME.docx and .pdf for each; a file that fails writes nothing, the others go
    on, and every file's problems are listed at the end (exit 1).
    """
    from .render.house_style import load_house_style

    fmts = _formats(formats)
    house = load_house_style(house_dir)
    paths = _inputs(params)
    if paths is None:
        from .render.concurrent import closing, early_worker

        # first, so that it imports WeasyPrint (or python-docx) while this process goes on
        with closing(early_worker(fmts, edition, house)) as worker:
            from .batch import draft_file
            from .terminal import Progress

            with Progress("drafting") as step:
                written = draft_file(params[0], outdir, fmts, edition, strict, force,
                                     library_dir, blueprint_dir, step, house, no_check,
                                     worker=worker)
        for path in written:
            echo(f"wrote {path}")
        return
    from functools import partial

    from .batch import check_stems, draft_task
    from .output import check_folder

    check_stems(paths)
    check_folder(outdir)
    task = partial(draft_task, outdir=outdir, fmts=fmts, edition=edition, strict=strict,
                   force=force, library_dir=library_dir, blueprint_dir=blueprint_dir,
                   house=house, no_check=no_check)
    _run_batch(ctx, task, paths, jobs, "drafting", library_dir, blueprint_dir)


def _rendered(step, jobs: dict, worker=None, html: str | None = None,
              meanwhile: Callable[[], object] | None = None) -> dict:
    """path -> bytes for jobs of path -> (format, render), the progress line naming each.
    With `worker` (concurrent.early_pdf_worker), it lays out the PDF from `html` while the
    other formats render here; else, with a PDF among several formats, one other format
    renders in a forked process while the PDF is laid out here (the same renderers, so the
    same bytes). `meanwhile()` (checks that may still refuse) runs once the PDF has been
    handed to the worker, before anything else renders."""
    from .render.concurrent import start_job

    pdf = next((p for p, (fmt, _) in jobs.items() if fmt == "pdf"), None)
    early = pdf is not None and worker is not None and html is not None \
        and worker.submit(("html", html))
    if meanwhile is not None:
        meanwhile()
    beside = None
    if pdf is not None and not early and len(jobs) > 1:
        beside = next((p for p, (fmt, _) in jobs.items() if fmt != "pdf"), None)
    job = start_job(jobs[beside][1]) if beside is not None else None
    files = {}
    for path, (fmt, render) in jobs.items():
        if (path == beside and job is not None) or (path == pdf and early):
            continue
        step(f"rendering {fmt}")
        files[path] = render()
    if early:
        step("rendering pdf")
        laid_out = worker.result()
        files[pdf] = laid_out[0] if laid_out is not None else jobs[pdf][1]()
    if job is not None:
        data = job.raw()
        files[beside] = data if data is not None else jobs[beside][1]()
    return {path: files[path] for path in jobs}


def _inputs(params: tuple[Path, ...]) -> list[Path] | None:
    """None for one plain file (the single-file command, exactly as it always was), else
    every parameter file the arguments name (folders: their *.yaml; globs: their matches)."""
    if len(params) == 1 and not params[0].is_dir() and (params[0].exists()
                                                         or not _has_magic(params[0])):
        return None
    from .batch import expand

    return expand(params)


def _has_magic(path: Path) -> bool:
    import glob

    return glob.has_magic(str(path))


def _run_batch(ctx: click.Context, task, paths: list[Path], jobs: int | None, what: str,
               library_dir: Path | None, blueprint_dir: Path | None):
    from .batch import default_jobs, report, run

    debug = bool(ctx.obj and ctx.obj.get("debug"))
    outcomes = run(task, paths, jobs or default_jobs(), what, library_dir=library_dir,
                   blueprint_dir=blueprint_dir, debug=debug)
    code = report(outcomes, click.echo)
    if code:
        sys.exit(code)
    return outcomes


@main.command()
@click.argument("params", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the portfolio (created if missing): portfolio.html, .pdf ...")
@click.option("-f", "--format", "formats", default="html,pdf,csv,xlsx", show_default=True,
              help="Comma-separated: html, pdf, csv, xlsx.")
@click.option("--floor", "floor_file", type=click.Path(path_type=Path),
              help="A position file (a common minimum position): mark and list every clause "
              "below it. See examples/positions/.")
@click.option("--name", default="portfolio", show_default=True,
              help="The output files' name, before the extension.")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@jobs_option
@library_option
@no_cache_option
@blueprints_option
@click.pass_context
def portfolio(ctx: click.Context, params: tuple[Path, ...], outdir: Path, formats: str,
              floor_file: Path | None, name: str, force: bool, jobs: int | None,
              library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Portfolio view: many agreements side by side, clause topic by clause topic.

    \b
    A heat map of every agreement (rows) by clause topic (columns, grouped by family), each
    cell the chosen option's protection level; totals per agreement; the clauses below the
    international floor and, with --floor, below a common minimum position; and the topics
    one country's agreements settle differently. As HTML and PDF (landscape) to read, and
    CSV and XLSX for a spreadsheet. Example:
      agreement-kit portfolio examples/ -o portfolio \\
          --floor examples/positions/position-origin-countries-floor.yaml
    """
    from functools import partial

    from .batch import check_stems, default_jobs, expand, portfolio_task, report, run
    from .errors import UserError
    from .library.clauses import load_library
    from .negotiate.portfolio import build
    from .output import check_folder, check_targets, write_all
    from .render.portfolio import PORTFOLIO_FORMATS, portfolio_renderer

    fmts = _formats(formats, allowed=PORTFOLIO_FORMATS)
    if not name or "/" in name or name.startswith("."):
        raise click.BadParameter("give a plain file name, without folders.", param_hint="'--name'")
    paths = expand(params)
    check_stems(paths, "their rows")  # two files of one name would be indistinguishable
    library = load_library(library_dir)
    position = None
    if floor_file is not None:
        from .negotiate.position import load_position
        position = load_position(floor_file, library)
    folder = check_folder(outdir)
    targets = {fmt: folder / f"{name}.{fmt}" for fmt in fmts}
    check_targets(list(targets.values()), force)
    task = partial(portfolio_task, floor_file=floor_file, library_dir=library_dir,
                   blueprint_dir=blueprint_dir)
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    outcomes = run(task, paths, jobs or default_jobs(), "reading", library_dir=library_dir,
                   blueprint_dir=blueprint_dir, debug=debug)
    failed = [o for o in outcomes if not o.ok]
    if failed:
        report(outcomes, click.echo, "file")
        raise UserError(f"no portfolio was written: it would leave out {len(failed)} of "
                        f"{len(outcomes)} agreement(s). Fix them, or leave them out, and run "
                        "again.")
    result = build([o.data for o in outcomes], library, position.name if position else None)
    from .terminal import Progress

    with Progress("portfolio") as step:
        files = {}
        for fmt, path in targets.items():
            step(f"rendering {fmt}")
            files[path] = portfolio_renderer(fmt)(result)
        step("writing")
        written = write_all(files, force)
    for path in written:
        click.echo(f"wrote {path}")
    from .render.portfolio import headline

    for line in headline(result):
        click.echo(line, err=True)


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the redline (created if missing).")
@click.option("-f", "--format", "formats", type=TEXT, default="docx,pdf", show_default=True,
              help="Comma-separated: docx, pdf, html.")
@click.option("--author-old", type=TEXT, help="Who wrote OLD (default: 'Draft' and its version).")
@click.option("--author-new", type=TEXT, help="Who wrote NEW; Word shows the changes as theirs "
              "(default: 'Draft' and its version).")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@no_check_option
@library_option
@no_cache_option
@blueprints_option
def compare(old: Path, new: Path, outdir: Path, formats: str, author_old: str | None,
            author_new: str | None, force: bool, no_check: bool, library_dir: Path | None,
            blueprint_dir: Path | None) -> None:
    """Redline: NEW with the changes from OLD as Word tracked changes (and in HTML/PDF).

    \b
    Example:
      agreement-kit compare our-draft.yaml their-counter.yaml -o round2 \\
          --author-old "Philippine delegation" --author-new "German delegation"
    writes round2/their-counter-redline.docx and .pdf and lists the changed clauses.
    Accept All in Word gives NEW's text; Reject All gives OLD's. Files drafted in several
    languages get a redline of each text both have: their-counter-redline.en.docx, .ar.docx.
    """
    from .render.concurrent import closing, early_pdf_worker

    fmts = _formats(formats, allowed=("docx", "pdf", "html"))
    worker = early_pdf_worker(fmts)  # first: it imports WeasyPrint while this process goes on
    from .negotiate.compare import check_same_document, compare_drafts, shared_languages, summary
    from .output import check_folder, check_targets, write_all
    from .assemble.pipeline import checked_drafts
    from .render import redline as rl

    from .terminal import Progress

    with closing(worker), Progress("comparing") as step:
        step(f"assembling {old.name}")
        old_drafts = checked_drafts(old, library_dir, blueprint_dir, refuse=not no_check,
                                    warn=lambda message: step.note(f"warning: {message}"))
        step(f"assembling {new.name}")
        new_drafts = checked_drafts(new, library_dir, blueprint_dir, refuse=not no_check,
                                    warn=lambda message: step.note(f"warning: {message}"))
        pairs = shared_languages(old_drafts, new_drafts, str(old), str(new))
        old_draft, new_draft = pairs[0]
        check_same_document(old_draft, new_draft, str(old), str(new))
        a_old = author_old or f"Draft {old_draft.version} ({old.stem})"
        a_new = author_new or f"Draft {new_draft.version} ({new.stem})"
        step("finding the changes")
        redlines = [compare_drafts(o, n) for o, n in pairs]
        redline = redlines[0]
        folder = check_folder(outdir)
        # one redline per authentic text both drafts have: NAME-redline.en.docx, .ar.docx
        stem = f"{new.stem}-redline"
        paths = [{fmt: folder / (f"{stem}.{fmt}" if len(redlines) == 1
                                 else f"{stem}.{r.new.language}.{fmt}") for fmt in fmts}
                 for r in redlines]
        check_targets([path for each in paths for path in each.values()], force)
        files = {}
        for r, each in zip(redlines, paths):
            step("rendering " + ", ".join(fmts) + (f" ({r.new.language})" if len(redlines) > 1
                                                   else ""))
            made = rl.render_redline_all(r, fmts, a_old, a_new, worker)
            files.update({each[fmt]: made[fmt] for fmt in fmts})
        step.clear()
        echo(summary(redline))
        step("writing")
        written = write_all(files, force)
    for path in written:
        echo(f"wrote {path}")


REVIEW_EXTENSIONS = {"table": "txt", "json": "json", "md": "md", "docx": "docx"}


@main.command()
@click.argument("params", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "md", "docx"]),
              default="table", show_default=True, help="docx needs -o.")
@click.option("--fail-below", type=click.Choice(["floor", "good-practice", "position"]),
              help="Exit 1 when a clause is below this level or a required element is missing "
              "(position: below the --floor position file).")
@click.option("--floor", "floor_file", type=click.Path(path_type=Path),
              help="A position file (a common minimum position): also list every clause below "
              "it. See examples/positions/.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Write the review to this file instead of the terminal (with several "
              "parameter files: a folder, one NAME-review file each).")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@jobs_option
@library_option
@no_cache_option
@blueprints_option
@click.option("--lang", type=TEXT, default=None,
              help="The language of the clause titles, labels and elements (default: the "
              "file's first language).")
@click.pass_context
def review(ctx: click.Context, params: tuple[Path, ...], fmt: str, fail_below: str | None,
           floor_file: Path | None, out: Path | None, force: bool, jobs: int | None,
           library_dir: Path | None, blueprint_dir: Path | None, lang: str | None) -> None:
    """Standards review: each clause's protection level, what falls below the floor.

    \b
    For unions and reviewers: every clause with its chosen option and protection level,
    every below-floor choice with the standard it falls short of, and for contracts the
    required elements (C189 Art. 7 and the other standards) with the clause covering each.
    Example, in a ministry's CI:
      agreement-kit review model-contract.yaml --fail-below floor
    Against a group's common minimum position, for many files at once:
      agreement-kit review negotiations/ --floor position.yaml --fail-below position
    """
    from .batch import review_file
    from .errors import UserError

    if fail_below == "position" and floor_file is None:
        raise click.BadParameter("--fail-below position needs --floor POSITION.yaml.",
                                 param_hint="'--fail-below'")
    if fmt == "docx" and out is None:
        raise UserError("a docx review is a file: add -o FILE.docx." if len(params) == 1 else
                        "a docx review is a file: add -o FOLDER for the reviews.")
    paths = _inputs(params)
    if paths is None:
        from .output import check_folder, write_all
        from .terminal import Progress

        with Progress("reviewing") as step:
            result, data = review_file(params[0], fmt, floor_file, library_dir, blueprint_dir,
                                       step, lang)
        if out is not None:
            folder = check_folder(out.parent)
            write_all({folder / out.name: data}, force)
            echo(f"wrote {folder / out.name}", err=True)
        else:
            echo(data.decode("utf-8"), nl=False)
        if fail_below and result.breaches(fail_below):
            echo(f"{len(result.breaches(fail_below))} finding(s) below {fail_below}.",
                 err=True)
            sys.exit(1)
        return
    from functools import partial

    from .batch import check_stems, review_task
    from .output import check_folder

    if floor_file is not None:  # a broken position file is reported once, not per file
        from .library.clauses import load_library
        from .negotiate.position import load_position

        load_position(floor_file, load_library(library_dir))
    targets = None
    if out is not None:
        check_stems(paths, "their reviews")
        folder = check_folder(out)
        targets = {str(p): folder / f"{p.stem}-review.{REVIEW_EXTENSIONS[fmt]}" for p in paths}
    task = partial(review_task, fmt=fmt, floor_file=floor_file, library_dir=library_dir,
                   blueprint_dir=blueprint_dir, targets=targets, force=force, lang=lang)
    debug = bool(ctx.obj and ctx.obj.get("debug"))
    from .batch import default_jobs, report, run

    outcomes = run(task, paths, jobs or default_jobs(), "reviewing", library_dir=library_dir,
                   blueprint_dir=blueprint_dir, debug=debug)
    if out is None:
        done = [o for o in outcomes if o.ok]
        if fmt == "json":
            import json

            click.echo(json.dumps([json.loads(o.data["bytes"]) for o in done], indent=2,
                                  ensure_ascii=False))
        else:
            for o in done:
                click.echo(("## " if fmt == "md" else "== ") + o.file
                           + ("" if fmt == "md" else " ==") + "\n")
                click.echo(o.data["bytes"].decode("utf-8"))
    code = report(outcomes, lambda msg, err=False: click.echo(msg, err=True))
    if fail_below:
        below = [(o.file, o.data["breaches"][fail_below]) for o in outcomes
                 if o.ok and o.data["breaches"][fail_below]]
        for file, n in below:
            click.echo(f"{file}: {n} finding(s) below {fail_below}.", err=True)
        if below:
            code = code or 1
    if code:
        sys.exit(code)


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the brief (created if missing).")
@click.option("--against", type=click.Path(path_type=Path),
              help="The other side's parameter file: shows their position and whether it lies "
              "within our acceptable range.")
@click.option("-f", "--format", "formats", type=TEXT, default="docx,pdf", show_default=True,
              help="Comma-separated: docx, pdf, html.")
@click.option("--full", is_flag=True, help="Every clause with its options table; without it, "
              "clauses at the library default with nothing at stake take one line each.")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@click.option("--lang", type=TEXT, default=None,
              help="The language of the brief's clauses, options and commentary (default: the "
              "file's first language).")
@no_check_option
@library_option
@no_cache_option
@blueprints_option
def brief(params: Path, outdir: Path, against: Path | None, formats: str, full: bool,
          force: bool, no_check: bool, library_dir: Path | None,
          blueprint_dir: Path | None, lang: str | None) -> None:
    """Delegation brief: for each clause our proposal, fallbacks, walk-away and the options.

    \b
    Example:
      agreement-kit brief our-position.yaml --against their-draft.yaml -o brief
    writes brief/our-position-brief.docx and .pdf (landscape option tables).
    """
    from .render.concurrent import closing, early_pdf_worker

    fmts = _formats(formats, allowed=("docx", "pdf", "html"))
    worker = early_pdf_worker(fmts)  # first: it imports WeasyPrint while this process goes on
    from .negotiate.brief import build_brief
    from .output import check_folder, check_targets, write_all
    from .assemble.pipeline import checked_drafts, open_negotiation
    from .render.brief import brief_renderer, render_brief_html

    from .terminal import Progress

    with closing(worker), Progress("briefing") as step:
        step("reading the parameters")
        ours, library, blueprints = open_negotiation(params, library_dir, blueprint_dir,
                                                     every_language=lang is not None)
        theirs = open_negotiation(against, library_dir, blueprint_dir,
                                  every_language=lang is not None)[0] if against else None
        folder = check_folder(outdir)
        targets = {folder / f"{params.stem}-brief.{fmt}": fmt for fmt in fmts}
        check_targets(list(targets), force)
        step("building the brief")
        paper = build_brief(ours, library, blueprints, theirs, full=full,
                            lang=_language(library, lang) if lang else None)
        files = _rendered(step, {path: (fmt, lambda fmt=fmt: brief_renderer(fmt)(paper))
                                 for path, fmt in targets.items()},
                          worker, render_brief_html(paper) if worker is not None else None,
                          # the drafts' consistency checks, while the worker lays out
                          meanwhile=lambda: checked_drafts(
                              params, library_dir, blueprint_dir, refuse=not no_check,
                              warn=lambda message: step.note(f"warning: {message}")))
        step("writing")
        written = write_all(files, force)
    for path in written:
        echo(f"wrote {path}")


@main.command()
@click.argument("params", nargs=-1, required=True, type=click.Path(path_type=Path))
@jobs_option
@library_option
@no_cache_option
@blueprints_option
@click.pass_context
def check(ctx: click.Context, params: tuple[Path, ...], jobs: int | None,
          library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Check a draft for contradictions: one value per fact, legal-form vocabulary, references.

    \b
    Drafts PARAMS in memory and lists every finding as FILE: WHERE: SEVERITY: MESSAGE, e.g.
      my-params.yaml: Article 24(3): error: states the grace period as 60 days, but ...
    Exits 1 when there is an error; `draft`, `compare` and `brief` run the same checks and
    refuse on errors unless --no-check. Many files (folders, globs) are checked in parallel:
      agreement-kit check negotiations/ --jobs 2
    """
    from functools import partial

    from .batch import check_file, check_task, default_jobs, report, run

    paths = _inputs(params)
    outcomes = None
    if paths is None:
        results = [(params[0], check_file(params[0], library_dir, blueprint_dir))]
    else:
        task = partial(check_task, library_dir=library_dir, blueprint_dir=blueprint_dir)
        debug = bool(ctx.obj and ctx.obj.get("debug"))
        outcomes = run(task, paths, jobs or default_jobs(), "checking",
                       library_dir=library_dir, blueprint_dir=blueprint_dir, debug=debug)
        results = [(o.file, o.data) for o in outcomes if o.ok]
    errors = 0
    for file, (lines, n_err, n_warn) in results:
        for line in lines:
            echo(line)
        echo(f"{file}: {n_err} error(s), {n_warn} warning(s).")
        errors += n_err
    code = report(outcomes, lambda msg, err=False: echo(msg, err=True)) if outcomes else 0
    if code or errors:
        sys.exit(code or 1)


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@library_option
@no_cache_option
@blueprints_option
def validate(params: Path, library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Check a parameter file against its document and the clause library."""
    from .assemble.pipeline import open_negotiation

    negotiation, library, blueprints = open_negotiation(params, library_dir, blueprint_dir)
    for w in negotiation.warnings:
        echo(f"warning: {w}", err=True)
    given = sum(1 for c in negotiation.choices.values() if c.given)
    bp = blueprints.get(negotiation.params.document)
    total = len(blueprints.slots_of(bp, library))
    left_out, own = len(negotiation.omitted), len(negotiation.params.articles)
    extra = (f"; {left_out} left out" if left_out else "") + (
        f"; {own} own article(s)" if own else "")
    echo(f"{params}: valid {negotiation.params.document}; {given} clause(s) chosen, "
               f"{total - given - left_out} by library default{extra}.")


def _language(lib, lang: str) -> str:
    """A language the library has, or a clear refusal with the ones it has."""
    if lang not in lib.languages:
        from .errors import allowed_list, did_you_mean
        raise click.BadParameter(f"the library has no texts in '{lang}'."
                                 f"{did_you_mean(lang, lib.languages)} Available: "
                                 f"{allowed_list(lib.languages)}.", param_hint="'--lang'")
    return lang


lang_option = click.option("--lang", default="en", show_default=True, type=TEXT,
                           help="The language to show the library's texts in (en, fr, es, ar, "
                           "zh, ru, or one of your --translations).")


@main.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@click.option("--family", type=TEXT, help="Only one family: bla, employment, social_security, common.")
@click.option("--document", type=TEXT, help="Only the slots this document uses, in its order (see "
              "`agreement-kit documents`).")
@lang_option
@library_option
@no_cache_option
@blueprints_option
def clauses_list(family: str | None, document: str | None, lang: str, library_dir: Path | None,
                 blueprint_dir: Path | None) -> None:
    """List clause slots with their options and default.

    \b
    Example:
      agreement-kit clauses list --document social-security-agreement
    """
    from .errors import UserError, did_you_mean
    from .library.clauses import load_library
    from .terminal import columns, slots_table

    lib = load_library(library_dir)
    if family and family not in lib.families:
        raise UserError(f"no family '{family}'.{did_you_mean(family, lib.families)} "
                        f"Families: {', '.join(lib.families)}.")
    if document:
        from .library.blueprints import load_blueprints

        bps = load_blueprints(blueprint_dir, lib.translation_roots)
        rows = list(bps.slots_of(_document(bps, document), lib).values())
    else:
        rows = sorted(lib.slots.values(), key=lambda s: s.key)
    rows = [s for s in rows if not family or s.family == family]
    echo(slots_table(rows, columns(), _language(lib, lang)))


def _document(blueprints, doc_id: str, param_hint: str = "'--document'"):
    """A blueprint by id; an unknown id is a usage error with did-you-mean and the list."""
    from .errors import allowed_list, did_you_mean

    if doc_id not in blueprints.items:
        raise click.BadParameter(
            f"no document '{doc_id}'.{did_you_mean(doc_id, blueprints.items)} Documents: "
            f"{allowed_list(blueprints.items, limit=50)}. See `agreement-kit documents`.",
            param_hint=param_hint)
    return blueprints.items[doc_id]


@clauses.command("show")
@click.argument("slot", type=TEXT)
@lang_option
@library_option
@no_cache_option
def clauses_show(slot: str, lang: str, library_dir: Path | None) -> None:
    """Show one slot: purpose, parameters, options, sources and commentary."""
    from .library.clauses import load_library
    from .terminal import slot_details

    lib = load_library(library_dir)
    echo(slot_details(lib, lib.find(slot), full=True, lang=_language(lib, lang)))


@main.command()
@click.argument("slot", type=TEXT)
@lang_option
@library_option
@no_cache_option
def options(slot: str, lang: str, library_dir: Path | None) -> None:
    """Compare a slot's options side by side: label, protection, sources, opening of text."""
    from .library.clauses import load_library
    from .terminal import options_table

    lib = load_library(library_dir)
    echo(options_table(lib, lib.find(slot), lang=_language(lib, lang)))


@main.command()
@blueprints_option
@no_cache_option
def documents(blueprint_dir: Path | None) -> None:
    """List the documents that can be drafted: id, kind and legal form, what each is for.

    \b
    Next:
      agreement-kit init DOCUMENT -o params.yaml     a starter parameter file for one
      agreement-kit clauses list --document DOCUMENT  its clauses, in order
    """
    from .library.blueprints import load_blueprints
    from .terminal import columns, documents_table

    echo(documents_table(load_blueprints(blueprint_dir), columns()))


@main.command()
@click.argument("document")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write (default: DOCUMENT.yaml here); - prints it.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@library_option
@no_cache_option
@blueprints_option
def init(document: str, out: Path | None, force: bool, library_dir: Path | None,
         blueprint_dir: Path | None) -> None:
    """Write a commented starter parameter file for DOCUMENT.

    \b
    Every clause of the document is set to the library default, with its other options,
    protection levels and parameters in comments; the parties and the draft have
    placeholders. It validates and drafts as written. Example:
      agreement-kit init bilateral-labour-agreement -o my-params.yaml
      agreement-kit draft my-params.yaml -o out
    The documents: agreement-kit documents
    """
    from .library.blueprints import load_blueprints
    from .library.clauses import load_library
    from .library.starter import starter
    from .output import check_folder, write_all

    bps = load_blueprints(blueprint_dir)
    bp = _document(bps, document, param_hint="'DOCUMENT'")
    text = starter(bp.id, load_library(library_dir), bps)
    if out is not None and str(out) == "-":
        echo(text, nl=False)
        return
    target = out or Path(f"{bp.id}.yaml")
    folder = check_folder(target.parent)
    write_all({folder / target.name: text.encode("utf-8")}, force)
    echo(f"wrote {folder / target.name}")
    echo(f"Next: replace the [placeholders], choose the clauses, then\n"
               f"  agreement-kit validate {folder / target.name}\n"
               f"  agreement-kit draft {folder / target.name} -o out", err=True)


@main.group("house-style")
def house_style() -> None:
    """A ministry's own house style for drafts: its Word template and its CSS.

    \b
    A house-style folder holds house-style.docx (restyled in Word from ours: fonts, colours,
    header and footer, a logo) and/or house-style.css (added after our stylesheet for HTML
    and PDF). Start one, then draft with it:
      agreement-kit house-style init my-style
      agreement-kit draft params.yaml -o out --house-style my-style
    The guide: docs/house-style.md.
    """


@house_style.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the files if they exist.")
def house_style_init(folder: Path, force: bool) -> None:
    """Start a house style in FOLDER: a copy of our Word template and a commented CSS."""
    from .output import check_folder, write_all
    from .render.house_style import CSS_NAME, DOCX_NAME, STARTER_CSS
    from .resources import template_path

    target = check_folder(folder)
    files = {target / DOCX_NAME: template_path(DOCX_NAME).read_bytes(),
             target / CSS_NAME: STARTER_CSS.encode("utf-8")}
    for path in write_all(files, force):
        echo(f"wrote {path}")


@main.command("params-from")
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="The parameter file to write (default: the PDF's name with .yaml); "
              "- prints it.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def params_from(pdf: Path, out: Path | None, force: bool) -> None:
    """Write out the parameter file a draft's PDF carries inside it.

    \b
    Every PDF draft embeds the parameter file it was made from, so a PDF sent years
    ago can be drafted again or changed:
      agreement-kit params-from old-draft.pdf -o old-draft.yaml
      agreement-kit draft old-draft.yaml -o out
    """
    from .inputs.embedded import embedded_parameters
    from .output import check_folder, write_all

    text = embedded_parameters(pdf)
    if out is not None and str(out) == "-":
        echo(text, nl=False)
        return
    target = out or pdf.with_suffix(".yaml")
    folder = check_folder(target.parent)
    write_all({folder / target.name: text.encode("utf-8")}, force)
    echo(f"wrote {folder / target.name}")


@main.command()
@click.option("--document", type=TEXT, help="Only the clauses of this document.")
@library_option
@no_cache_option
@blueprints_option
def schema(document: str | None, library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Print the JSON Schema of parameter files, for editors that validate YAML.

    \b
    Example:
      agreement-kit schema > agreement-kit.schema.json
    """
    import json

    from .library.schema import parameter_schema

    schema_ = parameter_schema(library_dir, document, blueprint_dir)
    echo(json.dumps(schema_, indent=2, ensure_ascii=False, default=str))


@main.command()
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder for the site (created if missing).")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@library_option
@blueprints_option
def catalogue(outdir: Path, force: bool, library_dir: Path | None,
              blueprint_dir: Path | None) -> None:
    """Write the clause catalogue as a static web site, with a parameter-file builder.

    \b
    The site needs no server and fetches nothing: open SITE/index.html in a browser, or
    publish the folder on any web server. Example:
      agreement-kit catalogue -o site
    One folder per language of the library (site/en/...); pages are named after the
    slots, documents and instruments (site/en/slots/recruitment-costs.html#employer-pays).
    """
    from .library.blueprints import load_blueprints
    from .library.catalogue import build_catalogue
    from .library.clauses import load_library
    from .library.schema import parameter_schema
    from .output import check_folder, check_targets, write_all
    from .render.catalogue import render_site
    from .terminal import Progress

    with Progress("catalogue") as step:
        step("reading the library")
        library = load_library(library_dir)
        blueprints = load_blueprints(blueprint_dir)
        folder = check_folder(outdir)
        step("building the catalogue")
        schema_ = parameter_schema(library_dir, None, blueprint_dir)
        files = render_site(build_catalogue(library, blueprints, schema_))
        targets = {folder.joinpath(*rel.split("/")): data for rel, data in files.items()}
        check_targets(list(targets), force)
        step(f"writing {len(targets)} files")
        write_all(targets, force)
    pages = sum(1 for rel in files if rel.endswith(".html"))
    click.echo(f"wrote {len(files)} files ({pages} pages) to {folder}; open "
               f"{folder / 'index.html'}")


@main.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--blueprints", "blueprint_dir", type=click.Path(path_type=Path),
              help="Blueprint folder to check with the library (default: the shipped one).")
@no_cache_option
def lint(directory: Path | None, blueprint_dir: Path | None) -> None:
    """Check a clause library (default: the shipped one) and report file:line for each problem."""
    from .library.lint import lint_library

    problems, summary = lint_library(directory, blueprint_dir)
    for p in problems:
        echo(str(p))
    echo(summary)
    if problems:
        sys.exit(1)


@main.group()
def translations() -> None:
    """The library in other languages: coverage, and XLIFF 2.0 for a translation unit."""


@translations.command("status")
@library_option
@no_cache_option
def translations_status(library_dir: Path | None) -> None:
    """Each language: texts translated, who drafted them, whether a lawyer reviewed them."""
    from .library.blueprints import load_blueprints
    from .library.clauses import load_library
    from .library.translations import translation_report

    lib = load_library(library_dir)
    report = translation_report(lib, load_blueprints(None, lib.translation_roots))
    bad = 0
    for lang, (done, total, problems) in report.items():
        info = lib.language_info[lang]
        reviewed = f"reviewed by {info.reviewed_by}" if info.reviewed else "not yet reviewed"
        echo(f"{lang}  {info.name:<12} {done:>5}/{total} texts ({100 * done / max(total, 1):3.0f}%)"
             f"  {info.status}, {reviewed}; drafted by {info.drafted_by or 'unknown'}"
             + (f"; {len(problems)} problem(s)" if problems else ""))
        bad += len(problems)
    if not report:
        echo("no translations: the library is in English only.")
    if bad:
        echo(f"{bad} problem(s): `agreement-kit lint` lists them with file and line.")
        sys.exit(1)


def _english_texts(library_dir: Path | None, blueprint_dir: Path | None):
    """(library, relative path -> English data of each library and blueprint file)."""
    from .library.blueprints import load_blueprints
    from .library.clauses import load_library
    from .library.translations import english_files

    lib = load_library(library_dir)
    return lib, english_files(lib, load_blueprints(blueprint_dir, lib.translation_roots))


@translations.command("export")
@click.option("--lang", required=True, type=TEXT, help="The target language (e.g. de, ko, fr).")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The XLIFF 2.0 file to write.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
@library_option
@blueprints_option
@no_cache_option
def translations_export(lang: str, out: Path, force: bool, library_dir: Path | None,
                        blueprint_dir: Path | None) -> None:
    """Write every English text as XLIFF 2.0, with the language's texts as targets where it
    has them; template codes are protected inline codes (<ph>)."""
    from .library.translations import read_translations
    from .library.xliff import export
    from .errors import ProblemList
    from .output import write_all

    if not re.fullmatch(r"[a-z]{2,3}", lang) or lang == "en":
        raise click.BadParameter("a language code other than en, such as de, ko or fr.",
                                 param_hint="'--lang'")
    lib, english = _english_texts(library_dir, blueprint_dir)
    found = read_translations(lib.translation_roots, ProblemList())
    mine = {rel: doc.data for (code, rel), doc in found.files.items() if code == lang}
    write_all({out: export(english, mine, lang)}, force)
    echo(f"wrote {out} ({sum(1 for _ in english)} files; "
         f"{'with the existing ' + lang + ' texts as targets' if mine else 'no targets yet'})")


@translations.command("import")
@click.argument("xliff", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write the language folder into (FOLDER/LANG/...).")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@library_option
@blueprints_option
@no_cache_option
def translations_import(xliff: Path, outdir: Path, force: bool, library_dir: Path | None,
                        blueprint_dir: Path | None) -> None:
    """Read a translated XLIFF 2.0 file back as a language folder, refusing any target that
    loses or invents a placeholder; use it with --translations."""
    from .library.xliff import import_xliff, prune
    from .output import write_all
    from .inputs.yamlio import dump_yaml

    _lib, english = _english_texts(library_dir, blueprint_dir)
    lang, texts = import_xliff(xliff, english)
    folder = outdir / lang
    files = {folder / rel: dump_yaml(data).encode() for rel, data in
             ((rel, prune(data)) for rel, data in sorted(texts.items())) if data}
    if not (folder / "language.yaml").exists():
        files[folder / "language.yaml"] = dump_yaml({
            "language": lang, "name": lang, "status": "drafted",
            "drafted_by": f"imported from {xliff.name}", "reviewed_by": None, "terms": {}}).encode()
    write_all(files, force)
    echo(f"wrote {len(files)} file(s) under {folder}; draft with "
         f"`agreement-kit --translations {folder} draft ...`")


if __name__ == "__main__":  # pragma: no cover
    main()
