"""Build the clause catalogue (:mod:`agreement_kit.model.catalogue`) from a library.

One :class:`~agreement_kit.model.catalogue.Edition` per language of ``library.yaml``: every
slot with its parameters, options, texts (parameters as ⟨name⟩ placeholders), sources and
commentary; every document's structure with its conditions as readable text; every
instrument of the source register with the options that cite it. Everything is sorted, so
the same library always gives the same catalogue.
"""

from __future__ import annotations

import re
from typing import Any

from ..conventions import LANGUAGE_NAMES
from ..model.catalogue import (ArticleEntry, BuilderSlot, Catalogue, Citation, DocAnnex,
                               DocItem, DocPart, DocumentEntry, Edition, InstrumentEntry,
                               OptionEntry, Parameter, SlotEntry)
from ..model.protection import PROTECTION_LEVELS
from .blueprints import BUILTIN_DEFINITIONS, Blueprint, Blueprints
from .clauses import Library, ParamSpec, Slot
from .preview import (SAMPLE_FORM, condition_parameters, preview_paragraphs, preview_text,
                      sample_context)
from .templating import ENV, TextError, render

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "dv", "yi", "ku", "sd", "ug"}
FAMILY_NAMES = {"bla": "Bilateral labour agreements and memoranda",
                "employment": "Model employment contracts",
                "social_security": "Social security agreements",
                "common": "Clauses several documents share"}


def _text(mapping: dict[str, str] | None, lang: str) -> str:
    """A library text in `lang`, else English, else any language, else ''."""
    if not mapping:
        return ""
    return mapping.get(lang) or mapping.get("en") or next(iter(mapping.values()), "")


def family_name(family: str) -> str:
    return FAMILY_NAMES.get(family) or family.replace("_", " ").capitalize()


