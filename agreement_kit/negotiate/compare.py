"""Comparing two drafts of one document, slot by slot, then word by word.

A negotiator's question is "what did they change?", so changes are found the way the document
was built: the two Drafts are aligned by their units (opening words, recitals, each part,
each article by its clause slot, the closing formula, each annex), so a slot that changed
option, changed parameters, appeared or disappeared is one change. Inside an article that
exists in both, paragraphs are aligned by text and changed paragraphs are compared word by
word. Cross-references are compared by what they point at; when only the number changed
(articles renumbered) the reference shows the old and the new number.

The title block, running header and signature blocks show the new draft; everything from
the opening words to the last annex is compared. The result, a :class:`Redline`, is rendered by :mod:`agreement_kit.render.redline` as Word
tracked changes (Accept All gives the new draft, Reject All the old one) and as HTML/PDF.
"""

from __future__ import annotations

import difflib
import re
from typing import Iterable

from ..errors import UserError
from ..model.draft import Blank, Draft, Inline, Paragraph, Ref, Term, Text
from ..model.protection import describe
from ..model.protection import rank as _rank
from ..model.redline import Redline, RPara, Seg, SlotChange, Unit

_WORD = re.compile(r"\s+|[^\s]+")


# --- words --------------------------------------------------------------------------------

def tokens(runs: Iterable[Inline]) -> list[Inline]:
    """Words, spaces, and whole defined terms, references and blanks."""
    out: list[Inline] = []
    for r in runs:
        if isinstance(r, Text):
            out.extend(Text(w) for w in _WORD.findall(r.text))
        else:
            out.append(r)
    return out


def _key(tok: Inline) -> tuple:
    if isinstance(tok, Ref):
        return ("ref", tok.target)
    if isinstance(tok, Term):
        return ("term", tok.key, tok.text)
    if isinstance(tok, Blank):
        return ("blank", tok.label)
    return ("text", tok.text)


PAIR_SIMILARITY = 0.5  # below this, a paragraph is shown deleted and its successor inserted
MIN_KEPT_WORDS = 3  # fewer common words between two changes are shown as changed too


def word_diff(old: Paragraph, new: Paragraph) -> list[Seg]:
    a, b = tokens(old.inlines), tokens(new.inlines)
    sm = difflib.SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    segs: list[Seg] = []
    for op, i1, i2, j1, j2 in _readable(sm.get_opcodes(), a):
        if op == "equal":
            segs += [Seg("equal", nt, ot) for ot, nt in zip(a[i1:i2], b[j1:j2])]
        else:
            segs += [Seg("del", t) for t in a[i1:i2]]
            segs += [Seg("ins", t) for t in b[j1:j2]]
    return _merge(segs)


def _readable(opcodes: list[tuple], a: list[Inline]) -> list[tuple]:
    """Fold short runs of common words between two changes into the change, so a reader
    sees "old phrase" -> "new phrase" instead of words interleaved one by one."""
    out: list[list] = []
    for k, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < k < len(opcodes) - 1
        words = sum(1 for t in a[i1:i2] if not (isinstance(t, Text) and t.text.isspace()))
        if op == "equal" and between and words < MIN_KEPT_WORDS:
            op = "replace"
        if out and op != "equal" and out[-1][0] != "equal":
            out[-1] = ["replace", out[-1][1], i2, out[-1][3], j2]
        else:
            out.append([op, i1, i2, j1, j2])
    return [tuple(o) for o in out]


def similarity(old: Paragraph, new: Paragraph) -> float:
    a = [_key(t) for t in tokens(old.inlines)]
    b = [_key(t) for t in tokens(new.inlines)]
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _merge(segs: list[Seg]) -> list[Seg]:
    """Join neighbouring plain words of the same kind into one run."""
    out: list[Seg] = []
    for s in segs:
        prev = out[-1] if out else None
        if (prev and prev.kind == s.kind and isinstance(prev.inline, Text)
                and isinstance(s.inline, Text)):
            prev.inline = Text(prev.inline.text + s.inline.text)
            prev.old = prev.inline if s.kind == "equal" else None
        else:
            out.append(Seg(s.kind, s.inline, s.old))
    return out


def _same_refs(old: Paragraph, new: Paragraph) -> bool:
    olds = [r.text for r in old.inlines if isinstance(r, Ref)]
    news = [r.text for r in new.inlines if isinstance(r, Ref)]
    return olds == news


# --- paragraphs ---------------------------------------------------------------------------

def _pkey(p: Paragraph) -> tuple:
    return (p.level, p.text)


