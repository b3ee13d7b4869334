"""Translations: the library's texts in a language other than English, kept beside it.

The English texts live in the library's own files, as ``{en: ...}`` maps. A language's texts
live in ``clause_library/translations/<lang>/``, one file per library file at the same relative
path (``bla/recruitment-costs.yaml``, ``model_contracts/social-security-agreement.yaml``), with
the same shape reduced to what is translated: wherever the English file has ``{en: TEXT}``, the
translation has ``TEXT`` in its language at the same place; a list of mappings with ``id`` (a
slot's options) becomes a mapping by id, any other list keeps its positions. A language folder
also holds ``language.yaml``: its name, review status, glossary of defined terms, the vocabulary
of the engine (Part, Annex, Contents...) and what CLDR does not say (quotation marks, the form
of a reference).

A ministry adds a language of its own the same way, as a folder beside the library
(``--translations DIR``); the six UN languages ship with the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

SOURCE = "en"

Path_ = tuple[Any, ...]  # keys from a file's root to one text


def _is_text_map(value: Any) -> bool:
    return isinstance(value, dict) and SOURCE in value and isinstance(value[SOURCE], (str, dict))


def _keyed_list(value: list) -> bool:
    return bool(value) and all(isinstance(v, dict) and isinstance(v.get("id"), str) for v in value)


def skeleton(data: Any) -> Any:
    """What a translator fills in for one library file: its English texts at the places a
    translation gives them (None where the file has nothing to translate)."""
    if _is_text_map(data):
        return data[SOURCE]
    if isinstance(data, dict):
        out = {k: s for k, v in data.items() if (s := skeleton(v)) is not None}
        return out or None
    if isinstance(data, list):
        if _keyed_list(data):
            out = {v["id"]: s for v in data if (s := skeleton(v)) is not None}
            return out or None
        items = [skeleton(v) for v in data]
        return items if any(i is not None for i in items) else None
    return None


def units(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every English text of a library file with its path (the place a translation fills)."""
    if _is_text_map(data):
        yield path, data[SOURCE]
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from units(v, path + (k,))
    elif isinstance(data, list):
        if _keyed_list(data):
            for v in data:
                yield from units(v, path + (v["id"],))
        else:
            for i, v in enumerate(data):
                yield from units(v, path + (i,))


def lookup(translation: Any, path: Path_) -> Any:
    """The translated text at `path`, or None."""
    node = translation
    for key in path:
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            return None
        if node is None:
            return None
    return node


def overlay(data: Any, translation: Any, lang: str) -> Any:
    """The library file's data with `lang` added to every text map the translation fills."""
    if _is_text_map(data):
        if translation is not None and type(translation) is type(data[SOURCE]):
            return {**data, lang: translation}
        return data
    if isinstance(data, dict):
        sub = translation if isinstance(translation, dict) else {}
        return {k: overlay(v, sub.get(k), lang) for k, v in data.items()}
    if isinstance(data, list):
        if _keyed_list(data):
            sub = translation if isinstance(translation, dict) else {}
            return [overlay(v, sub.get(v["id"]), lang) for v in data]
        sub = translation if isinstance(translation, list) else []
        return [overlay(v, sub[i] if i < len(sub) else None, lang) for i, v in enumerate(data)]
    return data


def language_folders(root: Path) -> dict[str, Path]:
    """The language folders under a translations folder, by language code."""
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.iterdir())
            if p.is_dir() and (p / "language.yaml").is_file()}


# --- checking a translated text against its English source -------------------------------

def placeholders(source: str) -> dict[str, set]:
    """What a text names that must survive translation: the values it prints (names other
    than the form vocabulary), the articles it refers to, the terms it uses, the details it
    asks for. Blanks' labels, the shown form of a term and the form vocabulary are words of
    the language and may differ."""
    from .templating import analyse

    names, calls = analyse(source)
    found: dict[str, set] = {"values": set(names) - {"form"}, "ref": set(), "term": set(),
                             "detail": set(), "blanks": set()}
    for helper, args, _line in calls:
        first = args[0] if args else None
        if helper in ("ref", "ref_range"):
            found["ref"].update(a for a in args[:2 if helper == "ref_range" else 1] if a)
        elif helper in ("term", "detail") and first:
            found[helper].add(first)
        elif helper == "blank":
            found["blanks"].add("blank")
    return found


def compare_placeholders(source: str, target: str) -> list[str]:
    """How the translated text's placeholders differ from the English text's (empty: none)."""
    try:
        want, got = placeholders(source), placeholders(target)
    except Exception as exc:  # a translation that does not parse
        return [f"does not parse as a clause text: {exc}"]
    problems = []
    for kind, label in (("values", "value"), ("ref", "reference to"), ("term", "term"),
                        ("detail", "detail"), ("blanks", "blank")):
        lost, invented = sorted(want[kind] - got[kind]), sorted(got[kind] - want[kind])
        if lost:
            problems.append(f"loses the {label} {', '.join(map(str, lost))}")
        if invented:
            problems.append(f"adds the {label} {', '.join(map(str, invented))}, which the "
                            "English text does not have")
    return problems
