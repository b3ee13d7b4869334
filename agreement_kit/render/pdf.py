"""PDF: the HTML page laid out by WeasyPrint, as an archival and accessible PDF.

Every PDF is PDF/A-3b (for archives) and tagged for PDF/UA-1 (headings, paragraphs, lists
and tables in the structure tree, the document language and title), and a draft's PDF
carries its parameter file as an associated file (``parameters.yaml``, relationship
Source), so a PDF sent years ago can be re-opened as parameters: ``agreement-kit
params-from DRAFT.pdf``.

Rendering fetches nothing from the network and no file outside the package's own templates
folder: every URL goes through :class:`PackageOnlyFetcher`, which refuses the rest and stops
the rendering. A wall-clock limit stops a pathological layout. The same Draft gives the same
bytes: dates come from the draft date and the PDF identifier from the page's content.
"""

from __future__ import annotations

import gc
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import UserError
from ..model.pagination import Pagination
from ..limits import time_limit
from ..resources import template_path
from .house_style import DEFAULT, HouseStyle

RENDER_SECONDS = 120


@cache
def import_weasyprint():
    """WeasyPrint, imported with its C libraries found in the loader's cache.

    WeasyPrint opens each library under several names, Windows's and macOS's first. On Linux
    every name that is not there sends cffi to ``ctypes.util.find_library``, which runs
    ldconfig, then gcc, then ld, to conclude it is not there either (WeasyPrint issue 1125):
    fifteen misses, 0.3 s at the head of every PDF. While WeasyPrint imports, a name is looked
    up in ldconfig's listing only. The names that succeed are its sonames, which the loader
    opens directly, so the same libraries are loaded."""
    import ctypes.util
    import sys

    original = ctypes.util.find_library
    in_cache = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if sys.platform.startswith("linux") and in_cache is not None \
            and Path("/sbin/ldconfig").exists():
        ctypes.util.find_library = in_cache
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint


def fetcher_class():
    import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class PackageOnlyFetcher(URLFetcher):
        """Allows data: URLs and files inside agreement_kit/templates/; refuses all else."""

        def __init__(self, roots: tuple[Path, ...] | None = None):
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False,
                             fail_on_errors=True, timeout=5)
            self.roots = tuple(r.resolve() for r in (roots or (template_path(""),)))

        def fetch(self, url: str, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlparse(url).path)).resolve()
                if any(path.is_relative_to(r) for r in self.roots) and path.is_file():
                    return super().fetch(url, headers)
            raise FatalURLFetchingError(f"refused to fetch {url}: drafts may only use the "
                                        "package's own resources")

    return PackageOnlyFetcher


# The user-agent stylesheet's rules that give every element of the page a ::marker, a
# ::footnote-call, a ::footnote-marker, a ::note-call, a ::note-marker and a ::note-callback
# style. WeasyPrint computes each of them for each element, although only list items draw a
# marker and only footnotes and notes a call: six styles per element for nothing, a third of
# the memory of a long draft's layout.
_UA_MARKER = "::marker {"
_UA_NOTES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", re.M)
# a page whose styles could make another element a list item, a footnote or a note keeps them
_NEEDS_WHOLE_UA = re.compile(r"list-item|footnote|note\(")


@cache
def lean_html_class():
    """WeasyPrint's HTML with those rules narrowed to the elements they can apply to (li and
    summary markers), or WeasyPrint's own class if its stylesheet no longer has them in
    the form we know. The pages are the same; the tests compare the bytes."""
    import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint import html as whtml

    ua = whtml.UA
    lean = _UA_NOTES.sub("", ua.replace(_UA_MARKER, "li::marker, summary::marker {", 1))
    if _UA_MARKER not in ua or len(_UA_NOTES.findall(ua)) != 5 \
            or not hasattr(HTML, "_ua_stylesheets"):
        return HTML
    sheet = CSS(string=lean, counter_style=whtml.UA_COUNTER_STYLE)

    class LeanHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, *super()._ua_stylesheets(forms)[1:]]

    return LeanHTML


def html_class(html: str):
    """The HTML class to lay out this page with: the lean one unless its own styles make
    list items, footnotes or notes of other elements."""
    import_weasyprint()
    from weasyprint import HTML
    return HTML if _NEEDS_WHOLE_UA.search(html) else lean_html_class()


