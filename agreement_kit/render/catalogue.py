"""The clause catalogue as a static web site: HTML pages, one stylesheet, a little JavaScript.

:func:`render_site` turns a :class:`~agreement_kit.model.catalogue.Catalogue` into
``{relative path: bytes}``; nothing is fetched from anywhere, no page needs a server, and the
same catalogue always gives the same bytes. Layout::

    index.html                   the languages
    assets/                      catalogue.css, catalogue.js, validate.js, builder.js
    en/index.html                documents, clause families, search and filters
    en/search-index.js           the search index (a script, since file:// forbids fetching)
    en/slots/<slot>.html         a slot: parameters, options side by side (#option-id)
    en/documents/<id>.html       a document's parts, slots, conditions and annexes
    en/instruments.html          the register; en/instruments/<id>.html each instrument
    en/builder.html              the parameter-file builder, with the JSON Schema embedded

Every library text is escaped; the scripts insert text with ``textContent`` only.
"""

from __future__ import annotations

import json
import re
from html import escape
from typing import Any, Iterable

from ..model.catalogue import (Catalogue, Citation, DocumentEntry, Edition, InstrumentEntry,
                               OptionEntry, Parameter, SlotEntry)
from ..conventions import letters
from ..resources import template_path

LEVEL_WORDS = {"below-floor": "Below floor", "floor": "Floor", "good-practice": "Good practice",
               "best-practice": "Best practice"}
KIND_WORDS = {"agreement": "agreement", "contract": "contract", "arrangement": "arrangement"}
ASSETS = ("catalogue.css", "catalogue.js", "validate.js", "builder.js")
CURRENT_PAGE = ' aria-current="page"'
CURRENT_LANG = ' aria-current="true"'
DEFAULT_MARK = ' <span class="default-mark">default</span>'
_PLACEHOLDER = re.compile("\u27e8([A-Za-z_][A-Za-z0-9_]*)\u27e9")


def e(text: Any) -> str:
    return escape("" if text is None else str(text), quote=True)


def script_json(data: Any) -> str:
    """JSON safe inside a <script> element and as a JavaScript expression."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def web_url(url: str | None) -> bool:
    """Only http(s) addresses from the register become links (never javascript: or data:)."""
    return bool(url) and re.match(r"https?://[^\s<>\"']+$", url) is not None


def level_badge(level: str, extra: str = "") -> str:
    return (f'<span class="level level-{e(level)}{extra}">'
            f'<span class="level-word">{e(LEVEL_WORDS.get(level, level))}</span></span>')


def instrument_page(inst_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "-", inst_id)


class Site:
    """Writes one catalogue; `files` collects the pages."""

    def __init__(self, catalogue: Catalogue):
        self.cat = catalogue
        self.files: dict[str, bytes] = {}

    # --- frame -----------------------------------------------------------------------
    def page(self, ed: Edition, path: str, title: str, body: str, *, scripts: Iterable[str] = (),
             head: str = "", current: str = "") -> None:
        depth = path.count("/")  # en/index.html -> 1
        up = "../" * depth
        root = "../" * (depth - 1)
        nav_items = [("index.html", "Clauses", "index"), ("documents.html", "Documents", "documents"),
                     ("instruments.html", "Instruments", "instruments"),
                     ("builder.html", "Parameter-file builder", "builder")]
        nav = "".join(
            f'<li><a href="{root}{href}"{CURRENT_PAGE if key == current else ""}>'
            f'{e(label)}</a></li>' for href, label, key in nav_items)
        langs = ""
        if len(self.cat.editions) > 1:
            rest = path.split("/", 1)[1]
            links = "".join(
                f'<li><a href="{up}{o.lang}/{rest}" lang="{e(o.lang)}" hreflang="{e(o.lang)}"'
                f'{CURRENT_LANG if o.lang == ed.lang else ""}>{e(o.language_name)}</a></li>'
                for o in self.cat.editions)
            langs = f'<nav class="languages" aria-label="Languages"><ul>{links}</ul></nav>'
        tags = "".join(f'<script src="{src if src.startswith(("../", "search")) else up + "assets/" + src}"></script>'
                       for src in scripts)
        html = f"""<!DOCTYPE html>
