"""A clause option's text filled in with neutral sample values, for tables and briefs."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model.draft import Blank, Ref, plain
from .clauses import Library, Option, Slot
from .templating import TextError, helpers, paragraphs, render

SAMPLE_FORM = {"Parties": "The Parties", "parties": "the Parties", "Party": "The Party",
               "party": "Party", "shall": "shall", "Instrument": "This Agreement",
               "instrument": "this Agreement", "binding": True, "unit": "Article"}


def sample_context(library: Library, slot: Slot, lang: str = "en") -> dict[str, Any]:
    """Neutral values to preview a text without a parameter file."""
    party = {"country": "[country]", "short": "[country]", "authority": "[competent authority]",
             "signatory": None}
    ctx: dict[str, Any] = {
        "origin": {**party, "country": "[country of origin]", "short": "[origin]"},
        "destination": {**party, "country": "[country of destination]", "short": "[destination]"},
        "scope": {"sectors": [], "categories": [], "occupations": [], "annual_quota": None, "duration_years": None,
                  "skill_levels": [], "regions": []},
        "draft": {"version": "0.1", "date": date(2026, 1, 1), "status": "Draft",
                  "place_of_signature": None},
        "contract": {"employer": {}, "worker": {}}, "languages": [lang], "document": "",
        "form": SAMPLE_FORM, "clauses": {}, "document_slots": [],
    }
    ctx.update(helpers(ctx["contract"], lambda s: library.sector_label(s, lang)))
    ctx.update({name: spec.default for name, spec in slot.parameters.items()})
    return ctx


def preview(library: Library, slot: Slot, option: Option, lang: str = "en") -> str:
    """The option's text with sample values; references print as [Article on ...]."""
    try:
        text = render(option.text.get(lang, ""), sample_context(library, slot, lang),
                      where=f"{slot.file} option {option.id}")
    except TextError as exc:
        return f"[text cannot be previewed: {exc}]"
    out = []
    for para in paragraphs(text):
        runs = [_preview_run(library, slot, r) for r in para.inlines]
        out.append(("  (-) " if para.level else "") + plain(runs))
    return "\n".join(out)


def _preview_run(library: Library, slot: Slot, run):
    if isinstance(run, Ref):
        try:
            target = library.find(run.target, slot.family).title.get("en", run.target)
        except Exception:  # noqa: BLE001 - an annex id or unknown target
            target = run.target
        label = "Clause" if slot.family == "employment" else "Article"
        return Ref(run.target, f"[{label} on {target}]")
    if isinstance(run, Blank):
        return Blank(run.label)
    return run


