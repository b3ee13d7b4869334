"""Helpers for tests that draft the shipped library with generated parameter files."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import yaml

from agreement_kit.assemble.assembler import assemble
from agreement_kit.library.blueprints import load_blueprints
from agreement_kit.model.draft import Draft, Ref
from agreement_kit.library.clauses import load_library
from agreement_kit.assemble.negotiation import resolve
from agreement_kit.inputs.params import load_params

BASE = {
    "languages": ["en"],
    "parties": {
        "origin": {"country": "Republic of the Philippines", "short": "the Philippines",
                   "authority": "Department of Migrant Workers"},
        "destination": {"country": "Federal Republic of Germany", "short": "Germany",
                        "authority": "Federal Ministry of Labour and Social Affairs"},
    },
    "scope": {"sectors": ["domestic-work", "agriculture", "health-care", "construction"],
              "categories": ["seasonal"],
              "occupations": ["nurse", "farm worker"], "annual_quota": 1000, "duration_years": 2},
    "draft": {"version": "0.1", "date": "2026-11-27", "status": "Draft"},
}
LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\ue000|\ue001|\ue002|None\b|Undefined")


def draft_with(tmp: Path, document: str, clauses: dict | None = None, **sections) -> Draft:
    data = {**BASE, "document": document, "clauses": clauses or {}, **sections}
    path = tmp / f"{document}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    params, loaded = load_params(path)
    lib, bps = load_library(), load_blueprints()
    bp = bps.get(document)
    negotiation = resolve(params, loaded, lib, bps.slots_of(bp, lib), bp.family,
                          bps.layers(bp, lib))
    return assemble(negotiation, lib, bps)


def draft_round(tmp: Path, document: str, clauses: dict, **sections) -> Draft:
    """Draft one round of option_rounds, leaving out the slots the round's other choices
    switch off (choosing a slot that is not drafted is refused). `sections`: more top-level
    keys of the parameter file (binding: ...)."""
    from agreement_kit.errors import UserError

    clauses = dict(clauses)
    while True:
        try:
            return draft_with(tmp, document, clauses, **sections)
        except UserError as exc:
            off = [p.field.split(".", 1)[1] for p in exc.problems
                   if p.field and "will not be drafted" in p.message]
            if not off or not set(off) & set(clauses):
                raise
            for name in off:
                clauses.pop(name, None)


def option_rounds(document: str) -> list[dict]:
    """Parameter choices that together select every option of every slot of the document's own
    text at least once (an annexed contract's slots are drafted by its own document's rounds:
    choosing a slot the draft leaves out is an error)."""
    lib, bps = load_library(), load_blueprints()
    bp = bps.get(document)
    own = {"common/definitions" if n == "definitions" else n for n in bp.slot_refs()}
    slots = {s.key: s for s in (lib.find(n, bp.family) for n in own)}
    rounds = max(len(s.options) for s in slots.values())
    return [{key: s.options[k % len(s.options)].id for key, s in slots.items()}
            for k in range(rounds)]


def all_text(draft: Draft) -> str:
    parts = [draft.title] + [p.text for p in draft.all_paragraphs()]
    for a in draft.articles():
        parts.append(a.title)
    for an in draft.annexes:
        if an.document:
            parts.append(all_text(an.document))
    return "\n".join(parts)


def check_refs(draft: Draft) -> None:
    """Every cross-reference shows the number of what it points at."""
    labels = {}
    for a in draft.articles():
        labels[a.slot] = a.label
        labels.setdefault(a.slot.split("/", 1)[1], a.label)
    for an in draft.annexes:
        labels[an.id] = an.number
    paras = list(draft.preamble) + [p for a in draft.articles() for p in a.paragraphs] + \
        [p for an in draft.annexes for p in an.paragraphs]
    for p in paras:
        for r in p.inlines:
            if isinstance(r, Ref) and r.target.startswith("agreement:"):
                # an article of the agreement an arrangement implements (tests/test_ssa_coherence.py)
                assert re.fullmatch(r"(Article \d+|Annexes [IVX]+ to [IVX]+) of the Agreement",
                                    r.text), (r, p.text)
            elif isinstance(r, Ref):
                expected = labels.get(r.target) or ""
                if r.bare:  # "Articles 24 and 27": the number only
                    expected = expected.rpartition(" ")[2]
                assert expected == r.text, (r, p.text)
    for an in draft.annexes:
        if an.document:
            check_refs(an.document)


def check_clean(draft: Draft) -> None:
    text = all_text(draft)
    bad = LEFTOVERS.search(text)
    assert bad is None, f"unrendered text near: {text[max(0, bad.start() - 80):bad.end() + 40]!r}"
    check_refs(draft)


def check_findings(draft: Draft, errors_only: bool = False) -> list[str]:
    """The consistency findings on a draft (`agreement-kit check`), as printed lines, leaving
    out those in clauses drafted from a below-floor option: zero is the bar for the rest."""
    from agreement_kit.assemble.checks import check_draft, passages

    protection = {p.where.split("(")[0]: p.clause.protection for p in passages(draft)
                  if p.clause is not None}
    found = [f for f in check_draft(draft, load_library())
             if protection.get(f.where.split("(")[0]) != "below-floor"
             and (f.severity == "error" or not errors_only)]
    return [f.line(draft.document) for f in found]


def branch_subsets(branches: list[str]):
    for n in range(1, len(branches) + 1):
        yield from itertools.combinations(branches, n)
