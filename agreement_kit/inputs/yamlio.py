"""Reading YAML that someone else wrote.

Parameter files and clause libraries are untrusted input. This reader uses YAML's safe subset
only, remembers the line of every key so errors can point at it, refuses duplicate keys (plain
PyYAML silently keeps the last one and loses data), and bounds file size, nesting and alias
expansion so a hostile file fails fast with a message instead of exhausting memory.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import UserError

try:  # the C loader is several times faster and gives the same node marks
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 4_300  # the longest number Python prints (sys.get_int_max_str_digits)
_MAX_INT_DIGITS = sys.get_int_max_str_digits() or MAX_NUMBER_CHARS
_MAX_INT_BITS = int(_MAX_INT_DIGITS * 3.32)  # 0x.., 0b.., 1:59:59 (base 60) read past it

_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SCALAR_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null",
                                                     "timestamp")}
_DEEP_GATE = 1_000  # a file that could nest deeper than this is measured before composing
_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_WIDE_BOMS = {b"\xff\xfe\x00\x00": "UTF-32", b"\x00\x00\xfe\xff": "UTF-32", b"\xff\xfe": "UTF-16",
              b"\xfe\xff": "UTF-16"}
Path_ = tuple  # a path into the data: ("clauses", "joint-committee", "option")


@dataclass
class Loaded:
    """Plain data read from a YAML file, with the line of every key and item."""

    data: Any
    file: str
    marks: dict[Path_, int] = field(default_factory=dict)
    text: str = ""  # the file as read: for lines a caller quotes, and for drafts to carry

    def line(self, path: Path_) -> int | None:
        """Line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), None)


def kind_of(value: Any) -> str:
    """What a YAML value is, in a user's words: 'a list', 'a text', 'a number'..."""
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, date):
        return "a date"
    return "an empty value" if value is None else f"a {type(value).__name__}"


_SPECIAL = {stat.S_IFIFO: "a named pipe", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
            stat.S_IFSOCK: "a socket"}


