"""Turning pydantic's validation errors into messages a legal officer can act on."""

from __future__ import annotations

from typing import Any, Iterable

from ..errors import Problem, allowed_list, did_you_mean, shown
from .yamlio import Loaded, kind_of


_NO_DATA = object()


def _is_tag(part: Any) -> bool:
    """pydantic's own steps in a location: union members ('list[str]'), validators."""
    return isinstance(part, str) and ("[" in part or part in {"function-after", "function-plain"})


def field_path(loc: Iterable[Any], data: Any = _NO_DATA) -> tuple:
    """pydantic's location without its internal union/type tags.

    With the `data` that was validated, a part that is a key (or index) of the data is kept
    whatever it looks like, so an unknown key such as 'a[b]' is named, not dropped."""
    out = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif _is_tag(part):
            continue
        else:
            node = _NO_DATA
        out.append(part)
    return tuple(out)


def dotted(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text


def _fields_at(known_fields: dict[tuple, Iterable[str]] | None, path: tuple) -> list[str]:
    """The keys allowed at `path`; an item of a list is found under "*" (parties[2] is
    ("parties", "*"))."""
    known = known_fields or {}
    if path in known:
        return list(known[path])
    return list(known.get(tuple("*" if isinstance(p, int) else p for p in path), []))


def describe(err: dict, known_fields: dict[tuple, Iterable[str]] | None = None,
             data: Any = _NO_DATA) -> str:
    """One sentence for one pydantic error (`data`: what was validated, to read its keys)."""
    kind = err.get("type", "")
    path = field_path(err.get("loc", ()), data)
    if kind == "extra_forbidden":
        parent = path[:-1]
        allowed = _fields_at(known_fields, parent)
        hint = did_you_mean(path[-1], allowed) if allowed else ""
        extra = f" Allowed here: {allowed_list(allowed)}." if allowed else ""
        return f"unknown key '{path[-1]}'.{hint}{extra}"
    if kind == "missing":
        return "this field is required but missing."
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        keys = _fields_at(known_fields, path)
        given = err.get("input")
        what = kind_of(given) + (f" {shown(given, 60)}" if isinstance(given, (str, int, float))
                                 else "")
        if keys:
            return (f"must be a mapping with the keys {', '.join(keys)} (given: {what}); "
                    f"for example {{{keys[0]}: ...}} or one key per indented line.")
        return f"must be a mapping of keys and values (given: {what})."
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        hint = did_you_mean(err.get("input"), [e.strip(" '") for e in str(expected).split(",")])
        return f"'{err.get('input')}' is not allowed; expected {expected}.{hint}"
    msg = err.get("msg", "invalid value")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    given = err.get("input")
    if isinstance(given, (str, int, float)) and kind not in {"string_too_long"}:
        return f"{msg[0].lower() + msg[1:]} (given: {shown(given, 80)})."
    return msg[0].lower() + msg[1:] + ("" if msg.endswith(".") else ".")


_LANG_FIELDS = {"title", "purpose", "label", "commentary", "text", "description", "subject",
                "heading", "name", "opening", "agreed", "closing"}


def _comma_split(path: tuple) -> bool:
    """Did `{en: a, b}` in flow style turn ' b' into a key of a language map?"""
    if not path or not isinstance(path[-1], str):
        return False
    key = path[-1]
    looks_like_language = len(key) <= 3 and key.isalpha() and key.islower()
    return " " in key or (len(path) > 1 and path[-2] in _LANG_FIELDS and not looks_like_language)


def problems_from(exc: Any, loaded: Loaded, *, prefix: tuple = (),
                  known_fields: dict[tuple, Iterable[str]] | None = None) -> list[Problem]:
    problems = []
    data = _walk(loaded.data, prefix)
    for err in exc.errors():
        path = prefix + field_path(err.get("loc", ()), data)
        message = describe(err, known_fields, data)
        if _comma_split(path):
            # {en: a, b} in flow style: the comma ended the text and began a new key
            path = path[:-1]
            message = ("a comma inside {en: ...} ends the text there; put the text in quotes: "
                       '{en: "..., ..."} or write it on its own line.')
        problem = Problem(message, loaded.file, loaded.line(path), dotted(path) or None)
        if str(problem) not in {str(p) for p in problems}:
            problems.append(problem)
    return problems


def _walk(data: Any, path: tuple) -> Any:
    for part in path:
        if not isinstance(data, (dict, list)):
            return _NO_DATA
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return _NO_DATA
    return data


def model_fields_map(model: Any, prefix: tuple = ()) -> dict[tuple, list[str]]:
    """Allowed keys at each path of a pydantic model tree, for did-you-mean on unknown keys."""
    from pydantic import BaseModel

    out: dict[tuple, list[str]] = {prefix: list(model.model_fields)}
    for name, info in model.model_fields.items():
        ann = info.annotation
        for candidate in getattr(ann, "__args__", (ann,)):
            if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                out.update(model_fields_map(candidate, prefix + (name,)))
    return out
