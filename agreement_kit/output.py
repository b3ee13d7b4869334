"""Writing drafts to disk without ever losing or corrupting one.

Every output is rendered in memory first; only then is anything written. Each file is written
to a temporary file in the same folder and renamed over the target, so a failure or Ctrl-C
leaves either the old file or the new one, never half of one. An existing file is replaced
only with ``--force``, and a symbolic link is never followed to write somewhere else.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UserError


def prepare_dir(outdir: str | Path) -> Path:
    """The output folder, created if missing; a clear message if it cannot be."""
    path = Path(outdir)
    if path.is_symlink() and not path.is_dir():
        raise UserError(f"output folder {path} is a broken symbolic link; choose another folder.")
    if path.exists() and not path.is_dir():
        raise UserError(f"{path} exists and is not a folder; give a folder for -o/--output.")
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
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
            raise UserError(f"could not write {path}: {exc.strerror or exc}. "
                            "Any earlier file of that name is unchanged.") from None
        raise


def write_all(files: dict[Path, bytes], force: bool) -> list[Path]:
    """Write every rendered file atomically; all targets are checked first."""
    targets = list(files)
    check_targets(targets, force)
    for path, data in files.items():
        write_atomic(path, data)
    return targets
