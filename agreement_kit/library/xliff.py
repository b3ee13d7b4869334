"""XLIFF 2.0: the library's texts out to a translation unit and back as a language folder.

`export` writes one ``<file>`` per library file and one ``<unit>`` per text (its id the path a
translation file gives it, e.g. ``options.employer-pays.text``), the English as ``<source>``
and, where the language already has one, its text as ``<target>``. Everything in ``{{ }}``,
``{% %}`` and ``{# #}`` is a protected inline code: a ``<ph>`` whose original is kept in the
unit's ``<originalData>``, so a translation tool shows it, moves it, and cannot change it.

`import_xliff` reads a translated file back into translation files (the shape
:mod:`.translations` describes), refusing a target with a code the unit does not hold or one
that loses or invents a value, reference, defined term or detail of the English (a target may
use codes of its own grammar that the export carried, such as a French "of" form). Export then
import gives the same texts back.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ProblemList, UserError
from .translations import compare_placeholders, lookup, units

NS = "urn:oasis:names:tc:xliff:document:2.0"
CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
MAX_XLIFF = 50 * 1024 * 1024  # a whole library in one language is about 3 MB


def _key(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def export(english: dict[str, Any], translation: dict[str, Any], lang: str) -> bytes:
    """XLIFF 2.0 of every English text (`english`: rel path -> data) and `translation`'s
    texts (rel path -> translation data) as targets."""
    from lxml import etree

    root = etree.Element(f"{{{NS}}}xliff", nsmap={None: NS},
                         attrib={"version": "2.0", "srcLang": "en", "trgLang": lang})
    for rel in sorted(english):
        file_el = etree.SubElement(root, f"{{{NS}}}file", id=rel)
        for path, source in units(english[rel]):
            target = lookup(translation.get(rel), path)
            if isinstance(source, dict):  # a vocabulary mapping: one unit per word
                mine = target if isinstance(target, dict) else {}
                for word in dict.fromkeys([*source, *mine]):  # and the language's own words
                    text = source.get(word)
                    if isinstance(text, str) or isinstance(mine.get(word), str):
                        value = mine.get(word)
                        _unit(file_el, _key(path + (word,)),
                              text if isinstance(text, str) else "",
                              value if isinstance(value, str) else None)
                continue
            _unit(file_el, _key(path), source, target if isinstance(target, str) else None)
    root.text = "\n"
    for element in root.iter(f"{{{NS}}}file", f"{{{NS}}}unit"):
        element.tail = "\n"  # one unit a line block; texts themselves are left as they are
        if element.tag.endswith("file"):
            element.text = "\n"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _unit(file_el, unit_id: str, source: str, target: str | None) -> None:
    from lxml import etree

    unit = etree.SubElement(file_el, f"{{{NS}}}unit", id=unit_id)
    codes: dict[str, str] = {}
    data = etree.SubElement(unit, f"{{{NS}}}originalData")
    segment = etree.SubElement(unit, f"{{{NS}}}segment")
    _inline(etree.SubElement(segment, f"{{{NS}}}source"), source, codes, data)
    if target is not None:
        _inline(etree.SubElement(segment, f"{{{NS}}}target"), target, codes, data)
    if not len(data):
        unit.remove(data)


def _inline(element, text: str, codes: dict[str, str], data) -> None:
    """Text with each template code as <ph dataRef=...>; the same code, the same id."""
    from lxml import etree

    pos, last = 0, None
    for m in CODE.finditer(text):
        _append(element, last, text[pos:m.start()])
        code = m.group(0)
        if code not in codes:
            codes[code] = f"d{len(codes) + 1}"
            etree.SubElement(data, f"{{{NS}}}data", id=codes[code]).text = code
        n = sum(1 for _ in element.iter(f"{{{NS}}}ph")) + 1
        last = etree.SubElement(element, f"{{{NS}}}ph", id=f"{element.tag[-6:-1]}{n}",
                                dataRef=codes[code])
        last.set("disp", code)
        pos = m.end()
    _append(element, last, text[pos:])


def _append(element, last, text: str) -> None:
    if not text:
        return
    if last is None:
        element.text = (element.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def import_xliff(path: Path, english: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """(language, rel path -> translation data) from a translated XLIFF 2.0 file; every
    problem (a lost or invented code, an unknown unit) reported at once."""
    from lxml import etree

    if path.stat().st_size > MAX_XLIFF:
        raise UserError(f"{path} is larger than {MAX_XLIFF // 2**20} MB; an XLIFF file of the "
                        "library is a few MB.", file=str(path))
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as exc:
        raise UserError(f"not well-formed XML: {exc}", file=str(path)) from None
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0":
        raise UserError("not an XLIFF 2.0 file (its root must be <xliff version=\"2.0\"> in "
                        f"the namespace {NS}).", file=str(path), line=root.sourceline)
    lang = root.get("trgLang") or ""
    if not re.fullmatch(r"[a-z]{2,3}", lang):
        raise UserError(f"trgLang '{lang}' is not a language code such as de or ko.",
                        file=str(path), line=root.sourceline)
    problems = ProblemList()
    out: dict[str, Any] = {}
    for file_el in root.iter(f"{{{NS}}}file"):
        rel = file_el.get("id", "")
        if rel not in english:
            problems.add(f"file '{rel}' is not a file of the library.", file=str(path),
                         line=file_el.sourceline)
            continue
        known = {_key(p): (p, s) for p, s in units(english[rel])}
        for unit in file_el.iter(f"{{{NS}}}unit"):
            _read_unit(unit, rel, known, english[rel], out, problems, str(path))
    problems.raise_if_any(f"{path}: {len(problems)} problem(s) in the translated file")
    return lang, out


def _read_unit(unit, rel: str, known: dict, english: Any, out: dict, problems: ProblemList,
               file: str) -> None:
    unit_id = unit.get("id", "")
    target_el = unit.find(f"{{{NS}}}segment/{{{NS}}}target")
    if target_el is None:
        return  # not translated yet
    codes = {d.get("id"): d.text or "" for d in unit.iter(f"{{{NS}}}data")}
    unknown = sorted({ph.get("dataRef") for ph in target_el.iter(f"{{{NS}}}ph")} - set(codes))
    if unknown:
        problems.add(f"unit '{unit_id}': the target has code(s) {', '.join(map(str, unknown))} "
                     "that the unit's originalData does not hold; a code cannot be invented.",
                     file=file, line=target_el.sourceline)
        return
    source_el = unit.find(f"{{{NS}}}segment/{{{NS}}}source")
    source = _text_of(source_el, codes) if source_el is not None else ""
    target = _text_of(target_el, codes)
    why = compare_placeholders(source, target)
    if why:
        problems.add(f"unit '{unit_id}': the target {'; '.join(why)}. A translation prints the "
                     "same values, references, terms and details as the English.",
                     file=file, line=target_el.sourceline)
        return
    text = target
    if unit_id in known:
        _set(out, rel, english, known[unit_id][0], text)
        return
    head, _, word = unit_id.rpartition(".")
    if head in known and isinstance(known[head][1], dict):
        _set(out, rel, english, known[head][0] + (word,), text)
        return
    problems.add(f"unit '{unit_id}' is not a text of {rel}.", file=file, line=unit.sourceline)


def _text_of(element, codes: dict[str, str]) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{NS}}}ph":
            parts.append(codes.get(child.get("dataRef"), ""))
        parts.append(child.tail or "")
    return "".join(parts)


def _set(out: dict, rel: str, english: Any, path: tuple, text: str) -> None:
    """Put `text` at `path` of the translation of `rel`, shaping lists as the English."""
    from .translations import skeleton

    if rel not in out:
        out[rel] = _empty(skeleton(english))
    node = out[rel]
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = text


def _empty(shape: Any) -> Any:
    """The skeleton's containers with no texts (texts are filled in by the import)."""
    if isinstance(shape, dict):
        return {k: _empty(v) for k, v in shape.items() if isinstance(v, (dict, list))}
    if isinstance(shape, list):
        return [_empty(v) if isinstance(v, (dict, list)) else None for v in shape]
    return None


def prune(data: Any) -> Any:
    """A translation without the empty containers the import laid out."""
    if isinstance(data, dict):
        out = {k: p for k, v in data.items() if (p := prune(v)) not in (None, {}, [])}
        return out or None
    if isinstance(data, list):
        items = [prune(v) for v in data]
        return items if any(i not in (None, {}, []) for i in items) else None
    return data
