"""A ministry's own house style: its Word template and its CSS, in place of ours.

``--house-style DIR`` names a folder that may hold

- ``house-style.docx``: the Word template (styles, page setup, header and footer, a logo in
  the header) that replaces ``templates/house-style.docx``. Start from ours
  (``agreement-kit house-style init DIR`` copies it), restyle it in Word, keep its
  placeholders in curly braces, its style names and its three numbering lists;
- ``house-style.css``: CSS added after ``templates/draft.css`` for HTML and PDF, so it only
  says what differs. It may name images and fonts in the same folder (``url(logo.png)``);
  nothing outside the folder and the package's own templates is ever fetched.

Either file may be left out. A file that cannot serve is refused, with what is wrong in it.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ProblemList, UserError
from ..resources import template_path

DOCX_NAME = "house-style.docx"
CSS_NAME = "house-style.css"
MAX_CSS_BYTES = 512 * 1024
MAX_DOCX_BYTES = 20 * 1024 * 1024

# What the drafting code relies on in a Word template.
PLACEHOLDERS = ("{{ title }}", "{{ status }}", "{{ version_line }}", "{{ contents_heading }}",
                "{{p toc }}", "{{p body }}", "{{p closing }}", "{{p annexes }}")
STYLES = ("Title", "Subtitle", "Heading 1", "Heading 2", "Part Heading", "Part Title",
          "Annex Heading", "Body Text", "Article Paragraph", "Article Item", "Recital",
          "Signature Heading", "Signature", "TOC Heading", "TOC 1", "TOC 2", "Blank")
LISTS = ("agreement-kit articles", "agreement-kit clauses", "agreement-kit sections",
         "agreement-kit annexes")


@dataclass(frozen=True)
class HouseStyle:
    """Where the renderers take their Word template and CSS from."""

    docx: Path
    css: str = ""  # added after the package's stylesheet
    folder: Path | None = None  # where the CSS's url()s resolve

    @property
    def roots(self) -> tuple[Path, ...]:
        """The folders the PDF renderer may read: the package's templates, the house's."""
        base = (template_path("").resolve(),)
        return base + ((self.folder.resolve(),) if self.folder else ())


DEFAULT = HouseStyle(template_path(DOCX_NAME))

STARTER_CSS = """/* A ministry's house style for the HTML and PDF drafts: added after agreement-kit's own
   stylesheet, so say only what differs. Keep house-style.docx (restyled in Word) in step so
   the DOCX and the PDF stay the same document to the eye. Examples: */

/* The text face and size (install the font on the machine that drafts):
html { font-family: "Liberation Sans", "Arial", sans-serif; } */

/* Headings in the ministry's colour:
h1.doc-title, h2.part-heading, h3.article-heading, h2.annex-heading { color: #1f3864; } */

/* The running header: the ministry's name before the status line:
.running-header::before { content: "Ministry of Labour \\00B7  "; } */

/* A logo on the title page, from this folder:
.title-page { background: url(logo.png) no-repeat top left / 30mm auto; padding-top: 25mm; } */
"""


def load_house_style(folder: str | Path | None) -> HouseStyle:
    """The house style in `folder` (None: ours), checked; every problem reported at once."""
    if folder is None:
        return DEFAULT
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError("a house style is a folder holding house-style.docx and/or "
                        "house-style.css; this is not a folder.", file=str(folder))
    docx, css = folder / DOCX_NAME, folder / CSS_NAME
    if not _present(docx) and not _present(css):
        raise UserError(f"the folder holds neither {DOCX_NAME} nor {CSS_NAME}.",
                        file=str(folder))
    problems = ProblemList()
    if _present(docx):
        _check_docx(docx, problems)
    text = _read_css(css, problems) if _present(css) else ""
    problems.raise_if_any(f"{folder}: the house style cannot be used")
    return HouseStyle(docx if _present(docx) else DEFAULT.docx, text, folder)


def _present(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _regular(path: Path, limit: int, problems: ProblemList) -> bool:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode):
        problems.add("not a regular file (links, folders and devices are refused).",
                     file=str(path))
        return False
    if info.st_size > limit:
        problems.add(f"{info.st_size:,} bytes is more than the {limit:,} a house-style file "
                     "may be.", file=str(path))
        return False
    return True


def _check_docx(path: Path, problems: ProblemList) -> None:
    if not _regular(path, MAX_DOCX_BYTES, problems):
        return
    try:
        with zipfile.ZipFile(path) as z:
            document = z.read("word/document.xml").decode("utf-8")
            styles = z.read("word/styles.xml").decode("utf-8")
            numbering = z.read("word/numbering.xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError, OSError) as exc:
        problems.add(f"not a Word document that agreement-kit can fill ({exc}). Save it from "
                     "Word as .docx, starting from `agreement-kit house-style init DIR`.",
                     file=str(path))
        return
    text = re.sub(r"<[^>]+>", "", document)  # placeholders may be split across runs in XML
    missing = [p for p in PLACEHOLDERS if p not in text]
    if missing:
        problems.add(f"the placeholders {', '.join(missing)} are missing; keep each one on a "
                     "line of its own, as in the template agreement-kit ships.", file=str(path))
    # Word stores its built-in style names in lower case ("heading 1")
    names = {n.casefold() for n in re.findall(r'<w:name w:val="([^"]+)"', styles)}
    absent = [s for s in STYLES if s.casefold() not in names]
    if absent:
        problems.add(f"the styles {', '.join(absent)} are missing; restyle them rather than "
                     "delete them.", file=str(path))
    lists = set(re.findall(r'<w:name w:val="([^"]+)"', numbering))
    gone = [n for n in LISTS if n not in lists]
    if gone:
        problems.add(f"the numbering lists {', '.join(gone)} are missing (they number "
                     "articles, paragraphs and annexes).", file=str(path))


def _read_css(path: Path, problems: ProblemList) -> str:
    if not _regular(path, MAX_CSS_BYTES, problems):
        return ""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add("not UTF-8 text; save the stylesheet as UTF-8.", file=str(path))
        return ""
    if re.search(r"</\s*style", text, re.I):
        problems.add("a stylesheet may not contain '</style'.", file=str(path))
    if re.search(r"@import|url\(\s*['\"]?\s*(https?:|//|ftp:)", text, re.I):
        problems.add("@import and remote url()s are refused: name files in the house-style "
                     "folder instead (url(logo.png)).", file=str(path))
    return text
