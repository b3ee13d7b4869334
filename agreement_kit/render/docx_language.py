"""A Word draft set in its language: the faces of its script, right to left for Arabic, the
footer's words, Chinese set flush.

The house-style template is written for left-to-right Latin text. For a draft in another
language this pass, run once on the finished document, makes Word and LibreOffice show it as
a typesetter of that language would:

- every paragraph of an Arabic draft is a right-to-left paragraph (``w:bidi``; Word then mirrors
  its indents, tab stops and numbering), every table reads right to left (``w:bidiVisual``),
  every Arabic run is a right-to-left run (``w:rtl``) and each Latin stretch inside it (a
  name, "USD 1,500.00", "C181") is a run of its own without it, so it keeps its order;
- the styles name the script's face for complex-script or East Asian text (Noto Naskh Arabic,
  Noto Serif CJK SC) and the document's language for spelling and line breaking;
- "Page X of Y" in the footer is in the draft's words;
- Chinese paragraphs are set flush to the start, as the PDF sets them, not justified.
"""

from __future__ import annotations

import copy
import re

from ..model.draft import Draft
from .html import LATIN_RUN
from .wordml import W, XML_SPACE

FACES = {"ar": ("cs", "Noto Naskh Arabic"), "zh": ("eastAsia", "Noto Serif CJK SC")}
LANG_TAGS = {"ar": ("bidi", "ar-SA"), "zh": ("eastAsia", "zh-CN")}
# where a paragraph property goes in w:pPr (schema order): bidi after the numbering and
# borders, before spacing and indentation
_PPR_AFTER_BIDI = ("adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing",
                   "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
                   "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
                   "pPrChange")
_RPR_AFTER_RTL = ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")


def q(tag: str) -> str:
    return W + tag


def apply_language(doc, draft: Draft) -> None:
    """Set a finished python-docx document in `draft`'s language (nothing for English)."""
    lang = draft.language.split("-")[0]
    if lang == "en":
        return
    parts = [doc.element.body]  # headers and footers: header_footer_parts
    styles = doc.styles.element
    _language_tags(styles, draft.language)
    if lang in FACES:
        _faces(styles, *FACES[lang])
    if draft.direction == "rtl":
        for root in parts + [styles]:
            for ppr in _paragraph_properties(root):
                _insert(ppr, "bidi", _PPR_AFTER_BIDI)
        for root in parts:
            for run in list(root.iter(q("r"))):
                _split_rtl(run)
            for tblpr in root.iter(q("tblPr")):
                _insert(tblpr, "bidiVisual", ("tblStyleRowBandSize", "tblStyleColBandSize",
                                              "tblW", "jc", "tblCellSpacing", "tblInd",
                                              "tblBorders", "shd", "tblLayout", "tblCellMar",
                                              "tblLook", "tblCaption", "tblDescription"))
        for root in parts + [styles]:  # bold and size of complex-script (Arabic) text
            for rpr in list(root.iter(q("rPr"))):
                _complex_script(rpr)
        numbering = getattr(doc.part, "numbering_part", None)
        if numbering is not None:
            for lvl in numbering.element.iter(q("lvl")):
                ppr = lvl.find(q("pPr"))
                if ppr is None:
                    ppr = lvl.makeelement(q("pPr"), {})
                    rpr = lvl.find(q("rPr"))
                    (rpr.addprevious(ppr) if rpr is not None else lvl.append(ppr))
                _insert(ppr, "bidi", _PPR_AFTER_BIDI)
    if lang == "zh":
        for root in parts + [styles]:
            for jc in root.iter(q("jc")):
                if jc.get(q("val")) == "both":
                    jc.set(q("val"), "left")


