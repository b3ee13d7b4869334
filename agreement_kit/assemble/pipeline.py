"""From a parameter file to Drafts: the steps every command shares."""

from __future__ import annotations

from pathlib import Path

from .assembler import assemble
from .checks import Finding, check_draft, errors
from ..errors import Problem, UserError
from ..library.blueprints import Blueprints, load_blueprints
from ..model.draft import Draft
from ..library.clauses import Library, load_library
from ..inputs.params import load_params
from .negotiation import Negotiation, resolve


def open_negotiation(path: str | Path, library_dir: str | Path | None = None,
                     blueprint_dir: str | Path | None = None
                     ) -> tuple[Negotiation, Library, Blueprints]:
    """Read and validate a parameter file against the library and its blueprint."""
    params, loaded = load_params(path)
    library = load_library(library_dir)
    blueprints = load_blueprints(blueprint_dir)
    bp = blueprints.get(params.document, file=loaded.file, line=loaded.line(("document",)))
    negotiation = resolve(params, loaded, library, blueprints.slots_of(bp, library), bp.family,
                          blueprints.layers(bp, library))
    return negotiation, library, blueprints


def build_drafts(path: str | Path, library_dir: str | Path | None = None,
                 blueprint_dir: str | Path | None = None) -> list[Draft]:
    """One Draft per language the parameter file asks for."""
    negotiation, library, blueprints = open_negotiation(path, library_dir, blueprint_dir)
    return [assemble(negotiation, library, blueprints, lang)
            for lang in negotiation.params.languages]


def draft_findings(path: str | Path, drafts: list[Draft], library_dir: str | Path | None = None
                   ) -> list[tuple[str, Finding]]:
    """(language, finding) for every consistency finding on the drafts of one file."""
    library = load_library(library_dir)
    return [(d.language, f) for d in drafts for f in check_draft(d, library)]


def finding_problem(path: str | Path, lang: str, finding: Finding, several: bool) -> Problem:
    where = f"{finding.where} [{lang}]" if several else finding.where
    return Problem(f"{finding.severity}: {finding.message}", str(path), None, where)


def checked_drafts(path: str | Path, library_dir: str | Path | None = None,
                   blueprint_dir: str | Path | None = None, *, refuse: bool = True,
                   warn=None) -> list[Draft]:
    """The drafts of a parameter file, checked: warnings go to `warn`, errors stop the
    command (with every finding listed) unless `refuse` is false."""
    drafts = build_drafts(path, library_dir, blueprint_dir)
    found = draft_findings(path, drafts, library_dir)
    several = len(drafts) > 1
    problems = [finding_problem(path, lang, f, several) for lang, f in found]
    bad = [p for (lang, f), p in zip(found, problems) if f.severity == "error"]
    if warn is not None:
        for (lang, f), p in zip(found, problems):
            if f.severity != "error" or not refuse:
                warn(str(p))
    if bad and refuse:
        raise UserError(f"{path}: the draft contradicts itself in {len(bad)} place(s); fix the "
                        "parameters or the library, or draft anyway with --no-check",
                        problems=bad + [Problem(
                            f"the draft contradicts itself: {len(bad)} error(s) found by the "
                            "consistency checks; nothing was written. `agreement-kit check` lists them all; --no-check drafts "
                            "anyway.")])
    return drafts
