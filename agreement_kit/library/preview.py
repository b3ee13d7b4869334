"""A clause option's text filled in with neutral sample values, for tables and briefs."""

from __future__ import annotations

from datetime import date
from typing import Any

from ..model.draft import Blank, Ref, plain
from .clauses import Library, Option, Slot
from ..inputs.params import THIRD_PARTY_ROLES
from .templating import TextError, helpers, paragraphs, render

SAMPLE_FORM = {"Parties": "The Parties", "parties": "the Parties", "Party": "The Party",
               "party": "Party", "shall": "shall", "Instrument": "This Agreement",
               "instrument": "this Agreement", "binding": True, "unit": "Article",
               "parties_word": "Parties"}  # a multilateral instrument's "the other Parties"


def sample_context(library: Library, slot: Slot, lang: str = "en") -> dict[str, Any]:
    """Neutral values to preview a text without a parameter file."""
    party = {"country": "[country]", "short": "[country]", "authority": "[competent authority]",
             "authority_roles": "[competent authority]", "authorities": [], "signatories": [],
             "signatory": None}
    ctx: dict[str, Any] = {
        "origin": {**party, "country": "[country of origin]", "the_country": "[country of origin]",
                   "short": "[origin]"},
        "destination": {**party, "country": "[country of destination]",
                        "the_country": "[country of destination]", "short": "[destination]"},
        "scope": {"sectors": [], "categories": [], "occupations": [], "annual_quota": None,
                  "duration_years": None, "skill_levels": [], "regions": [],
                  # one of each, so the texts that print them preview with something
                  "category_terms": [{"category": "temporary", "max_months": 24,
                                      "min_age": 18, "max_age": None}],
                  "excluded": ["[persons excluded]"],
                  "quotas": [{"sector": None, "per_year": 1000, "range": None, "once": None}]},
        "draft": {"version": "0.1", "date": date(2026, 1, 1), "status": "Draft",
                  "place_of_signature": None},
        "contract": {"employer": {}, "worker": {}}, "languages": [lang], "document": "",
        "form": SAMPLE_FORM, "clauses": {}, "document_slots": [],
        "others": [{"id": role, "role": role, "name": f"[{role}]", "short": f"[{role}]",
                    "side": None, "country": None, "signs": False, "representative": None}
                   for role in THIRD_PARTY_ROLES],
    }
    # a multilateral instrument's Parties, and the one a per-Party annex is drawn for
    ctx["parties"] = [{**party, "country": f"[State {c}]", "the_country": f"[State {c}]",
                       "short": f"[State {c}]", "id": f"state-{c.lower()}"} for c in "ABC"]
    ctx["party"] = ctx["parties"][0]
    ctx.update(helpers(ctx["contract"], lambda s: library.sector_label(s, lang),
                       others=ctx["others"]))
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


def _preview_run(library: Library, slot: Slot, run, annexes: dict[str, str] | None = None):
    if isinstance(run, Ref):
        if annexes and run.target in annexes:
            return Ref(run.target, f"[Annex on {annexes[run.target]}]")
        try:
            target = library.find(run.target, slot.family).title.get("en", run.target)
        except Exception:  # noqa: BLE001 - an annex id or unknown target
            target = run.target
        label = "Clause" if slot.family == "employment" else "Article"
        return Ref(run.target, f"[{label} on {target}]")
    if isinstance(run, Blank):
        return Blank(run.label)
    return run



PLACEHOLDER_OPEN, PLACEHOLDER_CLOSE = "\u27e8", "\u27e9"  # ⟨meetings_per_year⟩


def placeholder(name: str) -> str:
    """How a parameter shows in a text printed without values: ⟨meetings_per_year⟩."""
    return f"{PLACEHOLDER_OPEN}{name}{PLACEHOLDER_CLOSE}"


def _placeholder_template(source: str, names: set[str]):
    """`source` compiled with every printed expression that uses a parameter replaced by the
    parameter's named placeholder. Conditions (`{% if %}`) still see the defaults, so the
    text shown is the default variant; the parse still goes through the sandbox's checks."""
    from jinja2 import nodes

    from .templating import ENV

    ast = ENV.parse(source)
    for out in ast.find_all(nodes.Output):
        kept = []
        for child in out.nodes:
            if isinstance(child, nodes.TemplateData):
                kept.append(child)
                continue
            found = [child] if isinstance(child, nodes.Name) else list(child.find_all(nodes.Name))
            used = list(dict.fromkeys(n.name for n in found if n.name in names))
            if used:
                const = nodes.Const(" ".join(placeholder(n) for n in used), lineno=child.lineno)
                const.set_environment(ENV)
                kept.append(const)
            else:
                kept.append(child)
        out.nodes = kept
    return ENV.from_string(ast)


def preview_paragraphs(library: Library, slot: Slot, option: Option, lang: str = "en",
                       placeholders: bool = True, annexes: dict[str, str] | None = None
                       ) -> list[tuple[int, str]]:
    """The option's text as (level, text) paragraphs, level 1 for a lettered item.

    With `placeholders`, parameters print as ⟨name⟩ instead of their default values;
    references print as "[Article on ...]" and blanks as "[label: ____]". A text that cannot
    be shown that way falls back to the default values. `annexes` (annex id -> title) names
    the annexes a reference may point to ("[Annex on ...]")."""
    source = option.text.get(lang, "")
    where = f"{slot.file} option {option.id}"
    text = None
    if placeholders and slot.parameters:
        from ..limits import time_limit

        try:
            with time_limit(10, lambda: TextError(f"{where}: preview took too long")):
                text = _placeholder_template(source, set(slot.parameters)).render(
                    sample_context(library, slot, lang))
        except Exception:  # noqa: BLE001 - any failure: show the text with default values
            text = None
    if text is None:
        try:
            text = render(source, sample_context(library, slot, lang), where=where)
        except TextError as exc:
            return [(0, f"[text cannot be previewed: {exc}]")]
    out = []
    for para in paragraphs(text):
        runs = [_preview_run(library, slot, r, annexes) for r in para.inlines]
        out.append((para.level, plain(runs)))
    return out


def preview_text(library: Library, slot: Slot, source: str, lang: str = "en",
                 annexes: dict[str, str] | None = None) -> str:
    """Any text of `slot` (a term's definition, say) filled in with sample values, on one
    line; references as "[Article on ...]"."""
    try:
        text = render(source, sample_context(library, slot, lang), where=f"{slot.file} text")
    except TextError:
        return source
    return " ".join(plain([_preview_run(library, slot, r, annexes) for r in para.inlines])
                    for para in paragraphs(text))


def condition_parameters(source: str, names: set[str] | dict) -> list[str]:
    """The parameters among `names` that a text tests in `{% if %}` (so its wording, not only
    a printed value, depends on them), in the order they first appear."""
    from jinja2 import nodes

    from .templating import ENV

    try:
        ast = ENV.parse(source)
    except Exception:  # noqa: BLE001 - the lint reports texts that do not parse
        return []
    found: list[str] = []
    for node in ast.find_all((nodes.If, nodes.CondExpr)):
        for name in node.test.find_all(nodes.Name) if not isinstance(node.test, nodes.Name) \
                else [node.test]:
            if name.name in names and name.name not in found:
                found.append(name.name)
    return found
