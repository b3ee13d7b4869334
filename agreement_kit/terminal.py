"""Terminal views of the clause library: one slot in full, or its options side by side."""

from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

import click

from .library.blueprints import Blueprints
from .library.clauses import Library, Slot
from .library.preview import preview

FORCE_TTY = "AGREEMENT_KIT_TTY"  # "1": behave as on a terminal (for tests and demos)


def on_terminal(err: bool = False) -> bool:
    """Is stdout (stderr with `err`) a terminal, or is terminal behaviour forced?"""
    if os.environ.get(FORCE_TTY) == "1":
        return True
    stream = sys.stderr if err else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def columns() -> int | None:
    """The terminal's width when stdout is a terminal; None for a pipe or a file (whose lines
    are then left as they always were)."""
    if not on_terminal():
        return None
    return max(40, shutil.get_terminal_size((100, 24)).columns)


def row(prefix: str, text: str, width: int | None) -> str:
    """`prefix` then `text`, the text wrapped under itself to `width` (None: one line)."""
    if width is None:
        return prefix + text
    if len(prefix) + len(text) <= width:
        return (prefix + text).rstrip()
    room = width - len(prefix)
    if room < 24:  # too narrow to wrap beside the prefix: wrap below it
        head = prefix.rstrip()
        if len(head) > width:
            head = textwrap.fill(head, width, subsequent_indent="    ", break_on_hyphens=False)
        return head + "\n" + textwrap.fill(text, width, initial_indent="    ",
                                          subsequent_indent="    ")
    lines = textwrap.wrap(text, room) or [""]
    return "\n".join([prefix + lines[0]] + [" " * len(prefix) + ln for ln in lines[1:]])


class Progress:
    """The stages of a long command on one line of stderr ("drafting... rendering pdf"),
    only when stderr is a terminal (or FORCE_TTY is set); the line is cleared at the end."""

    def __init__(self, what: str):
        self.what = what
        self.on = on_terminal(err=True)
        self.shown = False

    def __enter__(self) -> "Progress":
        return self

    def __call__(self, stage: str) -> None:
        if self.on:
            click.echo(f"\r\x1b[K{self.what}... {stage}", err=True, nl=False)
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False

    def note(self, message: str) -> None:
        """A message on stderr that the progress line must not overwrite."""
        self.clear()
        click.echo(message, err=True)

    def __exit__(self, *exc) -> None:
        self.clear()


