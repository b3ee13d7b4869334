"""Render drafts' pages for a reviewer: the DOCX as LibreOffice shows it beside the PDF.

    python scripts/render_pages.py examples/mou-nepal-malaysia.yaml [...] -o pages [--dpi 60]

For each parameter file: drafts DOCX and PDF (in one run, as `agreement-kit draft` does),
converts the DOCX to PDF with LibreOffice (`soffice --headless --convert-to pdf`), turns both
into PNG pages with `pdftoppm -r DPI`, and writes `NAME-sheet-K.png` contact sheets with the
DOCX page on the left and the PDF page on the right, a few pairs per sheet. Prints the page
count of each format. Needs LibreOffice and poppler-utils (scripts/debian-packages.txt).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIRS_PER_SHEET = 4


def pdf_pages(pdf: Path, out: Path, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out)], check=True)
    return sorted(out.parent.glob(out.name + "-*.png"))


def libreoffice_pdf(docx: Path, folder: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
                    str(docx)], check=True, capture_output=True)
    return folder / (docx.stem + ".pdf")


def sheets(left: list[Path], right: list[Path], stem: Path) -> list[Path]:
    """Side-by-side contact sheets: DOCX page | PDF page, a row per page number."""
    from PIL import Image, ImageDraw

    written = []
    count = max(len(left), len(right))
    for first in range(0, count, PAIRS_PER_SHEET):
        rows = []
        for i in range(first, min(first + PAIRS_PER_SHEET, count)):
            pair = [Image.open(p) if p else None for p in
                    (left[i] if i < len(left) else None, right[i] if i < len(right) else None)]
            rows.append(pair)
        w = max(im.width for pair in rows for im in pair if im)
        h = max(im.height for pair in rows for im in pair if im)
        sheet = Image.new("RGB", (2 * w + 30, len(rows) * (h + 10) + 20), "#777")
        draw = ImageDraw.Draw(sheet)
        draw.text((10, 2), "LibreOffice (DOCX)", fill="white")
        draw.text((w + 20, 2), "PDF", fill="white")
        for r, pair in enumerate(rows):
            for c, im in enumerate(pair):
                if im:
                    sheet.paste(im, (10 + c * (w + 10), 15 + r * (h + 10)))
        path = stem.with_name(f"{stem.name}-sheet-{first // PAIRS_PER_SHEET + 1}.png")
        sheet.save(path)
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("params", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=Path("pages"))
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()

    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render import render_all

    args.output.mkdir(parents=True, exist_ok=True)
    for params in args.params:
        for draft in build_drafts(params):
            name = f"{params.stem}.{draft.language}"
            files = render_all(draft, ["docx", "pdf"])
            with tempfile.TemporaryDirectory() as tmp:
                tmp = Path(tmp)
                (tmp / f"{name}.docx").write_bytes(files["docx"])
                (tmp / f"{name}.pdf").write_bytes(files["pdf"])
                lo = libreoffice_pdf(tmp / f"{name}.docx", tmp / "lo")
                left = pdf_pages(lo, tmp / "lo" / "p", args.dpi)
                right = pdf_pages(tmp / f"{name}.pdf", tmp / "w", args.dpi)
                written = sheets(left, right, args.output / name)
            print(f"{name}: DOCX {len(left)} pages (LibreOffice), PDF {len(right)} pages; "
                  f"{len(written)} sheet(s) in {args.output}")


if __name__ == "__main__":
    main()
