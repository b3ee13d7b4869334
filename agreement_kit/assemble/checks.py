"""Consistency checks on a Draft: a document that contradicts itself should not go out.

Every check reads the finished Draft (the words a reader sees, with the provenance of each
article) and the library's quantity register; none looks at templates. What they find:

- quantity: one fact stated with two values (the daily rest is 10 hours in one clause and 11 in
  another), an annexed contract less favourable than the agreement, an initial stay longer than
  the longest total stay. Slots say which quantity each parameter is (`quantity:`), and the
  register's patterns recognise the same fact where a text states it in words;
- vocabulary: obligation and liability words in a non-binding memorandum (shall, breach,
  liable, offence, penalise, rights under the Memorandum, entry into force), memorandum words
  in a treaty (Participants, Memorandum, come into effect);
- reference: an internal reference naming another unit than the document's ("this Article" in
  a document numbered by Sections), and ranges written "Article 7 to Article 10";
- term: a defined term printed in another form than its definition ("competent authority");
- quotes, numbers: one quotation-mark style (curly in English), durations in figures
  ("5 years", never "five years");
- duty: an intergovernmental text putting duties directly on employers, recruiters or insurers
  ("The Employer shall ...") instead of "Each Party shall ensure that employers ...";
- regulates: two articles regulating one matter (publication, entry into effect).

Errors (contradictions, wrong legal form, wrong references, duties on private persons, one matter
twice) stop `draft`, `compare` and `brief` unless `--no-check`; warnings (style) are printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from ..library.clauses import NUMBER_WORDS_RE, Library, quantity_pattern
from ..model.draft import Annex, Article, Draft, Paragraph, Term, Text

ERROR, WARNING = "error", "warning"
_WORDS = NUMBER_WORDS_RE.split("|")


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    where: str  # "Article 24(3)", "Annex II, Clause 10(2)", "closing formula"
    message: str

    def line(self, file: str) -> str:
        return f"{file}: {self.where}: {self.severity}: {self.message}"


@dataclass
class Passage:
    """One paragraph (or heading, title, formula) as a reader sees it, and where it stands."""

    where: str
    text: str
    paragraph: Paragraph | None
    doc: Draft
    layer: str  # "own" (the document's own text) or "contract" (an annexed contract)
    kind: str  # "title", "heading", "preamble", "formula", "article", "definition"
    clause: Article | Annex | None = None


# --- where each passage stands ----------------------------------------------------------

def passages(draft: Draft, layer: str = "own", prefix: str = "") -> Iterator[Passage]:
    yield Passage(prefix + "title", draft.title, None, draft, layer, "title")
    for i, p in enumerate(draft.opening):
        yield Passage(prefix + "opening words", p.text, p, draft, layer, "formula")
    for i, p in enumerate(draft.preamble, 1):
        yield Passage(prefix + f"preamble, recital {i}", p.text, p, draft, layer, "preamble")
    for art in draft.articles():
        yield Passage(prefix + f"{art.label} (heading)", art.title, None, draft, layer,
                      "heading", art)
        kind = "definition" if art.slot == "common/definitions" else "article"
        for where, p in _numbered(art.label, art.paragraphs):
            yield Passage(prefix + where, p.text, p, draft, layer, kind, art)
    for p in draft.closing:
        yield Passage(prefix + "closing formula", p.text, p, draft, layer, "formula")
    for annex in draft.annexes:
        if annex.slot:
            for where, p in _numbered(annex.number, annex.paragraphs):
                yield Passage(prefix + where, p.text, p, draft, layer, "article", annex)
        if annex.document:
            yield from passages(annex.document, "contract" if annex.document.kind == "contract"
                                else layer, prefix=f"{prefix}{annex.number}, ")


def _numbered(label: str, paras: list[Paragraph]) -> Iterator[tuple[str, Paragraph]]:
    para = ""
    for p in paras:
        if p.level == 0:
            para = f"({p.number.rstrip('.')})" if p.number else ""
            yield label + para, p
        else:
            yield label + para + (p.number or ""), p


# --- the checks -----------------------------------------------------------------------------

def check_draft(draft: Draft, library: Library | None = None) -> list[Finding]:
    """Every finding on one Draft, in reading order within each check."""
    items = list(passages(draft))
    found: list[Finding] = []
    found += check_quantities(draft, items, library)
    found += check_vocabulary(draft, items)
    found += check_references(items)
    found += check_terms(draft, items)
    found += check_style(draft, items)
    found += check_duties(draft, items)
    found += check_regulates(draft, items)
    return list(dict.fromkeys(found))


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def _value(raw: str) -> Any:
    raw = raw.strip().rstrip(".,")
    if raw.lower() in _WORDS:
        return _WORDS.index(raw.lower()) + 1
    try:
        return float(raw.replace(",", "")) if "." in raw else int(raw.replace(",", ""))
    except ValueError:
        return raw


def _shown(value: Any, unit: str) -> str:
    if unit in ("code", "count"):
        return str(value)
    if unit == "percent":
        return f"{value} per cent"
    return f"{value} {unit[:-1] if value == 1 else unit}"


def check_quantities(draft: Draft, items: list[Passage], library: Library | None
                     ) -> list[Finding]:
    register = library.quantities if library else {}
    stated: dict[tuple[str, str], list[tuple[Any, str]]] = {}

    def add(layer: str, qid: str, value: Any, where: str) -> None:
        entries = stated.setdefault((layer, qid), [])
        if (value, where) not in entries:
            entries.append((value, where))

    seen_clauses = set()
    for item in items:
        clause = item.clause
        if clause is not None and id(clause) not in seen_clauses:
            seen_clauses.add(id(clause))
            label = clause.label if isinstance(clause, Article) else clause.number
            prefix = item.where[: len(item.where) - len(item.where.split(", ")[-1])]
            for qid, value in clause.quantities.items():
                if value is not None:
                    add(item.layer, qid, value, prefix + label)
        if item.kind in ("title", "heading"):
            continue
        for qid, q in register.items():
            for pat in q.patterns:
                for m in re.finditer(quantity_pattern(pat), item.text):
                    add(item.layer, qid, _value(m.group("n")), item.where)
    found = []
    for (layer, qid), entries in stated.items():
        q = register.get(qid)
        unit = q.unit if q else ""
        label = q.label.get(draft.language, qid) if q else qid
        values = [v for v, _ in entries]
        first_value = max(dict.fromkeys(values), key=values.count)  # the most stated value
        first_where = next(w for v, w in entries if v == first_value)
        for value, where in entries:
            if value != first_value and not first_where.startswith(where) \
                    and not where.startswith(first_where):
                found.append(Finding("quantity", ERROR, where, (
                    f"states {label} as {_shown(value, unit)}, but {first_where} states "
                    f"{_shown(first_value, unit)}: one fact, one value.")))
        if layer == "contract" and q and ("own", qid) in stated:
            floor, floor_where = stated[("own", qid)][0]
            for value, where in entries:
                ok = {"higher": lambda: value >= floor, "lower": lambda: value <= floor,
                      "equal": lambda: value == floor}[q.favourable]
                try:
                    good = ok()
                except TypeError:
                    good = value == floor
                if not good:
                    found.append(Finding("quantity", ERROR, where, (
                        f"the annexed contract states {label} as {_shown(value, unit)}, less "
                        f"favourable than the {_shown(floor, unit)} of {floor_where}; the "
                        "agreement sets the floor.")))
        if q and q.not_above and (layer, q.not_above) in stated:
            cap_q = register.get(q.not_above)
            for cap, cap_where in stated[(layer, q.not_above)]:
                for value, where in entries:
                    if isinstance(value, (int, float)) and isinstance(cap, (int, float)) and \
                            value * q.scale > cap * (cap_q.scale if cap_q else 1):
                        found.append(Finding("quantity", ERROR, where, (
                            f"{label} of {_shown(value, unit)} is longer than "
                            f"{cap_q.label.get(draft.language, q.not_above) if cap_q else q.not_above}"
                            f" of {_shown(cap, cap_q.unit if cap_q else '')} in {cap_where}.")))
    return found


_NON_BINDING = [
    (re.compile(r"\bshall\b"), "'shall' states an obligation"),
    (re.compile(r"\bbreach(?:es|ed|ing)?\b", re.I), "'breach' presupposes an obligation"),
    (re.compile(r"\bliab(?:le|ility|ilities)\b", re.I), "'liable' states legal liability"),
    (re.compile(r"\boffen[cs]es?\b", re.I), "'offence' makes conduct a crime"),
    (re.compile(r"\bpenali[sz]\w*", re.I), "'penalise' presupposes a binding rule"),
    (re.compile(r"\brights?\b[^.;]{0,60}\b(?:under|provided by|provided under|conferred by)"
                r" this Memorandum", re.I), "a memorandum confers no rights"),
    (re.compile(r"\b(?:entry|enters?|entered|entering) into force\b", re.I),
     "a memorandum comes into effect; it does not enter into force"),
]
_TREATY = [
    (re.compile(r"\b(?:comes?|came|coming|entry) into effect\b", re.I),
     "a treaty enters into force"),
    (re.compile(r"\bParticipants?\b"), "a treaty has Parties, not Participants"),
    (re.compile(r"\bMemorandum\b"), "a treaty is not a Memorandum"),
]


def check_vocabulary(draft: Draft, items: list[Passage]) -> list[Finding]:
    if draft.kind == "contract":
        return []
    rules = _TREATY if draft.binding else _NON_BINDING
    what = "treaty" if draft.binding else "non-binding memorandum"
    found = []
    for item in items:
        if item.layer != "own":
            continue
        for rx, why in rules:
            m = rx.search(item.text)
            if m:
                found.append(Finding("vocabulary", ERROR, item.where,
                                     f"“{_context(item.text, m)}”: {why} ({what})."))
    return found


_UNITS = ("Article", "Section", "Clause")
_THIS_UNIT = re.compile(r"\b(?:this|that|the same|such|each|every)\s+(article|section|clause)s?\b",
                        re.I)
_NUMBERED_UNIT = re.compile(r"\b(Article|Section|Clause)s? \d+(?!\s*(?:\(\w+\)\s*)*of\b)")
_RANGE = re.compile(r"\b(Article|Section|Clause|Annex|Part) ([\dIVXLC]+(?:\(\w+\))*),? "
                    r"(and|to|or) \1 ([\dIVXLC]+)")


def check_references(items: list[Passage]) -> list[Finding]:
    found = []
    for item in items:
        unit = item.doc.article_label
        if item.kind == "title":
            continue
        for m in _THIS_UNIT.finditer(item.text):
            if m.group(1).capitalize() != unit:
                found.append(Finding("reference", ERROR, item.where, (
                    f"“{m.group(0)}” in a document numbered by {unit}s: name the unit the "
                    f"document uses (“{m.group(0).split()[0].lower()} {unit}”).")))
        for m in _NUMBERED_UNIT.finditer(item.text):
            if m.group(1) != unit and item.kind != "heading":
                found.append(Finding("reference", ERROR, item.where, (
                    f"“{m.group(0)}” names a {m.group(1)} in a document numbered by {unit}s.")))
        for m in _RANGE.finditer(item.text):
            plural = m.group(1) + ("es" if m.group(1).endswith("x") else "s")
            found.append(Finding("reference", ERROR, item.where, (
                f"“{m.group(0)}”: write “{plural} {m.group(2)} {m.group(3)} {m.group(4)}”.")))
    return found


def _plural(term: str) -> str:
    if term.endswith("y") and not term.endswith(("ay", "ey", "oy")):
        return term[:-1] + "ies"
    return term + ("es" if term.endswith(("s", "x")) else "s")


# generic phrases that use a defined word in its everyday sense
_GENERIC = re.compile(r"\bemployers'|\bworkers'|\bemployers and workers\b|"
                      r"\bworkers and employers\b", re.I)


def check_terms(draft: Draft, items: list[Passage]) -> list[Finding]:
    terms = {d.term for d in draft.definitions}
    if not terms or draft.language != "en":  # English forms: "Employer", plural in -s
        return []
    forms = {}
    for t in terms:
        forms[t.casefold()] = t
        forms[_plural(t).casefold()] = _plural(t)
    rx = re.compile(r"\b(" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
                    + r")\b", re.I)
    found = []
    for item in items:
        if item.layer != "own" or item.kind in ("title", "heading", "preamble", "formula",
                                                "definition") or item.paragraph is None:
            continue
        for run in item.paragraph.inlines:
            if not isinstance(run, Text) or isinstance(run, Term):
                continue
            for m in rx.finditer(run.text):
                want = forms[m.group(1).casefold()]
                if m.group(1) == want:
                    continue
                if _GENERIC.match(run.text, m.start()):
                    continue
                found.append(Finding("term", WARNING, item.where, (
                    f"“{m.group(1)}” is a defined term: print it as “{want}”.")))
    return found


_STRAIGHT = re.compile(r'"')
_NUMBER_UNIT = re.compile(
    rf"\b({NUMBER_WORDS_RE})(?:[- ](?:consecutive|working|calendar|paid|full|clear|further|"
    rf"more))? (hours?|days?|weeks?|months?|years?)\b", re.I)


def check_style(draft: Draft, items: list[Passage]) -> list[Finding]:
    found = []
    for item in items:
        if draft.language == "en":
            m = _STRAIGHT.search(item.text)
            if m:
                found.append(Finding("quotes", WARNING, item.where, (
                    f"straight quotation mark in “{_context(item.text, m)}”: English drafts "
                    "use curly quotation marks “ ”.")))
            for m in _NUMBER_UNIT.finditer(item.text):
                n = _WORDS.index(m.group(1).lower()) + 1
                found.append(Finding("numbers", WARNING, item.where, (
                    f"“{m.group(0)}”: durations are written in figures "
                    f"(“{m.group(0).replace(m.group(1), str(n), 1)}”).")))
    return found


_SUBJECT = (r"(?:employers?|(?:private )?(?:recruitment|employment) agenc(?:y|ies)|"
            r"recruiters?|insurers?|intermediar(?:y|ies))")
_PARTNER = (r"(?:(?:,| or| and) (?:any |other |a |an |the |their )*(?:recruitment agenc(?:y|ies)|"
            r"agenc(?:y|ies)|private persons?|persons?|intermediar(?:y|ies)|representatives?|"
            r"insurers?|Migrant Workers?|workers?))*")
_DUTY = re.compile(
    rf"\b(?:(?:the|an?|each|every|no|any|all|its) )?{_SUBJECT}{_PARTNER}"
    r"\s+(?:shall|must|will|may not|may only|may restrict|has to|is to)\b", re.I)
# "paid by the Employer, and ... shall": the employer is not the subject
_NOT_SUBJECT = re.compile(r"\b(?:by|with|against|from|to|for|of|through|under|new|former|same|"
                          r"their|his|her|own|between)\s+$", re.I)


def check_duties(draft: Draft, items: list[Passage]) -> list[Finding]:
    if draft.kind == "contract":
        return []
    found = []
    for item in items:
        if item.layer != "own" or item.kind not in ("article",):
            continue
        for m in _DUTY.finditer(item.text):
            start = max(item.text.rfind(". ", 0, m.start()), item.text.rfind("; ", 0, m.start()))
            before = item.text[start + 1:m.start()]
            if _NOT_SUBJECT.search(before) or re.search(r"\b(?:who|whose|whom|which)\b", before):
                continue
            if re.search(r"\bensure[sd]? that\b|\brequire[sd]? (?:that )?\b|\bprovide that\b",
                         before):
                continue
            found.append(Finding("duty", ERROR, item.where, (
                f"“{_context(item.text, m)}”: an intergovernmental text speaks to the States, not to "
                "employers or recruiters; "
                f"write “{'Each Party shall' if draft.binding else 'The Participants will'} "
                "ensure that ...”.")))
    return found


_MATTERS = {
    "publication": re.compile(r"\b(?:shall|will) publish (?:the (?:full )?text of )?"
                              r"(?:this|the) (?:Agreement|Memorandum|Arrangement)", re.I),
    "entry into effect": re.compile(
        r"\b(?:This (?:Agreement|Memorandum of Understanding|Memorandum|Arrangement)|It) "
        r"(?:shall |will )?(?:enters?|comes?|takes?) (?:into force|into effect|effect) "
        r"(?:on|upon|from|at)\b", re.I),
    "replacing the weekly rest by payment": re.compile(
        r"\b(?:weekly rest|rest days?)\b[^.]{0,40}\b(?:shall|will|may)(?: not)? be replaced by "
        r"payment", re.I),
    "registration for employment injury": re.compile(
        r"\bregisters? the (?:Worker|Migrant Worker|worker)\b(?:(?!other than)[^.]){0,260}"
        r"\b(?:employment injury|accidents at work)", re.I),
    "daily and weekly rest": re.compile(
        r"\bentitled to (?:the daily and weekly rest\b|(?:a break [^.]*?, )?(?:to )?at least "
        r"\d+ consecutive hours of rest)", re.I),
}


def check_regulates(draft: Draft, items: list[Passage]) -> list[Finding]:
    """Two articles (clauses) of one document regulating one matter: declared by the slots
    (`regulates:`) or recognised in the text."""
    places: dict[tuple[int, str], list[str]] = {}

    def declared(doc: Draft, prefix: str) -> None:
        for art in doc.clauses():
            label = prefix + (art.label if isinstance(art, Article) else art.number)
            for matter in art.regulates:
                places.setdefault((id(doc), matter.replace("-", " ")), []).append(label)
        for annex in doc.annexes:
            if annex.document:
                declared(annex.document, f"{prefix}{annex.number}, ")

    declared(draft, "")
    for item in items:
        if item.kind in ("title", "heading", "definition"):
            continue
        for matter, rx in _MATTERS.items():
            if rx.search(item.text):
                unit = item.where.split("(")[0]
                found_at = places.setdefault((id(item.doc), matter), [])
                if unit not in found_at:
                    found_at.append(unit)
    order: dict[str, int] = {}
    for i, item in enumerate(items):
        order.setdefault(item.where.split("(")[0], i)
    found = []
    for (_, matter), where in places.items():
        where = sorted(where, key=lambda w: order.get(w, len(items)))
        for other in where[1:]:
            found.append(Finding("regulates", ERROR, other, (
                f"regulates {matter}, which {where[0]} already regulates: one matter, one "
                "article.")))
    return found


def _context(text: str, m: re.Match, width: int = 30) -> str:
    start, end = max(0, m.start() - width), min(len(text), m.end() + width)
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