def special_kind(mode: int) -> str | None:
    """'a named pipe', 'a device', 'a socket' for a file that is not a regular file or folder."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _SPECIAL.get(stat.S_IFMT(mode), "a special file")


def not_regular(name: str, kind: str, what: str) -> UserError:
    return UserError(f"{name} is not a regular file ({kind}); reading it could wait forever. "
                     f"Give the path of a {what}.", file=name)


def load_file(path: str | Path, *, what: str = "YAML file", max_bytes: int = MAX_BYTES) -> Loaded:
    """Read and parse a YAML file; every failure is a UserError naming the file.

    Only a regular file is read: a named pipe, device or socket is refused before it is
    opened (opening a pipe for reading waits for a writer), and the file is opened without
    blocking and checked again, so nothing swapped in meanwhile can make a command hang."""
    name = str(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise UserError(f"{name} is a directory; give the path of a {what}.", file=name)
        if special_kind(mode):
            raise not_regular(name, special_kind(mode), what)
        raw = _read_regular(path, name, what, max_bytes)
    except FileNotFoundError:
        raise UserError(f"no such file: {name}", file=name) from None
    except PermissionError:
        raise UserError(f"cannot read {name}: permission denied", file=name) from None
    except OSError as exc:
        raise UserError(f"cannot read {name}: {exc.strerror or exc}", file=name) from None
    if len(raw) > max_bytes:
        raise UserError(f"the file is larger than {max_bytes // 1024} KiB; a {what} is far smaller. "
                        "Check that this is the right file.", file=name)
    return load_bytes(raw, name, what=what)


def _read_regular(path: str | Path, name: str, what: str, max_bytes: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as fh:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind:
            raise not_regular(name, kind, what)
        return fh.read(max_bytes + 1)


def load_bytes(raw: bytes, name: str, *, what: str = "YAML file") -> Loaded:
    for bom, encoding in _WIDE_BOMS.items():
        if raw.startswith(bom):
            raise UserError(f"the file is {encoding} text, not UTF-8. Save it as UTF-8 (in most "
                            "editors: Save As, encoding UTF-8).", file=name, line=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                        f"{exc.start}). Save it as UTF-8.", file=name, line=line) from None
    if "\x00" in text:
        raise UserError("the file contains NUL bytes; it is not a text file.", file=name,
                        line=text[: text.index("\x00")].count("\n") + 1)
    return load_text(text, name, what=what)


def load_text(text: str, name: str = "<string>", *, what: str = "YAML file") -> Loaded:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#")
                               for ln in text.splitlines()):
        raise UserError(f"the file is empty; a {what} is a YAML mapping of keys and values.",
                        file=name, line=1)
    loader = _Loader(text)
    try:
        _check_nesting(text, name)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        tab = _tab_at(text, mark)
        if tab:
            raise UserError(f"a tab character at line {tab[0]}, column {tab[1]}: tabs cannot "
                            "indent YAML; indent with spaces (your editor can turn tabs into "
                            "spaces).",
                            file=name, line=tab[0]) from None
        raise UserError(f"YAML syntax error: {problem}"
                        + (f" ({exc.context})" if exc.context else ""),
                        file=name, line=mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
        raise UserError(f"the file contains the control character U+{char:04X}, which cannot go "
                        "into a document. Remove it.", file=name, line=line) from None
    except yaml.YAMLError as exc:
        raise UserError(f"YAML error: {exc}", file=name) from None
    finally:
        loader.dispose()
    if node is None:
        raise UserError(f"the file is empty; a {what} is a YAML mapping.", file=name, line=1)
    builder = _Builder(name, loader)
    data = builder.build(node, (), 0)
    return Loaded(data, name, builder.marks, text)


def _tab_at(text: str, mark: Any) -> tuple[int, int] | None:
    """(line, column) of the tab that broke the parse, when a tab did: at the error's mark or
    in the indentation of its line."""
    if mark is None:
        return None
    lines = text.splitlines()
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    if mark.column < len(line) and line[mark.column] == "\t":
        return mark.line + 1, mark.column + 1
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" in indent:
        return mark.line + 1, indent.index("\t") + 1
    return None


def _nested_too_deep(name: str, line: int, loop: bool = False) -> UserError:
    if loop:
        return UserError("an alias (*name) refers to the value that contains it, which would "
                         "repeat forever; write the value out instead.", file=name, line=line)
    return UserError(f"values are nested more than {MAX_DEPTH} levels deep; it is refused.",
                     file=name, line=line)


def _too_many_values(name: str, line: int) -> UserError:
    return UserError(f"the file expands to more than {MAX_NODES:,} values (anchors and aliases "
                     "repeated over and over?); it is refused.", file=name, line=line)


def _check_nesting(text: str, name: str) -> None:
    """Refuse deep nesting and alias bombs before libyaml composes them.

    libyaml's composer recurses in C: collections nested some tens of thousands deep (a few
    hundred KB of ``[[[[...`` or ``- - - -...``) crash the whole process instead of raising an
    error. The event parser needs no recursion, so the depth is measured on the events first.
    Each level of nesting needs one of ``[ { - ?`` or a new line, so a file with fewer of
    those than _DEEP_GATE (most parameter files and clause slots) skips the depth count.
    On the same events the values each anchor stands for are counted, so a file whose aliases
    expand to more than MAX_NODES values is refused at the alias that goes over the limit.
    Some PyYAML versions stop deep flow collections themselves, with their own message; that
    is reported as our nesting limit too (see _deep_flow).
    """
    deep = sum(text.count(c) for c in "[{-?\n") > _DEEP_GATE
    if not deep and "*" not in text:
        return
    loader = _Loader(text)
    try:
        _scan_events(loader, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None and (_deep_flow(text, mark.index) or "nesting" in str(exc.problem)):
            raise _nested_too_deep(name, mark.line + 1) from None
        raise
    finally:
        loader.dispose()


def _scan_events(loader: Any, name: str) -> None:
    depth = total = 0
    open_counts: list[int] = []  # values so far inside each open collection
    open_anchors: list[str | None] = []
    sizes: dict[str, int] = {}  # anchor -> number of values it stands for
    while loader.check_event():
        event = loader.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                raise _nested_too_deep(name, line)
            open_counts.append(1)
            open_anchors.append(event.anchor)
            added = 0
            total += 1
        elif isinstance(event, _CLOSE):
            depth -= 1
            count, anchor = open_counts.pop(), open_anchors.pop()
            if anchor:
                sizes[anchor] = count
            added = count
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor:
                sizes[event.anchor] = 1
            added = 1
            total += 1
        elif isinstance(event, yaml.AliasEvent):
            added = sizes.get(event.anchor, 1)  # an open anchor: the builder names the loop
            total += added
        else:
            continue
        if open_counts and not isinstance(event, _OPEN):
            open_counts[-1] += added
        if total > MAX_NODES:
            raise _too_many_values(name, line)


def _deep_flow(text: str, upto: int) -> bool:
    """Whether the brackets opened before `upto` (outside quotes and comments) nest deeper
    than MAX_DEPTH: then a parser's own error there is our nesting limit, whatever it says."""
    depth = 0
    quote = None
    comment = False
    for i, ch in enumerate(text[:upto + 1]):
        if comment:
            comment = ch != "\n"
        elif quote:
            if ch == quote and not (quote == '"' and text[i - 1] == "\\"):
                quote = None
        elif ch in "\"'" and (i == 0 or text[i - 1] in " \t\n[{,:"):
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1] in " \t\n"):
            comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _dotted(path: Path_) -> str | None:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (("." if text else "") + str(part))
    return text or None


class _Builder:
    """Turns a composed YAML node tree into plain Python data, recording marks."""

    def __init__(self, name: str, loader: Any):
        self.name = name
        self.loader = loader
        self.marks: dict[Path_, int] = {}
        self.nodes = 0
        self.constructor = yaml.SafeLoader("")  # pure-Python constructor for scalars
        self.open: list[int] = []  # ids of the collections being built (to name alias loops)

    def fail(self, message: str, node: yaml.Node, path: Path_ = ()) -> None:
        raise UserError(message, file=self.name, line=node.start_mark.line + 1,
                        field=_dotted(path))

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self.fail(f"the file expands to more than {MAX_NODES:,} values (anchors and aliases "
                      "repeated over and over?); it is refused.", node)
        if depth > MAX_DEPTH:
            raise _nested_too_deep(self.name, node.start_mark.line + 1,
                                   len(set(self.open)) < len(self.open))
        self.marks.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.build_scalar(node, path)
        if node.tag not in _PLAIN_TAGS:
            self.fail(f"unsupported YAML tag {_short_tag(node.tag)}; only plain strings, numbers, "
                      "booleans, dates, lists and mappings are allowed.", node, path)
        self.open.append(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, path, depth)
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        finally:
            self.open.pop()

    def build_mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.fail("merge keys ('<<') are not supported; write the keys out.", key_node)
            key = self.build_scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) \
                else None
            if key is None or isinstance(key, (dict, list)):
                self.fail("a key must be a plain word or string.", key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = self.marks.get(path + (key,))
                self.fail(f"duplicate key '{key}'" + (f" (first given on line {first})" if first else "")
                          + "; YAML would silently keep only the last one. Remove one of them.",
                          key_node)
            self.marks[path + (key,)] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, path + (key,), depth + 1)
        return result

    def build_scalar(self, node: yaml.ScalarNode, path: Path_ = ()) -> Any:
        if node.tag not in _SCALAR_TAGS:  # !!binary, !!python/..., custom !tags
            self.fail(f"unsupported YAML value with tag {_short_tag(node.tag)}; only plain "
                      "strings, numbers, booleans, dates, lists and mappings are allowed. Remove "
                      "the tag.", node, path)
        if node.tag.endswith((":int", ":float")) and len(node.value) > MAX_NUMBER_CHARS:
            self.fail(f"'{node.value[:37]}...' cannot be read as a number (it is {len(node.value):,} "
                      f"characters long; too long for any count or amount).", node, path)
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.fail(f"unsupported YAML value ({exc.problem}); only plain strings, numbers, "
                      "booleans, dates, lists and mappings are allowed.", node, path)
        except (ValueError, OverflowError) as exc:
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            reason = str(exc).split(";")[0]
            if node.tag.endswith(":timestamp"):
                self.fail(f"'{shown}' is not a date that exists ({reason}). Write a real date "
                          "as YYYY-MM-DD.", node, path)
            self.fail(f"'{shown}' cannot be read as a number ({reason}).", node, path)
        if isinstance(value, int) and value.bit_length() > _MAX_INT_BITS:
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            self.fail(f"'{shown}' cannot be read as a number (it has more than "
                      f"{_MAX_INT_DIGITS:,} digits; too long for any count or amount).", node, path)
        return value


class _Dumper(yaml.SafeDumper):
    """Texts with paragraphs as `|` blocks, as the library writes them."""


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(data: Any) -> str:
    """YAML text of plain data, keys in their order, Unicode as it is."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
