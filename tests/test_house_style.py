"""A ministry's own house style: its Word template and CSS used, a bad one refused clearly."""

import io
import shutil
import zipfile

import pytest
from pypdf import PdfReader

from conftest import EXAMPLES, FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS

STYLE = EXAMPLES / "house-style"


def draft(cli, tmp_path, *extra):
    return cli("draft", FIX_PARAMS, "-o", tmp_path / "out", "-f", "docx,pdf,html",
               "--library", FIX_LIBRARY, "--blueprints", FIX_BLUEPRINTS, *extra)


def test_the_worked_example_changes_font_colours_and_header(cli, tmp_path):
    r = draft(cli, tmp_path, "--house-style", STYLE)
    assert r.exit_code == 0, r.output
    out = tmp_path / "out"
    package = zipfile.ZipFile(out / "params-care.docx")
    styles = package.read("word/styles.xml").decode()
    assert 'w:ascii="Arial"' in styles and 'w:val="1F3864"' in styles
    header = b"".join(package.read(n) for n in package.namelist() if n.startswith("word/header"))
    assert "Ministry of Labour · Draft for negotiation" in header.decode()
    html = (out / "params-care.html").read_text()
    assert html.index("font-family: \"Liberation Sans\"") > html.index("@page")  # added after ours
    pages = PdfReader(io.BytesIO((out / "params-care.pdf").read_bytes())).pages
    assert "Ministry of Labour · Draft for negotiation" in pages[1].extract_text()
    fonts = {f for p in pages for f in (p["/Resources"].get("/Font") or {}).values()}
    names = {str(f.get_object()["/BaseFont"]) for f in fonts}
    assert names and all("Liberation-Sans" in n for n in names), names  # no serif left


def test_without_a_house_style_our_own_is_used(cli, tmp_path):
    assert draft(cli, tmp_path).exit_code == 0
    styles = zipfile.ZipFile(tmp_path / "out" / "params-care.docx").read("word/styles.xml")
    assert b'w:ascii="Times New Roman"' in styles and b"1F3864" not in styles


def test_init_writes_a_house_style_that_drafts(cli, tmp_path):
    r = cli("house-style", "init", tmp_path / "mine")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "mine" / "house-style.docx").is_file()
    assert "/* The text face" in (tmp_path / "mine" / "house-style.css").read_text()
    assert cli("house-style", "init", tmp_path / "mine").exit_code == 1  # no overwrite
    assert draft(cli, tmp_path, "--house-style", tmp_path / "mine").exit_code == 0


def _broken_docx(tmp_path, drop: bytes) -> None:
    src = zipfile.ZipFile(STYLE / "house-style.docx")
    out = zipfile.ZipFile(tmp_path / "bad" / "house-style.docx", "w")
    for name in src.namelist():
        data = src.read(name)
        if name == "word/document.xml":
            data = data.replace(drop, b"")
        out.writestr(name, data)
    out.close()


@pytest.mark.parametrize("make, says", [
    (lambda d: (d / "house-style.docx").write_bytes(b"not a zip"), "not a Word document"),
    (lambda d: _broken_docx(d.parent, b"{{p toc }}"), "placeholders {{p toc }} are missing"),
    (lambda d: (d / "house-style.css").write_text("@import url(http://x/y.css);"),
     "@import and remote url()s are refused"),
    (lambda d: (d / "house-style.css").write_bytes(b"\xff\xfe h1 {}"), "not UTF-8"),
    (lambda d: (d / "house-style.css").symlink_to("/etc/passwd"), "not a regular file"),
    (lambda d: None, "holds neither house-style.docx nor house-style.css"),
])
def test_a_bad_house_style_is_refused_before_drafting(cli, tmp_path, make, says):
    folder = tmp_path / "bad"
    folder.mkdir()
    make(folder)
    r = draft(cli, tmp_path, "--house-style", folder)
    assert r.exit_code == 1 and says in r.output and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


def test_the_css_may_use_files_of_its_folder_and_nothing_else(cli, tmp_path):
    folder = tmp_path / "style"
    shutil.copytree(STYLE, folder)
    (folder / "note.txt").write_text("inside")
    (folder / "house-style.css").write_text(
        ".title-page { background: url(logo.svg) no-repeat; }\n")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" '
                                     'height="10"><rect width="10" height="10"/></svg>')
    assert draft(cli, tmp_path, "--house-style", folder).exit_code == 0
    (folder / "house-style.css").write_text(".title-page { background: url(/etc/passwd); }\n")
    r = draft(cli, tmp_path, "--house-style", folder, "--force")
    assert r.exit_code == 1 and "refused to fetch" in r.output
