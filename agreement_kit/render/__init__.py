"""Renderers: each turns a Draft into the bytes of one output format.

A new format is one module with one function that reads a Draft; register it in FORMATS.
Heavy libraries (python-docx, WeasyPrint) are imported only when their format is asked for.
"""

from __future__ import annotations

import json
from typing import Callable

from ..model.draft import Draft
from ..model.pagination import Pagination
from .house_style import DEFAULT, HouseStyle

FORMATS = ("docx", "pdf", "html", "md", "json")
EXTENSIONS = {"docx": "docx", "pdf": "pdf", "html": "html", "md": "md", "json": "json"}


CONCURRENT = True  # a batch worker turns it off: its pool already keeps the cores busy


def render_all(draft: Draft, fmts: list[str], edition: str = "clean",
               starting: Callable[[str], None] | None = None,
               house: HouseStyle = DEFAULT, worker=None) -> dict[str, bytes]:
    """Every asked-for format of one Draft. The PDF is laid out first, so a DOCX of the same
    run shows the PDF's page numbers in its contents; `starting(fmt)` is told each format
    before it is rendered (a progress display); `house` is the house style to use.

    With both DOCX and PDF and a second core, the DOCX is built meanwhile in a forked process
    with placeholders where the page numbers go, and they are filled in from the PDF's
    layout afterwards (:mod:`.concurrent`): the same bytes, in the time of the PDF alone.
    `worker` is a process the command started early (concurrent.early_worker) for the PDF,
    or for the DOCX when there is no PDF; it renders that format while this one renders
    the others."""
    out: dict[str, bytes] = {}
    pages: Pagination | None = None
    job = worker_job(worker, draft, fmts)
    pdf_worker = worker if job is not None and worker.fmt == "pdf" else None
    docx_worker = worker if job is not None and worker.fmt == "docx" and worker.submit(job) \
        else None
    if docx_worker is not None and starting:
        starting("docx")  # while it is built there, the other formats render here
    if "pdf" in fmts:
        from .concurrent import pdf_and_docx
        from .pdf import require_faces
        require_faces([draft.language])
        placeholder = (lambda: renderer("docx", edition, pages_placeholder(), house)(draft)) \
            if "docx" in fmts else None
        out["pdf"], pages, docx = pdf_and_docx(
            lambda: pdf_with_pages(edition)(draft, house=house), placeholder,
            worker=pdf_worker, job=("draft", draft), fork=CONCURRENT,
            starting=starting or (lambda fmt: None))
        if docx is not None:
            out["docx"] = docx
    for fmt in fmts:
        if fmt not in out and not (fmt == "docx" and docx_worker is not None):
            if starting:
                starting(fmt)
            out[fmt] = renderer(fmt, edition, pages, house)(draft)
    if docx_worker is not None:
        data = docx_worker.result()
        out["docx"] = data if data is not None else renderer("docx", edition, None, house)(draft)
    return {fmt: out[fmt] for fmt in fmts}


def worker_job(worker, draft: Draft, fmts: list[str]) -> tuple | None:
    """The job an early worker (concurrent.early_worker) does for `draft` in `fmts`: its PDF,
    or its DOCX when no PDF is asked for; None when it has none."""
    if worker is None:
        return None
    if worker.fmt == "pdf" and "pdf" in fmts:
        return ("draft", draft)
    if worker.fmt == "docx" and "docx" in fmts and "pdf" not in fmts:
        return ("docx", draft)
    return None


def hand_over(worker, drafts: list[Draft], fmts: list[str]) -> None:
    """Send the early worker each Draft's job as soon as the Drafts are assembled, so that
    it renders while this process runs the checks; render_all takes the results in turn
    (and, should the checks refuse, the command stops the worker)."""
    for draft in drafts:
        job = worker_job(worker, draft, fmts)
        if job is not None:
            worker.submit(job, ahead=True)


def pages_placeholder():
    from .concurrent import PLACEHOLDER_PAGES
    return PLACEHOLDER_PAGES


def pdf_with_pages(edition: str = "clean") -> Callable[..., tuple[bytes, Pagination]]:
    if edition == "annotated":
        from . import annotated
        return annotated.render_annotated_pdf_pages
    from .pdf import render_pdf_pages
    return render_pdf_pages


def renderer(fmt: str, edition: str = "clean", pages: Pagination | None = None,
             house: HouseStyle = DEFAULT) -> Callable[[Draft], bytes]:
    """The function that renders format `fmt` in the given edition and house style; `pages`
    fills in the page numbers of a DOCX's contents."""
    if edition == "annotated":
        from . import annotated
        return annotated.renderer(fmt, pages, house)
    if fmt == "docx":
        from .docx import render_docx
        return lambda d: render_docx(d, template=house.docx, pages=pages)
    if fmt == "pdf":
        from .pdf import render_pdf
        return lambda d: render_pdf(d, house=house)
    if fmt == "html":
        from .html import render_html
        return lambda d: render_html(d, house=house).encode("utf-8")
    if fmt == "md":
        from .text import render_markdown
        return lambda d: render_markdown(d).encode("utf-8")
    if fmt == "json":
        return draft_json
    raise ValueError(fmt)


def draft_json(draft: Draft, internal: bool = False) -> bytes:
    """The Draft as JSON; `internal` (the annotated edition) keeps the commentary. A date
    among the parameters (a per-Party phase-in date) is written YYYY-MM-DD."""
    return (json.dumps(draft.to_dict(internal), indent=2, ensure_ascii=False, default=_iso)
            + "\n").encode()


def _iso(value):
    from datetime import date
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
