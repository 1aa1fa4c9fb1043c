"""Reading the files a user hands us: only regular files, never more than a kind allows.

Every file reader of the app (comment exports, post CSVs, outcomes, briefs) opens through
``open_regular``: the path is opened with ``O_NONBLOCK`` (so a FIFO never blocks), ``fstat``
must say it is a regular file (a directory, FIFO, device or socket is one line at once), its
size must be within its kind's limit, and reads stop at that limit even if the file grows.
The limits are far above any real export; they exist so that no input can exhaust memory.

A database file this process has open (``hold_database``: every store registers its
file) is never opened here: POSIX locks belong to the process, and closing *any*
descriptor of a file drops all of them, so reading the desk (or its -wal/-shm) as an
export would let another client think the desk unused and delete its -wal.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import stat
import threading
from collections import Counter
from pathlib import Path
from typing import BinaryIO

from smmdesk.errors import UserError

try:
    import fcntl
except ImportError:  # not POSIX: no FIFOs to block on
    fcntl = None  # type: ignore[assignment]
O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

MB = 1 << 20
# The most bytes a file of each kind may hold.
LIMITS = {
    "comments": 4096 * MB,  # CSV/TSV/JSONL exports are streamed: a million rows is ~300 MB
    "comments-json": 32 * MB,  # a JSON document is parsed whole (see inbox/formats/jsondoc)
    # An XLSX is compressed and its sheet streamed, but its shared strings are held whole.
    "comments-xlsx": 64 * MB,
    "posts": 32 * MB,
    "outcomes": 32 * MB,
    "brief": 1 * MB,
    "config": MB // 4,
}
KIND_WORDS = {
    "comments": "an export",
    "comments-json": "a JSON export",
    "comments-xlsx": "an XLSX export",
    "posts": "a post CSV",
    "outcomes": "an outcomes CSV",
    "brief": "a brief",
    "config": "a config",
}


# Database files held open by a connection of this process (realpath -> how many stores).
_HELD: Counter[str] = Counter()
_HELD_LOCK = threading.Lock()
DATABASE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def hold_database(path: str | os.PathLike[str]) -> str:
    """Note that a connection of this process has ``path`` open; give the key to release."""
    key = os.path.realpath(path)
    with _HELD_LOCK:
        _HELD[key] += 1
    return key


def release_database(key: str) -> None:
    with _HELD_LOCK:
        _HELD[key] -= 1
        if _HELD[key] <= 0:
            del _HELD[key]


def held_database(path: str | os.PathLike[str]) -> str | None:
    """The open database ``path`` is (the same file, or its -wal/-shm/-journal), or ``None``.

    Compared by device and inode, so a hard link or a symlink is found too. Never opens.
    """
    with _HELD_LOCK:
        held = list(_HELD)
    if not held:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    for key in held:
        for suffix in DATABASE_SUFFIXES:
            try:
                other = os.stat(key + suffix)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return key + suffix
    return None


def refuse_held(path: str | os.PathLike[str], label: str) -> None:
    """A UserError if ``path`` is a database file this process has open (see module doc)."""
    held = held_database(path)
    if held is not None:
        raise UserError(
            f"is the open database ({Path(held).name}), not a file to read or write, {label}"
        )


def what_it_is(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def too_large(label: str, kind: str, size: int | None = None) -> UserError:
    limit = LIMITS[kind]
    have = f"{size / MB:.1f} MB; " if size is not None else ""
    return UserError(
        f"file too large ({have}the limit for {KIND_WORDS[kind]} is {limit // MB} MB), {label}"
    )


def check_regular(path: str | os.PathLike[str], label: str, kind: str) -> int:
    """Check without reading; return the size. Raises UserError."""
    with open_regular(path, label, kind) as handle:
        return os.fstat(handle.fileno()).st_size


def open_regular(path: str | os.PathLike[str], label: str, kind: str) -> BinaryIO:
    """A binary handle on ``path`` if it is a regular file within ``kind``'s size limit.

    Reads through it raise UserError once they pass the limit (a file that grows).
    """
    refuse_held(path, label)
    try:
        fd = os.open(path, os.O_RDONLY | O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UserError(f"no such file, {label}") from None
    except IsADirectoryError:
        raise UserError(f"is a directory (expected {KIND_WORDS[kind]} file), {label}") from None
    except OSError as error:
        if error.errno == errno.ENXIO:  # a socket
            raise UserError(
                f"not a regular file (expected {KIND_WORDS[kind]} file), {label}"
            ) from None
        raise UserError(f"cannot read file ({error.strerror or error}), {label}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = what_it_is(info.st_mode)
            if what == "a directory":
                raise UserError(f"is a directory (expected {KIND_WORDS[kind]} file), {label}")
            raise UserError(
                f"{what}, not a regular file (expected {KIND_WORDS[kind]} file), {label}"
            )
        if info.st_size > LIMITS[kind]:
            raise too_large(label, kind, info.st_size)
        if fcntl is not None:
            flags = fcntl.fcntl(fd, fcntl.F_GETFL)
            fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~O_NONBLOCK)
        raw = _Bounded(fd, LIMITS[kind], label, kind)
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(raw)


class _Bounded(io.FileIO):
    """A file whose reads stop with a UserError past ``limit`` bytes."""

    def __init__(self, fd: int, limit: int, label: str, kind: str) -> None:
        super().__init__(fd, "rb", closefd=True)
        self._limit = limit
        self._label = label
        self._kind = kind

    def readinto(self, buffer) -> int | None:
        count = super().readinto(buffer)
        if count and self.tell() > self._limit:
            raise too_large(self._label, self._kind)
        return count


def read_bytes(path: str | os.PathLike[str], label: str, kind: str) -> bytes:
    with open_regular(path, label, kind) as handle:
        return handle.read()


def read_text(
    path: str | os.PathLike[str], label: str, kind: str, *, encoding: str = "utf-8-sig"
) -> str:
    """The whole file as text; a byte that does not decode is a UserError naming its line.

    Newlines are kept as written (like ``open(..., newline="")``), for the csv module.
    """
    data = read_bytes(path, label, kind)
    if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError(
            f"not UTF-8 text (byte 0x{data[error.start]:02X}); save the file as "
            f"UTF-8, {label}:line {line}"
        ) from None


def text_stream(path: str | os.PathLike[str], label: str, kind: str) -> io.StringIO:
    """``read_text`` as a handle for the csv module."""
    return io.StringIO(read_text(path, label, kind), newline="")
