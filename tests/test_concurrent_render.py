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


def test_pdf_worker_started_early_gives_the_same_bytes(cli, tmp_path, fixture_args, monkeypatch):
    """`draft -f docx,pdf` lays out the PDF in a process forked before the parameters are
    read; the files are those of a run that does everything in one process."""
    from conftest import FIX_PARAMS
    from agreement_kit.render import concurrent as conc

    if not conc._forkable():
        pytest.skip("needs fork and a second core")
    used = []
    real = conc.RenderWorker.result
    monkeypatch.setattr(conc.RenderWorker, "result", lambda self: used.append(1) or real(self))
    r = cli("draft", FIX_PARAMS, "-o", tmp_path / "a", "-f", "docx,pdf,md", *fixture_args)
    assert r.exit_code == 0, r.output
    assert used == [1]
    monkeypatch.setattr(render, "CONCURRENT", False)
    r = cli("draft", FIX_PARAMS, "-o", tmp_path / "b", "-f", "docx,pdf,md", *fixture_args)
    assert r.exit_code == 0, r.output
    for name in ("params-care.docx", "params-care.pdf", "params-care.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_pdf_worker_reports_a_user_error_as_its_own(cli, tmp_path, fixture_args, monkeypatch):
    from conftest import FIX_PARAMS
    from agreement_kit.render import pdf

    monkeypatch.setattr(pdf, "RENDER_SECONDS", 0.001)  # the forked worker inherits it
    r = cli("draft", FIX_PARAMS, "-o", tmp_path, "-f", "docx,pdf", *fixture_args)
    assert r.exit_code == 1
    assert "PDF rendering took longer than 0.001 s and was stopped" in r.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["brief", "compare"])
def test_brief_and_redline_pdf_laid_out_by_the_early_worker(cli, tmp_path, fixture_args,
                                                            monkeypatch, command):
    """`brief` and `compare` start the PDF's process (WeasyPrint imported meanwhile) before
    reading the parameters and send it the HTML; the DOCX is built here meanwhile. The bytes
    are those of a run that does everything in one process, and of each format alone."""
    if not concurrent._forkable():
        pytest.skip("needs fork and a second core")
    from conftest import FIX_PARAMS
    args = [str(FIX_PARAMS)] if command == "brief" else [str(FIX_PARAMS), str(FIX_PARAMS)]
    laid_out = []
    real = concurrent.RenderWorker.result
    monkeypatch.setattr(concurrent.RenderWorker, "result", lambda w: laid_out.append(1) or real(w))
    both = cli(command, *args, "-o", str(tmp_path / "both"), "-f", "docx,pdf", *fixture_args)
    assert both.exit_code == 0, both.output
    assert laid_out == [1], "the PDF came from the worker"
    names = sorted(p.name for p in (tmp_path / "both").iterdir())
    monkeypatch.setattr(render, "CONCURRENT", False)
    one = cli(command, *args, "-o", str(tmp_path / "one"), "-f", "docx,pdf", *fixture_args)
    assert one.exit_code == 0, one.output
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "both" / name).read_bytes()
    if command == "brief":
        for fmt in ("docx", "pdf"):
            alone = cli(command, *args, "-o", str(tmp_path / fmt), "-f", fmt, *fixture_args)
            assert alone.exit_code == 0, alone.output
            (a,) = (tmp_path / fmt).iterdir()
            assert a.read_bytes() == (tmp_path / "both" / a.name).read_bytes()


def test_a_whole_draft_goes_to_the_worker_without_waiting(care_draft):
    """The pipe to the PDF worker holds a pickled Draft of the largest example, so sending
    it does not wait for the worker (still importing WeasyPrint) to start reading; the
    worker then lays it out."""
    import fcntl
    import pickle

    from conftest import EXAMPLES
    from agreement_kit.assemble.pipeline import build_drafts

    if not concurrent._forkable() or not hasattr(fcntl, "F_GETPIPE_SZ"):
        pytest.skip("needs fork, a second core and Linux pipes")
    largest = build_drafts(EXAMPLES / "bla-philippines-germany-care.yaml")[0]
    worker = concurrent.RenderWorker.start("pdf", "clean")
    try:
        room = fcntl.fcntl(worker.to_child, fcntl.F_GETPIPE_SZ)
        assert room >= len(pickle.dumps(("draft", largest), protocol=pickle.HIGHEST_PROTOCOL))
        assert worker.submit(("draft", care_draft))
        pdf, pages = worker.result()
        assert pdf.startswith(b"%PDF") and pages.count >= 1
    finally:
        worker.close()


def test_docx_worker_started_early_gives_the_same_bytes(cli, tmp_path, monkeypatch):
    """`draft -f docx` (no PDF) builds the DOCX in a process forked first thing, which has
    imported python-docx and opened the house template meanwhile, and opens it again for a
    file's next language: the files are those of a run in one process."""
    from conftest import EXAMPLES
    from agreement_kit.render import concurrent as conc

    if not conc._forkable():
        pytest.skip("needs fork and a second core")
    served, sent = [], []
    real, real_submit = conc.RenderWorker.result, conc.RenderWorker.submit
    monkeypatch.setattr(conc.RenderWorker, "result",
                        lambda self: served.append(self.fmt) or real(self))

    def submit(self, job, ahead=False):
        before = self.sent
        ok = real_submit(self, job, ahead)
        sent.append((ahead, self.sent - before))
        return ok
    monkeypatch.setattr(conc.RenderWorker, "submit", submit)
    params = EXAMPLES / "bla-philippines-saudi-arabia-en-ar.yaml"  # English and Arabic
    r = cli("draft", params, "-o", tmp_path / "a", "-f", "docx,md")
    assert r.exit_code == 0, r.output
    assert served == ["docx", "docx"]
    # both Drafts went to the worker as soon as they were assembled (ahead of the checks);
    # the renderer's own submissions then sent nothing again
    assert sent == [(True, 1), (True, 1), (False, 0), (False, 0)]
    monkeypatch.setattr(render, "CONCURRENT", False)
    r = cli("draft", params, "-o", tmp_path / "b", "-f", "docx,md")
    assert r.exit_code == 0, r.output
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir()) and len(names) == 4
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
