"""Renderers: each turns a Draft into the bytes of one output format.

A new format is one module with one function that reads a Draft; register it in FORMATS.
Heavy libraries (python-docx, WeasyPrint) are imported only when their format is asked for.
"""

from __future__ import annotations

import json
from typing import Callable

from ..model.draft import Draft

FORMATS = ("docx", "pdf", "html", "md", "json")
EXTENSIONS = {"docx": "docx", "pdf": "pdf", "html": "html", "md": "md", "json": "json"}


def renderer(fmt: str, edition: str = "clean") -> Callable[[Draft], bytes]:
    """The function that renders format `fmt` in the given edition."""
    if edition == "annotated":
        from . import annotated
        return annotated.renderer(fmt)
    if fmt == "docx":
        from .docx import render_docx
        return render_docx
    if fmt == "pdf":
        from .pdf import render_pdf
        return render_pdf
    if fmt == "html":
        from .html import render_html
        return lambda d: render_html(d).encode("utf-8")
    if fmt == "md":
        from .text import render_markdown
        return lambda d: render_markdown(d).encode("utf-8")
    if fmt == "json":
        return lambda d: (json.dumps(d.to_dict(), indent=2, ensure_ascii=False) + "\n").encode()
    raise ValueError(fmt)