def anchor_of(text: str) -> str:
    """An id usable in a URL fragment: 'Art. 7(1)' -> '7-1'."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def page_names(library: Library) -> dict[str, str]:
    """Slot key -> page name: the bare id, or family-id where several families share an id."""
    count: dict[str, int] = {}
    for slot in library.slots.values():
        count[slot.id] = count.get(slot.id, 0) + 1
    return {key: (slot.id if count[slot.id] == 1 else f"{slot.family}-{slot.id}")
            for key, slot in sorted(library.slots.items())}


# --- conditions as readable text ---------------------------------------------------------

PLURAL_LISTS = ("sectors", "categories")  # "the sectors include ...": a plural verb


class _Unreadable(Exception):
    pass


class ConditionReader:
    """`when:` expressions as sentences: "'domestic-work' in scope.sectors" -> "the sectors
    include domestic work". An expression of another shape is shown as written."""

    def __init__(self, library: Library, family: str, lang: str):
        self.library, self.family, self.lang = library, family, lang

    def __call__(self, expression: str | None) -> str | None:
        if not expression:
            return None
        from jinja2 import nodes

        try:
            ast = ENV.parse("{{ " + expression + " }}")
            outputs = list(ast.find_all(nodes.Output))
            if len(outputs) != 1 or len(outputs[0].nodes) != 1:
                raise _Unreadable
            return self.expr(outputs[0].nodes[0])
        except Exception:  # noqa: BLE001 - unreadable or unparsable: show it as written
            return f"the condition {expression}"

    def expr(self, node) -> str:
        from jinja2 import nodes

        if isinstance(node, (nodes.And, nodes.Or)):
            word = " and " if isinstance(node, nodes.And) else " or "
            other = nodes.Or if isinstance(node, nodes.And) else nodes.And
            sides = [self.expr(n) for n in (node.left, node.right)]
            sides = [f"({text})" if isinstance(n, other) else text
                     for n, text in zip((node.left, node.right), sides)]
            return word.join(sides)
        if isinstance(node, nodes.Not) and self.scope_list(node.node):
            return f"the scope names no {node.node.attr.replace('_', ' ')}"
        if isinstance(node, nodes.Not):
            return "not (" + self.expr(node.node) + ")"
        if isinstance(node, nodes.Filter) and node.name == "list" \
                and isinstance(node.node, nodes.Filter) and node.node.name == "reject" \
                and len(node.node.args) == 2 and all(isinstance(a, nodes.Const)
                                                     for a in node.node.args) \
                and node.node.args[0].value == "equalto":
            # scope.sectors|reject('equalto', 'agriculture')|list: any other than that one
            where = self.collection(node.node.node)
            value = self.value(where, node.node.args[1].value)
            verb = "include" if where[0] in PLURAL_LISTS else "includes"
            return f"{where[1]} {verb} one other than {value}"
        if isinstance(node, nodes.Compare) and len(node.ops) == 1:
            return self.compare(node.expr, node.ops[0].op, node.ops[0].expr)
        raise _Unreadable

    def compare(self, left, op: str, right) -> str:
        from jinja2 import nodes

        if op in ("in", "notin") and isinstance(left, nodes.Const):
            where = self.collection(right)
            value = self.value(where, left.value)
            verb = "includes" if op == "in" else "does not include"
            if where[0] in PLURAL_LISTS:
                verb = "include" if op == "in" else "do not include"
            return f"{where[1]} {verb} {value}"
        if op in ("in", "notin", "eq", "ne"):
            slot = self.option_of(left)
            if slot is None:
                raise _Unreadable
            if isinstance(right, (nodes.List, nodes.Tuple)):
                values = [item.value for item in right.items if isinstance(item, nodes.Const)]
            elif isinstance(right, nodes.Const):
                values = [right.value]
            else:
                raise _Unreadable
            labels = [self.option_label(slot, v) for v in values]
            joined = labels[0] if len(labels) == 1 else (
                ", ".join(labels[:-1]) + " or " + labels[-1])
            neg = op in ("notin", "ne")
            return (f"the option chosen for {_text(slot.title, self.lang)} is "
                    f"{'not ' if neg else ''}{joined}")
        raise _Unreadable

    @staticmethod
    def scope_list(node) -> bool:
        """Whether `node` is a list of the scope (scope.sectors, scope.categories)."""
        from jinja2 import nodes
        return isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) \
            and node.node.name == "scope"

    def collection(self, node) -> tuple[str, str, Slot | None]:
        from jinja2 import nodes

        if self.scope_list(node):
            name = "sectors" if node.attr == "sectors" else node.attr
            return name, f"the {node.attr.replace('_', ' ')} of the scope" \
                if name != "sectors" else "the sectors", None
        if isinstance(node, nodes.Getattr):
            slot = self.clause(node.node)
            if slot is not None:
                return node.attr, (f"the {node.attr.replace('_', ' ')} chosen for "
                                   f"{_text(slot.title, self.lang)}"), slot
        raise _Unreadable

    def value(self, where: tuple[str, str, Slot | None], value: Any) -> str:
        if where[0] == "sectors":
            return self.library.sector_label(str(value), self.lang)
        return str(value).replace("-", " ")

    def clause(self, node) -> Slot | None:
        """`clauses['joint-committee']` -> that slot."""
        from jinja2 import nodes

        if isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) \
                and node.node.name == "clauses" and isinstance(node.arg, nodes.Const):
            try:
                return self.library.find(str(node.arg.value), self.family)
            except Exception:  # noqa: BLE001 - an unknown slot: not readable
                return None
        return None

    def option_of(self, node) -> Slot | None:
        from jinja2 import nodes

        if isinstance(node, nodes.Getattr) and node.attr == "option":
            return self.clause(node.node)
        return None

    def option_label(self, slot: Slot, option_id: Any) -> str:
        try:
            return f"“{_text(slot.option(str(option_id)).label, self.lang)}”"
        except KeyError:
            return f"“{option_id}”"


# --- the catalogue -----------------------------------------------------------------------

