"""HTML: one self-contained page, styled for print by one stylesheet.

The page embeds its CSS (``templates/draft.css``), so the HTML file opens anywhere and the PDF
renderer needs nothing outside the package. Paged-media rules give an A4 page with the draft
status in the running header, "Page X of Y" in the footer, article headings kept with their
first paragraph and a table of contents whose page numbers WeasyPrint fills in.
"""

from __future__ import annotations

import re
from html import escape
from typing import Callable, Iterable

from ..model.draft import Annex, Article, Blank, Draft, Inline, Paragraph, Ref, blank_text
from ..resources import template_path
from .house_style import DEFAULT, HouseStyle
from ..conventions import fmt_date

# Hooks for editions that add to each drafted clause, an article or an annex drawn from one
# slot (the annotated edition adds notes).
ArticleHook = Callable[[Article], str]


SIGNATURE_LINE = "_" * 30  # the line signed on, the same in every format

# the faces of each script, named in the house style (installed by the README's commands)
SCRIPT_FACES = {"ar": '"Noto Naskh Arabic", "Liberation Serif", serif',
                "zh": '"Noto Serif CJK SC", "Liberation Serif", serif'}
SANS_FACES = {"ar": '"Noto Sans Arabic", "Noto Naskh Arabic", "Liberation Sans", sans-serif',
              "zh": '"Noto Sans CJK SC", "Liberation Sans", sans-serif'}
# the rules of draft.css that set a line pitch
PITCHED = ("html", ".status-block p", "h1.doc-title", ".toc h2", "h2.part-heading",
           "h3.article-heading", "h2.annex-heading", "section.annex h3.doc-title")
# Hanging numbers right to left. WeasyPrint applies text-indent at the left end of a
# right-to-left line, so the label column is made by padding on the right with the number
# set in it: "1." at the margin and every line of the text 10 mm in, as Word sets them.
RTL_HANGING = (
    ".toc li, h3.article-heading, p.numbered, p.item { position: relative; text-indent: 0; } "
    ".toc li { padding: 0 28mm 0 0; } h3.article-heading { padding: 0 28mm 0 0; } "
    "p.numbered { padding: 0 10mm 0 0; } p.item { padding: 0 20mm 0 0; } "
    ".toc .toc-num, h3.article-heading .article-number, p.numbered .num "
    "{ position: absolute; top: 0; right: 0; } "
    "p.item .num { position: absolute; top: 0; right: 10mm; } "
    ".label-clause h3.article-heading { padding: 0 25mm 0 0; }")
# inside right-to-left text: a stretch of Latin letters or figures (a name, "USD 1,500.00",
# "C181") set apart so the bidirectional algorithm cannot reorder it with its neighbours
LATIN_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f.,:/'’()\- ]*"
                       r"[A-Za-z0-9\u00c0-\u024f.)]|[A-Za-z0-9]")


def isolate_latin(text: str) -> str:
    """Escaped HTML of a right-to-left text with each Latin stretch in its own <bdi>."""
    out, pos = [], 0
    for m in LATIN_RUN.finditer(text):
        out.append(escape(text[pos:m.start()]))
        out.append(f'<bdi dir="ltr">{escape(m.group(0))}</bdi>')
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


def language_css(draft: Draft) -> str:
    """What a language changes in the house style: its faces, the direction, the page
    footer's words, justification (Chinese is set flush, never letter-spaced)."""
    page_of = draft.word("page_of", "Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", page_of)
    content = " ".join("counter(page)" if p == "{page}" else "counter(pages)" if p == "{pages}"
                       else '"' + p.replace('"', '\\"') + '"' for p in parts if p)
    css = [f"@page {{ @bottom-center {{ content: {content}; }} }}"] if page_of != \
        "Page {page} of {pages}" else []
    lang = draft.language.split("-")[0]
    if lang in SCRIPT_FACES:
        css.append(f"html {{ font-family: {SCRIPT_FACES[lang]}; }}")
        # Word's "at least 14 pt" lines are as tall as the face's own line (Naskh: 1.7 em,
        # CJK: 1.44 em), taller than the pitch set for Latin text: the same here, so both
        # formats break pages alike
        css.append(f"{', '.join(PITCHED)} {{ line-height: normal; }}")
        css.append(f".running-header, .status-block p {{ font-family: {SANS_FACES[lang]}; }}")
        css.append(f"@page {{ @bottom-center {{ font-family: {SANS_FACES[lang]}; }} }}")
    if draft.direction == "rtl":
        css.append("html { direction: rtl; } .status-block p { text-align: left; } "
                   ".toc li, h3.article-heading, p.sig-heading, p.sig-line, p.sig-name, "
                   "p.sig-title { text-align: right; } "
                   "table.signatures td { padding: 0 0 0 6mm; } .status { text-transform: none; } "
                   + RTL_HANGING)
    if lang == "zh":
        css.append("p { text-align: left; hyphens: manual; line-break: strict; } "
                   ".status { text-transform: none; } "
                   # （一） is three ems wide: the item's label column widens to hold it
                   "p.item { padding-left: 23mm; text-indent: -13mm; } "
                   "p.item .num { width: 13mm; white-space: nowrap; }")
    return "\n".join(css) + ("\n" if css else "")


