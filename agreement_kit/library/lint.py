"""The library lint: keeps a clause library fit to draft from.

It reports, with file and line: files that do not have the slot shape, duplicate ids, a
missing or unknown default, a below-floor default, options without protection level, sources
or commentary, text missing in a library language, Jinja syntax errors, placeholders a slot
does not declare, unknown sources and articles, cross-references to slots or annexes that do
not exist, terms used but never defined or defined twice differently, parameters without a
description or with an invalid default, blueprints naming unknown slots or leaving a
required contract element uncovered, and binding words
("shall") in slots that a non-binding memorandum uses.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import TemplateSyntaxError

from .blueprints import BUILTIN_DEFINITIONS, Blueprints, load_blueprints
from ..errors import Problem, UserError, did_you_mean
from .clauses import Library, Slot, check_param_value, load_library
from .layers import place_slots
from .templating import COMMON_NAMES, HELPERS, PARTY_NAME, analyse
from .translations import translation_report

_SWALLOWED_BREAK = re.compile(r"[^+-]%\}\s*$")
_BINDING_WORDS = re.compile(r"\b(shall|hereby agree|undertakes?)\b", re.I)


class Linter:
    def __init__(self, library: Library, blueprints: Blueprints | None):
        self.lib = library
        self.bps = blueprints
        self.problems: list[Problem] = []
        self.annex_ids = {a.id for bp in (blueprints.items.values() if blueprints else [])
                          for a in bp.annexes}
        self.terms: dict[str, tuple[Slot, dict]] = {}
        self.quantity_defaults: dict[str, tuple[Slot, str, object]] = {}
        # slots drafted once per Party (a per-Party annex): their texts may name `party`
        self.per_party_slots: set[str] = set()
        for bp in (blueprints.items.values() if blueprints else []):
            for annex in bp.annexes:
                if annex.slot and annex.for_each_party:
                    try:
                        self.per_party_slots.add(library.find(annex.slot, bp.family).key)
                    except UserError:
                        pass  # reported with the blueprint

    def add(self, message: str, file: str, line: int | None = None, field: str | None = None):
        self.problems.append(Problem(message, file, line, field))

    # --- templates ---------------------------------------------------------------------
    def text_line(self, file: str, path: tuple, lineno: int) -> int | None:
        loaded = self.lib.loaded.get(file) or (self.bps.loaded.get(file) if self.bps else None)
        if loaded is None:
            return None
        key_line = loaded.line(path)
        if key_line is None:
            return None
        raw = loaded.text.splitlines()
        block = key_line - 1 < len(raw) and raw[key_line - 1].rstrip().endswith(("|", ">", "|-", ">-"))
        return key_line + lineno if block else key_line + lineno - 1

    def template(self, source: str, file: str, path: tuple, allowed: set[str],
                 family: str | None, slot_refs: bool = False) -> None:
        """`slot_refs`: the slot has a list of slot ids (items: {slots: true}) whose numbers
        its text prints with ref(item): a reference that is not a quoted id is allowed."""
        where = ".".join(map(str, path))
        lines = source.split("\n")
        for n, line in enumerate(lines[:-1]):
            if _SWALLOWED_BREAK.search(line) and not lines[n + 1].strip() \
                    and any(rest.strip() for rest in lines[n + 2:]) \
                    and re.sub(r"\{%.*?%\}", "", line).strip():
                self.add("a paragraph ends in a block tag before a blank line: the blank line "
                         "is swallowed (trim_blocks) and the next paragraph runs into this one; "
                         "end it with +%} (e.g. {% endif +%}).", file,
                         self.text_line(file, path, n + 1), where)
        try:
            names, calls = analyse(source)
        except TemplateSyntaxError as exc:
            self.add(f"Jinja syntax error: {exc.message}", file,
                     self.text_line(file, path, exc.lineno or 1), where)
            return
        for name in sorted(names - allowed - COMMON_NAMES - HELPERS):
            self.add(f"placeholder '{name}' is not declared; declare it under `parameters:` or "
                     f"use a common value.{did_you_mean(name, allowed | COMMON_NAMES)}",
                     file, self.text_line(file, path, 1), where)
        for helper, args, lineno in calls:
            line = self.text_line(file, path, lineno)
            if helper == "ref":
                if slot_refs and args and not isinstance(args[0], str):
                    continue  # checked against the document when a parameter file names them
                self.check_ref(args, family, file, line, where)
            elif helper == "ref_range":
                self.check_ref(args[:1], family, file, line, where)
                self.check_ref(args[1:], family, file, line, where)
            elif helper == "term":
                if not args or not isinstance(args[0], str):
                    self.add("term() needs the term as a quoted string.", file, line, where)
                elif not any(args[0] in s.terms for s in self.lib.slots.values()):
                    known = {t for s in self.lib.slots.values() for t in s.terms}
                    self.add(f"term '{args[0]}' is used but no slot defines it under `terms:`."
                             f"{did_you_mean(args[0], known)}", file, line, where)

    def check_ref(self, args: list, family: str | None, file: str, line: int | None,
                  where: str) -> None:
        if not args or not isinstance(args[0], str):
            self.add("ref() needs a slot id or annex id as a quoted string.", file, line, where)
            return
        target = args[0]
        if target.startswith("agreement:"):  # an article of the implemented agreement
            target = target.split(":", 1)[1]
        if target in self.annex_ids:
            return
        try:
            self.lib.find(target, family)
        except UserError:
            known = [s.id for s in self.lib.slots.values()] + sorted(self.annex_ids)
            self.add(f"ref('{target}') names no slot or annex.{did_you_mean(target, known)}",
                     file, line, where)

    # --- slots -------------------------------------------------------------------------
    def slot(self, slot: Slot) -> None:
        f, lib = slot.file, self.lib
        line = lambda *p: lib.line_of(slot, *p)  # noqa: E731
        declared = set(slot.parameters)
        if slot.key in self.per_party_slots:
            declared.add(PARTY_NAME)
        slot_refs = any((spec.items or {}).get("slots") for spec in slot.parameters.values())
        if slot.default is None:
            self.add("no `default:` option; name the option drafted when the parameters name "
                     "none.", f, line("options"), "default")
        elif slot.default not in slot.option_ids:
            self.add(f"default '{slot.default}' is not an option.{did_you_mean(slot.default, slot.option_ids)}",
                     f, line("default"), "default")
        elif slot.default_option.protection == "below-floor":
            self.add("the default option is below-floor; a below-floor option is never the "
                     "default.", f, line("default"), "default")
        seen = set()
        for i, opt in enumerate(slot.options):
            fld = f"options[{i}]"
            if opt.id in seen:
                self.add(f"duplicate option id '{opt.id}'.", f, line("options", i, "id"), fld)
            seen.add(opt.id)
            if not opt.sources:
                self.add(f"option '{opt.id}' cites no source.", f, line("options", i), fld)
            for j, cite in enumerate(opt.sources):
                self.citation(cite, f, line("options", i, "sources", j), f"{fld}.sources[{j}]")
            if not any(v.strip() for v in opt.commentary.values()):
                self.add(f"option '{opt.id}' has no commentary for negotiators.", f,
                         line("options", i), fld)
            for lang in lib.info.languages:  # the library's own; translations: coverage
                if not opt.text.get(lang, "").strip():
                    self.add(f"option '{opt.id}' has no text in '{lang}' (a library language).",
                             f, line("options", i, "text"), f"{fld}.text")
                if lang not in opt.label:
                    self.add(f"option '{opt.id}' has no label in '{lang}'.", f,
                             line("options", i, "label"), f"{fld}.label")
            for lang, text in opt.text.items():
                self.template(text, f, ("options", i, "text", lang), declared, slot.family,
                              slot_refs)
        for lang in lib.info.languages:
            if lang not in slot.title:
                self.add(f"no title in '{lang}'.", f, line("title"), "title")
        for name, spec in slot.parameters.items():
            where = f"parameters.{name}"
            if not any(v.strip() for v in spec.description.values()):
                self.add(f"parameter '{name}' has no description; users read it in "
                         "`agreement-kit schema` and `options`.", f, line("parameters", name), where)
            if spec.type == "enum" and not spec.values:
                self.add("an enum parameter needs `values:`.", f, line("parameters", name), where)
            if spec.default is None:
                self.add(f"parameter '{name}' has no default.", f, line("parameters", name), where)
            else:
                why = check_param_value(spec, spec.default)
                if why:
                    self.add(f"default {why}", f, line("parameters", name, "default"), where)
            if spec.derive:
                self.expression(spec.derive, f, line("parameters", name, "derive"),
                                f"{where}.derive")
            if spec.quantity is not None:
                self.quantity(slot, name, spec, f, line("parameters", name, "quantity"), where)
            if spec.per_party and (spec.quantity or spec.derive):
                self.add("a per-Party parameter can be neither a quantity (one value in a "
                         "document) nor derived; remove per_party, quantity or derive.", f,
                         line("parameters", name), where)
            if (spec.items or {}).get("slots"):
                for j, item in enumerate(spec.default or []):
                    try:
                        self.lib.find(str(item), slot.family)
                    except UserError:
                        self.add(f"default item '{item}' names no slot; this list holds slot "
                                 "ids (items: {slots: true}).", f,
                                 line("parameters", name, "default"), f"{where}.default[{j}]")
        for term, texts in slot.terms.items():
            for lang, text in texts.items():
                self.template(text, f, ("terms", term, lang), set(), slot.family)
            earlier = self.terms.get(term)
            if earlier and earlier[1] != texts:
                self.add(f"term '{term}' is also defined, differently, in {earlier[0].file}; "
                         "define each term once.", f, line("terms", term), f"terms.{term}")
            self.terms.setdefault(term, (slot, texts))
        for el in slot.covers:
            if lib.elements and el not in lib.elements:
                self.add(f"covers unknown element '{el}'.{did_you_mean(el, lib.elements)}", f,
                         line("covers"), "covers")
        if slot.when:
            self.expression(slot.when, f, line("when"), "when")

    def quantity(self, slot: Slot, name: str, spec, f: str, line: int | None,
                 where: str) -> None:
        """A quantity is one fact: registered, and the same default wherever it is declared."""
        if spec.quantity not in self.lib.quantities:
            self.add(f"quantity '{spec.quantity}' is not in quantities.yaml."
                     f"{did_you_mean(spec.quantity, self.lib.quantities)}", f, line, where)
            return
        earlier = self.quantity_defaults.get(spec.quantity)
        if earlier and earlier[2] != spec.default:
            self.add(f"quantity '{spec.quantity}' has default {spec.default!r} here but "
                     f"{earlier[2]!r} in {earlier[0].file} ({earlier[1]}); one fact has one "
                     "default.", f, line, where)
        self.quantity_defaults.setdefault(spec.quantity, (slot, name, spec.default))

    def citation(self, cite: str, file: str, line: int | None, where: str) -> None:
        src_id, sep, art = cite.partition(":")
        if src_id not in self.lib.sources:
            self.add(f"unknown source '{src_id}'.{did_you_mean(src_id, self.lib.sources)} "
                     "Register it in sources.yaml.", file, line, where)
        elif not sep or art not in self.lib.sources[src_id].articles:
            arts = self.lib.sources[src_id].articles
            self.add(f"'{cite}': article '{art}' of {src_id} is not in the register."
                     f"{did_you_mean(art, arts)} Add it under {src_id}.articles with a summary.",
                     file, line, where)

    def expression(self, expr: str, file: str, line: int | None, where: str) -> None:
        from .templating import compile_condition
        try:
            compile_condition(expr)
        except TemplateSyntaxError as exc:
            self.add(f"condition does not parse: {exc.message}", file, line, where)

    # --- blueprints --------------------------------------------------------------------
    def sectors(self, sectors: list[str] | None, file: str, where: str) -> None:
        """Sector lists (of a source or a sector contract) name sectors of library.yaml."""
        known = self.lib.info.sectors
        for i, sector in enumerate(sectors or []):
            if known and sector not in known:
                self.add(f"unknown sector '{sector}'.{did_you_mean(sector, known)} Sectors are "
                         "listed in library.yaml.", file, None, f"{where}[{i}]")

    def blueprint(self, bp) -> None:
        f = bp.file
        loaded = self.bps.loaded.get(f)
        line = (lambda *p: loaded.line(p)) if loaded else (lambda *p: None)
        self.sectors(bp.sectors, f, "sectors")
        slots = []
        for name in bp.slot_refs():
            lookup = f"common/{BUILTIN_DEFINITIONS}" if name == BUILTIN_DEFINITIONS else name
            try:
                slots.append(self.lib.find(lookup, bp.family))
            except UserError as exc:
                self.add(str(exc), f, line("parts"), "parts")
        for i, part in enumerate(bp.parts):
            if part.when:
                self.expression(part.when, f, line("parts", i, "when"), f"parts[{i}].when")
            for j, ref in enumerate(part.slots):
                if ref.when:
                    self.expression(ref.when, f, line("parts", i, "slots", j),
                                    f"parts[{i}].slots[{j}].when")
        # annexed documents that do not exist or lead back: refused by load_blueprints
        for i, annex in enumerate(bp.annexes):
            if annex.document:
                for k, rule in enumerate(annex.document.rules):
                    self.expression(rule.when, f, line("annexes", i, "document", "rules", k),
                                    f"annexes[{i}].document.rules[{k}].when")
        for key in ("title", "opening", "agreed", "closing", "subject"):
            for lang, text in (getattr(bp, key) or {}).items():
                self.template(text, f, (key, lang), set(), bp.family)
        covered = {el for slot in slots for el in slot.covers}
        for el in bp.elements:
            if el not in self.lib.elements:
                self.add(f"unknown element '{el}'.{did_you_mean(el, self.lib.elements)}", f,
                         line("elements"), "elements")
            elif el not in covered:
                self.add(f"required element '{el}' ({self.lib.elements[el].label.get('en', '')}) "
                         "is covered by no slot of this document.", f, line("elements"), "elements")
        if not bp.binding:
            self.non_binding(bp, slots, f)
        if bp.multilateral:
            self.multilateral(bp, slots, f, line)
        else:
            for i, annex in enumerate(bp.annexes):
                if annex.for_each_party:
                    self.add(f"annex '{annex.id}' is drawn once per Party, but the document has "
                             "two Parties (origin and destination); set multilateral: true or "
                             "remove for_each_party.", f, line("annexes", i), f"annexes[{i}]")

    def multilateral(self, bp, slots: list[Slot], file: str, line) -> None:
        """A document of several States has no origin and destination: its frame, its slots'
        texts and the definitions of the terms they use speak of the Parties (`parties`), or
        branch on `parties|length > 2`."""
        def two_party(text: str) -> set[str]:
            try:
                names, _ = analyse(text)
            except TemplateSyntaxError:
                return set()  # reported where the text is linted
            return set() if "parties" in names else names & {"origin", "destination"}

        for key in ("title", "opening", "agreed", "closing", "subject"):
            for lang, text in (getattr(bp, key) or {}).items():
                named = two_party(text)
                if named:
                    self.add(f"the {key} of multilateral document '{bp.id}' names "
                             f"{' and '.join(sorted(named))}; name the Parties with `parties`.",
                             file, line(key), key)
        used_terms: dict[str, Slot] = {}
        for slot in slots:
            for i, opt in enumerate(slot.options):
                for lang, text in opt.text.items():
                    named = two_party(text)
                    if named:
                        self.add(f"option '{opt.id}' names {' and '.join(sorted(named))}, but "
                                 f"the multilateral document '{bp.id}' uses this slot; write "
                                 "its text for several Parties (`parties`), or branch on "
                                 "{% if parties|length > 2 %}.", slot.file,
                                 self.lib.line_of(slot, "options", i, "text"),
                                 f"options[{i}].text.{lang}")
                    try:
                        names, calls = analyse(text)
                    except TemplateSyntaxError:
                        continue
                    if "parties" in names:  # the text branches for several Parties itself
                        continue
                    for helper, args, _ in calls:
                        if helper == "term" and args and isinstance(args[0], str):
                            used_terms.setdefault(args[0], slot)
        pending, seen = list(used_terms), set()
        while pending:  # the definitions of the terms used, and of the terms they use
            term = pending.pop()
            if term in seen or term not in self.terms:
                continue
            seen.add(term)
            defining, texts = self.terms[term]
            for lang, text in texts.items():
                try:
                    names, calls = analyse(text)
                except TemplateSyntaxError:
                    continue
                if "parties" in names:  # the definition branches for several Parties itself
                    continue
                named = names & {"origin", "destination"}
                if named:
                    self.add(f"term '{term}' is defined with {' and '.join(sorted(named))}, but "
                             f"the multilateral document '{bp.id}' uses it (in slot "
                             f"'{used_terms.get(term, defining).id}'); define it for several "
                             "Parties too ({% if parties|length > 2 %}).", defining.file,
                             self.lib.line_of(defining, "terms", term), f"terms.{term}")
                pending += [a[0] for h, a, _ in calls if h == "term" and a and isinstance(a[0], str)]

    def non_binding(self, bp, slots: list[Slot], file: str) -> None:
        """A memorandum of understanding may not read as a treaty."""
        for key in ("title", "opening", "agreed", "closing"):
            for lang, text in (getattr(bp, key) or {}).items():
                if _BINDING_WORDS.search(_literal(text)):
                    self.add(f"binding wording in the {key} of a non-binding document.", file,
                             None, key)
        for slot in slots:
            for i, opt in enumerate(slot.options):
                for lang, text in opt.text.items():
                    m = _BINDING_WORDS.search(_literal(text))
                    if m:
                        self.add(f"option '{opt.id}' writes '{m.group(0)}' literally, but the "
                                 f"non-binding document '{bp.id}' uses this slot; write "
                                 "{{ form.shall }} instead.", slot.file,
                                 self.lib.line_of(slot, "options", i, "text"),
                                 f"options[{i}].text.{lang}")


def _literal(text: str) -> str:
    """Template text outside {{ }} and {% %}."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", text, flags=re.S)