def _default_text(spec: ParamSpec) -> str:
    value = spec.default
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, (list, dict, str, int, float, bool)) or value is None:
        return value
    return str(value)  # a date


def _parameter(name: str, spec: ParamSpec, lang: str) -> Parameter:
    values = list(spec.values or []) if spec.type == "enum" else list(
        (spec.items or {}).get("values") or [])
    return Parameter(name=name, type=spec.type, default=_json_default(spec.default),
                     default_text=_default_text(spec), minimum=spec.min, maximum=spec.max,
                     values=values, pattern=spec.pattern,
                     max_length=spec.max_length if spec.type == "string" else None,
                     description=_text(spec.description, lang))


def _citation(library: Library, ref: str, anchors: dict[tuple[str, str], str]) -> Citation:
    src_id, _, art = ref.partition(":")
    src = library.sources.get(src_id)
    entry = src.articles.get(art) if src else None
    return Citation(ref=ref, instrument=src_id, article=art, label=library.cite(ref),
                    title=src.title if src else src_id, summary=entry.summary if entry else "",
                    verified=bool(entry and entry.verified), url=src.url if src else None,
                    anchor=anchors.get((src_id, art), ""))


def _article_anchors(library: Library) -> dict[tuple[str, str], str]:
    anchors: dict[tuple[str, str], str] = {}
    for src_id in sorted(library.sources):
        used: set[str] = set()
        for art in library.sources[src_id].articles:
            base = "art-" + anchor_of(art)
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            anchors[(src_id, art)] = anchor
    return anchors


def _document_title(bp: Blueprint, library: Library, lang: str) -> str:
    source = _text(bp.title, lang)
    any_slot = next(iter(library.slots.values()))
    ctx = sample_context(library, any_slot, lang)
    for name in any_slot.parameters:
        ctx.pop(name, None)
    ctx["form"] = {**SAMPLE_FORM, **bp.vocabulary(lang)}
    try:
        return " ".join(render(source, ctx, where=f"{bp.file} title").split())
    except TextError:
        return source


def _annex_titles(blueprints: Blueprints, lang: str) -> dict[str, str]:
    titles: dict[str, str] = {}
    for bp_id in sorted(blueprints.items):
        for annex in blueprints.items[bp_id].annexes:
            titles.setdefault(annex.id, _text(annex.title, lang))
    return titles


def _document(bp: Blueprint, blueprints: Blueprints, library: Library, lang: str) -> DocumentEntry:
    read = ConditionReader(library, bp.family, lang)

    def key(name: str) -> str:
        lookup = f"common/{BUILTIN_DEFINITIONS}" if name == BUILTIN_DEFINITIONS else name
        return library.find(lookup, bp.family).key

    parts = [DocPart(title=_text(p.title, lang) or None, condition=read(p.when),
                     items=[DocItem(key(ref.slot), read(ref.when)) for ref in p.slots])
             for p in bp.parts]
    annexes = []
    for annex in bp.annexes:
        docs: list[tuple[str, str]] = []
        if annex.document:
            choice = annex.document
            by_doc: dict[str, list[str]] = {}
            for sector, doc_id in choice.by_sector.items():
                by_doc.setdefault(doc_id, []).append(library.sector_label(sector, lang))
            for doc_id, sectors in by_doc.items():
                docs.append((doc_id, "when the sectors include " + " or ".join(sectors)))
            docs.append((choice.default, "otherwise"))
        annexes.append(DocAnnex(id=annex.id, title=_text(annex.title, lang),
                                condition=read(annex.when),
                                slot_key=key(annex.slot) if annex.slot else None, documents=docs))
    return DocumentEntry(id=bp.id, kind=bp.kind, binding=bp.binding, family=bp.family,
                         subject=_text(bp.subject, lang), title=_document_title(bp, library, lang),
                         preamble=key(bp.preamble) if bp.preamble else None, parts=parts,
                         annexes=annexes, keywords=list(bp.keywords))