<html lang="{e(ed.lang)}" dir="{e(ed.direction)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="agreement-kit catalogue">
<title>{e(title)} · {e(self.cat.name)}</title>
<link rel="stylesheet" href="{up}assets/catalogue.css">
{head}</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<header class="site-header">
<p class="site-name"><a href="{root}index.html">{e(self.cat.name)}</a> <span class="version">version {e(self.cat.version)}</span></p>
<nav class="site-nav" aria-label="Site"><ul>{nav}</ul></nav>
{langs}
</header>
<main id="content" tabindex="-1">
{body}
</main>
<footer class="site-footer"><p>{e(self.cat.name)} {e(self.cat.version)} (library digest {e(self.cat.digest)}). Generated by <code>agreement-kit catalogue</code>; the clause texts show parameters as ⟨name⟩ and references as [Article on …].</p></footer>
{tags}
<script src="{up}assets/catalogue.js"></script>
</body>
</html>
"""
        self.files[path] = html.encode("utf-8")

    # --- pieces ------------------------------------------------------------------------
    def slot_href(self, ed: Edition, key: str, up: str, option: str | None = None) -> str:
        slot = ed.slots[key]
        return f"{up}slots/{e(slot.page)}.html" + (f"#{e(option)}" if option else "")

    def slot_link(self, ed: Edition, key: str, up: str, option: str | None = None) -> str:
        slot = ed.slots.get(key)
        if slot is None:
            return e(key)
        return f'<a href="{self.slot_href(ed, key, up, option)}">{e(slot.title)}</a>'

    @staticmethod
    def clause_text(paragraphs: list[tuple[int, str]]) -> str:
        numbered = sum(1 for level, _ in paragraphs if level == 0) >= 2
        out, n, letter = [], 0, 0
        for level, text in paragraphs:
            body = _PLACEHOLDER.sub(
                lambda m: f'<var class="param" title="parameter {m.group(1)}">⟨{m.group(1)}⟩</var>',
                e(text))
            if level == 0:
                n, letter = n + 1, 0
                num = f'<span class="num">{n}.</span> ' if numbered else ""
                out.append(f'<p>{num}{body}</p>')
            else:
                mark = "(" + letters(letter) + ")"
                letter += 1
                out.append(f'<p class="item"><span class="num">{mark}</span> {body}</p>')
        return '<div class="clause-text">' + "\n".join(out) + "</div>"

    @staticmethod
    def citation(c: Citation, up: str) -> str:
        href = f"{up}instruments/{e(instrument_page(c.instrument))}.html" + (
            f"#{e(c.anchor)}" if c.anchor else "")
        verified = ('<span class="verified">checked against the text</span>' if c.verified
                    else '<span class="unverified">not yet checked against the text</span>')
        official = (f' <a class="official" href="{e(c.url)}" rel="external">official text</a>'
                    if web_url(c.url) else "")
        summary = f'<span class="cite-summary">{e(c.summary)}</span> ' if c.summary else ""
        return (f'<li><a href="{href}"><cite>{e(c.label)}</cite></a> '
                f'<span class="instrument-title">{e(c.title)}</span>: {summary}{verified}{official}</li>')

    # --- pages -------------------------------------------------------------------------
    def languages_page(self) -> None:
        first = self.cat.editions[0]
        items = "".join(
            f'<li><a href="{e(ed.lang)}/index.html" lang="{e(ed.lang)}" hreflang="{e(ed.lang)}">'
            f'{e(ed.language_name)}</a></li>' for ed in self.cat.editions)
        only = self.cat.editions[0].lang if len(self.cat.editions) == 1 else None
        note = (f'<p>The library holds one language; <a href="{e(only)}/index.html">open the '
                'catalogue</a>.</p>' if only else "")
        html = f"""<!DOCTYPE html>
