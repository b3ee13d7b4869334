"""The parameter file a draft's PDF carries, read back from a PDF someone sent you.

A PDF from outside is read defensively: only a regular file of at most
:data:`MAX_PDF_BYTES`, parsed by pypdf in non-strict mode with every parser failure turned
into a message, and only the associated file named ``parameters.yaml`` is taken, no larger
than a parameter file may be and valid UTF-8. Nothing in the PDF is run or followed.
"""

from __future__ import annotations

import io
import stat
from pathlib import Path

from ..errors import UserError
from .yamlio import MAX_BYTES

MAX_PDF_BYTES = 200 * 1024 * 1024
PARAMETERS_NAME = "parameters.yaml"


def read_pdf_bytes(path: Path) -> bytes:
    """The bytes of a regular file that starts like a PDF; anything else is refused."""
    try:
        info = path.stat()
    except OSError as exc:
        raise UserError(f"cannot read it: {exc.strerror or exc}.", file=str(path)) from None
    if not stat.S_ISREG(info.st_mode):
        raise UserError("not a regular file; give the path of a PDF drafted by agreement-kit.",
                        file=str(path))
    if info.st_size > MAX_PDF_BYTES:
        raise UserError(f"the file is {info.st_size:,} bytes; a draft's PDF is far smaller "
                        f"(at most {MAX_PDF_BYTES:,} are read).", file=str(path))
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise UserError("this is not a PDF (it does not start with %PDF-).", file=str(path))
    return data


def embedded_parameters(path: str | Path) -> str:
    """The text of the parameter file embedded in the PDF at `path`."""
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its warnings are ours to word
    path = Path(path)
    data = read_pdf_bytes(path)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        found = reader.attachments.get(PARAMETERS_NAME)
    except Exception as exc:  # noqa: BLE001 - any parser failure on foreign input
        raise UserError(f"the PDF cannot be read ({type(exc).__name__}); it may be damaged.",
                        file=str(path)) from None
    if not found:
        raise UserError(f"the PDF carries no {PARAMETERS_NAME}; only PDFs drafted by "
                        "agreement-kit 0.1 or later do.", file=str(path))
    raw = found[0]
    if len(raw) > MAX_BYTES:
        raise UserError(f"its {PARAMETERS_NAME} is {len(raw):,} bytes, more than a parameter "
                        f"file may be ({MAX_BYTES:,}).", file=str(path))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UserError(f"its {PARAMETERS_NAME} is not UTF-8 text.", file=str(path)) from None