def header_footer_parts(package: bytes, draft: Draft) -> dict[str, bytes]:
    """The running headers and footers of a saved package set in the draft's language
    (docxtpl writes those parts from its own copies, so they are set in the saved package)."""
    import zipfile
    from io import BytesIO

    from lxml import etree

    if draft.language.split("-")[0] == "en":
        return {}
    out = {}
    with zipfile.ZipFile(BytesIO(package)) as z:
        for name in z.namelist():
            if not re.fullmatch(r"word/(header|footer)\d+\.xml", name):
                continue
            root = etree.fromstring(z.read(name))
            if "footer" in name:
                for p in root.iter(q("p")):
                    _footer_paragraph(p, draft.word("page_of", "Page {page} of {pages}"))
            if draft.direction == "rtl":
                for ppr in _paragraph_properties(root):
                    _insert(ppr, "bidi", _PPR_AFTER_BIDI)
                for run in list(root.iter(q("r"))):
                    _split_rtl(run)
            out[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
    return out


def _paragraph_properties(root):
    """Every paragraph's w:pPr (made where missing), and the styles' paragraph properties."""
    for p in list(root.iter(q("p"))):
        ppr = p.find(q("pPr"))
        if ppr is None:
            ppr = p.makeelement(q("pPr"), {})
            p.insert(0, ppr)
        yield ppr
    for style in root.iter(q("style")):
        if style.get(q("type")) == "paragraph":
            ppr = style.find(q("pPr"))
            if ppr is None:
                ppr = style.makeelement(q("pPr"), {})
                rpr = style.find(q("rPr"))
                (rpr.addprevious(ppr) if rpr is not None else style.append(ppr))
            yield ppr


def _insert(parent, tag: str, later: tuple[str, ...]) -> None:
    """Add an empty child `tag` before the first child of the tags listed after it."""
    if parent.find(q(tag)) is not None:
        return
    element = parent.makeelement(q(tag), {})
    for child in parent:
        if child.tag in {q(t) for t in later}:
            child.addprevious(element)
            return
    parent.append(element)


def _split_rtl(run) -> None:
    """A run of Arabic text becomes right-to-left runs, each Latin stretch a run of its own."""
    texts = run.findall(q("t"))
    if len(texts) != 1 or len(run) > 2 or (len(run) == 2 and run[0].tag != q("rPr")):
        if not texts:  # a field character, tab or break: right to left like its paragraph
            _mark_rtl(run)
        return
    text = texts[0].text or ""
    pieces, pos = [], 0
    for m in LATIN_RUN.finditer(text):
        if m.start() > pos:
            pieces.append((text[pos:m.start()], True))
        pieces.append((m.group(0), False))
        pos = m.end()
    if pos < len(text):
        pieces.append((text[pos:], True))
    if not pieces:
        return
    if len(pieces) == 1:  # all Arabic (or all Latin): the run stays whole
        if pieces[0][1]:
            _mark_rtl(run)
        return
    for piece, rtl in pieces:
        new = copy.deepcopy(run)
        new.find(q("t")).text = piece
        new.find(q("t")).set(XML_SPACE, "preserve")
        if rtl:
            _mark_rtl(new)
        run.addprevious(new)
    run.getparent().remove(run)


def _complex_script(rpr) -> None:
    """Word sets Arabic in the complex-script bold and size: mirror w:b and w:sz."""
    bold, size = rpr.find(q("b")), rpr.find(q("sz"))
    if bold is not None and rpr.find(q("bCs")) is None:
        bold.addnext(rpr.makeelement(q("bCs"), dict(bold.attrib)))
    if size is not None and rpr.find(q("szCs")) is None:
        size.addnext(rpr.makeelement(q("szCs"), dict(size.attrib)))


def _mark_rtl(run) -> None:
    rpr = run.find(q("rPr"))
    if rpr is None:
        rpr = run.makeelement(q("rPr"), {})
        run.insert(0, rpr)
    _insert(rpr, "rtl", _RPR_AFTER_RTL)


def _language_tags(styles, language: str) -> None:
    """The document's language in its default run properties (spelling, line breaking)."""
    lang = language.split("-")[0]
    for rpr in styles.iter(q("rPrDefault")):
        for tag in rpr.iter(q("lang")):
            tag.set(q("val"), word_language(language))
            if lang in LANG_TAGS:
                attr, value = LANG_TAGS[lang]
                tag.set(q(attr), value)


def word_language(language: str) -> str:
    """The language as Word names it, with its region: "ru-RU", "es-ES", "fr-FR" (CLDR's
    likely region when the file gives none). LibreOffice finds its hyphenation patterns
    (hyph_ru_RU.dic) by that name; a bare "ru" finds none and leaves lines unbroken."""
    if "-" in language:
        return language
    from babel.core import get_global

    likely = get_global("likely_subtags").get(language, "")  # e.g. "ru_Cyrl_RU"
    region = likely.split("_")[-1] if "_" in likely else ""
    return f"{language}-{region}" if region.isalpha() and region.isupper() else language


def _faces(styles, attr: str, face: str) -> None:
    """Name the script's face in the defaults and in every style that names faces."""
    for fonts in styles.iter(q("rFonts")):
        fonts.set(q(attr), face)
        theme = {"cs": "cstheme", "eastAsia": "eastAsiaTheme"}[attr]
        fonts.attrib.pop(q(theme), None)
        if attr == "eastAsia":  # a Chinese text's Latin letters and figures in the same face
            for other in ("ascii", "hAnsi"):
                if fonts.get(q(other)) is None:
                    fonts.set(q(other), face)


def _footer_paragraph(p, pattern: str) -> None:
    """ "Page X of Y": the words around the PAGE and NUMPAGES fields, in the draft's words."""
    before, _, rest = pattern.partition("{page}")
    between, _, after = rest.partition("{pages}")
    runs = [r for r in p.iter(q("r")) if r.find(q("t")) is not None]
    texts = [r.find(q("t")) for r in runs]
    words = [t.text for t in texts]
    if "Page " not in words or " of " not in words:
        return
    texts[words.index("Page ")].text = before
    texts[words.index(" of ")].text = between
    if after:
        last = copy.deepcopy(runs[words.index(" of ")])
        last.find(q("t")).text = after
        p.append(last)
