"""Wall-clock limits for work that hostile input could make endless.

Filling in a clause text and laying out a PDF are each stopped after a number of seconds, with
a message that says which and what to do. The limit uses SIGALRM, so it applies in the main
thread on POSIX systems; elsewhere, and when an outer limit is already running, the work
simply runs (the outer limit still holds).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Callable, Iterator


@contextmanager
def time_limit(seconds: float | None, error: Callable[[], Exception]) -> Iterator[None]:
    """Raise `error()` inside the block if it runs longer than `seconds`."""
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer") or signal.getitimer(signal.ITIMER_REAL)[0]:
        yield
        return

    def expired(signum, frame):
        raise error()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