<html lang="{e(first.lang)}" dir="{e(first.direction)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(self.cat.name)}</title>
<link rel="stylesheet" href="assets/catalogue.css">
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
<main id="content" tabindex="-1" class="languages-page">
<h1>{e(self.cat.name)}</h1>
<p>The clause catalogue, version {e(self.cat.version)}. Choose a language:</p>
<nav aria-label="Languages"><ul class="language-list">{items}</ul></nav>
{note}
</main>
</body>
</html>
"""
        self.files["index.html"] = html.encode("utf-8")

    def index_page(self, ed: Edition) -> None:
        up = ""
        docs = "".join(
            f'<li><a href="documents/{e(d.id)}.html">{e(d.subject or d.id)}</a> '
            f'<span class="meta">{e(self.doc_form(d))} · {len(ed.builder[d.id])} clauses</span></li>'
            for d in ed.documents.values())
        fam_sections = []
        for fam, name in ed.families:
            rows = []
            for slot in ed.slots.values():
                if slot.family != fam:
                    continue
                opts = "".join(
                    f'<li data-option="{e(o.id)}" class="opt"><a href="{self.slot_href(ed, slot.key, up, o.id)}">'
                    f'{e(o.label)}</a> {level_badge(o.protection, " small")}'
                    f'{DEFAULT_MARK if o.is_default else ""}</li>'
                    for o in slot.options)
                rows.append(
                    f'<li class="slot" data-slot="{e(slot.key)}" id="slot-{e(slot.family)}-{e(slot.id)}">'
                    f'<h4 class="slot-title"><a href="{self.slot_href(ed, slot.key, up)}">{e(slot.title)}</a> '
                    f'<code class="key">{e(slot.key)}</code></h4>'
                    f'<p class="purpose">{e(slot.purpose)}</p><ul class="opts">{opts}</ul></li>')
            fam_sections.append(
                f'<section class="family" data-family="{e(fam)}" aria-labelledby="fam-{e(fam)}">'
                f'<h3 id="fam-{e(fam)}">{e(name)} <span class="meta">({e(fam)})</span></h3>'
                f'<ul class="slot-list">{"".join(rows)}</ul></section>')
        doc_opts = "".join(f'<option value="{e(d.id)}">{e(d.subject or d.id)}</option>'
                           for d in ed.documents.values())
        fam_opts = "".join(f'<option value="{e(f)}">{e(n)}</option>' for f, n in ed.families)
        lvl_opts = "".join(f'<option value="{e(lv)}">{e(LEVEL_WORDS[lv])}</option>'
                           for lv in self.cat.levels)
        inst_opts = "".join(f'<option value="{e(i.id)}">{e(i.id)}: {e(_short(i.title))}</option>'
                            for i in ed.instruments.values() if i.cited_by)
        n_opts = sum(len(s.options) for s in ed.slots.values())
        body = f"""<h1>Clause catalogue</h1>
<p class="lead">{len(ed.slots)} clause slots with {n_opts} options, each ranked for the worker from
{level_badge("below-floor")} through {level_badge("floor")} and {level_badge("good-practice")} to
{level_badge("best-practice")}, with its sources and commentary; {len(ed.documents)} model documents
and {len(ed.instruments)} instruments.</p>
<section aria-labelledby="documents-heading">
<h2 id="documents-heading">Documents</h2>
<ul class="doc-list">{docs}</ul>
</section>
<section aria-labelledby="clauses-heading">
<h2 id="clauses-heading">Clauses</h2>
<form class="search" role="search" id="search-form" aria-describedby="search-help">
<p id="search-help" class="help">Search titles, texts and commentary; combine with the filters. Works offline.</p>
<div class="fields">
<div class="field wide"><label for="q">Search</label><input type="search" id="q" name="q" autocomplete="off" placeholder="e.g. fees, joint committee, C181"></div>
<div class="field"><label for="f-document">Document</label><select id="f-document" name="document"><option value="">All documents</option>{doc_opts}</select></div>
<div class="field"><label for="f-family">Family</label><select id="f-family" name="family"><option value="">All families</option>{fam_opts}</select></div>
<div class="field"><label for="f-level">Protection level</label><select id="f-level" name="level"><option value="">All levels</option>{lvl_opts}</select></div>
<div class="field"><label for="f-instrument">Instrument</label><select id="f-instrument" name="instrument"><option value="">All instruments</option>{inst_opts}</select></div>
<div class="field buttons"><button type="reset" id="search-reset">Clear</button></div>
</div>
<p id="search-status" class="status" role="status" aria-live="polite">{len(ed.slots)} clause slots.</p>
</form>
<div id="clause-families">
{"".join(fam_sections)}
</div>
<p id="no-results" class="no-results" hidden>No clause matches. Clear the search or a filter.</p>
</section>
"""
        self.page(ed, f"{ed.lang}/index.html", "Clause catalogue", body,
                  scripts=["search-index.js"], current="index")

    def documents_page(self, ed: Edition) -> None:
        rows = "".join(
            f'<tr><th scope="row"><a href="documents/{e(d.id)}.html">{e(d.subject or d.id)}</a></th>'
            f'<td><code>{e(d.id)}</code></td><td>{e(self.doc_form(d))}</td>'
            f'<td class="num">{len(ed.builder[d.id])}</td></tr>' for d in ed.documents.values())
        body = f"""<h1>Documents</h1>
