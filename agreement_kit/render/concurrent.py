"""The DOCX built while the PDF is laid out, with the PDF's page numbers filled in after.

When a run drafts both formats, the DOCX's contents show the page numbers of the PDF's
layout, so the DOCX used to wait for the PDF. Instead, on a machine with a second core, a
forked process builds the DOCX with a placeholder wherever a page number goes (each TOC
entry's PAGEREF result and the page count in docProps/app.xml); when the PDF is done, the
placeholders are replaced by the numbers and the package is repacked by the same
:func:`~.docx_package.deterministic_zip`. Replacing a placeholder by digits gives exactly
the XML the DOCX renderer writes for those digits, and an entry without a page loses its
run, as the renderer leaves it out: the bytes are those of the sequential path (tested).

Anything unexpected (no fork on this platform, one core, threads running, the child failing,
a placeholder left over) returns None, and the caller renders the DOCX the old way.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
import zipfile
from contextlib import contextmanager
from io import BytesIO
from typing import Callable

from ..model.pagination import Pagination
from .docx_package import deterministic_zip

START, END, COUNT = "\ue0f0", "\ue0f1", "\ue0f2"
_RUN = re.compile(re.escape('<w:r><w:t xml:space="preserve">') + START + "([^" + START + END
                  + "<]*)" + END + re.escape("</w:t></w:r>"))


class PlaceholderPages:
    """Stands in for a Pagination while the PDF is not laid out yet."""

    count = COUNT
    pages: dict = {}

    def page_of(self, anchor: str) -> str:
        return START + anchor + END


PLACEHOLDER_PAGES = PlaceholderPages()


def _forkable() -> bool:
    if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover
        cores = os.cpu_count() or 1
    return cores >= 2 and threading.active_count() == 1


class DocxJob:
    def __init__(self, pid: int, fd: int):
        self.pid, self.fd = pid, fd

    def raw(self) -> bytes | None:
        """The child's bytes as it made them, or None (then make them in this process)."""
        try:
            with os.fdopen(self.fd, "rb") as fh:
                payload = fh.read()
        finally:
            os.waitpid(self.pid, 0)
        return payload[2:] if payload.startswith(b"ok") else None

    def result(self, pages: Pagination) -> bytes | None:
        """The finished DOCX, or None (then render it in this process)."""
        data = self.raw()
        return None if data is None else fill_pages(data, pages)

    def cancel(self) -> None:
        _end_child(self.pid, (self.fd,))


def _end_child(pid: int, fds: tuple[int, ...]) -> None:
    """Stop a forked child for good: kill it, close our ends of its pipes, reap it."""
    for step in [lambda: os.kill(pid, signal.SIGKILL)] + [
            (lambda fd=fd: os.close(fd)) for fd in fds] + [lambda: os.waitpid(pid, 0)]:
        try:
            step()
        except OSError:
            pass


def start_job(compute: Callable[[], bytes]) -> DocxJob | None:
    """Start `compute()` (a renderer's bytes) in a forked process, so it runs beside the PDF's
    layout on the second core; None when it cannot be (then compute it here)."""
    if not _forkable():
        return None
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: build, send, leave without running the parent's exit handlers
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            try:
                payload = b"ok" + compute()
            except BaseException:  # noqa: BLE001 - the parent renders it again and reports
                payload = b"no"
            with os.fdopen(write_fd, "wb") as fh:
                fh.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    return DocxJob(pid, read_fd)


def fill_pages(data: bytes, pages: Pagination) -> bytes | None:
    """The DOCX with each placeholder replaced by the page it stands for."""
    src = zipfile.ZipFile(BytesIO(data))
    document = src.read("word/document.xml").decode("utf-8")
    app = src.read("docProps/app.xml").decode("utf-8")

    def page(match: re.Match) -> str:
        number = pages.page_of(match.group(1))
        return f'<w:r><w:t xml:space="preserve">{number}</w:t></w:r>' if number else ""

    document = _RUN.sub(page, document)
    app = app.replace(f"<Pages>{COUNT}</Pages>", f"<Pages>{pages.count}</Pages>")
    if any(c in document or c in app for c in (START, END, COUNT)):
        return None  # a placeholder somewhere unexpected: render the DOCX afresh
    return deterministic_zip(data, {"word/document.xml": document.encode("utf-8"),
                                    "docProps/app.xml": app.encode("utf-8")})


