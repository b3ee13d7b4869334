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

import errno
import os
import re
import shutil
import signal
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import UserError
from .inputs.yamlio import special_kind

STAGE_PREFIX = ".agreement-kit-"
# .agreement-kit-<pid>-<random>.part (older versions wrote no pid)
_STAGE_NAME = re.compile(r"\.agreement-kit-(?:(\d+)-)?[A-Za-z0-9_]+\.part")
STALE_SECONDS = 3600  # a staging folder this old is stale whoever made it (pids are reused)


def check_folder(outdir: str | Path) -> Path:
    """The output folder, checked but not yet created: a failed run leaves no empty folder."""
    path = Path(outdir)
    if path.is_symlink() and not path.is_dir():
        raise UserError(f"output folder {path} is a broken symbolic link; choose another folder.")
    if path.is_symlink():
        raise UserError(f"output folder {path} is a symbolic link (to {path.resolve()}); links "
                        "are never followed. Give the folder itself.")
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


def prepare_dir(outdir: str | Path, created: list[Path] | None = None) -> Path:
    """The output folder, created if missing; a clear message if it cannot be. The folders
    this call creates are added to `created` (deepest first), for removal if the run fails."""
    path = check_folder(outdir)
    missing = []
    parent = path
    while not parent.exists() and not parent.is_symlink() and parent != parent.parent:
        missing.append(parent)
        parent = parent.parent
    made = []  # only the folders this call made: a parallel run may make one meanwhile
    try:
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except FileExistsError:
                if not folder.is_dir():
                    raise
            else:
                made.append(folder)
        path.mkdir(parents=True, exist_ok=True)
    except PermissionError:
        raise UserError(f"cannot create the output folder {path}: permission denied. "
                        "Choose a folder you can write to.") from None
    except OSError as exc:
        raise UserError(f"cannot create the output folder {path}: {exc.strerror or exc}.") from None
    finally:
        if created is not None:
            created.extend(reversed(made))  # deepest first
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
    for t in targets:  # a pipe or a device (/dev/null) is never replaced, even as root
        kind = special_kind(t.lstat().st_mode) if t.exists() else None
        if kind:
            raise UserError(f"{t} is not a regular file ({kind}); --force replaces only regular "
                            "files. Remove it or choose another output folder.")
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

    def __init__(self, message: str, reason: str, errno_: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.errno = errno_


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise WriteError(f"could not write {path}: {exc.strerror or exc}. Any earlier file of "
                         "that name is unchanged.", str(exc.strerror or exc), exc.errno) from None
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
                             str(exc.strerror or exc), exc.errno) from None
        raise


@contextmanager
def _interrupts_held():
    """Hold Ctrl-C back while a few renames run (main thread only); the run then completes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, frame: None) for s in held}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def remove_stale_stages(folder: Path) -> None:
    """Remove staging folders a killed run left in `folder` (SIGKILL runs no cleanup): ours
    by name only, and only when the run that made them is gone or they are an hour old."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        m = _STAGE_NAME.fullmatch(entry.name)
        if not m or not entry.is_dir(follow_symlinks=False):
            continue
        pid = int(m.group(1)) if m.group(1) else None
        if pid == os.getpid():
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
        except FileNotFoundError:  # its run finished meanwhile (a batch's other worker)
            continue
        if old or (pid is not None and not _alive(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _failure(path: Path, exc: OSError | WriteError, replaced: list[Path]) -> UserError:
    """What a failed write says: the path, why, what was already replaced, what to do."""
    reason = exc.reason if isinstance(exc, WriteError) else (exc.strerror or str(exc))
    code = exc.errno
    done = (f" Already replaced: {', '.join(map(str, replaced))}." if replaced
            else " No file was changed.")
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"could not write {path}: permission denied ({reason}).{done} Choose "
                         "a folder you can write to.")
    if code in (errno.ENOSPC, errno.EDQUOT):
        return UserError(f"could not write {path}: {reason}.{done} Free some space or choose "
                         "another output folder.")
    return UserError(f"could not write {path}: {reason}.{done} Check the output folder and run "
                     "again.")


def write_all(files: dict[Path, bytes], force: bool) -> list[Path]:
    """Write every rendered file: all of them, or (on any failure) none.

    Each file is first written in full, and synced, in a hidden staging folder next to its
    target (``.agreement-kit-<pid>-*.part``); only when every file is on disk are they renamed
    over their targets. The staging folder is removed whatever happens (SIGTERM included: the
    CLI turns it into an exception), and one left by a run that was killed outright is removed
    by the next run that writes to that folder. A failed run also removes the output folders
    it created.
    """
    targets = list(files)
    check_targets(targets, force)
    created: list[Path] = []  # folders this run made: removed again if it fails
    stages: dict[Path, Path] = {}
    staged: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    path = targets[0] if targets else Path(".")
    try:
        for folder in dict.fromkeys(t.parent for t in targets):
            prepare_dir(folder, created)
            remove_stale_stages(folder)
        for path, data in files.items():
            if path.parent not in stages:
                stages[path.parent] = Path(tempfile.mkdtemp(
                    prefix=f"{STAGE_PREFIX}{os.getpid()}-", suffix=".part", dir=path.parent))
            tmp = stages[path.parent] / path.name
            write_atomic(tmp, data)
            staged.append((tmp, path))
        with _interrupts_held():
            check_targets(targets, force)  # nothing appeared, or became a link, meanwhile
            for tmp, path in staged:
                os.replace(tmp, path)
                replaced.append(path)
    except (OSError, WriteError) as exc:
        raise _failure(path, exc, replaced) from None
    finally:
        for stage in stages.values():
            shutil.rmtree(stage, ignore_errors=True)
        if not replaced:
            _remove_empty(created)
    return targets


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed run created (deepest first), if they are still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            pass