<p class="lead">The model documents a parameter file can name as <code>document:</code>.</p>
<table class="data"><caption>{len(ed.documents)} documents</caption>
<thead><tr><th scope="col">Document</th><th scope="col">Id</th><th scope="col">Form</th><th scope="col">Clauses</th></tr></thead>
<tbody>{rows}</tbody></table>
"""
        self.page(ed, f"{ed.lang}/documents.html", "Documents", body, current="documents")

    @staticmethod
    def doc_form(d: DocumentEntry) -> str:
        return f"{KIND_WORDS.get(d.kind, d.kind)}, {'binding' if d.binding else 'not binding'}"

    def slot_page(self, ed: Edition, slot: SlotEntry) -> None:
        up = "../"
        docs = ", ".join(f'<a href="{up}documents/{e(d)}.html">{e(ed.documents[d].subject or d)}</a>'
                         for d in slot.documents) or "none"
        meta = [f'<dt>Id</dt><dd><code>{e(slot.key)}</code> (in a parameter file: '
                f'<code>{e(slot.id)}:</code>)</dd>',
                f'<dt>Family</dt><dd>{e(dict(ed.families).get(slot.family, slot.family))}</dd>',
                f'<dt>Default option</dt><dd><a href="#{e(slot.default)}">'
                f'{e(next(o.label for o in slot.options if o.id == slot.default))}</a></dd>',
                f'<dt>Documents</dt><dd>{docs}</dd>']
        if slot.topic:
            meta.append(f"<dt>Topic</dt><dd>{e(slot.topic)}</dd>")
        if slot.condition:
            meta.append(f"<dt>Drafted only when</dt><dd>{e(slot.condition)}</dd>")
        terms = ""
        if slot.terms:
            terms = ('<section aria-labelledby="slot-terms"><h2 id="slot-terms">Defined terms</h2><dl class="terms">'
                     + "".join(f"<dt>{e(t)}</dt><dd>{e(d)}</dd>" for t, d in slot.terms)
                     + "</dl></section>")
        params = ""
        if slot.parameters:
            params = ('<section aria-labelledby="slot-parameters"><h2 id="slot-parameters">Parameters</h2>'
                      '<table class="data params"><thead><tr><th scope="col">Parameter</th>'
                      '<th scope="col">Type</th><th scope="col">Default</th><th scope="col">Allowed</th>'
                      '<th scope="col">Description</th></tr></thead><tbody>'
                      + "".join(self.param_row(p) for p in slot.parameters)
                      + "</tbody></table></section>")
        glance = "".join(
            f'<tr><th scope="row"><a href="#{e(o.id)}">{e(o.label)}</a>'
            f'{DEFAULT_MARK if o.is_default else ""}</th>'
            f'<td>{level_badge(o.protection)}</td>'
            f'<td>{"; ".join(e(c.label) for c in o.citations)}</td></tr>' for o in slot.options)
        cards = "".join(self.option_card(o, up) for o in slot.options)
        fam_name = dict(ed.families).get(slot.family, slot.family)
        body = f"""<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="{up}index.html">Clauses</a></li><li><a href="{up}index.html#fam-{e(slot.family)}">{e(fam_name)}</a></li><li aria-current="page">{e(slot.title)}</li></ol></nav>
