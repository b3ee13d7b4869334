"""The annotated edition (``draft --edition annotated``), for internal circulation.

Each article carries the option drafted, its protection level, its sources ("C181:7(1)") and the
commentary for negotiators: in Word as a comment anchored on the article heading (author
"agreement-kit", dated the draft date, so the same draft gives the same bytes); in HTML and PDF
as a boxed note after the article; in Markdown as a quoted note. The JSON of a draft carries the
commentary only in the annotated edition. The clean edition has none of this.

An annotated file cannot be mistaken for the clean one: its status reads "INTERNAL ·
annotated edition · not for the other side", so the running header of every page, the title
page's status block and the file's properties say so, its keywords carry INTERNAL, and the
CLI names it ``NAME-internal.docx``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape
from typing import Callable

from ..model.draft import Article, Draft, Text
from ..model.pagination import Pagination
from ..model.protection import describe
from .house_style import DEFAULT, HouseStyle

INTERNAL_STATUS = "INTERNAL \u00b7 annotated edition \u00b7 not for the other side"
INTERNAL_SUFFIX = "-internal"  # of the file names the CLI writes
COMMENT_AUTHOR = "agreement-kit"
COMMENT_INITIALS = "AK"

NOTE_CSS = """
aside.note { border: 0.75pt solid #666; background: #f3f3f3; padding: 4pt 7pt; margin: 4pt 0 12pt;
  font: 9pt/1.35 "Noto Sans", "DejaVu Sans", sans-serif; color: #222; break-inside: avoid;
  page-break-inside: avoid; }
aside.note.below-floor { border: 1.5pt solid #a00; }
aside.note p { margin: 0 0 3pt; text-align: left; }
aside.note p.note-head { font-weight: bold; }
"""


def internal(draft: Draft) -> Draft:
    """The draft marked internal wherever its status shows (header, title page, properties)."""
    from dataclasses import replace

    return replace(draft, status=f"{INTERNAL_STATUS} \u00b7 {draft.status}",
                   keywords=draft.keywords + ["INTERNAL"])


def note_lines(art: Article) -> list[str]:
    """What the note on an article says: option and protection, sources, commentary."""
    lines = [f"Option {art.option} \u00b7 protection: {describe(art.protection)}",
             "Sources: " + ("; ".join(art.sources) or "none cited")]
    return lines + ([art.commentary] if art.commentary else [])


# --- Word ------------------------------------------------------------------------------------

def render_annotated_docx(draft: Draft, pages: Pagination | None = None,
                          house: HouseStyle = DEFAULT) -> bytes:
    """The Word draft with one comment per article, anchored on its heading."""
    from .docx import render_docx

    def comment(writer, container, art: Article) -> None:
        heading = _last_heading(container)
        writer.doc.add_comment(heading.runs, text="\n".join(note_lines(art)),
                               author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)

    when = datetime.fromisoformat(draft.date).replace(tzinfo=timezone.utc)

    def date_comments(doc) -> None:  # python-docx stamps the time of the run
        for c in doc.comments:
            c._comment_elm.date = when

    return render_docx(draft, template=house.docx, after_article=comment, finish=date_comments,
                       pages=pages)


def _last_heading(container):
    """The article heading just written: the last paragraph that holds a bookmark."""
    from docx.text.paragraph import Paragraph

    element = container.element.body.xpath("./w:p[w:bookmarkStart][last()]")[0]
    return Paragraph(element, container)


# --- HTML, PDF, Markdown ---------------------------------------------------------------------

def html_note(art: Article) -> str:
    head, sources, *rest = note_lines(art)
    cls = "note below-floor" if art.protection == "below-floor" else "note"
    body = "".join(f'<p class="note-commentary">{escape(t)}</p>' for t in rest)
    return (f'\n<aside class="{cls}"><p class="note-head">{escape(head)}</p>'
            f'<p class="note-sources">{escape(sources)}</p>{body}</aside>')


def render_annotated_html(draft: Draft, house: HouseStyle = DEFAULT) -> str:
    from .html import render_html
    return render_html(draft, after_article=html_note, extra_css=NOTE_CSS, house=house)


def md_note(art: Article) -> list[str]:
    from .text import md_runs

    head, *rest = note_lines(art)
    lines = [f"> **{md_runs([Text(head)])}**"]
    for text in rest:
        lines += [">", f"> {md_runs([Text(text)])}"]
    return lines + [""]


def render_annotated_pdf_pages(draft: Draft,
                               house: HouseStyle = DEFAULT) -> tuple[bytes, Pagination]:
    from .pdf import render_pdf_pages
    draft = internal(draft)
    return render_pdf_pages(draft, render_annotated_html(draft, house), house)


def renderer(fmt: str, pages: Pagination | None = None,
             house: HouseStyle = DEFAULT) -> Callable[[Draft], bytes]:
    """The function that renders format `fmt` in the annotated edition, marked internal."""
    if fmt == "docx":
        return lambda d: render_annotated_docx(internal(d), pages, house)
    if fmt == "pdf":
        return lambda d: render_annotated_pdf_pages(d, house)[0]
    if fmt == "html":
        return lambda d: render_annotated_html(internal(d), house).encode("utf-8")
    if fmt == "md":
        from .text import render_markdown
        return lambda d: render_markdown(internal(d), after_article=md_note).encode("utf-8")
    if fmt == "json":
        from . import draft_json
        return lambda d: draft_json(internal(d), internal=True)
    raise ValueError(fmt)