def build_edition(library: Library, blueprints: Blueprints, lang: str) -> Edition:
    pages = page_names(library)
    anchors = _article_anchors(library)
    annex_titles = _annex_titles(blueprints, lang)
    order = sorted(blueprints.items.values(), key=lambda b: (b.family, b.kind, b.id))
    in_docs: dict[str, list[str]] = {}
    builder: dict[str, list[BuilderSlot]] = {}
    for bp in order:
        names = blueprints.clause_names(bp, library)
        rows = []
        for slot_key, slot in blueprints.slots_of(bp, library).items():
            in_docs.setdefault(slot_key, []).append(bp.id)
            rows.append(BuilderSlot(slot.id if names.get(slot.id) is slot else slot_key, slot_key))
        builder[bp.id] = rows

    slots: dict[str, SlotEntry] = {}
    cited: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for slot_key in sorted(library.slots):
        slot = library.slots[slot_key]
        options = []
        for opt in slot.options:
            for ref in opt.sources:
                src_id, _, art = ref.partition(":")
                cited.setdefault((src_id, art), []).append((slot_key, opt.id))
            options.append(OptionEntry(
                id=opt.id, label=_text(opt.label, lang), protection=opt.protection,
                is_default=opt.id == slot.default_option.id,
                citations=[_citation(library, ref, anchors) for ref in opt.sources],
                commentary=" ".join(_text(opt.commentary, lang).split()),
                paragraphs=preview_paragraphs(library, slot, opt, lang, annexes=annex_titles),
                varies_with=[(name, _default_text(slot.parameters[name])) for name in
                             condition_parameters(_text(opt.text, lang), slot.parameters)]))
        read = ConditionReader(library, slot.family, lang)
        slots[slot_key] = SlotEntry(
            key=slot_key, id=slot.id, family=slot.family, page=pages[slot_key],
            title=_text(slot.title, lang), purpose=_text(slot.purpose, lang), topic=slot.topic,
            condition=read(slot.when),
            parameters=[_parameter(n, s, lang) for n, s in slot.parameters.items()],
            options=options, default=slot.default_option.id,
            documents=in_docs.get(slot_key, []),
            terms=[(term, preview_text(library, slot, _text(defs, lang), lang, annex_titles))
                   for term, defs in sorted(slot.terms.items())])

    instruments = {}
    for src_id in sorted(library.sources):
        src = library.sources[src_id]
        articles = []
        for art, entry in src.articles.items():
            ref = f"{src_id}:{art}"
            articles.append(ArticleEntry(
                key=art, anchor=anchors[(src_id, art)],
                label=library.cite(ref).split(", ", 1)[-1], summary=" ".join(entry.summary.split()),
                verified=entry.verified, cited_by=cited.get((src_id, art), [])))
        instruments[src_id] = InstrumentEntry(id=src_id, title=src.title, body=src.body,
                                              year=src.year, kind=src.kind, url=src.url,
                                              articles=articles)

    return Edition(
        lang=lang, language_name=LANGUAGE_NAMES.get(lang, lang),
        direction="rtl" if lang in RTL_LANGUAGES else "ltr",
        families=[(f, family_name(f)) for f in library.families], slots=slots,
        documents={bp.id: _document(bp, blueprints, library, lang) for bp in order},
        instruments=instruments,
        sectors=[(s, library.sector_label(s, lang)) for s in sorted(library.info.sectors)],
        builder=builder)


def build_catalogue(library: Library, blueprints: Blueprints,
                    schema: dict[str, Any] | None = None) -> Catalogue:
    """The catalogue of `library` and `blueprints`, one edition per library language."""
    return Catalogue(name=library.info.name, version=library.version, digest=library.digest,
                     levels=PROTECTION_LEVELS,
                     editions=[build_edition(library, blueprints, lang)
                               for lang in library.languages],
                     schema=schema or {})