<h1>{e(slot.title)}</h1>
<p class="lead">{e(slot.purpose)}</p>
<dl class="meta-list">{"".join(meta)}</dl>
{terms}
{params}
<section aria-labelledby="slot-options">
<h2 id="slot-options">Options</h2>
<table class="data glance"><caption>{len(slot.options)} options, weakest to strongest protection</caption>
<thead><tr><th scope="col">Option</th><th scope="col">Protection</th><th scope="col">Sources</th></tr></thead>
<tbody>{glance}</tbody></table>
<div class="options">{cards}</div>
</section>
"""
        self.page(ed, f"{ed.lang}/slots/{slot.page}.html", slot.title, body)

    @staticmethod
    def param_row(p: Parameter) -> str:
        allowed = []
        if p.minimum is not None or p.maximum is not None:
            allowed.append(f"{_num(p.minimum) if p.minimum is not None else '…'} to "
                           f"{_num(p.maximum) if p.maximum is not None else '…'}")
        if p.values:
            allowed.append(("one of " if p.type == "enum" else "any of ")
                           + ", ".join(f"<code>{e(v)}</code>" for v in p.values))
        if p.pattern:
            allowed.append(f"form <code>{e(p.pattern)}</code>")
        return (f'<tr id="param-{e(p.name)}"><th scope="row"><var class="param">⟨{e(p.name)}⟩</var></th>'
                f'<td>{e(p.type)}</td><td><code>{e(p.default_text)}</code></td>'
                f'<td>{"; ".join(allowed) or "—"}</td><td>{e(p.description)}</td></tr>')

    def option_card(self, o: OptionEntry, up: str) -> str:
        cites = "".join(self.citation(c, up) for c in o.citations)
        default = DEFAULT_MARK if o.is_default else ""
        return f"""<article class="option level-border-{e(o.protection)}" id="{e(o.id)}" aria-labelledby="h-{e(o.id)}">
<h3 id="h-{e(o.id)}">{e(o.label)}</h3>
<p class="option-meta">{level_badge(o.protection)}{default} <code class="key">{e(o.id)}</code> <a class="permalink" href="#{e(o.id)}" aria-label="Link to this option">#</a></p>
<h4>Sources</h4>
<ul class="sources">{cites}</ul>
<h4>Commentary</h4>
<p class="commentary">{e(o.commentary)}</p>
<h4>Text</h4>
{self.clause_text(o.paragraphs)}{self.varies(o)}
</article>
"""

    @staticmethod
    def varies(o: OptionEntry) -> str:
        if not o.varies_with:
            return ""
        names = ", ".join(f'<var class="param">⟨{e(n)}⟩</var> (default <code>{e(d)}</code>)'
                          for n, d in o.varies_with)
        return f'<p class="varies">The wording changes with {names}; shown for the default.</p>'

    def document_page(self, ed: Edition, d: DocumentEntry) -> None:
        up = "../"
        parts = []
        number = 1
        for i, part in enumerate(d.parts, 1):
            items = []
            for item in part.items:
                slot = ed.slots[item.slot_key]
                default = next(o for o in slot.options if o.id == slot.default)
                cond = f' <span class="condition">only when {e(item.condition)}</span>' if item.condition else ""
                items.append(f'<li>{self.slot_link(ed, item.slot_key, up)}{cond} '
                             f'<span class="meta">{_count(len(slot.options), "option")}; default '
                             f'{level_badge(default.protection, " small")}</span>'
                             f'<br><span class="purpose">{e(slot.purpose)}</span></li>')
            title = part.title or f"Part {i}"
            cond = f'<p class="condition">Only when {e(part.condition)}.</p>' if part.condition else ""
            parts.append(f'<section class="part"><h3>{e(title)}</h3>{cond}'
                         f'<ol class="doc-slots" start="{number}">{"".join(items)}</ol></section>')
            number += len(items)
        annexes = []
        for a in d.annexes:
            what = ""
            if a.slot_key:
                what = f"Text: {self.slot_link(ed, a.slot_key, up)}."
            if a.documents:
                what = "Drafts another document: " + "; ".join(
                    f'<a href="{e(doc)}.html">{e(ed.documents[doc].subject if doc in ed.documents else doc)}</a> '
                    f'({e(when)})' for doc, when in a.documents) + "."
            cond = f' <span class="condition">Only when {e(a.condition)}.</span>' if a.condition else ""
            annexes.append(f'<li><strong>{e(a.title)}</strong> <code class="key">{e(a.id)}</code>. {what}{cond}</li>')
        annex_html = (f'<section aria-labelledby="doc-annexes"><h2 id="doc-annexes">Annexes</h2>'
                      f'<ul class="annexes">{"".join(annexes)}</ul></section>' if annexes else "")
        preamble = (f'<p>Recitals: {self.slot_link(ed, d.preamble, up)}.</p>' if d.preamble else "")
        body = f"""<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="{up}documents.html">Documents</a></li><li aria-current="page">{e(d.subject or d.id)}</li></ol></nav>