# C0 controls but tab and newline, DEL, C1 controls (ESC and CSI start terminal escapes) and
# lone surrogates (a non-UTF-8 byte in a command-line argument or file name)
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` safe to print on a terminal: escapes and other controls shown as \\x1b etc."""
    return _HIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


class ProgressBar:
    """A batch's progress on one line of stderr, only on a terminal (or FORCE_TTY):
    "drafting [#######.......]  7/20  bla-nepal-malaysia.yaml"; cleared at the end."""

    WIDTH = 24

    def __init__(self, what: str, total: int):
        self.what, self.total, self.done = what, total, 0
        self.on = on_terminal(err=True)
        self.shown = False

    def __enter__(self) -> "ProgressBar":
        self._draw("")
        return self

    def _draw(self, name: str) -> None:
        if not self.on:
            return
        filled = self.WIDTH * self.done // max(1, self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        width = shutil.get_terminal_size((100, 24)).columns
        line = f"{self.what} [{bar}] {self.done:>{len(str(self.total))}}/{self.total}  {name}"
        click.echo(f"\r\x1b[K{line[:max(20, width - 1)]}", err=True, nl=False)
        self.shown = True

    def current(self, name: str) -> None:
        self._draw(name)

    def advance(self, name: str) -> None:
        self.done += 1
        self._draw(name)

    def __exit__(self, *exc) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)
            self.shown = False


def slot_details(library: Library, slot: Slot, full: bool = False, lang: str = "en") -> str:
    lines = [f"{slot.key}: {slot.title.get(lang, '')}"]
    if slot.purpose:
        lines.append(slot.purpose.get(lang, ""))
    if slot.when:
        lines.append(f"drafted only when: {slot.when}")
    if slot.covers:
        lines.append("covers: " + ", ".join(slot.covers))
    if slot.parameters:
        lines.append("")
        lines.append("parameters:")
        for name, spec in slot.parameters.items():
            bounds = []
            if spec.min is not None or spec.max is not None:
                bounds.append(f"{_n(spec.min)}..{_n(spec.max)}")
            if spec.values:
                bounds.append("one of " + ", ".join(spec.values))
            if spec.items and spec.items.get("values"):
                bounds.append("any of " + ", ".join(spec.items["values"]))
            extra = f" ({'; '.join(bounds)})" if bounds else ""
            lines.append(f"  {name}: {spec.type}, default {spec.default!r}{extra}")
            lines.append(_wrap(spec.description.get(lang, ""), "      "))
    for opt in slot.options:
        mark = " (default)" if opt.id == slot.default_option.id else ""
        lines += ["", f"[{opt.protection}] {opt.id}{mark}: {opt.label.get(lang, '')}",
                  "  sources: " + "; ".join(library.cite(s) for s in opt.sources)]
        if full:
            lines.append(_wrap(opt.commentary.get(lang, ""), "  commentary: ", "    "))
            lines.append(textwrap.indent(preview(library, slot, opt, lang), "    | "))
    return "\n".join(lines)


def options_table(library: Library, slot: Slot, lang: str = "en") -> str:
    """Options in columns, weakest to strongest: label, protection, sources, text opening."""
    width = max(60, min(shutil.get_terminal_size((120, 40)).columns, 200))
    n = len(slot.options)
    col = max(18, (width - 14 - 3 * n) // n)
    rows = {
        "option": [o.id + (" *" if o.id == slot.default_option.id else "") for o in slot.options],
        "label": [o.label.get(lang, "") for o in slot.options],
        "protection": [o.protection for o in slot.options],
        "sources": ["; ".join(library.cite(s) for s in o.sources) for o in slot.options],
        "text": [_opening(preview(library, slot, o, lang)) for o in slot.options],
    }
    fit = on_terminal()  # a pipe gets the lines as they always were

    def fill(text: str) -> str:
        return textwrap.fill(text, width) if fit and text else text

    out = [fill(f"{slot.key}: {slot.title.get(lang, '')}"), fill(slot.purpose.get(lang, "")), ""]
    for name, cells in rows.items():
        wrapped = [textwrap.wrap(c, col) or [""] for c in cells]
        for i in range(max(len(w) for w in wrapped)):
            label = name if i == 0 else ""
            out.append(f"{label:<12}| " + " | ".join(
                (w[i] if i < len(w) else "").ljust(col) for w in wrapped).rstrip())
        out.append("-" * min(width, 14 + (col + 3) * n))
    out.append(fill("* default option. Parameters: " + (", ".join(slot.parameters) or "none")
                    + f". Details: agreement-kit clauses show {slot.id}"))
    return "\n".join(out)


def _opening(text: str, limit: int = 320) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " ..."


def _wrap(text: str, first: str, rest: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), 96, initial_indent=first,
                         subsequent_indent=rest if rest is not None else first)


def _n(x):
    return "" if x is None else (int(x) if float(x).is_integer() else x)


def slots_table(slots: list[Slot], width: int | None, lang: str = "en") -> str:
    """`clauses list`: key, number of options, default, title (wrapped on a terminal)."""
    key_w = max((len(s.key) for s in slots), default=10)
    lines = [row(f"{s.key:<{key_w}}  {len(s.options)} options  default {s.default_option.id:<24}  ",
                 s.title.get(lang) or s.title.get("en", ""), width) for s in slots]
    return "\n".join(lines + [f"{len(slots)} slots"])


def documents_table(blueprints: Blueprints, width: int | None, lang: str = "en") -> str:
    """`documents`: id, kind and legal form, what the document is for."""
    items = sorted(blueprints.items.values(), key=lambda b: (b.family, b.kind, b.id))
    id_w = max((len(b.id) for b in items), default=10)
    forms = {b.id: f"{b.kind}, {'binding' if b.binding else 'not binding'}" for b in items}
    form_w = max((len(f) for f in forms.values()), default=10)
    lines = [row(f"{b.id:<{id_w}}  {forms[b.id]:<{form_w}}  ",
                 b.subject.get(lang) or next(iter(b.subject.values()), ""), width)
             for b in items]
    lines.append(f"{len(items)} documents. Start a parameter file for one with "
                 "`agreement-kit init DOCUMENT -o params.yaml`.")
    return "\n".join(lines)


__all__ = ["slot_details", "options_table", "slots_table", "documents_table", "Progress",
           "ProgressBar", "columns", "on_terminal", "visible"]
