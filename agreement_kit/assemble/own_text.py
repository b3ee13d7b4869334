"""The Parties' own wording: a title, recitals and articles that do not come from the library,
and slots a parameter file leaves out (``clauses: {taxation: omit}``).

Own text is data: it is never run as a template. An own article's text is paragraphs separated
by blank lines, list items starting with "- " (as in the library's markup) and ``{ref:ID}``,
which prints the number of article or annex ID (a slot id, an annex id or another own
article's id) after numbering. :func:`check_own_text` checks all of it against the document
when the parameter file is resolved; the assembler then places it.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ProblemList, allowed_list, did_you_mean
from ..inputs.params import OWN, Params
from ..inputs.yamlio import Loaded
from ..library.blueprints import BUILTIN_DEFINITIONS, Blueprint, Blueprints
from ..library.clauses import Library, Slot
from ..library.templating import PARTY_SEP, paragraphs
from ..model.draft import Inline, Paragraph, Ref, Text

REF_TOKEN = re.compile(r"\{ref:([^{}]*)\}")


def own_key(article_id: str) -> str:
    """The slot key an own article carries in a Draft: own/ID."""
    return f"{OWN}/{article_id}"


def text_in(value: Any, lang: str) -> str:
    """An own text in one language: a string stands for every language."""
    return value if isinstance(value, str) else value[lang]


def own_runs(text: str) -> list[Inline]:
    """Inline runs of one paragraph of own text: plain text and `{ref:ID}` references."""
    runs: list[Inline] = []
    pos = 0
    for m in REF_TOKEN.finditer(text):
        if m.start() > pos:
            runs.append(Text(text[pos:m.start()]))
        runs.append(Ref(m.group(1).strip(), ""))
        pos = m.end()
    if pos < len(text):
        runs.append(Text(text[pos:]))
    return runs


def own_paragraphs(text: str) -> list[Paragraph]:
    """An own article's text as paragraphs and items, never evaluated as a template."""
    return paragraphs(text, runs=own_runs)


def article_slots(bp: Blueprint, library: Library) -> dict[str, Slot]:
    """The names an own article may stand after or before: the document's article slots, by
    bare id and as family/id, in document order."""
    names: dict[str, Slot] = {}
    for part in bp.parts:
        for ref in part.slots:
            lookup = f"common/{BUILTIN_DEFINITIONS}" if ref.slot == BUILTIN_DEFINITIONS else ref.slot
            slot = library.find(lookup, bp.family)
            names.setdefault(slot.id, slot)
            names[slot.key] = slot
    return names


def _languages(value: Any, where: tuple, what: str, params: Params, loaded: Loaded,
               problems: ProblemList) -> None:
    """A per-language mapping gives each language of the file, and no other."""
    if not isinstance(value, dict):
        return
    fld = ".".join(map(str, where))
    for lang in params.languages:
        if lang not in value:
            problems.add(f"{what} has no text in '{lang}'; give one for each language of the "
                         f"file ({', '.join(params.languages)}), or one string for all.",
                         file=loaded.file, line=loaded.line(where), field=fld)
    for lang in value:
        if lang not in params.languages:
            problems.add(f"{what} gives a text in '{lang}', which is not among the file's "
                         f"languages.{did_you_mean(lang, params.languages)} Allowed: "
                         f"{allowed_list(params.languages)}.", file=loaded.file,
                         line=loaded.line(where + (lang,)), field=f"{fld}.{lang}")


