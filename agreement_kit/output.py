"""Writing drafts to disk without ever losing or corrupting one.

Every output is rendered in memory first; only then is anything written. Each file is written
to a temporary file in the same folder and renamed over the target, so a failure or Ctrl-C
leaves either the old file or the new one, never half of one. A run that writes several files
writes all of them under temporary names first and renames them only when all are complete,
so a full disk, an error or Ctrl-C half-way leaves every earlier file as it was. An existing
file is replaced only with ``--force``, and a symbolic link is never followed to write
somewhere else.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from .errors import UserError


def check_folder(outdir: str | Path) -> Path:
    """The output folder, checked but not yet created: a failed run leaves no empty folder."""
    path = Path(outdir)
    if path.is_symlink() and not path.is_dir():
        raise UserError(f"output folder {path} is a broken symbolic link; choose another folder.")
    if path.exists() and not path.is_dir():
        raise UserError(f"{path} exists and is not a folder; give a folder for -o/--output.")
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir() and not os.access(existing, os.W_OK | os.X_OK):
        what = "folder" if existing == path else "folder to create it in"
        raise UserError(f"cannot write to the output {what} {existing}: permission denied. "
                        "Choose a folder you can write to.")
    return path


def prepare_dir(outdir: str | Path) -> Path:
    """The output folder, created if missing; a clear message if it cannot be."""
    path = check_folder(outdir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise UserError(f"cannot create the output folder {path}: permission denied. "
                        "Choose a folder you can write to.") from None
    except OSError as exc:
        raise UserError(f"cannot create the output folder {path}: {exc.strerror or exc}.") from None
    if not os.access(path, os.W_OK | os.X_OK):
        raise UserError(f"cannot write to the output folder {path}: permission denied. "
                        "Choose a folder you can write to.")
    return path


def check_targets(targets: list[Path], force: bool) -> None:
    """Refuse before any work is written: existing files without --force, any symlink."""
    links = [t for t in targets if t.is_symlink()]
    if links:
        raise UserError("refusing to write through symbolic link(s): "
                        + ", ".join(str(t) for t in links)
                        + ". Remove the link(s) or choose another output folder.")
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise UserError("these files exist already and were left untouched: "
                        + ", ".join(str(t) for t in existing)
                        + ". Add --force to replace them, or choose another output folder.")
    dirs = [t for t in existing if t.is_dir()]
    if dirs:
        raise UserError("cannot replace a folder with a file: " + ", ".join(map(str, dirs)))


class WriteError(UserError):
    """A file could not be written; `reason` says why (disk full, permission denied...)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"could not write {path}: {exc.strerror or exc}. Any earlier file of "
                         "that name is unchanged.", str(exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise WriteError(f"could not write {path}: {exc.strerror or exc}. "
                             "Any earlier file of that name is unchanged.",
                             str(exc.strerror or exc)) from None
        raise


@contextmanager
def _interrupts_held():
    """Hold Ctrl-C back while a few renames run (main thread only); the run then completes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)


def write_all(files: dict[Path, bytes], force: bool) -> list[Path]:
    """Write every rendered file: all of them, or (on any failure) none.

    Each file is first written in full, and synced, in a hidden staging folder next to its
    target (``.agreement-kit-*.part``); only when every file is on disk are they renamed over
    their targets. The staging folder is removed whatever happens.
    """
    targets = list(files)
    check_targets(targets, force)
    for folder in dict.fromkeys(t.parent for t in targets):
        prepare_dir(folder)
    stages: dict[Path, Path] = {}
    staged: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    path = targets[0] if targets else Path(".")
    try:
        for path, data in files.items():
            if path.parent not in stages:
                stages[path.parent] = Path(tempfile.mkdtemp(prefix=".agreement-kit-",
                                                            suffix=".part", dir=path.parent))
            tmp = stages[path.parent] / path.name
            write_atomic(tmp, data)
            staged.append((tmp, path))
        with _interrupts_held():
            check_targets(targets, force)  # nothing appeared, or became a link, meanwhile
            for tmp, path in staged:
                os.replace(tmp, path)
                replaced.append(path)
    except (OSError, WriteError) as exc:
        reason = exc.reason if isinstance(exc, WriteError) else (exc.strerror or str(exc))
        done = (f" Already replaced: {', '.join(map(str, replaced))}." if replaced
                else " No file was changed.")
        raise UserError(f"could not write {path}: {reason}.{done} Free some space or choose "
                        "another output folder.") from None
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
    return targets
