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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ProblemList, UserError
from ..inputs.problems import problems_from
from ..inputs.yamlio import Loaded, load_file

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


def languages_at(root: Path) -> dict[str, Path]:
    """The language folders a translations root gives: itself, when it is one (a ministry's
    de/ given with --translations), else the language folders under it."""
    return {root.name: root} if (root / "language.yaml").is_file() else language_folders(root)


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


# --- a library's languages -----------------------------------------------------------------

class LanguageInfo(BaseModel):
    """``language.yaml``: who drafted a language's texts and whether a lawyer has reviewed them,
    and its glossary of defined terms (English key -> the term in the language)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str
    name: str
    status: Literal["drafted", "reviewed"]
    drafted_by: str | None = None
    reviewed_by: str | None = None
    terms: dict[str, str] = Field(default_factory=dict)

    @property
    def reviewed(self) -> bool:
        return self.status == "reviewed" and bool(self.reviewed_by)


@dataclass
class Translations:
    """The language folders of a library, their files read once and laid over its files."""

    folders: dict[str, Path] = field(default_factory=dict)
    info: dict[str, LanguageInfo] = field(default_factory=dict)
    files: dict[tuple[str, str], Loaded] = field(default_factory=dict)  # (lang, rel) -> file
    available: list[str] = field(default_factory=list)  # every language found, read or not

    def apply(self, data: Any, rel: str) -> Any:
        """A library file's data with every language's texts laid over it."""
        for lang in self.folders:
            doc = self.files.get((lang, rel))
            if doc is not None:
                data = overlay(data, doc.data, lang)
        return data


def read_translations(roots: list[Path], problems: ProblemList,
                      digest: Any | None = None, part: str = "",
                      only: tuple[str, ...] | None = None) -> Translations:
    """Every language folder under `roots` (folders of language folders, or language folders
    themselves); a later root's language replaces an earlier one's. `part` reads only the
    files under that subfolder (the blueprints read "model_contracts/"), and language.yaml;
    `only` reads only those languages (the others are listed in `available`, unread)."""
    found = Translations()
    for root in roots:
        candidates = languages_at(root)
        found.available += [lang for lang in candidates if lang not in found.available]
        for lang, folder in candidates.items():
            if only is not None and lang not in only:
                continue
            found.folders[lang] = folder
            found.files = {k: v for k, v in found.files.items() if k[0] != lang}
            real = folder.resolve()
            for path in sorted(folder.rglob("*.yaml")):
                rel = path.relative_to(folder).as_posix()
                if part and rel != "language.yaml" and not rel.startswith(part):
                    continue
                if not path.resolve().is_relative_to(real):
                    problems.add(f"this translation is a link to {path.resolve()}, outside its "
                                 "language folder; copy the file in instead.", file=str(path))
                    continue
                try:
                    doc = load_file(path, what="translation")
                except UserError as exc:
                    problems.problems.extend(exc.problems)
                    continue
                if digest is not None:
                    digest.update(f"{lang}/{rel}".encode() + b"\0" + path.read_bytes())
                if rel == "language.yaml":
                    try:
                        found.info[lang] = LanguageInfo.model_validate(doc.data)
                    except ValidationError as exc:
                        problems.problems.extend(problems_from(exc, doc))
                    continue
                if not isinstance(doc.data, dict):
                    problems.add("a translation file is a YAML mapping, shaped like the "
                                 "library file it translates.", file=str(path), line=1)
                    continue
                found.files[(lang, rel)] = doc
    found.folders = {k: v for k, v in found.folders.items() if k in found.info}
    return found


def english_files(library, blueprints) -> dict[str, Any]:
    """Relative path in a language folder -> the English data of that library file."""
    files: dict[str, Any] = {}
    for name, doc in library.loaded.items():
        path = Path(name)
        try:
            rel = path.relative_to(library.root).as_posix()
        except ValueError:
            continue
        if rel != "sources.yaml" and not rel.startswith("sources/"):
            files[rel] = doc.data
    for name, doc in (blueprints.loaded.items() if blueprints else []):
        files[f"model_contracts/{Path(name).name}"] = doc.data
    return files


def translation_report(library, blueprints) -> dict[str, tuple[int, int, list]]:
    """Per language: (texts translated, texts in the library, problems), where a problem is a
    translated text whose placeholders differ from the English, one that does not parse, or
    a translation of a text the library does not have (its English was removed or renamed)."""
    from ..errors import Problem

    problems = ProblemList()
    found = read_translations(library.translation_roots, problems)
    english = english_files(library, blueprints)
    report: dict[str, tuple[int, int, list]] = {}
    for lang in found.folders:
        done = total = 0
        issues: list[Problem] = []
        for rel, data in english.items():
            doc = found.files.get((lang, rel))
            paths = set()
            for path, source in units(data):
                total += 1
                paths.add(path)
                target = lookup(doc.data, path) if doc else None
                if target is None:
                    continue
                where = ".".join(map(str, path))
                line = doc.line(path) if doc else None
                if type(target) is not type(source):
                    issues.append(Problem(f"should be a {type(source).__name__} like the "
                                          "English", doc.file, line, where))
                    continue
                done += 1
                if isinstance(source, str):
                    for why in compare_placeholders(source, target):
                        issues.append(Problem(f"the translation {why}", doc.file, line, where))
            if doc is not None:
                for path, _text in units_of_translation(doc.data):
                    if not any(path[:len(p)] == p for p in paths):
                        issues.append(Problem("translates a text the English library does not "
                                              "have (removed or renamed?)", doc.file,
                                              doc.line(path), ".".join(map(str, path))))
        for (flang, rel), doc in found.files.items():
            if flang == lang and rel not in english and rel != "vocabulary.yaml":
                issues.append(Problem("translates a file the library does not have",
                                      doc.file, 1))
        report[lang] = (done, total, issues + [p for p in problems.problems])
    return report


def units_of_translation(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    """Every text of a translation file with its path."""
    if isinstance(data, (str, int, float)) or data is None:
        yield path, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from units_of_translation(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from units_of_translation(v, path + (i,))