def check_own_text(params: Params, loaded: Loaded, library: Library, bp: Blueprint,
                   blueprints: Blueprints, slots: dict[str, Slot],
                   omitted: dict[str, tuple[str, int | None]], problems: ProblemList) -> None:
    """Title, recitals, own articles and left-out slots checked against document `bp`."""
    file = loaded.file
    required = blueprints.required_of(bp, library)
    for key, (name, line) in omitted.items():
        if key in required:
            who = blueprints.items[required[key]]
            names = ", ".join(who.required)
            problems.add(f"slot '{name}' cannot be left out: document '{who.id}' requires it "
                         f"({who.file}, `required:` {names}). Choose one of its options "
                         f"({', '.join(slots[key].option_ids)}) or leave it at the default.",
                         file=file, line=line, field=f"clauses.{name}")
    if params.title is not None:
        _languages(params.title, ("title",), "title", params, loaded, problems)
    for i, recital in enumerate(params.recitals):
        _languages(recital, ("recitals", i), f"recital {i + 1}", params, loaded, problems)

    positions = article_slots(bp, library)
    all_names = {n for s in slots.values() for n in (s.id, s.key)}
    annex_ids = [a.id for a in bp.annexes]
    first: dict[str, int] = {}
    twice: set[int] = set()
    for i, art in enumerate(params.articles):
        where = ("articles", i)
        if art.id in first:
            twice.add(i)
            problems.add(f"own article id '{art.id}' is given twice (first as articles"
                         f"[{first[art.id]}], line {loaded.line(('articles', first[art.id], 'id'))}"
                         "); give each own article its own id.", file=file,
                         line=loaded.line(where + ("id",)), field=f"articles[{i}].id")
            continue
        first[art.id] = i
        if art.id in all_names or art.id in annex_ids:
            problems.add(f"own article id '{art.id}' is already the id of a clause slot or annex "
                         "of this document; choose another id.", file=file,
                         line=loaded.line(where + ("id",)), field=f"articles[{i}].id")
        _languages(art.title, where + ("title",), f"own article '{art.id}' title", params,
                   loaded, problems)
        _languages(art.text, where + ("text",), f"own article '{art.id}' text", params, loaded,
                   problems)
    own_ids = [a.id for a in params.articles]
    allowed_anchor = list(dict.fromkeys(n for n in positions if "/" not in n)) + own_ids
    anchor_of: dict[str, str] = {}
    for i, art in enumerate(params.articles):
        where = ("articles", i)
        if i in twice:
            continue
        if (art.after is None) == (art.before is None):
            problems.add(f"own article '{art.id}' needs its place: give either `after:` or "
                         "`before:` a slot id of this document's articles or another own "
                         "article's id" + (", not both." if art.after else "."), file=file,
                         line=loaded.line(where), field=f"articles[{i}]")
            continue
        key = "after" if art.after is not None else "before"
        target = art.after if art.after is not None else art.before
        if target not in positions and target not in own_ids:
            hint = (" That is an annex or the recitals, not an article." if
                    target in all_names or target in annex_ids else "")
            problems.add(f"own article '{art.id}' is placed {key} '{target}', which is not an "
                         f"article of document '{bp.id}' nor an own article."
                         f"{did_you_mean(target, allowed_anchor)}{hint} Allowed: "
                         f"{allowed_list(allowed_anchor)}.", file=file,
                         line=loaded.line(where + (key,)), field=f"articles[{i}].{key}")
            continue
        if target == art.id:
            problems.add(f"own article '{art.id}' is placed {key} itself.", file=file,
                         line=loaded.line(where + (key,)), field=f"articles[{i}].{key}")
            continue
        anchor_of[art.id] = target
    for i, art in enumerate(params.articles):  # a chain of own articles must end at a slot
        seen, cur = [art.id], anchor_of.get(art.id)
        while cur in anchor_of and cur not in seen:
            seen.append(cur)
            cur = anchor_of[cur]
        if cur in seen:
            problems.add(f"own articles are placed after or before each other in a circle "
                         f"({' -> '.join(seen + [cur])}); place one of them by a slot.",
                         file=file, line=loaded.line(("articles", i)), field=f"articles[{i}]")
            break

    targets = set(all_names) | set(annex_ids) | set(own_ids)
    targets |= {f"{a.id}{PARTY_SEP}{pid}" for a in bp.annexes if a.for_each_party
                for pid in params.party_ids()}  # {ref:party-annex@gh}: one Party's annex
    for i, art in enumerate(params.articles):
        texts = [((), art.text)] if isinstance(art.text, str) else \
            [((lang,), t) for lang, t in art.text.items()]
        for sub, text in texts:
            where = ("articles", i, "text") + sub
            for m in REF_TOKEN.finditer(text):
                target = m.group(1).strip()
                omitted_key = next((k for k in omitted if target in (k, k.split("/", 1)[1])),
                                   None)
                if omitted_key:
                    name, line = omitted[omitted_key]
                    problems.add(f"own article '{art.id}' (articles[{i}].text, line "
                                 f"{loaded.line(where)}) refers to '{target}' with "
                                 f"{m.group(0)}, but clauses.{name}: omit leaves that slot out. "
                                 "Keep the slot or remove the reference.", file=file, line=line,
                                 field=f"clauses.{name}")
                elif target not in targets:
                    problems.add(f"{m.group(0)} in own article '{art.id}' names no article or "
                                 f"annex of document '{bp.id}'.{did_you_mean(target, targets)} "
                                 "Write {ref:ID} with a slot id, an annex id or an own "
                                 "article's id.", file=file, line=loaded.line(where),
                                 field=".".join(map(str, where)))
