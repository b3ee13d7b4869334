"""PDF for archives and for everyone: PDF/A-3b, tagged PDF/UA-1, the parameters inside."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES

EXAMPLE = EXAMPLES / "mou-nepal-malaysia.yaml"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    from click.testing import CliRunner

    from agreement_kit.cli import main

    out = tmp_path_factory.mktemp("archive")
    r = CliRunner().invoke(main, ["draft", str(EXAMPLE), "-o", str(out / "a"), "-f", "pdf,docx"])
    assert r.exit_code == 0, r.output
    return out, out / "a" / "mou-nepal-malaysia.pdf"


def test_pdf_declares_pdfa_3b_and_pdfua_1_and_is_tagged(drafted):
    _, pdf = drafted
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert 'pdfuaid:part="1"' in xmp
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "/OutputIntents" in root  # PDF/A's colour profile


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils not installed")
def test_pdfinfo_shows_it_tagged(drafted):
    _, pdf = drafted
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)


def test_the_parameter_file_rides_inside_as_an_associated_file(drafted):
    _, pdf = drafted
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    assert reader.attachments["parameters.yaml"] == [EXAMPLE.read_bytes()]
    root = reader.trailer["/Root"]
    spec = root["/AF"][0].get_object()
    assert spec["/AFRelationship"] == "/Source"


def test_params_from_redrafts_to_the_same_bytes(drafted, tmp_path):
    from click.testing import CliRunner

    from agreement_kit.cli import main

    out, pdf = drafted
    run = CliRunner().invoke
    back = tmp_path / "mou-nepal-malaysia.yaml"
    r = run(main, ["params-from", str(pdf), "-o", str(back)])
    assert r.exit_code == 0, r.output
    assert back.read_bytes() == EXAMPLE.read_bytes()
    r = run(main, ["params-from", str(pdf), "-o", str(back)])
    assert r.exit_code == 1 and "--force" in r.output  # nothing is overwritten
    r = run(main, ["draft", str(back), "-o", str(tmp_path / "b"), "-f", "pdf,docx"])
    assert r.exit_code == 0, r.output
    for ext in ("pdf", "docx"):
        assert (tmp_path / "b" / f"mou-nepal-malaysia.{ext}").read_bytes() == \
            (out / "a" / f"mou-nepal-malaysia.{ext}").read_bytes()


@pytest.mark.parametrize("content, says", [
    (b"not a pdf at all", "not a PDF"),
    (b"%PDF-1.7\n garbage", "cannot be read"),
    (None, "not a regular file"),
])
def test_params_from_reads_foreign_files_defensively(tmp_path, content, says):
    import os

    from click.testing import CliRunner

    from agreement_kit.cli import main

    target = tmp_path / "sent.pdf"
    if content is None:
        os.mkfifo(target)  # a FIFO is refused before it is opened
    else:
        target.write_bytes(content)
    r = CliRunner().invoke(main, ["params-from", str(target), "-o", str(tmp_path / "x.yaml")])
    assert r.exit_code == 1 and says in r.output and "Traceback" not in r.output
    assert not (tmp_path / "x.yaml").exists()


def test_a_pdf_without_parameters_says_so(tmp_path):
    from click.testing import CliRunner

    from agreement_kit.cli import main
    from agreement_kit.render.pdf import html_to_pdf

    target = tmp_path / "other.pdf"
    target.write_bytes(html_to_pdf("<html lang='en'><title>x</title><p>hello</p></html>"))
    r = CliRunner().invoke(main, ["params-from", str(target)])
    assert r.exit_code == 1 and "carries no parameters.yaml" in r.output
