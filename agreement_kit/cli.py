"""The agreement-kit command line.

Each command is a small function; the work happens in the library modules, imported inside
the command so that ``agreement-kit --help`` starts fast. Every user error is printed as one
message and exits 1; usage errors exit 2; ``--debug`` shows tracebacks for developers.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

FORMAT_HELP = "Comma-separated: docx, pdf, html, md, json."


class KitGroup(click.Group):
    """Turns errors into messages: no Python traceback reaches a user without --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; files already on disk were left as they were.", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the one place errors become messages
            from .errors import UserError

            if ctx.obj and ctx.obj.get("debug"):
                raise
            if isinstance(exc, UserError):
                click.echo("error: " + str(exc).replace("\n", "\n  "), err=True)
                sys.exit(1)
            if isinstance(exc, MemoryError):
                click.echo("error: the input needs more memory than is available; it is refused.",
                           err=True)
                sys.exit(1)
            if isinstance(exc, BrokenPipeError):
                raise  # the reader went away (`| head`); click exits quietly
            from jinja2 import TemplateError

            if isinstance(exc, TemplateError):  # a library text no caller placed in a file
                click.echo(f"error: a clause or blueprint text is invalid: {exc}. Run "
                           "`agreement-kit lint` to see its file and line.", err=True)
                sys.exit(1)
            if isinstance(exc, OSError):  # the system refused: disk full, no permission...
                where = f" ({exc.filename})" if exc.filename else ""
                click.echo(f"error: {exc.strerror or exc}{where}. Check the path, its "
                           "permissions and the free space, then run again.", err=True)
                sys.exit(1)
            click.echo(f"internal error: {type(exc).__name__}: {exc}\nThis is a bug in "
                       "agreement-kit, not in your input. Run again with --debug and report the "
                       "traceback.", err=True)
            sys.exit(3)


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


blueprints_option = click.option(
    "--blueprints", "blueprint_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Use another folder of model documents (default: the shipped model_contracts).")


@click.group(cls=KitGroup, context_settings={"help_option_names": ["-h", "--help"],
                                             "max_content_width": 100})
@click.version_option(__version__, prog_name="agreement-kit")
@click.option("--debug", is_flag=True, help="Show Python tracebacks (for developers).")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Draft labour-mobility agreements from a clause library and negotiation parameters.

    \b
    Start here:
      agreement-kit draft params.yaml -o out            DOCX and PDF of the draft
      agreement-kit validate params.yaml                check a parameter file
      agreement-kit clauses list                        what the library holds
      agreement-kit options recruitment-costs           compare a clause's options
    """
    ctx.ensure_object(dict)["debug"] = debug


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the drafts (created if missing).")
@click.option("-f", "--format", "formats", default="docx,pdf", show_default=True,
              help=FORMAT_HELP)
@click.option("--edition", type=click.Choice(["clean", "annotated"]), default="clean",
              show_default=True, help="annotated adds each clause's commentary and sources as "
              "Word comments and PDF notes, for internal circulation.")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@no_check_option
@library_option
@blueprints_option
def draft(params: Path, outdir: Path, formats: str, edition: str, force: bool, no_check: bool,
          library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Draft the document a parameter file describes.

    \b
    Example:
      agreement-kit draft examples/bla-philippines-germany-care.yaml -o out --format docx,pdf
    writes out/bla-philippines-germany-care.docx and .pdf. With several languages in the
    file, each gets its own files (name.en.docx, name.fr.docx). The consistency checks of
    `agreement-kit check` run first: errors stop the draft (--no-check writes it anyway).
    """
    from .output import check_folder, check_targets, write_all
    from .assemble.pipeline import checked_drafts
    from .render import EXTENSIONS, renderer

    fmts = _formats(formats)
    drafts = checked_drafts(params, library_dir, blueprint_dir, refuse=not no_check, warn=_warn)
    folder = check_folder(outdir)
    jobs = {}
    for d in drafts:
        stem = params.stem if len(drafts) == 1 else f"{params.stem}.{d.language}"
        for fmt in fmts:
            jobs[folder / f"{stem}.{EXTENSIONS[fmt]}"] = (fmt, d)
    check_targets(list(jobs), force)  # refuse before any rendering work
    files = {path: renderer(fmt, edition)(d) for path, (fmt, d) in jobs.items()}
    for path in write_all(files, force):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the redline (created if missing).")
@click.option("-f", "--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated: docx, pdf, html.")
@click.option("--author-old", help="Who wrote OLD (default: 'Draft' and its version).")
@click.option("--author-new", help="Who wrote NEW; Word shows the changes as theirs "
              "(default: 'Draft' and its version).")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@no_check_option
