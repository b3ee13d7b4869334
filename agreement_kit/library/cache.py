"""A cache of the parsed clause library, blueprints and compiled clause texts that cannot lie.

Parsing the library (some 130 YAML files, shape-checked by pydantic) and compiling its texts
in the Jinja sandbox is most of what a short command does. The result is kept on disk, in
``$AGREEMENT_KIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/agreement-kit``, else
``~/.cache/agreement-kit``, one file per folder loaded, and used only when it is certainly
what parsing the files again would give:

- **The key is the content.** A cache file is named by a SHA-256 of the package version, the
  Python version, the source of the modules that parse and compile (so a changed parser never
  reads an old cache), the folder's name as given (messages quote it), and the relative path
  and bytes of every ``.yaml`` file under the folder. Editing, adding, removing or renaming a
  file gives another key: an edited library is never served stale. Hashing the files costs a
  few milliseconds; it is done on every run.
- **Only what passed is cached.** A folder with problems raises as before and writes nothing;
  a clause text that the sandbox refuses (or that fails to compile) is left out, so it is
  compiled, and refused, again each time it is used.
- **Nothing is unpickled or unmarshalled unless we wrote it.** A cache file holds a pickle (the
  Library and Blueprints objects) and marshalled Python code objects (the compiled texts):
  both formats can run code when loaded or executed, and no format that cannot (JSON, say) can
  hold compiled code. So every file is signed with HMAC-SHA256 under a random 32-byte secret,
  created once in the cache folder with mode 0600; the signature also covers the key, so a
  valid file copied under another name is refused too. A file whose signature does not verify,
  that is truncated, of another format version, or foreign, is ignored and rebuilt; a secret
  that others can read or that another user owns disables the cache for the run.
- ``--no-cache`` (or ``AGREEMENT_KIT_NO_CACHE=1``) parses everything afresh and neither reads
  nor writes the cache. Any failure to write (read-only home, full disk) only costs speed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

from .. import __version__

ENV_DIR = "AGREEMENT_KIT_CACHE_DIR"
ENV_OFF = "AGREEMENT_KIT_NO_CACHE"
MAGIC = b"agreement-kit cache 1\n"
SECRET_FILE = "secret.key"
_MAC_LEN = 32
# the modules whose code decides what a parse or a compile gives
_CODE = ("library/clauses.py", "library/blueprints.py", "library/templating.py",
         "library/cache.py", "inputs/yamlio.py", "inputs/problems.py", "model/draft.py",
         "model/protection.py", "errors.py", "conventions.py")

STATS = {"hits": 0, "misses": 0, "rejected": 0}  # for tests and benchmarks
PENDING: list[dict] = []  # compiled texts read from the cache, for templating to take


def offer_texts(texts: dict) -> None:
    """Hand compiled texts to the template engine: at once if it is loaded, else when it
    is (so a command that compiles no text never imports Jinja)."""
    if not texts:
        return
    templating = sys.modules.get(__package__ + ".templating")
    if templating is not None:
        templating.preload(texts)
    else:
        PENDING.append(texts)


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "") not in {"1", "true", "yes"}


def disable() -> None:
    """No cache for this process and the worker processes it starts (--no-cache)."""
    os.environ[ENV_OFF] = "1"


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agreement-kit"


_CODE_DIGEST: list[bytes] = []


def _code_digest() -> bytes:
    if not _CODE_DIGEST:
        h = hashlib.sha256()
        pkg = Path(__file__).resolve().parent.parent
        for rel in _CODE:
            try:
                h.update(rel.encode() + b"\0" + (pkg / rel).read_bytes() + b"\0")
            except OSError:
                h.update(rel.encode() + b"\0missing\0")
        _CODE_DIGEST.append(h.digest())
    return _CODE_DIGEST[0]


def folder_key(kind: str, root: Path, skip: tuple[str, ...] = ()) -> str | None:
    """The content key of a folder: None if it cannot be read in full (then no cache).
    `skip`: relative folder prefixes ("translations/fr/") whose files the object does not
    come from, left out of the key (their names are in `kind`)."""
    h = hashlib.sha256()
    h.update(f"{kind}\0{__version__}\0{sys.version}\0{root}\0{skip}\0".encode())
    h.update(_code_digest())
    try:
        real_root = root.resolve()
        for rel, path, linked in _yaml_files(root, skip=skip):
            # only a link is resolved (some thousand files: resolving each costs more than
            # reading it)
            if linked and not path.resolve().is_relative_to(real_root):
                return None  # a link out of the folder: read nothing, the loader refuses it
            if not stat.S_ISREG(path.stat().st_mode):
                return None  # a FIFO or device would hang the read: the loader refuses it
            h.update(rel.encode() + b"\0")
            data = path.read_bytes()
            h.update(len(data).to_bytes(8, "big") + data)
    except (OSError, ValueError):
        return None
    return h.hexdigest()


def _yaml_files(root: Path, prefix: str = "", linked: bool = False,
                skip: tuple[str, ...] = ()):
    """(relative path, path, under a link) of every .yaml file below `root`, by name, except
    under the `skip` prefixes (not walked); a linked folder is given as itself (not a
    regular file: the caller then uses no cache)."""
    entries = sorted(os.scandir(root), key=lambda e: e.name)
    for entry in entries:
        rel = f"{prefix}{entry.name}"
        is_dir = entry.is_dir()
        if skip and (rel + "/" if is_dir else rel).startswith(skip):
            continue  # e.g. another language's folder: the object is not made from it
        link = linked or entry.is_symlink()
        if is_dir:
            if entry.is_symlink():  # not walked (a loop would never end): no cache then
                yield rel, Path(entry.path), True
                continue
            yield from _yaml_files(Path(entry.path), rel + "/", link, skip)
        elif entry.name.endswith(".yaml"):
            yield rel, Path(entry.path), link


def _secret(folder: Path) -> bytes | None:
    """The signing secret, created on first use; None when it cannot be trusted or made."""
    path = folder / SECRET_FILE
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                         0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(os.urandom(32))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_mode & 0o077 \
                    or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
                return None
            key = fh.read(64)
    except OSError:
        return None
    return key if len(key) == 32 else None


def _sign(secret: bytes, key: str, payload) -> bytes:
    """HMAC-SHA256 of the key and the payload (bytes or a memoryview), fed in two pieces: a
    cache file is megabytes, and joining them first copied it (a 6 MB library: 10 -> 3 ms)."""
    mac = hmac.new(secret, key.encode() + b"\0", hashlib.sha256)
    mac.update(payload)
    return mac.digest()


def read(key: str) -> Any | None:
    """The object stored under `key`, or None (missing, foreign, corrupt or unsigned)."""
    folder = cache_dir()
    path = folder / f"{key}.bin"
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    secret = _secret(folder)
    if secret is None or not raw.startswith(MAGIC) or len(raw) < len(MAGIC) + _MAC_LEN:
        STATS["rejected"] += 1
        return None
    mac = raw[len(MAGIC):len(MAGIC) + _MAC_LEN]
    payload = memoryview(raw)[len(MAGIC) + _MAC_LEN:]  # not copied
    if not hmac.compare_digest(mac, _sign(secret, key, payload)):
        STATS["rejected"] += 1
        return None
    try:
        return pickle.loads(payload)  # signed by us: see the module docstring
    except Exception:  # noqa: BLE001 - a file we wrote but cannot read is rebuilt
        STATS["rejected"] += 1
        return None


def write(key: str, value: Any) -> bool:
    """Store `value` under `key` atomically; False (and no file) when it cannot be done."""
    folder = cache_dir()
    secret = _secret(folder)
    if secret is None:
        return False
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an object that does not pickle is simply not cached
        return False
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + _sign(secret, key, payload) + payload)
        os.replace(tmp, folder / f"{key}.bin")
        tmp = None
        _prune(folder, keep=key)
        return True
    except OSError:
        return False
    finally:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, keep: str, limit: int = 24) -> None:
    """Keep the cache folder small: the newest `limit` entries."""
    try:
        entries = sorted(folder.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[limit:]:
            if old.stem != keep:
                old.unlink()
    except OSError:
        pass


def cached(kind: str, root: Path, build: Callable[[], Any],
           extras: Callable[[Any], dict] | None = None, also: tuple = (),
           skip: tuple[str, ...] = ()) -> tuple[Any, dict]:
    """(object, extras) for folder `root`: from the cache when its key matches, else built
    with `build()` (which raises on problems: nothing is then stored) and stored along with
    `extras(object)` (the compiled texts)."""
    if not enabled():
        return build(), {}
    key = folder_key(kind, root, skip)
    for folder in also:  # more folders the object is made from (a ministry's own language)
        more = folder_key(kind, Path(folder)) if key is not None else None
        key = None if more is None else hashlib.sha256((key + more).encode()).hexdigest()
    if key is not None:
        found = read(key)
        if isinstance(found, tuple) and len(found) == 3 and found[0] == kind:
            STATS["hits"] += 1
            return found[1], found[2]
    STATS["misses"] += 1
    value = build()
    more = extras(value) if extras else {}
    if key is not None:
        write(key, (kind, value, more))
    return value, more


__all__ = ["cached", "cache_dir", "disable", "enabled", "folder_key", "STATS"]