def stylesheet() -> str:
    return template_path("draft.css").read_text(encoding="utf-8")


class HtmlWriter:
    """Writes one Draft as HTML. `prefix` keeps ids unique in an annexed document."""

    def __init__(self, draft: Draft, prefix: str = "", after_article: ArticleHook | None = None):
        self.draft = draft
        self.text = isolate_latin if draft.direction == "rtl" else escape
        self.prefix = prefix
        self.after_article = after_article
        self.anchors = draft.anchors(prefix)

    # --- inline ------------------------------------------------------------------------
    def runs(self, runs: Iterable[Inline]) -> str:
        out = []
        for r in runs:
            if isinstance(r, Ref):
                href = self.anchors.get(r.target)
                text = self.text(r.text)
                out.append(f'<a class="xref" href="#{href}">{text}</a>' if href else text)
            elif isinstance(r, Blank):
                out.append(f'<span class="blank">{self.text(blank_text(r.label))}</span>')
            else:
                out.append(self.text(r.text))
        return "".join(out)

    def paragraph(self, p: Paragraph, cls: str = "para") -> str:
        kind = "item" if p.level else cls
        num = f'<span class="num">{escape(p.number)}</span>' if p.number else ""
        numbered = " numbered" if p.number else ""
        return f'<p class="{kind}{numbered}">{num}{self.runs(p.inlines)}</p>'

    def paragraphs(self, paras: Iterable[Paragraph], cls: str = "para") -> str:
        return "\n".join(self.paragraph(p, cls) for p in paras)

    # --- blocks ------------------------------------------------------------------------
    def article(self, art: Article) -> str:
        body = self.paragraphs(art.paragraphs)
        extra = self.after_article(art) if self.after_article else ""
        return (f'<section class="article" id="{self.prefix}{art.anchor}" '
                f'data-slot="{escape(art.slot)}" data-option="{escape(art.option)}">\n'
                f'<h3 class="article-heading"><span class="article-number">{escape(art.label)}'
                f'</span><span class="article-title">{escape(art.title)}</span></h3>\n'
                f'{body}{extra}\n</section>')

    def parts(self) -> str:
        out = []
        for part in self.draft.parts:
            head = ""
            if part.title:
                head = (f'<h2 class="part-heading"><span class="part-number">'
                        f'{escape(part.number or "")}</span><span class="part-title">'
                        f'{escape(part.title)}</span></h2>\n')
            out.append(f'<section class="part">\n{head}'
                       + "\n".join(self.article(a) for a in part.articles) + "\n</section>")
        return "\n".join(out)

    def signatures(self) -> str:
        """The signature blocks, two to a row: the headings in one table row, the lines,
        names and titles in the next, so the lines stand level however the headings wrap."""
        if not self.draft.signatures:
            return ""

        def signers(s) -> str:
            return "".join(
                f'<p class="sig-line"{gap}>{SIGNATURE_LINE}</p>'
                f'<p class="sig-name">{self.runs(name)}</p>'
                f'<p class="sig-title">{self.runs(title)}</p>'
                for i, (name, title) in enumerate(s.signers())
                for gap in [' style="margin-top: 14pt"' if i else ""])

        def rows(blocks, gap: str = "") -> str:
            empty = "<td></td>" * (len(blocks) == 1 and several)
            return ('<tr class="sig-headings">'
                    + "".join(f'<td{gap}><p class="sig-heading">{self.runs(s.heading)}</p></td>'
                              for s in blocks) + empty + "</tr>"
                    '<tr class="sig-signers">' + "".join(f"<td>{signers(s)}</td>" for s in blocks)
                    + empty + "</tr>")

        sigs = self.draft.signatures
        several = len(sigs) > 2
        if not several:
            return f'<table class="signatures">{rows(sigs)}</table>'
        # a multilateral instrument: two blocks to a row, no block split across pages
        gap = ' style="padding-top: 14pt"'  # between rows, as the DOCX's empty paragraph
        body = "".join(rows(sigs[i:i + 2], gap if i else "") for i in range(0, len(sigs), 2))
        return f'<table class="signatures signatures-several">{body}</table>'

    def annex(self, annex: Annex) -> str:
        inner = self.paragraphs(annex.paragraphs)
        if annex.slot and self.after_article:
            inner += self.after_article(annex)
        if annex.document is not None:
            sub = HtmlWriter(annex.document, f"{self.prefix}{annex.anchor}--", self.after_article)
            inner = sub.body(title_level="h3")
        return (f'<section class="annex" id="{self.prefix}{annex.anchor}">\n'
                f'<h2 class="annex-heading"><span class="annex-number">{escape(annex.number)}'
                f'</span><span class="annex-title">{escape(annex.title)}</span></h2>\n'
                f'{inner}\n</section>')

    def toc(self) -> str:
        """The contents: part titles, then each article and annex with its page number."""
        rows = []
        for part in self.draft.parts:
            if part.title:
                rows.append(f'<li class="toc-part">{escape(part.title)}</li>')
            for art in part.articles:
                rows.append(self.toc_entry(art.anchor, art.label, art.title))
        for annex in self.draft.annexes:
            rows.append(self.toc_entry(annex.anchor, annex.number, annex.title, "toc-annex"))
        heading = escape(self.draft.word("contents", "Contents"))
        return f'<nav class="toc"><h2>{heading}</h2><ol>' + "".join(rows) + "</ol></nav>"

    def toc_entry(self, anchor: str, number: str, title: str, cls: str = "") -> str:
        cls = f' class="{cls}"' if cls else ""
        return (f'<li{cls}><a href="#{self.prefix}{anchor}"><span class="toc-num">'
                f'{escape(number)}</span>{escape(title)}</a></li>')

    def body(self, title_level: str | None = None, toc: bool = False) -> str:
        """The document from its opening words to its last annex; `title_level` adds the
        title as a heading (an annexed document), `toc` the contents page before the text."""
        d = self.draft
        parts = []
        if title_level:
            parts.append(f'<{title_level} class="doc-title">{escape(d.title)}</{title_level}>')
        if toc:
            parts.append(self.toc())
        parts.append(self.paragraphs(d.opening, "opening"))
        if d.preamble:
            parts.append('<div class="preamble">' + self.paragraphs(d.preamble, "recital")
                         + "</div>")
        parts.append(self.paragraphs(d.agreed, "agreed"))
        parts.append(self.parts())
        parts.append('<div class="closing-and-signatures"><div class="closing">'
                     + self.paragraphs(d.closing, "closing") + "</div>"
                     + self.signatures() + "</div>")
        parts.extend(self.annex(a) for a in d.annexes)
        return (f'<div class="document kind-{escape(d.kind)}">'
                + "\n".join(p for p in parts if p) + "</div>")