@contextmanager
def gc_paused():
    """Python's cycle collector held off while a PDF is laid out and drawn. Layout makes
    hundreds of thousands of long-lived objects (boxes, styles) and few cycles; each full
    collection walks all of them, so a 280-page draft spent a fifth of its time there, and
    the share grew with the length."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def page_references_remembered():
    """pydyf's list of page references built once per page count while a PDF is written.

    pydyf builds ``PDF.page_references`` afresh, from every page, on each use, and WeasyPrint
    uses it once per element of the PDF's structure tree (the tags of PDF/UA) and per link:
    work that grows with elements x pages, 17 million steps and a third of the writing time
    for 400 pages. The memo is renewed when a page is added, so every use sees what pydyf
    would give; the bytes are the same."""
    import pydyf

    built = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(built, property) or built.fget is None:
        yield
        return

    def remembered(pdf):
        kids = pdf.pages["Kids"]
        memo = pdf.__dict__.get("_page_references_memo")
        if memo is None or memo[0] is not kids or memo[1] != len(kids):
            memo = (kids, len(kids), built.fget(pdf))
            pdf.__dict__["_page_references_memo"] = memo
        return memo[2]

    pydyf.PDF.page_references = property(remembered, doc=built.__doc__)
    try:
        yield
    finally:
        pydyf.PDF.page_references = built


class RenderTimeout(UserError):
    pass


PARAMETERS_NAME = "parameters.yaml"  # the embedded parameter file of a draft's PDF


@dataclass(frozen=True)
class Embedded:
    """A file carried inside the PDF (PDF/A-3 associated file)."""

    name: str
    text: str
    description: str
    date: str  # ISO date: its created and modified stamps


def html_to_pdf(html: str, *, seconds: float | None = None,
                house: HouseStyle = DEFAULT) -> bytes:
    """Lay out an HTML page as PDF bytes, with only package resources reachable."""
    return layout_pdf(html, seconds=seconds, house=house)[0]


def pdf_options(embedded: list[Embedded]) -> dict:
    """PDF/A-3b, tagged and declared PDF/UA-1, with `embedded` as associated files."""
    from datetime import datetime, timezone

    import_weasyprint()
    from weasyprint import Attachment

    attachments = []
    for e in embedded:
        when = datetime.fromisoformat(e.date).replace(tzinfo=timezone.utc)
        attachments.append(Attachment(string=e.text, name=e.name, description=e.description,
                                      created=when, modified=when, relationship="Source"))
    return {"pdf_variant": "pdf/a-3b", "pdf_tags": True, "attachments": attachments}


# PDF/UA-1's identification, added to the XMP packet WeasyPrint writes for PDF/A (given as
# bytes: WeasyPrint's own xmp_metadata option would fetch a URL past our fetcher)
PDFUA_XMP = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
             b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
             b'pdfuaid:part="1"/></rdf:RDF>')


def layout_pdf(html: str, *, seconds: float | None = None, embedded: list[Embedded] = (),
               house: HouseStyle = DEFAULT) -> tuple[bytes, Pagination]:
    """The PDF bytes of an HTML page and where its elements landed."""
    import logging

    import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    fetcher = fetcher_class()(house.roots)
    base = house.roots[-1].as_uri() + "/"  # a house style's url()s name its own folder
    try:
        limit = RENDER_SECONDS if seconds is None else seconds
        with time_limit(limit, lambda: RenderTimeout(
                f"PDF rendering took longer than {limit} s and was stopped. Draft the other "
                "formats (-f docx,html) and report the parameter file if this keeps happening.")
                ), gc_paused(), page_references_remembered():
            options = pdf_options(list(embedded))
            page = html_class(html)(string=html, base_url=base, url_fetcher=fetcher)
            document = page.render(**options)
            document.metadata.xmp_metadata.append(PDFUA_XMP)
            pages: dict[str, int] = {}
            for number, page in enumerate(document.pages, 1):
                for anchor in page.anchors:  # a section that runs on is listed on each page:
                    pages.setdefault(anchor, number)  # it starts on the first
            pdf = document.write_pdf(pdf_identifier=identifier, uncompressed_pdf=False,
                                     **options)
            return pdf, Pagination(len(document.pages), pages)
    except FatalURLFetchingError as exc:
        raise UserError(f"PDF rendering stopped: {exc}") from None


# the Debian packages that install each script's face (see scripts/debian-packages.txt)
FACE_PACKAGES = {"Noto Naskh Arabic": "fonts-noto-core", "Noto Serif CJK SC": "fonts-noto-cjk"}
_FACES_FOUND: dict[str, bool] = {}


def require_faces(languages) -> None:
    """Refuse, with the package to install, to lay out a language whose face is missing:
    the PDF would show empty boxes where its letters go. (Without fontconfig's fc-match the
    check is left to the eye.)"""
    import shutil
    import subprocess

    from .html import SCRIPT_FACES

    matcher = shutil.which("fc-match")
    for lang in languages:
        face = SCRIPT_FACES.get(lang.split("-")[0], "").split(",")[0].strip('" ')
        if not face or matcher is None:
            continue
        if face not in _FACES_FOUND:
            found = subprocess.run([matcher, "-f", "%{family}", face], capture_output=True,
                                   text=True, timeout=20).stdout
            _FACES_FOUND[face] = face in found.split(",")
        if not _FACES_FOUND[face]:
            raise UserError(f"the {face} font, which the house style names for '{lang}' text, "
                            "is not installed, so the PDF would show empty boxes. Install it "
                            f"(Debian: apt-get install {FACE_PACKAGES.get(face, 'fonts-noto')}) "
                            "or draft -f docx only.")


def render_pdf(draft, html: str | None = None, house: HouseStyle = DEFAULT) -> bytes:
    return render_pdf_pages(draft, html, house)[0]


def render_pdf_pages(draft, html: str | None = None,
                     house: HouseStyle = DEFAULT) -> tuple[bytes, Pagination]:
    """The PDF of a Draft and the page each heading lands on (for the DOCX contents)."""
    from .html import render_html
    require_faces([draft.language])
    return layout_pdf(html if html is not None else render_html(draft, house=house),
                      embedded=parameters_of(draft), house=house)


def parameters_of(draft) -> list[Embedded]:
    """The draft's parameter file, to travel inside its PDF."""
    prov = draft.provenance
    if prov is None or not prov.parameters_source:
        return []
    return [Embedded(PARAMETERS_NAME, prov.parameters_source,
                     "The negotiation parameters this draft was made from "
                     "(agreement-kit params-from FILE.pdf writes them out)", draft.date)]
