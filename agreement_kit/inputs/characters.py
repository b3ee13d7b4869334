"""Characters that cannot go into a document: one rule for parameter values, library and
blueprint texts, and what a clause text gives when it is filled in.

A Word document is XML, which has no place for C0 controls other than tab and line breaks,
for DEL and the C1 controls, for lone surrogates or for the non-characters U+FFFE and U+FFFF;
lxml refuses them and Markdown would carry them raw to a reader's terminal. The private-use
characters U+E000-U+E002 mark the helpers' tokens (ref(), term(), blank()) and may not be
forged by a text.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .yamlio import Loaded

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
TOKEN_MARKS = re.compile("[\ue000-\ue002]")


def unwritable(text: str) -> str | None:
    """Why `text` cannot be written into a document (its first bad character), or None."""
    m = UNWRITABLE.search(text)
    if m:
        return (f"contains the control character U+{ord(m.group()):04X} at position "
                f"{m.start() + 1}, which cannot be written into a document. Remove it")
    m = TOKEN_MARKS.search(text)
    if m:
        return (f"contains the private-use character U+{ord(m.group()):04X} at position "
                f"{m.start() + 1}, which agreement-kit reserves. Remove it")
    return None


def unwritable_strings(loaded: Loaded) -> Iterator[tuple[tuple, str]]:
    """(path, reason) for every key or text of a loaded file that a document cannot hold."""
    def walk(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(value, str):
            why = unwritable(value)
            if why:
                yield path, why
        elif isinstance(value, dict):
            for key, item in value.items():
                why = unwritable(key)
                if why:
                    yield path + (key,), "the key " + why
                yield from walk(item, path + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, path + (i,))

    yield from walk(loaded.data, ())