def pdf_and_docx(lay_out: Callable[[], tuple], placeholder_docx: Callable[[], bytes] | None, *,
                 worker: "RenderWorker | None" = None, job: tuple | None = None, fork: bool = True,
                 starting: Callable[[str], None] = lambda fmt: None) -> tuple:
    """(PDF bytes, its Pagination, DOCX bytes or None): the PDF `lay_out()` gives and the DOCX
    whose contents show the PDF's page numbers, made side by side on two cores.

    With `worker` (a RenderWorker started early) and its `job`, the worker lays out the PDF
    while `placeholder_docx()` builds the DOCX here; else, with `fork`, the DOCX is built in
    a forked process while the PDF is laid out here. Either way the placeholders are filled
    in from the PDF's layout. The DOCX is None when it was not asked for (`placeholder_docx`
    None) or could not be made beside the PDF: the caller then builds it with the pages."""
    if worker is not None and worker.submit(job):
        placeholder = None
        if placeholder_docx is not None:
            starting("docx")
            placeholder = placeholder_docx()
        starting("pdf")
        laid_out = worker.result()
        if laid_out is not None:
            pdf, pages = laid_out
            return pdf, pages, fill_pages(placeholder, pages) if placeholder is not None else None
    child = start_job(placeholder_docx) if placeholder_docx is not None and fork else None
    try:
        starting("pdf")
        pdf, pages = lay_out()
    except BaseException:
        if child is not None:
            child.cancel()
        raise
    if child is None:
        return pdf, pages, None
    starting("docx")
    return pdf, pages, child.result(pages)


def early_pdf_worker(fmts: list[str], edition: str = "clean", house=None
                     ) -> "RenderWorker | None":
    """A process that imports WeasyPrint while the command reads and assembles, to lay out
    its PDF (None without a PDF to make, in a batch worker, or without a second core or
    fork: then it is laid out in the command's own process)."""
    from . import CONCURRENT

    return RenderWorker.start("pdf", edition, house) if "pdf" in fmts and CONCURRENT else None


def early_worker(fmts: list[str], edition: str = "clean", house=None) -> "RenderWorker | None":
    """For `draft`: the PDF worker when there is a PDF to make; else, for a DOCX, a process
    that imports python-docx and docxtpl and opens the house template while the command
    reads and assembles, then builds the DOCX (a tenth of a second off a DOCX-only run)."""
    from . import CONCURRENT

    if "pdf" in fmts:
        return early_pdf_worker(fmts, edition, house)
    return RenderWorker.start("docx", edition, house) if "docx" in fmts and CONCURRENT \
        else None


@contextmanager
def closing(worker: "RenderWorker | None"):
    """Stop `worker` (if any) when the command ends, however it ends."""
    try:
        yield worker
    finally:
        if worker is not None:
            worker.close()


# --- the PDF laid out by a process started early --------------------------------------------

