"""Audit hook for the hostile corpus (tests/test_hostile.py puts this folder on PYTHONPATH).

Python imports `sitecustomize` at start-up, so every CLI subprocess of the corpus runs with
this hook. It records, in the file named by AK_AUDIT_LOG, every attempt to open one of the
paths listed in AK_AUDIT_PATHS (the files the payloads try to reach: /etc/passwd, a secret
next to the library...), every attempt to use the network, and every process started other
than the library lookups of ctypes and agreement-kit's own forks (a payload that ran would
start one). The test asserts the
log is empty. Without AK_AUDIT_LOG the hook does nothing.
"""

import os
import sys

_LOG = os.environ.get("AK_AUDIT_LOG")
_WATCHED = {os.path.realpath(p)
            for p in os.environ.get("AK_AUDIT_PATHS", "").split(os.pathsep) if p}
_NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
            "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect"}
_SPAWN = {"os.system", "os.exec", "os.posix_spawn", "os.spawn", "subprocess.Popen", "os.fork"}
# ctypes.util.find_library (WeasyPrint looking for Pango) runs these to locate libraries
_LIBRARY_LOOKUP = {"ldconfig", "gcc", "cc", "ld", "objdump"}


def _record(line: str) -> None:
    with open(_LOG, "a", encoding="utf-8") as fh:  # our own log: not a watched path
        fh.write(line + "\n")


def _hook(event: str, args: tuple) -> None:
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        try:
            path = os.path.realpath(os.fsdecode(args[0]))
        except (TypeError, ValueError):
            return
        if path in _WATCHED:
            _record(f"open {path}")
    elif event == "subprocess.Popen" and args and isinstance(args[0], (str, bytes)) \
            and os.path.basename(os.fsdecode(args[0])) in _LIBRARY_LOOKUP:
        return
    elif event == "os.fork" and _forked_by_us():
        return
    elif event in _NETWORK or event in _SPAWN:
        _record(f"{event} {args!r}"[:300])


# agreement-kit's own forks: the PDF worker and the DOCX built beside it, batch workers
_OUR_FORKS = (os.path.join("agreement_kit", "render", "concurrent.py"),
              os.path.join("agreement_kit", "batch.py"))


def _forked_by_us() -> bool:
    """A fork whose caller is one of agreement-kit's own modules that fork on purpose (a
    payload running in a clause text has no frame in those files)."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.endswith(_OUR_FORKS):
            return True
        frame = frame.f_back
    return False


if _LOG:
    sys.addaudithook(_hook)
