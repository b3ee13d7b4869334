"""From a parameter file to Drafts: the steps every command shares."""

from __future__ import annotations

from pathlib import Path

from .assembler import assemble
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
