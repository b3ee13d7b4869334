"""DOCX and PDF drafted together: the DOCX built in a forked process meanwhile, the PDF's page
numbers filled in after; the bytes are those of rendering one after the other."""

from __future__ import annotations

import pytest

import agreement_kit.render as render
from agreement_kit.render import concurrent


@pytest.mark.parametrize("edition", ["clean", "annotated"])
def test_concurrent_docx_is_byte_identical(care_draft, monkeypatch, edition):
    if not concurrent._forkable():
        pytest.skip("needs fork and a second core")
    filled = []
    real = concurrent.fill_pages
    monkeypatch.setattr(concurrent, "fill_pages", lambda *a: filled.append(1) or real(*a))
    monkeypatch.setattr(render, "CONCURRENT", True)
    together = render.render_all(care_draft, ["docx", "pdf"], edition)
    assert filled == [1], "the DOCX came from the forked process"
    monkeypatch.setattr(render, "CONCURRENT", False)
    apart = render.render_all(care_draft, ["docx", "pdf"], edition)
    assert together["docx"] == apart["docx"] and together["pdf"] == apart["pdf"]
    assert b"\xee\x83\xb0" not in together["docx"]  # no placeholder (U+E0F0) left


def test_page_numbers_are_the_pdfs(care_draft, monkeypatch):
    """An anchor the PDF has no page for loses its PAGEREF result, as in the direct path."""
    from agreement_kit.model.pagination import Pagination
    from agreement_kit.render.docx import render_docx

    data = render_docx(care_draft, pages=concurrent.PLACEHOLDER_PAGES)
    pages = Pagination(7, {})
    assert concurrent.fill_pages(data, pages) == render_docx(care_draft, pages=pages)
    full = render.render_all(care_draft, ["pdf"])  # the real pages
    assert full["pdf"]


def test_failed_child_falls_back(care_draft, monkeypatch):
    if not concurrent._forkable():
        pytest.skip("needs fork and a second core")
    monkeypatch.setattr(render, "CONCURRENT", True)
    monkeypatch.setattr(render, "pages_placeholder", lambda: object())  # the child fails
    out = render.render_all(care_draft, ["docx", "pdf"])
    monkeypatch.setattr(render, "CONCURRENT", False)
    assert out == render.render_all(care_draft, ["docx", "pdf"])