def compare_paragraphs(old: list[Paragraph], new: list[Paragraph]) -> list[RPara]:
    """Align two paragraph lists; pair changed ones and compare their words."""
    out: list[RPara] = []
    sm = difflib.SequenceMatcher(None, [_pkey(p) for p in old], [_pkey(p) for p in new],
                                 autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for o, n in zip(old[i1:i2], new[j1:j2]):
                status = "equal" if o.number == n.number and _same_refs(o, n) else "changed"
                out.append(RPara(status, n, o, word_diff(o, n)))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        while olds or news:
            if olds and news and olds[0].level == news[0].level \
                    and similarity(olds[0], news[0]) >= PAIR_SIMILARITY:
                o, n = olds.pop(0), news.pop(0)
                out.append(RPara("changed", n, o, word_diff(o, n)))
            elif olds:
                o = olds.pop(0)
                out.append(RPara("deleted", None, o, [Seg("del", t) for t in o.inlines]))
            else:
                n = news.pop(0)
                out.append(RPara("inserted", n, None, [Seg("ins", t) for t in n.inlines]))
    return out


def _heading(old: str | None, new: str | None) -> list[RPara]:
    o = Paragraph([Text(old)]) if old is not None else None
    n = Paragraph([Text(new)]) if new is not None else None
    return compare_paragraphs([o] if o else [], [n] if n else [])


# --- units --------------------------------------------------------------------------------

def units_of(draft: Draft) -> list[tuple[str, str, object, list[Paragraph]]]:
    """(kind, key, object, paragraphs) in reading order."""
    out: list[tuple[str, str, object, list[Paragraph]]] = []
    for kind in ("opening", "preamble", "agreed"):
        paras = getattr(draft, kind)
        if paras:
            out.append((kind, kind, None, paras))
    for part in draft.parts:
        if part.title:
            out.append(("part", f"part:{part.title}", part, []))
        for art in part.articles:
            out.append(("article", f"article:{art.slot}", art, art.paragraphs))
    if draft.closing:
        out.append(("closing", "closing", None, draft.closing))
    for annex in draft.annexes:
        out.append(("annex", f"annex:{annex.id}", annex, annex.paragraphs))
    return out


def _heading_text(kind: str, obj) -> list[str]:
    if kind == "part":
        return [obj.number or "", obj.title]
    if kind == "article":
        return [obj.title]
    if kind == "annex":
        return [obj.title]
    return []


def check_same_document(old: Draft, new: Draft, old_name: str, new_name: str) -> None:
    """A redline shows one document's changes; two different documents are refused."""
    if old.document != new.document:
        raise UserError(f"{old_name} drafts a {old.document} and {new_name} drafts a "
                        f"{new.document}; compare shows the changes between two drafts of the "
                        "same document. Compare each with an earlier draft of its own document.")


def shared_languages(old: list[Draft], new: list[Draft], old_name: str,
                     new_name: str) -> list[tuple[Draft, Draft]]:
    """The (old, new) drafts of each language both files draft, in the new file's order: a
    redline for each authentic text. No language in common is refused."""
    before = {d.language: d for d in old}
    pairs = [(before[d.language], d) for d in new if d.language in before]
    if not pairs:
        raise UserError(f"{old_name} is drafted in {', '.join(before)} and {new_name} in "
                        f"{', '.join(d.language for d in new)}: a redline compares two texts in "
                        "one language. Give both files a language in common (languages:).")
    return pairs


def compare_drafts(old: Draft, new: Draft) -> Redline:
    a, b = units_of(old), units_of(new)
    sm = difflib.SequenceMatcher(None, [u[1] for u in a], [u[1] for u in b], autojunk=False)
    units: list[Unit] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for (kind, key, o, op_), (_, _, n, np_) in zip(a[i1:i2], b[j1:j2]):
                units.append(_pair(kind, key, o, n, op_, np_))
            continue
        for kind, key, o, paras in a[i1:i2]:
            units.append(_one_sided(kind, key, "deleted", o, paras))
        for kind, key, n, paras in b[j1:j2]:
            units.append(_one_sided(kind, key, "inserted", n, paras))
    return Redline(old, new, units, slot_changes(old, new), _heading(old.title, new.title))


def _pair(kind, key, o, n, old_paras, new_paras) -> Unit:
    unit = Unit(kind, key, "equal", n, o)
    oh, nh = _heading_text(kind, o), _heading_text(kind, n)
    for x, y in zip(oh, nh):
        unit.heading += _heading(x, y)
    unit.paras = compare_paragraphs(old_paras, new_paras)
    if kind == "annex" and (o.document or n.document):
        if o.document and n.document:
            unit.document = compare_drafts(o.document, n.document)
        else:
            unit.document = _one_sided_document(o.document or n.document,
                                                "inserted" if n.document else "deleted")
    statuses = {p.status for p in unit.heading + unit.paras}
    if statuses - {"equal"} or (unit.document and unit.document.changed):
        unit.status = "changed"
    return unit


def _one_sided(kind, key, status, obj, paras) -> Unit:
    side = "ins" if status == "inserted" else "del"
    new, old = (obj, None) if status == "inserted" else (None, obj)

    def rp(p: Paragraph) -> RPara:
        return RPara(status, p if new else None, p if old else None,
                     [Seg(side, t) for t in p.inlines])

    unit = Unit(kind, key, status, new, old)
    unit.heading = [rp(Paragraph([Text(t)])) for t in _heading_text(kind, obj)]
    unit.paras = [rp(p) for p in paras]
    if kind == "annex" and obj.document:
        unit.document = _one_sided_document(obj.document, status)
    return unit


def _one_sided_document(draft: Draft, status: str) -> Redline:
    units = [_one_sided(kind, key, status, obj, paras) for kind, key, obj, paras in units_of(draft)]
    side = "ins" if status == "inserted" else "del"
    title = Paragraph([Text(draft.title)])
    heading = RPara(status, title if side == "ins" else None, title if side == "del" else None,
                    [Seg(side, Text(draft.title))])
    return Redline(draft, draft, units, title=[heading])


# --- the negotiator's list ------------------------------------------------------------------

def slot_changes(old: Draft, new: Draft) -> list[SlotChange]:
    def slots(d: Draft, prefix: str = "") -> dict[str, tuple[str, str, str, str]]:
        found = {}
        for art in d.articles():
            found[prefix + art.slot] = (art.title, art.option, art.protection,
                                        "\n".join(p.text for p in art.paragraphs))
        for an in d.annexes:
            if an.slot:
                text = "\n".join(p.text for p in an.paragraphs)
                prev = found.get(prefix + an.slot)
                if prev:  # one slot drawn in an annex for every Party: all their texts
                    found[prefix + an.slot] = (prev[0], an.option, an.protection,
                                               prev[3] + "\n" + text)
                else:
                    found[prefix + an.slot] = (an.title, an.option, an.protection, text)
            if an.document:  # a model contract annexed to an agreement
                found.update(slots(an.document, f"{prefix}{an.id}: "))
        return found

    def choices(d: Draft, prefix: str = "") -> dict[str, dict]:
        found = {prefix + k: v for k, v in (d.provenance.choices if d.provenance else {}).items()}
        for an in d.annexes:
            if an.document:
                found.update(choices(an.document, f"{prefix}{an.id}: "))
        return found

    o, n = slots(old), slots(new)
    oparams, nparams = choices(old), choices(new)
    changes = []
    for key in list(n) + [k for k in o if k not in n]:
        if key not in o:
            t, opt, prot, _ = n[key]
            changes.append(SlotChange(key, t, "added", new_option=opt, new_protection=prot))
        elif key not in n:
            t, opt, prot, _ = o[key]
            changes.append(SlotChange(key, t, "removed", old_option=opt, old_protection=prot))
        else:
            (t, oo, op, otext), (_, no, np_, ntext) = o[key], n[key]
            p_old = oparams.get(key, {}).get("parameters", {})
            p_new = nparams.get(key, {}).get("parameters", {})
            diff = {}
            for k in sorted(set(p_old) | set(p_new)):
                a, b = p_old.get(k), p_new.get(k)
                if isinstance(a, dict) and isinstance(b, dict):  # a per-Party value: by Party
                    diff.update({f"{k}[{pid}]": (a.get(pid), b.get(pid)) for pid in
                                 dict.fromkeys([*a, *b]) if a.get(pid) != b.get(pid)})
                elif a != b:
                    diff[k] = (a, b)
            if oo != no:
                changes.append(SlotChange(key, t, "option", oo, op, no, np_, diff))
            elif diff:
                changes.append(SlotChange(key, t, "parameters", oo, op, no, np_, diff))
            elif otext != ntext:
                changes.append(SlotChange(key, t, "text", oo, op, no, np_))
    return changes


def summary(redline: Redline) -> str:
    """The terminal list of changed slots with old and new option and protection level."""
    if not redline.changes:
        return "No clause changed." if not redline.changed else \
            "No clause option changed; the wording around the clauses did (see the redline)."
    lines = []
    for c in redline.changes:
        if c.kind == "added":
            lines.append(f"+ {c.slot}: added, {c.new_option} ({describe(c.new_protection)})")
        elif c.kind == "removed":
            lines.append(f"- {c.slot}: removed, was {c.old_option} "
                         f"({describe(c.old_protection)})")
        else:
            what = {"option": "option", "parameters": "parameters", "text": "wording"}[c.kind]
            lines.append(f"~ {c.slot}: {what}: {c.old_option} ({describe(c.old_protection)}) -> "
                         f"{c.new_option} ({describe(c.new_protection)})")
        for name, (a, b) in c.parameters.items():
            lines.append(f"      {name}: {a!r} -> {b!r}")
    weaker = [c for c in redline.changes if c.kind == "option" and
              _rank(c.new_protection) < _rank(c.old_protection)]
    lines.append(f"{len(redline.changes)} clause(s) changed"
                 + (f"; {len(weaker)} now protect workers less" if weaker else "") + ".")
    return "\n".join(lines)


__all__ = ["compare_drafts", "summary", "Redline", "Unit", "RPara", "Seg", "SlotChange"]
