"""The `agreement-kit` program: the command line run as a process of its own.

A command's objects (the modules, the library, the Draft, the document being built) live
until it ends, and they form few reference cycles. Python's cycle collector would walk them
again and again while they are made: a tenth of a short command's time, and a quarter of
a 400-page DOCX's (4.4 -> 3.4 s, the same peak memory). So the program runs without it.
A batch's worker processes turn it back on, since each lives through many files, and a PDF's
layout holds it off for itself (see :func:`.render.pdf.gc_paused`). Importing
:mod:`agreement_kit.cli` as a library changes nothing.

Nor does the program look for pydantic plugins (observability hooks a server installs):
finding them reads the metadata of every package installed beside it, 30 ms of every
command, and the program has no use for them. ``PYDANTIC_DISABLE_PLUGINS`` set otherwise
is respected.
"""

from __future__ import annotations

import gc
import os

# Where the collector runs at all (a library caller of the commands, a batch's workers):
# layout allocates millions of short-lived objects, and Python's default collector (a pass
# every 700 allocations, over ever more objects) cost 10-20 % of a PDF's time. Fewer passes
# change no result, only when garbage cycles are freed.
GC_THRESHOLDS = (50_000, 20, 100)


def main() -> None:
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from .cli import main as command

    command()


if __name__ == "__main__":  # pragma: no cover
    main()