<h1>{e(d.subject or d.id)}</h1>
<p class="lead doc-title">{e(d.title)}</p>
<dl class="meta-list"><dt>Id</dt><dd><code>{e(d.id)}</code> (<code>document: {e(d.id)}</code>)</dd>
<dt>Form</dt><dd>{e(self.doc_form(d))}</dd><dt>Clauses</dt><dd>{len(ed.builder[d.id])} (annexed documents included)</dd>
<dt>Start a parameter file</dt><dd><code>agreement-kit init {e(d.id)} -o params.yaml</code>, or the <a href="{up}builder.html?document={e(d.id)}">builder</a></dd></dl>
<section aria-labelledby="doc-structure"><h2 id="doc-structure">Structure</h2>
{preamble}
{"".join(parts)}
</section>
{annex_html}
"""
        self.page(ed, f"{ed.lang}/documents/{d.id}.html", d.subject or d.id, body, current="documents")

    def instruments_page(self, ed: Edition) -> None:
        rows = "".join(
            f'<tr><th scope="row"><a href="instruments/{e(instrument_page(i.id))}.html">{e(i.id)}</a></th>'
            f'<td>{e(i.title)}</td><td>{e(i.body or "")}</td><td>{e(i.kind or "")}</td>'
            f'<td class="num">{len(i.cited_by)}</td></tr>' for i in ed.instruments.values())
        body = f"""<h1>Instruments</h1>
<p class="lead">The register of cited instruments (<code>sources.yaml</code>), with the options that cite each.</p>
<table class="data"><caption>{len(ed.instruments)} instruments</caption>
<thead><tr><th scope="col">Id</th><th scope="col">Title</th><th scope="col">Body</th><th scope="col">Kind</th><th scope="col">Options citing it</th></tr></thead>
<tbody>{rows}</tbody></table>
"""
        self.page(ed, f"{ed.lang}/instruments.html", "Instruments", body, current="instruments")

    def instrument_page(self, ed: Edition, inst: InstrumentEntry) -> None:
        up = "../"
        arts = []
        for a in inst.articles:
            cited = "".join(
                f'<li>{self.slot_link(ed, key, up)}: '
                f'<a href="{self.slot_href(ed, key, up, opt)}">{e(self.option_label(ed, key, opt))}</a> '
                f'{level_badge(self.option_level(ed, key, opt), " small")}</li>'
                for key, opt in a.cited_by)
            verified = "checked against the text" if a.verified else "not yet checked"
            arts.append(f'<tr id="{e(a.anchor)}"><th scope="row">{e(a.label)}</th><td>{e(a.summary)} '
                        f'<span class="{"verified" if a.verified else "unverified"}">({verified})</span></td>'
                        f'<td>{f"<ul class=plain>{cited}</ul>" if cited else "—"}</td></tr>')
        meta = [f"<dt>Title</dt><dd>{e(inst.title)}</dd>"]
        if inst.body:
            meta.append(f"<dt>Body</dt><dd>{e(inst.body)}</dd>")
        if inst.year:
            meta.append(f"<dt>Year</dt><dd>{e(inst.year)}</dd>")
        if inst.kind:
            meta.append(f"<dt>Kind</dt><dd>{e(inst.kind)}</dd>")
        if web_url(inst.url):
            meta.append(f'<dt>Official text</dt><dd><a href="{e(inst.url)}" rel="external">{e(inst.url)}</a></dd>')
        elif inst.url:  # not a web address (javascript:, a file path...): shown, never linked
            meta.append(f'<dt>Official text</dt><dd>{e(inst.url)}</dd>')
        by_slot: dict[str, list[str]] = {}
        for key, opt in inst.cited_by:
            by_slot.setdefault(key, []).append(opt)
        citing = "".join(
            f'<li>{self.slot_link(ed, key, up)}<ul>' + "".join(
                f'<li><a href="{self.slot_href(ed, key, up, opt)}">{e(self.option_label(ed, key, opt))}</a> '
                f'{level_badge(self.option_level(ed, key, opt), " small")}</li>' for opt in opts)
            + "</ul></li>" for key, opts in sorted(by_slot.items()))
        body = f"""<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="{up}instruments.html">Instruments</a></li><li aria-current="page">{e(inst.id)}</li></ol></nav>