def running_header(draft: Draft) -> str:
    return f"{draft.status} \u00b7 {version_words(draft)}"


def version_words(draft: Draft) -> str:
    """ "Version 0.2 · 4 December 2026", in the draft's language."""
    return (f"{draft.word('version', 'Version')} {draft.version} \u00b7 "
            f"{fmt_date_iso(draft.date, draft.language)}")


def fmt_date_iso(iso: str, lang: str = "en") -> str:
    from datetime import date
    return fmt_date(date.fromisoformat(iso), lang)


def page(draft: Draft, body: str, extra_css: str = "", house: HouseStyle = DEFAULT) -> str:
    """A whole HTML document around `body`, with metadata the PDF carries over."""
    keywords = ", ".join(draft.keywords + [draft.document, draft.status])
    prov = draft.provenance
    meta = [
        '<meta charset="utf-8">',
        f"<title>{escape(draft.title)}</title>",
        f'<meta name="description" content="{escape(draft.subject)}">',
        f'<meta name="keywords" content="{escape(keywords)}">',
        f'<meta name="generator" content="agreement-kit {escape(prov.tool_version if prov else "")}">',
        f'<meta name="dcterms.created" content="{draft.date}">',
        f'<meta name="dcterms.modified" content="{draft.date}">',
    ]
    if prov:
        meta.append(f'<meta name="agreement-kit.parameters-hash" content="{prov.parameters_hash}">')
        meta.append(f'<meta name="agreement-kit.library" content="{escape(prov.library_version)} '
                    f'{prov.library_digest}">')
    if draft.translation:
        meta.append(f'<meta name="agreement-kit.translation" content="{escape(draft.translation)}">')
    direction = ' dir="rtl"' if draft.direction == "rtl" else ""
    return (f'<!DOCTYPE html>\n<html lang="{escape(draft.language)}"{direction}>\n<head>\n'
            + "\n".join(meta)
            + f"\n<style>\n{stylesheet()}{language_css(draft)}{extra_css}{house.css}</style>\n"
            "</head>\n<body>\n"
            f'<div class="running-header">{escape(running_header(draft))}</div>\n'
            f"{body}\n</body>\n</html>\n")


def status_block(draft: Draft) -> str:
    """The draft's status and version, top right of its first page."""
    return (f'<div class="status-block"><p class="status">{escape(draft.status)}</p>'
            f'<p class="version">{escape(version_words(draft))}</p></div>\n')


def title_page(draft: Draft) -> str:
    """The first page: status block and title, unnumbered."""
    return (f'<div class="title-page">{status_block(draft)}'
            f'<h1 class="doc-title">{escape(draft.title)}</h1></div>\n')


def render_html(draft: Draft, after_article: ArticleHook | None = None,
                extra_css: str = "", house: HouseStyle = DEFAULT) -> str:
    """The Draft as a self-contained HTML page (in `house`'s style when given)."""
    writer = HtmlWriter(draft, after_article=after_article)
    return page(draft, title_page(draft) + writer.body(toc=True), extra_css, house)
