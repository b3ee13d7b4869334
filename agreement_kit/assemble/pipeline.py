"""From a parameter file to Drafts: the steps every command shares."""

from __future__ import annotations

from pathlib import Path

from .checks import Finding, check_draft
from ..library.blueprints import Blueprints, load_blueprints
from ..model.draft import Draft
from ..library.clauses import Library, load_library
from ..library.layers import place_slots
from ..errors import Problem, ProblemList, UserError
from ..inputs.params import check_params, raw_party_ids, raw_sections
from ..inputs.yamlio import Loaded, load_file
from .negotiation import Negotiation, check_scope, resolve, resolve_clauses


def open_negotiation(path: str | Path, library_dir: str | Path | None = None,
                     blueprint_dir: str | Path | None = None, *, every_language: bool = False
                     ) -> tuple[Negotiation, Library, Blueprints]:
    """Read and validate a parameter file against the library and its blueprint. The library
    is read in the file's languages only, unless `every_language` (a paper in another
    language than the file's, `--lang`)."""
    loaded = load_file(path, what="parameter file")
    params, problems = check_params(loaded)
    languages = None if every_language or params is None else params.languages
    library = load_library(library_dir if library_dir is not None else own_library(params, loaded),
                           languages=languages)
    blueprints = place_slots(load_blueprints(blueprint_dir, library.translation_roots), library)
    if params is not None and params.document in blueprints.items:
        bp = blueprints.items[params.document]
        negotiation = resolve(params, loaded, library, blueprints.slots_of(bp, library),
                              bp.family, lambda name: blueprints.documents_naming(name, library),
                              blueprints.layers(bp, library), blueprint=bp,
                              blueprints=blueprints)
        return negotiation, library, blueprints
    _all_problems(loaded, problems, library, blueprints).raise_if_any(
        f"{loaded.file}: problem(s) in the parameters")
    raise AssertionError("unreachable: a file that failed has problems")  # pragma: no cover


def own_library(params, loaded: Loaded) -> Path | None:
    """The folder the parameter file's `library:` names (relative to the file), if any."""
    if params is None or params.library is None:
        return None
    path = Path(params.library).expanduser()
    path = path if path.is_absolute() else Path(loaded.file).resolve().parent / path
    if not path.is_dir():
        raise UserError(f"{path} is not a folder. Give the folder of "
                        "your own library (with its layer.yaml), relative to this file.",
                        file=loaded.file, line=loaded.line(("library",)), field="library")
    return path


def _all_problems(loaded: Loaded, problems: list[Problem], library: Library,
                  blueprints: Blueprints) -> ProblemList:
    """Every problem of a file whose common sections or document failed: those problems and,
    as far as they can be checked, its sectors, languages and clauses, so that one run
    reports them all."""
    found = ProblemList(list(problems))
    reported = {p.field for p in problems}
    raw = raw_sections(loaded.data)
    more = ProblemList()
    check_scope(raw["sectors"], raw["languages"], loaded, library, more)
    doc_id = raw["document"]
    if doc_id is not None and "document" not in reported:
        try:
            bp = blueprints.get(doc_id, file=loaded.file, line=loaded.line(("document",)))
        except UserError as exc:
            more.problems.extend(exc.problems)
        else:
            resolve_clauses(raw["clauses"], doc_id, loaded, blueprints.slots_of(bp, library),
                            bp.family, more, lambda name: blueprints.documents_naming(name, library),
                            party_ids=raw_party_ids(loaded.data))
    found.problems.extend(p for p in more.problems
                          if p.field not in reported or p.field is None)
    found.problems.sort(key=lambda p: p.line or 0)  # in the order of the file
    return found


def build_drafts(path: str | Path, library_dir: str | Path | None = None,
                 blueprint_dir: str | Path | None = None) -> list[Draft]:
    """One Draft per language the parameter file asks for."""
    return drafts_and_library(path, library_dir, blueprint_dir)[0]


def drafts_and_library(path: str | Path, library_dir: str | Path | None = None,
                       blueprint_dir: str | Path | None = None
                       ) -> tuple[list[Draft], Library]:
    """The file's drafts and the library they were assembled from (the file's own layer,
    read in its languages), which their consistency checks read."""
    from .assembler import assemble  # here: `validate` needs no template engine

    negotiation, library, blueprints = open_negotiation(path, library_dir, blueprint_dir)
    return [assemble(negotiation, library, blueprints, lang)
            for lang in negotiation.params.languages], library


def draft_findings(drafts: list[Draft], library: Library | None = None
                   ) -> list[tuple[str, Finding]]:
    """(language, finding) for every consistency finding on the drafts of one file;
    `library`: the one they were assembled from (its register of quantities)."""
    return [(d.language, f) for d in drafts for f in check_draft(d, library)]


def finding_problem(path: str | Path, lang: str, finding: Finding, several: bool) -> Problem:
    where = f"{finding.where} [{lang}]" if several else finding.where
    return Problem(f"{finding.severity}: {finding.message}", str(path), None, where)


def checked_drafts(path: str | Path, library_dir: str | Path | None = None,
                   blueprint_dir: str | Path | None = None, *, refuse: bool = True,
                   warn=None) -> list[Draft]:
    """The drafts of a parameter file, checked: warnings go to `warn`, errors stop the
    command (with every finding listed) unless `refuse` is false."""
    drafts, library = drafts_and_library(path, library_dir, blueprint_dir)
    return check_drafts(path, drafts, library, refuse=refuse, warn=warn)


def check_drafts(path: str | Path, drafts: list[Draft], library: Library, *,
                 refuse: bool = True, warn=None) -> list[Draft]:
    """The consistency checks over drafts already assembled from the file at `path` with
    `library`."""
    found = draft_findings(drafts, library)
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