<h1>{e(inst.id)}: {e(inst.title)}</h1>
<dl class="meta-list">{"".join(meta)}</dl>
<section aria-labelledby="inst-options"><h2 id="inst-options">Options that cite {e(inst.id)}</h2>
{f'<ul class="citing">{citing}</ul>' if citing else "<p>No option cites it.</p>"}
</section>
<section aria-labelledby="inst-articles"><h2 id="inst-articles">Articles in the register</h2>
<table class="data articles"><thead><tr><th scope="col">Article</th><th scope="col">Summary</th><th scope="col">Cited by</th></tr></thead>
<tbody>{"".join(arts)}</tbody></table>
</section>
"""
        self.page(ed, f"{ed.lang}/instruments/{instrument_page(inst.id)}.html", inst.id, body,
                  current="instruments")

    @staticmethod
    def option_label(ed: Edition, key: str, opt: str) -> str:
        slot = ed.slots.get(key)
        for o in slot.options if slot else []:
            if o.id == opt:
                return o.label
        return opt

    @staticmethod
    def option_level(ed: Edition, key: str, opt: str) -> str:
        slot = ed.slots.get(key)
        for o in slot.options if slot else []:
            if o.id == opt:
                return o.protection
        return ""

    def search_index(self, ed: Edition) -> None:
        slots = []
        for slot in ed.slots.values():
            slots.append({
                "k": slot.key, "u": f"slots/{slot.page}.html", "t": slot.title, "p": slot.purpose,
                "id": slot.id, "f": slot.family, "d": slot.documents,
                "o": [{"id": o.id, "l": o.label, "v": o.protection,
                       "i": sorted({c.instrument for c in o.citations}),
                       "x": " ".join([o.label, o.commentary, *(t for _, t in o.paragraphs),
                                      *(c.label for c in o.citations)])}
                      for o in slot.options]})
        text = ("/* generated by agreement-kit catalogue: the search index of this edition */\n"
                f"window.AK_SEARCH = {script_json({'lang': ed.lang, 'slots': slots})};\n")
        self.files[f"{ed.lang}/search-index.js"] = text.encode("utf-8")

    def builder_page(self, ed: Edition) -> None:
        data = {
            "lang": ed.lang, "languages": [o.lang for o in self.cat.editions],
            "version": self.cat.version,
            "levels": list(self.cat.levels), "levelWords": LEVEL_WORDS,
            "sectors": [[s, label] for s, label in ed.sectors],
            "documents": [{
                "id": d.id, "subject": d.subject or d.id, "form": self.doc_form(d),
                "slots": [self.builder_slot(ed, b.name, b.key) for b in ed.builder[d.id]]}
                for d in ed.documents.values()]}
        doc_opts = "".join(f'<option value="{e(d.id)}">{e(d.subject or d.id)}</option>'
                           for d in ed.documents.values())
        sectors = "".join(
            f'<li><label><input type="checkbox" name="sector" value="{e(s)}"> {e(label)}</label></li>'
            for s, label in ed.sectors)
        langs = "".join(
            f'<li><label><input type="checkbox" name="language" value="{e(o.lang)}"'
            f'{" checked" if o.lang == ed.lang else ""}> {e(o.language_name)}</label></li>'
            for o in self.cat.editions)

        def party(side: str, title: str) -> str:
            return f"""<fieldset class="party"><legend>{e(title)}</legend>
<div class="field"><label for="{side}-country">Country (full name) <span class="req">required</span></label><input id="{side}-country" name="{side}-country" required autocomplete="off"></div>
<div class="field"><label for="{side}-short">Short name</label><input id="{side}-short" name="{side}-short" autocomplete="off"></div>
<div class="field"><label for="{side}-authority">Competent authority</label><input id="{side}-authority" name="{side}-authority" autocomplete="off"></div>
</fieldset>"""

        body = f"""<h1>Parameter-file builder</h1>
