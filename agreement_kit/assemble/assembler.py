"""Assembly: parameters + clause library + blueprint -> Draft.

The assembler chooses each slot's option, evaluates conditions, fills the texts in the
sandbox, numbers parts, articles, paragraphs, items and annexes, resolves cross-references to
the numbers they point at, builds the Definitions article from the terms the chosen texts
actually use, and records provenance. It knows nothing of DOCX or PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ..conventions import direction, in_language, language_name, numbered, spaced, speaking

from .. import __version__
from ..library.blueprints import BUILTIN_DEFINITIONS, AnnexSpec, Blueprint, Blueprints
from ..model.draft import (Annex, Article, Definition, Draft, Inline, Paragraph, Part, Provenance, Ref,
                    Signature, Term, Text)
from ..errors import UserError
from ..library.clauses import Library, Slot
from .negotiation import Choice, Negotiation
from .own_text import own_key, own_paragraphs, text_in
from ..library.templating import (OTHER_NAME, PARTY_NAME, PARTY_SEP, analyse, evaluate,
                                  helpers, inlines, paragraphs, render)

IMPLEMENTED = "agreement"  # ref('agreement:slot-id'): an article of the implemented document
ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]


def roman(n: int) -> str:
    return ROMAN[n] if n < len(ROMAN) else str(n)


def _of_maker(words: dict[str, str]) -> Callable[[str], str]:
    """The "of" form of a name in a language: its pattern ("de {name}") and contractions
    ("de le=du; de les=des")."""
    pattern = words.get("of_name") or "{name}"
    pairs = [p.split("=", 1) for p in (words.get("contractions") or "").split(";") if "=" in p]

    def of(name: str) -> str:
        text = pattern.replace("{name}", name)
        for before, after in pairs:
            if text.startswith(before.strip() + " "):
                text = after.strip() + " " + text[len(before.strip()) + 1:]
        return text
    return of


def letter(n: int) -> str:
    """(a) ... (z), (aa), (bb) ..."""
    base = "abcdefghijklmnopqrstuvwxyz"
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1)


def item_labeller(words: dict[str, str], lang: str) -> Callable[[int], str]:
    """How a language labels the items of a list: (a) (b); a) b); (أ) (ب); а) б); （一）."""
    pattern = words.get("item_label") or "({letter})"
    raw = words.get("item_letters") or "abcdefghijklmnopqrstuvwxyz"
    alphabet = raw.split() if " " in raw.strip() else list(raw)

    def label(n: int) -> str:
        letter_ = alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)
        return numbered(pattern, n, lang, letter=letter_)
    return label


def number_paragraphs(paras: list[Paragraph],
                      item_label: Callable[[int], str] | None = None,
                      numbered: bool = True) -> list[Paragraph]:
    """1., 2. for an article's paragraphs when it has two or more (never with `numbered`
    false: a note or a letter); (a), (b) for items (or the language's own item labels)."""
    item_label = item_label or (lambda n: f"({letter(n)})")
    numbered = numbered and sum(1 for p in paras if p.level == 0) >= 2
    n = item = 0
    for p in paras:
        if p.level == 0:
            n += 1
            item = 0
            p.number = f"{n}." if numbered else None
        else:
            item += 1
            p.number = item_label(item)
    return paras


@dataclass
class _Builder:
    """Builds one Draft (and, recursively, annexed documents) in one language."""

    negotiation: Negotiation
    library: Library
    blueprints: Blueprints
    lang: str
    bp: Blueprint
    refs: dict[str, str] = field(default_factory=dict)
    # target -> (vocabulary key, number, unit word): to print a reference in another form
    ref_labels: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    _context: dict[str, Any] | None = None
    # slot key -> why it was not drafted (shared with the builders of annexed documents)
    skipped: dict[str, str] = field(default_factory=dict)
    # the document this one implements (blueprint `implements:`), drafted for its numbering
    implemented: Draft | None = None
    top: bool = True  # the document the file names (not one annexed to it): own text goes here
    _ref_problems: list = field(default_factory=list)
    _words: dict[str, str] | None = None

    # --- the language -----------------------------------------------------------------
    @property
    def words(self) -> dict[str, str]:
        """The engine's words in this draft's language (vocabulary.yaml)."""
        if self._words is None:
            self._words = self.library.words(self.lang)
        return self._words

    def numbered(self, key: str, n: int, **names: str) -> str:
        pattern = (self.words.get(f"{key}_first") if n == 1 else None) or self.words[key]
        return numbered(pattern, n, self.lang, **names)

    @property
    def items(self) -> Callable[[int], str]:
        """The labels of list items in this draft's language."""
        return item_labeller(self.words, self.lang)

    def in_language(self, values: dict[str, Any]) -> dict[str, Any]:
        """Parameter values as this language's text prints them: a value given per language
        ({en: ..., zh: ...}) in this language (English, or the first, where it has none)."""
        return {k: in_language(v, self.lang) for k, v in values.items()}

    def glossary(self, key: str) -> str:
        """A defined term as the draft's language names it (the English key in English)."""
        info = self.library.language_info.get(self.lang)
        return info.terms.get(key, key) if info else key
    # a per-Party annex's id -> the ids of its annexes, one per Party ('party-annex@gh', ...)
    party_groups: dict[str, list[str]] = field(default_factory=dict)

    # --- contexts ---------------------------------------------------------------------
    def base_context(self) -> dict[str, Any]:
        """What every text of this document may name (a fresh copy each time)."""
        if self._context is None:
            ctx = self.negotiation.params.common_context(self.lang, _of_maker(self.words))
            ctx["form"] = self.bp.vocabulary(self.lang)
            ctx["form"]["unit"] = self.bp.article_label.get(self.lang, "Article")
            # the slots this document lists (before conditions): a text can leave a matter to
            # the clause of this document that regulates it
            ctx["document_slots"] = [r.slot for part in self.bp.parts for r in part.slots]
            ctx["clauses"] = self.negotiation.clause_view()
            ctx.update(helpers(ctx["contract"], lambda s: self.library.sector_label(s, self.lang),
                               self.glossary, self.words.get("range"),
                               [p["id"] for p in ctx["parties"]], ctx["others"]))
            self._context = ctx
        return dict(self._context)

    def text(self, source: dict[str, str] | None, where: str, extra: dict | None = None) -> str:
        if not source:
            return ""
        template = source.get(self.lang)
        if template is None:
            raise UserError(f"{where}: no text in language '{self.lang}' "
                            f"(available: {', '.join(source)}).")
        ctx = self.base_context()
        if extra:
            ctx.update(extra)
        return render(template, ctx, where=where)

    def condition(self, expression: str | None, where: str) -> bool:
        return True if not expression else bool(evaluate(expression, self.base_context(),
                                                         where=where))

    def skip(self, keys: Iterable[str], expression: str, where: str) -> None:
        """Record why slots are left out: the condition and the values it read."""
        shown = _condition_values(expression, self.base_context(), where)
        why = f"its condition `{expression}` ({where}) is false" + (f": {shown}" if shown else "")
        for key in keys:
            self.skipped.setdefault(key, why)

    def clause_facts(self, slot: Slot, choice: Choice) -> dict[str, Any]:
        """The quantities an option's text states: quantity id -> value."""
        text = choice.option.text.get(self.lang, "")
        try:
            names, _ = analyse(text)
        except Exception:  # noqa: BLE001 - a text that does not parse fails when rendered
            return {}
        values = self.in_language(choice.params)  # a text given per language: this one
        return {spec.quantity: values.get(name) for name, spec in slot.parameters.items()
                if spec.quantity and name in names}

    def heading(self, slot: Slot) -> str:
        if not self.bp.binding and slot.nonbinding_title.get(self.lang):
            return slot.nonbinding_title[self.lang]
        return slot.title.get(self.lang, slot.id)

    def slot(self, name: str) -> Slot:
        if name == BUILTIN_DEFINITIONS:
            name = f"common/{BUILTIN_DEFINITIONS}"
        return self.library.find(name, self.bp.family)

    def choice(self, slot: Slot) -> Choice:
        return self.negotiation.choice(slot)

    def slot_where(self, key: str | None, option_id: str | None) -> str:
        """file:line of an option's text in this language, for messages."""
        slot = self.library.slots.get(key or "")
        if slot is None:
            return key or "a clause"
        ids = slot.option_ids
        line = self.library.line_of(slot, "options", ids.index(option_id), "text", self.lang) \
            if option_id in ids else None
        return f"{slot.file}:{line}" if line else slot.file

    def slot_paragraphs(self, slot: Slot, choice: Choice,
                        party: dict[str, Any] | None = None) -> list[Paragraph]:
        """The option's text filled in; for the annex of one Party (`party`), that Party is
        `party` and each per-Party parameter is its value for that Party."""
        where = f"{self.slot_where(slot.key, choice.option.id)} (option '{choice.option.id}')"
        values = choice.params if party is None else {**choice.params, **self.party_values(
            slot, choice, party), PARTY_NAME: party}
        rendered = self.text(choice.option.text, where, self.in_language(values))
        return paragraphs(rendered)

    def party_values(self, slot: Slot, choice: Choice, party: dict[str, Any]) -> dict[str, Any]:
        """Each per-Party parameter of `choice` as its value for `party`."""
        out = {}
        for name, spec in slot.parameters.items():
            value = choice.params.get(name)
            if spec.per_party and isinstance(value, dict):
                out[name] = value.get(party["id"], spec.default)
        return out

    def parties_for(self, each: bool) -> list[dict[str, Any] | None]:
        """[None] for a text drafted once; every Party (as texts see it) for one drafted per
        Party."""
        return list(self.negotiation.params.party_list(self.lang, _of_maker(self.words))) \
            if each else [None]

    def signers_for(self, sig) -> list[dict[str, Any] | None]:
        """Who a signature block is drawn for: once ([None]), every Party, or every third
        party that signs (`parties.others:` with `signs: true`)."""
        if sig.for_each_other:
            return [o for o in self.base_context()["others"] if o["signs"]]
        return self.parties_for(sig.for_each_party)

    def signature(self, sig, where: str, who: dict[str, Any] | None) -> Signature:
        """One block; a Party with several signatories gets a line for each, its texts
        seeing each signatory in turn as that Party's `signatory`."""
        extra = {OTHER_NAME if sig.for_each_other else PARTY_NAME: who} if who else {}
        key = side = None  # the Party whose signatories sign, and the name texts give it
        if sig.for_each_other:
            pass  # a third party signs through its one representative
        elif who is not None:
            key, side = PARTY_NAME, who
        else:  # a block drawn once: the Party its name line names
            text = " ".join(sig.name.values())
            key = next((k for k in ("origin", "destination") if f"{k}.signatory" in text), None)
            side = self.base_context().get(key) if key else None
        lines = []
        for signer in (side or {}).get("signatories") or [None]:
            values = {**extra, key: {**side, "signatory": signer}} if signer else extra
            lines.append((inlines(self.text(sig.name, where, values or None)),
                          inlines(self.text(sig.title, where, values or None))))
        (name_runs, title_runs), *more = lines
        return Signature(inlines(self.text(sig.heading, where, extra or None)), name_runs,
                         title_runs, more)

    # --- the document -----------------------------------------------------------------
    def build(self) -> Draft:
        bp, p = self.bp, self.negotiation.params
        draft = Draft(
            document=bp.id, kind=bp.kind, language=self.lang,
            title=self.own_title() or _plain(self.text(bp.title, f"{bp.file}: title")),
            subject=_plain(self.text(bp.subject, f"{bp.file}: subject")) if bp.subject else "",
            status=self.status(), version=p.draft.version, date=p.draft.date.isoformat(),
            article_label=bp.article_label.get(self.lang, "Article"), binding=bp.binding,
            keywords=list(bp.keywords), direction=direction(self.lang), words=self.words,
            translation=self.translation_note())
        draft.opening = paragraphs(self.text(bp.opening, f"{bp.file}: opening"))
        if bp.preamble:
            slot = self.slot(bp.preamble)
            choice = self.choice(slot)
            draft.preamble = self.slot_paragraphs(slot, choice)
        if self.top:  # the Parties' own recitals follow the library's
            draft.preamble += [Paragraph([Text(" ".join(text_in(r, self.lang).split()))])
                               for r in p.recitals]
        draft.agreed = paragraphs(self.text(bp.agreed, f"{bp.file}: agreed"))
        self.build_implemented()
        self.build_parts(draft)
        self.build_annexes(draft)
        self.build_definitions(draft)
        draft.closing = paragraphs(self.text(bp.closing, f"{bp.file}: closing"))
        prevailing = p.draft.prevailing if self.top else None
        if prevailing and draft.closing and len(p.languages) > 1:
            forms = dict(pair.split("=", 1) for pair in
                         self.words.get("language_forms", "").split(";") if "=" in pair)
            name = forms.get(prevailing) or language_name(prevailing, self.lang)
            sentence = self.words.get("prevails", "").replace("{language}", name.strip())
            draft.closing[-1].inlines.append(Text(self.words.get("sentence_gap", " ") + sentence))
        for i, sig in enumerate(bp.signatures):
            where = f"{bp.file}: signatures[{i}]"
            for party in self.signers_for(sig):
                draft.signatures.append(self.signature(sig, where, party))
        self.resolve_refs(draft)
        if self.words.get("nbsp_before") or self.words.get("nbsp_after"):
            _typeset(draft, self.words.get("nbsp_before", ""), self.words.get("nbsp_after", ""))
        draft.provenance = self.provenance(draft)
        return draft

    def status(self) -> str:
        """The draft's status line: the file's, or the language's "Draft for negotiation"."""
        given = self.negotiation.params.draft.status
        if isinstance(given, dict):  # per language; a language not given: its default words
            return given.get(self.lang) or self.words.get("status") or next(iter(given.values()))
        default = self.library.words("en").get("status")
        return self.words.get("status") or given if given == default else given

    def translation_note(self) -> str:
        """ "Translation not yet reviewed (drafted by ...)" for a language no lawyer has
        reviewed; empty for English and reviewed languages."""
        info = self.library.language_info.get(self.lang)
        if info is None or info.reviewed:
            return ""
        who = f" ({info.drafted_by})" if info.drafted_by else ""
        return f"{self.words.get('unreviewed', 'Translation not yet reviewed')}{who}"

    def build_implemented(self) -> None:
        """Draft the document this one implements, from the same parameters, so that
        ref('agreement:detached-workers') prints "Article 8 of the Agreement": the number
        that article has in the agreement the same `clauses:` give."""
        if not self.bp.implements:
            return
        other = self.blueprints.get(self.bp.implements)
        builder = _Builder(self.negotiation, self.library, self.blueprints, self.lang, other,
                           skipped=self.skipped, top=False)  # own text stays in this document
        self.implemented = builder.build()
        words = other.vocabulary(self.lang)
        name = words.get("instrument", "this Agreement")
        if self.lang == "en":
            name = "the " + name.split(" ", 1)[1] if name.lower().startswith("this ") else name
            pattern = "{ref} of {instrument}"
        else:
            name = words.get("the_instrument_of") or words.get("instrument_of") or name
            pattern = self.words.get("reference_in") or "{ref} {instrument}"
        for target, label in builder.refs.items():
            self.refs[f"{IMPLEMENTED}:{target}"] = pattern.format(ref=label, instrument=name)
        self.ref_labels.update({f"{IMPLEMENTED}:{t}": v for t, v in builder.ref_labels.items()})
        for group, ids in builder.party_groups.items():  # "Annexes I to IV of the Agreement"
            first, last = builder.refs[ids[0]], builder.refs[ids[-1]]
            if first == last:
                label = first
            elif self.lang == "en":
                unit = first.rpartition(" ")[0]
                label = (f"{_plural(unit)} {first.rpartition(' ')[2]} "
                         f"to {last.rpartition(' ')[2]}")
            else:
                label = self.words.get("range", "{first} to {last}").format(first=first,
                                                                             last=last)
            self.refs[f"{IMPLEMENTED}:{group}"] = pattern.format(ref=label, instrument=name)
    def own_title(self) -> str | None:
        title = self.negotiation.params.title if self.top else None
        return " ".join(text_in(title, self.lang).split()) if title is not None else None

    def own_plan(self) -> dict[tuple[str, str], list]:
        """("after" | "before", slot key or own/ID) -> the own articles placed there."""
        plan: dict[tuple[str, str], list] = {}
        if not self.top:
            return plan
        own_ids = {a.id for a in self.negotiation.params.articles}
        for art in self.negotiation.params.articles:
            side = "after" if art.after is not None else "before"
            target = art.after if art.after is not None else art.before
            key = own_key(target) if target in own_ids else self.slot(target).key
            plan.setdefault((side, key), []).append(art)
        return plan

    def own_article(self, own) -> Article:
        """An article of the Parties' own wording; numbered where it is placed."""
        lang = self.lang
        paras = number_paragraphs(own_paragraphs(text_in(own.text, lang)), self.items)
        return Article(0, "", " ".join(text_in(own.title, lang).split()),
                       own_key(own.id), "own", None, [], paras)

    def build_parts(self, draft: Draft) -> None:
        article_no = part_no = 0
        label = draft.article_label
        plan = self.own_plan()

        def place(key: str, body, articles: list) -> None:
            """The own articles placed before `key`, its own article(s), those after."""
            nonlocal article_no
            for own in plan.get(("before", key), []):
                place(own_key(own.id), lambda own=own: self.own_article(own), articles)
            art = body()
            if art is not None:
                article_no += 1
                art.number = article_no
                art.label = self.numbered("article_heading", article_no, label=label)
                articles.append(art)
                self.number_ref(art, label)
            for own in plan.get(("after", key), []):
                place(own_key(own.id), lambda own=own: self.own_article(own), articles)

        for i, spec in enumerate(self.bp.parts):
            if not self.condition(spec.when, f"{self.bp.file}: parts[{i}].when"):
                keys = [self.slot(r.slot).key for r in spec.slots]
                self.skip(keys, spec.when, f"{self.bp.file}: parts[{i}].when")
                stranded = [o.id for k in keys for side in ("after", "before")
                            for o in plan.get((side, k), [])]
                if stranded:
                    raise UserError(f"own article(s) {', '.join(stranded)} are placed in a part "
                                    f"this document does not draft ({self.skipped[keys[0]]}); "
                                    "place them by a slot of another part.",
                                    file=self.negotiation.file, field="articles")
                continue
            articles: list[Article] = []
            for ref in spec.slots:
                place(self.slot(ref.slot).key, lambda ref=ref: self.slot_article(ref, label),
                      articles)
            if not articles:
                continue
            title = self.text(spec.title, f"{self.bp.file}: parts[{i}].title") if spec.title else None
            number = None
            if title:
                part_no += 1
                number = self.numbered("part_heading", part_no)
            draft.parts.append(Part(_plain(title) if title else None, number, articles))

    def slot_article(self, ref, label: str) -> Article | None:
        """The article of one slot reference of a part, or None when it is not drafted."""
        slot = self.slot(ref.slot)
        if slot.key in self.negotiation.omitted:
            return None
        if ref.optional and not self.negotiation.given(slot.key):
            return None
        if not self.condition(ref.when, f"{self.bp.file}: slot {ref.slot} when"):
            self.skip([slot.key], ref.when, f"{self.bp.file}: slot {ref.slot} when")
            return None
        if not self.condition(slot.when, f"{slot.file}: when"):
            self.skip([slot.key], slot.when, f"{slot.file}: when")
            return None
        choice = self.choice(slot)
        paras = [] if slot.id == BUILTIN_DEFINITIONS and slot.family == "common" \
            else number_paragraphs(self.slot_paragraphs(slot, choice), self.items)
        return Article(0, "", self.heading(slot), slot.key, choice.option.id,
                       choice.option.protection, list(choice.option.sources), paras,
                       choice.option.commentary.get(self.lang, ""),
                       self.clause_facts(slot, choice), list(slot.regulates))

    def build_annexes(self, draft: Draft) -> None:
        n = 0
        for spec in self.bp.annexes:
            if spec.slot and self.slot(spec.slot).key in self.negotiation.omitted:
                continue
            if not self.condition(spec.when, f"{self.bp.file}: annex {spec.id} when"):
                if spec.slot:
                    keys = [self.slot(spec.slot).key]
                else:
                    keys = [k for doc in spec.document.documents()
                            if doc in self.blueprints.items
                            for k in self.blueprints.slots_of(self.blueprints.items[doc],
                                                              self.library)]
                self.skip(keys, spec.when, f"{self.bp.file}: annex {spec.id} when")
                continue
            for party in self.parties_for(spec.for_each_party):
                n += 1
                annex_id = spec.id if party is None else f"{spec.id}{PARTY_SEP}{party['id']}"
                extra = {PARTY_NAME: party} if party is not None else None
                annex = Annex(annex_id, self.numbered("annex_heading", n), _plain(self.text(
                    spec.title, f"{self.bp.file}: annex {spec.id}", extra)))
                if spec.slot:
                    slot = self.slot(spec.slot)
                    choice = self.choice(slot)
                    annex.slot, annex.option = slot.key, choice.option.id
                    annex.protection = choice.option.protection
                    annex.sources = list(choice.option.sources)
                    annex.commentary = choice.option.commentary.get(self.lang, "")
                    annex.paragraphs = number_paragraphs(
                        self.slot_paragraphs(slot, choice, party), self.items, spec.numbered)
                    annex.quantities = self.clause_facts(slot, choice)
                    annex.regulates = list(slot.regulates)
                else:
                    annex.document = self.annexed_document(spec)
                    annex.title = annex.title or annex.document.title
                self.refs[annex_id] = self.numbered("annex_reference", n)
                self.ref_labels[annex_id] = ("annex_reference", n, "")
                if party is not None:
                    self.party_groups.setdefault(spec.id, []).append(annex_id)
                draft.annexes.append(annex)

    def annexed_document(self, spec: AnnexSpec) -> Draft:
        choice_spec = spec.document
        doc_id = None
        if choice_spec.parameter:
            slot_name, _, param = choice_spec.parameter.partition(".")
            value = self.choice(self.slot(slot_name)).params.get(param)
            if value and value != "auto":
                doc_id = value
        how = None
        for i, rule in enumerate(choice_spec.rules if doc_id is None else []):
            if self.condition(rule.when, f"{self.bp.file}: annex {spec.id} rules[{i}].when"):
                doc_id, how = rule.document, f"chosen because `{rule.when}` holds"
                break
        if doc_id is None:
            for sector in self.negotiation.params.scope.sectors:
                if sector in choice_spec.by_sector:
                    doc_id = choice_spec.by_sector[sector]
                    break
        doc_id = doc_id or choice_spec.default
        sub_bp = self.blueprints.get(doc_id)
        how = how or (f"chosen by {choice_spec.parameter}" if choice_spec.parameter and doc_id ==
               self.choice(self.slot(choice_spec.parameter.partition('.')[0])).params.get(
                   choice_spec.parameter.partition('.')[2]) else
               f"chosen from scope.sectors {self.negotiation.params.scope.sectors}")
        for other in [d for d in choice_spec.documents() if d != doc_id]:
            if other in self.blueprints.items:
                for key in self.blueprints.slots_of(self.blueprints.items[other], self.library):
                    self.skipped.setdefault(key, f"the annexed model contract is '{doc_id}' "
                                            f"({how}), which has no such clause; '{other}' has it")
        return _Builder(self.negotiation, self.library, self.blueprints, self.lang, sub_bp,
                        skipped=self.skipped, top=False).build()

    def build_definitions(self, draft: Draft) -> None:
        art = next((a for a in draft.articles()
                    if a.slot == f"common/{BUILTIN_DEFINITIONS}"), None)
        if art is None:
            return
        registry = {}
        for slot in self.library.slots.values():
            for term, texts in slot.terms.items():
                registry.setdefault(term, (slot, texts))
        used = _terms_in(self.own_paragraphs(draft))
        pending, done = sorted(used), {}
        while pending:
            key = pending.pop()
            if key in done:
                continue
            if key not in registry:
                raise UserError(f"the term '{key}' is used but no clause slot defines it; add it "
                                "under `terms:` in the slot that introduces it.")
            slot, texts = registry[key]
            runs = inlines(self.text(texts, f"{slot.file}: terms.{key}"))
            done[key] = Definition(key, runs, slot.key)
            pending += [t for t in _terms_in([Paragraph(runs)]) if t not in done]
        if not done:
            draft.parts = [p for p in draft.parts if art not in p.articles or len(p.articles) > 1]
            for part in draft.parts:
                if art in part.articles:
                    part.articles.remove(art)
            self.renumber(draft)
            return
        # in the alphabetical order of the terms as this language names them
        draft.definitions = [done[k] for k in
                             sorted(done, key=lambda k: self.glossary(k).casefold())]
        lead = self.slot_paragraphs(self.slot(BUILTIN_DEFINITIONS),
                                    self.choice(self.slot(BUILTIN_DEFINITIONS)))
        items = []
        before, _, rest = self.words["definition"].partition("{term}")
        between, _, after = rest.partition("{definition}")
        for i, d in enumerate(draft.definitions):
            end = self.words["last_item_end" if i == len(draft.definitions) - 1 else "item_end"]
            runs = [Text(before), Term(d.term, self.glossary(d.term)), Text(between)] + d.inlines
            items.append(Paragraph([r for r in runs if not isinstance(r, Text) or r.text]
                                   + [Text(after + end)], level=1))
        art.paragraphs = number_paragraphs(lead + items, self.items)

    def own_paragraphs(self, draft: Draft) -> Iterable[Paragraph]:
        """Paragraphs of this document itself (annexed documents define their own terms)."""
        yield from draft.preamble
        for a in draft.articles():
            yield from a.paragraphs
        for annex in draft.annexes:
            yield from annex.paragraphs

    def renumber(self, draft: Draft) -> None:
        n = 0
        for art in draft.articles():
            n += 1
            art.number = n
            art.label = self.numbered("article_heading", n, label=draft.article_label)
            self.refs.pop(art.slot.split("/", 1)[1], None)
            self.number_ref(art, draft.article_label)

    def number_ref(self, art: Article, label: str) -> None:
        """Where references to an article print its number ("Article 12", "l'article 12")."""
        text = self.numbered("article_reference", art.number, label=label)
        for key in (art.slot, art.slot.split("/", 1)[1]):
            if key == art.slot or key not in self.refs:
                self.refs[key] = text
                self.ref_labels[key] = ("article_reference", art.number, label)

    def group_annex_range(self, runs: list[Inline]) -> None:
        """Two annex references joined by the range word ("annexe I à annexe IV") become one
        in the language's plural pattern ("annexes I à IV", "الملاحق من الأول إلى الرابع")."""
        pattern, numeral = self.words.get("annex_range"), self.words.get("annex_numeral")
        if not pattern or not numeral:
            return
        joined = self.words.get("range", "{first} to {last}").split("{first}", 1)[-1] \
            .split("{last}", 1)[0]
        i = 0
        while i + 2 < len(runs):
            a, mid, b = runs[i:i + 3]
            labels = [self.ref_labels.get(r.target) if isinstance(r, Ref) else None
                      for r in (a, b)]
            if isinstance(mid, Text) and mid.text == joined and all(
                    lab and lab[0] == "annex_reference" for lab in labels):
                text = pattern.format(first=numbered(numeral, labels[0][1], self.lang),
                                      last=numbered(numeral, labels[1][1], self.lang))
                runs[i:i + 3] = [Ref(a.target, text)]
            i += 1

    def ref_text(self, target: str, form: str) -> str:
        """A reference as printed; `form` is the unit word a text asks for ("статьей")."""
        if not form or target not in self.ref_labels:
            return self.refs[target]
        key, n, _label = self.ref_labels[target]
        text = self.numbered(key, n, label=form)
        if target.startswith(f"{IMPLEMENTED}:"):
            return self.refs[target].replace(self.numbered(key, n, label=_label), text, 1)
        return text

    def omitted_ref(self, target: str, where: str) -> bool:
        """A reference to a slot the parameter file leaves out: a problem at its `omit`."""
        key = next((k for k in self.negotiation.omitted
                    if target in (k, k.split("/", 1)[1])), None)
        if key is None:
            return False
        name, line = self.negotiation.omitted[key]
        self._ref_problems.append((f"{where} refers to '{target}', but clauses.{name}: omit "
                                   "leaves that slot out. Keep the slot (choose an option), or "
                                   "choose an option of the referring clause that does not refer "
                                   "to it.", line, f"clauses.{name}"))
        return True

    def expand_party_refs(self, runs: list[Inline]) -> None:
        """A reference to a per-Party annex as a whole becomes "Annex II to Annex V" (then
        "Annexes II to V"): its first and last annexes, each a reference of its own."""
        i = 0
        while i < len(runs):
            run = runs[i]
            ids = self.party_groups.get(run.target) if isinstance(run, Ref) else None
            if ids:
                joined = self.words.get("range", "{first} to {last}").split("{first}", 1)[-1] \
                    .split("{last}", 1)[0]
                pair = [Ref(ids[0], "")] if len(ids) == 1 else [
                    Ref(ids[0], ""), Text(joined), Ref(ids[-1], "")]
                runs[i:i + 1] = pair
                i += len(pair)
                continue
            i += 1

    def resolve_refs(self, draft: Draft) -> None:
        def fix(runs: list[Inline], where: str) -> None:
            self.expand_party_refs(runs)
            for i, run in enumerate(runs):
                if isinstance(run, Ref):
                    if run.target not in self.refs and self.omitted_ref(run.target, where):
                        continue
                    if run.target not in self.refs:
                        raise UserError(
                            f"{where} refers to '{run.target}', which is not in this draft "
                            f"(document '{self.bp.id}'; left out by a condition, or not a slot "
                            "or annex of this document). Run `agreement-kit lint`.")
                    runs[i] = Ref(run.target, self.ref_text(run.target, run.text))

        def fix_all(runs: list[Inline], where: str) -> None:
            fix(runs, where)
            if self.lang == "en":  # "Articles 7 and 9": English groups the unit word
                _group_refs(runs)
            else:  # "annexes I à IV": a language groups a range of annexes by its pattern
                self.group_annex_range(runs)

        for para in draft.preamble:
            fix_all(para.inlines, "the preamble")
        own_index = {own_key(a.id): i for i, a in enumerate(self.negotiation.params.articles)}
        src = self.negotiation.source
        for item in [*draft.articles(), *draft.annexes]:
            if item.slot in own_index and self.top:
                i = own_index[item.slot]
                line = src.line(("articles", i, "text"))
                where = (f"own article '{item.slot.split('/', 1)[1]}' ({self.negotiation.file}"
                         f"{f':{line}' if line else ''}, articles[{i}].text)")
            else:
                where = f"{self.slot_where(item.slot, item.option)} (option '{item.option}')"
            for para in item.paragraphs:
                fix_all(para.inlines, where)
        for para in draft.opening + draft.agreed + draft.closing:
            fix_all(para.inlines, f"{self.bp.file}")
        for d in draft.definitions:
            fix_all(d.inlines, f"the definition of '{d.term}'")
        for sig in draft.signatures:
            for runs in (sig.heading, sig.name, sig.title):
                fix(runs, f"{self.bp.file}: signatures")
        if self._ref_problems:
            from ..errors import ProblemList
            problems = ProblemList()
            for message, line, fld in self._ref_problems:
                problems.add(message, file=self.negotiation.file, line=line, field=fld)
            problems.raise_if_any(f"{self.negotiation.file}: {len(problems)} reference(s) to a "
                                  "slot the file leaves out")

    def provenance(self, draft: Draft) -> Provenance:
        choices = {}
        for art in draft.articles():
            ch = self.negotiation.choices.get(art.slot)
            choices[art.slot] = {"option": art.option, "protection": art.protection,
                                 "parameters": dict(sorted(ch.params.items())) if ch else {}}
        for annex in draft.annexes:  # an annex for every Party: its per-Party values, once
            ch = self.negotiation.choices.get(annex.slot or "")
            if PARTY_SEP in annex.id and ch and annex.slot not in choices:
                choices[annex.slot] = {"option": annex.option, "protection": annex.protection,
                                       "parameters": dict(sorted(ch.params.items()))}
        return Provenance(__version__, self.library.info.name, self.library.version,
                          self.library.digest, self.negotiation.digest, self.bp.id, choices,
                          self.negotiation.source.text)


_JOINERS = (" and ", " to ", ", ", " or ", ", and ", " and/or ")


def _plural(word: str) -> str:
    return word + ("es" if word.endswith(("x", "s")) else "s")


def _group_refs(runs: list[Inline]) -> None:
    """ "Article 24 and Article 27" -> "Articles 24 and 27"; "Article 7 to Article 10" ->
    "Articles 7 to 10": references to one kind of unit joined by and/to/or/commas share one
    plural unit word, and each prints its number only (a bare reference)."""
    i = 0
    while i < len(runs):
        group = [i]
        j = i
        while (j + 2 < len(runs) and isinstance(runs[j], Ref) and isinstance(runs[j + 1], Text)
               and runs[j + 1].text in _JOINERS and isinstance(runs[j + 2], Ref)):
            group.append(j + 2)
            j += 2
        units = {runs[k].text.rpartition(" ")[0] for k in group} if len(group) > 1 else set()
        if len(units) == 1 and next(iter(units)) and not any(runs[k].bare for k in group):
            unit = next(iter(units))
            for k in group:
                runs[k] = Ref(runs[k].target, runs[k].text.rpartition(" ")[2], bare=True)
            runs.insert(i, Text(_plural(unit) + " "))
            if i > 0 and isinstance(runs[i - 1], Text):
                runs[i - 1:i + 1] = [Text(runs[i - 1].text + runs[i].text)]
                j -= 1
            j += 1
        i = j + 1


_CONDITION_NAMES = re.compile(
    r"\b(?:scope|origin|destination|parties|draft|clauses|languages|document)"
    r"(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\s*'[^']*'\s*\])*")


def _condition_values(expression: str, context: dict[str, Any], where: str) -> str:
    """"scope.sectors is ['hospitality']; ..." for the values a condition reads."""
    shown = []
    for name in dict.fromkeys(m.group(0) for m in _CONDITION_NAMES.finditer(expression)):
        try:
            value = evaluate(name, context, where=where)
        except UserError:
            continue
        if isinstance(value, dict):
            continue
        shown.append(f"{name} is {value!r}")
    return "; ".join(shown)


def _typeset(draft: Draft, before: str, after: str) -> None:
    """The language's non-breaking spaces in every text of a draft (French « ; »)."""
    fix = lambda text: spaced(text, before, after)  # noqa: E731

    def runs(inlines: list) -> list:
        out = []
        for r in inlines:
            if isinstance(r, Text):
                text = fix(r.text)
                # "; " after a term, a reference or a value printed as a run of its own
                if out and not isinstance(out[-1], Text) and text[:1] in before:
                    text = ("\u00a0" if text[0] == ":" else "\u202f") + text
                r = Text(text)
            out.append(r)
        return out

    draft.title = fix(draft.title)
    for para in draft.all_paragraphs():
        para.inlines[:] = runs(para.inlines)
    for art in draft.articles():
        art.title = fix(art.title)
    for sig in draft.signatures:
        for runs in (sig.heading, sig.name, sig.title):
            runs[:] = [Text(fix(r.text)) if isinstance(r, Text) else r for r in runs]


def _terms_in(paras: Iterable[Paragraph]) -> set[str]:
    return {r.key for p in paras for r in p.inlines if isinstance(r, Term)}


def _plain(text: str) -> str:
    from ..model.draft import plain
    return plain(inlines(" ".join(text.split())))


def assemble(negotiation: Negotiation, library: Library, blueprints: Blueprints,
             lang: str | None = None) -> Draft:
    """The Draft of a negotiation's document in one language (the first listed by default)."""
    params = negotiation.params
    bp = blueprints.get(params.document).bound(params.binding)
    for slot in blueprints.slots_of(bp, library).values():
        negotiation.choice(slot)  # defaults filled before conditions look at `clauses`
    lang = lang or params.languages[0]
    builder = _Builder(negotiation, library, blueprints, lang, bp)
    with speaking(lang):
        draft = builder.build()
    implemented = None
    if builder.implemented is not None:
        implemented = (builder.implemented, blueprints.get(bp.implements))
    _refuse_silent_choices(negotiation, draft, builder.skipped, bp, implemented)
    return draft


def drafted_slots(draft: Draft) -> set[str]:
    """Slot keys drafted anywhere in a Draft, annexed documents included."""
    keys = {c.slot for c in draft.clauses() if c.slot}
    for annex in draft.annexes:
        if annex.document:
            keys |= drafted_slots(annex.document)
    return keys


def _refuse_silent_choices(negotiation: Negotiation, draft: Draft, skipped: dict[str, str],
                           bp: Blueprint, implemented: tuple[Draft, Blueprint] | None = None
                           ) -> None:
    """A slot the parameter file names but the document does not draft is an error: the user
    chose something that would silently not appear."""
    from ..errors import ProblemList

    drafted = drafted_slots(draft)
    documents = [bp]
    if implemented is not None:  # the implemented agreement's clauses count where it drafts them
        drafted |= drafted_slots(implemented[0])
        documents.append(implemented[1])
    for doc in documents:
        if doc.preamble:
            drafted.add(next((k for k in negotiation.choices
                              if k == doc.preamble or k.endswith("/" + doc.preamble)), ""))
    problems = ProblemList()
    src = negotiation.source
    for key, choice in negotiation.choices.items():
        if not choice.given or key in drafted:
            continue
        slot = choice.slot
        name = slot.key if slot.key in negotiation.params.clauses else slot.id
        why = skipped.get(key, f"document '{bp.id}' does not draft it")
        problems.add(f"slot '{slot.id}' is chosen (option '{choice.option.id}') but will not be "
                     f"drafted: {why}. Change those values so that the condition holds, or "
                     "remove the choice.", file=negotiation.file,
                     line=src.line(("clauses", name)), field=f"clauses.{name}")
    problems.raise_if_any(f"{negotiation.file}: {len(problems)} chosen clause(s) would not be "
                          "drafted")
