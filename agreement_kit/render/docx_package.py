"""Word packages that come out byte for byte the same for the same input, with true properties.

python-docx stamps every zip entry with the current time; :func:`deterministic_zip` repacks a
saved package with fixed timestamps, fixed permissions and a stable member order
(``[Content_Types].xml`` first, as Word writes it). :func:`properties_parts` writes the
package's core.xml and app.xml afresh (the template's copies name another application, one
page and no words): each element once, in its own namespace, and counts that are true.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from html import escape as _escape
from io import BytesIO

from .. import __version__

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def escape(text: str) -> str:
    """`&`, `<` and `>` as entities, as xml.sax.saxutils.escape writes them (importing that
    module brings in urllib, http and ssl: 16 ms of every command that writes a DOCX)."""
    return _escape(text, quote=False)


@dataclass(frozen=True)
class PackageProperties:
    """What File > Properties shows: core properties, then the application's counts."""

    title: str
    subject: str
    keywords: str
    description: str
    date: str  # ISO date: created and modified
    language: str
    words: int | None = None
    pages: int | None = None  # only when a laid-out PDF of the same run counted them


def properties_parts(props: PackageProperties) -> dict[str, bytes]:
    """docProps/core.xml and docProps/app.xml for `props`."""
    stamp = f"{props.date}T00:00:00Z"
    core = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title[:250])}</dc:title>"
        f"<dc:subject>{escape(props.subject)}</dc:subject>"
        "<dc:creator>agreement-kit</dc:creator>"
        f"<cp:keywords>{escape(props.keywords)}</cp:keywords>"
        f"<dc:description>{escape(props.description)}</dc:description>"
        "<cp:lastModifiedBy>agreement-kit</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        f"<dc:language>{escape(props.language)}</dc:language>"
        "</cp:coreProperties>")
    counts = "".join(f"<{tag}>{value}</{tag}>" for tag, value in
                     (("Pages", props.pages), ("Words", props.words)) if value is not None)
    app = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'docPropsVTypes"><TotalTime>0</TotalTime>{counts}'
        f"<Application>agreement-kit {escape(__version__)}</Application>"
        "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>")
    return {"docProps/core.xml": core.encode("utf-8"), "docProps/app.xml": app.encode("utf-8")}


def deterministic_zip(data: bytes, replace: dict[str, bytes] | None = None) -> bytes:
    """The package repacked with fixed stamps; parts in `replace` take the given bytes."""
    replace = replace or {}
    src = zipfile.ZipFile(BytesIO(data))
    names = sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, replace.get(name) or src.read(name), compresslevel=6)
    return out.getvalue()