@library_option
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
    Accept All in Word gives NEW exactly; Reject All gives OLD.
    """
    from .negotiate.compare import compare_drafts, summary
    from .output import check_folder, check_targets, write_all
    from .assemble.pipeline import checked_drafts
    from .render import redline as rl

    fmts = _formats(formats, allowed=("docx", "pdf", "html"))
    old_draft = checked_drafts(old, library_dir, blueprint_dir, refuse=not no_check,
                               warn=_warn)[0]
    new_draft = checked_drafts(new, library_dir, blueprint_dir, refuse=not no_check,
                               warn=_warn)[0]
    a_old = author_old or f"Draft {old_draft.version} ({old.stem})"
    a_new = author_new or f"Draft {new_draft.version} ({new.stem})"
    redline = compare_drafts(old_draft, new_draft)
    folder = check_folder(outdir)
    targets = {folder / f"{new.stem}-redline.{fmt}": fmt for fmt in fmts}
    check_targets(list(targets), force)
    render = {"docx": lambda: rl.render_redline_docx(redline, a_new),
              "pdf": lambda: rl.render_redline_pdf(redline, a_old, a_new),
              "html": lambda: rl.render_redline_html(redline, a_old, a_new).encode("utf-8")}
    files = {path: render[fmt]() for path, fmt in targets.items()}
    click.echo(summary(redline))
    for path in write_all(files, force):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json", "md", "docx"]),
              default="table", show_default=True, help="docx needs -o.")
@click.option("--fail-below", type=click.Choice(["floor", "good-practice"]),
              help="Exit 1 when a clause is below this level or a required element is missing.")
@click.option("-o", "--output", "out", type=click.Path(path_type=Path),
              help="Write the review to this file instead of the terminal.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@library_option
@blueprints_option
def review(params: Path, fmt: str, fail_below: str | None, out: Path | None, force: bool,
           library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Standards review: each clause's protection level, what falls below the floor.

    \b
    For unions and reviewers: every clause with its chosen option and protection level,
    every below-floor choice with the standard it falls short of, and for contracts the
    required elements (C189 Art. 7 and the other standards) with the clause covering each.
    Example, in a ministry's CI:
      agreement-kit review model-contract.yaml --fail-below floor
    """
    from .errors import UserError
    from .output import check_folder, write_all
    from .assemble.pipeline import open_negotiation
    from .negotiate.review import review as build_review
    from .render.review import format_review

    from .assemble.pipeline import checked_drafts

    checked_drafts(params, library_dir, blueprint_dir, refuse=False, warn=_warn)
    negotiation, library, blueprints = open_negotiation(params, library_dir, blueprint_dir)
    result = build_review(negotiation, library, blueprints)
    data = format_review(result, fmt)
    if out is not None:
        folder = check_folder(out.parent)
        write_all({folder / out.name: data}, force)
        click.echo(f"wrote {folder / out.name}", err=True)
    elif fmt == "docx":
        raise UserError("a docx review is a file: add -o FILE.docx.")
    else:
        click.echo(data.decode("utf-8"), nl=False)
    if fail_below and result.breaches(fail_below):
        click.echo(f"{len(result.breaches(fail_below))} finding(s) below {fail_below}.", err=True)
        sys.exit(1)


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@click.option("-o", "--output", "outdir", type=click.Path(path_type=Path), required=True,
              help="Folder for the brief (created if missing).")
@click.option("--against", type=click.Path(path_type=Path),
              help="The other side's parameter file: shows their position and whether it lies "
              "within our acceptable range.")
@click.option("-f", "--format", "formats", default="docx,pdf", show_default=True,
              help="Comma-separated: docx, pdf, html.")