<p class="lead">Choose a document, the parties and an option for each clause, then download the
parameter file that <code>agreement-kit validate</code> and <code>agreement-kit draft</code> accept.
Everything happens in this page; nothing is sent anywhere. Clauses you leave alone take the library default.</p>
<noscript><p class="warning">The builder needs JavaScript. Without it, start from <code>agreement-kit init DOCUMENT</code>.</p></noscript>
<form id="builder" class="builder" novalidate>
<fieldset><legend>Document</legend>
<div class="field wide"><label for="document">Document to draft</label><select id="document" name="document">{doc_opts}</select></div>
<fieldset class="inline"><legend>Languages</legend><ul class="checks">{langs}</ul></fieldset>
</fieldset>
<div class="two-col">{party("origin", "Country of origin")}{party("destination", "Country of destination")}</div>
<fieldset><legend>Scope</legend>
<fieldset class="inline"><legend>Sectors</legend><ul class="checks columns">{sectors}</ul></fieldset>
<div class="field"><label for="occupations">Occupations (separate with semicolons)</label><input id="occupations" name="occupations" autocomplete="off"></div>
<div class="field"><label for="annual_quota">Annual quota</label><input id="annual_quota" name="annual_quota" type="number" min="0" step="1" inputmode="numeric"></div>
<div class="field"><label for="duration_years">Duration in years</label><input id="duration_years" name="duration_years" type="number" min="1" max="99" step="1" inputmode="numeric"></div>
</fieldset>
<fieldset><legend>Draft</legend>
<div class="field"><label for="draft-version">Version</label><input id="draft-version" name="draft-version" value="0.1"></div>
<div class="field"><label for="draft-date">Date <span class="req">required</span></label><input id="draft-date" name="draft-date" type="date" required></div>
<div class="field"><label for="draft-status">Status</label><input id="draft-status" name="draft-status" value="Draft for negotiation"></div>
<div class="field"><label for="draft-place">Place of signature</label><input id="draft-place" name="draft-place"></div>
</fieldset>
<section aria-labelledby="clauses-heading" class="clauses">
<h2 id="clauses-heading">Clauses</h2>
<p class="help">Each clause shows its protection level as you choose. Positions (fallbacks, walk-away) are for negotiators and do not change the draft.</p>
<div id="clause-fields"></div>
</section>
</form>
<aside class="summary" aria-labelledby="summary-heading" id="summary">
<h2 id="summary-heading">Protection summary</h2>
<div id="summary-bar" class="summary-bar" role="img" aria-label="no clauses yet"></div>
<ul id="summary-counts" class="summary-counts"></ul>
<div id="below-floor" class="below-floor-list" hidden></div>
<h2 id="validity-heading">Parameter file</h2>
<div id="validity" role="status" aria-live="polite" class="validity"></div>
<ul id="errors" class="errors"></ul>
<p><a id="download" class="button" download="params.yaml" href="#" aria-disabled="true">Download params.yaml</a></p>
<label for="yaml-out">The file</label>
<textarea id="yaml-out" readonly rows="16" spellcheck="false"></textarea>
</aside>
<script type="application/json" id="ak-schema">{script_json(self.cat.schema)}</script>
<script type="application/json" id="ak-builder-data">{script_json(data)}</script>
"""
        self.page(ed, f"{ed.lang}/builder.html", "Parameter-file builder", body,
                  scripts=["validate.js", "builder.js"], current="builder")

    @staticmethod
    def builder_slot(ed: Edition, name: str, key: str) -> dict[str, Any]:
        slot = ed.slots[key]
        return {"name": name, "key": key, "title": slot.title, "url": f"slots/{slot.page}.html",
                "when": slot.condition, "default": slot.default,
                "options": [{"id": o.id, "label": o.label, "level": o.protection}
                            for o in slot.options],
                "params": [{"name": p.name, "type": p.type, "default": p.default,
                            "min": p.minimum, "max": p.maximum, "values": p.values,
                            "pattern": p.pattern, "description": p.description}
                           for p in slot.parameters]}

    # --- all -------------------------------------------------------------------------
    def render(self) -> dict[str, bytes]:
        for name in ASSETS:
            self.files[f"assets/{name}"] = template_path(f"catalogue/{name}").read_bytes()
        self.languages_page()
        for ed in self.cat.editions:
            self.index_page(ed)
            self.search_index(ed)
            self.documents_page(ed)
            self.instruments_page(ed)
            self.builder_page(ed)
            for slot in ed.slots.values():
                self.slot_page(ed, slot)
            for d in ed.documents.values():
                self.document_page(ed, d)
            for inst in ed.instruments.values():
                self.instrument_page(ed, inst)
        return dict(sorted(self.files.items()))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + " …"


def render_site(catalogue: Catalogue) -> dict[str, bytes]:
    """The site's files, {relative posix path: bytes}, sorted by path."""
    return Site(catalogue).render()