def lint_library(directory: str | Path | None = None, blueprint_dir: str | Path | None = None
                 ) -> tuple[list[Problem], str]:
    try:
        lib = load_library(directory)
    except UserError as exc:
        return exc.problems, f"{len(exc.problems)} problem(s): the library could not be loaded."
    bps = None
    if directory is None or blueprint_dir is not None or lib.layers:
        try:  # a layer is checked with the shipped documents its slots are placed in
            bps = place_slots(load_blueprints(blueprint_dir, lib.translation_roots), lib)
        except UserError as exc:
            return exc.problems, f"{len(exc.problems)} problem(s) in the blueprints."
    linter = Linter(lib, bps)
    for src_id, src in lib.sources.items():
        linter.sectors(src.sectors, "sources.yaml", f"{src_id}.sectors")
    for slot in lib.slots.values():
        linter.slot(slot)
    if bps:
        for bp in bps.items.values():
            linter.blueprint(bp)
    coverage = []
    if bps:
        for lang, (done, total, found) in translation_report(lib, bps).items():
            linter.problems.extend(found)
            status = lib.language_info[lang].status
            coverage.append(f"{lang} {done}/{total} texts ({100 * done / max(total, 1):.0f}%, "
                            f"{status})")
    articles = sum(len(s.articles) for s in lib.sources.values())
    verified = sum(a.verified for s in lib.sources.values() for a in s.articles.values())
    problems = sorted(set(map(str, linter.problems)))
    summary = (f"{len(lib.slots)} slots in {len(lib.families)} families, "
               f"{sum(len(s.options) for s in lib.slots.values())} options, "
               f"{len(lib.sources)} sources ({articles} articles, {verified} verified)"
               + (f", {len(bps.items)} documents" if bps else "")
               + f": {len(problems)} problem(s)"
               + (f"\nlanguages: en (source), {'; '.join(coverage)}" if coverage else ""))
    return [Problem(p) for p in problems], summary
