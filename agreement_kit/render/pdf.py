"""PDF: the HTML page laid out by WeasyPrint.

Rendering fetches nothing from the network and no file outside the package's own templates
folder: every URL goes through :class:`PackageOnlyFetcher`, which refuses the rest and stops
the rendering. A wall-clock limit stops a pathological layout. The same Draft gives the same
bytes: dates come from the draft date and the PDF identifier from the page's content.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import UserError
from ..model.pagination import Pagination
from ..limits import time_limit
from ..resources import template_path

RENDER_SECONDS = 120


def fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class PackageOnlyFetcher(URLFetcher):
        """Allows data: URLs and files inside agreement_kit/templates/; refuses all else."""

        def __init__(self, root: Path | None = None):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                             fail_on_errors=True, timeout=5)
            self.root = (root or template_path("")).resolve()

        def fetch(self, url: str, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if path.is_relative_to(self.root) and path.is_file():
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(f"refused to fetch {url}: drafts may only use the "
                                        "package's own resources")

    return PackageOnlyFetcher


class RenderTimeout(UserError):
    pass


def html_to_pdf(html: str, *, seconds: float | None = None) -> bytes:
    """Lay out an HTML page as PDF bytes, with only package resources reachable."""
    return layout_pdf(html, seconds=seconds)[0]


def layout_pdf(html: str, *, seconds: float | None = None) -> tuple[bytes, Pagination]:
    """The PDF bytes of an HTML page and where its elements landed."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    fetcher = fetcher_class()()
    base = template_path("").resolve().as_uri() + "/"
    try:
        limit = RENDER_SECONDS if seconds is None else seconds
        with time_limit(limit, lambda: RenderTimeout(
                f"PDF rendering took longer than {limit} s and was stopped. Draft the other "
                "formats (-f docx,html) and report the parameter file if this keeps happening.")):
            document = HTML(string=html, base_url=base, url_fetcher=fetcher).render()
            pages = {anchor: number for number, page in enumerate(document.pages, 1)
                     for anchor in page.anchors}
            pdf = document.write_pdf(pdf_identifier=identifier, uncompressed_pdf=False)
            return pdf, Pagination(len(document.pages), pages)
    except FatalURLFetchingError as exc:
        raise UserError(f"PDF rendering stopped: {exc}") from None


def render_pdf(draft, html: str | None = None) -> bytes:
    return render_pdf_pages(draft, html)[0]


def render_pdf_pages(draft, html: str | None = None) -> tuple[bytes, Pagination]:
    """The PDF of a Draft and the page each heading lands on (for the DOCX contents)."""
    from .html import render_html
    return layout_pdf(html if html is not None else render_html(draft))
