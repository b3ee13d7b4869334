"""Terminal views of the clause library: one slot in full, or its options side by side."""

from __future__ import annotations

import re
import shutil
import textwrap

from .library.clauses import Library, Slot
from .library.preview import preview


# C0 controls but tab and newline, DEL, C1 controls (ESC and CSI start terminal escapes) and
# lone surrogates (a non-UTF-8 byte in a command-line argument or file name)
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """`text` safe to print on a terminal: escapes and other controls shown as \\x1b etc."""
    return _HIDDEN.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


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
    out = [f"{slot.key}: {slot.title.get(lang, '')}", slot.purpose.get(lang, ""), ""]
    for name, cells in rows.items():
        wrapped = [textwrap.wrap(c, col) or [""] for c in cells]
        for i in range(max(len(w) for w in wrapped)):
            label = name if i == 0 else ""
            out.append(f"{label:<12}| " + " | ".join(
                (w[i] if i < len(w) else "").ljust(col) for w in wrapped).rstrip())
        out.append("-" * min(width, 14 + (col + 3) * n))
    out.append("* default option. Parameters: " + (", ".join(slot.parameters) or "none")
               + f". Details: agreement-kit clauses show {slot.id}")
    return "\n".join(out)


def _opening(text: str, limit: int = 320) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " ..."


def _wrap(text: str, first: str, rest: str | None = None) -> str:
    return textwrap.fill(" ".join(text.split()), 96, initial_indent=first,
                         subsequent_indent=rest if rest is not None else first)


def _n(x):
    return "" if x is None else (int(x) if float(x).is_integer() else x)


__all__ = ["slot_details", "options_table", "visible"]