@click.option("--force", is_flag=True, help="Replace files that exist already.")
@no_check_option
@library_option
@blueprints_option
def brief(params: Path, outdir: Path, against: Path | None, formats: str, force: bool,
          no_check: bool, library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Delegation brief: for each clause our proposal, fallbacks, walk-away and the options.

    \b
    Example:
      agreement-kit brief our-position.yaml --against their-draft.yaml -o brief
    writes brief/our-position-brief.docx and .pdf (landscape option tables).
    """
    from .negotiate.brief import build_brief
    from .output import check_folder, check_targets, write_all
    from .assemble.pipeline import checked_drafts, open_negotiation
    from .render.brief import brief_renderer

    fmts = _formats(formats, allowed=("docx", "pdf", "html"))
    checked_drafts(params, library_dir, blueprint_dir, refuse=not no_check, warn=_warn)
    ours, library, blueprints = open_negotiation(params, library_dir, blueprint_dir)
    theirs = open_negotiation(against, library_dir, blueprint_dir)[0] if against else None
    folder = check_folder(outdir)
    targets = {folder / f"{params.stem}-brief.{fmt}": fmt for fmt in fmts}
    check_targets(list(targets), force)
    paper = build_brief(ours, library, blueprints, theirs)
    files = {path: brief_renderer(fmt)(paper) for path, fmt in targets.items()}
    for path in write_all(files, force):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@library_option
@blueprints_option
def check(params: Path, library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Check a draft for contradictions: one value per fact, legal-form vocabulary, references.

    \b
    Drafts PARAMS in memory and lists every finding as FILE: WHERE: SEVERITY: MESSAGE, e.g.
      my-params.yaml: Article 24(3): error: states the grace period as 60 days, but ...
    Exits 1 when there is an error; `draft`, `compare` and `brief` run the same checks and
    refuse on errors unless --no-check.
    """
    from .assemble.pipeline import build_drafts, draft_findings, finding_problem

    drafts = build_drafts(params, library_dir, blueprint_dir)
    found = draft_findings(params, drafts, library_dir)
    for lang, finding in found:
        click.echo(str(finding_problem(params, lang, finding, len(drafts) > 1)))
    n_err = sum(1 for _, f in found if f.severity == "error")
    click.echo(f"{params}: {n_err} error(s), {len(found) - n_err} warning(s).")
    if n_err:
        sys.exit(1)


@main.command()
@click.argument("params", type=click.Path(path_type=Path))
@library_option
@blueprints_option
def validate(params: Path, library_dir: Path | None, blueprint_dir: Path | None) -> None:
    """Check a parameter file against its document and the clause library."""
    from .assemble.pipeline import open_negotiation

    negotiation, library, blueprints = open_negotiation(params, library_dir, blueprint_dir)
    for w in negotiation.warnings:
        click.echo(f"warning: {w}", err=True)
    given = sum(1 for c in negotiation.choices.values() if c.given)
    bp = blueprints.get(negotiation.params.document)
    total = len(blueprints.slots_of(bp, library))
    click.echo(f"{params}: valid {negotiation.params.document}; {given} clause(s) chosen, "
               f"{total - given} by library default.")


@main.group()
def clauses() -> None:
    """Browse the clause library."""


@clauses.command("list")
@click.option("--family", help="Only one family: bla, employment, social_security, common.")
@library_option
def clauses_list(family: str | None, library_dir: Path | None) -> None:
    """List clause slots with their options and default."""
    from .errors import UserError, did_you_mean
    from .library.clauses import load_library

    lib = load_library(library_dir)
    if family and family not in lib.families:
        raise UserError(f"no family '{family}'.{did_you_mean(family, lib.families)} "
                        f"Families: {', '.join(lib.families)}.")
    rows = [s for s in lib.slots.values() if not family or s.family == family]
    width = max((len(s.key) for s in rows), default=10)
    for slot in sorted(rows, key=lambda s: s.key):
        title = slot.title.get("en", "")
        click.echo(f"{slot.key:<{width}}  {len(slot.options)} options  "
                   f"default {slot.default_option.id:<24}  {title}")
    click.echo(f"{len(rows)} slots")


@clauses.command("show")
@click.argument("slot")
@library_option
def clauses_show(slot: str, library_dir: Path | None) -> None:
    """Show one slot: purpose, parameters, options, sources and commentary."""
    from .library.clauses import load_library
    from .terminal import slot_details

    lib = load_library(library_dir)
    click.echo(slot_details(lib, lib.find(slot), full=True))


@main.command()
@click.argument("slot")
@library_option
def options(slot: str, library_dir: Path | None) -> None:
    """Compare a slot's options side by side: label, protection, sources, opening of text."""
    from .library.clauses import load_library
    from .terminal import options_table

    lib = load_library(library_dir)
    click.echo(options_table(lib, lib.find(slot)))


@main.command()
@click.option("--document", help="Only the clauses of this document.")
@library_option
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
    click.echo(json.dumps(schema_, indent=2, ensure_ascii=False, default=str))


@main.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("--blueprints", "blueprint_dir", type=click.Path(path_type=Path),
              help="Blueprint folder to check with the library (default: the shipped one).")
def lint(directory: Path | None, blueprint_dir: Path | None) -> None:
    """Check a clause library (default: the shipped one) and report file:line for each problem."""
    from .library.lint import lint_library

    problems, summary = lint_library(directory, blueprint_dir)
    for p in problems:
        click.echo(str(p))
    click.echo(summary)
    if problems:
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