def _send(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(8, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int) -> bytes | None:
    def exactly(n: int) -> bytes | None:
        chunks, got = [], 0
        while got < n:
            chunk = os.read(fd, min(n - got, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    head = exactly(8)
    return None if head is None else exactly(int.from_bytes(head, "big"))


PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged process (pipe-max-size)


def _widen(fd: int) -> None:
    """Let the pipe to the worker hold a whole pickled Draft (a 30-page agreement's is
    150 KB; a pipe holds 64 KB): sending it then returns at once, and this process
    builds the DOCX while the worker is still importing WeasyPrint, instead of waiting for it
    to start reading (a third of a second). Where the size cannot be set, sending waits."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass


class RenderWorker:
    """A forked process that gets ready to render one format (`fmt`: "pdf" imports
    WeasyPrint, "docx" python-docx and the house template) while this one reads the
    parameters and assembles the Draft, then renders each Draft it is sent. Only this
    process's own child reads and writes these pipes, so the pickles are ours."""

    def __init__(self, fmt: str, pid: int, to_child: int, from_child: int):
        self.fmt, self.pid, self.to_child, self.from_child = fmt, pid, to_child, from_child
        self.sent = 0
        self.ahead: list = []  # the Drafts whose jobs were sent ahead, not yet asked for

    @classmethod
    def start(cls, fmt: str, edition: str, house=None) -> "RenderWorker | None":
        if not _forkable():
            return None
        try:
            down_r, down_w = os.pipe()
            up_r, up_w = os.pipe()
        except OSError:
            return None
        _widen(down_w)
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_r, down_w, up_r, up_w):
                os.close(fd)
            return None
        if pid == 0:
            try:
                os.close(down_w)
                os.close(up_r)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _serve(fmt, edition, house, down_r, up_w)
            finally:
                os._exit(0)
        os.close(down_r)
        os.close(up_w)
        return cls(fmt, pid, down_w, up_r)

    def submit(self, job: tuple, ahead: bool = False) -> bool:
        """Send a job. To a PDF worker: ("draft", Draft), laid out in the worker's edition
        and house style, or ("html", page), a whole HTML page (a brief, a redline) with only
        package resources. To a DOCX worker: ("docx", Draft). A job sent `ahead` (before the
        checks) is not sent again when the renderer submits it; its result comes in turn."""
        import pickle

        for i, value in enumerate(self.ahead):
            if value is job[1]:
                del self.ahead[i]
                return True
        try:
            _send(self.to_child, pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return False
        self.sent += 1
        if ahead:
            self.ahead.append(job[1])
        return True

    def result(self):
        """(pdf bytes, Pagination), or a DOCX's bytes; None when the worker failed (render
        it here instead).
        A problem with the input (a UserError) is raised with the message it had."""
        import pickle

        try:
            payload = _receive(self.from_child)
        except OSError:
            payload = None
        if payload is None:
            return None
        kind, value = pickle.loads(payload)  # written by our own child process
        if kind == "ok":
            return value
        if kind == "user":
            from ..errors import UserError
            raise UserError(value)
        return None

    def close(self) -> None:
        _end_child(self.pid, (self.to_child, self.from_child))


def _serve(fmt: str, edition: str, house, down: int, up: int) -> None:
    import gc
    import pickle

    from ..errors import UserError
    from .house_style import DEFAULT

    house = house or DEFAULT
    render = _pdf_jobs(edition, house) if fmt == "pdf" else _docx_jobs(edition, house)
    gc.freeze()  # what was imported is never garbage: later collections skip it

    while True:
        data = _receive(down)
        if data is None:
            return
        try:
            answer = ("ok", render(pickle.loads(data)))
        except UserError as exc:
            answer = ("user", str(exc))
        except BaseException:  # noqa: BLE001 - the parent renders it itself and reports
            answer = ("failed", None)
        _send(up, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


def _pdf_jobs(edition: str, house) -> Callable[[tuple], object]:
    """The PDF worker's jobs, with WeasyPrint and its text layer imported beforehand (the
    point of starting early)."""
    from . import pdf_with_pages
    from .pdf import layout_pdf, lean_html_class

    lay_out = pdf_with_pages(edition)
    lean_html_class()  # imports WeasyPrint and parses its user-agent stylesheet

    def render(job):
        kind, value = job
        return layout_pdf(value) if kind == "html" else lay_out(value, house=house)
    return render


def _docx_jobs(edition: str, house) -> Callable[[tuple], object]:
    """The DOCX worker's jobs, with python-docx imported and the house template opened
    beforehand (again after each job, for a file's next language)."""
    from . import renderer
    from .docx import open_ahead

    open_ahead(house.docx)

    def render(job):
        data = renderer("docx", edition, None, house)(job[1])
        open_ahead(house.docx)
        return data
    return render


__all__ = ["closing", "early_pdf_worker", "early_worker", "fill_pages", "pdf_and_docx",
           "PLACEHOLDER_PAGES", "RenderWorker"]
